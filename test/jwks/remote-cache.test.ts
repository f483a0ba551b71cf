import { beforeAll, describe, expect, it } from 'vitest';
import { type JwksCache, createRemoteJwks, exportJwk, generateSecret, sign, verify } from '../../src/index.js';
import { expectCode } from '../helpers.js';
import { type JwksServer, type TestKey, serveJson, serveStatus, startJwksServerForTest, testKey } from './server.js';

/**
 * The persistent cache of createRemoteJwks: a new instance (a new isolate) starts from the set a
 * previous one stored, instead of fetching it again. Real server, fake clock.
 */

const T0 = 1_700_000_000;

let server: JwksServer | undefined;

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
    server = await startJwksServerForTest(serveJson({ keys: [a.jwk] }));
    const { cache, entries, ttls } = memoryCache();
    const clock = { t: T0 };
    const options = { cache, now: () => clock.t, cacheMaxAge: '10m', staleIfError: '1h' } as const;
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
    server = await startJwksServerForTest(serveJson({ keys: [a.jwk] }));
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
    server = await startJwksServerForTest(serveJson({ keys: [a.jwk] }));
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
    server = await startJwksServerForTest(serveJson({ keys: [a.jwk] }));
    const hanging: JwksCache = { get: () => new Promise(() => {}), set: () => new Promise(() => {}) };
    const jwks = createRemoteJwks(server.url, { cache: hanging, timeout: 0.2 });
    expect((await verifyAt(await tokenOf(a), jwks)).payload.sub).toBe('key-a');
    expect(server.requests).toBe(1);
  });

  it('a stored freshUntil beyond fetchedAt + cacheMaxAge is cut to it: a key rotated out is not trusted for years', async () => {
    const b = await testKey('ES256', 'key-b');
    server = await startJwksServerForTest(serveJson({ keys: [b.jwk] })); // the provider has rotated key-a out
    const { cache, entries } = memoryCache();
    const stored = { format: 1, keys: [a.jwk], fetchedAt: T0, freshUntil: T0 + 10 * 365 * 86400 }; // planted, or written by another config
    entries.set(`jwtkit:jwks:${server.url}`, JSON.stringify(stored));
    const options = { cache, cacheMaxAge: '10m', staleIfError: '1h' } as const;

    // Within cacheMaxAge of fetchedAt the stored set is used as it is: no request.
    const early = T0 + 599;
    const token = await sign({}, a.privateKey, { now: early, expiresIn: '1h' });
    await verify(token, createRemoteJwks(server.url, { ...options, now: () => early }), { now: early });
    expect(server.requests).toBe(0);

    // A year on, the entry is long past fetchedAt + cacheMaxAge (+ staleIfError): the set is fetched, and key-a is gone.
    const later = T0 + 365 * 86400;
    const lateToken = await sign({}, a.privateKey, { now: later, expiresIn: '1h' });
    await expectCode(verify(lateToken, createRemoteJwks(server.url, { ...options, now: () => later }), { now: later }), 'ERR_JWKS_NO_MATCH');
    expect(server.requests).toBe(1);
  });

  it('a stored entry fetched in the future (beyond 60 s of clock skew) is no entry', async () => {
    const b = await testKey('ES256', 'key-b');
    server = await startJwksServerForTest(serveJson({ keys: [b.jwk] }));
    const { cache, entries } = memoryCache();
    const storeAt = (fetchedAt: number) =>
      entries.set(`jwtkit:jwks:${server!.url}`, JSON.stringify({ format: 1, keys: [a.jwk], fetchedAt, freshUntil: fetchedAt + 600 }));
    const token = await sign({}, a.privateKey, { now: T0, expiresIn: '1h' });
    const verifyNow = () => verify(token, createRemoteJwks(server!.url, { cache, now: () => T0 }), { now: T0 });

    storeAt(T0 + 30); // another instance's clock a little ahead: still used
    await verifyNow();
    expect(server.requests).toBe(0);

    storeAt(T0 + 3600); // an hour ahead: not trusted, the set is fetched
    await expectCode(verifyNow(), 'ERR_JWKS_NO_MATCH');
    expect(server.requests).toBe(1);
  });

  it('stored keys are checked like fetched ones: a secret planted in the store is never used', async () => {
    server = await startJwksServerForTest(serveStatus(500));
    const secret = await generateSecret('HS256', { kid: 'planted', extractable: true });
    const { cache, entries } = memoryCache();
    entries.set(`jwtkit:jwks:${server.url}`, JSON.stringify({ format: 1, keys: [await exportJwk(secret), a.jwk], fetchedAt: T0, freshUntil: T0 + 600 }));
    const jwks = createRemoteJwks(server.url, { cache, now: () => T0 + 1 });
    await expectCode(verifyAt(await sign({}, secret, { now: T0 }), jwks), 'ERR_JWKS_FETCH'); // no match, and the endpoint fails
    expect((await verifyAt(await tokenOf(a), jwks)).payload.sub).toBe('key-a');
  });
});
