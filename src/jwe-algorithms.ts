import type { Hash } from './algorithms.js';

/**
 * The JWE algorithm tables (RFC 7518 §4, §5), one per family, like algorithms.ts for JWS: for
 * each key-management `alg` and content-encryption `enc`, its lengths, hash and key type. `RSA1_5`
 * is deliberately absent (see jwe/header.ts): it can never be produced or accepted. A leaf beside
 * algorithms.ts, so keys/fit.ts (below jwe/) reads it to decide which JWE algs a key fits.
 */

/** The hashes RSA-OAEP takes: SHA-1 for JWE `RSA-OAEP` (RFC 7518 §4.3), SHA-2 for `RSA-OAEP-256/384/512`. */
export type OaepHash = 'SHA-1' | Hash;

/** The curves ECDH-ES runs on (RFC 7518 §4.6, RFC 8037 §3.2). */
export type EcdhCurve = 'P-256' | 'P-384' | 'P-521' | 'X25519';

/** A content-encryption algorithm (RFC 7518 §5.1). */
export type Enc = 'A128GCM' | 'A192GCM' | 'A256GCM' | 'A128CBC-HS256' | 'A192CBC-HS384' | 'A256CBC-HS512';

/** A key-management algorithm (RFC 7518 §4.1). */
export type KeyManagementAlg =
  | 'dir'
  | 'A128KW'
  | 'A192KW'
  | 'A256KW'
  | 'A128GCMKW'
  | 'A192GCMKW'
  | 'A256GCMKW'
  | 'RSA-OAEP'
  | 'RSA-OAEP-256'
  | 'RSA-OAEP-384'
  | 'RSA-OAEP-512'
  | 'ECDH-ES'
  | 'ECDH-ES+A128KW'
  | 'ECDH-ES+A192KW'
  | 'ECDH-ES+A256KW'
  | 'PBES2-HS256+A128KW'
  | 'PBES2-HS384+A192KW'
  | 'PBES2-HS512+A256KW';

export interface EncSpec {
  readonly enc: Enc;
  readonly mode: 'gcm' | 'cbc';
  /** CEK bytes: the AES key for GCM, MAC_KEY‖ENC_KEY for CBC-HMAC (RFC 7518 §5.2.3–5.2.5). */
  readonly cekLength: number;
  /** IV bytes: 96 bits for GCM (§5.3), 128 for CBC. */
  readonly ivLength: number;
  /** Tag bytes: 128 bits for GCM, half the CEK for CBC-HMAC. */
  readonly tagLength: number;
  /** The AES key size in bits (192-bit AES is missing from some runtimes). */
  readonly aesBits: number;
}

export type KeyFamily = 'dir' | 'aeskw' | 'gcmkw' | 'rsa' | 'ecdh' | 'pbes2';

export interface KeyAlgSpec {
  readonly alg: KeyManagementAlg;
  readonly family: KeyFamily;
  /** The key type this alg is bound to; `oct` algs take a secret (PBES2: a password). */
  readonly kty: 'oct' | 'RSA' | 'EC';
  /** Bytes of the AES key-wrapping key (KW, GCMKW, ECDH-ES+KW, PBES2); undefined for dir, RSA and ECDH-ES. */
  readonly kekLength?: number;
  /** RSA-OAEP's hash, or PBES2's HMAC hash. */
  readonly hash?: OaepHash;
}

function encSpec(enc: Enc): EncSpec {
  const bits = Number(enc.slice(1, 4));
  return enc.endsWith('GCM')
    ? { enc, mode: 'gcm', cekLength: bits / 8, ivLength: 12, tagLength: 16, aesBits: bits }
    : { enc, mode: 'cbc', cekLength: bits / 4, ivLength: 16, tagLength: bits / 8, aesBits: bits };
}

function buildEncs(): Record<Enc, EncSpec> {
  const table = {} as Record<Enc, EncSpec>;
  // GCM first: for a `dir` secret of 32 bytes, the default is A256GCM rather than A128CBC-HS256.
  for (const bits of [128, 192, 256]) table[`A${bits}GCM` as Enc] = encSpec(`A${bits}GCM` as Enc);
  for (const bits of [128, 192, 256]) table[`A${bits}CBC-HS${bits * 2}` as Enc] = encSpec(`A${bits}CBC-HS${bits * 2}` as Enc);
  return table;
}

function buildAlgs(): Record<KeyManagementAlg, KeyAlgSpec> {
  const table = { dir: { alg: 'dir', family: 'dir', kty: 'oct' } } as Record<KeyManagementAlg, KeyAlgSpec>;
  const add = (spec: KeyAlgSpec) => (table[spec.alg] = spec);
  for (const bits of [128, 192, 256]) {
    const kekLength = bits / 8;
    add({ alg: `A${bits}KW` as KeyManagementAlg, family: 'aeskw', kty: 'oct', kekLength });
    add({ alg: `A${bits}GCMKW` as KeyManagementAlg, family: 'gcmkw', kty: 'oct', kekLength });
    add({ alg: `PBES2-HS${bits * 2}+A${bits}KW` as KeyManagementAlg, family: 'pbes2', kty: 'oct', kekLength, hash: `SHA-${bits * 2}` as Hash });
  }
  // RSA-OAEP (SHA-1) last of its family, so an RSA key's default is RSA-OAEP-256.
  for (const bits of [256, 384, 512]) add({ alg: `RSA-OAEP-${bits}` as KeyManagementAlg, family: 'rsa', kty: 'RSA', hash: `SHA-${bits}` as Hash });
  add({ alg: 'RSA-OAEP', family: 'rsa', kty: 'RSA', hash: 'SHA-1' });
  add({ alg: 'ECDH-ES', family: 'ecdh', kty: 'EC' });
  for (const bits of [128, 192, 256]) add({ alg: `ECDH-ES+A${bits}KW` as KeyManagementAlg, family: 'ecdh', kty: 'EC', kekLength: bits / 8 });
  return table;
}

// Marked pure (built by a call), so a bundle without JWE drops the tables.
export const ENCRYPTIONS: Readonly<Record<Enc, EncSpec>> = /* @__PURE__ */ buildEncs();
export const KEY_ALGORITHMS: Readonly<Record<KeyManagementAlg, KeyAlgSpec>> = /* @__PURE__ */ buildAlgs();

/** Every enc, in table order. */
export const ALL_ENCS = /* @__PURE__ */ Object.keys(ENCRYPTIONS) as Enc[];
/** Every key-management alg, in table order. */
export const ALL_KEY_ALGS = /* @__PURE__ */ Object.keys(KEY_ALGORITHMS) as KeyManagementAlg[];

export function isEnc(value: unknown): value is Enc {
  return typeof value === 'string' && Object.hasOwn(ENCRYPTIONS, value);
}

export function isKeyManagementAlg(value: unknown): value is KeyManagementAlg {
  return typeof value === 'string' && Object.hasOwn(KEY_ALGORITHMS, value);
}

/** The AES key bits an alg uses (KW, GCMKW, ECDH-ES+KW, PBES2), for the runtime-support check. */
export function kekBits(spec: KeyAlgSpec): number | undefined {
  return spec.kekLength === undefined ? undefined : spec.kekLength * 8;
}

/** The curves ECDH-ES runs on, by JWK `crv`. */
export const ECDH_CURVES: readonly EcdhCurve[] = ['P-256', 'P-384', 'P-521', 'X25519'];
