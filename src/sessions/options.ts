import { JwtArgumentError } from '../index.js';
import { type OptionNames, isPositiveInteger, unknownOption } from '../util/options.js';

/**
 * The options check of util/options.ts for the layers built on the public API (jwtkit/sessions,
 * jwtkit/stores/redis): these load the core as a package, so the error must be the core's own
 * JwtArgumentError, not one of a copy. `undefined` and `null` mean no options.
 */
export function layerOptions<T extends object>(options: T | null | undefined, names: OptionNames, what: string): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== 'object' || Array.isArray(options)) throw new JwtArgumentError(`${what} options must be an object`);
  const unknown = unknownOption(options, names);
  if (unknown !== undefined) throw new JwtArgumentError(`${what}: ${unknown}`);
  return options;
}

/**
 * A count option (a bound): `undefined` is `fallback`; anything else must be a positive integer.
 * `null` is a mistake, not "absent": a bound that was meant must not silently become the default.
 */
export function countOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!isPositiveInteger(value)) throw new JwtArgumentError(`${name} must be a positive integer`);
  return value;
}
