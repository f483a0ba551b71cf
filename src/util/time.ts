import { JwtArgumentError } from '../errors.js';

/**
 * One duration model for every option (`expiresIn`, `notBefore`, `clockTolerance`, `maxAge`, TTLs):
 * a number is seconds; a string must carry a unit (`'30s'`, `'5m'`, `'24h'`, `'7d'`).
 * A unit-less string such as `'120'` is an error rather than silently milliseconds (or seconds).
 */

/** A duration: seconds as a number, or a string with a unit such as `'15m'`. */
export type Duration = number | string;

const UNIT_SECONDS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
  y: 31557600, yr: 31557600, yrs: 31557600, year: 31557600, years: 31557600,
};

const DURATION = /^(\d+(?:\.\d+)?) ?([a-z]+)$/i;

/** Converts a duration to whole seconds (rounded down); `name` is the option, for the error. */
export function toSeconds(value: Duration, name: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new JwtArgumentError(`${name} must be a non-negative number of seconds`);
    return Math.floor(value);
  }
  if (typeof value === 'string') {
    const match = DURATION.exec(value);
    const unit = match && UNIT_SECONDS[match[2]!.toLowerCase()];
    if (match && unit) return Math.floor(Number(match[1]) * unit);
    throw new JwtArgumentError(`${name} must be seconds as a number or a string with a unit such as '30s', '5m', '24h', '7d'`);
  }
  throw new JwtArgumentError(`${name} must be a number of seconds or a string such as '5m'`);
}

/** The current time, or the `now` option, as whole seconds since the epoch. */
export function epochSeconds(now?: Date | number): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  const ms = now instanceof Date ? now.getTime() : now * 1000;
  if (!Number.isFinite(ms)) throw new JwtArgumentError('now must be a valid Date or seconds since the epoch');
  return Math.floor(ms / 1000);
}
