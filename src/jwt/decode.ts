import { parseHeaderSegment, parseSignatureSegment, splitCompact } from '../jws/segments.js';
import { decodeString } from '../util/base64url.js';
import { type JsonObject, parseJsonObject } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import type { DecodedJwt, JwtHeader, JwtPayload } from './types.js';

/** Parses a JWT payload segment: base64url → UTF-8 → JSON object. */
export function parsePayloadSegment(segment: string): JsonObject {
  return parseJsonObject(decodeString(segment), 'payload');
}

/** Options of `decode`. */
export interface DecodeOptions {
  /** Reject longer tokens before any work (default 16,384 characters). */
  maxTokenLength?: number;
}

const DECODE_OPTIONS = /* @__PURE__ */ optionNames<DecodeOptions>({ maxTokenLength: true });

/**
 * Decodes a compact JWT WITHOUT verifying it: for routing and debugging only, never for trust.
 * Whatever the token, throws only JwtMalformedError (ERR_JWT_MALFORMED); a bad option is ERR_INVALID_ARGUMENT.
 *
 * @throws ERR_JWT_MALFORMED: not a compact JWT (and nothing else, whatever the token).
 * @throws ERR_INVALID_ARGUMENT: a bad option.
 * @example
 * ```ts
 * const { header, payload } = decode(token); // NOT verified: for logs and routing only
 * console.log(header.kid, payload.iss);
 * ```
 */
export function decode<T extends object = JwtPayload>(token: string, options?: DecodeOptions): DecodedJwt<JwtPayload & T> {
  const segments = splitCompact(token, optionsObject(options, DECODE_OPTIONS).maxTokenLength);
  const header = parseHeaderSegment(segments.header) as JwtHeader;
  const payload = parsePayloadSegment(segments.payload) as JwtPayload & T;
  parseSignatureSegment(segments.signature);
  return { header, payload, signature: segments.signature };
}
