/// <reference types="node" />
import { isUtf8 } from 'node:buffer';

/**
 * bytes.ts for the Node build (tsup.config.ts and vitest.config.ts swap it in): Buffer's native
 * base64url and UTF-8 code is several times faster than a JavaScript table on the hot path.
 * Same contract: no validation here, base64url.ts checks input first.
 */

/** Unpadded base64url of `bytes`. */
export function base64urlEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * A plain Uint8Array over a Buffer's bytes, so callers see the same type on every build. Small
 * Buffers are slices of a shared pool: anything handed to users is copied first (verifyJws does).
 */
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The bytes of base64url text that base64url.ts has already checked (alphabet, length, trailing bits). */
export function base64urlDecode(text: string): Uint8Array {
  return plain(Buffer.from(text, 'base64url'));
}

/** UTF-8 bytes of `text`. */
export function utf8Encode(text: string): Uint8Array {
  return plain(Buffer.from(text, 'utf8'));
}

/** The bytes of a string known to hold only ASCII (a JWS signing input): latin1 skips UTF-8 work. */
export function asciiEncode(text: string): Uint8Array {
  return plain(Buffer.from(text, 'latin1'));
}

/**
 * The UTF-8 text of checked base64url, or undefined when the bytes are not valid UTF-8. Decoding
 * straight to a string skips a copy; only text that holds U+FFFD (a replacement, or a real one)
 * needs the full validity check.
 */
export function base64urlToText(text: string): string | undefined {
  const buffer = Buffer.from(text, 'base64url');
  const decoded = buffer.toString('utf8');
  return decoded.includes('\uFFFD') && !isUtf8(buffer) ? undefined : decoded;
}

/** Strict UTF-8 decoding: undefined (not U+FFFD) for invalid sequences; a leading BOM is kept. */
export function utf8DecodeStrict(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buffer) ? buffer.toString('utf8') : undefined;
}

/** Bytes as Latin-1 text, one character per byte (never fails). */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** The bytes of base64 text (standard alphabet) that the caller has already checked. */
export function base64Decode(text: string): Uint8Array {
  return plain(Buffer.from(text, 'base64'));
}
