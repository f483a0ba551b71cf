import { describe, expect, it } from 'vitest';
import { walkthrough } from '../examples/auth-server/walkthrough.js';
import handler from '../examples/edge-handler.js';
import { runJwksExample } from '../examples/jwks.js';
import { sign } from '../src/index.js';

/** The README's edge example, run with real Request/Response objects. */
describe('examples/edge-handler', () => {
  const env = { JWT_SECRET: 'edge-secret-that-is-at-least-32-bytes' };
  const call = (authorization?: string) =>
    handler.fetch(new Request('https://api.example/', { headers: authorization ? { authorization } : {} }), env);

  it('answers 200 for a valid token', async () => {
    const token = await sign({ sub: 'user-7' }, env.JWT_SECRET, { audience: 'api', expiresIn: '1m' });
    const response = await call(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hello: 'user-7' });
  });

  it('answers 401 with the error code for a bad token, and for none', async () => {
    const token = await sign({ sub: 'user-7' }, env.JWT_SECRET, { audience: 'other', expiresIn: '1m' });
    const response = await call(`Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'ERR_JWT_CLAIM' });
    expect((await call()).status).toBe(401);
  });
});

/** The README's JWK set example: a provider served with node:http, verified with createRemoteJwks. */
describe('examples/jwks', () => {
  it('verifies the provider\'s token, refuses an unpublished key, and fetches the set once', async () => {
    const lines: string[] = [];
    const result = await runJwksExample((line) => lines.push(line));
    expect(result).toEqual({ verifiedSub: 'user-42', strangerCode: 'ERR_JWKS_NO_MATCH', requests: 1 });
    expect(lines.at(-1)).toBe('requests to the provider: 1');
  });
});

/** `npm run demo`'s auth-server part where redis-server and nginx are absent: one process, memory store. */
describe('examples/auth-server/walkthrough (one process)', () => {
  it('logs in, calls, refreshes, detects the replayed token and refuses a wrong password', async () => {
    const lines: string[] = [];
    await walkthrough((label, value) => lines.push(`${label}: ${String(value)}`), 'single');
    expect(lines[0]).toMatch(/^layout: one process/);
    expect(lines.slice(1).map((line) => line.replace(/ from demo .*/, ''))).toEqual([
      'POST /api/login: 200',
      'GET /api/me: 200',
      'POST /api/refresh: 200',
      'the spent token again at once (a second tab): 200',
      'the spent token after 3 s (a thief): 401',
      '…then the newer one: 401',
      'wrong password: 401',
    ]);
    expect(lines.join('\n')).toContain('"ERR_SESSION_REVOKED"');
    expect(lines.join('\n')).toContain('{"sameRefreshToken":true}');
  });
});

describe('examples/auth-server/users: login timing', () => {
  it('checks unknown users against the strongest scrypt parameters in the file, not the first user\'s', async () => {
    const { DEFAULT_PARAMS, dummyParams, hashPassword, passwordChecker } = await import('../examples/auth-server/users.js');
    const cheap = await hashPassword('cheap password', { N: 2 ** 10, r: 8, p: 1 });
    const strong = await hashPassword('strong password', { N: 2 ** 12, r: 8, p: 2 });
    const users = new Map([
      ['first', { role: 'viewer', password: cheap }],
      ['second', { role: 'editor', password: strong }],
    ]);
    expect(dummyParams(users)).toEqual({ N: 2 ** 12, r: 8, p: 2 });
    expect(dummyParams(new Map())).toEqual(DEFAULT_PARAMS);
    const check = passwordChecker(users);
    expect((await check('second', 'strong password'))?.role).toBe('editor');
    expect(await check('nobody', 'strong password')).toBeNull();
  });
});
