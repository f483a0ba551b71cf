/**
 * JWE interop with jose@6 both ways, for every alg × enc: what jwtkit encrypts jose decrypts, and
 * what jose encrypts jwtkit decrypts (on this build: the suite runs once per build). Also JWTs:
 * jose's EncryptJWT read by `decrypt`, and `encrypt`'s tokens read by jose's jwtDecrypt.
 */
import { CompactEncrypt, EncryptJWT, compactDecrypt, importJWK, jwtDecrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { type Jwk, decrypt, decryptJwe, encrypt, encryptJwe } from '../../src/index.js';
import { ENCS, KEY_ALGS, allowing, jweKeys } from '../jwe/keys.js';

type JoseKey = CryptoKey | Uint8Array;

/** A jwtkit key as jose takes it: secret bytes (a PBES2 password as its UTF-8), or the JWK imported for `alg`. */
async function joseKey(key: Jwk | Uint8Array | string, alg: string): Promise<JoseKey> {
  if (typeof key === 'string') return new TextEncoder().encode(key);
  if (key instanceof Uint8Array) return key;
  return (await importJWK(key, alg)) as JoseKey;
}

const plaintext = 'interop plaintext, Ünïcödé';
const PAIRS = KEY_ALGS.flatMap((alg) => ENCS.map((enc) => [alg, enc] as const));

describe('jwtkit encryptJwe → jose compactDecrypt', () => {
  it.each(PAIRS)('%s + %s', async (alg, enc) => {
    const { encryptKey, decryptKey } = jweKeys(alg, enc);
    const token = await encryptJwe(plaintext, encryptKey, { alg, enc });
    const result = await compactDecrypt(token, await joseKey(decryptKey, alg), { keyManagementAlgorithms: [alg] });
    expect(new TextDecoder().decode(result.plaintext)).toBe(plaintext);
  });
});

describe('jose CompactEncrypt → jwtkit decryptJwe', () => {
  it.each(PAIRS)('%s + %s', async (alg, enc) => {
    const { encryptKey, decryptKey } = jweKeys(alg, enc);
    const token = await new CompactEncrypt(new TextEncoder().encode(plaintext)).setProtectedHeader({ alg, enc }).encrypt(await joseKey(encryptKey, alg));
    const result = await decryptJwe(token, decryptKey, allowing(alg));
    expect(new TextDecoder().decode(result.plaintext)).toBe(plaintext);
  });

  it.each(['X25519', 'P-384', 'P-521'] as const)('ECDH-ES+A256KW on %s', async (curve) => {
    const { encryptKey, decryptKey } = jweKeys('ECDH-ES+A256KW', 'A256GCM', curve);
    const token = await new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM' })
      .encrypt(await joseKey(encryptKey, 'ECDH-ES+A256KW'));
    expect(new TextDecoder().decode((await decryptJwe(token, decryptKey)).plaintext)).toBe(plaintext);
    const ours = await encryptJwe(plaintext, encryptKey, { alg: 'ECDH-ES+A256KW' });
    expect(new TextDecoder().decode((await compactDecrypt(ours, await joseKey(decryptKey, 'ECDH-ES+A256KW'))).plaintext)).toBe(plaintext);
  });

  it('zip: "DEF" both ways', async () => {
    const { encryptKey, decryptKey } = jweKeys('A128KW', 'A128GCM');
    const long = 'compress me '.repeat(200);
    const theirs = await new CompactEncrypt(new TextEncoder().encode(long))
      .setProtectedHeader({ alg: 'A128KW', enc: 'A128GCM', zip: 'DEF' })
      .encrypt(encryptKey as Uint8Array);
    expect(new TextDecoder().decode((await decryptJwe(theirs, decryptKey)).plaintext)).toBe(long);
  });
});

describe('JWTs both ways', () => {
  const secret = new Uint8Array(64).fill(7);

  it('jose EncryptJWT (dir + A256CBC-HS512, as Auth.js makes them) → decrypt, claims validated', async () => {
    const token = await new EncryptJWT({ name: 'Ada' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256CBC-HS512' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .setIssuer('https://issuer.example')
      .encrypt(secret);
    const { payload } = await decrypt(token, secret, { issuer: 'https://issuer.example' });
    expect(payload.name).toBe('Ada');
  });

  it('encrypt → jose jwtDecrypt', async () => {
    const token = await encrypt({ name: 'Ada' }, secret, { expiresIn: '1h', audience: 'app' });
    const { payload } = await jwtDecrypt(token, secret, { audience: 'app' });
    expect(payload.name).toBe('Ada');
  });
});
