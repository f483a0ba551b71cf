import { describe, expect, it } from 'vitest';
import { type DecryptJweOptions, decryptJwe } from '../../src/index.js';
import { COMPACT_JWE_VECTORS } from '../vectors/load.js';

/**
 * RFC 7516 App. A and RFC 7520 §5–6 compact JWE vectors, unchanged: each decrypts to the RFC's
 * plaintext, except RSA1_5 (RFC 7516 A.2, RFC 7520 §5.1), which is refused by name.
 */

const refused = COMPACT_JWE_VECTORS.filter((v) => v.alg === 'RSA1_5');
const decryptable = COMPACT_JWE_VECTORS.filter((v) => v.alg !== 'RSA1_5');

describe('RFC compact JWE vectors', () => {
  it('covers RFC 7516 A.1, A.3 and RFC 7520 §5.2–5.9 and §6', () => {
    expect(decryptable.map((v) => v.id)).toEqual(
      expect.arrayContaining([
        'rfc7516-A.1',
        'rfc7516-A.3',
        'rfc7520-5.2-compact',
        'rfc7520-5.3-compact',
        'rfc7520-5.4-compact',
        'rfc7520-5.5-compact',
        'rfc7520-5.6-compact',
        'rfc7520-5.7-compact',
        'rfc7520-5.8-compact',
        'rfc7520-5.9-compact',
        'rfc7520-6-compact',
      ]),
    );
    expect(refused.map((v) => v.id)).toEqual(['rfc7516-A.2', 'rfc7520-5.1-compact']);
  });

  it.each(decryptable.map((v) => [v.id, v] as const))('%s decrypts to the RFC plaintext', async (_id, vector) => {
    // PBES2 is never accepted by default: the caller lists it.
    const options: DecryptJweOptions = vector.alg.startsWith('PBES2') ? { algorithms: [vector.alg as 'PBES2-HS512+A256KW'] } : {};
    const { header, plaintext } = await decryptJwe(vector.token, vector.key, options);
    expect(header).toEqual(vector.protectedHeader);
    expect(new TextDecoder().decode(plaintext)).toBe(vector.plaintext);
  });

  it.each(refused.map((v) => [v.id, v] as const))('%s (RSA1_5) is refused by name: ERR_JWT_ALGORITHM', async (_id, vector) => {
    const error = await decryptJwe(vector.token, vector.key).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_JWT_ALGORITHM' });
    expect(String((error as Error).message)).toMatch(/Bleichenbacher/);
  });
});
