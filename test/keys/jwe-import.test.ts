import { type KeyObject, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Enc,
  type Jwk,
  type JweKeyAlg,
  type JweKeyInput,
  type Key,
  type KeyManagementAlg,
  cryptoBackend,
  decodeProtectedHeader,
  decrypt,
  decryptJwe,
  encrypt,
  encryptJwe,
  exportJwk,
  exportPem,
  generateKeyPair,
  generateSecret,
  importKey,
} from '../../src/index.js';
import { expectCode } from '../helpers.js';
import { CEK_LENGTH, CURVES, ENCS } from '../jwe/keys.js';

/**
 * importKey for JWE algs (issue 12): every key-management family × every key form that applies
 * gives a Key that encrypt/decrypt/encryptJwe/decryptJwe take as they take a generated one, and
 * every refusal has its code. Keys are generated per run.
 */

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const subtle = globalThis.crypto.subtle;

const spki = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }) as string;
const pkcs8 = (key: KeyObject): string => key.export({ type: 'pkcs8', format: 'pem' }) as string;
const der = (key: KeyObject): Uint8Array<ArrayBuffer> =>
  new Uint8Array(key.type === 'public' ? key.export({ type: 'spki', format: 'der' }) : key.export({ type: 'pkcs8', format: 'der' }));
const jwkOf = (key: KeyObject): Jwk => key.export({ format: 'jwk' }) as Jwk;
const bytes = (length: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(length));
const letters = (length: number): string => 'kJ7qWz2mXbR9tLp4'.repeat(8).slice(0, length);

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const NODE_CURVE = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' } as const;
type Curve = (typeof CURVES)[number];
const ecdhPairs = Object.fromEntries(
  CURVES.map((curve) => [curve, curve === 'X25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ec', { namedCurve: NODE_CURVE[curve] })]),
) as Record<Curve, { publicKey: KeyObject; privateKey: KeyObject }>;

const OAEP_HASH = { 'RSA-OAEP': 'SHA-1', 'RSA-OAEP-256': 'SHA-256', 'RSA-OAEP-384': 'SHA-384', 'RSA-OAEP-512': 'SHA-512' } as const;
type RsaAlg = keyof typeof OAEP_HASH;

const isPbes2 = (alg: JweKeyAlg) => alg.startsWith('PBES2');
const isDir = (alg: JweKeyAlg) => ENCS.includes(alg as Enc);
/** A Key imported for PBES2 is its alg for encrypt; decrypt allows PBES2 only when `algorithms` lists it. */
const allowing = (alg: JweKeyAlg) => (isPbes2(alg) ? { algorithms: [alg as KeyManagementAlg] } : {});

/** Both directions through both API pairs; `raw` (the material itself) decrypts what the imported key encrypted. */
async function roundTrip(alg: JweKeyAlg, encryptKey: Key, decryptKey: Key, raw: JweKeyInput): Promise<void> {
  const token = await encrypt({ sub: 'imported' }, encryptKey);
  expect(decodeProtectedHeader(token)).toMatchObject(isDir(alg) ? { alg: 'dir', enc: alg } : { alg });
  expect((await decrypt(token, decryptKey, allowing(alg))).payload.sub).toBe('imported');
  expect((await decrypt(token, raw, allowing(alg))).payload.sub).toBe('imported');
  // A dir Key is its enc's CEK; the others wrap a CEK for any enc.
  const jwe = await encryptJwe('bytes', encryptKey, isDir(alg) ? {} : { enc: 'A128CBC-HS256' });
  expect(text((await decryptJwe(jwe, decryptKey, allowing(alg))).plaintext)).toBe('bytes');
}

function expectKey(key: Key, alg: JweKeyAlg, type: Key['type'], extractable = type === 'public'): void {
  const operations = { public: ['encrypt'], private: ['decrypt'], secret: ['encrypt', 'decrypt'] }[type];
  expect([key.alg, key.type, key.operations, key.extractable]).toEqual([alg, type, operations, extractable]);
}

