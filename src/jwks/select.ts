import { ALGORITHMS, isAlg } from '../algorithms.js';
import type { Jwk } from '../keys/jwk.js';

/**
 * Picks the keys of a set that may have signed a token, from its (not yet verified) header: the
 * `kid` when the token has one, and always the key type, curve and JWK `alg` its `alg` needs.
 * Several matches (no `kid`, or a `kid` shared by keys) are all returned, in set order, and
 * verify tries each.
 */

/** The header parameters a key set looks at. */
export interface KeySelector {
  readonly alg?: unknown;
  readonly kid?: unknown;
}

export function selectKeys(keys: readonly Jwk[], header: KeySelector): Jwk[] {
  const { alg, kid } = header;
  if (!isAlg(alg)) return [];
  // A kid that is not a string matches nothing: it cannot be any key's kid.
  if (kid !== undefined && typeof kid !== 'string') return [];
  const spec = ALGORITHMS[alg];
  return keys.filter(
    (jwk) =>
      (kid === undefined || jwk.kid === kid) &&
      jwk.kty === spec.kty &&
      (spec.curve === undefined || jwk.crv === spec.curve) &&
      (jwk.alg === undefined || jwk.alg === alg),
  );
}
