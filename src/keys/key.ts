import { type Alg, type AlgSpec, ALGORITHMS } from '../algorithms.js';
import { type BackendKey, backend } from '../backend/index.js';
import type { Maybe } from '../backend/types.js';
import { JwtError, JwtKeyError } from '../errors.js';
import { type Jwk, checkJwkUse, keyMembers, octSecret } from './jwk.js';
import type { KeySource } from './material.js';

/**
 * `Key`: key material imported for exactly one alg. Minimum sizes: a secret's algs are limited by
 * its length in material.ts (RFC 7518 §3.2); here every imported key is checked again by the size
 * its backend reports (RSA moduli of at least 2048 bits, HMAC CryptoKeys).
 */

/** Each Key's backend handle, out of reach of callers (a WeakMap keeps Key opaque and tree-shakable). */
const handles = new WeakMap<Key, BackendKey>();

/** What a key may be used for. */
export type KeyOperation = 'sign' | 'verify';

/** A key imported for one alg; get one from `importKey()`. Opaque: its backend handle is private. */
// Fields are `declare`d: the constructor sets them, so no class-field definitions are emitted.
export class Key {
  /** The one alg this key signs or verifies with. */
  declare readonly alg: Alg;
  /** `secret` (HMAC), `public` (verifies) or `private` (signs). */
  declare readonly type: 'secret' | 'public' | 'private';
  /** What this key may do: by its type, narrowed by a JWK's `key_ops` or a CryptoKey's `usages`. */
  declare readonly operations: readonly KeyOperation[];
  /** The key id: a JWK's `kid`, or the one given to generateKeyPair / generateSecret. */
  declare readonly kid: string | undefined;
  /**
   * Whether exportJwk / exportPem may export this key: always for public keys; for private keys
   * and secrets only when generated with `extractable: true` (or from an extractable CryptoKey).
   */
  declare readonly extractable: boolean;

  /** @internal Use importKey(), generateKeyPair() or generateSecret(). */
  constructor(alg: Alg, handle: BackendKey, operations: readonly KeyOperation[], kid: string | undefined, extractable: boolean) {
    this.alg = alg;
    this.type = handle.type;
    this.operations = operations;
    this.kid = kid;
    this.extractable = extractable;
    handles.set(this, handle);
  }
}

/** The backend handle of a Key, for the JWS layer. */
export function backendKey(key: Key): BackendKey {
  return handles.get(key)!;
}

/** The backend key for `spec`: WebCrypto (or node:crypto) parses the material and refuses what does not fit. */
function importFor(source: KeySource, spec: AlgSpec): Maybe<BackendKey> {
  if (source.kind === 'cryptokey') return backend.fromCryptoKey(spec, source.key);
  if (source.kind !== 'jwk') return backend.importKey(spec, source.kind, source.bytes);
  checkJwkUse(source.jwk);
  return source.jwk.kty === 'oct' ? backend.importKey(spec, 'raw', octSecret(source.jwk)) : backend.importKey(spec, 'jwk', keyMembers(source.jwk));
}

/** Imports classified material for one alg; every failure is ERR_KEY. `source.algs` binds the key type (and a JWK's alg) to the alg. */
export async function createKey(source: KeySource, alg: Alg): Promise<Key> {
  if (!source.algs.includes(alg)) throw new JwtKeyError(`this key cannot do ${alg} (it can do ${source.algs.join(', ')})`);
  const spec = ALGORITHMS[alg];
  let handle: BackendKey;
  try {
    handle = await importFor(source, spec);
  } catch (error) {
    if (error instanceof JwtError) throw error;
    throw new JwtKeyError(`key material could not be imported for ${alg}`, { cause: error });
  }
  // The size the backend reports: RSA moduli (RFC 7518 §3.3), HMAC CryptoKeys (§3.2; secrets were measured in material.ts).
  // EC and OKP keys have no minimum; a backend that cannot tell a key's size reports no bits.
  const minBits = spec.minKeySize === undefined ? undefined : spec.kty === 'oct' ? spec.minKeySize * 8 : spec.minKeySize;
  if (minBits !== undefined && handle.bits !== undefined && handle.bits < minBits) throw new JwtKeyError(`${alg} needs a key of at least ${minBits} bits`);
  const kid = source.kind === 'jwk' && typeof source.jwk.kid === 'string' ? source.jwk.kid : undefined;
  // Imported private keys and secrets are never exportable: the caller already holds that material.
  const extractable = source.kind === 'cryptokey' ? source.key.extractable : handle.type === 'public';
  return new Key(alg, handle, allowedOperations(source, handle), kid, extractable);
}

/** Secrets sign and verify, private keys sign, public keys verify; a JWK or CryptoKey may narrow that. */
function allowedOperations(source: KeySource, handle: BackendKey): KeyOperation[] {
  const byType: KeyOperation[] = handle.type === 'secret' ? ['sign', 'verify'] : handle.type === 'private' ? ['sign'] : ['verify'];
  const declared = source.kind === 'jwk' ? source.jwk.key_ops : source.kind === 'cryptokey' ? source.key.usages : undefined;
  const operations = byType.filter((operation) => !declared || declared.includes(operation));
  if (operations.length === 0) throw new JwtKeyError(`this ${handle.type} key may not ${byType.join(' or ')} (its key_ops or usages)`);
  return operations;
}

/** Throws ERR_KEY unless the key may do `operation`, saying why (a public key cannot sign, …). */
export function checkOperation(key: Key, operation: KeyOperation): void {
  if (key.operations.includes(operation)) return;
  const hint = key.type === 'secret' ? ' (its key_ops or usages)' : `; pass the ${key.type === 'public' ? 'private' : 'public'} key`;
  throw new JwtKeyError(`this ${key.type} key may not ${operation}${hint}`);
}

/** What `importKey`, `sign` and `verify` accept as a key. */
export type KeyInput = Key | CryptoKey | Jwk | Uint8Array | string;
