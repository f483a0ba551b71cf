import { describe, expect, it } from 'vitest';
import { walkthrough } from '../examples/auth-server/walkthrough.js';
import handler from '../examples/edge-handler.js';
import { runJwksExample } from '../examples/jwks.js';
import { sign } from '../src/index.js';

/** The README's edge example, run with real Request/Response objects. */
describe('examples/edge-handler', () => {
  const env = { JWT_SECRET: 'edge-secret-that-is-at-least-32-bytes' };
  const call = (authorization?: string) => handler.fetch(new Request('https://api.example/', { headers: authorization ? { authorization } : {} }), env);

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
  it("verifies the provider's token, refuses an unpublished key, and fetches the set once", async () => {
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
  it('checks unknown users against the strongest scrypt parameters in the file, never weaker than the floor', async () => {
    const { DEFAULT_PARAMS, dummyParams, hashPassword, passwordChecker } = await import('../examples/auth-server/users.js');
    const cheap = await hashPassword('cheap password', { N: 2 ** 10, r: 8, p: 1 });
    const strong = await hashPassword('strong password', { N: 2 ** 12, r: 8, p: 2 });
    const users = new Map([
      ['first', { role: 'viewer', password: cheap }],
      ['second', { role: 'editor', password: strong }],
    ]);
    // The defaults are the floor: a file of cheap hashes does not make "no such user" cheap.
    expect(dummyParams(users)).toEqual(DEFAULT_PARAMS);
    expect(dummyParams(new Map())).toEqual(DEFAULT_PARAMS);
    expect(dummyParams(users, { N: 2 ** 10, r: 8, p: 1 })).toEqual({ N: 2 ** 12, r: 8, p: 2 });
    const stronger = { N: 2 ** 15, r: 8, p: 4, salt: cheap.salt, hash: cheap.hash }; // only its parameters matter here
    expect(dummyParams(new Map([['big', { role: 'viewer', password: stronger }]]))).toEqual({ N: 2 ** 15, r: 8, p: 4 });
    const check = passwordChecker(users, { N: 2 ** 10, r: 8, p: 1 });
    expect((await check('second', 'strong password'))?.role).toBe('editor');
    expect(await check('nobody', 'strong password')).toBeNull();
  });

  it('a hash is weaker than the floor when it has less memory (N·r) or less work (N·r·p); stronger ones with other parameters are kept', async () => {
    const { DEFAULT_PARAMS, isWeaker } = await import('../examples/auth-server/users.js');
    expect(isWeaker(DEFAULT_PARAMS)).toBe(false);
    expect(isWeaker({ N: 2 ** 14, r: 8, p: 3 })).toBe(true); // half the memory
    expect(isWeaker({ N: 2 ** 15, r: 8, p: 1 })).toBe(true); // a third of the work
    expect(isWeaker({ N: 2 ** 14, r: 8, p: 16 })).toBe(true); // more work, but half the memory
    expect(isWeaker({ N: 2 ** 17, r: 8, p: 1 })).toBe(false); // 4× the memory, more work: not a downgrade target
  });
});

describe('examples/auth-server: a weak hash is replaced at the next successful login', () => {
  const FLOOR = { N: 2 ** 11, r: 8, p: 1 };
  const WEAK = { N: 2 ** 10, r: 8, p: 1 };

  /** The app on 127.0.0.1 over a users file in a temp folder, saving hashes as server.ts does (or with `saveHash`). */
  async function start(saveHash?: (name: string, hash: import('../examples/auth-server/users.js').PasswordHash) => Promise<void>) {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { createServer } = await import('node:http');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createAuthApp } = await import('../examples/auth-server/app.js');
    const { formatHash, hashPassword, loadUsers, saveUserHash } = await import('../examples/auth-server/users.js');
    const { memoryStore } = await import('../src/sessions/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'jwtkit-rehash-'));
    const file = join(dir, 'users.json');
    writeFileSync(file, JSON.stringify({ alice: { role: 'editor', password: formatHash(await hashPassword('alice password', WEAK)) } }));
    const users = await loadUsers(file);
    const logged: string[] = [];
    const app = createAuthApp({
      users,
      instance: 'test',
      scrypt: FLOOR,
      log: (line) => logged.push(line),
      saveHash:
        saveHash ??
        (async (name, password) => {
          await saveUserHash(file, name, password);
          users.set(name, { ...users.get(name)!, password });
        }),
      sessions: { key: 'k'.repeat(32), audience: 'api', store: memoryStore() },
    });
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
    const login = (password: string) =>
      fetch(`${base}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password }),
      }).then((response) => response.status);
    return { file, logged, login, loadUsers, close: () => (server.close(), rmSync(dir, { recursive: true, force: true })) };
  }

  it("rewrites the users file with the floor's parameters, and the password still works", async () => {
    const app = await start();
    try {
      expect(await app.login('wrong password')).toBe(401);
      expect((await app.loadUsers(app.file)).get('alice')!.password).toMatchObject(WEAK); // a failed login changes nothing
      expect(await app.login('alice password')).toBe(200);
      expect((await app.loadUsers(app.file)).get('alice')!.password).toMatchObject(FLOOR);
      expect(await app.login('alice password')).toBe(200);
      expect(await app.login('wrong password')).toBe(401);
      expect(app.logged).toEqual([]);
    } finally {
      app.close();
    }
  });

  it('a users file that cannot be written: the login succeeds, and the log says the hash is weak', async () => {
    const app = await start(async () => {
      throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    });
    try {
      expect(await app.login('alice password')).toBe(200);
      expect(app.logged).toHaveLength(1);
      expect(app.logged[0]).toContain('"alice" is weaker than SCRYPT_PARAMS and could not be replaced: EROFS');
      expect((await app.loadUsers(app.file)).get('alice')!.password).toMatchObject(WEAK);
    } finally {
      app.close();
    }
  });
});
