import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../../src/algorithms.js';
import type { BackendKey } from '../../src/backend/types.js';
import { webBackend } from '../../src/backend/web.js';

type GeneratedPair = { privateKey: BackendKey; publicKey: BackendKey };

/** The WebCrypto backend through its narrow interface: what every other layer relies on. */
describe('webBackend', () => {
  const data = new TextEncoder().encode('signing input');

  it('returns false (does not throw) for a signature that does not match', async () => {
    const spec = ALGORITHMS.HS256;
    const key = await webBackend.importKey(spec, 'raw', new Uint8Array(32).fill(7));
    const signature = await webBackend.sign(spec, key, data);
    expect(await webBackend.verify(spec, key, data, signature)).toBe(true);
    signature[0]! ^= 1;
    expect(await webBackend.verify(spec, key, data, signature)).toBe(false);
  });

  it('reports key type and size for the minimum-size checks', async () => {
    const hmac = await webBackend.importKey(ALGORITHMS.HS384, 'raw', new Uint8Array(48));
    expect(hmac).toMatchObject({ type: 'secret', bits: 384 });
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
    expect(await webBackend.importKey(ALGORITHMS.RS256, 'spki', spki)).toMatchObject({ type: 'public', bits: 2048 });
  });

  it.each([
    ['ES256', 'P-256', 64],
    ['ES384', 'P-384', 96],
    ['ES512', 'P-521', 132],
  ] as const)('%s signatures are raw R||S of %s: %i bytes', async (alg, namedCurve, length) => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const key = await webBackend.fromCryptoKey(ALGORITHMS[alg], pair.privateKey);
    expect(await webBackend.sign(ALGORITHMS[alg], key, data)).toHaveLength(length);
  });

  it('PS256 uses a salt as long as the hash (RFC 7518 §3.5)', async () => {
    const { generateKeyPairSync, sign, constants } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    const key = await webBackend.importKey(ALGORITHMS.PS256, 'spki', spki);
    expect(await webBackend.verify(ALGORITHMS.PS256, key, data, new Uint8Array(signature))).toBe(true);
  });

  it.each([
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ] as const)('generateKey(%s) makes a secret as long as the hash (%i bytes), exportable only when asked', async (alg, bytes) => {
    const spec = ALGORITHMS[alg];
    const generated = await webBackend.generateKey(spec, { extractable: true, modulusLength: 2048 });
    expect('secret' in generated).toBe(true);
    const secret = (generated as { secret: BackendKey }).secret;
    expect(secret).toMatchObject({ type: 'secret', bits: bytes * 8 });
    expect(await webBackend.exportKey(secret, 'raw')).toHaveLength(bytes);
    expect(await webBackend.verify(spec, secret, data, await webBackend.sign(spec, secret, data))).toBe(true);
    // WebCrypto itself refuses to export a non-extractable key; Key.extractable enforces it for every backend.
    const hidden = (await webBackend.generateKey(spec, { extractable: false, modulusLength: 2048 })) as { secret: BackendKey };
    await expect(webBackend.exportKey(hidden.secret, 'raw')).rejects.toThrow();
  });

  it('generateKey makes RSA pairs of the asked modulus length; the public key always exports', async () => {
    const spec = ALGORITHMS.PS256;
    const { privateKey, publicKey } = (await webBackend.generateKey(spec, { extractable: false, modulusLength: 2048 })) as GeneratedPair;
    expect(privateKey).toMatchObject({ type: 'private', bits: 2048 });
    expect(publicKey).toMatchObject({ type: 'public', bits: 2048 });
    expect(await webBackend.verify(spec, publicKey, data, await webBackend.sign(spec, privateKey, data))).toBe(true);
    const spki = (await webBackend.exportKey(publicKey, 'spki')) as Uint8Array;
    expect(await webBackend.importKey(spec, 'spki', spki)).toMatchObject({ type: 'public', bits: 2048 });
    expect(await webBackend.exportKey(publicKey, 'jwk')).toMatchObject({ kty: 'RSA', e: 'AQAB' });
    // WebCrypto-specific: the non-extractable private key is sealed inside the CryptoKey.
    await expect(webBackend.exportKey(privateKey, 'pkcs8')).rejects.toThrow();
  });

  it.each([
    ['ES256', 'P-256'],
    ['ES384', 'P-384'],
    ['ES512', 'P-521'],
    ['EdDSA', 'Ed25519'],
  ] as const)('generateKey(%s) makes a %s pair whose extractable private key exports as PKCS#8 and JWK', async (alg, crv) => {
    const spec = ALGORITHMS[alg];
    const { privateKey, publicKey } = (await webBackend.generateKey(spec, { extractable: true, modulusLength: 2048 })) as GeneratedPair;
    expect(privateKey.type).toBe('private');
    expect(await webBackend.verify(spec, publicKey, data, await webBackend.sign(spec, privateKey, data))).toBe(true);
    const pkcs8 = (await webBackend.exportKey(privateKey, 'pkcs8')) as Uint8Array;
    expect((await webBackend.importKey(spec, 'pkcs8', pkcs8)).type).toBe('private');
    const jwk = (await webBackend.exportKey(privateKey, 'jwk')) as JsonWebKey;
    expect(jwk).toMatchObject({ kty: alg === 'EdDSA' ? 'OKP' : 'EC', crv });
    expect(typeof jwk.d).toBe('string');
    expect(await webBackend.exportKey(publicKey, 'jwk')).not.toHaveProperty('d');
  });

  it('imported public keys export; imported private keys do not', async () => {
    const spec = ALGORITHMS.ES256;
    const pair = (await webBackend.generateKey(spec, { extractable: true, modulusLength: 2048 })) as GeneratedPair;
    const publicJwk = (await webBackend.exportKey(pair.publicKey, 'jwk')) as JsonWebKey;
    const spki = (await webBackend.exportKey(pair.publicKey, 'spki')) as Uint8Array;
    const pkcs8 = (await webBackend.exportKey(pair.privateKey, 'pkcs8')) as Uint8Array;
    expect(await webBackend.exportKey(await webBackend.importKey(spec, 'jwk', { kty: 'EC', crv: 'P-256', x: publicJwk.x!, y: publicJwk.y! }), 'spki')).toEqual(spki);
    expect(await webBackend.exportKey(await webBackend.importKey(spec, 'spki', spki), 'spki')).toEqual(spki);
    // WebCrypto-specific: imported private keys are sealed (the key layer never asks to export them).
    await expect(webBackend.exportKey(await webBackend.importKey(spec, 'pkcs8', pkcs8), 'pkcs8')).rejects.toThrow();
  });

  it('digest computes SHA-2 (FIPS 180-2 "abc" examples)', async () => {
    const abc = new TextEncoder().encode('abc');
    const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
    expect(hex(await webBackend.digest('SHA-256', abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await webBackend.digest('SHA-384', abc)).toHaveLength(48);
    expect(hex(await webBackend.digest('SHA-512', abc))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });
});
