/**
 * ML-DSA (FIPS 204; JOSE `kty: "AKP"`, algs ML-DSA-44/65/87) where the runtime has it, and clear
 * errors where it does not. The suite that needs ML-DSA runs on runtimes that have it (Node 24.7+;
 * the runtime matrix runs the same through runtimes/harness/conformance.mts on Node 24, Deno and
 * Bun); the other runs here on Node 20/22. Both run in both builds.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Alg,
  type Jwk,
  createLocalJwks,
  createRemoteJwks,
  exportJwk,
  exportPem,
  generateKeyPair,
  importKey,
  sign,
  signJws,
  thumbprint,
  verify,
  verifyJws,
} from '../../src/index.js';
import { expectCode, runtimeHasMlDsa } from '../helpers.js';
import { serveJson, startJwksServerForTest } from '../jwks/server.js';

const ML_DSA: Alg[] = ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'];
/** The public key length of each parameter set (FIPS 204 Table 2). */
const PUBLIC_BYTES = { 'ML-DSA-44': 1312, 'ML-DSA-65': 1952, 'ML-DSA-87': 2592 } as Record<string, number>;

const hasMlDsa = await runtimeHasMlDsa();

const b64u = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

/** A well-formed AKP public JWK of random bytes: on a runtime without ML-DSA nothing ever parses them. */
function akpJwk(alg: string, kid = 'pq'): Jwk {
  return { kty: 'AKP', alg, kid, pub: b64u(new Uint8Array(PUBLIC_BYTES[alg] ?? 1312).map((_, i) => (i * 37 + 11) & 255)) };
}