describe('importKey for RSA-OAEP*', () => {
  const forms = {
    PEM: [spki(rsa.publicKey), pkcs8(rsa.privateKey)],
    JWK: [jwkOf(rsa.publicKey), jwkOf(rsa.privateKey)],
  } as const;

  it.each((Object.keys(OAEP_HASH) as RsaAlg[]).flatMap((alg) => (['PEM', 'JWK'] as const).map((form) => [alg, form] as const)))(
    '%s from %s: the public key encrypts, the private key decrypts',
    async (alg, form) => {
      const [publicMaterial, privateMaterial] = forms[form];
      const [publicKey, privateKey] = [await importKey(publicMaterial, alg), await importKey(privateMaterial, alg)];
      expectKey(publicKey, alg, 'public');
      expectKey(privateKey, alg, 'private');
      await roundTrip(alg, publicKey, privateKey, privateMaterial);
    },
  );

  it.each(Object.keys(OAEP_HASH) as RsaAlg[])('%s from CryptoKeys made for its hash (their usages and extractable kept)', async (alg) => {
    const params = { name: 'RSA-OAEP', hash: OAEP_HASH[alg] };
    const publicKey = await importKey(await subtle.importKey('spki', der(rsa.publicKey), params, true, ['encrypt']), alg);
    const privateCryptoKey = await subtle.importKey('pkcs8', der(rsa.privateKey), params, false, ['decrypt']);
    const privateKey = await importKey(privateCryptoKey, alg);
    expectKey(publicKey, alg, 'public');
    expectKey(privateKey, alg, 'private');
    await roundTrip(alg, publicKey, privateKey, privateCryptoKey);
    // WebCrypto bound the hash: the same CryptoKey is no key for another OAEP alg.
    await expectCode(importKey(privateCryptoKey, alg === 'RSA-OAEP-256' ? 'RSA-OAEP-512' : 'RSA-OAEP-256'), 'ERR_KEY');
  });
});

describe('importKey for ECDH-ES*', () => {
  const ALGS = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'] as const;

  it.each(CURVES.flatMap((curve) => ALGS.map((alg) => [alg, curve] as const)))('%s on %s, from PEM, JWK and CryptoKey', async (alg, curve) => {
    const pair = ecdhPairs[curve];
    const params = curve === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: curve };
    const forms: [JweKeyInput, JweKeyInput][] = [
      [spki(pair.publicKey), pkcs8(pair.privateKey)],
      [jwkOf(pair.publicKey), jwkOf(pair.privateKey)],
      [
        await subtle.importKey('spki', der(pair.publicKey), params, true, []),
        await subtle.importKey('pkcs8', der(pair.privateKey), params, false, ['deriveBits']),
      ],
    ];
    for (const [publicMaterial, privateMaterial] of forms) {
      const [publicKey, privateKey] = [await importKey(publicMaterial, alg), await importKey(privateMaterial, alg)];
      expectKey(publicKey, alg, 'public');
      expectKey(privateKey, alg, 'private');
      await roundTrip(alg, publicKey, privateKey, privateMaterial);
      expect((decodeProtectedHeader(await encrypt({}, publicKey)).epk as Jwk).crv).toBe(curve);
    }
  });
});

describe('importKey for secrets', () => {
  const KEK: [KeyManagementAlg, number][] = [
    ['A128KW', 16],
    ['A192KW', 24],
    ['A256KW', 32],
    ['A128GCMKW', 16],
    ['A192GCMKW', 24],
    ['A256GCMKW', 32],
  ];
  const forms = (length: number): [string, JweKeyInput][] => {
    const secret = bytes(length);
    return [
      ['bytes', secret],
      ['text', letters(length)],
      ['JWK', { kty: 'oct', k: Buffer.from(secret).toString('base64url') }],
    ];
  };

  it.each(KEK)('%s: a secret of exactly %d bytes (bytes, text, JWK) wraps and unwraps', async (alg, length) => {
    for (const [, material] of forms(length)) {
      const key = await importKey(material, alg);
      expectKey(key, alg, 'secret');
      await roundTrip(alg, key, key, material);
    }
  });

  it.each(ENCS)('dir, named by its enc %s: its CEK (bytes, text, JWK)', async (enc) => {
    for (const [, material] of forms(CEK_LENGTH[enc])) {
      const key = await importKey(material, enc);
      expectKey(key, enc, 'secret');
      await roundTrip(enc, key, key, material);
    }
  });

  it.each(['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'] as const)('%s: any non-empty password', async (alg) => {
    for (const password of ['correct horse battery staple', 'x', bytes(7)]) {
      const key = await importKey(password, alg);
      expectKey(key, alg, 'secret');
      await roundTrip(alg, key, key, password);
    }
    // The Key names its alg for encrypt; bare material never defaults to PBES2, and decrypt allows it only when listed.
    const key = await importKey('x', alg);
    await expectCode(encrypt({ sub: 'x' }, 'x'), 'ERR_KEY');
    await expectCode(decrypt(await encrypt({ sub: 'x' }, key), key), 'ERR_JWT_ALGORITHM');
  });
});

