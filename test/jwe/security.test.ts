import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVerifier, decode, decrypt, decryptJwe, encrypt, encryptJwe, sign, verify, verifyJws, type Jwk } from '../../src/index.js';
import { expectCode } from '../helpers.js';
import { jweKeys } from './keys.js';

/** The JWE security rules of issue 12, each one a test that would fail without it. */

const b64 = (value: unknown) =>
  (value instanceof Uint8Array ? Buffer.from(value) : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))).toString('base64url');
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
/** The token with its protected header replaced (the AAD changes too, but header checks come first). */
const withHeader = (token: string, header: Record<string, unknown>) => [b64(header), ...token.split('.').slice(1)].join('.');
const flip = (segment: string, at = 0) => {
  const bytes = Buffer.from(segment, 'base64url');
  bytes[at]! ^= 1;
  return bytes.toString('base64url');
};
const withSegment = (token: string, index: number, value: string) =>
  token
    .split('.')
    .map((s, i) => (i === index ? value : s))
    .join('.');

describe('one error for every decryption failure', () => {
  const secret = new Uint8Array(32).fill(1);

  it.each([
    ['a wrong dir key', 'dir', 'A256GCM'],
    ['a wrong KW key', 'A256KW', 'A256GCM'],
    ['a wrong GCMKW key', 'A256GCMKW', 'A128CBC-HS256'],
  ] as const)('%s: ERR_JWE_DECRYPTION', async (_name, alg, enc) => {
    const token = await encryptJwe('x', secret, { alg, enc });
    const error = await expectCode(decryptJwe(token, new Uint8Array(32).fill(2)), 'ERR_JWE_DECRYPTION');
    expect(error.message).toBe('decryption failed');
  });

  it('a wrong RSA key: ERR_JWE_DECRYPTION, the same message', async () => {
    const token = await encryptJwe('x', jweKeys('RSA-OAEP-256', 'A256GCM').encryptKey, { alg: 'RSA-OAEP-256' });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Jwk;
    expect((await expectCode(decryptJwe(token, other), 'ERR_JWE_DECRYPTION')).message).toBe('decryption failed');
  });

  it.each([
    ['encrypted key', 1],
    ['IV', 2],
    ['ciphertext', 3],
    ['tag', 4],
  ])('a changed %s: ERR_JWE_DECRYPTION, the same message', async (_name, index) => {
    const token = await encryptJwe('some plaintext', secret, { alg: 'A256KW', enc: 'A128CBC-HS256' });
    const changed = withSegment(token, index, flip(token.split('.')[index]!));
    expect((await expectCode(decryptJwe(changed, secret), 'ERR_JWE_DECRYPTION')).message).toBe('decryption failed');
  });

  it('a changed protected header (a new kid) fails at the tag: the header is the AAD', async () => {
    const token = await encryptJwe('x', secret, { alg: 'dir', enc: 'A256GCM', kid: 'a' });
    await expectCode(decryptJwe(withHeader(token, { ...headerOf(token), kid: 'b' }), secret), 'ERR_JWE_DECRYPTION');
  });

  it('GCM: a truncated tag or a short IV is refused (128-bit tag, 96-bit IV exactly)', async () => {
    const token = await encryptJwe('x', secret, { alg: 'dir', enc: 'A256GCM' });
    const [, , iv, , tag] = token.split('.');
    await expectCode(decryptJwe(withSegment(token, 4, Buffer.from(tag!, 'base64url').subarray(0, 12).toString('base64url')), secret), 'ERR_JWE_DECRYPTION');
    await expectCode(decryptJwe(withSegment(token, 2, Buffer.from(iv!, 'base64url').subarray(0, 8).toString('base64url')), secret), 'ERR_JWE_DECRYPTION');
  });

  it('a CEK of the wrong length after unwrapping fails at the tag, like a wrong key (no oracle)', async () => {
    // A KW-wrapped 16-byte CEK where A256GCM needs 32: unwraps fine, is the wrong length.
    const kek = new Uint8Array(32).fill(3);
    const good = await encryptJwe('x', kek, { alg: 'A256KW', enc: 'A128GCM' });
    const shortCek = good.split('.')[1]!;
    const forged = await encryptJwe('x', kek, { alg: 'A256KW', enc: 'A256GCM' });
    expect((await expectCode(decryptJwe(withSegment(forged, 1, shortCek), kek), 'ERR_JWE_DECRYPTION')).message).toBe('decryption failed');
  });

  it("a token whose alg or enc wants another secret length: ERR_JWT_ALGORITHM (the token's fault, as verify says), before any decryption", async () => {
    const token = await encryptJwe('x', secret, { alg: 'dir', enc: 'A256GCM' });
    await expectCode(decryptJwe(token, new Uint8Array(16), { encryptions: ['A256GCM'], algorithms: ['dir'] }), 'ERR_JWT_ALGORITHM');
    const wrapped = await encryptJwe('x', secret, { alg: 'A256KW' });
    await expectCode(decryptJwe(wrapped, new Uint8Array(16), { algorithms: ['A256KW'] }), 'ERR_JWT_ALGORITHM');
    // Encrypting, the caller chose the alg: ERR_KEY.
    await expectCode(encryptJwe('x', new Uint8Array(16), { alg: 'A256KW' }), 'ERR_KEY');
  });
});

