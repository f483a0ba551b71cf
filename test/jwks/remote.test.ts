import { beforeAll, describe, expect, it } from 'vitest';
import { type RemoteJwksOptions, createRemoteJwks, exportJwk, generateKeyPair, generateSecret, sign, verify } from '../../src/index.js';
import { expectCode } from '../helpers.js';
import { type JwksServer, type TestKey, serveJson, startJwksServerForTest, testKey } from './server.js';

/**
 * createRemoteJwks against a real HTTP server: caching, rotation, unknown-kid floods, shared
 * requests, Cache-Control. Cache ages run on a fake clock (`now`), so nothing sleeps.
 */

const T0 = 1_700_000_000;

let server: JwksServer | undefined;

let a: TestKey;
let b: TestKey;
let c: TestKey;
beforeAll(async () => {
  [a, b, c] = await Promise.all([testKey('ES256', 'key-a'), testKey('RS256', 'key-b'), testKey('EdDSA', 'key-c')]);
});

/** A fake clock, advanced by the test. */
function fakeClock(start = T0) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

const tokenOf = (key: TestKey, extra: Record<string, unknown> = {}) => sign({ sub: key.jwk.kid, ...extra }, key.privateKey, { now: T0, expiresIn: '1d' });
const verifyAt = (token: string, jwks: Parameters<typeof verify>[1]) => verify(token, jwks, { now: T0 + 1 });

async function setUp(keys: TestKey[], options: RemoteJwksOptions = {}, headers: Record<string, string> = {}) {
  server = await startJwksServerForTest(serveJson({ keys: keys.map((key) => key.jwk) }, headers));
  const clock = fakeClock();
  const jwks = createRemoteJwks(server.url, { now: clock.now, ...options });
  return { server, clock, jwks };
}