describe('what an imported JWE Key may do', () => {
  it('a JWK kid becomes the Key kid, and goes into the header', async () => {
    const key = await importKey({ ...jwkOf(rsa.publicKey), kid: 'enc-7' }, 'RSA-OAEP-256');
    expect(key.kid).toBe('enc-7');
    expect(decodeProtectedHeader(await encryptJwe('x', key)).kid).toBe('enc-7');
  });

  it('key_ops narrow it: a secret that may only encrypt cannot decrypt', async () => {
    const secret = bytes(32);
    const key = await importKey({ kty: 'oct', k: Buffer.from(secret).toString('base64url'), key_ops: ['wrapKey'] }, 'A256KW');
    expect(key.operations).toEqual(['encrypt']);
    const token = await encryptJwe('x', key);
    await expectCode(decryptJwe(token, key), 'ERR_KEY');
    expect(text((await decryptJwe(token, secret)).plaintext)).toBe('x');
  });

  it('a public key never decrypts, a private key never encrypts', async () => {
    const publicKey = await importKey(spki(rsa.publicKey), 'RSA-OAEP-256');
    const privateKey = await importKey(pkcs8(rsa.privateKey), 'RSA-OAEP-256');
    await expectCode(encryptJwe('x', privateKey), 'ERR_KEY');
    await expectCode(decryptJwe(await encryptJwe('x', publicKey), publicKey), 'ERR_KEY');
  });

  it('is for its one alg: encrypting with another is ERR_KEY', async () => {
    await expectCode(encryptJwe('x', await importKey(spki(rsa.publicKey), 'RSA-OAEP-256'), { alg: 'RSA-OAEP' }), 'ERR_KEY');
    await expectCode(encryptJwe('x', await importKey(bytes(32), 'A256GCM'), { enc: 'A128CBC-HS256' }), 'ERR_KEY');
    await expectCode(encryptJwe('x', await importKey(bytes(32), 'A256KW'), { alg: 'A256GCMKW' }), 'ERR_KEY');
  });

  it('a JWE Key imported again for its own alg is itself; for any other alg, or a signature Key, ERR_KEY', async () => {
    const { publicKey } = await generateKeyPair('ECDH-ES+A128KW');
    expect(await importKey(publicKey, 'ECDH-ES+A128KW')).toBe(publicKey);
    await expectCode(importKey(publicKey, 'ECDH-ES'), 'ERR_KEY');
    const cek = await generateSecret('A256GCM');
    expect(await importKey(cek, 'A256GCM')).toBe(cek);
    await expectCode(importKey(cek, 'A128CBC-HS256'), 'ERR_KEY');
    await expectCode(importKey((await generateKeyPair('ES256')).publicKey, 'ECDH-ES'), 'ERR_KEY');
    await expectCode(importKey(await generateSecret('HS256'), 'A256KW'), 'ERR_KEY');
  });

  it('the Node build takes a KeyObject as its material; the WebCrypto build refuses it (ERR_KEY)', async () => {
    if (cryptoBackend === 'node') {
      const [publicKey, privateKey] = [await importKey(rsa.publicKey, 'RSA-OAEP-384'), await importKey(rsa.privateKey, 'RSA-OAEP-384')];
      await roundTrip('RSA-OAEP-384', publicKey, privateKey, rsa.privateKey);
    } else {
      await expectCode(importKey(rsa.publicKey, 'RSA-OAEP-384'), 'ERR_KEY');
    }
  });
});

describe('exporting an imported JWE Key', () => {
  it.each([
    ['RSA-OAEP-256', rsa.publicKey],
    ['ECDH-ES', ecdhPairs['P-384'].publicKey],
    ['ECDH-ES+A256KW', ecdhPairs.X25519.publicKey],
  ] as const)('a public key (%s) exports: exportJwk with alg and use "enc", exportPem the same SPKI', async (alg, publicKey) => {
    for (const material of [spki(publicKey), jwkOf(publicKey)]) {
      const key = await importKey(material, alg);
      const jwk = await exportJwk(key);
      expect(jwk).toEqual({ ...jwkOf(publicKey), alg, use: 'enc' });
      expect(createPublicKey(await exportPem(key)).equals(publicKey)).toBe(true);
      // The exported JWK is a key for encrypt too.
      expect(decodeProtectedHeader(await encryptJwe('x', jwk)).alg).toBe(alg);
    }
  });

  it('private keys and secrets imported from material do not export (you already hold them)', async () => {
    await expectCode(exportJwk(await importKey(pkcs8(rsa.privateKey), 'RSA-OAEP-256')), 'ERR_KEY');
    await expectCode(exportPem(await importKey(jwkOf(ecdhPairs['P-256'].privateKey), 'ECDH-ES')), 'ERR_KEY');
    await expectCode(exportJwk(await importKey(bytes(16), 'A128KW')), 'ERR_KEY');
    await expectCode(exportJwk(await importKey('a password', 'PBES2-HS256+A128KW')), 'ERR_KEY');
  });

  it('an extractable private CryptoKey keeps its flag: it exports, as for signature keys', async () => {
    const params = { name: 'RSA-OAEP', hash: 'SHA-256' };
    const key = await importKey(await subtle.importKey('pkcs8', der(rsa.privateKey), params, true, ['decrypt']), 'RSA-OAEP-256');
    expect(key.extractable).toBe(true);
    expect(await exportJwk(key)).toMatchObject({ kty: 'RSA', d: jwkOf(rsa.privateKey).d, alg: 'RSA-OAEP-256', use: 'enc' });
  });
});

