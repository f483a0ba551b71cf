import { JwtArgumentError } from '../errors.js';
import { buildHeader } from '../jws/header.js';
import { type PreparedSigner, prepareSigner, signSegment, signingAlg } from '../jws/sign.js';
import type { KeyInput } from '../keys/key.js';
import { encodeString } from '../util/base64url.js';
import { type JsonObject, isPlainObject, stringifyJson } from '../util/json.js';
import { epochSeconds } from '../util/time.js';
import { checkClaimTypes } from './claims.js';
import { optionsObject } from '../util/options.js';
import { SIGN_OPTIONS, type SignDurations, checkSignOptions } from './options.js';
import type { JwtPayload, SignOptions } from './types.js';

/** Options that set a registered claim, and that claim. Setting both is ambiguous, so it is an error. */
const CLAIM_OPTIONS = [
  ['issuer', 'iss'],
  ['subject', 'sub'],
  ['audience', 'aud'],
  ['jwtId', 'jti'],
  ['expiresIn', 'exp'],
  ['notBefore', 'nbf'],
] as const;

/** `now` plus a duration (exp, nbf), or undefined without one. */
function later(now: number, duration: number | undefined): number | undefined {
  return duration === undefined ? undefined : now + duration;
}

/** The claims set to sign (or encrypt): the caller's payload plus the claims the options ask for. */
export function buildClaims(payload: unknown, options: SignOptions, durations: SignDurations): JsonObject {
  if (!isPlainObject(payload)) throw new JwtArgumentError('payload must be a plain object');
  const now = Math.floor(epochSeconds(options.now));
  const claims: JsonObject = { ...payload };
  if (options.iat !== false && claims.iat === undefined) claims.iat = now;
  for (const [option, claim] of CLAIM_OPTIONS) {
    const value = option === 'expiresIn' || option === 'notBefore' ? later(now, durations[option]) : options[option];
    if (value === undefined) continue;
    if (claims[claim] !== undefined) throw new JwtArgumentError(`set "${claim}" in the payload or the ${option} option, not both`);
    claims[claim] = value;
  }
  // A copy: an array's own toJSON could otherwise serialize something other than what was checked.
  if (Array.isArray(claims.aud)) claims.aud = [...claims.aud];
  checkClaimTypes(claims);
  return claims;
}

/** Signs JWTs with one key and one set of options; see `createSigner`. */
export type Signer = (payload: JwtPayload) => Promise<string>;

/**
 * A signer for many tokens with one key and one set of options: the options are checked, the key
 * imported and the header encoded once, not per token (the fast path for servers). Time-based
 * claims (`iat`, `exp`, `nbf`) are computed at each call. Bad options throw ERR_INVALID_ARGUMENT here.
 *
 * @throws ERR_INVALID_ARGUMENT: a bad or unknown option, at creation. The signer rejects as `sign` does.
 * @example
 * ```ts
 * const signAccess = createSigner(privatePem, { alg: 'ES256', expiresIn: '5m', issuer: 'https://auth.example' });
 * const token = await signAccess({ sub: 'user-42' });
 * ```
 */
export function createSigner(key: KeyInput, signOptions?: SignOptions): Signer {
  // A snapshot: each option is read once, so later changes to the caller's object do not leak in.
  const options = { ...optionsObject(signOptions, SIGN_OPTIONS) };
  const durations = checkSignOptions(options);
  const alg = signingAlg(key, options.alg);
  const header = buildHeader(alg, options.header, { typ: options.typ ?? 'JWT', kid: options.kid });
  let prepared: PreparedSigner | undefined;
  return async (payload) => {
    const payloadSegment = encodeString(stringifyJson(buildClaims(payload, options, durations), 'payload'));
    prepared ??= await prepareSigner(header, key, alg);
    return signSegment(prepared, payloadSegment);
  };
}

/**
 * Signs a JWT: claims from `payload` and `options`, header `{ alg, typ: 'JWT', kid? }`.
 *
 * @throws ERR_INVALID_ARGUMENT: a payload that is not a plain JSON object, a claim set twice, a bad or unknown option.
 * @throws ERR_KEY: key material unusable for the alg (too short, wrong type, verify-only).
 * @throws ERR_JWT_ALGORITHM: an alg the key cannot do, or `none`.
 * @example
 * ```ts
 * const token = await sign({ sub: 'user-42', role: 'editor' }, process.env.JWT_SECRET!, {
 *   expiresIn: '5m',
 *   issuer: 'https://auth.example',
 *   audience: 'api',
 * });
 * ```
 */
export async function sign(payload: JwtPayload, key: KeyInput, signOptions?: SignOptions): Promise<string> {
  return createSigner(key, signOptions)(payload);
}
