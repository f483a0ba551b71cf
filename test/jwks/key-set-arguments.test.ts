import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type JwkSet, createRemoteJwks, createVerifier, sign, signJws, verify, verifyJws } from '../../src/index.js';
import { expectCode } from '../helpers.js';
import { type Handler, type JwksServer, type TestKey, serveJson, startJwksServer, testKey } from './server.js';

/** A JWK set object as verify's key, and createRemoteJwks's headers and fetch options. */

const T0 = 1_700_000_000;
let a: TestKey;
let b: TestKey;
beforeAll(async () => {
  [a, b] = await Promise.all([testKey('ES256', 'key-a'), testKey('RS256', 'key-b')]);
});

describe('verify takes a JWK set object as a local key set', () => {
  it('picks the key by kid and alg, as createLocalJwks does', async () => {
    const set: JwkSet = { keys: [a.jwk, b.jwk] };
    for (const key of [a, b]) {
      const token = await sign({ sub: key.jwk.kid }, key.privateKey, { now: T0 });
      expect((await verify(token, set, { now: T0 })).payload.sub).toBe(key.jwk.kid);
      expect((await createVerifier(set, { now: T0, cache: { size: 4 } })(token)).payload.sub).toBe(key.jwk.kid);
    }
    const jws = await signJws('hello', a.privateKey);
    expect(new TextDecoder().decode((await verifyJws(jws, set)).payload)).toBe('hello');
  });

  it('a token whose key is not in the set is ERR_JWKS_NO_MATCH', async () => {
    const stranger = await testKey('ES256', 'stranger');
    const token = await sign({}, stranger.privateKey, { now: T0 });
    await expectCode(verify(token, { keys: [a.jwk, b.jwk] }, { now: T0 }), 'ERR_JWKS_NO_MATCH');
    // Same kid, other key: the signature is checked against the set's key and fails.
    const impostor = await testKey('ES256', 'key-a');
    await expectCode(verify(await sign({}, impostor.privateKey, { now: T0 }), { keys: [a.jwk] }, { now: T0 }), 'ERR_JWT_SIGNATURE');
  });

  it('compiles: { keys } is a key argument (it was a type error about Uint8Array.keys)', () => {
    expectTypeOf(verify).parameter(1).toExtend<unknown>();
    expectTypeOf<JwkSet>().toExtend<Parameters<typeof verify>[1]>();
    expectTypeOf<{ keys: [] }>().toExtend<Parameters<typeof verifyJws>[1]>();
    expectTypeOf<JwkSet>().toExtend<Parameters<typeof createVerifier>[0]>();
  });
});

describe('createRemoteJwks headers and fetch', () => {
  let server: JwksServer;
  let seen: (string | undefined)[];
  beforeAll(async () => {
    seen = [];
    const keys = serveJson({ keys: [a.jwk] });
    const handler: Handler = (request, response) => {
      seen.push(request.headers['x-api-key'] as string | undefined);
      if (request.headers['x-api-key'] !== 'k-123') {
        response.writeHead(401).end();
        return;
      }
      keys(request, response);
    };
    server = await startJwksServer(handler);
  });
  afterAll(() => server.close());

  it('sends the headers (an endpoint that wants an API key answers)', async () => {
    const token = await sign({}, a.privateKey, { now: T0 });
    await expectCode(verify(token, createRemoteJwks(server.url), { now: T0 }), 'ERR_JWKS_FETCH');
    const jwks = createRemoteJwks(server.url, { headers: { 'x-api-key': 'k-123' } });
    expect((await verify(token, jwks, { now: T0 })).header.kid).toBe('key-a');
    expect(seen).toEqual([undefined, 'k-123']);
  });

  it('calls the fetch it is given', async () => {
    const urls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      urls.push(String(input));
      const headers = new Headers(init?.headers);
      headers.set('x-api-key', 'k-123');
      return fetch(input, { ...init, headers });
    };
    const token = await sign({}, a.privateKey, { now: T0 });
    expect((await verify(token, createRemoteJwks(server.url, { fetch: counting }), { now: T0 })).header.kid).toBe('key-a');
    expect(urls).toEqual([server.url]);
  });

  it('refuses headers and fetch that are not', async () => {
    await expectCode(() => createRemoteJwks(server.url, { fetch: 'fetch' as never }), 'ERR_INVALID_ARGUMENT');
    await expectCode(() => createRemoteJwks(server.url, { headers: [['a']] as never }), 'ERR_INVALID_ARGUMENT');
  });
});
