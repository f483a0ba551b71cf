import { JwtArgumentError, JwtMalformedError } from '../errors.js';
import { decodeBytes, decodeString, utf8Encode } from '../util/base64url.js';
import { type JsonObject, parseJsonObject } from '../util/json.js';
import { createLru } from '../util/lru.js';
import { isPositiveInteger } from '../util/options.js';

/** The compact serialization: `BASE64URL(header).BASE64URL(payload).BASE64URL(signature)`. */

/** Default cap on token length (characters): big enough for large ID tokens, small enough to stop abuse. */
export const DEFAULT_MAX_TOKEN_LENGTH = 16_384;

export interface CompactSegments {
  readonly header: string;
  readonly payload: string;
  readonly signature: string;
}

/** Checks the `maxTokenLength` option: a positive whole number (undefined means the default). */
export function checkMaxTokenLength(maxTokenLength: unknown = DEFAULT_MAX_TOKEN_LENGTH): number {
  if (!isPositiveInteger(maxTokenLength)) throw new JwtArgumentError('maxTokenLength must be a positive whole number');
  return maxTokenLength;
}

/** Splits a compact token into exactly three segments, after the type and length checks. */
export function splitCompact(token: unknown, maxTokenLength?: number): CompactSegments {
  const limit = checkMaxTokenLength(maxTokenLength);
  if (typeof token !== 'string') throw new JwtMalformedError('token must be a string');
  if (token.length > limit) throw new JwtMalformedError(`token is longer than maxTokenLength (${limit})`);
  const [header, payload, signature, ...rest] = token.split('.');
  // Five segments is an encrypted token: said so (decrypt says the same of a JWS, jwe/compact.ts).
  if (rest.length === 2) throw new JwtMalformedError('token is a JWE: use decrypt');
  if (signature === undefined || rest.length > 0) throw new JwtMalformedError('token must have three "."-separated segments');
  return { header: header!, payload: payload!, signature };
}

/**
 * Parsed headers by segment: an issuer's tokens share a handful of headers, so most tokens skip
 * decoding and parsing theirs. Bounded (64, least recently used dropped); only flat headers (every
 * value a primitive) are kept, so the copy handed out shares nothing with the cache.
 */
const parsedHeaders = /* @__PURE__ */ createLru<string, JsonObject>(64);

function isFlat(header: JsonObject): boolean {
  return Object.values(header).every((value) => typeof value !== 'object' || value === null);
}

/** Decodes the protected header segment, which must be a JSON object (an empty one is not JSON). */
export function parseHeaderSegment(segment: string): JsonObject {
  const cached = parsedHeaders.get(segment);
  if (cached !== undefined) return { ...cached };
  const header = parseJsonObject(decodeString(segment), 'header');
  if (isFlat(header)) parsedHeaders.set(segment, { ...header });
  return header;
}

/** Decodes the signature segment (strict base64url). */
export function parseSignatureSegment(segment: string): Uint8Array {
  return decodeBytes(segment);
}

/** A JWS payload given as bytes or text (UTF-8): its bytes. Anything else is ERR_INVALID_ARGUMENT. */
export function payloadBytes(payload: unknown): Uint8Array {
  const bytes = typeof payload === 'string' ? utf8Encode(payload) : payload;
  if (!(bytes instanceof Uint8Array)) throw new JwtArgumentError('payload must be a Uint8Array or a string');
  return bytes;
}
