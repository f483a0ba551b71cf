import { connect } from 'node:net';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLoad, runLoad } from '../../examples/auth-server/load.js';
import { type Stack, startStack } from '../../examples/auth-server/stack.js';
import { decode, sign } from '../../src/index.js';
import { skipWithout } from '../services.js';
import { type Answer, type Session, client, sessionOf } from './client.js';

/**
 * The production layout, for real, on 127.0.0.1: redis-server with its append-only file, two
 * auth-server processes sharing it, nginx in front (examples/auth-server/nginx.conf), every port
 * free-picked and every process ended after the file, failed or not. Requests go through nginx
 * unless a test needs to pick the instance (`direct`).
 */

const USERS = {
  alice: { password: 'correct horse battery staple', role: 'editor' },
  bob: { password: 'hunter2 hunter2', role: 'viewer' },
  // Only ever sent wrong passwords, at most five each (the sixth would meet the per-username lock, brute-force.test.ts).
  carol: { password: 'carol carol carol', role: 'viewer' },
  dave: { password: 'dave dave dave', role: 'viewer' },
};
// Hashing cost lowered for the test run (about 70 ms a login here instead of 350 ms): same code, same scrypt.
const FAST_SCRYPT = { N: 2 ** 14, r: 8, p: 1 };
// These tests send bursts of bad logins from one address on purpose: nginx's login limit, raised
// out of their way here, has its own test (brute-force.test.ts).
const NO_LOGIN_LIMIT = { rate: '1000r/s', burst: 1000 };

/** Without redis-server or nginx (and CI unset) this file skips: test/services.ts. */
const withoutServers = skipWithout('redis-server', 'nginx');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The rotation grace window of the stress layout, in seconds: wide enough for 200 concurrent refreshes on a loaded machine. */
const GRACE = 5;

/** A 4xx as clients get it: JSON with an OAuth-style `error`, no stack trace, no server internals. */
function expectCleanRefusal(result: Answer, status: number, error = 'invalid_request'): void {
  expect(result.status, result.text).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(result.body).toMatchObject({ error });
  expect(result.text).not.toMatch(/\n\s+at |Error:|node:internal|\.ts:\d+|<html/i);
}

