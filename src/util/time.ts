import { JwtArgumentError } from '../errors.js';

/**
 * One duration model for every option (`expiresIn`, `notBefore`, `clockTolerance`, `maxAge`, TTLs):
 * a number is seconds; a string must carry a unit (`'30s'`, `'5m'`, `'24h'`, `'7d'`).
 * A unit-less string such as `'120'` is an error rather than silently milliseconds (or seconds).
 */

/** A duration: seconds as a number, or a string with a unit such as `'15m'`. */
export type Duration = number | string;

const UNITS: Array<[seconds: number, names: string[]]> = [
  [1, ['s', 'sec', 'secs', 'second', 'seconds']],
  [60, ['m', 'min', 'mins', 'minute', 'minutes']],
  [3600, ['h', 'hr', 'hrs', 'hour', 'hours']],
  [86400, ['d', 'day', 'days']],
  [604800, ['w', 'week', 'weeks']],
  [31557600, ['y', 'yr', 'yrs', 'year', 'years']], // 365.25 days
];
/** Seconds per unit; a search, not an object lookup, so a unit such as 'constructor' finds nothing. */
function unitSeconds(unit: string): number | undefined {
  return UNITS.find(([, names]) => names.includes(unit))?.[0];
}

const DURATION = /^(\d+(?:\.\d+)?) ?([a-z]+)$/i;

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
  if (typeof value === 'number') {
    if (!(value >= 0 && value <= MAX_SECONDS)) throw new JwtArgumentError(`${name} must be a number of seconds from 0 to ${MAX_SECONDS}`);
    return value;
  }
  if (typeof value === 'string') {
    const match = DURATION.exec(value);
    const unit = match && unitSeconds(match[2]!.toLowerCase());
    const seconds = match && unit ? Number(match[1]) * unit : NaN;
    if (seconds <= MAX_SECONDS) return seconds;
    throw new JwtArgumentError(`${name} must be seconds as a number or a string with a unit such as '30s', '5m', '24h', '7d'`);
  }
  throw new JwtArgumentError(`${name} must be a number of seconds or a string such as '5m'`);
}

/**
 * The current time, or the `now` option (a Date or seconds since the epoch), in seconds with
 * the fraction kept: claims may be fractional (RFC 7519 NumericDate), so checks compare exactly.
 * Signers floor it to write whole-second claims.
 */
export function epochSeconds(now?: Date | number): number {
  if (now === undefined) return Date.now() / 1000;
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now * 1000 : NaN;
  if (!Number.isFinite(ms)) throw new JwtArgumentError('now must be a valid Date or a number of seconds since the epoch');
  return ms / 1000;
}
