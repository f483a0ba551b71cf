import { ALGORITHMS, isAlg } from '../algorithms.js';
import { JwksNoMatchError } from '../errors.js';
import { profileOf } from './cache.js';
import { fits } from './fit.js';
import { type Jwk, type JwkSet, isJwk } from './jwk.js';

/**
 * Picks the keys of a set that may have signed a token, from its (not yet verified) header: the
 * `kid` when the token has one, and always a key that fits its `alg` (fit.ts, as for a key alone;
 * a key that is no usable key is never picked). Several matches (no `kid`, or a `kid` shared by
 * keys) are all returned, in set order, and verify tries each. Used by JWK sets (jwks/) and by
 * verify for a JWK set object passed as its key.
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
  const fitsToken = (jwk: Jwk) => {
    try {
      // Profiled once per key object (the key cache): a set read by jwks/set.ts is a cache hit.
      return fits(profileOf(jwk), spec, 'verify');
    } catch {
      return false;
    }
  };
  return keys.filter((jwk) => (kid === undefined || jwk.kid === kid) && fitsToken(jwk));
}

/** A key set as `verify` takes it: resolves a token's header to the candidate keys, or throws ERR_JWKS_NO_MATCH. */
export type JwksResolver = (header: KeySelector) => Promise<Jwk[]>;

/** A resolver over `keys`: the keys selectKeys picks, or ERR_JWKS_NO_MATCH when there are none. */
export function resolverOver(keys: readonly Jwk[]): JwksResolver {
  return async (header) => {
    const found = selectKeys(keys, header);
    if (found.length === 0) throw new JwksNoMatchError();
    return found;
  };
}

/**
 * `verify`'s key argument: a JWK set object (`{ keys: [...] }`, no `kty`) is a local key set,
 * keys picked as createLocalJwks picks them (selectKeys); anything else is returned as given.
 * Unlike createLocalJwks, the set is not sorted up front (that would put the set reader in every
 * verify bundle): a key that cannot verify is not picked, or fails at its turn.
 */
export function keyOrJwks<K>(key: K | JwkSet): K | JwksResolver {
  if (typeof key !== 'object' || key === null || !Array.isArray((key as JwkSet).keys) || 'kty' in key) return key as K;
  return resolverOver((key as JwkSet).keys.filter(isJwk));
}
