import { JwtArgumentError } from '../errors.js';

/** An options argument: `undefined` and `null` mean no options; anything else must be an object. */
export function optionsObject<T extends object>(options: T | null | undefined): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== 'object') throw new JwtArgumentError('options must be an object');
  return options;
}

/** Throws ERR_INVALID_ARGUMENT with `message` unless `valid`: the one shape of every option check. */
export function checkArgument(valid: boolean, message: string): void {
  if (!valid) throw new JwtArgumentError(message);
}
