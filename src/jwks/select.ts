import { ALGORITHMS, isAlg } from '../algorithms.js';
import { profileOf } from '../keys/cache.js';
import { fits } from '../keys/fit.js';
import type { Jwk } from '../keys/jwk.js';

/**
 * Picks the keys of a set that may have signed a token, from its (not yet verified) header: the
 * `kid` when the token has one, and always a key that fits its `alg` (fit.ts, as for a key alone).
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
  // The keys were profiled when the set was read (set.ts), so profileOf is a cache hit.
  return keys.filter((jwk) => (kid === undefined || jwk.kid === kid) && fits(profileOf(jwk), spec, 'verify'));
}
