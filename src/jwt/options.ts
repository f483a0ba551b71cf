import { checkArgument } from '../util/options.js';
import { epochSeconds, toSeconds } from '../util/time.js';
import type { ClaimTimes } from './claims.js';
import type { SignOptions, VerifyOptions } from './types.js';

/**
 * Caller options are checked once, up front, so a mistyped option is ERR_INVALID_ARGUMENT
 * instead of a TypeError deep inside, or worse, a check silently switched off.
 */

const isString = (value: unknown): value is string => typeof value === 'string';
const isPattern = (value: unknown): boolean => isString(value) || value instanceof RegExp;


/** Checks the options of `verify` (the JWS layer checks its own) and resolves the clock and durations. */
export function checkVerifyOptions(options: VerifyOptions<unknown>): ClaimTimes {
  for (const name of ['issuer', 'subject', 'audience', 'jwtId', 'nonce'] as const) {
    const value: unknown = options[name];
    const valid = value === undefined || isPattern(value) || (Array.isArray(value) && value.length > 0 && value.every(isPattern));
    checkArgument(valid, `${name} must be a string, a RegExp or a non-empty array of them`);
  }
  checkArgument(options.typ === undefined || isString(options.typ), 'typ must be a string');
  const required: unknown = options.requiredClaims;
  checkArgument(required === undefined || (Array.isArray(required) && required.every(isString)), 'requiredClaims must be an array of claim names');
  checkArgument(options.validate === undefined || typeof options.validate === 'function', 'validate must be a function');
  return {
    now: epochSeconds(options.now),
    tolerance: options.clockTolerance === undefined ? 0 : toSeconds(options.clockTolerance, 'clockTolerance'),
    maxAge: options.maxAge === undefined ? undefined : toSeconds(options.maxAge, 'maxAge'),
  };
}

/** `expiresIn` and `notBefore` in seconds, read once per signer rather than per token. */
export interface SignDurations {
  readonly expiresIn: number | undefined;
  readonly notBefore: number | undefined;
}

/** The options of `sign` that become claims (`kid` and `typ` are checked with the header, in buildHeader). */
export function checkSignOptions(options: SignOptions): SignDurations {
  for (const name of ['issuer', 'subject', 'jwtId'] as const) {
    checkArgument(options[name] === undefined || isString(options[name]), `${name} must be a string`);
  }
  const audience: unknown = options.audience;
  checkArgument(audience === undefined || isString(audience) || (Array.isArray(audience) && audience.every(isString)), 'audience must be a string or an array of strings');
  checkArgument(options.iat === undefined || typeof options.iat === 'boolean', 'iat must be true or false');
  if (options.now !== undefined) epochSeconds(options.now);
  return {
    expiresIn: options.expiresIn === undefined ? undefined : toSeconds(options.expiresIn, 'expiresIn'),
    notBefore: options.notBefore === undefined ? undefined : toSeconds(options.notBefore, 'notBefore'),
  };
}
