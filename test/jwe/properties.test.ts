import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Enc, JwtError, type KeyManagementAlg, decryptJwe, encryptJwe } from '../../src/index.js';
import { ENCS, KEY_ALGS, allowing, jweKeys } from './keys.js';

/**
 * JWE properties over generated inputs (fast-check; run counts kept small for a 2-core machine,
 * reproducible from the printed seed): every alg × enc round-trips any payload, and no single-bit
 * change anywhere in a token yields a plaintext or an unexpected error.
 */

const PAIRS = KEY_ALGS.flatMap((alg) => ENCS.map((enc) => [alg, enc] as const));

describe('JWE properties', () => {
  it('encryptJwe → decryptJwe round-trips random payloads for every alg and enc', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PAIRS), fc.uint8Array({ maxLength: 300 }), fc.boolean(), async ([alg, enc], payload, zip) => {
        const { encryptKey, decryptKey } = jweKeys(alg, enc);
        const token = await encryptJwe(payload, encryptKey, { alg, enc, ...(zip ? { zip: 'DEF' as const } : {}) });
        expect((await decryptJwe(token, decryptKey, allowing(alg))).plaintext).toEqual(payload);
      }),
      { numRuns: 150 },
    );
  });

  /** One token per alg family (both enc modes), made once: the flips are what varies. */
  const SAMPLES: [KeyManagementAlg, Enc][] = [
    ['dir', 'A256GCM'],
    ['A128KW', 'A128CBC-HS256'],
    ['A256GCMKW', 'A256GCM'],
    ['RSA-OAEP-256', 'A128CBC-HS256'],
    ['ECDH-ES', 'A256GCM'],
    ['ECDH-ES+A128KW', 'A256CBC-HS512'],
    ['PBES2-HS256+A128KW', 'A128GCM'],
  ];
  const samples = Promise.all(
    SAMPLES.map(async ([alg, enc]) => {
      const { encryptKey, decryptKey } = jweKeys(alg, enc);
      return { alg, enc, decryptKey, token: await encryptJwe('the secret plaintext', encryptKey, { alg, enc, kid: 'k1' }) };
    }),
  );

  /** The alg and enc a (changed) token's header names, or undefined when it does not parse. */
  function namedAlgs(token: string): string | undefined {
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
      return `${String(header.alg)} ${String(header.enc)}`;
    } catch {
      return undefined;
    }
  }

  it('any single-bit change anywhere in a token: ERR_JWE_DECRYPTION or ERR_JWT_MALFORMED, never a plaintext', async () => {
    const tokens = await samples;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...tokens), fc.nat(), fc.integer({ min: 0, max: 6 }), async (sample, at, bit) => {
        const index = at % sample.token.length;
        const changed = sample.token.slice(0, index) + String.fromCharCode(sample.token.charCodeAt(index) ^ (1 << bit)) + sample.token.slice(index + 1);
        const error = await decryptJwe(changed, sample.decryptKey, allowing(sample.alg)).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error, 'a changed token decrypted').toBeInstanceOf(JwtError);
        const { code } = error as JwtError;
        // A change that renames the header's alg or enc is refused as that (an alg this key cannot do, or none at all).
        const renamed = namedAlgs(changed) !== undefined && namedAlgs(changed) !== `${sample.alg} ${sample.enc}`;
        expect(renamed ? ['ERR_JWE_DECRYPTION', 'ERR_JWT_MALFORMED', 'ERR_JWT_ALGORITHM'] : ['ERR_JWE_DECRYPTION', 'ERR_JWT_MALFORMED']).toContain(code);
      }),
      { numRuns: 400 },
    );
  });
});
