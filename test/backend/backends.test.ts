import { constants, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALGORITHMS, type Alg } from '../../src/algorithms.js';
import { nodeBackend, nodeKeyTools } from '../../src/backend/node.js';
import type { BackendKey, CryptoBackend, KeyTools } from '../../src/backend/types.js';
import { webBackend, webKeyTools } from '../../src/backend/web.js';
import { cryptoBackend } from '../../src/index.js';
import { ALGS, pemPair } from '../helpers.js';
import { typeOperations } from '../../src/keys/fit.js';
import { parsePem } from '../../src/keys/pem.js';

const der = (pem: string): Uint8Array => parsePem(pem).der;

/** The usages keys/fit.ts gives each type of JWS key (the backend takes them as data). */
const [SECRET, PRIVATE, PUBLIC] = (['secret', 'private', 'public'] as const).map((type) => typeOperations(type, ALGORITHMS.HS256)) as [
  KeyUsage[],
  KeyUsage[],
  KeyUsage[],
];

type GeneratedPair = { privateKey: BackendKey; publicKey: BackendKey };

/** Both backends through their narrow interface: what every other layer relies on. */
describe.each<{ name: string; backend: CryptoBackend; tools: KeyTools }>([
  { name: 'webcrypto', backend: webBackend, tools: webKeyTools },
  { name: 'node', backend: nodeBackend, tools: nodeKeyTools },
])('$name backend', ({ backend, tools }) => {
  const data = new TextEncoder().encode('signing input');

  it('returns false (does not throw) for a signature that does not match', async () => {
    const spec = ALGORITHMS.HS256;
    const key = await backend.importKey(spec, 'raw', new Uint8Array(32).fill(7), SECRET);
    const signature = new Uint8Array(await backend.sign(spec, key, data));
    expect(await backend.verify(spec, key, data, signature)).toBe(true);
    signature[0]! ^= 1;
    expect(await backend.verify(spec, key, data, signature)).toBe(false);
    expect(await backend.verify(spec, key, data, signature.subarray(1))).toBe(false);
  });

  it('reports key type and size for the minimum-size checks', async () => {
    const hmac = await backend.importKey(ALGORITHMS.HS384, 'raw', new Uint8Array(48), SECRET);
    expect(hmac).toMatchObject({ type: 'secret', bits: 384 });
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    expect(await backend.importKey(ALGORITHMS.RS256, 'spki', spki, PUBLIC)).toMatchObject({ type: 'public', bits: 2048 });
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
    const key = await backend.importKey(ALGORITHMS.PS256, 'spki', spki, PUBLIC);
    expect(await backend.verify(ALGORITHMS.PS256, key, data, new Uint8Array(signature))).toBe(true);
  });

  it.each([
    ['ES256 with a P-384 key', 'ES384', 'ES256'],
    ['ES256 with an Ed25519 key', 'EdDSA', 'ES256'],
    ['RS256 with a P-256 key', 'ES256', 'RS256'],
    ['EdDSA with an RSA key', 'RS256', 'EdDSA'],
  ] as const)('refuses to import a key that does not fit the alg: %s', async (_name, keyAlg, alg) => {
    const spki = der(pemPair(keyAlg).publicKey);
    await expect(async () => backend.importKey(ALGORITHMS[alg], 'spki', spki, PUBLIC)).rejects.toThrow();
  });
  it.each([
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ] as const)('generateKey(%s) makes a secret as long as the hash (%i bytes), exportable only when asked', async (alg, bytes) => {
    const spec = ALGORITHMS[alg];
    const generated = await tools.generateKey(spec, { extractable: true, modulusLength: 2048 });
    expect('secret' in generated).toBe(true);
    const secret = (generated as { secret: BackendKey }).secret;
    expect(secret).toMatchObject({ type: 'secret', bits: bytes * 8 });
    expect(await tools.exportKey(secret, 'raw')).toHaveLength(bytes);
    expect(await backend.verify(spec, secret, data, await backend.sign(spec, secret, data))).toBe(true);
    // Both backends refuse to export a non-extractable key (the key layer's Key.extractable checks it first).
    const hidden = (await tools.generateKey(spec, { extractable: false, modulusLength: 2048 })) as { secret: BackendKey };
    await expect(tools.exportKey(hidden.secret, 'raw')).rejects.toThrow();
  });

  it('generateKey makes RSA pairs of the asked modulus length; the public key always exports', async () => {
    const spec = ALGORITHMS.PS256;
    const { privateKey, publicKey } = (await tools.generateKey(spec, { extractable: false, modulusLength: 2048 })) as GeneratedPair;
    expect(privateKey).toMatchObject({ type: 'private', bits: 2048 });
    expect(publicKey).toMatchObject({ type: 'public', bits: 2048 });
    expect(await backend.verify(spec, publicKey, data, await backend.sign(spec, privateKey, data))).toBe(true);
    const spki = (await tools.exportKey(publicKey, 'spki')) as Uint8Array;
    expect(await backend.importKey(spec, 'spki', spki, PUBLIC)).toMatchObject({ type: 'public', bits: 2048 });
    expect(await tools.exportKey(publicKey, 'jwk')).toMatchObject({ kty: 'RSA', e: 'AQAB' });
    // A private key generated non-extractable stays sealed.
    await expect(tools.exportKey(privateKey, 'pkcs8')).rejects.toThrow();
  });

  it.each([
    ['ES256', 'P-256'],
    ['ES384', 'P-384'],
    ['ES512', 'P-521'],
    ['EdDSA', 'Ed25519'],
  ] as const)('generateKey(%s) makes a %s pair whose extractable private key exports as PKCS#8 and JWK', async (alg, crv) => {
    const spec = ALGORITHMS[alg];
    const { privateKey, publicKey } = (await tools.generateKey(spec, { extractable: true, modulusLength: 2048 })) as GeneratedPair;
    expect(privateKey.type).toBe('private');
    expect(await backend.verify(spec, publicKey, data, await backend.sign(spec, privateKey, data))).toBe(true);
    const pkcs8 = (await tools.exportKey(privateKey, 'pkcs8')) as Uint8Array;
    expect((await backend.importKey(spec, 'pkcs8', pkcs8, PRIVATE)).type).toBe('private');
    const jwk = (await tools.exportKey(privateKey, 'jwk')) as JsonWebKey;
    expect(jwk).toMatchObject({ kty: alg === 'EdDSA' ? 'OKP' : 'EC', crv });
    expect(typeof jwk.d).toBe('string');
    expect(await tools.exportKey(publicKey, 'jwk')).not.toHaveProperty('d');
  });

  it('imported public keys export; imported private keys do not', async () => {
    const spec = ALGORITHMS.ES256;
    const pair = (await tools.generateKey(spec, { extractable: true, modulusLength: 2048 })) as GeneratedPair;
    const publicJwk = (await tools.exportKey(pair.publicKey, 'jwk')) as JsonWebKey;
    const spki = (await tools.exportKey(pair.publicKey, 'spki')) as Uint8Array;
    const pkcs8 = (await tools.exportKey(pair.privateKey, 'pkcs8')) as Uint8Array;
    expect(await tools.exportKey(await backend.importKey(spec, 'jwk', { kty: 'EC', crv: 'P-256', x: publicJwk.x!, y: publicJwk.y! }, PUBLIC), 'spki')).toEqual(
      spki,
    );
    expect(await tools.exportKey(await backend.importKey(spec, 'spki', spki, PUBLIC), 'spki')).toEqual(spki);
    // Imported private keys are sealed (the key layer never asks to export them).
    await expect(tools.exportKey(await backend.importKey(spec, 'pkcs8', pkcs8, PRIVATE), 'pkcs8')).rejects.toThrow();
  });

  it('digest computes SHA-2 (FIPS 180-2 "abc" examples)', async () => {
    const abc = new TextEncoder().encode('abc');
    const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
    expect(hex(await tools.digest('SHA-256', abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await tools.digest('SHA-384', abc)).toHaveLength(48);
    expect(hex(await tools.digest('SHA-512', abc))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });
});

describe('the two backends', () => {
  const data = new TextEncoder().encode('the same signing input');

  /** The key that signs (a secret, or the private key as PKCS#8) or verifies (the secret, or SPKI) with `alg`, imported by `backend`. */
  function importPart(backend: CryptoBackend, alg: Alg, part: 'sign' | 'verify') {
    const spec = ALGORITHMS[alg];
    if (alg.startsWith('HS')) return backend.importKey(spec, 'raw', new Uint8Array(64).fill(9), SECRET);
    const pair = pemPair(alg);
    return part === 'sign' ? backend.importKey(spec, 'pkcs8', der(pair.privateKey), PRIVATE) : backend.importKey(spec, 'spki', der(pair.publicKey), PUBLIC);
  }

  it.each(ALGS)('%s: a signature from one verifies on the other, both ways', async (alg) => {
    const spec = ALGORITHMS[alg];
    for (const [signer, verifier] of [
      [webBackend, nodeBackend],
      [nodeBackend, webBackend],
    ] as const) {
      const signature = await signer.sign(spec, await importPart(signer, alg, 'sign'), data);
      expect(await verifier.verify(spec, await importPart(verifier, alg, 'verify'), data, new Uint8Array(signature))).toBe(true);
    }
  });

  it.each(ALGS)('%s: node:crypto signText (the compact fast path) is a base64url signature that WebCrypto verifies', async (alg) => {
    const spec = ALGORITHMS[alg];
    const input = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0';
    const text = await nodeBackend.signText!(spec, await importPart(nodeBackend, alg, 'sign'), input);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    const signature = Uint8Array.from(Buffer.from(text, 'base64url'));
    expect(await webBackend.verify(spec, await importPart(webBackend, alg, 'verify'), new TextEncoder().encode(input), signature)).toBe(true);
  });
});

describe('backend selection', () => {
  it('the test project runs on the backend it is named after (as the package build does)', () => {
    expect(cryptoBackend).toBe(process.env.JWTKIT_BACKEND === 'node' ? 'node' : 'webcrypto');
  });
});
