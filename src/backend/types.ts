import type { AlgSpec, Hash } from '../algorithms.js';
import type { EcdhCurve, OaepHash } from '../jwe-algorithms.js';

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
export type GeneratedKey = { readonly secret: BackendKey } | { readonly privateKey: BackendKey; readonly publicKey: BackendKey };

/** Options of `generateKey`; the key layer always passes both. */
export interface GenerateKeyOptions {
  /** Whether the private key or secret may later be exported (public keys always may). */
  readonly extractable: boolean;
  /** RSA modulus bits (≥ 2048, a multiple of 8); ignored for other key types. */
  readonly modulusLength: number;
}

export interface CryptoBackend {
  /**
   * Imports key data for one alg, for `usages` (the WebCrypto usages keys/fit.ts gives the key's
   * type; node:crypto has none); throws (anything) when the data does not fit. A public key
   * (format 'spki', or a 'jwk' without `d`) must be exportable afterwards with `exportKey`, so it
   * can be published as a JWK; private keys and secrets imported here are never exported.
   */
  importKey(spec: AlgSpec, format: KeyFormat, data: Uint8Array | JsonWebKey, usages: readonly KeyUsage[]): Maybe<BackendKey>;
  /** Wraps a WebCrypto CryptoKey the caller already holds (its algorithm was checked by the key layer). */
  fromCryptoKey(spec: AlgSpec, key: CryptoKey): Maybe<BackendKey>;
  /** Signs `data`; ECDSA signatures come out in the JOSE raw R||S form. */
  sign(spec: AlgSpec, key: BackendKey, data: Uint8Array): Maybe<Uint8Array>;
  /**
   * Optional: the unpadded base64url signature of a compact JWS's signing input (ASCII text), text
   * in and text out. node:crypto has it: it hashes the string and encodes the digest natively, two
   * byte conversions fewer per token (keys/sign-text.node.ts). The WebCrypto build signs bytes.
   */
  signText?(spec: AlgSpec, key: BackendKey, input: string): Maybe<string>;
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
  /** Cryptographically random bytes: a generated JWE secret. */
  randomBytes(length: number): Uint8Array;
  /**
   * Generates a JWE key pair: RSA-OAEP with `params.hash` (modulus `options.modulusLength`, public
   * exponent 65537), or ECDH on `params.curve`, given WebCrypto `usages` (keys/fit.ts's jweUsages).
   * The keys work with JweTools as imported ones do; the public key always exports with
   * `exportKey`, the private key when `options.extractable` is true.
   */
  generateJweKeyPair(
    params: JweKeyParams,
    options: GenerateKeyOptions,
    usages: readonly KeyUsage[],
  ): Promise<{ privateKey: BackendKey; publicKey: BackendKey }>;
}

export type { EcdhCurve, OaepHash } from '../jwe-algorithms.js';

/** What a JWE asymmetric key is imported for: RSA-OAEP with one hash, or ECDH on one curve. */
export type JweKeyParams = { readonly name: 'RSA-OAEP'; readonly hash: OaepHash } | { readonly name: 'ECDH'; readonly curve: EcdhCurve };

/**
 * The JWE primitives (RFC 7516, RFC 7518 §4–5), kept apart from CryptoBackend and KeyTools so a
 * bundle that only signs leaves them out. Secrets (CEKs, KEKs) travel as bytes; the JWE layer
 * checks every length (CEK, IV, tag) before calling here. Any throw from a decrypting primitive
 * means "does not decrypt": the JWE layer turns every one into the same error.
 */
export interface JweTools {
  /** Cryptographically random bytes. */
  randomBytes(length: number): Uint8Array;
  /** The SHA-2 digest of `data` (Concat KDF, RFC 7518 §4.6.2). */
  digest(hash: Hash, data: Uint8Array): Maybe<Uint8Array>;
  /** AES-GCM (key of 16, 24 or 32 bytes, 12-byte IV): the ciphertext followed by the 16-byte tag. */
  gcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Maybe<Uint8Array>;
  /** AES-GCM decryption of ciphertext‖tag (16-byte tag); throws when the tag does not match. */
  gcmDecrypt(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Maybe<Uint8Array>;
  /**
   * AES_CBC_HMAC_SHA2 (RFC 7518 §5.2): `key` is MAC_KEY‖ENC_KEY (32, 48 or 64 bytes: SHA-256, 384
   * or 512), IV 16 bytes; the tag is the HMAC truncated to half the key.
   */
  cbcHmacEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Maybe<{ ciphertext: Uint8Array; tag: Uint8Array }>;
  /** Checks the tag in constant time and only then decrypts (no padding oracle); throws on any failure. */
  cbcHmacDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Maybe<Uint8Array>;
  /** AES Key Wrap (RFC 3394, default IV) of `cek` under `kek` (16, 24 or 32 bytes). */
  wrapKey(kek: Uint8Array, cek: Uint8Array): Maybe<Uint8Array>;
  /** AES Key Unwrap; throws when the integrity check fails. */
  unwrapKey(kek: Uint8Array, wrapped: Uint8Array): Maybe<Uint8Array>;
  /** RSAES-OAEP encryption (MGF1 with the same hash) with a public key imported for `params`. */
  rsaEncrypt(params: JweKeyParams, key: BackendKey, data: Uint8Array): Maybe<Uint8Array>;
  /** RSAES-OAEP decryption; throws when the padding does not check out. */
  rsaDecrypt(params: JweKeyParams, key: BackendKey, data: Uint8Array): Maybe<Uint8Array>;
  /** A fresh ephemeral ECDH key pair on `curve`: the private key, and the public key as a JWK (kty, crv, x, y). */
  generateEphemeral(curve: EcdhCurve): Maybe<{ privateKey: BackendKey; publicJwk: JsonWebKey }>;
  /** The raw ECDH shared secret Z (RFC 7518 §4.6.2) of a private and a public key on `curve`. */
  ecdh(curve: EcdhCurve, privateKey: BackendKey, publicKey: BackendKey): Maybe<Uint8Array>;
  /** PBKDF2 with HMAC-`hash` (RFC 8018), `length` bytes. */
  pbkdf2(hash: Hash, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Maybe<Uint8Array>;
  /** Raw DEFLATE (RFC 1951). */
  deflate(data: Uint8Array): Maybe<Uint8Array>;
  /** Raw INFLATE that stops (throws) as soon as the output would pass `maxLength` bytes. */
  inflate(data: Uint8Array, maxLength: number): Maybe<Uint8Array>;
}

/**
 * Importing JWE key pairs: apart from JweTools, so `importKey` (which takes JWE algs too) carries
 * these two functions and not every JWE primitive into a bundle.
 */
export interface JweKeyImport {
  /**
   * Imports an RSA-OAEP or ECDH key ('spki' / 'pkcs8' DER, or a JWK of key members) for `usages`
   * (keys/fit.ts's jweUsages); throws when it does not fit.
   */
  importKey(params: JweKeyParams, format: 'spki' | 'pkcs8' | 'jwk', data: Uint8Array | JsonWebKey, usages: readonly KeyUsage[]): Maybe<BackendKey>;
  /** Wraps a WebCrypto CryptoKey (RSA-OAEP, ECDH or X25519) the caller already holds. */
  fromCryptoKey(params: JweKeyParams, key: CryptoKey): Maybe<BackendKey>;
}
