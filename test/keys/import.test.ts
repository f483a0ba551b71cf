import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac, createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Alg, type Jwk, Key, type KeyInput, decode, importKey, sign, verify } from '../../src/index.js';
import { ALGS, expectCode, keysFor, pemPair } from '../helpers.js';

const NOW = 1_700_000_000;
const ASYMMETRIC = ALGS.filter((alg) => !alg.startsWith('HS'));
const HMAC = ALGS.filter((alg) => alg.startsWith('HS'));
const SPKI_PEM = { type: 'spki', format: 'pem' } as const;
const PKCS8_PEM = { type: 'pkcs8', format: 'pem' } as const;

/** Signs with `signKey` and verifies with `verifyKey` for exactly `alg`; returns the token. */
async function roundTrip(signKey: KeyInput, verifyKey: KeyInput, alg: Alg): Promise<string> {
  const token = await sign({ sub: 'round-trip' }, signKey, { alg, now: NOW });
  expect(decode(token).header.alg).toBe(alg);
  const { header, payload } = await verify(token, verifyKey, { algorithms: [alg], now: NOW });
  expect(header.alg).toBe(alg);
  expect(payload).toEqual({ sub: 'round-trip', iat: NOW });
  return token;
}

const privateJwk = (pem: string): Jwk => createPrivateKey(pem).export({ format: 'jwk' }) as Jwk;
const publicJwk = (pem: string): Jwk => createPublicKey(pem).export({ format: 'jwk' }) as Jwk;
const secretJwk = (bytes: Uint8Array): Jwk => createSecretKey(bytes).export({ format: 'jwk' }) as Jwk;
const toPem = (text: string, label: string): string => {
  expect(text.startsWith(`-----BEGIN ${label}-----`)).toBe(true);
  return text;
};

function hashOf(alg: Alg): string {
  return `SHA-${alg.slice(2)}`;
}

/** A fresh WebCrypto key (pair) for `alg`, made for sign and verify. */
async function generateCryptoKey(alg: Alg, modulusLength = 2048): Promise<{ signKey: CryptoKey; verifyKey: CryptoKey }> {
  const subtle = globalThis.crypto.subtle;
  const publicExponent = new Uint8Array([1, 0, 1]);
  if (alg.startsWith('HS')) {
    const key = await subtle.generateKey({ name: 'HMAC', hash: hashOf(alg) }, false, ['sign', 'verify']);
    return { signKey: key, verifyKey: key };
  }
  let pair: CryptoKeyPair;
  if (alg.startsWith('RS')) {
    pair = await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent, hash: hashOf(alg) }, false, ['sign', 'verify']);
  } else if (alg.startsWith('PS')) {
    pair = await subtle.generateKey({ name: 'RSA-PSS', modulusLength, publicExponent, hash: hashOf(alg) }, false, ['sign', 'verify']);
  } else if (alg.startsWith('ES')) {
    const namedCurve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg as 'ES256'];
    pair = await subtle.generateKey({ name: 'ECDSA', namedCurve }, false, ['sign', 'verify']);
  } else {
    pair = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  }
  return { signKey: pair.privateKey, verifyKey: pair.publicKey };
}

