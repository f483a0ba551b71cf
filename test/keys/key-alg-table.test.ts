import { execFileSync, spawnSync } from 'node:child_process';
import { createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Alg,
  type Enc,
  type Jwk,
  type JweKeyInput,
  type JwtErrorCode,
  type KeyInput,
  type KeyManagementAlg,
  JwtError,
  createLocalJwks,
  cryptoBackend,
  decode,
  decryptJwe,
  encryptJwe,
  generateKeyPair,
  generateSecret,
  importKey,
  sign,
  verify,
} from '../../src/index.js';
import { ALGS, keysFor } from '../helpers.js';
import { KEY_ALGS, jweKeys } from '../jwe/keys.js';

/**
 * Every key form × every alg, in both directions: what `verify` answers for a token of that alg,
 * what `sign` answers when asked for that alg, and (JWKs) what a JWK set holding only that key
 * answers. One table, so a rule that differs between forms, or between a key and a key set,
 * shows up as a row that does not match.
 *
 * Expected outcomes: `ok`, or an error code. verify: ERR_JWT_ALGORITHM when the token's alg does not
 * fit the key's kind (key type, curve, secret length); ERR_KEY when the key is unusable or its own
 * metadata (a JWK's alg, use, key_ops, kid; a CryptoKey's usages; a private key) forbids the use.
 * sign: the alg is the caller's choice, so every refusal is ERR_KEY. A key set answers as the key
 * alone when that accepts, and skips the key (ERR_JWKS_NO_MATCH) otherwise. The JWE rows at the
 * end do the same for every JWE key-management alg: encryptJwe, decryptJwe and importKey.
 */

const NOW = 1_700_000_000;
type Outcome = 'ok' | JwtErrorCode;

const HS: Alg[] = ['HS256', 'HS384', 'HS512'];
const RSA: Alg[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const ED: Alg[] = ['EdDSA', 'Ed25519'];

interface Row {
  name: string;
  key: KeyInput;
  /** Signs the tokens this row must accept (the key itself for secrets, the private half otherwise). */
  signer?: KeyInput;
  /** verify: the algs accepted, and those refused with ERR_KEY; every other alg is ERR_JWT_ALGORITHM. */
  verifies: Alg[];
  verifyKeyErrors?: Alg[];
  /** sign: the algs it signs with; every other alg is ERR_KEY. */
  signs?: Alg[];
}

// Key material, made once per run.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = {
  'P-256': generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  'P-384': generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  'P-521': generateKeyPairSync('ec', { namedCurve: 'P-521' }),
};
const ed = generateKeyPairSync('ed25519');

const spki = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }) as string;
const pkcs8 = (key: KeyObject): string => key.export({ type: 'pkcs8', format: 'pem' }) as string;
const jwkOf = (key: KeyObject): Jwk => key.export({ format: 'jwk' }) as Jwk;

/** A secret of `length` bytes, as text (ASCII letters) or bytes. */
const secretText = (length: number): string => Array.from({ length }, (_, i) => 'kJ7qWz2mXbR9tLp4'[(i * 5 + length) % 16]).join('');
const secretBytes = (length: number): Uint8Array => new Uint8Array(length).map((_, i) => (i * 31 + length * 7) & 255);
const octJwk = (bytes: Uint8Array): Jwk => createSecretKey(bytes).export({ format: 'jwk' }) as Jwk;

/** The HS algs a secret of `length` bytes is long enough for (RFC 7518 §3.2). */
const hsFor = (length: number): Alg[] => HS.filter((alg) => length >= Number(alg.slice(2)) / 8);

