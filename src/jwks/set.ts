import { JwksInvalidError } from './errors.js';
import { profileOf } from '../keys/cache.js';
import { canDo, hasKeyMembers } from '../keys/fit.js';
import { type Jwk, isJwk } from '../keys/jwk.js';

/**
 * Reads a JWK set (RFC 7517 §5) and keeps the keys jwtkit can verify with. Keys it cannot use —
 * another key type or curve, marked for encryption or an unsupported alg, private keys, or (in a
 * remote set) secrets — are skipped, not fatal: real sets mix signing and encryption keys.
 */

export type { JwkSet } from '../keys/jwk.js';

/**
 * True when `jwk` can verify signatures with some alg, by the same rules as a key passed to
 * verify alone (fit.ts): a private key, a key marked for encryption or another operation, or one
 * that is no usable key at all cannot, and is skipped.
 */
function canVerifyWith(jwk: Jwk, allowSecrets: boolean): boolean {
  try {
    const profile = profileOf(jwk);
    // A secret in a remote set would be published to everyone: never trusted.
    return (allowSecrets || profile.type !== 'secret') && canDo(profile, 'verify') && hasKeyMembers(jwk);
  } catch {
    return false;
  }
}

/**
 * The verification keys of a JWK set, as frozen copies (so later changes to the caller's objects
 * change nothing, and each key's import stays cached). Throws ERR_JWKS_INVALID when `value` is
 * not a JWK set at all.
 */
export function verificationKeys(value: unknown, { allowSecrets }: { allowSecrets: boolean }): readonly Jwk[] {
  const keys = typeof value === 'object' && value !== null ? (value as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) throw new JwksInvalidError('not a JWK set: expected an object with a "keys" array');
  // The copies are profiled (and later imported) once each, through the key cache.
  return Object.freeze(
    keys
      .filter(isJwk)
      .map(frozenCopy)
      .filter((jwk) => canVerifyWith(jwk, allowSecrets)),
  );
}

/** A copy the caller cannot change: the members, and the one array member jwtkit reads (`key_ops`). */
function frozenCopy(jwk: Jwk): Jwk {
  const copy: Jwk = { ...jwk };
  if (Array.isArray(jwk.key_ops)) copy.key_ops = Object.freeze([...jwk.key_ops]) as string[];
  return Object.freeze(copy);
}