describe('importKey from PEM (SPKI / PKCS#8) and secrets, for every alg', () => {
  it.each(ASYMMETRIC)('%s: imports both halves and round-trips', async (alg) => {
    const { privateKey, publicKey } = pemPair(alg);
    const signKey = await importKey(privateKey, alg);
    const verifyKey = await importKey(publicKey, alg);
    expect(signKey).toBeInstanceOf(Key);
    expect(signKey.alg).toBe(alg);
    expect(signKey.type).toBe('private');
    expect(signKey.kid).toBeUndefined();
    expect(verifyKey.alg).toBe(alg);
    expect(verifyKey.type).toBe('public');
    await roundTrip(signKey, verifyKey, alg);
    // Raw PEM strings work directly too, and interchange with imported Keys.
    await roundTrip(privateKey, publicKey, alg);
    await roundTrip(signKey, publicKey, alg);
    await roundTrip(privateKey, verifyKey, alg);
  });

  it.each(HMAC)('%s: imports a Uint8Array secret of the minimum length and round-trips', async (alg) => {
    const { signKey: secret } = keysFor(alg);
    const key = await importKey(secret, alg);
    expect(key.alg).toBe(alg);
    expect(key.type).toBe('secret');
    expect(key.kid).toBeUndefined();
    await roundTrip(key, key, alg);
    await roundTrip(secret, key, alg);
    await roundTrip(key, secret, alg);
  });

  it.each(HMAC)('%s: imports a string secret as its UTF-8 bytes', async (alg) => {
    const bytes = Number(alg.slice(2)) / 8;
    const text = 'k'.repeat(bytes);
    const key = await importKey(text, alg);
    expect(key.type).toBe('secret');
    await roundTrip(text, key, alg);
    await roundTrip(key, new TextEncoder().encode(text), alg);
  });

  it('measures a string secret in UTF-8 bytes, not characters', async () => {
    // 16 × 'é' is 32 UTF-8 bytes: long enough for HS256.
    await roundTrip('é'.repeat(16), new TextEncoder().encode('é'.repeat(16)), 'HS256');
    // 31 characters, but 62 bytes: long enough, while 31 ASCII characters are not.
    await expect(importKey('é'.repeat(31), 'HS256')).resolves.toBeInstanceOf(Key);
    await expectCode(importKey('k'.repeat(31), 'HS256'), 'ERR_KEY');
  });

  it('signs with the first alg the key can do when none is given', async () => {
    expect(decode(await sign({}, keysFor('HS256').signKey)).header.alg).toBe('HS256');
    expect(decode(await sign({}, pemPair('RS256').privateKey)).header.alg).toBe('RS256');
    expect(decode(await sign({}, pemPair('ES384').privateKey)).header.alg).toBe('ES384');
    expect(decode(await sign({}, pemPair('ES512').privateKey)).header.alg).toBe('ES512');
    expect(decode(await sign({}, pemPair('EdDSA').privateKey)).header.alg).toBe('EdDSA');
  });

  it('accepts PEM with CRLF line endings and surrounding whitespace', async () => {
    const { privateKey, publicKey } = pemPair('ES256');
    const crlf = (pem: string): string => pem.replace(/\n/g, '\r\n');
    await roundTrip(crlf(privateKey), `\n  ${crlf(publicKey)}\n\n`, 'ES256');
  });
});

const opensslAvailable = spawnSync('openssl', ['version']).status === 0;

