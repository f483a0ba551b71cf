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

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isStringOrArray = (value: unknown): boolean => isString(value) || (Array.isArray(value) && value.every(isString));

/** A type rule: the names it applies to, the check, and what a value must be (for messages: "must be a string"). */
export type TypeRule = readonly [names: readonly string[], valid: (value: unknown) => boolean, type: string];

/** An option is there when it is not undefined. */
const isSet = (object: Record<string, unknown>, name: string): boolean => object[name] !== undefined;

/** The first `[name, type]` of `rules` whose value in `object` is there (by `isThere`) but of the wrong type. */
export function mistyped(
  object: Record<string, unknown>,
  rules: readonly TypeRule[],
  isThere: (object: Record<string, unknown>, name: string) => boolean = isSet,
): [name: string, type: string] | undefined {
  for (const [names, valid, type] of rules) {
    for (const name of names) if (isThere(object, name) && !valid(object[name])) return [name, type];
  }
  return undefined;
}

/** Throws ERR_INVALID_ARGUMENT for the first option of `rules` that is set but of the wrong type. */
export function checkOptionTypes(options: object, rules: readonly TypeRule[]): void {
  const wrong = mistyped(options as Record<string, unknown>, rules);
  if (wrong) throw new JwtArgumentError(`${wrong[0]} must be ${wrong[1]}`);
}
