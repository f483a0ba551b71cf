import { type TypeRule, checkOptionTypes, isString, isStringOrArray, optionNames } from '../util/options.js';
import { type Duration, epochSeconds, toSeconds } from '../util/time.js';
import type { ClaimTimes } from './claims.js';
import type { SignOptions, VerifierOptions, VerifyOptions } from './types.js';

/**
 * Caller options are checked once, up front, so a mistyped option is ERR_INVALID_ARGUMENT
 * instead of a TypeError deep inside, or worse, a check silently switched off.
 */

export const SIGN_OPTIONS = /* @__PURE__ */ optionNames<SignOptions>({
  alg: true,
  expiresIn: true,
  notBefore: true,
  issuer: true,
  audience: true,
  subject: true,
  jwtId: true,
  kid: true,
  typ: true,
  header: true,
  iat: true,
  now: true,
});

const VERIFY_NAMES = {
  algorithms: true,
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
  maxTokenLength: true,
  validate: true,
} as const;
export const VERIFY_OPTIONS = /* @__PURE__ */ optionNames<VerifyOptions>(VERIFY_NAMES);
export const VERIFIER_OPTIONS = /* @__PURE__ */ optionNames<VerifierOptions>({ ...VERIFY_NAMES, cache: true });

const isPattern = (value: unknown): boolean => isString(value) || value instanceof RegExp;

const VERIFY_OPTION_TYPES: TypeRule[] = [
  [
    ['issuer', 'subject', 'audience', 'jwtId', 'nonce'],
    (value) => isPattern(value) || (Array.isArray(value) && value.length > 0 && value.every(isPattern)),
    'a string, a RegExp or a non-empty array of them',
  ],
  [['typ'], isString, 'a string'],
  [['requiredClaims'], (value) => Array.isArray(value) && value.every(isString), 'an array of claim names'],
  [['validate'], (value) => typeof value === 'function', 'a function'],
];

const SIGN_OPTION_TYPES: TypeRule[] = [
  [['issuer', 'subject', 'jwtId'], isString, 'a string'],
  [['audience'], isStringOrArray, 'a string or an array of strings'],
  [['iat'], (value) => typeof value === 'boolean', 'true or false'],
];

/** Clock skew between servers is seconds, "usually no more than a few minutes" (RFC 7519 §4.1.4); 1000 read as seconds is not. */
const MAX_CLOCK_TOLERANCE = '5m';

/** A duration option in seconds, or `fallback` when it is not set. */
function seconds<T>(value: Duration | undefined, name: string, fallback: T): number | T {
  return value === undefined ? fallback : toSeconds(value, name);
}

/** Checks the options of `verify` (the JWS layer checks its own) and resolves the clock and durations. */
export function checkVerifyOptions(options: VerifyOptions<unknown>): ClaimTimes {
  checkOptionTypes(options, VERIFY_OPTION_TYPES);
  return {
    now: epochSeconds(options.now),
    tolerance: options.clockTolerance === undefined ? 0 : toSeconds(options.clockTolerance, 'clockTolerance', MAX_CLOCK_TOLERANCE),
    maxAge: seconds(options.maxAge, 'maxAge', undefined),
  };
}

/** `expiresIn` and `notBefore` in seconds, read once per signer rather than per token. */
export interface SignDurations {
  readonly expiresIn: number | undefined;
  readonly notBefore: number | undefined;
}

/** The options of `sign` that become claims (`kid` and `typ` are checked with the header, in buildHeader). */
export function checkSignOptions(options: SignOptions): SignDurations {
  checkOptionTypes(options, SIGN_OPTION_TYPES);
  if (options.now !== undefined) epochSeconds(options.now);
  return { expiresIn: seconds(options.expiresIn, 'expiresIn', undefined), notBefore: seconds(options.notBefore, 'notBefore', undefined) };
}
