import { JwtArgumentError, JwtMalformedError } from '../errors.js';

/** A JSON object as parsed from a token: string keys, JSON values. */
export type JsonObject = { [key: string]: unknown };

/** True for `{...}` values; false for arrays, null and primitives. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses text that must hold a JSON object; `what` names it in the error ("header", "payload").
 * JSON.parse turns a `"__proto__"` key into an ordinary own property, never a prototype, so a
 * hostile payload cannot pollute Object.prototype; callers copy with spread, which keeps it so.
 */
export function parseJsonObject(text: string, what: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JwtMalformedError(`${what} is not valid JSON`);
  }
  if (!isJsonObject(value)) throw new JwtMalformedError(`${what} is not a JSON object`);
  return value;
}

/** JSON text of a caller's header or claims; values JSON cannot hold (BigInt, cycles) are ERR_INVALID_ARGUMENT. */
export function stringifyJson(value: JsonObject, what: string): string {
  try {
    return JSON.stringify(value);
  } catch {
    throw new JwtArgumentError(`${what} cannot be serialized as JSON`);
  }
}

/**
 * A plain object (`{}` literal, JSON.parse output or Object.create(null)), from any realm, without
 * its own `toJSON`: what is checked is then exactly what gets serialized and signed.
 */
export function isPlainObject(value: unknown): value is JsonObject {
  if (!isJsonObject(value) || Object.prototype.toString.call(value) !== '[object Object]') return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === null || Object.getPrototypeOf(prototype) === null) && typeof value.toJSON !== 'function';
}
