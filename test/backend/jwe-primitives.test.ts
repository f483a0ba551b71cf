import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { macInput } from '../../src/backend/cbc-hmac.js';
import { keyWrapByBlocks, nodeJweKeyImport, nodeJweTools } from '../../src/backend/node.js';
import type { EcdhCurve, JweKeyImport, JweTools, OaepHash } from '../../src/backend/types.js';
import { webJweKeyImport, webJweTools } from '../../src/backend/web.js';
import { jweUsages } from '../../src/keys/fit.js';

/**
 * The JWE primitives of both backends, each checked against the other (what one encrypts, the
 * other decrypts) and against published answers where the RFCs give them.
 */

const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const bytes = (length: number): Uint8Array => new Uint8Array(randomBytes(length));
const text = new TextEncoder().encode('The true sign of intelligence is not knowledge but imagination.');

const BACKENDS: [string, JweTools & JweKeyImport][] = [
  ['webcrypto', { ...webJweTools, ...webJweKeyImport }],
  ['node', { ...nodeJweTools, ...nodeJweKeyImport }],
];
/** Every ordered pair (a, b): a encrypts or wraps, b decrypts or unwraps. */
const PAIRS = BACKENDS.flatMap(([a, ta]) => BACKENDS.map(([b, tb]) => [`${a} → ${b}`, ta, tb] as const));

describe.each(PAIRS)('JWE primitives %s', (_name, a, b) => {
  it.each([16, 24, 32])('AES-GCM with a %i-byte key: the ciphertext carries a 16-byte tag, the AAD is bound', async (keyLength) => {
    const key = bytes(keyLength);
    const iv = bytes(12);
    const aad = bytes(20);
    const sealed = await a.gcmEncrypt(key, iv, text, aad);
    expect(sealed).toHaveLength(text.length + 16);
    expect(await b.gcmDecrypt(key, iv, sealed, aad)).toEqual(text);
    const otherAad = aad.slice();
    otherAad[0]! ^= 1;
    await expect(async () => b.gcmDecrypt(key, iv, sealed, otherAad)).rejects.toThrow();
    const tampered = sealed.slice();
    tampered[tampered.length - 1]! ^= 1;
    await expect(async () => b.gcmDecrypt(key, iv, tampered, aad)).rejects.toThrow();
  });

  it.each([32, 48, 64])('AES-CBC-HMAC-SHA2 with a %i-byte key: round trip, and a changed tag or AAD fails', async (keyLength) => {
    const key = bytes(keyLength);
    const iv = bytes(16);
    const aad = bytes(30);
    const { ciphertext, tag } = await a.cbcHmacEncrypt(key, iv, text, aad);
    expect(tag).toHaveLength(keyLength / 2);
    expect(ciphertext.length % 16).toBe(0);
    expect(await b.cbcHmacDecrypt(key, iv, ciphertext, tag, aad)).toEqual(text);
    const badTag = tag.slice();
    badTag[0]! ^= 1;
    await expect(async () => b.cbcHmacDecrypt(key, iv, ciphertext, badTag, aad)).rejects.toThrow();
    await expect(async () => b.cbcHmacDecrypt(key, iv, ciphertext, tag.subarray(1), aad)).rejects.toThrow();
    await expect(async () => b.cbcHmacDecrypt(key, iv, ciphertext, tag, aad.subarray(1))).rejects.toThrow();
  });

  it.each([16, 24, 32])('AES Key Wrap with a %i-byte KEK: round trip; a changed byte fails the integrity check', async (kekLength) => {
    const kek = bytes(kekLength);
    const cek = bytes(32);
    const wrapped = await a.wrapKey(kek, cek);
    expect(wrapped).toHaveLength(40);
    expect(await b.unwrapKey(kek, wrapped)).toEqual(cek);
    const tampered = wrapped.slice();
    tampered[5]! ^= 1;
    await expect(async () => b.unwrapKey(kek, tampered)).rejects.toThrow();
  });

  it.each(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as OaepHash[])('RSA-OAEP with %s', async (hash) => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const params = { name: 'RSA-OAEP', hash } as const;
    const pub = await a.importKey(params, 'spki', new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })), jweUsages('RSA-OAEP', 'public'));
    const priv = await b.importKey(params, 'jwk', privateKey.export({ format: 'jwk' }), jweUsages('RSA-OAEP', 'private'));
    const cek = bytes(32);
    const encrypted = await a.rsaEncrypt(params, pub, cek);
    expect(encrypted).toHaveLength(256);
    expect(await b.rsaDecrypt(params, priv, encrypted)).toEqual(cek);
    encrypted[10]! ^= 1;
    await expect(async () => b.rsaDecrypt(params, priv, encrypted)).rejects.toThrow();
  });

  it.each(['P-256', 'P-384', 'P-521', 'X25519'] as EcdhCurve[])('ECDH on %s: both sides derive the same secret', async (curve) => {
    const params = { name: 'ECDH', curve } as const;
    const ephemeral = await a.generateEphemeral(curve);
    const other = await b.generateEphemeral(curve);
    const shared1 = await a.ecdh(curve, ephemeral.privateKey, await a.importKey(params, 'jwk', other.publicJwk, jweUsages('ECDH', 'public')));
    const shared2 = await b.ecdh(curve, other.privateKey, await b.importKey(params, 'jwk', ephemeral.publicJwk, jweUsages('ECDH', 'public')));
    expect(shared1).toEqual(shared2);
    expect(shared1).toHaveLength({ 'P-256': 32, 'P-384': 48, 'P-521': 66, X25519: 32 }[curve]);
  });

  it('ECDH refuses a public point that is not on the curve (invalid-curve attack)', async () => {
    const { publicJwk } = await a.generateEphemeral('P-256');
    const y = Buffer.from(publicJwk.y!, 'base64url');
    y[31]! ^= 1;
    await expect(async () =>
      b.importKey({ name: 'ECDH', curve: 'P-256' }, 'jwk', { ...publicJwk, y: y.toString('base64url') }, jweUsages('ECDH', 'public')),
    ).rejects.toThrow();
  });

  it.each(['P-256', 'P-521', 'X25519'] as const)("ECDH on %s refuses a coordinate that is not the curve's full size, or not base64url", async (curve) => {
    const { publicJwk } = await a.generateEphemeral(curve);
    const x = Buffer.from(publicJwk.x!, 'base64url');
    const refused = (jwk: object) => expect(async () => b.importKey({ name: 'ECDH', curve }, 'jwk', jwk, jweUsages('ECDH', 'public'))).rejects.toThrow();
    await refused({ ...publicJwk, x: x.subarray(1).toString('base64url') });
    await refused({ ...publicJwk, x: Buffer.concat([Buffer.alloc(1), x]).toString('base64url') });
    await refused({ ...publicJwk, x: 42 });
    // The control: the same members, unchanged, import.
    await b.importKey({ name: 'ECDH', curve }, 'jwk', publicJwk, jweUsages('ECDH', 'public'));
  });

  it('ECDH refuses a key of another curve', async () => {
    const { publicJwk } = await a.generateEphemeral('P-384');
    await expect(async () => b.importKey({ name: 'ECDH', curve: 'P-256' }, 'jwk', publicJwk, jweUsages('ECDH', 'public'))).rejects.toThrow();
  });

  it.each(['SHA-256', 'SHA-384', 'SHA-512'] as const)('PBKDF2-HMAC-%s gives the same bytes', async (hash) => {
    const password = new TextEncoder().encode('correct horse battery staple');
    const salt = bytes(16);
    expect(await a.pbkdf2(hash, password, salt, 1000, 32)).toEqual(await b.pbkdf2(hash, password, salt, 1000, 32));
  });

  it('raw DEFLATE round trip; INFLATE stops at its bound', async () => {
    const long = new Uint8Array(100_000).fill(65);
    const compressed = await a.deflate(long);
    expect(compressed.length).toBeLessThan(1_000);
    expect(await b.inflate(compressed, 100_000)).toEqual(long);
    await expect(async () => b.inflate(compressed, 99_999)).rejects.toThrow();
  });
});

