import { JwtArgumentError } from '../errors.js';
import { checkAlgorithmsOption } from '../jws/header.js';
import { checkMaxTokenLength } from '../jws/segments.js';
import type { KeyResolver } from '../jws/verify.js';
import { profileOf } from '../keys/cache.js';
import type { KeyInput } from '../keys/key.js';
import { keyOrJwks } from '../keys/select.js';
import type { JwkSet } from '../keys/jwk.js';
import { optionsObject } from '../util/options.js';
import { epochSeconds } from '../util/time.js';
import { checkClaims } from './claims.js';
import { VERIFIER_OPTIONS, checkVerifyOptions } from './options.js';
import { type CachedToken, checkCacheOption, createTokenCache } from './token-cache.js';
import type { JwtHeader, JwtPayload, VerifierOptions, VerifyResult } from './types.js';
import { asJwtError, guarded, verifyToken } from './verify.js';

/** Verifies JWTs with one key and one set of options; see `createVerifier`. */
export type Verifier<T = JwtPayload> = (token: string) => Promise<VerifyResult<T>>;

/**
 * A verifier for many tokens with one key (or resolver) and one set of options, checked once here:
 * bad options throw ERR_INVALID_ARGUMENT now rather than at each call. With `cache: { size }`, a
 * token that verified before skips the signature check (see token-cache.ts); a cache needs a fixed
 * key, since a resolver's answer (a rotating key set) may change.
 *
 * @throws ERR_INVALID_ARGUMENT: a bad or unknown option, or a cache with a resolver, at creation. The verifier rejects as `verify` does.
 * @example
 * ```ts
 * const verifyAccess = createVerifier(publicPem, { algorithms: ['ES256'], audience: 'api', cache: { size: 10_000 } });
 * const { payload } = await verifyAccess(token);
 * ```
 */
export function createVerifier<T extends object = JwtPayload>(
  key: KeyInput | JwkSet | KeyResolver<JwtHeader, JwtPayload>,
  verifyOptions?: VerifierOptions<T>,
): Verifier<JwtPayload & T> {
  // A snapshot: each option is read once, so a getter cannot pass the checks and then change.
  const options = { ...optionsObject(verifyOptions, VERIFIER_OPTIONS) };
  const { tolerance, maxAge } = checkVerifyOptions(options);
  checkAlgorithmsOption(options.algorithms);
  checkMaxTokenLength(options.maxTokenLength);
  if (options.cache !== undefined && typeof key === 'function') throw new JwtArgumentError('cache needs a fixed key, not a key resolver');
  // A JWK set object is a fixed set (unlike a resolver's answer): its tokens may be cached.
  const keys = keyOrJwks(key);
  // Key material is read now (not imported: that waits for a token's alg), so what is no key at all fails here, as createSigner does.
  if (typeof keys !== 'function') profileOf(keys);
  const cache = options.cache === undefined ? undefined : createTokenCache(checkCacheOption(options.cache));

  return async (token) => {
    const times = { now: epochSeconds(options.now), tolerance, maxAge };
    let verified: CachedToken | undefined = cache?.get(token);
    try {
      if (verified === undefined) {
        // No await when the check was synchronous (node:crypto, a ready key): each await is a tick.
        const result = verifyToken(token, keys, options, times);
        verified = result instanceof Promise ? await result : result;
        cache?.set(token, verified);
      } else {
        checkClaims(verified.payload, verified.header, options, times);
      }
    } catch (error) {
      // An entry that no longer validates (expired) is dropped, not kept to fail again.
      cache?.delete(token);
      throw asJwtError(error);
    }
    const payload = guarded(options, verified.payload);
    return { header: verified.header, payload: payload instanceof Promise ? await payload : payload };
  };
}