describe('header rules', () => {
  const secret = new Uint8Array(32).fill(1);

  it('RSA1_5 is refused by name, at decryption and at encryption', async () => {
    const token = await encryptJwe('x', secret, { alg: 'A256KW' });
    const error = await expectCode(decryptJwe(withHeader(token, { ...headerOf(token), alg: 'RSA1_5' }), secret), 'ERR_JWT_ALGORITHM');
    expect(error.message).toMatch(/Bleichenbacher/);
    await expectCode(encryptJwe('x', jweKeys('RSA-OAEP', 'A256GCM').encryptKey, { alg: 'RSA1_5' as 'RSA-OAEP' }), 'ERR_INVALID_ARGUMENT');
  });

  it('crit is refused', async () => {
    const token = await encryptJwe('x', secret, { alg: 'dir' });
    await expectCode(decryptJwe(withHeader(token, { ...headerOf(token), crit: ['exp'], exp: 1 }), secret), 'ERR_JWT_MALFORMED');
  });

  it('zip other than DEF is refused; encryptJwe will not let the header set alg, enc, zip, epk or p2c', async () => {
    const token = await encryptJwe('x', secret, { alg: 'dir' });
    await expectCode(decryptJwe(withHeader(token, { ...headerOf(token), zip: 'GZIP' }), secret), 'ERR_JWT_MALFORMED');
    for (const name of ['alg', 'enc', 'zip', 'epk', 'p2c']) await expectCode(encryptJwe('x', secret, { header: { [name]: 'x' } }), 'ERR_INVALID_ARGUMENT');
  });

  it('alg and enc must be in the allow-lists (default: what the key can do)', async () => {
    const token = await encryptJwe('x', secret, { alg: 'A256KW', enc: 'A128GCM' });
    await expectCode(decryptJwe(token, secret, { algorithms: ['A256GCMKW'] }), 'ERR_JWT_ALGORITHM');
    await expectCode(decryptJwe(token, secret, { encryptions: ['A256GCM'] }), 'ERR_JWT_ALGORITHM');
    // An RSA key cannot do A256KW, whatever the allow-list says.
    await expectCode(decryptJwe(token, jweKeys('RSA-OAEP', 'A256GCM').decryptKey, { algorithms: ['A256KW'] }), 'ERR_JWT_ALGORITHM');
  });

  it("an alg the caller chose that the key cannot do is the caller's ERR_KEY (as in sign); a token's is ERR_JWT_ALGORITHM", async () => {
    await expectCode(encryptJwe('x', jweKeys('RSA-OAEP', 'A256GCM').encryptKey, { alg: 'ECDH-ES' }), 'ERR_KEY');
    await expectCode(encrypt({ sub: 'a' }, jweKeys('ECDH-ES', 'A256GCM').encryptKey, { alg: 'A256KW' }), 'ERR_KEY');
    await expectCode(encryptJwe('x', secret, { alg: 'RSA-OAEP-256' }), 'ERR_KEY');
    const token = await encryptJwe('x', jweKeys('RSA-OAEP', 'A256GCM').encryptKey, { alg: 'RSA-OAEP-256' });
    await expectCode(decryptJwe(token, secret, { algorithms: ['RSA-OAEP-256'] }), 'ERR_JWT_ALGORITHM');
  });

  it('verify given a JWE, and decrypt given a JWS, fail with ERR_JWT_MALFORMED saying which call reads the token', async () => {
    const jwe = await encrypt({ sub: 'a' }, secret);
    // Every JWS reader, with a key, a JWK set or a resolver: the same code, and the message names decrypt.
    const jwk = { kty: 'oct', k: b64(secret) };
    for (const reading of [
      verify(jwe, secret),
      verify(jwe, { keys: [jwk] }),
      verify(jwe, () => secret),
      createVerifier(secret)(jwe),
      verifyJws(jwe, secret),
      Promise.resolve().then(() => decode(jwe)),
    ]) {
      expect((await expectCode(reading, 'ERR_JWT_MALFORMED')).message).toMatch(/JWE.*use decrypt/);
    }
    const jws = await sign({ sub: 'a' }, secret);
    expect((await expectCode(decrypt(jws, secret), 'ERR_JWT_MALFORMED')).message).toMatch(/JWS.*use verify/);
    expect((await expectCode(decryptJwe(jws, secret), 'ERR_JWT_MALFORMED')).message).toMatch(/JWS.*use verify/);
    // Four or six segments are neither: the generic message.
    expect((await expectCode(verify(`${jwe}.x`, secret), 'ERR_JWT_MALFORMED')).message).not.toMatch(/decrypt/);
  });

  it('segments must be strict base64url', async () => {
    const token = await encryptJwe('x', secret, { alg: 'A256KW' });
    await expectCode(decryptJwe(withSegment(token, 2, `${token.split('.')[2]}=`), secret), 'ERR_JWT_MALFORMED');
    await expectCode(decryptJwe(withSegment(token, 3, token.split('.')[3]!.replace(/./, '+')), secret), 'ERR_JWT_MALFORMED');
  });
});

