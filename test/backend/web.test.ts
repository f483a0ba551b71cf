import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../../src/algorithms.js';
import { webBackend } from '../../src/backend/web.js';

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
});
