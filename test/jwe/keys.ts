import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Enc, Jwk, KeyManagementAlg } from '../../src/index.js';

/** Test keys for every JWE alg, generated per run (never fixtures): JWKs from node:crypto. */

export const ENCS: Enc[] = ['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'];
export const CEK_LENGTH: Record<Enc, number> = { A128GCM: 16, A192GCM: 24, A256GCM: 32, 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64 };

export const KEY_ALGS: KeyManagementAlg[] = [
  'dir',
  'A128KW',
  'A192KW',
  'A256KW',
  'A128GCMKW',
  'A192GCMKW',
  'A256GCMKW',
  'RSA-OAEP',
  'RSA-OAEP-256',
  'RSA-OAEP-384',
  'RSA-OAEP-512',
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'ECDH-ES+A192KW',
  'ECDH-ES+A256KW',
  'PBES2-HS256+A128KW',
  'PBES2-HS384+A192KW',
  'PBES2-HS512+A256KW',
];

export interface KeyPairJwk {
  encryptKey: Jwk | Uint8Array | string;
  decryptKey: Jwk | Uint8Array | string;
}

const cache = new Map<string, KeyPairJwk>();

function pair(type: 'rsa' | 'ec' | 'x25519', namedCurve?: string): KeyPairJwk {
  const id = `${type}/${namedCurve}`;
  let keys = cache.get(id);
  if (!keys) {
    const generated =
      type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : type === 'ec'
          ? generateKeyPairSync('ec', { namedCurve: namedCurve! })
          : generateKeyPairSync('x25519');
    keys = { encryptKey: generated.publicKey.export({ format: 'jwk' }) as Jwk, decryptKey: generated.privateKey.export({ format: 'jwk' }) as Jwk };
    cache.set(id, keys);
  }
  return keys;
}

export const CURVES = ['P-256', 'P-384', 'P-521', 'X25519'] as const;

/** Keys for `alg` (and `enc`, for dir); `curve` picks the ECDH curve. */
export function jweKeys(alg: KeyManagementAlg, enc: Enc, curve: (typeof CURVES)[number] = 'P-256'): KeyPairJwk {
  if (alg === 'dir') {
    const secret = new Uint8Array(randomBytes(CEK_LENGTH[enc]));
    return { encryptKey: secret, decryptKey: secret };
  }
  if (alg.startsWith('PBES2')) return { encryptKey: 'correct horse battery staple', decryptKey: 'correct horse battery staple' };
  if (alg.startsWith('RSA')) return pair('rsa');
  if (alg.startsWith('ECDH'))
    return curve === 'X25519' ? pair('x25519') : pair('ec', { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }[curve]);
  const secret = new Uint8Array(randomBytes(Number(alg.slice(1, 4)) / 8));
  return { encryptKey: secret, decryptKey: secret };
}

/** Options that let PBES2 through (never a default). */
export const allowing = (alg: KeyManagementAlg) => (alg.startsWith('PBES2') ? { algorithms: [alg] } : {});