/** A self-signed X.509 certificate for `key` (openssl; undefined where it is missing). */
function certificate(key: KeyObject): string | undefined {
  if (spawnSync('openssl', ['version']).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'jwtkit-table-'));
  try {
    writeFileSync(join(dir, 'key.pem'), pkcs8(key));
    return execFileSync('openssl', ['req', '-x509', '-key', join(dir, 'key.pem'), '-subj', '/CN=jwtkit table', '-days', '1'], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];

// Secrets: text and bytes, shorter than any HS alg allows, and long enough for one, two or three.
for (const length of [31, 32, 48, 64]) {
  for (const [form, key] of [
    ['text', secretText(length)],
    ['bytes', secretBytes(length)],
  ] as const) {
    const algs = hsFor(length);
    rows.push({ name: `secret ${form}, ${length} bytes`, key, signer: key, verifies: algs, verifyKeyErrors: algs.length === 0 ? ALGS : [], signs: algs });
  }
}

// PEM of each kind, public and private halves.
const rsaPrivate = pkcs8(rsa.privateKey);
const ecPrivate = (curve: keyof typeof ec) => pkcs8(ec[curve].privateKey);
rows.push(
  { name: 'PEM SPKI RSA', key: spki(rsa.publicKey), signer: rsaPrivate, verifies: RSA },
  { name: 'PEM PKCS#1 RSA public', key: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string, signer: rsaPrivate, verifies: RSA },
  { name: 'PEM PKCS#8 RSA private', key: rsaPrivate, verifies: [], verifyKeyErrors: RSA, signs: RSA },
  { name: 'PEM PKCS#1 RSA private', key: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, verifies: [], verifyKeyErrors: RSA, signs: RSA },
  { name: 'PEM SPKI EC P-256', key: spki(ec['P-256'].publicKey), signer: ecPrivate('P-256'), verifies: ['ES256'] },
  { name: 'PEM SPKI EC P-384', key: spki(ec['P-384'].publicKey), signer: ecPrivate('P-384'), verifies: ['ES384'] },
  { name: 'PEM SPKI EC P-521', key: spki(ec['P-521'].publicKey), signer: ecPrivate('P-521'), verifies: ['ES512'] },
  { name: 'PEM PKCS#8 EC P-384 private', key: ecPrivate('P-384'), verifies: [], verifyKeyErrors: ['ES384'], signs: ['ES384'] },
  {
    name: 'PEM SEC1 EC P-256 private',
    key: ec['P-256'].privateKey.export({ type: 'sec1', format: 'pem' }) as string,
    verifies: [],
    verifyKeyErrors: ['ES256'],
    signs: ['ES256'],
  },
  { name: 'PEM SPKI Ed25519', key: spki(ed.publicKey), signer: pkcs8(ed.privateKey), verifies: ED },
  { name: 'PEM PKCS#8 Ed25519 private', key: pkcs8(ed.privateKey), verifies: [], verifyKeyErrors: ED, signs: ED },
);
const rsaCertificate = certificate(rsa.privateKey);
const ecCertificate = certificate(ec['P-256'].privateKey);
if (rsaCertificate) rows.push({ name: 'PEM X.509 certificate, RSA', key: rsaCertificate, signer: rsaPrivate, verifies: RSA });
if (ecCertificate) rows.push({ name: 'PEM X.509 certificate, EC P-256', key: ecCertificate, signer: ecPrivate('P-256'), verifies: ['ES256'] });

// JWKs, with and without alg, use and key_ops.
const rsaJwk = jwkOf(rsa.publicKey);
const rsaPrivateJwk = jwkOf(rsa.privateKey);
const others = (algs: Alg[], but: Alg): Alg[] => algs.filter((alg) => alg !== but);
const jwkRows: Row[] = [
  { name: 'JWK RSA public', key: rsaJwk, signer: rsaPrivate, verifies: RSA },
  { name: 'JWK RSA public, alg RS256', key: { ...rsaJwk, alg: 'RS256' }, signer: rsaPrivate, verifies: ['RS256'], verifyKeyErrors: others(RSA, 'RS256') },
  { name: 'JWK RSA public, alg PS384', key: { ...rsaJwk, alg: 'PS384' }, signer: rsaPrivate, verifies: ['PS384'], verifyKeyErrors: others(RSA, 'PS384') },
  { name: 'JWK RSA public, alg RSA-OAEP (an encryption alg)', key: { ...rsaJwk, alg: 'RSA-OAEP' }, verifies: [], verifyKeyErrors: ALGS },
  { name: 'JWK RSA public, use sig', key: { ...rsaJwk, use: 'sig' }, signer: rsaPrivate, verifies: RSA },
  { name: 'JWK RSA public, use enc', key: { ...rsaJwk, use: 'enc' }, verifies: [], verifyKeyErrors: RSA },
  { name: 'JWK RSA public, key_ops [verify]', key: { ...rsaJwk, key_ops: ['verify'] }, signer: rsaPrivate, verifies: RSA },
  { name: 'JWK RSA public, key_ops [verify, sign]', key: { ...rsaJwk, key_ops: ['verify', 'sign'] }, signer: rsaPrivate, verifies: RSA },
  { name: 'JWK RSA public, key_ops [encrypt]', key: { ...rsaJwk, key_ops: ['encrypt'] }, verifies: [], verifyKeyErrors: RSA },
  { name: 'JWK RSA public, kid "r1"', key: { ...rsaJwk, kid: 'r1' }, signer: rsaPrivate, verifies: RSA },
  { name: 'JWK RSA private', key: rsaPrivateJwk, verifies: [], verifyKeyErrors: RSA, signs: RSA },
  { name: 'JWK RSA private, alg PS256', key: { ...rsaPrivateJwk, alg: 'PS256' }, verifies: [], verifyKeyErrors: RSA, signs: ['PS256'] },
  { name: 'JWK RSA private, key_ops [sign]', key: { ...rsaPrivateJwk, key_ops: ['sign'] }, verifies: [], verifyKeyErrors: RSA, signs: RSA },
  { name: 'JWK RSA private, key_ops [verify]', key: { ...rsaPrivateJwk, key_ops: ['verify'] }, verifies: [], verifyKeyErrors: RSA },
  { name: 'JWK EC P-256 public', key: jwkOf(ec['P-256'].publicKey), signer: ecPrivate('P-256'), verifies: ['ES256'] },
  {
    name: 'JWK EC P-521 public, alg ES512, use sig',
    key: { ...jwkOf(ec['P-521'].publicKey), alg: 'ES512', use: 'sig' },
    signer: ecPrivate('P-521'),
    verifies: ['ES512'],
  },
  { name: 'JWK EC P-384 private', key: jwkOf(ec['P-384'].privateKey), verifies: [], verifyKeyErrors: ['ES384'], signs: ['ES384'] },
  { name: 'JWK OKP Ed25519 public', key: jwkOf(ed.publicKey), signer: pkcs8(ed.privateKey), verifies: ED },
  // EdDSA (RFC 8037) and Ed25519 (RFC 9864) name one signature: a key pinned to either name does both.
  { name: 'JWK OKP Ed25519 public, alg EdDSA', key: { ...jwkOf(ed.publicKey), alg: 'EdDSA' }, signer: pkcs8(ed.privateKey), verifies: ED },
  { name: 'JWK OKP Ed25519 public, alg Ed25519', key: { ...jwkOf(ed.publicKey), alg: 'Ed25519' }, signer: pkcs8(ed.privateKey), verifies: ED },
  { name: 'JWK OKP Ed25519 private, alg Ed25519', key: { ...jwkOf(ed.privateKey), alg: 'Ed25519' }, verifies: [], verifyKeyErrors: ED, signs: ED },
  { name: 'JWK OKP Ed25519 private', key: jwkOf(ed.privateKey), verifies: [], verifyKeyErrors: ED, signs: ED },
  { name: 'JWK oct, 16 bytes', key: octJwk(secretBytes(16)), verifies: [], verifyKeyErrors: ALGS },
  // Disagreement (a): a 32-byte oct JWK without alg answers an HS512 token as the raw 32 bytes do.
  { name: 'JWK oct, 32 bytes', key: octJwk(secretBytes(32)), signer: secretBytes(32), verifies: ['HS256'], signs: ['HS256'] },
  { name: 'JWK oct, 64 bytes', key: octJwk(secretBytes(64)), signer: secretBytes(64), verifies: HS, signs: HS },
  {
    name: 'JWK oct, 64 bytes, alg HS384',
    key: { ...octJwk(secretBytes(64)), alg: 'HS384' },
    signer: secretBytes(64),
    verifies: ['HS384'],
    verifyKeyErrors: ['HS256', 'HS512'],
    signs: ['HS384'],
  },
  { name: 'JWK oct, 32 bytes, use enc', key: { ...octJwk(secretBytes(32)), use: 'enc' }, verifies: [], verifyKeyErrors: ['HS256'] },
  {
    name: 'JWK oct, 32 bytes, key_ops [sign]',
    key: { ...octJwk(secretBytes(32)), key_ops: ['sign'] },
    verifies: [],
    verifyKeyErrors: ['HS256'],
    signs: ['HS256'],
  },
  { name: 'JWK oct, 32 bytes, key_ops [verify]', key: { ...octJwk(secretBytes(32)), key_ops: ['verify'] }, signer: secretBytes(32), verifies: ['HS256'] },
  // Malformed metadata: the key is unusable, whatever the token's alg. Disagreement (c): a kid that is not a string.
  { name: 'JWK RSA public, kid 7 (not a string)', key: { ...rsaJwk, kid: 7 as unknown as string }, verifies: [], verifyKeyErrors: ALGS },
  {
    name: 'JWK RSA public, key_ops "verify" (not an array)',
    key: { ...rsaJwk, key_ops: 'verify' as unknown as string[] },
    verifies: [],
    verifyKeyErrors: ALGS,
  },
  { name: 'JWK RSA public, key_ops [verify, 7]', key: { ...rsaJwk, key_ops: ['verify', 7] as unknown as string[] }, verifies: [], verifyKeyErrors: ALGS },
  { name: 'JWK RSA public, use 1 (not a string)', key: { ...rsaJwk, use: 1 as unknown as string }, verifies: [], verifyKeyErrors: ALGS },
];
rows.push(...jwkRows);

// CryptoKeys: WebCrypto binds the hash (and curve) at import, so each can do one alg (EdDSA/Ed25519: both).
const subtle = globalThis.crypto.subtle;
const hmac = (bytes: Uint8Array, hash: string, usages: KeyUsage[] = ['sign', 'verify']) =>
  subtle.importKey('raw', bytes as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash }, false, usages);
