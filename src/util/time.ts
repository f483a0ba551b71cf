import { JwtArgumentError } from '../errors.js';

/**
 * One duration model for every option (`expiresIn`, `notBefore`, `clockTolerance`, `maxAge`, TTLs):
 * a number is seconds; a string must carry a unit (`'30s'`, `'5m'`, `'24h'`, `'7d'`).
 * A unit-less string such as `'120'` is an error rather than silently milliseconds (or seconds).
 */

/** A duration: seconds as a number, or a string with a unit such as `'15m'`. */
export type Duration = number | string;

/**
 * A number, an optional space, and one of the unit names (any case). Each name starts with its
 * unit's letter, so the letter alone says how many seconds it is (UNIT_SECONDS).
 */
const DURATION = /^(\d+(?:\.\d+)?) ?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|yrs?|years?)$/i;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31557600 }; // a year is 365.25 days

/** The most seconds a Date can hold (±8.64e15 ms): the bound for durations and for claim dates. */
export const MAX_SECONDS = 8.64e12;

/**
 * Converts a duration to whole seconds (rounded down), e.g. `toSeconds('5m')` → 300; `name` is the
 * option, for the error. Public so that layers above the core read durations the same way.
 */
export function toSeconds(value: Duration, name = 'duration'): number {
  return Math.floor(toExactSeconds(value, name));
}

/** Converts a duration to seconds, fraction kept (`0.5`, `'1.5s'`): for timeouts under a second. */
export function toExactSeconds(value: Duration, name: string): number {
  const match = typeof value === 'string' && DURATION.exec(value);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2]![0]!.toLowerCase()]! : value;
  if (typeof seconds === 'number' && seconds >= 0 && seconds <= MAX_SECONDS) return seconds;
  throw new JwtArgumentError(`${name} must be seconds (≥ 0) or a string with a unit, e.g. '5m'`);
}

/**
 * The current time, or the `now` option (a Date or seconds since the epoch), in seconds with
 * the fraction kept: claims may be fractional (RFC 7519 NumericDate), so checks compare exactly.
 * Signers floor it to write whole-second claims.
 */
export function epochSeconds(now?: Date | number): number {
  if (now === undefined) return Date.now() / 1000;
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now * 1000 : NaN;
  if (!Number.isFinite(ms)) throw new JwtArgumentError('now must be a valid Date or seconds since the epoch');
  return ms / 1000;
}
