/**
 * The one table of signature algorithms jwtkit knows: for each JWS `alg`, the WebCrypto
 * parameters, the key type it binds to, and the minimum key size. `none` is deliberately absent:
 * it can never be produced or accepted.
 */

/** A JWS signature algorithm jwtkit can sign and verify with. */
export type Alg =
  | 'HS256' | 'HS384' | 'HS512'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA' | 'Ed25519';

/** JWK key types (RFC 7518 §6.1, RFC 8037). */
export type KeyType = 'oct' | 'RSA' | 'EC' | 'OKP';

/** Named curves jwtkit signs with. */
export type Curve = 'P-256' | 'P-384' | 'P-521' | 'Ed25519';

/** The SHA-2 hashes jwtkit uses (signatures, JWK thumbprints). */
export type Hash = 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface AlgSpec {
  readonly alg: Alg;
  /** The key type this alg is bound to: a token's alg can only be checked with a key of this type. */
  readonly kty: KeyType;
  /** WebCrypto algorithm name. */
  readonly name: 'HMAC' | 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA' | 'Ed25519';
  readonly hash?: Hash;
  /** The curve for EC/OKP algs; a key on another curve is refused. */
  readonly curve?: Curve;
  /** HMAC: minimum secret bytes (RFC 7518 §3.2). RSA: minimum modulus bits. */
  readonly minKeySize?: number;
  /** ECDSA: the exact length of the raw R||S signature (RFC 7518 §3.4). */
  readonly signatureLength?: number;
}

const hmac = (alg: Alg, hash: Hash, bytes: number): AlgSpec => ({ alg, kty: 'oct', name: 'HMAC', hash, minKeySize: bytes });
const rsa = (alg: Alg, name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS', hash: Hash): AlgSpec => ({ alg, kty: 'RSA', name, hash, minKeySize: 2048 });
const ecdsa = (alg: Alg, hash: Hash, curve: Curve, signatureLength: number): AlgSpec => ({ alg, kty: 'EC', name: 'ECDSA', hash, curve, signatureLength });
const eddsa = (alg: Alg): AlgSpec => ({ alg, kty: 'OKP', name: 'Ed25519', curve: 'Ed25519' });

// Marked pure (the entries are built by calls), so a bundle that never looks an alg up drops the table.
export const ALGORITHMS: Readonly<Record<Alg, AlgSpec>> = /* @__PURE__ */ (() => ({
  HS256: hmac('HS256', 'SHA-256', 32),
  HS384: hmac('HS384', 'SHA-384', 48),
  HS512: hmac('HS512', 'SHA-512', 64),
  RS256: rsa('RS256', 'RSASSA-PKCS1-v1_5', 'SHA-256'),
  RS384: rsa('RS384', 'RSASSA-PKCS1-v1_5', 'SHA-384'),
  RS512: rsa('RS512', 'RSASSA-PKCS1-v1_5', 'SHA-512'),
  PS256: rsa('PS256', 'RSA-PSS', 'SHA-256'),
  PS384: rsa('PS384', 'RSA-PSS', 'SHA-384'),
  PS512: rsa('PS512', 'RSA-PSS', 'SHA-512'),
  ES256: ecdsa('ES256', 'SHA-256', 'P-256', 64),
  ES384: ecdsa('ES384', 'SHA-384', 'P-384', 96),
  ES512: ecdsa('ES512', 'SHA-512', 'P-521', 132),
  // RFC 8037 `EdDSA` and the fully-specified `Ed25519` (RFC 9864) are the same signature.
  EdDSA: eddsa('EdDSA'),
  Ed25519: eddsa('Ed25519'),
}))();

/** Every supported alg, in table order. */
export const ALL_ALGS = /* @__PURE__ */ Object.keys(ALGORITHMS) as Alg[];

/** True when `value` is an alg jwtkit supports (exact, case-sensitive match as RFC 7515 requires). */
export function isAlg(value: unknown): value is Alg {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ALGORITHMS, value);
}

/** The algs a key of this type (and curve, for EC/OKP) can do, in table order. */
export function algsForKey(kty: KeyType, curve?: string): Alg[] {
  return ALL_ALGS.filter((alg) => {
    const spec = ALGORITHMS[alg];
    return spec.kty === kty && (spec.curve === undefined || spec.curve === curve);
  });
}
