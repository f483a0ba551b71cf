import type { JwkSet } from '../keys/jwk.js';
import { type JwksResolver, resolverOver } from '../keys/select.js';
import { verificationKeys } from './set.js';

export type { JwksResolver } from '../keys/select.js';

/**
 * A JWK set held in memory, as the key argument of `verify`: keys chosen by the token's `kid`,
 * `alg`, key type and curve. Secrets (`oct`) are allowed here, so HMAC keys can rotate by `kid` too.
 */

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
  return resolverOver(verificationKeys(jwks, { allowSecrets: true }));
}
