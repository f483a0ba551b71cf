import { REFRESH_COOKIE_NAME } from '../../src/sessions/index.js';

/** What one call of the auth server answered. */
export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON body (null for none). */
  body: Record<string, unknown> | null;
  /** The raw body text, for "never a stack trace" checks. */
  text: string;
  /** Which instance answered (x-served-by), when an instance did. */
  servedBy: string | null;
  /** The refresh token the answer set in its cookie ('' when it cleared it, null when it set none). */
  refreshToken: string | null;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith(`${REFRESH_COOKIE_NAME}=`));
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>),
    text,
    servedBy: response.headers.get('x-served-by'),
    refreshToken: cookie === undefined ? null : cookie.slice(REFRESH_COOKIE_NAME.length + 1).split(';')[0]!,
  };
}

/** The auth server's API at `base` (nginx's URL, or one instance's), as a client calls it. */
export function client(base: string) {
  const cookie = (refreshToken: string) => ({ cookie: `${REFRESH_COOKIE_NAME}=${refreshToken}` });
  return {
    login: async (username: string, password: string) =>
      answer(
        await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }),
      ),
    me: async (accessToken: string) => answer(await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } })),
    refresh: async (refreshToken: string) => answer(await fetch(`${base}/api/refresh`, { method: 'POST', headers: cookie(refreshToken) })),
    logout: async (refreshToken: string) => answer(await fetch(`${base}/api/logout`, { method: 'POST', headers: cookie(refreshToken) })),
    post: async (path: string, body: string | undefined, headers: Record<string, string> = {}) =>
      answer(await fetch(`${base}${path}`, { method: 'POST', headers, body })),
    get: async (path: string, headers: Record<string, string> = {}) => answer(await fetch(`${base}${path}`, { headers })),
  };
}

/** A session as the tests hold it: the tokens of the last login or refresh. */
export interface Session {
  accessToken: string;
  refreshToken: string;
}

/** The session an answer (login or refresh) carries; throws with the answer when it carries none. */
export function sessionOf(result: Answer): Session {
  if (result.status !== 200 || typeof result.body?.accessToken !== 'string' || !result.refreshToken) {
    throw new Error(`expected a token answer, got ${result.status} ${result.text}`);
  }
  return { accessToken: result.body.accessToken, refreshToken: result.refreshToken };
}
