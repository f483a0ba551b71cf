import { execFileSync, spawnSync } from 'node:child_process';
import { createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Alg,
  type Jwk,
  type JwtErrorCode,
  type KeyInput,
  JwtError,
  createLocalJwks,
  cryptoBackend,
  decode,
  generateKeyPair,
  generateSecret,
  importKey,
  sign,
  verify,
} from '../../src/index.js';
import { ALGS, keysFor } from '../helpers.js';

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
 * alone when that accepts, and skips the key (ERR_JWKS_NO_MATCH) otherwise.
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