describe.skipIf(!opensslAvailable)('importKey from an X.509 certificate PEM (needs the openssl binary; skipped without it)', () => {
  let dir = '';
  const certs = new Map<string, { certificate: string; privateKey: string }>();

  /** A self-signed certificate from openssl; `v1` makes an X.509 v1 certificate (no version field). */
  function makeCertificate(name: string, keyArgs: string[], v1 = false): void {
    const keyFile = join(dir, `${name}.key`);
    const certFile = join(dir, `${name}.crt`);
    if (v1) {
      execFileSync(
        'openssl',
        ['req', '-new', '-newkey', ...keyArgs, '-nodes', '-keyout', keyFile, '-out', join(dir, `${name}.csr`), '-subj', '/CN=jwtkit test'],
        { stdio: 'pipe' },
      );
      execFileSync('openssl', ['x509', '-req', '-in', join(dir, `${name}.csr`), '-signkey', keyFile, '-out', certFile, '-days', '1'], { stdio: 'pipe' });
    } else {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', ...keyArgs, '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', '/CN=jwtkit test', '-days', '1'],
        { stdio: 'pipe' },
      );
    }
    certs.set(name, { certificate: readFileSync(certFile, 'utf8'), privateKey: readFileSync(keyFile, 'utf8') });
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwtkit-x509-'));
    makeCertificate('rsa', ['rsa:2048']);
    makeCertificate('rsa-v1', ['rsa:2048'], true);
    makeCertificate('p256', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    makeCertificate('p384', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-384']);
    makeCertificate('p521', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-521']);
    makeCertificate('ed25519', ['ed25519']);
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each<[string, Alg]>([
    ['rsa', 'RS256'],
    ['rsa', 'RS512'],
    ['rsa', 'PS256'],
    ['rsa', 'PS384'],
    ['rsa-v1', 'RS256'],
    ['p256', 'ES256'],
    ['p384', 'ES384'],
    ['p521', 'ES512'],
    ['ed25519', 'EdDSA'],
    ['ed25519', 'Ed25519'],
  ])('a %s certificate verifies %s tokens', async (name, alg) => {
    const { certificate, privateKey } = certs.get(name)!;
    expect(certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const key = await importKey(certificate, alg);
    expect(key.alg).toBe(alg);
    expect(key.type).toBe('public');
    await roundTrip(privateKey, key, alg);
    await roundTrip(privateKey, certificate, alg);
  });

  it('a certificate cannot sign, and binds to its curve', async () => {
    const { certificate } = certs.get('p256')!;
    await expectCode(sign({}, certificate, { alg: 'ES256' }), 'ERR_KEY');
    await expectCode(importKey(certificate, 'ES384'), 'ERR_KEY');
    await expectCode(importKey(certs.get('rsa')!.certificate, 'ES256'), 'ERR_KEY');
  });
});

describe('importKey from PKCS#1 RSA PEMs', () => {
  const { privateKey, publicKey } = pemPair('RS256');
  const pkcs1Private = toPem(createPrivateKey(privateKey).export({ type: 'pkcs1', format: 'pem' }) as string, 'RSA PRIVATE KEY');
  const pkcs1Public = toPem(createPublicKey(publicKey).export({ type: 'pkcs1', format: 'pem' }) as string, 'RSA PUBLIC KEY');

  it.each<Alg>(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'])('%s: RSA PRIVATE KEY and RSA PUBLIC KEY round-trip', async (alg) => {
    const signKey = await importKey(pkcs1Private, alg);
    const verifyKey = await importKey(pkcs1Public, alg);
    expect(signKey.type).toBe('private');
    expect(verifyKey.type).toBe('public');
    await roundTrip(signKey, verifyKey, alg);
  });

  it('interchanges with the same key as SPKI / PKCS#8', async () => {
    await roundTrip(pkcs1Private, publicKey, 'RS256');
    await roundTrip(privateKey, pkcs1Public, 'PS256');
  });
});

describe('importKey from SEC1 EC PRIVATE KEY PEMs', () => {
  it.each<Alg>(['ES256', 'ES384', 'ES512'])('%s: EC PRIVATE KEY signs for the SPKI public key', async (alg) => {
    const { privateKey, publicKey } = pemPair(alg);
    const sec1 = toPem(createPrivateKey(privateKey).export({ type: 'sec1', format: 'pem' }) as string, 'EC PRIVATE KEY');
    const key = await importKey(sec1, alg);
    expect(key.alg).toBe(alg);
    expect(key.type).toBe('private');
    await roundTrip(key, publicKey, alg);
    await roundTrip(sec1, publicKey, alg);
  });

  it('binds a SEC1 key to its curve', async () => {
    const sec1 = createPrivateKey(pemPair('ES256').privateKey).export({ type: 'sec1', format: 'pem' }) as string;
    await expectCode(importKey(sec1, 'ES384'), 'ERR_KEY');
  });
});

describe('importKey from JWKs', () => {
  it.each(ASYMMETRIC)('%s: private and public JWKs from node:crypto round-trip', async (alg) => {
    const { privateKey, publicKey } = pemPair(alg);
    const signJwk = privateJwk(privateKey);
    const verifyJwk = publicJwk(publicKey);
    const signKey = await importKey(signJwk, alg);
    const verifyKey = await importKey(verifyJwk, alg);
    expect(signKey.type).toBe('private');
    expect(verifyKey.type).toBe('public');
    await roundTrip(signKey, verifyKey, alg);
    await roundTrip(signJwk, verifyJwk, alg);
    // The same key as JWK and PEM is the same key.
    await roundTrip(signJwk, publicKey, alg);
  });

  it.each(HMAC)('%s: an oct JWK round-trips with the raw secret', async (alg) => {
    const { signKey: secret } = keysFor(alg);
    const jwk = secretJwk(secret as Uint8Array);
    const key = await importKey(jwk, alg);
    expect(key.type).toBe('secret');
    await roundTrip(key, secret, alg);
    await roundTrip(secret, jwk, alg);
  });

  it('accepts use "sig", a matching alg and key_ops that allow the operation', async () => {
    const { privateKey, publicKey } = pemPair('RS256');
    const signJwk = { ...privateJwk(privateKey), use: 'sig', alg: 'RS256', key_ops: ['sign'] };
    const verifyJwk = { ...publicJwk(publicKey), use: 'sig', alg: 'RS256', key_ops: ['verify'] };
    await roundTrip(signJwk, verifyJwk, 'RS256');
  });

  it('pins a JWK that names its alg to that alg', async () => {
    const jwk = { ...publicJwk(pemPair('RS256').publicKey), alg: 'PS384' };
    await expect(importKey(jwk, 'PS384')).resolves.toBeInstanceOf(Key);
    await expectCode(importKey(jwk, 'PS256'), 'ERR_KEY');
    await expectCode(importKey(jwk, 'RS384'), 'ERR_KEY');
  });

  it('exposes a JWK kid as the Key kid', async () => {
    const jwk = { ...publicJwk(pemPair('ES256').publicKey), kid: 'key-2024-01' };
    const key = await importKey(jwk, 'ES256');
    expect(key.kid).toBe('key-2024-01');
    expect(key.alg).toBe('ES256');
    expect(key.type).toBe('public');
  });

  it('puts the kid of a signing JWK into the header', async () => {
    const { privateKey, publicKey } = pemPair('ES256');
    const signJwk = { ...privateJwk(privateKey), kid: 'signing-key-1' };
    const token = await sign({}, signJwk, { now: NOW });
    expect(decode(token).header).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'signing-key-1' });
    await expect(verify(token, publicKey, { now: NOW })).resolves.toMatchObject({ header: { kid: 'signing-key-1' } });
    // The same through an imported Key, and an explicit kid option wins.
    const key = await importKey(signJwk, 'ES256');
    expect(decode(await sign({}, key)).header.kid).toBe('signing-key-1');
    expect(decode(await sign({}, key, { kid: 'override' })).header.kid).toBe('override');
  });

  it('puts no kid into the header for a key without one', async () => {
    const token = await sign({}, privateJwk(pemPair('ES256').privateKey));
    expect(Object.hasOwn(decode(token).header, 'kid')).toBe(false);
  });
});

describe('importKey from CryptoKeys', () => {
  it.each(ALGS)('%s: a generated CryptoKey round-trips', async (alg) => {
    const { signKey, verifyKey } = await generateCryptoKey(alg);
    const signer = await importKey(signKey, alg);
    const verifier = await importKey(verifyKey, alg);
    expect(signer.alg).toBe(alg);
    expect(signer.type).toBe(alg.startsWith('HS') ? 'secret' : 'private');
    expect(verifier.type).toBe(alg.startsWith('HS') ? 'secret' : 'public');
    await roundTrip(signer, verifier, alg);
    await roundTrip(signKey, verifyKey, alg);
  });

  it('refuses a CryptoKey made for RS256 when used for RS384 or PS256', async () => {
    const { signKey, verifyKey } = await generateCryptoKey('RS256');
    await expectCode(importKey(signKey, 'RS384'), 'ERR_KEY');
    await expectCode(importKey(verifyKey, 'RS384'), 'ERR_KEY');
    await expectCode(importKey(verifyKey, 'PS256'), 'ERR_KEY');
    await expectCode(sign({}, signKey, { alg: 'RS384' }), 'ERR_KEY');
  });

  it('refuses an ECDSA CryptoKey on another curve', async () => {
    const { verifyKey } = await generateCryptoKey('ES256');
    await expectCode(importKey(verifyKey, 'ES384'), 'ERR_KEY');
  });

  it('refuses CryptoKeys of non-signature algorithms', async () => {
    const subtle = globalThis.crypto.subtle;
    const aes = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    const ecdh = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    await expectCode(importKey(aes, 'HS256'), 'ERR_KEY');
    await expectCode(importKey(ecdh.publicKey, 'ES256'), 'ERR_KEY');
  });

  it('refuses an HMAC CryptoKey shorter than the hash', async () => {
    const short = await globalThis.crypto.subtle.importKey('raw', new Uint8Array(16), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    await expectCode(importKey(short, 'HS256'), 'ERR_KEY');
  });

  it('refuses a 1024-bit RSA CryptoKey', async () => {
    const { verifyKey } = await generateCryptoKey('RS256', 1024);
    await expectCode(importKey(verifyKey, 'RS256'), 'ERR_KEY');
  });

  it('fails with ERR_KEY when signing with an HMAC CryptoKey that may only verify', async () => {
    const verifyOnly = await globalThis.crypto.subtle.importKey('raw', new Uint8Array(32).fill(1), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    await expectCode(sign({}, verifyOnly), 'ERR_KEY');
  });

  it('fails with ERR_KEY (not ERR_JWT_SIGNATURE) when verifying with an HMAC CryptoKey that may only sign', async () => {
    const secret = new Uint8Array(32).fill(1);
    const signOnly = await globalThis.crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const token = await sign({}, secret);
    await expectCode(verify(token, signOnly), 'ERR_KEY');
  });
});

describe('Key instances', () => {
  it('importKey returns a Key as is for its own alg and refuses it for another', async () => {
    const key = await importKey(pemPair('RS256').publicKey, 'RS256');
    expect(await importKey(key, 'RS256')).toBe(key);
    await expectCode(importKey(key, 'RS384'), 'ERR_KEY');
    await expectCode(importKey(key, 'PS256'), 'ERR_KEY');
  });

  it('a Key imported for one alg does only that alg', async () => {
    const key = await importKey(pemPair('RS256').privateKey, 'RS256');
    await expectCode(sign({}, key, { alg: 'RS384' }), 'ERR_KEY');
  });
});

describe('refusals', () => {
  it.each<[Alg, number]>([
    ['HS256', 31],
    ['HS384', 47],
    ['HS512', 63],
  ])('%s refuses a %i-byte secret (shorter than the hash)', async (alg, length) => {
    const short = new Uint8Array(randomBytes(length));
    await expectCode(importKey(short, alg), 'ERR_KEY');
    await expectCode(importKey('s'.repeat(length), alg), 'ERR_KEY');
    await expectCode(importKey(secretJwk(short), alg), 'ERR_KEY');
    await expectCode(sign({}, short, { alg }), 'ERR_KEY');
    await expect(importKey(new Uint8Array(randomBytes(length + 1)), alg)).resolves.toBeInstanceOf(Key);
  });

  it('HS384 and HS512 refuse a secret that is only long enough for HS256', async () => {
    const secret = new Uint8Array(32).fill(9);
    await expectCode(importKey(secret, 'HS384'), 'ERR_KEY');
    await expectCode(importKey(secret, 'HS512'), 'ERR_KEY');
  });

  it('refuses an empty secret', async () => {
    await expectCode(importKey('', 'HS256'), 'ERR_KEY');
    await expectCode(importKey(new Uint8Array(0), 'HS256'), 'ERR_KEY');
  });

  it('refuses a 1024-bit RSA key in every form', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: SPKI_PEM, privateKeyEncoding: PKCS8_PEM });
    for (const alg of ['RS256', 'PS256', 'RS512'] as const) {
      await expectCode(importKey(weak.publicKey, alg), 'ERR_KEY');
      await expectCode(importKey(weak.privateKey, alg), 'ERR_KEY');
    }
    await expectCode(importKey(publicJwk(weak.publicKey), 'RS256'), 'ERR_KEY');
    await expectCode(importKey(createPublicKey(weak.publicKey).export({ type: 'pkcs1', format: 'pem' }) as string, 'RS256'), 'ERR_KEY');
    await expectCode(sign({}, weak.privateKey), 'ERR_KEY');
  });

  it('never uses a PEM as an HMAC secret', async () => {
    const { privateKey, publicKey } = pemPair('RS256');
    await expectCode(importKey(publicKey, 'HS256'), 'ERR_KEY');
    await expectCode(importKey(privateKey, 'HS256'), 'ERR_KEY');
    await expectCode(sign({}, publicKey, { alg: 'HS256' }), 'ERR_KEY');
    // The classic confusion attack: an HS256 token whose secret is the public key PEM.
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url');
    const mac = createHmac('sha256', publicKey).update(`${header}.${payload}`).digest('base64url');
    await expectCode(verify(`${header}.${payload}.${mac}`, publicKey), 'ERR_JWT_ALGORITHM');
  });

  it('refuses an EC key for another curve and an RSA key for ECDSA', async () => {
    const p256 = pemPair('ES256');
    await expectCode(importKey(p256.publicKey, 'ES384'), 'ERR_KEY');
    await expectCode(importKey(p256.privateKey, 'ES512'), 'ERR_KEY');
    await expectCode(importKey(publicJwk(p256.publicKey), 'ES384'), 'ERR_KEY');
    const rsa = pemPair('RS256');
    await expectCode(importKey(rsa.publicKey, 'ES256'), 'ERR_KEY');
    await expectCode(importKey(rsa.privateKey, 'ES256'), 'ERR_KEY');
    await expectCode(importKey(publicJwk(rsa.publicKey), 'ES256'), 'ERR_KEY');
    await expectCode(importKey(rsa.publicKey, 'EdDSA'), 'ERR_KEY');
    await expectCode(importKey(pemPair('EdDSA').publicKey, 'ES256'), 'ERR_KEY');
  });

  it('refuses a JWK marked for encryption', async () => {
    const jwk = { ...publicJwk(pemPair('RS256').publicKey), use: 'enc' };
    await expectCode(importKey(jwk, 'RS256'), 'ERR_KEY');
    await expectCode(importKey({ ...secretJwk(new Uint8Array(32)), use: 'enc' }, 'HS256'), 'ERR_KEY');
  });

  it('refuses a JWK with alg RS384 for RS256', async () => {
    const jwk = { ...publicJwk(pemPair('RS256').publicKey), alg: 'RS384' };
    await expectCode(importKey(jwk, 'RS256'), 'ERR_KEY');
    await expectCode(importKey({ ...publicJwk(pemPair('RS256').publicKey), alg: 'none' }, 'RS256'), 'ERR_KEY');
  });

  it('refuses a public JWK whose key_ops do not include verify', async () => {
    const base = publicJwk(pemPair('ES256').publicKey);
    await expectCode(importKey({ ...base, key_ops: ['encrypt'] }, 'ES256'), 'ERR_KEY');
    await expectCode(importKey({ ...base, key_ops: [] }, 'ES256'), 'ERR_KEY');
    await expectCode(importKey({ ...base, key_ops: ['sign'] }, 'ES256'), 'ERR_KEY');
    await expect(importKey({ ...base, key_ops: ['verify'] }, 'ES256')).resolves.toBeInstanceOf(Key);
  });

  it('refuses a private JWK whose key_ops do not include sign', async () => {
    const base = privateJwk(pemPair('ES256').privateKey);
    await expectCode(importKey({ ...base, key_ops: ['verify'] }, 'ES256'), 'ERR_KEY');
  });

  it('lets an oct JWK with key_ops ["verify"] verify (and not sign)', async () => {
    const secret = new Uint8Array(32).fill(3);
    const token = await sign({}, secret, { now: NOW });
    const verifyOnly = { ...secretJwk(secret), key_ops: ['verify'] };
    await expectCode(sign({}, verifyOnly), 'ERR_KEY');
    await expect(verify(token, verifyOnly, { now: NOW })).resolves.toMatchObject({ payload: { iat: NOW } });
  });

  it('refuses malformed JWKs', async () => {
    await expectCode(importKey({ kty: 'RSA', n: 'not-a-modulus', e: 'AQAB' }, 'RS256'), 'ERR_KEY');
    await expectCode(importKey({ kty: 'oct' }, 'HS256'), 'ERR_KEY');
    await expectCode(importKey({ kty: 'oct', k: 'a+b/' + 'A'.repeat(60) }, 'HS256'), 'ERR_KEY');
    await expectCode(importKey({ kty: 'EC', crv: 'secp256k1', x: 'AA', y: 'AA' }, 'ES256'), 'ERR_KEY');
    await expectCode(importKey({ kty: 'OKP', crv: 'X25519', x: 'AA' }, 'EdDSA'), 'ERR_KEY');
    await expectCode(importKey({ kty: 'oct', k: Buffer.from(new Uint8Array(32)).toString('base64url') }, 'RS256'), 'ERR_KEY');
  });

  it('refuses garbage PEM', async () => {
    const { publicKey } = pemPair('RS256');
    const der = createPublicKey(publicKey).export({ type: 'spki', format: 'der' });
    const wrap = (label: string, body: string): string => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
    const garbage = [
      wrap('PUBLIC KEY', 'this is not base64!!'),
      wrap('PUBLIC KEY', Buffer.from(randomBytes(64)).toString('base64')),
      wrap('PUBLIC KEY', Buffer.from(der.subarray(0, der.length - 10)).toString('base64')),
      wrap('PRIVATE KEY', 'AAAA'),
      wrap('PUBLIC KEY', ''),
      wrap('ENCRYPTED PRIVATE KEY', Buffer.from(der).toString('base64')),
      wrap('CERTIFICATE', Buffer.from(der).toString('base64')),
      wrap('RSA PUBLIC KEY', 'AAAA'),
      wrap('EC PRIVATE KEY', Buffer.from(der).toString('base64')),
      publicKey.replace('-----END PUBLIC KEY-----', '-----END PRIVATE KEY-----'),
      publicKey.replace('-----END PUBLIC KEY-----', ''),
      '-----BEGIN PUBLIC KEY-----',
    ];
    for (const pem of garbage) {
      await expectCode(importKey(pem, 'RS256'), 'ERR_KEY');
    }
  });

  it('reads the first PEM block, ignoring text around it (openssl "Bag Attributes", chains)', async () => {
    const rsa = pemPair('RS256');
    const token = await sign({}, `Bag Attributes\n    localKeyID: 01 02\n${rsa.privateKey}`);
    expect((await verify(token, `${rsa.publicKey}${pemPair('ES256').publicKey}`)).header.alg).toBe('RS256');
    await expectCode(verify(token, `${pemPair('ES256').publicKey}${rsa.publicKey}`), 'ERR_JWT_ALGORITHM');
  });

  it('refuses PEM keys of unsupported algorithms and curves', async () => {
    const x25519 = generateKeyPairSync('x25519', { publicKeyEncoding: SPKI_PEM, privateKeyEncoding: PKCS8_PEM });
    const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1', publicKeyEncoding: SPKI_PEM, privateKeyEncoding: PKCS8_PEM });
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048, publicKeyEncoding: SPKI_PEM, privateKeyEncoding: PKCS8_PEM });
    await expectCode(importKey(x25519.publicKey, 'EdDSA'), 'ERR_KEY');
    await expectCode(importKey(secp256k1.publicKey, 'ES256'), 'ERR_KEY');
    await expectCode(importKey(pss.publicKey, 'PS256'), 'ERR_KEY');
  });

  it.each<[string, unknown]>([
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an empty object', {}],
    ['an array', [1, 2, 3]],
    ['a boolean', true],
    ['an ArrayBuffer', new ArrayBuffer(32)],
    ['an object with a non-string kty', { kty: 1 }],
  ])('refuses %s as key material with ERR_KEY', async (_label, material) => {
    await expectCode(importKey(material as KeyInput, 'HS256'), 'ERR_KEY');
    await expectCode(sign({}, material as KeyInput, { alg: 'HS256' }), 'ERR_KEY');
  });

  // RSA-OAEP and the other JWE algs import (jwe-import.test.ts); RSA1_5 is refused by name, dir is named by its enc.
  const refused = ['none', 'None', 'NONE', 'HS1', 'hs256', 'RS', '', 'ES256K', 'RSA1_5', 'dir', 'a256gcm'];
  it.each<string>(refused)('refuses the alg %j with ERR_INVALID_ARGUMENT', async (alg) => {
    await expectCode(importKey(keysFor('HS256').signKey, alg as Alg), 'ERR_INVALID_ARGUMENT');
    await expectCode(importKey(pemPair('RS256').publicKey, alg as Alg), 'ERR_INVALID_ARGUMENT');
  });

  it('a public key cannot sign', async () => {
    const { publicKey } = pemPair('ES256');
    await expectCode(sign({}, publicKey), 'ERR_KEY');
    await expectCode(sign({}, await importKey(publicKey, 'ES256')), 'ERR_KEY');
    await expectCode(sign({}, publicJwk(publicKey)), 'ERR_KEY');
    await expectCode(sign({}, (await generateCryptoKey('ES256')).verifyKey), 'ERR_KEY');
    await expectCode(sign({}, pemPair('RS256').publicKey, { alg: 'PS256' }), 'ERR_KEY');
  });

  it('a private key cannot verify', async () => {
    const { privateKey } = pemPair('ES256');
    const token = await sign({}, privateKey, { now: NOW });
    await expectCode(verify(token, privateKey, { now: NOW }), 'ERR_KEY');
    await expectCode(verify(token, await importKey(privateKey, 'ES256'), { now: NOW }), 'ERR_KEY');
    await expectCode(verify(token, privateJwk(privateKey), { now: NOW }), 'ERR_KEY');
    const sec1 = createPrivateKey(privateKey).export({ type: 'sec1', format: 'pem' }) as string;
    await expectCode(verify(token, sec1, { now: NOW }), 'ERR_KEY');
    const rsa = pemPair('RS256');
    const rsaToken = await sign({}, rsa.privateKey, { now: NOW });
    await expectCode(verify(rsaToken, createPrivateKey(rsa.privateKey).export({ type: 'pkcs1', format: 'pem' }) as string, { now: NOW }), 'ERR_KEY');
  });
});

describe('secrets are copied on first use', () => {
  it('changing a Buffer after use does not change the key', async () => {
    const { randomBytes } = await import('node:crypto');
    const buffer = randomBytes(64);
    const token = await sign({}, buffer, { alg: 'HS512' });
    buffer.fill(0);
    const forged = await sign({}, new Uint8Array(64), { alg: 'HS512' });
    await expectCode(verify(forged, buffer), 'ERR_JWT_SIGNATURE');
    await expectCode(verify(token, new Uint8Array(64)), 'ERR_JWT_SIGNATURE');
  });
});