describe('importKey refuses for JWE algs', () => {
  const rsaJwk = jwkOf(rsa.publicKey);
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const ed = generateKeyPairSync('ed25519');
  const octJwk = (length: number, extra: Partial<Jwk> = {}): Jwk => ({ kty: 'oct', k: Buffer.from(bytes(length)).toString('base64url'), ...extra });

  it.each<[string, () => Promise<unknown>]>([
    ['a JWK with use "sig"', () => importKey({ ...rsaJwk, use: 'sig' }, 'RSA-OAEP-256')],
    ['an oct JWK with use "sig"', () => importKey(octJwk(16, { use: 'sig' }), 'A128KW')],
    ['an RSA key under 2048 bits (PEM)', () => importKey(spki(small.publicKey), 'RSA-OAEP-256')],
    ['an RSA key under 2048 bits (JWK, private)', () => importKey(jwkOf(small.privateKey), 'RSA-OAEP')],
    ['a JWK pinned to another alg', () => importKey({ ...rsaJwk, alg: 'RSA-OAEP' }, 'RSA-OAEP-256')],
    ['a JWK pinned to an enc, for a key-wrapping alg', () => importKey(octJwk(32, { alg: 'A256GCM' }), 'A256KW')],
    ['a JWK pinned to another enc', () => importKey(octJwk(32, { alg: 'A256GCM' }), 'A128CBC-HS256')],
    ['a JWK pinned to a signature alg', () => importKey({ ...rsaJwk, alg: 'RS256' }, 'RSA-OAEP-256')],
    ['a JWK whose key_ops allow neither direction', () => importKey({ ...rsaJwk, key_ops: ['verify'] }, 'RSA-OAEP-256')],
    ['a secret one byte short', () => importKey(bytes(15), 'A128KW')],
    ['a secret one byte long', () => importKey(bytes(33), 'A256GCMKW')],
    ['a CEK of another enc’s length', () => importKey(bytes(32), 'A128GCM')],
    ['an empty password', () => importKey('', 'PBES2-HS256+A128KW')],
    ['a secret for an RSA alg', () => importKey(bytes(32), 'RSA-OAEP-256')],
    ['an RSA key for a secret alg', () => importKey(spki(rsa.publicKey), 'A256KW')],
    ['an RSA key for ECDH-ES', () => importKey(spki(rsa.publicKey), 'ECDH-ES')],
    ['an EC key for RSA-OAEP', () => importKey(spki(ecdhPairs['P-256'].publicKey), 'RSA-OAEP')],
    ['an Ed25519 key (signatures only)', () => importKey(spki(ed.publicKey), 'ECDH-ES')],
    [
      'an AES CryptoKey (pass the secret as bytes)',
      async () => importKey(await subtle.generateKey({ name: 'AES-KW', length: 128 }, false, ['wrapKey']), 'A128KW'),
    ],
    ['an ECDSA CryptoKey', async () => importKey((await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])).privateKey, 'ECDH-ES')],
    ['not key material', () => importKey({ foo: 1 } as unknown as Jwk, 'A128KW')],
  ])('%s: ERR_KEY', async (_name, attempt) => {
    await expectCode(attempt(), 'ERR_KEY');
  });

  it.each(['dir', 'RSA1_5', 'a256gcm', 'A256GCM ', 'ECDH-ES+A512KW', 'PBES2'])('the alg %j: ERR_INVALID_ARGUMENT', async (alg) => {
    await expectCode(importKey(bytes(32), alg as JweKeyAlg), 'ERR_INVALID_ARGUMENT');
    await expectCode(importKey(spki(rsa.publicKey), alg as JweKeyAlg), 'ERR_INVALID_ARGUMENT');
  });

  it('dir says to name the enc', async () => {
    expect((await expectCode(importKey(bytes(32), 'dir'), 'ERR_INVALID_ARGUMENT')).message).toMatch(/importKey\(secret, 'A256GCM'\)/);
  });
});
