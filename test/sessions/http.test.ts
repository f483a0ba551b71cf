import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type User, createApp } from '../../examples/sessions-server.js';
import { createRemoteJwks, generateKeyPair, sign, verify } from '../../src/index.js';
import { JwtError, REFRESH_COOKIE_NAME, authenticate, createSessions, expressAuth, type BearerVerifier } from '../../src/sessions/index.js';
import { type JwksServer, hang, serveStatus, startJwksServer } from '../jwks/server.js';
import { SECRET, T0 } from './setup.js';

/**
 * The HTTP helpers on a real node:http server on 127.0.0.1, called with fetch: the example app
 * (login → call → refresh → logout, expressAuth), plus the same checks through `authenticate`
 * on Fetch API Requests, and what happens when a verifier fails for reasons other than the token.
 */

const clock = { now: T0 };
const users = new Map<string, User>([['alice', { password: 'alice-password', role: 'editor' }]]);
const options = { issuer: 'https://auth.example', audience: 'api', now: () => clock.now };
const app = createApp({ users, secret: SECRET, sessions: options });
// A resource server of its own: it shares the key, not the store (verifyAccess never needs it).
const resourceServer = createSessions({ key: SECRET, ...options, loadClaims: () => null });

/** Serves a Fetch-API handler on node:http, the way Hono's or Next's adapters do. */
function fetchRoute(handler: (request: Request) => Promise<Response>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    try {
      const response = await handler(new Request(new URL(req.url!, 'http://127.0.0.1'), { headers }));
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.writeHead(response.status);
      res.end(await response.text());
    } catch {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"server_error"}');
    }
  };
}

const failingVerifier: BearerVerifier<never> = () => {
  throw new Error('database unavailable');
};
/** The verifier behind the /…/broken routes; tests swap it. */
let brokenVerifier: BearerVerifier<unknown> = failingVerifier;

const extraRoutes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/fetch/me': fetchRoute(async (request) => {
    const result = await authenticate(request, resourceServer.verifyAccess);
    return result.ok ? Response.json({ sub: result.payload.sub, role: result.payload.role }) : result.response;
  }),
  '/fetch/broken': fetchRoute(async (request) => {
    const result = await authenticate(request, brokenVerifier);
    return result.ok ? Response.json({}) : result.response;
  }),
  '/express/broken': (req, res) => {
    void expressAuth(brokenVerifier)(req, res, (error) => {
      const code = error instanceof JwtError ? error.code : 'none';
      res.writeHead(error ? 500 : 200, { 'content-type': 'application/json', 'x-next-error': String(error instanceof Error), 'x-next-error-code': code });
      res.end('{"error":"server_error"}');
    });
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => (extraRoutes[req.url!] ?? app)(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The refresh token in a response's Set-Cookie, as a Cookie request header would carry it. */
function cookieOf(response: Response): string {
  const setCookie = response.headers.getSetCookie().find((value) => value.startsWith(`${REFRESH_COOKIE_NAME}=`));
  expect(setCookie, 'a refresh cookie').toBeDefined();
  return setCookie!.split(';')[0]!;
}

const post = (path: string, init: { cookie?: string; json?: unknown } = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...(init.cookie ? { cookie: init.cookie } : {}), 'content-type': 'application/json' },
    body: JSON.stringify(init.json ?? {}),
  });
const get = (path: string, authorization?: string) => fetch(`${base}${path}`, { headers: authorization ? { authorization } : {} });

