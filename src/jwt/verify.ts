import { JwtError, JwtKeyError } from '../errors.js';
import { refuseExtensions } from '../jws/header.js';
import type { CompactSegments } from '../jws/segments.js';
import { type KeyResolver, type ReadPayload, verifyCompact } from '../jws/verify.js';
import { keyOrJwks } from '../keys/select.js';
import type { JwkSet } from '../keys/jwk.js';
import { asciiEncode } from '../util/base64url.js';
import type { KeyInput } from '../keys/key.js';
import type { JsonObject } from '../util/json.js';
import { optionsObject } from '../util/options.js';
import { type ClaimTimes, applyGuard, checkClaims } from './claims.js';
import { parsePayloadSegment } from './decode.js';
import { VERIFY_OPTIONS, checkVerifyOptions } from './options.js';
import type { JwtHeader, JwtPayload, VerifyOptions, VerifyResult } from './types.js';

type AnyResolver = KeyResolver<Record<string, unknown>, Record<string, unknown>>;

type Verified = { header: JwtHeader; payload: JwtPayload };

/**
 * A JWT's payload: an encoded JSON claims set, under a header with no extensions (no `crit`, never
 * `b64`), so its signing input is always the two segments (the general form, jws/unencoded.ts, is
 * not needed here and stays out of a JWT-only bundle).
 */
function readClaims(header: JsonObject, segments: CompactSegments): ReadPayload<JsonObject> {
  refuseExtensions(header);
  return { payload: parsePayloadSegment(segments.payload), signingInput: asciiEncode(`${segments.header}.${segments.payload}`) };
}

/**
 * Signature (JWS layer), then claims at `times.now`; shared by `verify` and `createVerifier`.
 * Like verifyCompact, synchronous when the signature check is (callers `await` the result).
 */
export function verifyToken(
  token: string,
  key: KeyInput | KeyResolver<JwtHeader, JwtPayload>,
  options: VerifyOptions<unknown>,
  times: ClaimTimes,
): Verified | Promise<Verified> {
  const claimsChecked = ({ header, payload }: { header: JsonObject; payload: JwtPayload }): Verified => ({
    header: header as JwtHeader,
    payload: checkClaims(payload, header, options, times),
  });
  const verified = verifyCompact(token, key as KeyInput | AnyResolver, options, readClaims);
  return verified instanceof Promise ? verified.then(claimsChecked) : claimsChecked(verified);
}

/**
 * Nothing but a JwtError leaves verify and createVerifier. The token's own faults already have
 * their codes; what is left is the key side (a key resolver that throws, a runtime's crypto) or a
 * bug, so it is ERR_KEY (a server fault, 500), with the original error as `cause` for the logs.
 */
export function asJwtError(error: unknown): JwtError {
  return error instanceof JwtError ? error : new JwtKeyError('verification failed unexpectedly (see cause)', { cause: error });
}

/** Runs the `validate` guard, when there is one, on a verified payload. */
export function guarded<T>(options: VerifyOptions<T>, payload: JwtPayload): (JwtPayload & T) | Promise<JwtPayload & T> {
  return (options.validate ? applyGuard(options.validate, payload) : payload) as (JwtPayload & T) | Promise<JwtPayload & T>;
}

/**
 * Verifies a JWT: the signature first (JWS layer), then the claims at `options.now`.
 * A resolver receives the header and the payload before they are verified: use them only to
 * pick a key (e.g. by `kid` or `iss`), never to decide trust.
 *
 * @throws ERR_JWT_MALFORMED, ERR_JWT_ALGORITHM, ERR_JWT_SIGNATURE, ERR_JWT_EXPIRED,
 * ERR_JWT_NOT_BEFORE, ERR_JWT_CLAIM: the token is refused (the client's fault).
 * @throws ERR_KEY, ERR_INVALID_ARGUMENT: the key or the options are wrong (the caller's fault).
 * @throws ERR_JWKS_NO_MATCH, ERR_JWKS_FETCH, ERR_JWKS_TIMEOUT, ERR_JWKS_INVALID: with a JWK set, no key fits or the set cannot be loaded.
 * @example
 * ```ts
 * const { payload } = await verify(token, publicPem, { algorithms: ['ES256'], issuer: 'https://auth.example', audience: 'api' });
 * console.log(payload.sub);
 * ```
 */
export async function verify<T extends object = JwtPayload>(
  token: string,
  key: KeyInput | JwkSet | KeyResolver<JwtHeader, JwtPayload>,
  verifyOptions?: VerifyOptions<T>,
): Promise<VerifyResult<JwtPayload & T>> {
  // A snapshot: each option is read once, so a getter cannot pass the checks and then change.
  const options = { ...optionsObject(verifyOptions, VERIFY_OPTIONS) };
  const times = checkVerifyOptions(options);
  try {
    const { header, payload } = await verifyToken(token, keyOrJwks(key), options, times);
    return { header, payload: await guarded(options, payload) };
  } catch (error) {
    throw asJwtError(error);
  }
}
