import type { AlgSpec } from '../algorithms.js';

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

export interface CryptoBackend {
  /** Which implementation this is, for diagnostics and the runtime matrix. */
  readonly name: 'webcrypto' | 'node';
  /** Imports key data for one alg; throws (anything) when the data does not fit. */
  importKey(spec: AlgSpec, format: KeyFormat, data: Uint8Array | JsonWebKey): Maybe<BackendKey>;
  /** Wraps a WebCrypto CryptoKey the caller already holds (its algorithm was checked by the key layer). */
  fromCryptoKey(spec: AlgSpec, key: CryptoKey): Maybe<BackendKey>;
  /** Signs `data`; ECDSA signatures come out in the JOSE raw R||S form. */
  sign(spec: AlgSpec, key: BackendKey, data: Uint8Array): Maybe<Uint8Array>;
  /** Verifies `signature` over `data`; false (not a throw) for a signature that does not match. */
  verify(spec: AlgSpec, key: BackendKey, data: Uint8Array, signature: Uint8Array): Maybe<boolean>;
}
