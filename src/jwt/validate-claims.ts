import { JwtArgumentError, JwtExpiredError } from '../errors.js';
import { isJsonObject } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import { checkClaims } from './claims.js';
import { checkVerifyOptions } from './options.js';
import type { JwtHeader, JwtPayload, VerifyOptions } from './types.js';

/** Options of `validateClaims`: the claim options of `verify`, the header (for `typ`), and `allowExpired`. */
export interface ValidateClaimsOptions extends Pick<
  VerifyOptions,
  'issuer' | 'audience' | 'subject' | 'jwtId' | 'nonce' | 'typ' | 'clockTolerance' | 'maxAge' | 'requiredClaims' | 'now'
> {
  /** The token's protected header: needed when `typ` is checked (its `typ` parameter is). */
  header?: JwtHeader;
  /**
   * Skip the `exp` check, and only that one (`nbf`, `iat`, `maxAge` and every match still apply):
   * for a token whose signature is verified and that is known to be expired, such as a logout
   * with an expired refresh token that still names its session. Default `false`. `verify` has no
   * such option: it refuses an expired token, always.
   */
  allowExpired?: boolean;
}

const VALIDATE_CLAIMS_OPTIONS = /* @__PURE__ */ optionNames<ValidateClaimsOptions>({
  issuer: true,
  audience: true,
  subject: true,
  jwtId: true,
  nonce: true,
  typ: true,
  clockTolerance: true,
  maxAge: true,
  requiredClaims: true,
  now: true,
  header: true,
  allowExpired: true,
});

/**
 * Checks a payload's claims as `verify` does after the signature: the same checks (jwt/claims.ts),
 * in the same order, with the same codes. The registered claims' types, `exp` (unless
 * `allowExpired`), `nbf`, `iat` and `maxAge` at `now` with `clockTolerance`, then `issuer`,
 * `subject`, `audience`, `jwtId`, `nonce`, the header's `typ` and `requiredClaims`. It checks no
 * signature: give it only a payload whose signature is verified (by `verify`, `decrypt`, or your
 * own code), as a forged payload can say anything. Returns the payload.
 *
 * @throws ERR_JWT_EXPIRED, ERR_JWT_NOT_BEFORE, ERR_JWT_CLAIM: a claim fails (the token's fault; `claim` names it).
 * @throws ERR_INVALID_ARGUMENT: the payload or the header is not an object, or an option is unknown or malformed.
 * @example
 * ```ts
 * try {
 *   await verify(token, publicPem, { algorithms: ['ES256'], issuer: 'https://auth.example', typ: 'refresh+jwt' });
 * } catch (error) {
 *   if (!(error instanceof JwtExpiredError)) throw error;
 *   // Signed, but expired: verify stopped at exp. The other claims still say whose token it is.
 *   const { header, payload } = decode(token);
 *   validateClaims(payload, { header, issuer: 'https://auth.example', typ: 'refresh+jwt', allowExpired: true });
 * }
 * ```
 */
export function validateClaims<T extends JwtPayload = JwtPayload>(payload: T, validateOptions?: ValidateClaimsOptions): T {
  // A snapshot, as in verify: each option is read once.
  const { header = {}, allowExpired = false, ...options } = { ...optionsObject(validateOptions, VALIDATE_CLAIMS_OPTIONS) };
  if (!isJsonObject(payload)) throw new JwtArgumentError('payload must be an object of claims');
  if (!isJsonObject(header)) throw new JwtArgumentError('header must be an object');
  if (typeof allowExpired !== 'boolean') throw new JwtArgumentError('allowExpired must be true or false');
  const times = checkVerifyOptions(options);
  try {
    checkClaims(payload, header, options, times);
  } catch (error) {
    if (!allowExpired || !(error instanceof JwtExpiredError)) throw error;
    // exp is checked right after the claim types, so everything else is still to check: the same
    // checks again, on the payload without its (well-typed, present) exp. Done here rather than by
    // a flag in checkClaims, so verify's code (and bundle) stays as it is.
    const withoutExp: JwtPayload = { ...payload };
    delete withoutExp.exp;
    checkClaims(withoutExp, header, { ...options, requiredClaims: options.requiredClaims?.filter((claim) => claim !== 'exp') }, times);
  }
  return payload;
}