const rsaSpkiDer = rsa.publicKey.export({ type: 'spki', format: 'der' });
rows.push(
  { name: 'CryptoKey HMAC SHA-256, 32 bytes', key: await hmac(secretBytes(32), 'SHA-256'), signer: secretBytes(32), verifies: ['HS256'], signs: ['HS256'] },
  { name: 'CryptoKey HMAC SHA-512, 64 bytes', key: await hmac(secretBytes(64), 'SHA-512'), signer: secretBytes(64), verifies: ['HS512'], signs: ['HS512'] },
  { name: 'CryptoKey HMAC SHA-256, 16 bytes', key: await hmac(secretBytes(16), 'SHA-256'), verifies: [], verifyKeyErrors: ['HS256'] },
  {
    name: 'CryptoKey HMAC SHA-256, usages [sign]',
    key: await hmac(secretBytes(32), 'SHA-256', ['sign']),
    verifies: [],
    verifyKeyErrors: ['HS256'],
    signs: ['HS256'],
  },
  {
    name: 'CryptoKey RSASSA-PKCS1-v1_5 SHA-256 public',
    key: await subtle.importKey('spki', rsaSpkiDer, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']),
    signer: rsaPrivate,
    verifies: ['RS256'],
  },
  {
    name: 'CryptoKey RSA-PSS SHA-384 public',
    key: await subtle.importKey('spki', rsaSpkiDer, { name: 'RSA-PSS', hash: 'SHA-384' }, false, ['verify']),
    signer: rsaPrivate,
    verifies: ['PS384'],
  },
  {
    name: 'CryptoKey RSASSA-PKCS1-v1_5 SHA-256 private',
    key: await subtle.importKey('pkcs8', rsa.privateKey.export({ type: 'pkcs8', format: 'der' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
      'sign',
    ]),
    verifies: [],
    verifyKeyErrors: ['RS256'],
    signs: ['RS256'],
  },
  {
    name: 'CryptoKey ECDSA P-256 public',
    key: await subtle.importKey('spki', ec['P-256'].publicKey.export({ type: 'spki', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'verify',
    ]),
    signer: ecPrivate('P-256'),
    verifies: ['ES256'],
  },
  {
    name: 'CryptoKey Ed25519 public',
    key: await subtle.importKey('spki', ed.publicKey.export({ type: 'spki', format: 'der' }), { name: 'Ed25519' }, false, ['verify']),
    signer: pkcs8(ed.privateKey),
    verifies: ED,
  },
  {
    name: 'CryptoKey RSA-OAEP (an encryption key)',
    key: await subtle.importKey('spki', rsaSpkiDer, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']),
    verifies: [],
    verifyKeyErrors: ALGS,
  },
);

// Keys: imported or generated for exactly one alg (an Ed25519 signature's: under either name).
const es384 = await generateKeyPair('ES384');
const hs384 = await generateSecret('HS384');
const eddsa = await generateKeyPair('EdDSA');
rows.push(
  { name: 'Key Ed25519 public, generated for EdDSA', key: eddsa.publicKey, signer: eddsa.privateKey, verifies: ED },
  { name: 'Key Ed25519 private, generated for EdDSA', key: eddsa.privateKey, verifies: [], verifyKeyErrors: ED, signs: ED },
  { name: 'Key Ed25519 public, imported for Ed25519', key: await importKey(spki(ed.publicKey), 'Ed25519'), signer: pkcs8(ed.privateKey), verifies: ED },
  { name: 'Key RSA public, imported for RS256', key: await importKey(spki(rsa.publicKey), 'RS256'), signer: rsaPrivate, verifies: ['RS256'] },
  { name: 'Key RSA private, imported for PS512', key: await importKey(rsaPrivate, 'PS512'), verifies: [], verifyKeyErrors: ['PS512'], signs: ['PS512'] },
  { name: 'Key EC P-384 public, generated for ES384', key: es384.publicKey, signer: es384.privateKey, verifies: ['ES384'] },
  { name: 'Key EC P-384 private, generated for ES384', key: es384.privateKey, verifies: [], verifyKeyErrors: ['ES384'], signs: ['ES384'] },
  { name: 'Key secret, generated for HS384', key: hs384, signer: hs384, verifies: ['HS384'], signs: ['HS384'] },
);

// node:crypto KeyObjects: the Node build reads one as its material (secret bytes, SPKI, PKCS#8), so
// each row answers as that material's row above; the WebCrypto build takes none (ERR_KEY).
const keyObjectRows: Row[] = [
  { name: 'KeyObject secret, 31 bytes', key: createSecretKey(secretBytes(31)), verifies: [], verifyKeyErrors: ALGS },
  { name: 'KeyObject secret, 48 bytes', key: createSecretKey(secretBytes(48)), signer: secretBytes(48), verifies: hsFor(48), signs: hsFor(48) },
  {
    name: 'KeyObject secret holding a PEM public key (never an HMAC secret)',
    key: createSecretKey(Buffer.from(spki(rsa.publicKey))),
    verifies: [],
    verifyKeyErrors: ALGS,
  },
  { name: 'KeyObject RSA public', key: rsa.publicKey, signer: rsaPrivate, verifies: RSA },
  { name: 'KeyObject RSA private', key: rsa.privateKey, verifies: [], verifyKeyErrors: RSA, signs: RSA },
  { name: 'KeyObject EC P-256 public', key: ec['P-256'].publicKey, signer: ecPrivate('P-256'), verifies: ['ES256'] },
  { name: 'KeyObject EC P-384 private', key: ec['P-384'].privateKey, verifies: [], verifyKeyErrors: ['ES384'], signs: ['ES384'] },
  { name: 'KeyObject Ed25519 public', key: ed.publicKey, signer: pkcs8(ed.privateKey), verifies: ED },
  { name: 'KeyObject Ed25519 private', key: ed.privateKey, verifies: [], verifyKeyErrors: ED, signs: ED },
  { name: 'KeyObject X25519 public (an encryption key)', key: generateKeyPairSync('x25519').publicKey, verifies: [], verifyKeyErrors: ALGS },
];
const refusedEverywhere = (row: Row): Row => ({ name: `${row.name} (WebCrypto build: refused)`, key: row.key, verifies: [], verifyKeyErrors: ALGS });
rows.push(...(cryptoBackend === 'node' ? keyObjectRows : keyObjectRows.map(refusedEverywhere)));

/** Tokens by signer and alg, signed once. */
const tokens = new Map<unknown, Map<Alg, Promise<string>>>();
function tokenFor(signer: KeyInput | undefined, alg: Alg): Promise<string> {
  const key = signer ?? keysFor(alg).signKey;
  let byAlg = tokens.get(key);
  if (!byAlg) tokens.set(key, (byAlg = new Map()));
  let token = byAlg.get(alg);
  if (!token) byAlg.set(alg, (token = sign({ sub: 'table' }, key, { alg, now: NOW })));
  return token;
}

async function outcome(action: Promise<unknown>): Promise<Outcome> {
  try {
    await action;
    return 'ok';
  } catch (error) {
    if (error instanceof JwtError) return error.code;
    throw error;
  }
}

function expectedVerify(row: Row, alg: Alg): Outcome {
  if (row.verifies.includes(alg)) return 'ok';
  return row.verifyKeyErrors?.includes(alg) ? 'ERR_KEY' : 'ERR_JWT_ALGORITHM';
}

/** Runs `check` for every alg, so a mismatch shows the whole row at once. */
async function byAlg(check: (alg: Alg) => Promise<Outcome>): Promise<Record<string, Outcome>> {
  return Object.fromEntries(await Promise.all(ALGS.map(async (alg) => [alg, await check(alg)] as const)));
}

const allAlgs = (expected: (alg: Alg) => Outcome): Record<string, Outcome> => Object.fromEntries(ALGS.map((alg) => [alg, expected(alg)]));

describe.each(rows)('$name', (row) => {
  it('verify: accepts exactly the algs it should, and refuses the rest with the right code', async () => {
    const actual = await byAlg(async (alg) => outcome(verify(await tokenFor(row.verifies.includes(alg) ? row.signer : undefined, alg), row.key, { now: NOW })));
    expect(actual).toEqual(allAlgs((alg) => expectedVerify(row, alg)));
  });

  it('sign: signs with exactly the algs it should; ERR_KEY otherwise', async () => {
    const actual = await byAlg(async (alg) => {
      const result = await outcome(sign({}, row.key, { alg, now: NOW }).then((token) => expect(decode(token).header.alg).toBe(alg)));
      return result;
    });
    expect(actual).toEqual(allAlgs((alg) => ((row.signs ?? []).includes(alg) ? 'ok' : 'ERR_KEY')));
  });
});

describe.each(jwkRows)('in a JWK set: $name', (row) => {
  it('a set holding only this key verifies exactly what the key alone does, and otherwise skips it (ERR_JWKS_NO_MATCH)', async () => {
    const keySet = createLocalJwks({ keys: [row.key as Jwk] });
    const actual = await byAlg(async (alg) => outcome(verify(await tokenFor(row.verifies.includes(alg) ? row.signer : undefined, alg), keySet, { now: NOW })));
    expect(actual).toEqual(allAlgs((alg) => (row.verifies.includes(alg) ? 'ok' : 'ERR_JWKS_NO_MATCH')));
  });
});

it('disagreement (a): a 32-byte oct JWK without alg refuses an HS512 token as the raw secret does, without blaming an "alg" it does not have', async () => {
  const token = await tokenFor(undefined, 'HS512');
  const raw = await verify(token, secretBytes(32)).catch((error: JwtError) => error);
  const jwk = await verify(token, octJwk(secretBytes(32))).catch((error: JwtError) => error);
  expect((raw as JwtError).code).toBe('ERR_JWT_ALGORITHM');
  expect((jwk as JwtError).code).toBe((raw as JwtError).code);
  expect((jwk as JwtError).message).not.toContain('"alg"');
});

/*
 * JWE: every key form × every key-management alg (issue 12), in three directions: encryptJwe with
 * that alg (the caller's choice: every refusal is ERR_KEY), decryptJwe of a token of that alg (as
 * verify: ERR_JWT_ALGORITHM when the token's alg does not fit the key's type, ERR_KEY when the key is
 * unusable, or its length, pin, use, key_ops, usages or direction forbid it), and importKey for that
 * alg (for dir: the row's enc), which works exactly when the key encrypts or decrypts with it.
 */

interface JweRow {
  name: string;
  key: JweKeyInput;
  /** The key that made the tokens this row must decrypt (the public half; a secret itself): by default the key. */
  peer?: JweKeyInput;
  /** The enc of every token (for dir, the one the secret's length fits). Default A256GCM. */
  enc?: Enc;
  /** encryptJwe: the algs it encrypts with; every other alg is ERR_KEY. */
  encrypts: KeyManagementAlg[];
  /** decryptJwe: the algs it decrypts, and those refused with ERR_KEY; every other alg is ERR_JWT_ALGORITHM. */
  decrypts: KeyManagementAlg[];
  decryptKeyErrors?: KeyManagementAlg[];
}

const RSA_OAEP: KeyManagementAlg[] = ['RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'];
const ECDH: KeyManagementAlg[] = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'];
const PBES2: KeyManagementAlg[] = ['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'];
const SECRET_ALGS = KEY_ALGS.filter((alg) => !RSA_OAEP.includes(alg) && !ECDH.includes(alg));
const only = (...algs: KeyManagementAlg[]) => algs;
const but = (algs: KeyManagementAlg[], ...left: KeyManagementAlg[]) => algs.filter((alg) => !left.includes(alg));

/** The algs a secret of `length` bytes does: its KW and GCMKW algs, dir when `enc` takes that length, and PBES2 (any password). */
function secretAlgs(length: number, enc?: Enc): KeyManagementAlg[] {
  const kw = [16, 24, 32].includes(length) ? [`A${length * 8}KW`, `A${length * 8}GCMKW`] : [];
  return [...(enc ? ['dir'] : []), ...kw, ...PBES2] as KeyManagementAlg[];
}

const DIR_ENC: Record<number, Enc> = { 16: 'A128GCM', 24: 'A192GCM', 32: 'A256GCM', 48: 'A192CBC-HS384', 64: 'A256CBC-HS512' };
const x25519 = generateKeyPairSync('x25519');
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 });
const rsaPublic = spki(rsa.publicKey);
const ecdhPublic = (curve: keyof typeof ec) => spki(ec[curve].publicKey);

/** An asymmetric pair's two rows: the public key encrypts `algs`, the private key decrypts them (tokens from the public key). */
function pairRows(name: string, publicKey: JweKeyInput, privateKey: JweKeyInput, algs: KeyManagementAlg[], peer = publicKey): JweRow[] {
  return [
    { name: `${name} public`, key: publicKey, encrypts: algs, decrypts: [], decryptKeyErrors: algs },
    { name: `${name} private`, key: privateKey, peer, encrypts: [], decrypts: algs },
  ];
}

/** A key that is no JWE key at all: refused in every direction with ERR_KEY. */
const noJweKey = (name: string, key: JweKeyInput): JweRow => ({ name, key, encrypts: [], decrypts: [], decryptKeyErrors: KEY_ALGS });

const jweRows: JweRow[] = [];

// Secrets: text and bytes of each length a JWE alg takes, one byte short of the shortest, and empty.
for (const length of [15, 16, 24, 32, 48, 64]) {
  for (const [form, key] of [
    ['text', secretText(length)],
    ['bytes', secretBytes(length)],
  ] as const) {
    const algs = secretAlgs(length, DIR_ENC[length]);
    jweRows.push({
      name: `JWE: secret ${form}, ${length} bytes`,
      key,
      enc: DIR_ENC[length],
      encrypts: algs,
      decrypts: algs,
      // A token whose alg or enc wants another length is the token's fault (ERR_JWT_ALGORITHM), as in verify.
    });
  }
}
jweRows.push(noJweKey('JWE: secret text, empty', ''));

// PEM: RSA (SPKI, PKCS#8, PKCS#1, a certificate), EC on each curve (SPKI, PKCS#8, SEC1), X25519; Ed25519 and RSA under 2048 bits are no JWE keys.
jweRows.push(
  ...pairRows('JWE: PEM RSA, SPKI / PKCS#8', rsaPublic, pkcs8(rsa.privateKey), RSA_OAEP),
  ...pairRows(
    'JWE: PEM RSA, PKCS#1',
    rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    RSA_OAEP,
  ),
  ...pairRows('JWE: PEM EC P-256', ecdhPublic('P-256'), pkcs8(ec['P-256'].privateKey), ECDH),
  ...pairRows('JWE: PEM EC P-384', ecdhPublic('P-384'), pkcs8(ec['P-384'].privateKey), ECDH),
  ...pairRows('JWE: PEM EC P-521', ecdhPublic('P-521'), ec['P-521'].privateKey.export({ type: 'sec1', format: 'pem' }) as string, ECDH),
  ...pairRows('JWE: PEM X25519', spki(x25519.publicKey), pkcs8(x25519.privateKey), ECDH),
  { name: 'JWE: PEM RSA 1024-bit public', key: spki(rsa1024.publicKey), encrypts: [], decrypts: [], decryptKeyErrors: RSA_OAEP },
  { name: 'JWE: PEM RSA 1024-bit private', key: pkcs8(rsa1024.privateKey), encrypts: [], decrypts: [], decryptKeyErrors: RSA_OAEP },
  noJweKey('JWE: PEM Ed25519 public (a signing key)', spki(ed.publicKey)),
  noJweKey('JWE: PEM Ed25519 private (a signing key)', pkcs8(ed.privateKey)),
);
if (rsaCertificate)
  jweRows.push({ name: 'JWE: PEM X.509 certificate, RSA', key: rsaCertificate, encrypts: RSA_OAEP, decrypts: [], decryptKeyErrors: RSA_OAEP });

// JWKs, with and without alg, use and key_ops.
const rsaEncJwk = jwkOf(rsa.publicKey);
const rsaEncPrivateJwk = jwkOf(rsa.privateKey);
const secret32 = secretBytes(32);
const oct32 = octJwk(secret32);
jweRows.push(
  ...pairRows('JWE: JWK RSA', rsaEncJwk, rsaEncPrivateJwk, RSA_OAEP),
  ...pairRows('JWE: JWK EC P-384', jwkOf(ec['P-384'].publicKey), jwkOf(ec['P-384'].privateKey), ECDH),
  ...pairRows('JWE: JWK OKP X25519', jwkOf(x25519.publicKey), jwkOf(x25519.privateKey), ECDH),
  {
    name: 'JWE: JWK RSA public, alg RSA-OAEP-256',
    key: { ...rsaEncJwk, alg: 'RSA-OAEP-256' },
    encrypts: only('RSA-OAEP-256'),
    decrypts: [],
    decryptKeyErrors: RSA_OAEP,
  },
  {
    name: 'JWE: JWK RSA private, alg RSA-OAEP',
    key: { ...rsaEncPrivateJwk, alg: 'RSA-OAEP' },
    peer: rsaPublic,
    encrypts: [],
    decrypts: only('RSA-OAEP'),
    decryptKeyErrors: but(RSA_OAEP, 'RSA-OAEP'),
  },
  { name: 'JWE: JWK RSA public, use enc', key: { ...rsaEncJwk, use: 'enc' }, encrypts: RSA_OAEP, decrypts: [], decryptKeyErrors: RSA_OAEP },
  noJweKey('JWE: JWK RSA public, use sig', { ...rsaEncJwk, use: 'sig' }),
  noJweKey('JWE: JWK RSA private, use sig', { ...rsaEncPrivateJwk, use: 'sig' }),
  { name: 'JWE: JWK RSA public, alg RS256 (a signature alg)', key: { ...rsaEncJwk, alg: 'RS256' }, encrypts: [], decrypts: [], decryptKeyErrors: RSA_OAEP },
  { name: 'JWE: JWK RSA public, key_ops [encrypt]', key: { ...rsaEncJwk, key_ops: ['encrypt'] }, encrypts: RSA_OAEP, decrypts: [], decryptKeyErrors: RSA_OAEP },
  { name: 'JWE: JWK RSA public, key_ops [wrapKey]', key: { ...rsaEncJwk, key_ops: ['wrapKey'] }, encrypts: RSA_OAEP, decrypts: [], decryptKeyErrors: RSA_OAEP },
  { name: 'JWE: JWK RSA public, key_ops [verify]', key: { ...rsaEncJwk, key_ops: ['verify'] }, encrypts: [], decrypts: [], decryptKeyErrors: RSA_OAEP },
  {
    name: 'JWE: JWK RSA private, key_ops [unwrapKey]',
    key: { ...rsaEncPrivateJwk, key_ops: ['unwrapKey'] },
    peer: rsaPublic,
    encrypts: [],
    decrypts: RSA_OAEP,
  },
  { name: 'JWE: JWK RSA private, key_ops [sign]', key: { ...rsaEncPrivateJwk, key_ops: ['sign'] }, encrypts: [], decrypts: [], decryptKeyErrors: RSA_OAEP },
  {
    name: 'JWE: JWK EC P-256 private, key_ops [deriveBits]',
    key: { ...jwkOf(ec['P-256'].privateKey), key_ops: ['deriveBits'] },
    peer: ecdhPublic('P-256'),
    encrypts: [],
    decrypts: ECDH,
  },
  noJweKey('JWE: JWK OKP Ed25519 public (a signing key)', jwkOf(ed.publicKey)),
  {
    name: 'JWE: JWK oct, 32 bytes',
    key: oct32,
    peer: secret32,
    enc: 'A256GCM',
    encrypts: secretAlgs(32, 'A256GCM'),
    decrypts: secretAlgs(32, 'A256GCM'),
  },
  {
    name: 'JWE: JWK oct, 32 bytes, alg A256KW',
    key: { ...oct32, alg: 'A256KW' },
    peer: secret32,
    encrypts: only('A256KW'),
    decrypts: only('A256KW'),
    decryptKeyErrors: but(SECRET_ALGS, 'A256KW'),
  },
  // An enc as alg pins the secret to dir with that enc (RFC 7520 §5.6): with another enc it does nothing.
  {
    name: 'JWE: JWK oct, 32 bytes, alg A256GCM',
    key: { ...oct32, alg: 'A256GCM' },
    peer: secret32,
    enc: 'A256GCM',
    encrypts: only('dir'),
    decrypts: only('dir'),
    decryptKeyErrors: but(SECRET_ALGS, 'dir'),
  },
  {
    name: 'JWE: JWK oct, 32 bytes, alg A256GCM, enc A128CBC-HS256',
    key: { ...oct32, alg: 'A256GCM' },
    enc: 'A128CBC-HS256',
    encrypts: [],
    decrypts: [],
    decryptKeyErrors: SECRET_ALGS,
  },
  {
    name: 'JWE: JWK oct, 32 bytes, key_ops [wrapKey]',
    key: { ...oct32, key_ops: ['wrapKey'] },
    enc: 'A256GCM',
    encrypts: secretAlgs(32, 'A256GCM'),
    decrypts: [],
    // Refused by key_ops where the length fits; where it does not, the token's alg is (ERR_JWT_ALGORITHM).
    decryptKeyErrors: secretAlgs(32, 'A256GCM'),
  },
  noJweKey('JWE: JWK oct, 32 bytes, use sig', { ...oct32, use: 'sig' }),
  noJweKey('JWE: JWK oct, empty', { kty: 'oct', k: '' }),
);

// CryptoKeys: WebCrypto binds RSA-OAEP's hash (one alg), ECDH's curve; usages narrow what each may do; AES and signature CryptoKeys are no JWE keys.
const der = (key: KeyObject, type: 'spki' | 'pkcs8') => key.export({ type, format: 'der' });
const oaep = (hash: string) => ({ name: 'RSA-OAEP', hash });
const ecdhCryptoKey = async (curve: 'P-384' | 'X25519', usages: KeyUsage[]) => {
  const pair = curve === 'X25519' ? x25519 : ec[curve];
  const params = curve === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: curve };
  return usages.length === 0
    ? subtle.importKey('spki', der(pair.publicKey, 'spki'), params, true, [])
    : subtle.importKey('pkcs8', der(pair.privateKey, 'pkcs8'), params, false, usages);
};
/**
 * A key made for one alg (a Key, a CryptoKey's bound hash): a token of another alg is the token's
 * fault (ERR_JWT_ALGORITHM); ERR_KEY only for its own alg when the key may not decrypt (a public key).
 */
const madeForOneAlg = (row: JweRow): JweRow => ({ ...row, decryptKeyErrors: row.encrypts.filter((alg) => !row.decrypts.includes(alg)) });
jweRows.push(
  ...pairRows(
    'JWE: CryptoKey RSA-OAEP SHA-256',
    await subtle.importKey('spki', der(rsa.publicKey, 'spki'), oaep('SHA-256'), true, ['encrypt']),
    await subtle.importKey('pkcs8', der(rsa.privateKey, 'pkcs8'), oaep('SHA-256'), false, ['decrypt']),
    only('RSA-OAEP-256'),
    rsaPublic,
  ).map(madeForOneAlg),
  {
    name: 'JWE: CryptoKey RSA-OAEP SHA-1 private',
    key: await subtle.importKey('pkcs8', der(rsa.privateKey, 'pkcs8'), oaep('SHA-1'), false, ['decrypt']),
    peer: rsaPublic,
    encrypts: [],
    decrypts: only('RSA-OAEP'),
  },
  {
    name: 'JWE: CryptoKey RSA-OAEP SHA-256 private, usages [unwrapKey]',
    key: await subtle.importKey('pkcs8', der(rsa.privateKey, 'pkcs8'), oaep('SHA-256'), false, ['unwrapKey']),
    encrypts: [],
    decrypts: [],
    // Its own alg: refused by its usages (ERR_KEY); the others are not its alg.
    decryptKeyErrors: only('RSA-OAEP-256'),
  },
  ...pairRows('JWE: CryptoKey ECDH P-384', await ecdhCryptoKey('P-384', []), await ecdhCryptoKey('P-384', ['deriveBits']), ECDH),
  ...pairRows('JWE: CryptoKey X25519', await ecdhCryptoKey('X25519', []), await ecdhCryptoKey('X25519', ['deriveBits']), ECDH),
  noJweKey(
    'JWE: CryptoKey AES-KW (pass a secret as bytes)',
    await subtle.importKey('raw', secretBytes(16) as Uint8Array<ArrayBuffer>, 'AES-KW', false, ['wrapKey', 'unwrapKey']),
  ),
  noJweKey(
    'JWE: CryptoKey RSASSA-PKCS1-v1_5 (a signing key)',
    await subtle.importKey('spki', der(rsa.publicKey, 'spki'), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']),
  ),
);

// Keys: generated or imported for exactly one JWE alg (a dir secret: for its enc); a signature Key is no JWE key.
const oaep384 = await generateKeyPair('RSA-OAEP-384');
const ecdhKw = await generateKeyPair('ECDH-ES+A128KW', { crv: 'X25519' });
const kw256 = await generateSecret('A256KW');
const cek128 = await generateSecret('A128GCM');
const imported = {
  publicKey: await importKey(rsaPublic, 'RSA-OAEP-512'),
  privateKey: await importKey(pkcs8(rsa.privateKey), 'RSA-OAEP-512'),
  gcmkw: await importKey(secretBytes(24), 'A192GCMKW'),
  cek: await importKey(secretBytes(48), 'A192CBC-HS384'),
  password: await importKey('correct horse battery staple', 'PBES2-HS384+A192KW'),
};
const keyRow = (name: string, key: JweKeyInput, alg: KeyManagementAlg, enc?: Enc): JweRow => ({
  name,
  key,
  enc,
  encrypts: only(alg),
  decrypts: only(alg),
});
jweRows.push(
  ...pairRows('JWE: Key RSA, generated for RSA-OAEP-384', oaep384.publicKey, oaep384.privateKey, only('RSA-OAEP-384')).map(madeForOneAlg),
  ...pairRows('JWE: Key X25519, generated for ECDH-ES+A128KW', ecdhKw.publicKey, ecdhKw.privateKey, only('ECDH-ES+A128KW')).map(madeForOneAlg),
  ...pairRows('JWE: Key RSA, imported for RSA-OAEP-512', imported.publicKey, imported.privateKey, only('RSA-OAEP-512')).map(madeForOneAlg),
  keyRow('JWE: Key secret, generated for A256KW', kw256, 'A256KW'),
  keyRow('JWE: Key secret, generated for A128GCM (dir)', cek128, 'dir', 'A128GCM'),
  keyRow('JWE: Key secret, imported for A192GCMKW', imported.gcmkw, 'A192GCMKW'),
  keyRow('JWE: Key secret, imported for A192CBC-HS384 (dir)', imported.cek, 'dir', 'A192CBC-HS384'),
  keyRow('JWE: Key password, imported for PBES2-HS384+A192KW', imported.password, 'PBES2-HS384+A192KW'),
  noJweKey('JWE: Key EC P-384, generated for ES384 (a signature key)', es384.publicKey),
  noJweKey('JWE: Key secret, generated for HS384 (a signature key)', hs384),
);

// node:crypto KeyObjects: the Node build reads one as its material, so each row answers as that material's row above; the WebCrypto build takes none (ERR_KEY).
const jweKeyObjectRows: JweRow[] = [
  ...pairRows('JWE: KeyObject RSA', rsa.publicKey, rsa.privateKey, RSA_OAEP, rsaPublic),
  ...pairRows('JWE: KeyObject X25519', x25519.publicKey, x25519.privateKey, ECDH, spki(x25519.publicKey)),
  {
    name: 'JWE: KeyObject secret, 16 bytes',
    key: createSecretKey(secretBytes(16)),
    peer: secretBytes(16),
    enc: 'A128GCM',
    encrypts: secretAlgs(16, 'A128GCM'),
    decrypts: secretAlgs(16, 'A128GCM'),
  },
  noJweKey('JWE: KeyObject Ed25519 public (a signing key)', ed.publicKey),
];
jweRows.push(...(cryptoBackend === 'node' ? jweKeyObjectRows : jweKeyObjectRows.map((row) => noJweKey(`${row.name} (WebCrypto build: refused)`, row.key))));

const P2C = { p2c: 1_000 }; // the least PBES2 count: the table is about keys, not PBKDF2's cost

/** A token of `alg` for `row`: from its peer when the peer can make one, else from a key of that alg (test/jwe/keys.ts). */
const jweTokens = new Map<unknown, Map<string, Promise<string>>>();
function jweTokenFor(row: JweRow, alg: KeyManagementAlg): Promise<string> {
  const enc = row.enc ?? 'A256GCM';
  const peer = row.peer ?? row.key;
  let byAlg = jweTokens.get(peer);
  if (!byAlg) jweTokens.set(peer, (byAlg = new Map()));
  let token = byAlg.get(`${alg} ${enc}`);
  if (!token) {
    const options = { alg, enc, ...P2C };
    token = encryptJwe('table', peer, options).catch(() => encryptJwe('table', jweKeys(alg, enc).encryptKey, options));
    byAlg.set(`${alg} ${enc}`, token);
  }
  return token;
}

async function byJweAlg(check: (alg: KeyManagementAlg) => Promise<Outcome>): Promise<Record<string, Outcome>> {
  return Object.fromEntries(await Promise.all(KEY_ALGS.map(async (alg) => [alg, await check(alg)] as const)));
}
const allJweAlgs = (expected: (alg: KeyManagementAlg) => Outcome): Record<string, Outcome> => Object.fromEntries(KEY_ALGS.map((alg) => [alg, expected(alg)]));

function expectedDecrypt(row: JweRow, alg: KeyManagementAlg): Outcome {
  if (row.decrypts.includes(alg)) return 'ok';
  return row.decryptKeyErrors?.includes(alg) ? 'ERR_KEY' : 'ERR_JWT_ALGORITHM';
}

describe.each(jweRows)('$name', (row) => {
  const enc = row.enc ?? 'A256GCM';

  it('encryptJwe: encrypts with exactly the algs it should; ERR_KEY otherwise', async () => {
    const actual = await byJweAlg(async (alg) => outcome(encryptJwe('table', row.key, { alg, enc, ...P2C })));
    expect(actual).toEqual(allJweAlgs((alg) => (row.encrypts.includes(alg) ? 'ok' : 'ERR_KEY')));
  });

  it('decryptJwe: decrypts exactly the algs it should, and refuses the rest with the right code', async () => {
    // The allow-lists name the token's alg and enc: by default they hold what the key can do, and would answer before the key's rules.
    const actual = await byJweAlg(async (alg) => outcome(decryptJwe(await jweTokenFor(row, alg), row.key, { algorithms: [alg], encryptions: [enc] })));
    expect(actual).toEqual(allJweAlgs((alg) => expectedDecrypt(row, alg)));
  });

  it('importKey: imports for exactly the algs it encrypts or decrypts with (dir: its enc); ERR_KEY otherwise', async () => {
    const actual = await byJweAlg(async (alg) => outcome(importKey(row.key as KeyInput, alg === 'dir' ? enc : alg)));
    expect(actual).toEqual(allJweAlgs((alg) => (row.encrypts.includes(alg) || row.decrypts.includes(alg) ? 'ok' : 'ERR_KEY')));
  });
});
