import { JwksNoMatchError } from '../errors.js';
import { type Jwk, isJwk } from '../keys/jwk.js';
import { type KeySelector, selectKeys } from './select.js';
import { type JwkSet, verificationKeys } from './set.js';

/**
 * A JWK set held in memory, as the key argument of `verify`: keys chosen by the token's `kid`,
 * `alg`, key type and curve. Secrets (`oct`) are allowed here, so HMAC keys can rotate by `kid` too.
 */

/** A key set as `verify` takes it: resolves a token's header to the candidate keys, or throws ERR_JWKS_NO_MATCH. */
export type JwksResolver = (header: KeySelector) => Promise<Jwk[]>;

/**
 * A resolver over a fixed JWK set. Throws ERR_JWKS_INVALID when `jwks` is not `{ keys: [...] }`.
 *
 * @throws ERR_JWKS_INVALID: `jwks` is not a JWK set. Verifying then throws ERR_JWKS_NO_MATCH when no key fits the token.
 * @example
 * ```ts
 * const jwks = createLocalJwks({ keys: [publicJwk] });
 * const { payload } = await verify(token, jwks);
 * ```
 */
export function createLocalJwks(jwks: JwkSet): JwksResolver {
  const keys = verificationKeys(jwks, { allowSecrets: true });
  return async (header) => {
    const found = selectKeys(keys, header);
    if (found.length === 0) throw new JwksNoMatchError();
    return found;
  };
}

/**
 * `verify`'s key argument: a JWK set object (`{ keys: [...] }`, no `kty`) is a local key set,
 * keys picked as createLocalJwks picks them (selectKeys: `kid`, `alg`, key type, curve); anything
 * else is returned as given. Unlike createLocalJwks, the set is not sorted up front (that would put
 * the set reader in every verify bundle): a key that cannot verify (a private key, `use: 'enc'`)
 * fails at its turn, and another candidate may still verify.
 */
export function keyOrJwks<K>(key: K | JwkSet): K | JwksResolver {
  if (typeof key !== 'object' || key === null || !Array.isArray((key as JwkSet).keys) || 'kty' in key) return key as K;
  const keys = (key as JwkSet).keys.filter(isJwk);
  return async (header) => {
    const found = selectKeys(keys, header);
    if (found.length === 0) throw new JwksNoMatchError();
    return found;
  };
}