describe('AES Key Wrap on AES-ECB blocks (node:crypto without id-aes*-wrap, as on Bun)', () => {
  it.each([
    ['000102030405060708090A0B0C0D0E0F', '00112233445566778899AABBCCDDEEFF', '1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5'],
    [
      '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F',
      '00112233445566778899AABBCCDDEEFF0001020304050607',
      'A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1',
    ],
  ])('RFC 3394 with KEK %s', (kek, keyData, expected) => {
    expect(keyWrapByBlocks(hex(kek), hex(keyData), false)).toEqual(hex(expected));
    expect(keyWrapByBlocks(hex(kek), hex(expected), true)).toEqual(hex(keyData));
    const tampered = hex(expected);
    tampered[9]! ^= 1;
    expect(() => keyWrapByBlocks(hex(kek), tampered, true)).toThrow();
  });
});

describe.each(BACKENDS)('%s JWE primitives against published answers', (_name, tools) => {
  // RFC 3394 §4.1, §4.2, §4.3: a 128-bit key wrapped with 128-, 192- and 256-bit KEKs.
  it.each([
    ['000102030405060708090A0B0C0D0E0F', '1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5'],
    ['000102030405060708090A0B0C0D0E0F1011121314151617', '96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D'],
    ['000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F', '64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7'],
  ])('AES Key Wrap (RFC 3394) with KEK %s', async (kek, expected) => {
    const keyData = hex('00112233445566778899AABBCCDDEEFF');
    expect(await tools.wrapKey(hex(kek), keyData)).toEqual(hex(expected));
    expect(await tools.unwrapKey(hex(kek), hex(expected))).toEqual(keyData);
  });

  it('a gigabyte DEFLATE bomb is refused after maxLength bytes, not inflated', async () => {
    // 1 MB of zeros deflates to about 1 KB; the bound stops it at 10 KB.
    const bomb = new Uint8Array(deflateRawSync(Buffer.alloc(1_000_000)));
    await expect(async () => tools.inflate(bomb, 10_000)).rejects.toThrow();
  });

  it('AES-CBC-HMAC: a right tag over a ciphertext with bad padding fails (after the tag check)', async () => {
    const key = bytes(32);
    const iv = bytes(16);
    const aad = bytes(8);
    const ciphertext = bytes(32);
    const tag = createHmac('sha256', key.subarray(0, 16))
      .update(macInput(aad, iv, ciphertext))
      .digest()
      .subarray(0, 16);
    await expect(async () => tools.cbcHmacDecrypt(key, iv, ciphertext, new Uint8Array(tag), aad)).rejects.toThrow();
  });

  it('macInput appends the AAD length in bits, big-endian (RFC 7518 §5.2.2.1)', () => {
    const input = macInput(new Uint8Array(51), new Uint8Array(16), new Uint8Array(0));
    expect([...input.subarray(-8)]).toEqual([0, 0, 0, 0, 0, 0, 1, 152]);
  });
});
