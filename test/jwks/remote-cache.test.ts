import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type JwksCache, createRemoteJwks, exportJwk, generateSecret, sign, verify } from '../../src/index.js';
import { expectCode } from '../helpers.js';
import { type JwksServer, type TestKey, serveJson, serveStatus, startJwksServer, testKey } from './server.js';

/**
 * The persistent cache of createRemoteJwks: a new instance (a new isolate) starts from the set a
 * previous one stored, instead of fetching it again. Real server, fake clock.
 */

const T0 = 1_700_000_000;

let server: JwksServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

let a: TestKey;
beforeAll(async () => {
  a = await testKey('ES256', 'key-a');
});

/** A string store in a Map, as Workers KV or Redis would be, recording the TTLs it is given. */
function memoryCache() {
  const entries = new Map<string, string>();
  const ttls: number[] = [];
  const cache: JwksCache = {
    get: async (key) => entries.get(key),
    set: async (key, value, ttlSeconds) => {
      entries.set(key, value);
      ttls.push(ttlSeconds);
    },
  };
  return { cache, entries, ttls };
}

const tokenOf = (key: TestKey) => sign({ sub: key.jwk.kid }, key.privateKey, { now: T0, expiresIn: '1d' });
const verifyAt = (token: string, jwks: Parameters<typeof verify>[1]) => verify(token, jwks, { now: T0 + 1 });

describe('createRemoteJwks with a cache', () => {
  it('a new instance verifies from the stored set without any request', async () => {
    server = await startJwksServer(serveJson({ keys: [a.jwk] }));
    const { cache, entries, ttls } = memoryCache();
    const clock = { t: T0 };
    const options = { cache, now: () => clock.t, cacheMaxAge: '10m', staleIfError: '1h' };
    await verifyAt(await tokenOf(a), createRemoteJwks(server.url, options));
    expect(server.requests).toBe(1);
    expect([...entries.keys()]).toEqual([`jwtkit:jwks:${server.url}`]);
    expect(ttls).toEqual([600 + 3600]);

    clock.t += 300; // a new isolate, five minutes later
    const restarted = createRemoteJwks(server.url, options);
    expect((await verifyAt(await tokenOf(a), restarted)).payload.sub).toBe('key-a');
    expect(server.requests).toBe(1);
  });

  it('a stored set past its freshness is refetched, and still used if that fails', async () => {
    server = await startJwksServer(serveJson({ keys: [a.jwk] }));
    const { cache } = memoryCache();
    const clock = { t: T0 };
    const options = { cache, now: () => clock.t };
    await verifyAt(await tokenOf(a), createRemoteJwks(server.url, options));

    clock.t += 601;
    await verifyAt(await tokenOf(a), createRemoteJwks(server.url, options));
    expect(server.requests).toBe(2);

    server.handler = serveStatus(503);
    clock.t += 601;
    expect((await verifyAt(await tokenOf(a), createRemoteJwks(server.url, options))).payload.sub).toBe('key-a');
    expect(server.requests).toBe(3);

    clock.t += 3600; // past staleIfError: the stored set is too old to use
    await expectCode(verifyAt(await tokenOf(a), createRemoteJwks(server.url, options)), 'ERR_JWKS_FETCH');
  });

  it('a corrupt entry, or a store that throws, is a miss: the set is fetched', async () => {
    server = await startJwksServer(serveJson({ keys: [a.jwk] }));
    const { cache, entries } = memoryCache();
    entries.set(`jwtkit:jwks:${server.url}`, '{"format":1,"keys":');
    expect((await verifyAt(await tokenOf(a), createRemoteJwks(server.url, { cache }))).payload.sub).toBe('key-a');
    expect(server.requests).toBe(1);

    const broken: JwksCache = {
      get: async () => {
        throw new Error('store down');
      },
      set: async () => {
        throw new Error('store down');
      },
    };
    expect((await verifyAt(await tokenOf(a), createRemoteJwks(server.url, { cache: broken }))).payload.sub).toBe('key-a');
    expect(server.requests).toBe(2);
  });

  it('a store that hangs is given up on after the timeout', async () => {
    server = await startJwksServer(serveJson({ keys: [a.jwk] }));
    const hanging: JwksCache = { get: () => new Promise(() => {}), set: () => new Promise(() => {}) };
    const jwks = createRemoteJwks(server.url, { cache: hanging, timeout: 0.2 });
    expect((await verifyAt(await tokenOf(a), jwks)).payload.sub).toBe('key-a');
    expect(server.requests).toBe(1);
  });

  it('stored keys are checked like fetched ones: a secret planted in the store is never used', async () => {
    server = await startJwksServer(serveStatus(500));
    const secret = await generateSecret('HS256', { kid: 'planted', extractable: true });
    const { cache, entries } = memoryCache();
    entries.set(
      `jwtkit:jwks:${server.url}`,
      JSON.stringify({ format: 1, keys: [await exportJwk(secret), a.jwk], fetchedAt: T0, freshUntil: T0 + 600 }),
    );
    const jwks = createRemoteJwks(server.url, { cache, now: () => T0 + 1 });
    await expectCode(verifyAt(await sign({}, secret, { now: T0 }), jwks), 'ERR_JWKS_FETCH'); // no match, and the endpoint fails
    expect((await verifyAt(await tokenOf(a), jwks)).payload.sub).toBe('key-a');
  });
});
