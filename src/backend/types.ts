import type { AlgSpec, Hash } from '../algorithms.js';

/**
 * The narrow interface between jwtkit and a crypto implementation. Everything above this line
 * works with opaque `BackendKey`s; only a backend module touches `crypto.subtle` or `node:crypto`.
 */

/** How key bytes are encoded when handed to a backend. */
export type KeyFormat = 'raw' | 'spki' | 'pkcs8' | 'jwk';

/** A key as a backend holds it, with the facts the key layer checks (type, size). */
export interface BackendKey {
  readonly type: 'secret' | 'public' | 'private';
  /** RSA modulus bits or HMAC key bits, when the backend can tell; used for minimum-size checks. */
  readonly bits: number | undefined;
}

/**
 * A result now or later: WebCrypto is asynchronous, node:crypto answers synchronously, and an
 * extra promise per call is measurable on the hot path. Callers `await` either.
 */
export type Maybe<T> = T | Promise<T>;

/** What `generateKey` returns: one secret for the HMAC algs, a key pair for every other alg. */
export type GeneratedKey =
  | { readonly secret: BackendKey }
  | { readonly privateKey: BackendKey; readonly publicKey: BackendKey };

/** Options of `generateKey`; the key layer always passes both. */
export interface GenerateKeyOptions {
  /** Whether the private key or secret may later be exported (public keys always may). */
  readonly extractable: boolean;
  /** RSA modulus bits (≥ 2048, a multiple of 8); ignored for other key types. */
  readonly modulusLength: number;
}

export interface CryptoBackend {
  /** Which implementation this is, for diagnostics and the runtime matrix. */
  readonly name: 'webcrypto' | 'node';
  /**
   * Imports key data for one alg; throws (anything) when the data does not fit. A public key
   * (format 'spki', or a 'jwk' without `d`) must be exportable afterwards with `exportKey`, so it
   * can be published as a JWK; private keys and secrets imported here are never exported.
   */
  importKey(spec: AlgSpec, format: KeyFormat, data: Uint8Array | JsonWebKey): Maybe<BackendKey>;
  /** Wraps a WebCrypto CryptoKey the caller already holds (its algorithm was checked by the key layer). */
  fromCryptoKey(spec: AlgSpec, key: CryptoKey): Maybe<BackendKey>;
  /** Signs `data`; ECDSA signatures come out in the JOSE raw R||S form. */
  sign(spec: AlgSpec, key: BackendKey, data: Uint8Array): Maybe<Uint8Array>;
  /** Verifies `signature` over `data`; false (not a throw) for a signature that does not match. */
  verify(spec: AlgSpec, key: BackendKey, data: Uint8Array, signature: Uint8Array): Maybe<boolean>;
}

/**
 * Key management, kept apart from CryptoBackend so that a bundle that only signs and verifies
 * leaves it out (an object's unused methods cannot be tree-shaken; a separate object can).
 */
export interface KeyTools {
  /**
   * Generates a fresh key for `spec`. Must return:
   * - HMAC (`spec.kty === 'oct'`): `{ secret }`, random bytes of exactly `spec.minKeySize` bytes
   *   (32 / 48 / 64: the hash length, RFC 7518 §3.2); `type: 'secret'`, `bits` = 8 × that.
   * - RSA: `{ privateKey, publicKey }`, modulus `options.modulusLength` bits, public exponent
   *   65537, `bits` = the modulus length on both.
   * - EC / OKP: `{ privateKey, publicKey }` on `spec.curve` (P-256, P-384, P-521, Ed25519).
   * `type` is 'private' / 'public' on the pair. The keys sign and verify with `spec` exactly as
   * imported keys do. The public key is always exportable with `exportKey`; the private key or
   * secret is exportable when `options.extractable` is true and should not be otherwise.
   */
  generateKey(spec: AlgSpec, options: GenerateKeyOptions): Promise<GeneratedKey>;
  /**
   * Exports a key. The key layer calls this only for public keys, keys generated with
   * `extractable: true` and keys from `fromCryptoKey` whose CryptoKey is extractable, and only with
   * a format that fits the key's type. Must return:
   * - 'raw': a secret's bytes (type 'secret'), as a Uint8Array;
   * - 'spki': a public key as DER SubjectPublicKeyInfo (RFC 5280), as a Uint8Array;
   * - 'pkcs8': a private key as unencrypted DER PKCS#8 PrivateKeyInfo (RFC 5208), as a Uint8Array;
   * - 'jwk': an RSA, EC or OKP key (public or private) as a JWK object holding at least its key
   *   members (kty, and n/e, crv/x/y or crv/x; plus d and for RSA p/q/dp/dq/qi when private), all
   *   base64url strings; other members (alg, key_ops, ext) may be present and are ignored.
   * Throws (anything) when it cannot.
   */
  exportKey(key: BackendKey, format: KeyFormat): Promise<Uint8Array | JsonWebKey>;
  /** The SHA-2 digest of `data` (32, 48 or 64 bytes), as a Uint8Array. Used for JWK thumbprints (RFC 7638). */
  digest(hash: Hash, data: Uint8Array): Maybe<Uint8Array>;
}
