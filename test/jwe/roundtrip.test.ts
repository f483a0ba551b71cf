import { describe, expect, it } from 'vitest';
import { decryptJwe, encryptJwe } from '../../src/index.js';
import { CURVES, ENCS, KEY_ALGS, allowing, jweKeys } from './keys.js';

/** Every alg × enc, on this build (the suite runs once per build): what encryptJwe makes, decryptJwe reads back. */
const text = 'Ünïcödé plaintext, long enough to span several AES blocks: 0123456789abcdef';

describe('encryptJwe → decryptJwe', () => {
  it.each(KEY_ALGS.flatMap((alg) => ENCS.map((enc) => [alg, enc] as const)))('%s + %s', async (alg, enc) => {
    const { encryptKey, decryptKey } = jweKeys(alg, enc);
    const token = await encryptJwe(text, encryptKey, { alg, enc, kid: 'k1' });
    expect(token.split('.')).toHaveLength(5);
    const { header, plaintext } = await decryptJwe(token, decryptKey, allowing(alg));
    expect(header).toMatchObject({ alg, enc, kid: 'k1' });
    expect(new TextDecoder().decode(plaintext)).toBe(text);
  });

  it.each(CURVES.flatMap((curve) => (['ECDH-ES', 'ECDH-ES+A256KW'] as const).map((alg) => [alg, curve] as const)))(
    '%s on %s: epk is the public key alone',
    async (alg, curve) => {
      const { encryptKey, decryptKey } = jweKeys(alg, 'A256GCM', curve);
      const token = await encryptJwe(text, encryptKey, { alg });
      const { header, plaintext } = await decryptJwe(token, decryptKey);
      expect(Object.keys(header.epk as object).sort()).toEqual(curve === 'X25519' ? ['crv', 'kty', 'x'] : ['crv', 'kty', 'x', 'y']);
      expect(new TextDecoder().decode(plaintext)).toBe(text);
    },
  );

  it('zip: "DEF" compresses before encrypting and inflates after', async () => {
    const { encryptKey, decryptKey } = jweKeys('A256KW', 'A256GCM');
    const long = 'a'.repeat(5_000);
    const token = await encryptJwe(long, encryptKey, { alg: 'A256KW', enc: 'A256GCM', zip: 'DEF' });
    expect(token.length).toBeLessThan(500);
    const { header, plaintext } = await decryptJwe(token, decryptKey);
    expect(header.zip).toBe('DEF');
    expect(new TextDecoder().decode(plaintext)).toBe(long);
  });

  it('defaults: a 32-byte secret gives dir + A256GCM, a 64-byte one dir + A256CBC-HS512, an RSA key RSA-OAEP-256, an EC key ECDH-ES', async () => {
    const header = async (key: Parameters<typeof encryptJwe>[1]) =>
      JSON.parse(Buffer.from((await encryptJwe('x', key)).split('.')[0]!, 'base64url').toString());
    expect(await header(new Uint8Array(32))).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
    expect(await header(new Uint8Array(64))).toMatchObject({ alg: 'dir', enc: 'A256CBC-HS512' });
    expect(await header(jweKeys('RSA-OAEP', 'A256GCM').encryptKey)).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM' });
    expect(await header(jweKeys('ECDH-ES', 'A256GCM').encryptKey)).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM' });
  });
});