async function login(): Promise<{ accessToken: string; cookie: string }> {
  const response = await post('/auth/login', { json: { username: 'alice', password: 'alice-password' } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { accessToken: string; tokenType: string; expiresIn: number };
  expect(body.tokenType).toBe('Bearer');
  expect(body).not.toHaveProperty('refreshToken'); // the refresh token travels in the cookie only
  return { accessToken: body.accessToken, cookie: cookieOf(response) };
}

describe('login → call → refresh → logout over HTTP', () => {
  it('runs a whole session', async () => {
    clock.now = T0;
    const session = await login();

    const me = await get('/api/me', `Bearer ${session.accessToken}`);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: 'alice', role: 'editor' });

    clock.now = T0 + 600; // the access token has expired: refresh
    expect((await get('/api/me', `Bearer ${session.accessToken}`)).status).toBe(401);
    const refreshed = await post('/auth/refresh', { cookie: session.cookie });
    expect(refreshed.status).toBe(200);
    const { accessToken } = (await refreshed.json()) as { accessToken: string };
    const nextCookie = cookieOf(refreshed);
    expect(nextCookie).not.toBe(session.cookie);
    expect((await get('/api/me', `Bearer ${accessToken}`)).status).toBe(200);

    const logout = await post('/auth/logout', { cookie: nextCookie });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()[0]).toMatch(/^__Secure-refresh_token=; Path=\/auth; Max-Age=0; HttpOnly; Secure; SameSite=Strict$/);
    const afterLogout = await post('/auth/refresh', { cookie: nextCookie });
    expect(afterLogout.status).toBe(401);
    expect(await afterLogout.json()).toMatchObject({ code: 'ERR_SESSION_REVOKED' });
  });

  it('sets the refresh cookie HttpOnly, Secure, SameSite=Strict, on the /auth path, for the session length', async () => {
    clock.now = T0;
    const response = await post('/auth/login', { json: { username: 'alice', password: 'alice-password' } });
    const setCookie = response.headers.getSetCookie()[0]!;
    expect(setCookie.split('; ').slice(1)).toEqual(['Path=/auth', 'Max-Age=86400', 'HttpOnly', 'Secure', 'SameSite=Strict']);
  });

  it('a stolen cookie replayed after rotation ends the session for both', async () => {
    clock.now = T0;
    const { cookie: stolen } = await login();
    const victim = cookieOf(await post('/auth/refresh', { cookie: stolen }));
    clock.now = T0 + 30; // after the rotation grace window (default 30 s)
    const thief = await post('/auth/refresh', { cookie: stolen });
    expect(thief.status).toBe(401);
    expect(await thief.json()).toMatchObject({ code: 'ERR_SESSION_REVOKED' });
    const victimNext = await post('/auth/refresh', { cookie: victim });
    expect(victimNext.status).toBe(401);
  });

  it('a disabled user gets no new access token', async () => {
    clock.now = T0;
    const { cookie } = await login();
    users.get('alice')!.disabled = true;
    try {
      expect((await post('/auth/refresh', { cookie })).status).toBe(401);
    } finally {
      users.get('alice')!.disabled = false;
    }
  });
});