describe('ECDH-ES epk', () => {
  const { encryptKey, decryptKey } = jweKeys('ECDH-ES', 'A256GCM', 'P-256');

  it('a point not on the curve (invalid-curve attack): ERR_JWE_DECRYPTION', async () => {
    const token = await encryptJwe('x', encryptKey, { alg: 'ECDH-ES' });
    const header = headerOf(token);
    const epk = header.epk as Jwk;
    await expectCode(decryptJwe(withHeader(token, { ...header, epk: { ...epk, y: flip(epk.y!, 31) } }), decryptKey), 'ERR_JWE_DECRYPTION');
  });

  it('an epk of another curve, or carrying a private key, is refused', async () => {
    const token = await encryptJwe('x', encryptKey, { alg: 'ECDH-ES+A128KW' });
    const header = headerOf(token);
    const other = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ format: 'jwk' }) as Jwk;
    await expectCode(decryptJwe(withHeader(token, { ...header, epk: { kty: 'EC', crv: 'P-384', x: other.x, y: other.y } }), decryptKey), 'ERR_JWE_DECRYPTION');
    await expectCode(decryptJwe(withHeader(token, { ...header, epk: { ...(header.epk as object), d: other.d } }), decryptKey), 'ERR_JWE_DECRYPTION');
    await expectCode(decryptJwe(withHeader(token, { ...header, epk: 'not a key' }), decryptKey), 'ERR_JWT_MALFORMED');
  });

  it("a recipient public JWK whose coordinate is not the curve's size cannot encrypt: ERR_KEY", async () => {
    const { encryptKey } = jweKeys('ECDH-ES', 'A256GCM', 'P-256');
    const jwk = encryptKey as Jwk;
    const short = Buffer.from(jwk.y!, 'base64url').subarray(1).toString('base64url');
    await expectCode(encryptJwe('x', { ...jwk, y: short }, { alg: 'ECDH-ES' }), 'ERR_KEY');
  });

  it("encrypting to a low-order X25519 recipient key: ERR_KEY (the caller's key), never a raw backend error", async () => {
    for (const point of [Buffer.alloc(32), Buffer.concat([Buffer.from([1]), Buffer.alloc(31)])]) {
      const jwk = { kty: 'OKP', crv: 'X25519', x: b64(point) };
      for (const alg of ['ECDH-ES', 'ECDH-ES+A128KW'] as const) await expectCode(encryptJwe('x', jwk, { alg }), 'ERR_KEY');
    }
  });

  it('X25519: the all-zero (low-order) point gives no shared secret', async () => {
    const keys = jweKeys('ECDH-ES', 'A256GCM', 'X25519');
    const token = await encryptJwe('x', keys.encryptKey, { alg: 'ECDH-ES' });
    const header = headerOf(token);
    await expectCode(
      decryptJwe(withHeader(token, { ...header, epk: { kty: 'OKP', crv: 'X25519', x: b64(Buffer.alloc(32)) } }), keys.decryptKey),
      'ERR_JWE_DECRYPTION',
    );
  });
});

describe('PBES2', () => {
  const password = 'correct horse battery staple';
  const options = { algorithms: ['PBES2-HS256+A128KW' as const] };

  it('is never in the default allow-list', async () => {
    const token = await encryptJwe('x', password, { alg: 'PBES2-HS256+A128KW' });
    await expectCode(decryptJwe(token, password), 'ERR_JWT_ALGORITHM');
    expect(new TextDecoder().decode((await decryptJwe(token, password, options)).plaintext)).toBe('x');
  });

  it('p2c below 1,000 or above maxPbes2Count, and p2s under 8 bytes, are refused before any PBKDF2 work', async () => {
    const token = await encryptJwe('x', password, { alg: 'PBES2-HS256+A128KW' });
    const header = headerOf(token);
    await expectCode(decryptJwe(withHeader(token, { ...header, p2c: 999 }), password, options), 'ERR_JWT_MALFORMED');
    await expectCode(decryptJwe(withHeader(token, { ...header, p2c: 10_001 }), password, options), 'ERR_JWT_MALFORMED');
    await expectCode(decryptJwe(withHeader(token, { ...header, p2c: 1e9 }), password, { ...options, maxPbes2Count: 100_000 }), 'ERR_JWT_MALFORMED');
    await expectCode(decryptJwe(withHeader(token, { ...header, p2s: b64(Buffer.alloc(7)) }), password, options), 'ERR_JWT_MALFORMED');
    await expectCode(encryptJwe('x', password, { alg: 'PBES2-HS256+A128KW', p2c: 100 }), 'ERR_INVALID_ARGUMENT');
  });

  it('an empty password is no key, given as text, bytes or an oct JWK (the JWK form used to encrypt)', async () => {
    for (const empty of ['', new Uint8Array(0), { kty: 'oct', k: '' }]) {
      await expectCode(encryptJwe('x', empty, { alg: 'PBES2-HS256+A128KW' }), 'ERR_KEY');
    }
  });
});

