import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { pemPair } from './helpers.js';

/**
 * The package as users load it: `npm test` builds dist/ first (tsup), then these tests load the
 * built ESM and CJS entries through package.json's `exports`, by package name.
 */

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const require = createRequire(new URL('package.json', root));

describe('package', () => {
  it('has no runtime dependencies', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('ships ESM, CJS and type declarations for both', () => {
    const files = ['index', 'sessions', 'sessions/express', 'stores/redis', 'client'].flatMap((entry) =>
      ['.js', '.cjs', '.d.ts', '.d.cts'].map((ext) => `dist/${entry}${ext}`),
    );
    for (const file of [...files, 'dist/node.js', 'dist/node.cjs']) {
      expect(existsSync(new URL(file, root)), `${file} (run npm run build)`).toBe(true);
    }
  });

  it('works through require("jwtkit") (CJS)', async () => {
    const jwtkit = require('jwtkit');
    const secret = 'a'.repeat(32);
    const token = await jwtkit.sign({ sub: 'cjs' }, secret);
    expect((await jwtkit.verify(token, secret)).payload.sub).toBe('cjs');
    expect(new jwtkit.JwtError('ERR_KEY', 'x').code).toBe('ERR_KEY');
  });

  it('works through import("jwtkit") (ESM)', async () => {
    const name = 'jwtkit'; // a variable, so type-checking does not need dist/ to exist yet
    const jwtkit = await import(name);
    const secret = 'b'.repeat(32);
    const token = await jwtkit.sign({ sub: 'esm' }, secret);
    expect((await jwtkit.verify(token, secret)).payload.sub).toBe('esm');
    expect(jwtkit.decode(token).header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('gives Node the node:crypto build, through require and import', async () => {
    expect(require('jwtkit').cryptoBackend).toBe('node');
    const name = 'jwtkit';
    expect((await import(name)).cryptoBackend).toBe('node');
  });

  it('keeps node:crypto out of the WebCrypto build', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs']) {
      expect(readFileSync(new URL(file, root), 'utf8')).not.toMatch(/node:|\bBuffer\b/);
    }
  });

  // The Node build carries WebCrypto only for CryptoKeys that must stay CryptoKeys (non-extractable
  // ones, test/keys/cryptokey.test.ts): every key it imports itself works without it.
  it('signs and verifies on the Node build with no WebCrypto at all', async () => {
    const node = (await import(new URL('dist/node.js', root).href)) as typeof import('../src/index.js');
    const { privateKey, publicKey } = pemPair('ES256');
    const webCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      const token = await node.sign({ sub: 'alice' }, privateKey, { alg: 'ES256' });
      expect((await node.verify(token, publicKey, { algorithms: ['ES256'] })).payload.sub).toBe('alice');
      const secret = 's'.repeat(32);
      expect((await node.verify(await node.sign({ sub: 'bob' }, secret), secret, { algorithms: ['HS256'] })).payload.sub).toBe('bob');
    } finally {
      Object.defineProperty(globalThis, 'crypto', webCrypto);
    }
  });

  /**
   * jwtkit/sessions must share the core with jwtkit, not carry a copy: a Key imported from
   * 'jwtkit' is then the Key class sessions knows (a copy would refuse it as unknown material),
   * and its errors are instances of the JwtError users import from 'jwtkit'.
   */
  async function checkSessions(core: typeof import('../src/index.js'), sessions: typeof import('../src/sessions/index.js')) {
    const key = await core.importKey(crypto.getRandomValues(new Uint8Array(32)), 'HS256');
    const auth = sessions.createSessions({ key, loadClaims: async () => ({ role: 'editor' }) });
    const { accessToken, refreshToken } = await auth.issue('alice');
    expect(await auth.verifyAccess(accessToken)).toMatchObject({ sub: 'alice', role: 'editor' });
    const next = await auth.refresh(refreshToken);
    expect((await core.verify(next.accessToken, key, { typ: 'at+jwt' })).payload.sub).toBe('alice');
    const error = await auth.verifyAccess(refreshToken).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(core.JwtError);
    expect(error).toBeInstanceOf(core.JwtTokenTypeError);
    expect(sessions.parseBearer('Bearer abc')).toBe('abc');
    // The sessions' error classes (src/sessions/errors.ts) are the core's, re-exported: one class each.
    for (const name of [
      'JwtError',
      'JwtTokenTypeError',
      'JwtSessionExpiredError',
      'JwtSessionRevokedError',
      'JwtSessionMissingError',
      'JwtBearerMalformedError',
    ] as const) {
      expect(typeof sessions[name], name).toBe('function');
      expect(sessions[name], name).toBe(core[name]);
    }
    const missing = await auth.refresh(undefined).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(core.JwtSessionMissingError);
    expect(missing).toBeInstanceOf(sessions.JwtSessionMissingError);
  }

  it('works through require("jwtkit/sessions") (CJS), sharing the core of require("jwtkit")', async () => {
    await checkSessions(require('jwtkit'), require('jwtkit/sessions'));
  });

  it('works through import("jwtkit/sessions") (ESM), sharing the core of import("jwtkit")', async () => {
    const [core, sessions] = ['jwtkit', 'jwtkit/sessions']; // variables, so type-checking does not need dist/
    await checkSessions(await import(core), await import(sessions));
  });

  it('jwtkit/sessions/express (the Express req.auth types) loads through import and require, and holds no code', async () => {
    const name = 'jwtkit/sessions/express';
    expect(Object.keys(await import(name))).toEqual([]);
    expect(Object.keys(require(name))).toEqual([]);
    // Its declarations augment Express's Request: docs/sessions.md's block with it is compiled against them (test/docs/).
    expect(readFileSync(new URL('dist/sessions/express.d.ts', root), 'utf8')).toMatch(/declare global \{\s+namespace Express \{\s+interface Request \{/);
  });

  /** jwtkit/stores/redis loads and throws the JwtError classes of the core it shares. */
  function checkRedisStore(core: typeof import('../src/index.js'), stores: typeof import('../src/stores/redis.js')) {
    const store = stores.redisStore({ sendCommand: async () => 1 });
    expect(typeof store.consume).toBe('function');
    let error: unknown;
    try {
      stores.redisStore({} as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(core.JwtArgumentError);
  }

  it('works through require("jwtkit/stores/redis") and import("jwtkit/stores/redis"), sharing the core', async () => {
    checkRedisStore(require('jwtkit'), require('jwtkit/stores/redis'));
    const [core, stores] = ['jwtkit', 'jwtkit/stores/redis'];
    checkRedisStore(await import(core), await import(stores));
  });

  it("jwtkit/client loads through import and require, browser-safe (no Node module), and throws the core's errors", async () => {
    const code = readFileSync(new URL('dist/client.js', root), 'utf8');
    expect(code).not.toMatch(/from ['"]node:|require\(['"]node:|\bBuffer\b|\bprocess\./);
    const [core, client] = ['jwtkit', 'jwtkit/client'];
    for (const [jwtkit, module] of [
      [require(core), require(client)],
      [await import(core), await import(client)],
    ]) {
      expect(() => module.createAuthClient({})).toThrow(jwtkit.JwtArgumentError);
    }
  });

  it('keeps the core out of the subpath bundles', () => {
    for (const file of ['dist/sessions.js', 'dist/sessions.cjs', 'dist/stores/redis.js', 'dist/stores/redis.cjs', 'dist/client.js', 'dist/client.cjs']) {
      const code = readFileSync(new URL(file, root), 'utf8');
      expect(code).toMatch(/from 'jwtkit'|require\('jwtkit'\)/);
      expect(code, `${file} must not bundle the crypto backend`).not.toContain('crypto.subtle');
      // Error classes included: a copy of one would make `instanceof` fail across entries.
      expect(code, `${file} must not define classes of its own`).not.toMatch(/\bclass\s+\w+\s+extends\b/);
    }
  });
});
