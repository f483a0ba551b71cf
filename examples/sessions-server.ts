/**
 * Login → call → refresh → logout on Node's `http`, with jwtkit/sessions: the access token in the
 * response body (the client sends it as `Authorization: Bearer …`), the refresh token in an
 * HttpOnly cookie scoped to /auth. Run it with `npx tsx examples/sessions-server.ts`; it is the
 * server of test/sessions/http.test.ts. In an app, import from 'jwtkit/sessions'.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import {
  isClientError,
  clearRefreshCookie,
  createSessions,
  expressAuth,
  readRefreshCookie,
  refreshCookie,
  type AccessPayload,
  type SessionTokens,
  type SessionsOptions,
} from '../src/sessions/index.js';

/** A user as the app's database holds it. */
export interface User {
  password: string;
  role: string;
  disabled?: boolean;
}

export interface AppOptions {
  /** The app's users by name (a real app asks its database, and stores password hashes). */
  users: Map<string, User>;
  /** At least 32 random bytes, from the platform's secret store. */
  secret: Uint8Array | string;
  /** Extra session options, e.g. a shared store or, in tests, a clock. */
  sessions?: Partial<SessionsOptions<{ role: string }>>;
}

const COOKIE = { path: '/auth' }; // the cookie reaches /auth/refresh and /auth/logout, nothing else

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'cache-control': 'no-store', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  const value: unknown = JSON.parse(text || '{}');
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

export function createApp({ users, secret, sessions: extra }: AppOptions): RequestListener {
  const auth = createSessions<{ role: string }>({
    key: secret,
    issuer: 'https://auth.example',
    audience: 'api',
    accessTtl: '5m',
    refreshTtl: '24h',
    // Called at every refresh: a disabled or deleted user gets no new access token.
    loadClaims: async (sub) => {
      const user = users.get(sub);
      return user && !user.disabled ? { role: user.role } : null;
    },
    ...extra,
  });
  const requireAuth = expressAuth(auth.verifyAccess);

  /** The token response: the access token in the body, the refresh token in the cookie only. */
  function sendTokens(res: ServerResponse, tokens: SessionTokens): void {
    const { accessToken, tokenType, expiresIn, refreshToken, refreshExpiresIn } = tokens;
    send(res, 200, { accessToken, tokenType, expiresIn }, { 'set-cookie': refreshCookie(refreshToken, { ...COOKIE, maxAge: refreshExpiresIn }) });
  }

  type Request = IncomingMessage & { auth?: AccessPayload<{ role: string }> };
  const routes: Record<string, (req: Request, res: ServerResponse) => Promise<void>> = {
    // 1. Login: username + password in, a session out.
    'POST /auth/login': async (req, res) => {
      const { username, password } = await readJson(req);
      const user = typeof username === 'string' ? users.get(username) : undefined;
      if (!user || user.disabled || user.password !== password) return send(res, 401, { error: 'invalid_grant' });
      sendTokens(res, await auth.issue(username as string, { role: user.role }));
    },
    // 2. Calls: the access token as a bearer token.
    // expressAuth answers 401/400 itself; when the token is good it sets req.auth and calls next.
    'GET /api/me': (req, res) =>
      requireAuth(req, res, (error) => {
        if (error) throw error;
        const { sub, role } = req.auth!;
        send(res, 200, { sub, role });
      }),
    // 3. Refresh: the cookie's refresh token for a new pair; the old one is spent.
    'POST /auth/refresh': async (req, res) => {
      try {
        sendTokens(res, await auth.refreshFromCookie(req.headers.cookie));
      } catch (error) {
        if (!isClientError(error)) throw error; // a misconfigured key or store is ours: a 500, not a logout
        // Expired, revoked, reused or missing: the client must log in again.
        send(res, 401, { error: 'invalid_grant', code: error.code }, { 'set-cookie': clearRefreshCookie(COOKIE) });
      }
    },
    // 4. Logout: end this session and drop the cookie.
    'POST /auth/logout': async (req, res) => {
      // A missing or bad cookie has no session to end: revoke resolves all the same.
      await auth.revoke(readRefreshCookie(req.headers.cookie));
      send(res, 204, undefined, { 'set-cookie': clearRefreshCookie(COOKIE) });
    },
  };

  return (req, res) => {
    const route = routes[`${req.method} ${new URL(req.url ?? '/', 'http://localhost').pathname}`];
    if (!route) return send(res, 404, { error: 'not_found' });
    route(req, res).catch((error: unknown) => {
      console.error(error); // the details stay in the server's log; the client learns nothing from them
      if (!res.headersSent) send(res, 500, { error: 'server_error' });
    });
  };
}

// `npx tsx examples/sessions-server.ts` starts it with one demo user.
if (import.meta.url === `file://${process.argv[1]}`) {
  const users = new Map([['alice', { password: 'correct horse battery staple', role: 'editor' }]]);
  const secret = crypto.getRandomValues(new Uint8Array(32));
  createServer(createApp({ users, secret })).listen(3000, '127.0.0.1', () => console.log('listening on http://127.0.0.1:3000'));
}