describe.each(['/api/me', '/fetch/me'])('bearer authentication (%s)', (path) => {
  it('lets a valid access token through', async () => {
    clock.now = T0;
    const { accessToken } = await login();
    const response = await get(path, `bearer ${accessToken}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'alice', role: 'editor' });
  });

  it('answers 401 with a bare Bearer challenge when there is no token (RFC 6750 §3.1)', async () => {
    for (const authorization of [undefined, 'Basic YWxpY2U6cHc=']) {
      const response = await get(path, authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('answers 401 invalid_token for a refresh token, an expired or a forged token', async () => {
    clock.now = T0;
    const { accessToken, cookie } = await login();
    const refreshToken = cookie.split('=')[1]!;
    const cases: Array<[token: string, code: string, at: number]> = [
      [refreshToken, 'ERR_TOKEN_TYPE', T0],
      [accessToken, 'ERR_JWT_EXPIRED', T0 + 300],
      [`${accessToken.slice(0, -4)}AAAA`, 'ERR_JWT_SIGNATURE', T0],
      ['abc', 'ERR_JWT_MALFORMED', T0],
    ];
    for (const [token, code, at] of cases) {
      clock.now = at;
      const response = await get(path, `Bearer ${token}`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="[\x20\x21\x23-\x5b\x5d-\x7e]+"$/);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ error: 'invalid_token', code });
      expect(text).not.toMatch(/(\\n|\n)\s*at |\.[jt]s:\d/); // no stack trace
    }
  });

  it('answers 400 invalid_request for a malformed Authorization header', async () => {
    for (const authorization of ['Bearer', 'Bearer a b', 'Bearer a, Bearer b']) {
      const response = await get(path, authorization);
      expect(response.status).toBe(400);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_request", error_description="[^"]+"$/);
      expect(await response.json()).toMatchObject({ error: 'invalid_request', code: 'ERR_BEARER_MALFORMED' });
    }
  });
});

/** Sends a request as raw HTTP/1.1 lines (fetch cannot repeat a header) and resolves the status code and body. */
function rawRequest(lines: string[]): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write([...lines, 'Connection: close', '', ''].join('\r\n')));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (text += chunk));
    socket.on('error', reject);
    socket.on('end', () => resolve({ status: Number(text.split(' ')[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) }));
  });
}

describe('more than one Authorization header (expressAuth)', () => {
  it('answers 400 invalid_request, though Node keeps only the first and it holds a valid token', async () => {
    clock.now = T0;
    const { accessToken } = await login();
    const request = (...authorization: string[]) =>
      rawRequest(['GET /api/me HTTP/1.1', 'Host: 127.0.0.1', ...authorization.map((value) => `Authorization: ${value}`)]);
    expect((await request(`Bearer ${accessToken}`)).status).toBe(200);
    for (const second of ['Basic dXNlcjpwYXNz', `Bearer ${accessToken}`]) {
      const { status, body } = await request(`Bearer ${accessToken}`, second);
      expect(status).toBe(400);
      expect(JSON.parse(body)).toMatchObject({ error: 'invalid_request', code: 'ERR_BEARER_MALFORMED' });
    }
  });

  it('answers 400 for a hand-built request that lists several (in headers or rawHeaders)', async () => {
    clock.now = T0;
    const { accessToken } = await login();
    const requests = [
      { headers: { authorization: ['Basic dXNlcjpwYXNz', `Bearer ${accessToken}`] } },
      { headers: { authorization: `Bearer ${accessToken}` }, rawHeaders: ['Authorization', `Bearer ${accessToken}`, 'authorization', 'Basic dXNlcjpwYXNz'] },
    ];
    for (const request of requests) {
      const res = { statusCode: 0, body: '', setHeader: () => undefined, end: (body: string) => void (res.body = body) };
      let nextCalled = false;
      await expressAuth(resourceServer.verifyAccess)(request, res, () => (nextCalled = true));
      expect(nextCalled).toBe(false);
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request', code: 'ERR_BEARER_MALFORMED' });
    }
  });
});

describe('a verifier that fails for another reason than the token', () => {
  let keys: JwksServer;
  let token: string;
  beforeAll(async () => {
    keys = await startJwksServer(serveStatus(502));
    const { privateKey } = await generateKeyPair('ES256', { kid: 'k1' });
    token = await sign({ sub: 'alice', aud: 'api' }, privateKey, { typ: 'at+jwt', expiresIn: '5m' });
  });
  afterAll(async () => {
    await keys.close();
    brokenVerifier = failingVerifier;
  });
  /** A resource server that checks tokens against the key set `keys` serves. */
  const remoteVerifier = (timeout = 5): BearerVerifier<unknown> => {
    const jwks = createRemoteJwks(keys.url, { timeout });
    return async (bearer) => (await verify(bearer, jwks, { audience: 'api', typ: 'at+jwt' })).payload;
  };

  it.each([
    ['an endpoint that fails', serveStatus(502, 'upstream 502 from keys.internal'), 5, 'ERR_JWKS_FETCH'],
    ['a response that is not a key set', serveStatus(200, '<html>keys.internal</html>', 'text/html'), 5, 'ERR_JWKS_INVALID'],
    ['an endpoint that does not answer', hang, 0.2, 'ERR_JWKS_TIMEOUT'],
  ] as const)('the key set cannot be loaded (%s): 503 with the code, no invalid_token, no details', async (_name, handler, timeout, code) => {
    keys.handler = handler;
    brokenVerifier = remoteVerifier(timeout);
    for (const path of ['/fetch/broken', '/express/broken']) {
      const response = await get(path, `Bearer ${token}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store');
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ code });
      expect(text).not.toMatch(/502|html|keys\.internal|\d+ ms/); // the endpoint's answer and the internal message stay on the server
    }
  });

  it.each([
    ['a key that is too short (ERR_KEY)', (bearer: string) => verify(bearer, 'short-secret'), 'ERR_KEY'],
    ['a mistyped option (ERR_INVALID_ARGUMENT)', (bearer: string) => verify(bearer, 'x'.repeat(32), { audience: 42 as never }), 'ERR_INVALID_ARGUMENT'],
  ] as const)("a server-side JwtError, %s, is not the client's: authenticate rethrows, expressAuth calls next(error)", async (_name, verifier, code) => {
    brokenVerifier = verifier;
    const fetched = await get('/fetch/broken', `Bearer ${token}`);
    expect(fetched.status).toBe(500);
    expect(await fetched.text()).toBe('{"error":"server_error"}'); // what fetchRoute answers when authenticate throws
    const express = await get('/express/broken', `Bearer ${token}`);
    expect(express.status).toBe(500);
    expect(express.headers.get('x-next-error-code')).toBe(code);
  });

  it('authenticate rethrows it (the handler answers 500 its own way)', async () => {
    brokenVerifier = failingVerifier;
    const response = await get('/fetch/broken', 'Bearer abc');
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('database unavailable');
  });

  it('expressAuth passes it to next(error)', async () => {
    const response = await get('/express/broken', 'Bearer abc');
    expect(response.status).toBe(500);
    expect(response.headers.get('x-next-error')).toBe('true');
  });
});
