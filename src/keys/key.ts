import { type Alg, ALGORITHMS } from '../algorithms.js';
import { type BackendKey, backend } from '../backend/index.js';
import type { Maybe } from '../backend/types.js';
import { JwtError, JwtKeyError } from '../errors.js';
import type { EcdhCurve } from '../jwe-algorithms.js';
import type { JweKeyAlg, KeyOperation } from './fit.js';
import type { Jwk } from './jwk.js';
import type { KeyObjectLike } from './key-like.js';

/**
 * `Key`: key material imported for exactly one alg, and the operations it does (sign, verify),
 * so nothing outside keys/ touches the backend. Whether a key may do an alg and an operation is
 * decided before a Key is handed out (fit.ts, through import.ts's keyFor).
 */

export type { KeyOperation } from './fit.js';

/** Each Key's backend handle, out of reach of callers (a WeakMap keeps Key opaque and tree-shakable). */
const handles = new WeakMap<Key, BackendKey>();

/**
 * A key imported for one alg; get one from `importKey()`. Opaque: its backend handle is private.
 *
 * @example
 * ```ts
 * const key = await importKey(publicPem, 'ES256');
 * console.log(key.alg, key.type, key.operations); // 'ES256' 'public' ['verify']
 * ```
 */
// Fields are `declare`d: the constructor sets them, so no class-field definitions are emitted.
export class Key {
  /** The one alg this key signs or verifies with, or (a JWE key) encrypts and decrypts with: a JWE `alg`, or an `enc` for a `dir` secret. */
  declare readonly alg: Alg | JweKeyAlg;
  /** `secret` (HMAC, or a JWE secret), `public` (verifies, encrypts) or `private` (signs, decrypts). */
  declare readonly type: 'secret' | 'public' | 'private';
  /** What this key may do (sign and verify, or for a JWE key encrypt and decrypt): by its type, narrowed by a JWK's `key_ops` or a CryptoKey's `usages`. */
  declare readonly operations: readonly KeyOperation[];
  /** The key id: a JWK's `kid`, or the one given to generateKeyPair / generateSecret. */
  declare readonly kid: string | undefined;
  /**
   * Whether exportJwk / exportPem may export this key: always for public keys; for private keys
   * and secrets only when generated with `extractable: true` (or from an extractable CryptoKey).
   */
  declare readonly extractable: boolean;

  /** @internal Use importKey(), generateKeyPair() or generateSecret(). */
  constructor(alg: Alg | JweKeyAlg, handle: BackendKey, operations: readonly KeyOperation[], kid: string | undefined, extractable: boolean) {
    this.alg = alg;
    this.type = handle.type;
    this.operations = operations;
    this.kid = kid;
    this.extractable = extractable;
    handles.set(this, handle);
  }
}

/** What the JWE layer needs of a generated JWE Key beyond its handle: an ECDH key's curve, a secret's bytes. */
export interface JweKeyFacts {
  readonly crv?: EcdhCurve;
  readonly secret?: Uint8Array;
}

// Marked pure: a bundle without JWE keys drops it.
const jweFacts = /* @__PURE__ */ new WeakMap<Key, JweKeyFacts>();

/** A Key made for a JWE alg (generate.ts, import.ts), with its facts. */
export function jweKey(
  alg: JweKeyAlg,
  handle: BackendKey,
  operations: readonly KeyOperation[],
  kid: string | undefined,
  extractable: boolean,
  facts: JweKeyFacts,
): Key {
  const key = new Key(alg, handle, operations, kid, extractable);
  jweFacts.set(key, facts);
  return key;
}

/** A JWE secret as a Key: its bytes, which the JWE primitives take as they are (no backend key holds them). */
export function jweSecretKey(alg: JweKeyAlg, secret: Uint8Array, operations: readonly KeyOperation[], kid: string | undefined, extractable: boolean): Key {
  return jweKey(alg, { type: 'secret', bits: secret.length * 8 }, operations, kid, extractable, { secret });
}

/** The facts of a JWE Key; undefined for a signature Key. */
export function jweFactsOf(key: Key): JweKeyFacts | undefined {
  return jweFacts.get(key);
}

/** The backend handle of a Key, for the key layer's own modules (export). */
export function backendKey(key: Key): BackendKey {
  return handles.get(key)!;
}

/**
 * Runs a backend call for `alg` (import, sign, verify): any failure, a throw or a rejection, means
 * the key is unusable: ERR_KEY (a JwtError thrown on the way, such as a JWK's bad "k", is kept).
 * Synchronous when the call is.
 */
export function backendCall<T>(alg: string, operation: string, call: () => Maybe<T>): Maybe<T> {
  const unusable = (cause: unknown) => (cause instanceof JwtError ? cause : new JwtKeyError(`the key could not ${operation} with ${alg}`, { cause }));
  let result: Maybe<T>;
  try {
    result = call();
  } catch (error) {
    throw unusable(error);
  }
  return result instanceof Promise
    ? result.catch((error: unknown) => {
        throw unusable(error);
      })
    : result;
}

/** Signs `data` with the key's alg. Synchronous when the backend is (node:crypto), a promise otherwise. */
export function signBytes(key: Key, data: Uint8Array): Maybe<Uint8Array> {
  return backendCall(key.alg, 'sign', () => backend.sign(ALGORITHMS[key.alg as Alg], backendKey(key), data));
}

/** Checks `signature` over `data`: false (not a throw) when it does not match. Synchronous when the backend is. */
export function verifyBytes(key: Key, data: Uint8Array, signature: Uint8Array): Maybe<boolean> {
  return backendCall(key.alg, 'verify', () => backend.verify(ALGORITHMS[key.alg as Alg], backendKey(key), data, signature));
}

/** What `importKey`, `sign` and `verify` accept as a key (a KeyObject: in the Node build only). */
export type KeyInput = Key | CryptoKey | Jwk | Uint8Array | string | KeyObjectLike;
