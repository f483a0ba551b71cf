/**
 * The one table of signature algorithms jwtkit knows: for each JWS `alg`, the WebCrypto
 * parameters, the key type it binds to, and the minimum key size. `none` is deliberately absent:
 * it can never be produced or accepted.
 */

/** A JWS signature algorithm jwtkit can sign and verify with. */
export type Alg =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519'
  | 'ML-DSA-44'
  | 'ML-DSA-65'
  | 'ML-DSA-87';

/** JWK key types (RFC 7518 §6.1, RFC 8037, and `AKP` for ML-DSA: draft-ietf-cose-dilithium). */
export type KeyType = 'oct' | 'RSA' | 'EC' | 'OKP' | 'AKP';

/** The ML-DSA parameter sets (FIPS 204), each its own alg. */
export type MlDsa = 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';

/** Named curves jwtkit signs with; for an AKP key, its ML-DSA parameter set stands in this place. */
export type Curve = 'P-256' | 'P-384' | 'P-521' | 'Ed25519' | MlDsa;

/** The SHA-2 hashes jwtkit uses (signatures, JWK thumbprints). */
export type Hash = 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface AlgSpec {
  readonly alg: Alg;
  /** The key type this alg is bound to: a token's alg can only be checked with a key of this type. */
  readonly kty: KeyType;
  /** WebCrypto algorithm name. */
  readonly name: 'HMAC' | 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA' | 'Ed25519' | MlDsa;
  readonly hash?: Hash;
  /** The curve for EC/OKP algs (for AKP, the ML-DSA parameter set); a key on another curve is refused. */
  readonly curve?: Curve;
  /** HMAC: minimum secret bytes (RFC 7518 §3.2). RSA: minimum modulus bits. */
  readonly minKeySize?: number;
  /** ECDSA: the exact length of the raw R||S signature (RFC 7518 §3.4). */
  readonly signatureLength?: number;
}

/** The SHA-2 families of algs, by prefix: their key type and WebCrypto algorithm. Each has a 256, 384 and 512 member. */
const FAMILIES = [
  ['HS', 'oct', 'HMAC'],
  ['RS', 'RSA', 'RSASSA-PKCS1-v1_5'],
  ['PS', 'RSA', 'RSA-PSS'],
  ['ES', 'EC', 'ECDSA'],
] as const;

/** One alg of a SHA-2 family: the hash size is in its name (HS256 → SHA-256), and so are its key limits. */
function familySpec([prefix, kty, name]: (typeof FAMILIES)[number], bits: 256 | 384 | 512): AlgSpec {
  const alg = `${prefix}${bits}` as Alg;
  const hash = `SHA-${bits}` as Hash;
  // RFC 7518 §3.2: an HMAC secret at least as long as the hash; §3.3: RSA keys of at least 2048 bits.
  if (kty !== 'EC') return { alg, kty, name, hash, minKeySize: kty === 'oct' ? bits / 8 : 2048 };
  // RFC 7518 §3.4: ES512 is on P-521; the raw R||S signature is twice the curve's size in bytes.
  const curveBits = bits === 512 ? 521 : bits;
  return { alg, kty, name, hash, curve: `P-${curveBits}` as Curve, signatureLength: 2 * Math.ceil(curveBits / 8) };
}

function buildTable(): Record<Alg, AlgSpec> {
  const table = {} as Record<Alg, AlgSpec>;
  for (const family of FAMILIES) for (const bits of [256, 384, 512] as const) table[`${family[0]}${bits}`] = familySpec(family, bits);
  // RFC 8037 `EdDSA` and the fully-specified `Ed25519` (RFC 9864) are the same signature.
  for (const alg of ['EdDSA', 'Ed25519'] as const) table[alg] = { alg, kty: 'OKP', name: 'Ed25519', curve: 'Ed25519' };
  // ML-DSA (FIPS 204) where the runtime has it: an AKP key is for one parameter set, which is also
  // the alg's name and the WebCrypto name, and stands where a curve would (so it binds key to alg).
  for (const alg of ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const) table[alg] = { alg, kty: 'AKP', name: alg, curve: alg };
  return table;
}

// Marked pure (built by a call), so a bundle that never looks an alg up drops the table.
export const ALGORITHMS: Readonly<Record<Alg, AlgSpec>> = /* @__PURE__ */ buildTable();

/** Every supported alg, in table order. */
export const ALL_ALGS = /* @__PURE__ */ Object.keys(ALGORITHMS) as Alg[];

/** The output size of a SHA-2 hash in bytes (SHA-256 → 32): the RSA-PSS salt length (RFC 7518 §3.5). */
export function hashBytes(hash: Hash): number {
  return Number(hash.slice(4)) / 8;
}

/** True when `value` is an alg jwtkit supports (exact, case-sensitive match as RFC 7515 requires). */
export function isAlg(value: unknown): value is Alg {
  return typeof value === 'string' && Object.hasOwn(ALGORITHMS, value);
}
