import { constants, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../../src/algorithms.js';
import { nodeBackend } from '../../src/backend/node.js';
import type { CryptoBackend } from '../../src/backend/types.js';
import { webBackend } from '../../src/backend/web.js';
import { cryptoBackend } from '../../src/index.js';
import { ALGS, pemPair } from '../helpers.js';
import { parsePem } from '../../src/keys/pem.js';

const der = (pem: string): Uint8Array => parsePem(pem).der;

/** Both backends through their narrow interface: what every other layer relies on. */
describe.each([webBackend, nodeBackend] as CryptoBackend[])('$name backend', (backend) => {
  const data = new TextEncoder().encode('signing input');

  it('returns false (does not throw) for a signature that does not match', async () => {
    const spec = ALGORITHMS.HS256;
    const key = await backend.importKey(spec, 'raw', new Uint8Array(32).fill(7));
    const signature = new Uint8Array(await backend.sign(spec, key, data));
    expect(await backend.verify(spec, key, data, signature)).toBe(true);
    signature[0]! ^= 1;
    expect(await backend.verify(spec, key, data, signature)).toBe(false);
    expect(await backend.verify(spec, key, data, signature.subarray(1))).toBe(false);
  });

  it('reports key type and size for the minimum-size checks', async () => {
    const hmac = await backend.importKey(ALGORITHMS.HS384, 'raw', new Uint8Array(48));
    expect(hmac).toMatchObject({ type: 'secret', bits: 384 });
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    expect(await backend.importKey(ALGORITHMS.RS256, 'spki', spki)).toMatchObject({ type: 'public', bits: 2048 });
  });

  it.each([
    ['ES256', 'P-256', 64],
    ['ES384', 'P-384', 96],
    ['ES512', 'P-521', 132],
  ] as const)('%s signatures are raw R||S of %s: %i bytes', async (alg, namedCurve, length) => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const key = await backend.fromCryptoKey(ALGORITHMS[alg], pair.privateKey);
    expect(await backend.sign(ALGORITHMS[alg], key, data)).toHaveLength(length);
  });

  it('PS256 uses a salt as long as the hash (RFC 7518 §3.5)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = nodeSign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    const key = await backend.importKey(ALGORITHMS.PS256, 'spki', spki);
    expect(await backend.verify(ALGORITHMS.PS256, key, data, new Uint8Array(signature))).toBe(true);
  });

  it.each([
    ['ES256 with a P-384 key', 'ES384', 'ES256'],
    ['ES256 with an Ed25519 key', 'EdDSA', 'ES256'],
    ['RS256 with a P-256 key', 'ES256', 'RS256'],
    ['EdDSA with an RSA key', 'RS256', 'EdDSA'],
  ] as const)('refuses to import a key that does not fit the alg: %s', async (_name, keyAlg, alg) => {
    const spki = der(pemPair(keyAlg).publicKey);
    await expect(async () => backend.importKey(ALGORITHMS[alg], 'spki', spki)).rejects.toThrow();
  });
});

describe('the two backends', () => {
  const data = new TextEncoder().encode('the same signing input');

  it.each(ALGS)('%s: a signature from one verifies on the other, both ways', async (alg) => {
    const spec = ALGORITHMS[alg];
    const [signWith, verifyWith] = alg.startsWith('HS')
      ? [['raw', new Uint8Array(64).fill(9)], ['raw', new Uint8Array(64).fill(9)]] as const
      : [['pkcs8', der(pemPair(alg).privateKey)], ['spki', der(pemPair(alg).publicKey)]] as const;
    for (const [signer, verifier] of [[webBackend, nodeBackend], [nodeBackend, webBackend]] as const) {
      const signature = await signer.sign(spec, await signer.importKey(spec, signWith[0], signWith[1]), data);
      expect(await verifier.verify(spec, await verifier.importKey(spec, verifyWith[0], verifyWith[1]), data, new Uint8Array(signature))).toBe(true);
    }
  });
});

describe('backend selection', () => {
  it('the test project runs on the backend it is named after (as the package build does)', () => {
    expect(cryptoBackend).toBe(process.env.JWTKIT_BACKEND === 'node' ? 'node' : 'webcrypto');
  });
});
