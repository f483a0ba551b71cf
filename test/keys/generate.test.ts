import { createPublicKey, type JsonWebKey as NodeJsonWebKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Alg,
  type Jwk,
  type KeyInput,
  Key,
  decode,
  exportJwk,
  exportPem,
  generateKeyPair,
  generateSecret,
  importKey,
  sign,
  verify,
} from '../../src/index.js';
import { ALGS, expectCode } from '../helpers.js';

/** generate → export → import → sign → verify, for every alg, in JWK and in PEM. */

const NOW = 1_700_000_000;
const ASYMMETRIC = ALGS.filter((alg) => !alg.startsWith('HS'));
const HMAC = ALGS.filter((alg) => alg.startsWith('HS'));

async function roundTrip(signKey: KeyInput, verifyKey: KeyInput, alg: Alg): Promise<void> {
  const token = await sign({ sub: 'generated' }, signKey, { alg, now: NOW });
  expect(decode(token).header.alg).toBe(alg);
  const { payload } = await verify(token, verifyKey, { algorithms: [alg], now: NOW });
  expect(payload).toEqual({ sub: 'generated', iat: NOW });
}

/** The DER of an SPKI PEM, through node:crypto: proves our PEM and JWK are standard encodings of one key. */
const spkiDer = (key: string | Jwk): Buffer =>
  (typeof key === 'string' ? createPublicKey(key) : createPublicKey({ key: key as NodeJsonWebKey, format: 'jwk' })).export({ type: 'spki', format: 'der' });

describe.each(ASYMMETRIC)('%s: generateKeyPair', (alg) => {
  it('round-trips through exported JWKs and PEMs, and node:crypto reads them as the same key', async () => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    expect(privateKey).toBeInstanceOf(Key);
    expect([privateKey.alg, privateKey.type, privateKey.extractable, privateKey.operations]).toEqual([alg, 'private', true, ['sign']]);
    expect([publicKey.alg, publicKey.type, publicKey.extractable, publicKey.operations]).toEqual([alg, 'public', true, ['verify']]);
    await roundTrip(privateKey, publicKey, alg);

    const privateJwk = await exportJwk(privateKey);
    const publicJwk = await exportJwk(publicKey);
    expect(privateJwk.alg).toBe(alg);
    expect(typeof privateJwk.d).toBe('string');
    expect(publicJwk).not.toHaveProperty('d');
    expect(publicJwk).not.toHaveProperty('key_ops');
    const privatePem = await exportPem(privateKey);
    const publicPem = await exportPem(publicKey);
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PRIVATE KEY-----\n$/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PUBLIC KEY-----\n$/);
    expect(spkiDer(publicPem)).toEqual(spkiDer(publicJwk));
    expect(spkiDer(privatePem)).toEqual(spkiDer(publicPem));

    // Each exported form imports and signs / verifies against every other.
    await roundTrip(await importKey(privateJwk, alg), await importKey(publicJwk, alg), alg);
    await roundTrip(privatePem, publicPem, alg);
    await roundTrip(privateJwk, publicPem, alg);
    await roundTrip(privatePem, publicJwk, alg);
    await roundTrip(privateKey, publicPem, alg);
  });

  it('keeps the private key unexportable by default; the public key still exports', async () => {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    expect(privateKey.extractable).toBe(false);
    await expectCode(exportJwk(privateKey), 'ERR_KEY');
    await expectCode(exportPem(privateKey), 'ERR_KEY');
    await roundTrip(privateKey, await exportJwk(publicKey), alg);
    await roundTrip(privateKey, await exportPem(publicKey), alg);
  });
});

describe.each(HMAC)('%s: generateSecret', (alg) => {
  it('makes a secret as long as the hash that round-trips through its JWK', async () => {
    const secret = await generateSecret(alg, { extractable: true });
    expect([secret.alg, secret.type, secret.extractable, secret.operations]).toEqual([alg, 'secret', true, ['sign', 'verify']]);
    const jwk = await exportJwk(secret);
    expect(Object.keys(jwk)).toEqual(['kty', 'k', 'alg']);
    expect(jwk).toMatchObject({ kty: 'oct', alg });
    expect(Buffer.from(jwk.k!, 'base64url')).toHaveLength(Number(alg.slice(2)) / 8);
    await roundTrip(secret, jwk, alg);
    await roundTrip(jwk, secret, alg);
    await roundTrip(new Uint8Array(Buffer.from(jwk.k!, 'base64url')), secret, alg);
    await expectCode(exportPem(secret), 'ERR_KEY');
  });

  it('is not exportable by default, and differs every time', async () => {
    const secret = await generateSecret(alg);
    await expectCode(exportJwk(secret), 'ERR_KEY');
    const [a, b] = await Promise.all([generateSecret(alg, { extractable: true }), generateSecret(alg, { extractable: true })]);
    expect((await exportJwk(a)).k).not.toBe((await exportJwk(b)).k);
    const token = await sign({}, a, { now: NOW });
    await expectCode(verify(token, b, { now: NOW }), 'ERR_JWT_SIGNATURE');
  });
});

describe('generate options', () => {
  it('puts a kid on both keys: sign writes it into the header, exportJwk into the JWK', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { kid: 'key-2024' });
    expect(privateKey.kid).toBe('key-2024');
    expect(decode(await sign({}, privateKey)).header.kid).toBe('key-2024');
    expect(await exportJwk(publicKey)).toMatchObject({ kid: 'key-2024', alg: 'ES256', kty: 'EC', crv: 'P-256' });
    const secret = await generateSecret('HS256', { kid: 'hmac-1', extractable: true });
    expect(decode(await sign({}, secret)).header.kid).toBe('hmac-1');
    expect((await exportJwk(secret)).kid).toBe('hmac-1');
  });

  it('generates RSA keys of the asked modulusLength', async () => {
    const { publicKey } = await generateKeyPair('RS256', { modulusLength: 3072 });
    expect(Buffer.from((await exportJwk(publicKey)).n!, 'base64url')).toHaveLength(384);
  });

  it('pins the key to its alg: RS256 keys do not sign PS256; an EdDSA key signs under both names of its one signature', async () => {
    const ed = await generateKeyPair('EdDSA');
    expect(decode(await sign({}, ed.privateKey, { alg: 'Ed25519' })).header.alg).toBe('Ed25519');
    const rsa = await generateKeyPair('RS256');
    await expectCode(sign({}, rsa.privateKey, { alg: 'PS256' }), 'ERR_KEY');
  });

  it.each<[string, () => Promise<unknown>]>([
    ['an HS alg for a key pair', () => generateKeyPair('HS256')],
    ['an asymmetric alg for a secret', () => generateSecret('ES256')],
    ['alg none', () => generateKeyPair('none' as Alg)],
    ['an unknown alg', () => generateSecret('HS1' as Alg)],
    ['a modulusLength under 2048', () => generateKeyPair('RS256', { modulusLength: 1024 })],
    ['a modulusLength that is not a multiple of 8', () => generateKeyPair('PS256', { modulusLength: 2049 })],
    ['a modulusLength that is not a number', () => generateKeyPair('RS256', { modulusLength: '2048' as never })],
    ['extractable that is not a boolean', () => generateKeyPair('ES256', { extractable: 'yes' as never })],
    ['a kid that is not a string', () => generateSecret('HS256', { kid: 7 as never })],
    ['options that are not an object', () => generateKeyPair('ES256', 'extractable' as never)],
  ])('refuses %s with ERR_INVALID_ARGUMENT', async (_name, attempt) => {
    await expectCode(attempt(), 'ERR_INVALID_ARGUMENT');
  });
});