/** An ML-DSA-44 SPKI PEM around random key bytes (RFC 9881 §4: the OID, no parameters, the raw key). */
function akpPem(): string {
  const der = Buffer.concat([Buffer.from('30820532300b060960864801650304031103820521', 'hex'), Buffer.from([0]), Buffer.alloc(1312, 7)]);
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PUBLIC KEY-----\n`;
}

const mlDsaToken = `${b64u('{"alg":"ML-DSA-44","kid":"pq"}')}.${b64u('{"sub":"pq"}')}.${b64u(new Uint8Array(2420))}`;

describe('RFC 7638 thumbprint of an AKP key (any runtime: only hashing)', () => {
  it('hashes exactly alg, kty and pub, in that order; kid and priv do not change it', async () => {
    const jwk = akpJwk('ML-DSA-65');
    const expected = createHash('sha256')
      .update(`{"alg":"ML-DSA-65","kty":"AKP","pub":"${jwk.pub as string}"}`)
      .digest('base64url');
    expect(await thumbprint(jwk)).toBe(expected);
    expect(await thumbprint({ ...jwk, kid: 'other', priv: 'AAAA' })).toBe(expected);
  });

  it('an AKP JWK without alg or pub has no thumbprint (ERR_KEY)', async () => {
    const jwk = akpJwk('ML-DSA-44');
    await expectCode(thumbprint({ kty: jwk.kty, pub: jwk.pub } as Jwk), 'ERR_KEY');
    await expectCode(thumbprint({ kty: jwk.kty, alg: jwk.alg } as Jwk), 'ERR_KEY');
  });
});

describe('ML-DSA keys that are no key anywhere', () => {
  it.each([
    ['no alg', { kty: 'AKP', pub: 'AAAA' }],
    ['an alg that is not ML-DSA', { kty: 'AKP', alg: 'ES256', pub: 'AAAA' }],
    ['an unknown parameter set', { kty: 'AKP', alg: 'ML-DSA-99', pub: 'AAAA' }],
  ])('an AKP JWK with %s is ERR_KEY', async (_name, jwk) => {
    await expectCode(verify(mlDsaToken, jwk as Jwk), 'ERR_KEY');
  });

  it('an ML-DSA token against an EC key is ERR_JWT_ALGORITHM', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as Jwk;
    await expectCode(verify(mlDsaToken, ec), 'ERR_JWT_ALGORITHM');
    await expectCode(verify(mlDsaToken, ec, { algorithms: ['ML-DSA-44'] }), 'ERR_JWT_ALGORITHM');
  });
});

describe.runIf(!hasMlDsa)('a runtime without ML-DSA', () => {
  it.each(ML_DSA)('generateKeyPair(%s) is ERR_KEY saying the runtime lacks it', async (alg) => {
    const error = await expectCode(generateKeyPair(alg), 'ERR_KEY');
    expect(error.message).toBe(`this runtime has no ${alg}`);
  });

  it.each(ML_DSA)('an AKP JWK for %s is ERR_KEY saying the runtime lacks it (verify, sign, importKey)', async (alg) => {
    const jwk = akpJwk(alg);
    const token = mlDsaToken.replace(b64u('{"alg":"ML-DSA-44","kid":"pq"}'), b64u(JSON.stringify({ alg, kid: 'pq' })));
    expect((await expectCode(verify(token, jwk), 'ERR_KEY')).message).toBe(`this runtime has no ${alg}`);
    await expectCode(signJws('x', { ...jwk, priv: 'AAAA' }), 'ERR_KEY');
    await expectCode(importKey(jwk, alg), 'ERR_KEY');
  });

  it('an ML-DSA SPKI PEM is ERR_KEY saying the runtime lacks it', async () => {
    expect((await expectCode(verifyJws(mlDsaToken, akpPem()), 'ERR_KEY')).message).toBe('this runtime has no ML-DSA-44');
  });
});

describe('a key set with keys this runtime cannot use keeps serving the others', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecJwk = { ...(ec.publicKey.export({ format: 'jwk' }) as Jwk), kid: 'ec' };
  const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const unknown = { kty: 'QKD', kid: 'future', x: 'AAAA' } as Jwk;
  const unknownAlg = { ...ecJwk, kid: 'ec-2', alg: 'ES256K' };

  async function mixedSet(): Promise<{ keys: Jwk[]; pq?: Awaited<ReturnType<typeof generateKeyPair>> }> {
    const pq = hasMlDsa ? await generateKeyPair('ML-DSA-44', { kid: 'pq' }) : undefined;
    const akp = pq ? await exportJwk(pq.publicKey) : akpJwk('ML-DSA-44');
    return { keys: [akp, unknown, unknownAlg, ecJwk], ...(pq ? { pq } : {}) };
  }

  it('local: the EC token verifies; the ML-DSA token verifies where the runtime has ML-DSA, else ERR_JWKS_NO_MATCH', async () => {
    const { keys, pq } = await mixedSet();
    const set = createLocalJwks({ keys });
    expect((await verify(await sign({ sub: 'ec' }, ecPem, { kid: 'ec' }), set)).payload.sub).toBe('ec');
    if (pq) expect((await verify(await sign({ sub: 'pq' }, pq.privateKey), set)).payload.sub).toBe('pq');
    else await expectCode(verify(mlDsaToken, set), 'ERR_JWKS_NO_MATCH');
  });

  it('remote (a real server on 127.0.0.1): the same', async () => {
    const { keys, pq } = await mixedSet();
    const server = await startJwksServerForTest(serveJson({ keys }));
    const set = createRemoteJwks(server.url);
    expect((await verify(await sign({ sub: 'ec' }, ecPem, { kid: 'ec' }), set)).payload.sub).toBe('ec');
    if (pq) expect((await verify(await sign({ sub: 'pq' }, pq.privateKey), set)).payload.sub).toBe('pq');
    else await expectCode(verify(mlDsaToken, set), 'ERR_JWKS_NO_MATCH');
  });
});

describe.runIf(hasMlDsa).each(ML_DSA)('%s on a runtime that has it', (alg) => {
  it('generates, signs a JWT and verifies it with the Key, the exported AKP JWK and the SPKI PEM', async () => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { kid: 'k1' });
    const token = await sign({ sub: 'pq' }, privateKey);
    const jwk = await exportJwk(publicKey);
    expect(Object.keys(jwk).sort()).toEqual(['alg', 'kid', 'kty', 'pub']);
    expect([jwk.kty, jwk.alg]).toEqual(['AKP', alg]);
    for (const key of [publicKey, jwk, await exportPem(publicKey)]) {
      const { header, payload } = await verify(token, key);
      expect([header.alg, header.kid, payload.sub]).toEqual([alg, 'k1', 'pq']);
    }
    const [h, p, s] = token.split('.') as [string, string, string];
    await expectCode(verify(`${h}.${p}.${(s[0] === 'A' ? 'B' : 'A') + s.slice(1)}`, jwk), 'ERR_JWT_SIGNATURE');
  });

  it('the private JWK (priv) and PKCS#8 PEM import and sign; thumbprints of public and private JWK agree', async () => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const privateJwk = await exportJwk(privateKey);
    expect(typeof privateJwk.priv).toBe('string');
    for (const key of [privateJwk, await exportPem(privateKey)]) {
      const token = await signJws('payload', key);
      expect(new TextDecoder().decode((await verifyJws(token, publicKey)).payload)).toBe('payload');
    }
    expect(await thumbprint(privateJwk)).toBe(await thumbprint(await exportJwk(publicKey)));
  });

  it('a key is bound to its parameter set: another ML-DSA alg is refused', async () => {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    const jwk = await exportJwk(publicKey);
    const other = ML_DSA.find((name) => name !== alg)!;
    await expectCode(importKey(jwk, other), 'ERR_KEY');
    const [, p, s] = (await signJws('x', privateKey)).split('.');
    await expectCode(verifyJws(`${b64u(JSON.stringify({ alg: other }))}.${p}.${s}`, jwk), 'ERR_JWT_ALGORITHM');
  });
});
