import { JwtMalformedError } from '../errors.js';
import { checkMaxTokenLength, parseHeaderSegment } from '../jws/segments.js';
import { decodeBytes } from '../util/base64url.js';
import type { JsonObject } from '../util/json.js';

/**
 * The JWE compact serialization (RFC 7516 §7.1):
 * `BASE64URL(protected).BASE64URL(encrypted key).BASE64URL(IV).BASE64URL(ciphertext).BASE64URL(tag)`,
 * every segment strict base64url.
 */

export interface CompactJwe {
  readonly header: JsonObject;
  /** The protected segment as it appears: its ASCII bytes are the AAD (RFC 7516 §5.2 step 14). */
  readonly protectedSegment: string;
  readonly encryptedKey: Uint8Array;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

/** Splits and decodes a compact JWE. A 3-segment token is a JWS: said so, for a caller who mixed them up. */
export function parseCompactJwe(token: unknown, maxTokenLength?: number): CompactJwe {
  const limit = checkMaxTokenLength(maxTokenLength);
  if (typeof token !== 'string') throw new JwtMalformedError('token must be a string');
  if (token.length > limit) throw new JwtMalformedError(`token is longer than maxTokenLength (${limit})`);
  const segments = token.split('.');
  if (segments.length === 3) throw new JwtMalformedError('token is a JWS: use verify');
  if (segments.length !== 5) throw new JwtMalformedError('a compact JWE has five "."-separated segments');
  const [protectedSegment, encryptedKey, iv, ciphertext, tag] = segments as [string, string, string, string, string];
  return {
    header: parseHeaderSegment(protectedSegment),
    protectedSegment,
    encryptedKey: decodeBytes(encryptedKey),
    iv: decodeBytes(iv),
    ciphertext: decodeBytes(ciphertext),
    tag: decodeBytes(tag),
  };
}

/** The five segments, joined. */
export function serializeCompactJwe(protectedSegment: string, parts: readonly string[]): string {
  return [protectedSegment, ...parts].join('.');
}
