import { JwtClaimError, JwtError, JwtExpiredError, JwtNotBeforeError } from '../errors.js';
import type { JsonObject } from '../util/json.js';
import { type TypeRule, isStringOrArray, isString, mistyped } from '../util/options.js';
import { MAX_SECONDS } from '../util/time.js';
import type { ClaimMatcher, JwtPayload, VerifyOptions } from './types.js';

/**
 * Pure claim validation (RFC 7519 §4.1): a payload, the options and the current time in, the
 * payload (or a JwtError) out. No I/O, no clock reads: callers pass `now`.
 */

/** The registered claims (RFC 7519 §4.1), each with its type check and, for the message, what it must be. */
const CLAIM_TYPES: TypeRule[] = [
  [['iss', 'sub', 'jti'], isString, 'a string'],
  [['exp', 'nbf', 'iat'], (value) => typeof value === 'number' && Math.abs(value) <= MAX_SECONDS, 'a number (seconds since the epoch)'],
  [['aud'], isStringOrArray, 'a string or an array of strings'],
];

/** Registered claims must have their registered types; used by sign and verify alike. */
export function checkClaimTypes(payload: JsonObject): void {
  // Present at all, even as undefined: a payload's `iss: undefined` is a mistake, not an absent claim.
  const wrong = mistyped(payload, CLAIM_TYPES, Object.hasOwn);
  if (wrong) throw claimError(wrong[0], `must be ${wrong[1]}`);
}

/** A JwtClaimError about `claim`, whose message starts with its name. */
function claimError(claim: string, problem: string): JwtClaimError {
  return new JwtClaimError(claim, `"${claim}" ${problem}`);
}

function matchesOne(value: string, expected: string | RegExp): boolean {
  // search() ignores and restores lastIndex, so /g and /y patterns (and frozen ones) behave the same every time.
  return typeof expected === 'string' ? value === expected : value.search(expected) >= 0;
}

/** True when the claim's string value (for `aud`, any item of an array) matches any expected. */
export function matches(value: unknown, expected: ClaimMatcher, allowArray: boolean): boolean {
  const values = allowArray && Array.isArray(value) ? value : [value];
  const patterns = (Array.isArray(expected) ? expected : [expected]) as ReadonlyArray<string | RegExp>;
  return values.some((item) => typeof item === 'string' && patterns.some((pattern) => matchesOne(item, pattern)));
}

/** `typ` compared as a media type: case-insensitive, `application/` optional (RFC 7515 §4.1.9). */
function normalizeTyp(typ: string): string {
  return typ.toLowerCase().replace(/^application\//, '');
}

const MATCHED_CLAIMS = [
  ['issuer', 'iss'],
  ['subject', 'sub'],
  ['audience', 'aud'],
  ['jwtId', 'jti'],
  ['nonce', 'nonce'],
] as const;

/** The clock and the time limits of one verification, resolved from the options once. */
export interface ClaimTimes {
  /** Seconds since the epoch, fraction kept. */
  readonly now: number;
  readonly tolerance: number;
  readonly maxAge: number | undefined;
}

/**
 * Validates a verified payload (and its header's `typ`) against the options at `times.now`: the
 * claim checks of verify, createVerifier and decrypt, and of the public validateClaims
 * (jwt/validate-claims.ts). The registered claims' types first, then `exp`, then the rest.
 */
export function checkClaims(payload: JsonObject, header: JsonObject, options: VerifyOptions<unknown>, times: ClaimTimes): JwtPayload {
  checkClaimTypes(payload);
  const { now, tolerance, maxAge } = times;
  const { exp, nbf, iat } = payload as JwtPayload;

  if (exp !== undefined && now >= exp + tolerance) throw new JwtExpiredError(new Date(exp * 1000));
  if (nbf !== undefined && now < nbf - tolerance) throw new JwtNotBeforeError(new Date(nbf * 1000));
  // A token issued in the future is clock skew beyond tolerance, or forged; either way not usable.
  if (iat !== undefined && iat > now + tolerance) throw claimError('iat', 'is in the future');
  if (maxAge !== undefined) {
    if (iat === undefined) throw claimError('iat', 'is required by maxAge');
    if (now - iat > maxAge + tolerance) throw claimError('iat', 'is older than maxAge');
  }

  for (const [option, claim] of MATCHED_CLAIMS) {
    const expected = options[option];
    if (expected === undefined) continue;
    if (!Object.hasOwn(payload, claim)) throw claimError(claim, 'is missing');
    if (!matches(payload[claim], expected, claim === 'aud')) throw claimError(claim, 'does not match');
  }

  if (options.typ !== undefined) {
    const typ = header.typ;
    if (typeof typ !== 'string' || normalizeTyp(typ) !== normalizeTyp(options.typ)) throw claimError('typ', 'header does not match');
  }

  for (const claim of options.requiredClaims ?? []) {
    if (!Object.hasOwn(payload, claim)) throw claimError(claim, 'is missing');
  }

  return payload as JwtPayload;
}

/**
 * Runs the caller's `validate` guard (sync or async). It must return the payload (typed): a throw,
 * a rejection or a non-object result (`false`, `undefined`) is ERR_JWT_CLAIM, never a pass.
 */
export async function applyGuard<T>(validate: (payload: JwtPayload) => T | Promise<T>, payload: JwtPayload): Promise<T> {
  let result: unknown;
  try {
    result = await validate(payload);
  } catch (error) {
    if (error instanceof JwtError) throw error;
    throw new JwtClaimError('payload', 'payload was rejected by the validate option', { cause: error });
  }
  if (typeof result !== 'object' || result === null) throw new JwtClaimError('payload', 'the validate option did not return the payload');
  return result as T;
}