describe.skipIf(withoutServers)('the user story through nginx (access tokens live 2 s)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ users: USERS, accessTtl: '2s', refreshTtl: '1h', scrypt: FAST_SCRYPT, loginLimit: NO_LOGIN_LIMIT });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('serves the static page, and /api/ from both instances in turn', async () => {
    const api = client(stack.url);
    const page = await fetch(`${stack.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(await page.text()).toContain('<title>jwtkit auth server</title>');
    const served = new Set<string | null>();
    for (let i = 0; i < 4; i++) served.add((await api.get('/api/health')).servedBy);
    expect(served).toEqual(new Set(['app-a', 'app-b']));
  });

  it('login → /me → the access token expires: 401 with WWW-Authenticate → refresh → /me → logout → refresh fails', async () => {
    const api = client(stack.url);
    const login = await api.login('alice', USERS.alice.password);
    expect(login.headers.getSetCookie()[0]).toMatch(/^__Secure-refresh_token=[^;]+; Path=\/api; Max-Age=3600; HttpOnly; Secure; SameSite=Strict$/);
    let session = sessionOf(login);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 2 });
    expect((await api.me(session.accessToken)).body).toEqual({ sub: 'alice', role: 'editor' });

    // Wait out the access token (at most 2 s): until its exp has passed on this machine's clock.
    const { exp } = decode(session.accessToken).payload as { exp: number };
    await sleep(exp * 1000 - Date.now() + 50);
    const expired = await api.me(session.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="/);
    expect(expired.body).toMatchObject({ error: 'invalid_token', code: 'ERR_JWT_EXPIRED' });

    session = sessionOf(await api.refresh(session.refreshToken));
    expect((await api.me(session.accessToken)).body).toEqual({ sub: 'alice', role: 'editor' });

    const logout = await api.logout(session.refreshToken);
    expect(logout.status).toBe(204);
    expect(logout.refreshToken).toBe(''); // the cookie is cleared
    const after = await api.refresh(session.refreshToken);
    expectCleanRefusal(after, 401, 'invalid_grant');
    expect(after.body).toMatchObject({ code: 'ERR_SESSION_REVOKED' });
  });
});

describe.skipIf(withoutServers)('the production layout under stress and failure', () => {
  let stack: Stack;
  /** One instance's API, bypassing nginx. */
  const direct = (index: 0 | 1) => client(stack.instances[index].url);
  const login = async (name: keyof typeof USERS, api = client(stack.url)): Promise<Session> => sessionOf(await api.login(name, USERS[name].password));

  beforeAll(async () => {
    stack = await startStack({ users: USERS, accessTtl: '5m', refreshTtl: '1h', rotationGrace: `${GRACE}s`, scrypt: FAST_SCRYPT, loginLimit: NO_LOGIN_LIMIT });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('rotation across instances: refreshed on A, the old token on B within the window gets the same successor; after it, reuse ends the family', async () => {
    const first = await login('alice', direct(0));
    const rotated = await direct(0).refresh(first.refreshToken);
    const rotatedAt = Math.floor(Date.now() / 1000);
    expect(rotated.status).toBe(200);
    expect(rotated.servedBy).toBe('app-a');
    const again = await direct(1).refresh(first.refreshToken);
    expect(again.servedBy).toBe('app-b');
    expect(again.refreshToken).toBe(rotated.refreshToken);
    await sleep((rotatedAt + GRACE) * 1000 + 100 - Date.now());
    const replay = await direct(1).refresh(first.refreshToken);
    expect(replay.servedBy).toBe('app-b');
    expectCleanRefusal(replay, 401, 'invalid_grant');
    expect(replay.body).toMatchObject({ code: 'ERR_SESSION_REVOKED' });
    // The family is gone: the token A handed out is refused too, on either instance.
    for (const index of [1, 0] as const) {
      expect((await direct(index).refresh(sessionOf(rotated).refreshToken)).body).toMatchObject({ code: 'ERR_SESSION_REVOKED' });
    }
  });

  it('200 concurrent refreshes of one token, half on each instance: all get the same successor, one chain in Redis', async () => {
    const session = await login('bob');
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => direct(i % 2 === 0 ? 0 : 1).refresh(session.refreshToken)));
    expect(results.filter((result) => result.status === 200)).toHaveLength(200);
    expect(new Set(results.map((result) => result.refreshToken)).size).toBe(1);
    expect(new Set(results.map((result) => result.servedBy))).toEqual(new Set(['app-a', 'app-b']));
    const { sid, jti } = decode(results[0]!.refreshToken!).payload as { sid: string; jti: string };
    const redis = createClient({ url: stack.redis.url });
    await redis.connect();
    try {
      expect(await redis.get(`jwtkit:{bob}:family:${sid}`)).toBe(jti);
      expect(await redis.keys(`jwtkit:{bob}:token:*`)).toEqual([`jwtkit:{bob}:token:${jti}`]);
    } finally {
      await redis.close();
    }
    expect((await direct(1).refresh(results[0]!.refreshToken!)).status).toBe(200);
  });

  describe('bad input gets a clear 4xx and never a stack trace', () => {
    const json = { 'content-type': 'application/json' };

    it('login: missing body, wrong JSON, wrong shapes, wrong content type', async () => {
      const api = client(stack.url);
      expectCleanRefusal(await api.post('/api/login', undefined, json), 400);
      expectCleanRefusal(await api.post('/api/login', '', json), 400);
      expectCleanRefusal(await api.post('/api/login', '{"username": "alice", "password": ', json), 400);
      for (const body of ['[]', '"alice"', '{}', '{"username": "alice"}', '{"username": 1, "password": 2}', '{"username": "", "password": "x"}']) {
        expectCleanRefusal(await api.post('/api/login', body, json), 400);
      }
      expectCleanRefusal(await api.post('/api/login', '{"username": "alice", "password": "x"}'), 415);
      expectCleanRefusal(await api.post('/api/login', 'username=alice&password=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
    });

    it('oversized bodies: 413 from the app (over its 4 KiB) and from nginx (over its 16 KiB)', async () => {
      const api = client(stack.url);
      const body = (size: number) => JSON.stringify({ username: 'alice', password: 'x'.repeat(size) });
      expectCleanRefusal(await api.post('/api/login', body(8_000), json), 413);
      expectCleanRefusal(await api.post('/api/login', body(100_000), json), 413);
    });

    it('wrong password and unknown user: the same answer, in similar time', async () => {
      const api = client(stack.url);
      const wrong = await api.login('dave', 'not the password');
      const unknown = await api.login('mallory', 'not the password');
      expectCleanRefusal(wrong, 401, 'invalid_grant');
      expect({ status: unknown.status, body: unknown.body }).toEqual({ status: wrong.status, body: wrong.body });

      // Both hash the password once (the unknown user against a dummy hash). The skipped hash this
      // guards against would make "unknown" ~50 times faster; the bound is wide so load elsewhere
      // on the machine cannot make it flaky.
      const timings = { wrong: [] as number[], unknown: [] as number[] };
      for (let i = 0; i < 5; i++) {
        for (const [kind, name] of [
          ['wrong', 'carol'],
          ['unknown', `mallory${i}`],
        ] as const) {
          const start = performance.now();
          await api.login(name, 'not the password');
          timings[kind].push(performance.now() - start);
        }
      }
      const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
      const ratio = median(timings.unknown) / median(timings.wrong);
      expect(ratio).toBeGreaterThan(1 / 3);
      expect(ratio).toBeLessThan(3);
    });

    it('junk Authorization headers: 401 with a Bearer challenge, or 400 when malformed', async () => {
      const api = client(stack.url);
      const none = await api.get('/api/me');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      const basic = await api.get('/api/me', { authorization: 'Basic YWxpY2U6eA==' });
      expect(basic.status).toBe(401);
      expect(basic.headers.get('www-authenticate')).toBe('Bearer');
      for (const authorization of ['Bearer', 'Bearer a b', 'Bearer !!!', 'Bearer "x"']) {
        const result = await api.get('/api/me', { authorization });
        expectCleanRefusal(result, 400);
        expect(result.body).toMatchObject({ code: 'ERR_BEARER_MALFORMED' });
      }
      const session = await login('alice');
      const forged = await sign({ sub: 'alice', role: 'admin' }, 'x'.repeat(32), { audience: 'api', expiresIn: '5m' });
      for (const [token, code] of [
        ['not.a.jwt', 'ERR_JWT_MALFORMED'],
        [session.refreshToken, 'ERR_TOKEN_TYPE'],
        [forged, 'ERR_JWT_SIGNATURE'],
      ] as const) {
        const result = await api.me(token);
        expectCleanRefusal(result, 401, 'invalid_token');
        expect(result.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
        expect(result.body).toMatchObject({ code });
      }
      // Headers too large for nginx: its 400, as JSON too.
      expectCleanRefusal(await api.get('/api/me', { authorization: `Bearer ${'a'.repeat(20_000)}` }), 400);
    });

    it('refresh and logout refuse cross-site requests (403): another Origin, Sec-Fetch-Site, a body that is not JSON', async () => {
      const api = client(stack.url);
      const session = await login('alice');
      const cookie = { cookie: `__Secure-refresh_token=${session.refreshToken}` };
      for (const path of ['/api/refresh', '/api/logout']) {
        expectCleanRefusal(await api.post(path, undefined, { ...cookie, origin: 'https://evil.example' }), 403);
        expectCleanRefusal(await api.post(path, undefined, { ...cookie, origin: 'https://sibling.127.0.0.1' }), 403);
        expectCleanRefusal(await api.post(path, undefined, { ...cookie, 'sec-fetch-site': 'same-site' }), 403);
        expectCleanRefusal(await api.post(path, 'a=b', { ...cookie, 'content-type': 'application/x-www-form-urlencoded' }), 403);
        expectCleanRefusal(await api.post(path, 'x', { ...cookie, 'content-type': 'text/plain' }), 403);
      }
      // The session is untouched by all that, and a same-origin request goes through.
      const own = await api.post('/api/refresh', undefined, { ...cookie, origin: stack.url, 'sec-fetch-site': 'same-origin' });
      expect(own.status, own.text).toBe(200);
    });

    it('refresh and logout without a usable cookie, unknown routes and methods', async () => {
      const api = client(stack.url);
      expectCleanRefusal(await api.post('/api/refresh', undefined), 401, 'invalid_grant');
      const junk = await api.refresh('junk');
      expectCleanRefusal(junk, 401, 'invalid_grant');
      expect(junk.refreshToken).toBe(''); // the bad cookie is cleared
      expect((await api.logout('junk')).status).toBe(204);
      expectCleanRefusal(await api.get('/api/login'), 405);
      expectCleanRefusal(await api.get('/api/nope'), 404, 'not_found');
      expectCleanRefusal(await api.get('/nope.html'), 404, 'not_found');
    });

    it('request lines nginx itself refuses get JSON, not HTML: 400 for dot segments, 414 for 9 KB, 505 for HTTP/9.9', async () => {
      // Raw bytes over a socket: fetch would normalise these request lines before they reach nginx.
      const { hostname, port } = new URL(stack.url);
      const raw = (requestLine: string) =>
        new Promise<string>((resolve, reject) => {
          let answer = '';
          const socket = connect(Number(port), hostname, () => socket.end(`${requestLine}\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
          socket.on('data', (chunk) => (answer += chunk));
          socket.on('end', () => resolve(answer));
          socket.on('error', reject);
        });
      const cases: Array<[string, number]> = [
        ['GET /../users.json HTTP/1.1', 400],
        ['GET /%2e%2e/x HTTP/1.1', 400],
        ['GET /api/..%2f..%2fx HTTP/1.1', 400],
        [`GET /${'a'.repeat(9 * 1024)} HTTP/1.1`, 414],
        ['GET / HTTP/9.9', 505],
      ];
      for (const [requestLine, status] of cases) {
        const answer = await raw(requestLine);
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        expect(head.split('\r\n')[0], requestLine.slice(0, 40)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
        expect(head, requestLine.slice(0, 40)).toMatch(/\r\ncontent-type: application\/json/i);
        expect(JSON.parse(body).error, requestLine.slice(0, 40)).toBe('invalid_request');
      }
    });
  });

  it('a bounded load run on /me through nginx (2 s): no errors, no timeouts, only 2xx', async () => {
    const { accessToken } = await login('alice');
    const result = await runLoad(`${stack.url}/api/me`, accessToken, 2, 10);
    console.log(formatLoad(result));
    expect(result.requests).toBeGreaterThan(0);
    expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({ errors: 0, timeouts: 0, non2xx: 0 });
  });

  it('an instance killed mid-run: nginx serves every request from the other, and no session is lost', async () => {
    const api = client(stack.url);
    const sessions: { session: Session; startedOn: string | null }[] = [];
    for (let i = 0; i < 6; i++) {
      const result = await api.login('alice', USERS.alice.password);
      sessions.push({ session: sessionOf(result), startedOn: result.servedBy });
    }
    expect(sessions.map(({ startedOn }) => startedOn)).toContain('app-a');

    const statuses: number[] = [];
    let running = true;
    const callers = sessions.map(async ({ session }) => {
      while (running) statuses.push((await api.me(session.accessToken)).status);
    });
    try {
      await sleep(300);
      await stack.instances[0].stop('SIGKILL');
      await sleep(700);
      running = false;
      await Promise.all(callers);
      expect(statuses.length).toBeGreaterThan(50);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);

      // The sessions app-a started live in Redis: app-b refreshes every one of them.
      for (const { session } of sessions) {
        const refreshed = await api.refresh(session.refreshToken);
        expect(refreshed.status, refreshed.text).toBe(200);
        expect(refreshed.servedBy).toBe('app-b');
        expect((await api.me(sessionOf(refreshed).accessToken)).status).toBe(200);
      }
    } finally {
      running = false;
      await Promise.all(callers).catch(() => undefined);
      await stack.instances[0].start();
    }
  });

  it('sessions survive a Redis restart (append-only file on), spent tokens stay spent', async () => {
    const api = client(stack.url);
    const first = await login('alice');
    const live = sessionOf(await api.refresh(first.refreshToken)); // first is spent now
    const other = await login('bob');

    await stack.redis.restart();

    const refreshed = await api.refresh(live.refreshToken);
    expect(refreshed.status, refreshed.text).toBe(200);
    expect((await api.me(sessionOf(refreshed).accessToken)).body).toEqual({ sub: 'alice', role: 'editor' });
    expect((await api.refresh(other.refreshToken)).status).toBe(200);
    // Spent before the restart, still spent after: replaying it is reuse.
    expect((await api.refresh(first.refreshToken)).body).toMatchObject({ code: 'ERR_SESSION_REVOKED' });
  });
});