describe('createRemoteJwks', () => {
  it('verifies tokens of every key in the served set, fetching the set once', async () => {
    const { server, jwks } = await setUp([a, b, c]);
    for (const key of [a, b, c, a, b]) expect((await verifyAt(await tokenOf(key), jwks)).payload.sub).toBe(key.jwk.kid);
    expect(server.requests).toBe(1);
    expect(jwks.jwks()?.keys.map((jwk) => jwk.kid)).toEqual(['key-a', 'key-b', 'key-c']);
  });

  it('follows key rotation: a new kid is picked up, and a token of a removed key fails', async () => {
    const { server, clock, jwks } = await setUp([a]);
    const oldToken = await tokenOf(a);
    await verifyAt(oldToken, jwks);

    server.handler = serveJson({ keys: [b.jwk] }); // the provider rotates a out and b in
    clock.t += 31; // past the cooldown
    expect((await verifyAt(await tokenOf(b), jwks)).payload.sub).toBe('key-b');
    expect(server.requests).toBe(2);
    await expectCode(verifyAt(oldToken, jwks), 'ERR_JWKS_NO_MATCH');
    expect(server.requests).toBe(2); // within the cooldown: no request for the old kid
  });

  it('refetches after cacheMaxAge even when every kid is known, so a removed key stops working', async () => {
    const { server, clock, jwks } = await setUp([a, b], { cacheMaxAge: '10m' });
    const token = await tokenOf(a);
    await verifyAt(token, jwks);
    server.handler = serveJson({ keys: [b.jwk] });
    clock.t += 599;
    await verifyAt(token, jwks);
    expect(server.requests).toBe(1);
    clock.t += 2;
    await expectCode(verifyAt(token, jwks), 'ERR_JWKS_NO_MATCH');
    expect(server.requests).toBe(2);
  });

  it('1,000 verifies with random unknown kids cause at most two fetches (one per cooldown)', async () => {
    const { server, clock, jwks } = await setUp([a], { cooldown: '30s' });
    const forged = await Promise.all(Array.from({ length: 1000 }, () => sign({}, a.privateKey, { kid: crypto.randomUUID(), now: T0, expiresIn: '1d' })));
    // Sequential, 50 ms apart on the fake clock: 50 seconds of forged tokens.
    for (const token of forged) {
      await expectCode(verifyAt(token, jwks), 'ERR_JWKS_NO_MATCH');
      clock.t += 0.05;
    }
    expect(server.requests).toBe(2); // the first fetch, and one refetch 30 s later
    // A burst all at once, past the cooldown: still one request.
    clock.t += 30;
    const results = await Promise.allSettled(forged.map((token) => verifyAt(token, jwks)));
    expect(results.every((result) => result.status === 'rejected' && (result.reason as { code: string }).code === 'ERR_JWKS_NO_MATCH')).toBe(true);
    expect(server.requests).toBe(3);
    expect((await verifyAt(await tokenOf(a), jwks)).payload.sub).toBe('key-a');
  });

  it('concurrent verifies on a cold start share one fetch', async () => {
    const { server, jwks } = await setUp([a, b]);
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => tokenOf(i % 2 ? a : b, { i })));
    const results = await Promise.all(tokens.map((token) => verifyAt(token, jwks)));
    expect(results.map((result) => result.payload.i)).toEqual(tokens.map((_, i) => i));
    expect(server.requests).toBe(1);
  });

  it('concurrent unknown kids after the cooldown share one refetch', async () => {
    const { server, clock, jwks } = await setUp([a]);
    await verifyAt(await tokenOf(a), jwks);
    server.handler = serveJson({ keys: [a.jwk, b.jwk] });
    clock.t += 31;
    const token = await tokenOf(b);
    await Promise.all(Array.from({ length: 20 }, () => verifyAt(token, jwks)));
    expect(server.requests).toBe(2);
  });

  it('tries every fitting key when the token has no kid', async () => {
    const [x, y] = await Promise.all([testKey('ES256'), testKey('ES256')]);
    const { server, jwks } = await setUp([x, y, a]);
    expect((await verifyAt(await sign({ sub: 'y' }, y.privateKey, { now: T0 }), jwks)).payload.sub).toBe('y');
    const stranger = await testKey('ES256');
    await expectCode(verifyAt(await sign({}, stranger.privateKey, { now: T0 }), jwks), 'ERR_JWT_SIGNATURE');
    expect(server.requests).toBe(1); // there were candidates: a bad signature is no reason to refetch
  });

  it('never takes a secret from a remote set, nor an encryption or private key', async () => {
    const secret = await generateSecret('HS256', { kid: 'shared', extractable: true });
    const privateJwk = { ...(await exportJwk((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'private' };
    server = await startJwksServerForTest(serveJson({ keys: [await exportJwk(secret), { ...b.jwk, use: 'enc' }, privateJwk, a.jwk] }));
    const jwks = createRemoteJwks(server.url, { now: fakeClock().now });
    await expectCode(verifyAt(await sign({}, secret, { now: T0 }), jwks), 'ERR_JWKS_NO_MATCH');
    await expectCode(verifyAt(await tokenOf(b), jwks), 'ERR_JWKS_NO_MATCH');
    expect((await verifyAt(await tokenOf(a), jwks)).payload.sub).toBe('key-a');
    expect(jwks.jwks()?.keys.map((jwk) => jwk.kid)).toEqual(['key-a']);
  });

  describe('Cache-Control: max-age, within [cooldown, cacheMaxAge]', () => {
    it.each<[string, string, number]>([
      ['max-age=120 is honoured', 'public, max-age=120', 120],
      ['max-age=5 is raised to the cooldown', 'max-age=5', 30],
      ['max-age=86400 is capped at cacheMaxAge', 'max-age=86400', 600],
      ['no-store means the cooldown', 'no-store', 30],
      ['max-age minus the Age header', 'max-age=200', 150],
    ])('%s', async (_name, cacheControl, freshFor) => {
      const headers: Record<string, string> = { 'cache-control': cacheControl };
      if (cacheControl === 'max-age=200') headers.age = '50';
      const { server, clock, jwks } = await setUp([a], { cacheMaxAge: '10m', cooldown: '30s' }, headers);
      const token = await tokenOf(a);
      await verifyAt(token, jwks);
      clock.t += freshFor - 1;
      await verifyAt(token, jwks);
      expect(server.requests).toBe(1);
      clock.t += 2;
      await verifyAt(token, jwks);
      expect(server.requests).toBe(2);
    });
  });

  it('reload() fetches now, whatever the cooldown; jwks() returns a copy', async () => {
    const { server, jwks } = await setUp([a]);
    expect(jwks.jwks()).toBeUndefined();
    await jwks.reload();
    await jwks.reload();
    expect(server.requests).toBe(2);
    const copy = jwks.jwks()!;
    copy.keys[0]!.kid = 'changed';
    expect(jwks.jwks()!.keys[0]!.kid).toBe('key-a');
    expect((await verifyAt(await tokenOf(a), jwks)).payload.sub).toBe('key-a');
  });
});
