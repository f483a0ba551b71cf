import { JwtArgumentError } from '../errors.js';

/**
 * The names an options object may have. Built with `optionNames<TheOptions>({ name: true, … })`:
 * the literal must list every member of the options type and nothing else, so an option added to
 * the type but not here (or listed here but not in the type) is a compile error.
 */
export type OptionNames = ReadonlySet<string>;

export function optionNames<T extends object>(names: { readonly [K in keyof Required<T>]: true }): OptionNames {
  return new Set(Object.keys(names));
}

/**
 * An options argument: `undefined` and `null` mean no options; anything else must be an object
 * whose own names are all in `names` (a misspelt or foreign option would otherwise be silently
 * ignored: `{ algorithm: 'HS512' }` signing with HS256). O(keys): one Set lookup per name.
 */
export function optionsObject<T extends object>(options: T | null | undefined, names: OptionNames): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== 'object') throw new JwtArgumentError('options must be an object');
  const unknown = unknownOption(options, names);
  if (unknown !== undefined) throw new JwtArgumentError(unknown);
  return options;
}

/**
 * The message for the first own name of `options` that is not in `names`, or undefined when all
 * are known. Throws nothing, so a layer with its own copy of the error classes' import (sessions,
 * stores) can throw the core's JwtArgumentError itself.
 */
export function unknownOption(options: object, names: OptionNames): string | undefined {
  for (const name in options) if (!names.has(name) && Object.hasOwn(options, name)) return unknownOptionMessage(name, names);
  return undefined;
}

/**
 * Options of other JWT libraries (jsonwebtoken, jose, fast-jwt) that users bring along. A list
 * names jwtkit options to suggest: the first the function takes wins. A sentence is said as is.
 */
const FOREIGN_OPTIONS: Readonly<Record<string, readonly string[] | string>> = {
  algorithm: ['alg', 'algorithms'],
  algorithms: ['alg'],
  alg: ['algorithms'],
  keyid: ['kid'],
  jwtid: ['jwtId'],
  jti: ['jwtId'],
  iss: ['issuer'],
  sub: ['subject'],
  aud: ['audience'],
  allowediss: ['issuer'],
  allowedsub: ['subject'],
  allowedaud: ['audience'],
  allowedjti: ['jwtId'],
  allowednonce: ['nonce'],
  exp: ['expiresIn', 'maxAge'],
  expiresat: ['expiresIn', 'maxAge'],
  expirationtime: ['expiresIn', 'maxAge'],
  expiry: ['expiresIn', 'maxAge'],
  expiresin: ['maxAge', 'accessTtl'],
  ttl: ['expiresIn', 'accessTtl', 'maxAge'],
  nbf: ['notBefore'],
  notbefore: ['clockTolerance'],
  maxtokenage: ['maxAge'],
  maxage: ['expiresIn'],
  clocktimestamp: ['now'],
  currentdate: ['now'],
  clockskew: ['clockTolerance'],
  leeway: ['clockTolerance'],
  headers: ['header'],
  type: ['typ'],
  timeoutduration: ['timeout'],
  cooldownduration: ['cooldown'],
  cachemaxage: ['cacheMaxAge'],
  customfetch: ['fetch'],
  secret: ['key'],
  privatekey: ['key'],
  publickey: ['verifyKey'],
  notimestamp: 'use iat: false',
  ignoreexpiration: 'expired tokens are always refused; for clock skew set clockTolerance',
  ignorenotbefore: 'nbf is always checked; for clock skew set clockTolerance',
  complete: 'verify always returns { header, payload }',
  cachettl: 'cache hits are checked again: no TTL needed',
};

/** A name compared loosely: case, `_` and `-` ignored (`jwtid`, `clock_tolerance`). */
const loose = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

/** "unknown option …", with the option the caller probably meant when there is one. Only on failure: not on the hot path. */
function unknownOptionMessage(name: string, names: OptionNames): string {
  const key = loose(name);
  const foreign = Object.hasOwn(FOREIGN_OPTIONS, key) ? FOREIGN_OPTIONS[key] : undefined;
  if (typeof foreign === 'string') return `unknown option "${name}": ${foreign}`;
  const meant = foreign?.find((candidate) => names.has(candidate)) ?? [...names].find((candidate) => loose(candidate) === key);
  if (meant !== undefined) return `unknown option "${name}": did you mean "${meant}"?`;
  return `unknown option "${name}"; options: ${[...names].join(', ')}`;
}

/** Throws ERR_INVALID_ARGUMENT with `message` unless `valid`: the one shape of every option check. */
export function checkArgument(valid: boolean, message: string): void {
  if (!valid) throw new JwtArgumentError(message);
}

export const isString = (value: unknown): value is string => typeof value === 'string';
/** A whole number above 0 (and a safe integer): the shape of every count and bound option. */
export const isPositiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
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
