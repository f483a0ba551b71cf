import { JwtArgumentError, JwtMalformedError } from '../errors.js';
import { asciiEncode, utf8Decode } from '../util/base64url.js';
import type { JsonObject } from '../util/json.js';

/**
 * RFC 7797, the unencoded payload option: with `b64: false` in the protected header (and `b64` in
 * its `crit`, which header.ts's checkCrit enforces), the JWS Signing Input is the encoded header, a
 * ".", and the payload's own bytes instead of their base64url. Only signJws/verifyJws and the JSON
 * serializations use it; a JWT never does (RFC 7797 §7: claims sets are always encoded).
 */

/** The protected header members a signer adds for an unencoded payload, in RFC 7797 §4.2's order. */
export function unencodedMembers(): JsonObject {
  return { b64: false, crit: ['b64'] };
}

/** False when the header asks for an unencoded payload; `b64` must be a boolean when present. */
export function isEncoded(header: JsonObject): boolean {
  const b64 = header.b64;
  if (b64 !== undefined && typeof b64 !== 'boolean') throw new JwtMalformedError('"b64" must be true or false');
  return b64 !== false;
}

/**
 * The JWS Signing Input: ASCII(encoded header) || "." || the payload, given as its base64url segment
 * (RFC 7515 §5.1), or as its own bytes when it is unencoded (RFC 7797 §3).
 */
export function signingInput(headerSegment: string, payload: string | Uint8Array): Uint8Array {
  if (typeof payload === 'string') return asciiEncode(`${headerSegment}.${payload}`);
  const head = asciiEncode(`${headerSegment}.`);
  const input = new Uint8Array(head.length + payload.length);
  input.set(head);
  input.set(payload, head.length);
  return input;
}

/**
 * The payload as it can stand in a token (RFC 7797 §5): as text, so it must be UTF-8; in the compact
 * form also without "." (the separator). Anything else can only be sent detached.
 */
export function unencodedText(payload: Uint8Array, compact: boolean): string {
  let text: string | undefined;
  try {
    text = utf8Decode(payload);
  } catch {
    // Not UTF-8: no text can carry it.
  }
  if (text === undefined || (compact && text.includes('.'))) {
    throw new JwtArgumentError(`this unencoded payload cannot be carried in the token (${compact ? 'UTF-8 without "."' : 'UTF-8'} only): use detached: true`);
  }
  return text;
}

/** Checks the `b64` and `detached` options: booleans, both defaulting to the plain form. */
export function checkPayloadForm(options: { b64?: unknown; detached?: unknown }): { encoded: boolean; detached: boolean } {
  for (const name of ['b64', 'detached'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean') throw new JwtArgumentError(`${name} must be true or false`);
  }
  return { encoded: options.b64 !== false, detached: options.detached === true };
}
