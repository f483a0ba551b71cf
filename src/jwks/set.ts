import { type KeyType, algsForKey, isAlg } from '../algorithms.js';
import { JwksInvalidError } from '../errors.js';
import { type Jwk, REQUIRED_MEMBERS, isJwk } from '../keys/jwk.js';

/**
 * Reads a JWK set (RFC 7517 §5) and keeps the keys jwtkit can verify with. Keys it cannot use —
 * another key type or curve, marked for encryption or an unsupported alg, private keys, or (in a
 * remote set) secrets — are skipped, not fatal: real sets mix signing and encryption keys.
 */

/** A JWK set: `{ keys: [...] }`. */
export interface JwkSet {
  keys: Jwk[];
}

function isKeyType(kty: string): kty is KeyType {
  return Object.hasOwn(REQUIRED_MEMBERS, kty);
}

/** True when `jwk` is a key jwtkit can verify signatures with. */
function canVerifyWith(jwk: Jwk, allowSecrets: boolean): boolean {
  const { kty } = jwk;
  if (!isKeyType(kty) || (kty === 'oct' && !allowSecrets)) return false;
  // A private key has no place in a set used to verify (and a remote one should never publish it).
  if (kty !== 'oct' && jwk.d !== undefined) return false;
  if (!REQUIRED_MEMBERS[kty].every((name) => typeof jwk[name] === 'string')) return false;
  const algs = algsForKey(kty, jwk.crv);
  if (algs.length === 0) return false;
  if (jwk.kid !== undefined && typeof jwk.kid !== 'string') return false;
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (jwk.alg !== undefined && !(isAlg(jwk.alg) && algs.includes(jwk.alg))) return false;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return false;
  return true;
}

/**
 * The verification keys of a JWK set, as frozen copies (so later changes to the caller's objects
 * change nothing, and each key's import stays cached). Throws ERR_JWKS_INVALID when `value` is
 * not a JWK set at all.
 */
export function verificationKeys(value: unknown, { allowSecrets }: { allowSecrets: boolean }): readonly Jwk[] {
  const keys = typeof value === 'object' && value !== null ? (value as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) throw new JwksInvalidError('not a JWK set: expected an object with a "keys" array');
  return Object.freeze(keys.filter((jwk): jwk is Jwk => isJwk(jwk) && canVerifyWith(jwk, allowSecrets)).map(frozenCopy));
}

/** A copy the caller cannot change: the members, and the one array member jwtkit reads (`key_ops`). */
function frozenCopy(jwk: Jwk): Jwk {
  const copy: Jwk = { ...jwk };
  if (Array.isArray(jwk.key_ops)) copy.key_ops = Object.freeze([...jwk.key_ops]) as string[];
  return Object.freeze(copy);
}