describe('zip', () => {
  it('a small token that would inflate past maxDecompressedLength (default 250,000 bytes) is refused', async () => {
    const secret = new Uint8Array(32).fill(4);
    const token = await encryptJwe(new Uint8Array(300_000), secret, { alg: 'dir', enc: 'A256GCM', zip: 'DEF' });
    expect(token.length).toBeLessThan(2_000);
    await expectCode(decryptJwe(token, secret), 'ERR_JWE_DECRYPTION');
    expect((await decryptJwe(token, secret, { maxDecompressedLength: 300_000 })).plaintext).toHaveLength(300_000);
  });
});

describe('JWK use and key_ops', () => {
  it('a use: "sig" key never encrypts or decrypts; a use: "enc" key never signs', async () => {
    const rsa = jweKeys('RSA-OAEP-256', 'A256GCM');
    await expectCode(encryptJwe('x', { ...(rsa.encryptKey as Jwk), use: 'sig' }), 'ERR_KEY');
    const token = await encryptJwe('x', rsa.encryptKey);
    await expectCode(decryptJwe(token, { ...(rsa.decryptKey as Jwk), use: 'sig' }), 'ERR_KEY');
    await expectCode(sign({ sub: 'a' }, { ...(rsa.decryptKey as Jwk), use: 'enc' }, { alg: 'RS256' }), 'ERR_KEY');
  });

  it('key_ops narrow what a key may do; a JWK alg pins it', async () => {
    const rsa = jweKeys('RSA-OAEP-256', 'A256GCM');
    const token = await encryptJwe('x', rsa.encryptKey);
    await expectCode(decryptJwe(token, { ...(rsa.decryptKey as Jwk), key_ops: ['encrypt'] }), 'ERR_KEY');
    await expectCode(decryptJwe(token, { ...(rsa.decryptKey as Jwk), alg: 'RSA-OAEP-512' }, { algorithms: ['RSA-OAEP-256'] }), 'ERR_KEY');
    await expectCode(encryptJwe('x', rsa.decryptKey), 'ERR_KEY'); // a private key: encrypting takes the public one
  });

  it("a JWK's alg pin stays out of the error (a JWK may come from a remote key set), as in sign and verify", async () => {
    const rsa = jweKeys('RSA-OAEP-256', 'A256GCM');
    const error = await expectCode(encryptJwe('x', { ...(rsa.encryptKey as Jwk), alg: 'injected\nlog line' }, { alg: 'RSA-OAEP-256' }), 'ERR_KEY');
    expect(error.message).not.toContain('injected');
    const cek = { kty: 'oct', k: b64(new Uint8Array(32)), alg: 'A128CBC-HS256' };
    expect((await expectCode(encryptJwe('x', cek, { alg: 'dir', enc: 'A256GCM' }), 'ERR_KEY')).message).not.toContain('A128CBC-HS256');
  });

  it('an empty key_ops allows nothing (as in sign and verify); an ECDH public CryptoKey, which WebCrypto gives no usages, still encrypts', async () => {
    const rsa = jweKeys('RSA-OAEP-256', 'A256GCM');
    await expectCode(encryptJwe('x', { ...(rsa.encryptKey as Jwk), key_ops: [] }), 'ERR_KEY');
    await expectCode(decryptJwe(await encryptJwe('x', rsa.encryptKey), { ...(rsa.decryptKey as Jwk), key_ops: [] }), 'ERR_KEY');
    await expectCode(encryptJwe('x', { kty: 'oct', k: b64(new Uint8Array(32)), key_ops: [] }, { alg: 'A256KW' }), 'ERR_KEY');
    const ecdh = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    const token = await encryptJwe('x', ecdh.publicKey, { alg: 'ECDH-ES' });
    expect(new TextDecoder().decode((await decryptJwe(token, ecdh.privateKey)).plaintext)).toBe('x');
  });
});
