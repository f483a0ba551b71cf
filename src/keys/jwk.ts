import type { KeyType } from '../algorithms.js';
import { JwtKeyError } from '../errors.js';
import { decodeBytes } from '../util/base64url.js';

/**
 * The members each key type must have (as strings) to be a key at all, sorted: RFC 7638 §3.2
 * (RSA, EC, oct), RFC 8037 §2 (OKP) and draft-ietf-cose-dilithium (AKP). Also exactly the members
 * of a JWK thumbprint's input.
 */
export const REQUIRED_MEMBERS: Readonly<Record<KeyType, readonly string[]>> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  oct: ['k', 'kty'],
  // ML-DSA (draft-ietf-cose-dilithium): the parameter set is the key's `alg`, so it is required.
  AKP: ['alg', 'kty', 'pub'],
};

/** A JSON Web Key (RFC 7517) as jwtkit reads it. */
export interface Jwk {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  crv?: string;
  k?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  d?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
  [parameter: string]: unknown;
}

/** A JWK set: `{ keys: [...] }` (RFC 7517 §5). */
export interface JwkSet {
  keys: Jwk[];
}

/** True for objects shaped like a JWK (a string `kty`). */
export function isJwk(value: unknown): value is Jwk {
  return typeof value === 'object' && value !== null && typeof (value as { kty?: unknown }).kty === 'string';
}

/** The secret bytes of an `oct` JWK. */
export function octSecret(jwk: Jwk): Uint8Array {
  try {
    if (typeof jwk.k === 'string') return decodeBytes(jwk.k);
  } catch {
    // Not base64url: the same error as no "k" at all.
  }
  throw new JwtKeyError('oct JWK needs a base64url "k"');
}

const KEY_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'pub', 'priv'] as const;

/**
 * Only the key members, for the backend: `alg`/`use`/`key_ops` were checked by fit.ts, and passing
 * them on would let each runtime's own (differing) rules decide instead.
 */
export function keyMembers(jwk: Jwk): JsonWebKey {
  const out: Record<string, unknown> = {};
  for (const name of KEY_MEMBERS) if (jwk[name] !== undefined) out[name] = jwk[name];
  // An AKP key's parameter set is its `alg` (a required member), which the backend must see.
  if (jwk.kty === 'AKP') out.alg = jwk.alg;
  return out as JsonWebKey;
}
