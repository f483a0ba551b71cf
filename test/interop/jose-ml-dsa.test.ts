/**
 * ML-DSA (FIPS 204, JOSE `AKP` keys) interop with jose@6, which has ML-DSA-44/65/87 since 6.1
 * where the runtime's WebCrypto has them: tokens, flattened JWS and keys (JWKs both ways, jose's
 * CryptoKeys) cross in both directions, and an ML-DSA token is bound to its parameter set on both
 * sides. Runs where the runtime has ML-DSA (Node 24.7+, Deno, Bun); on Node 20/22 the suite is
 * reported skipped under a title that says why (test/keys/ml-dsa.test.ts covers what such a runtime does).
 */
import { generateKeyPairSync } from 'node:crypto';
import { FlattenedSign, type JWK, SignJWT, exportJWK, flattenedVerify, generateKeyPair as joseGenerateKeyPair, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { type Alg, type Jwk, type JwsJson, cryptoBackend, exportJwk, generateKeyPair, sign, signJwsJson, verify, verifyJwsJson } from '../../src/index.js';
import { expectCode, runtimeHasMlDsa } from '../helpers.js';

const ML_DSA = ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const satisfies readonly Alg[];

const hasMlDsa = await runtimeHasMlDsa();
const why = hasMlDsa ? '' : ` (skipped: Node ${process.versions.node} has no ML-DSA; Node 24.7+, Deno and Bun do)`;

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const utf8 = (value: string): Uint8Array => new TextEncoder().encode(value);
const other = (alg: (typeof ML_DSA)[number]) => ML_DSA[(ML_DSA.indexOf(alg) + 1) % ML_DSA.length]!;

describe.skipIf(!hasMlDsa).each(ML_DSA)(`%s interop with jose${why}`, (alg) => {
  it('jwtkit sign (generated key) → jose jwtVerify with the exported AKP JWK', async () => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { kid: 'pq' });
    const token = await sign({ sub: 'from jwtkit' }, privateKey, { expiresIn: '5m' });
    const publicJwk = await exportJwk(publicKey);
    expect(publicJwk).toMatchObject({ kty: 'AKP', alg, kid: 'pq' });
    const { payload, protectedHeader } = await jwtVerify(token, await importJWK(publicJwk as JWK, alg));
    expect([payload.sub, protectedHeader.alg, protectedHeader.kid]).toEqual(['from jwtkit', alg, 'pq']);
  });

  it("jose SignJWT → jwtkit verify, with jose's exported public JWK and with its CryptoKey", async () => {
    const pair = await joseGenerateKeyPair(alg, { extractable: true });
    const token = await new SignJWT({ sub: 'from jose' }).setProtectedHeader({ alg }).setExpirationTime('5m').sign(pair.privateKey);
    const publicJwk = (await exportJWK(pair.publicKey)) as Jwk;
    expect((await verify(token, { ...publicJwk, alg })).payload.sub).toBe('from jose');
    expect((await verify(token, pair.publicKey as CryptoKey)).payload.sub).toBe('from jose');
  });

  it("jose's private AKP JWK (priv, the seed) signs in jwtkit; jose verifies", async () => {
    const pair = await joseGenerateKeyPair(alg, { extractable: true });
    const privateJwk = { ...((await exportJWK(pair.privateKey)) as Jwk), alg };
    const token = await sign({ sub: 'seed' }, privateJwk);
    expect((await jwtVerify(token, pair.publicKey)).payload.sub).toBe('seed');
  });

  it('flattened JWS both ways', async () => {
    const pair = await joseGenerateKeyPair(alg, { extractable: true });
    const publicJwk = { ...((await exportJWK(pair.publicKey)) as Jwk), alg };
    const fromJose = await new FlattenedSign(utf8('pq payload')).setProtectedHeader({ alg }).sign(pair.privateKey);
    expect(text((await verifyJwsJson(fromJose as JwsJson, publicJwk)).payload)).toBe('pq payload');
    const privateJwk = { ...((await exportJWK(pair.privateKey)) as Jwk), alg };
    const ours = await signJwsJson('pq payload', [{ key: privateJwk }]);
    expect(text((await flattenedVerify(ours as never, pair.publicKey)).payload)).toBe('pq payload');
  });

  it('both sides bind the token to the parameter set: another ML-DSA alg is refused', async () => {
    const pair = await joseGenerateKeyPair(other(alg), { extractable: true });
    const token = await new SignJWT({}).setProtectedHeader({ alg: other(alg) }).sign(pair.privateKey);
    const mine = await generateKeyPair(alg);
    await expectCode(verify(token, mine.publicKey), 'ERR_JWT_ALGORITHM');
    await expect(jwtVerify(await sign({}, mine.privateKey), pair.publicKey)).rejects.toThrow();
  });

  it.runIf(cryptoBackend === 'node')('Node build: a node:crypto ML-DSA KeyObject signs, jose verifies', async () => {
    const pair = generateKeyPairSync(alg.toLowerCase() as 'ed25519');
    const token = await sign({ sub: 'key object' }, pair.privateKey);
    const publicJwk = { ...(pair.publicKey.export({ format: 'jwk' }) as JWK), alg };
    expect((await jwtVerify(token, await importJWK(publicJwk, alg))).payload.sub).toBe('key object');
  });
});
