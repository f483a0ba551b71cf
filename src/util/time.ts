import { JwtArgumentError } from '../errors.js';

/**
 * One duration model for every option (`expiresIn`, `notBefore`, `clockTolerance`, `maxAge`, TTLs):
 * a number is seconds; a string must carry a unit (`'500ms'`, `'30s'`, `'5m'`, `'24h'`, `'7d'`).
 * A unit-less string such as `'120'` is an error rather than silently milliseconds (or seconds).
 */

/** The unit names a duration string may end with (any case at run time; these casings in types). */
type DurationUnitName =
  | 'ms'
  | 'msec'
  | 'msecs'
  | 'millisecond'
  | 'milliseconds'
  | 's'
  | 'sec'
  | 'secs'
  | 'second'
  | 'seconds'
  | 'm'
  | 'min'
  | 'mins'
  | 'minute'
  | 'minutes'
  | 'h'
  | 'hr'
  | 'hrs'
  | 'hour'
  | 'hours'
  | 'd'
  | 'day'
  | 'days'
  | 'w'
  | 'week'
  | 'weeks'
  | 'y'
  | 'yr'
  | 'yrs'
  | 'year'
  | 'years';
export type DurationUnit = DurationUnitName | Uppercase<DurationUnitName> | Capitalize<DurationUnitName>;

/**
 * A duration string: a number and a unit, with or without one space (`'15m'`, `'5 minutes'`,
 * `'500ms'`). A template literal type, so `'5 mintues'` or a unit-less `'120'` does not compile.
 */
export type DurationString = `${number}${DurationUnit}` | `${number} ${DurationUnit}`;

/** A duration: seconds as a number, or a string with a unit such as `'15m'`. */
export type Duration = number | DurationString;

/**
 * A number, an optional space, and one of the unit names (any case). Each name but the
 * millisecond ones starts with its unit's letter, so the letter alone says how many seconds it is
 * (UNIT_SECONDS); milliseconds are told apart by their second letter (`ms`, `msec`, `milli…`).
 */
const DURATION = /^(\d+(?:\.\d+)?) ?(ms|msecs?|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|yrs?|years?)$/i;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31557600 }; // a year is 365.25 days

/** The most seconds a Date can hold (±8.64e15 ms): the bound for durations and for claim dates. */
export const MAX_SECONDS = 8.64e12;

/** Seconds per unit name: a millisecond unit (`ms`, `msec`, `millisecond`) or the unit of its first letter. */
function unitSeconds(unit: string): number {
  return /^m(s|il)/i.test(unit) ? 0.001 : UNIT_SECONDS[unit[0]!.toLowerCase()]!;
}

/**
 * Converts a duration to whole seconds (rounded down), e.g. `toSeconds('5m')` → 300; `name` is the
 * option, for the error. With `max`, a longer duration is ERR_INVALID_ARGUMENT saying that numbers
 * are seconds: for options a millisecond count would blow (`timeout: 5000` is 83 minutes, not 5 s).
 * Public so that layers above the core read durations the same way.
 *
 * @throws ERR_INVALID_ARGUMENT: not a duration (a string without a unit, a negative or non-finite number), or over `max`.
 * @example
 * ```ts
 * toSeconds('5m'); // 300
 * toSeconds(90);   // 90: numbers are seconds
 * ```
 */
export function toSeconds(value: Duration, name = 'duration', max?: DurationString): number {
  return Math.floor(toExactSeconds(value, name, max));
}

/** Converts a duration to seconds, fraction kept (`0.5`, `'1.5s'`, `'500ms'`): for timeouts under a second. */
export function toExactSeconds(value: Duration, name: string, max?: DurationString): number {
  const seconds = parseSeconds(value, name);
  if (max !== undefined && seconds > parseSeconds(max, 'max')) {
    const hint = typeof value === 'number' ? `: numbers are seconds (for milliseconds write '${value}ms')` : '';
    throw new JwtArgumentError(`${name} may be at most ${max}${hint}`);
  }
  return seconds;
}

function parseSeconds(value: Duration, name: string): number {
  const match = typeof value === 'string' && DURATION.exec(value);
  const seconds = match ? Number(match[1]) * unitSeconds(match[2]!) : value;
  if (typeof seconds === 'number' && seconds >= 0 && seconds <= MAX_SECONDS) return seconds;
  throw new JwtArgumentError(`${name} must be seconds (≥ 0) or a string with a unit, e.g. '5m'`);
}

/**
 * The current time, or the `now` option (a Date or seconds since the epoch), in seconds with
 * the fraction kept: claims may be fractional (RFC 7519 NumericDate), so checks compare exactly.
 * Signers floor it to write whole-second claims. Public, so that code on jwtkit (jwtkit/sessions'
 * `now` option) reads a clock exactly as every `now` option is read.
 *
 * @throws ERR_INVALID_ARGUMENT: `now` is neither a valid Date nor a finite number.
 * @example
 * ```ts
 * epochSeconds(new Date('2030-01-01T00:00:00Z')); // 1893456000
 * epochSeconds(); // now, e.g. 1764547200.123
 * ```
 */
export function epochSeconds(now?: Date | number): number {
  if (now === undefined) return Date.now() / 1000;
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now * 1000 : NaN;
  if (!Number.isFinite(ms)) throw new JwtArgumentError('now must be a valid Date or seconds since the epoch');
  return ms / 1000;
}
