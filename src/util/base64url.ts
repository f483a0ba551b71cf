import { JwtMalformedError } from '../errors.js';
import { asciiEncode, base64urlDecode, base64urlEncode, base64urlToText, utf8DecodeStrict, utf8Encode } from './bytes.js';

/**
 * Strict base64url (RFC 4648 §5) without padding, as JOSE requires (RFC 7515 §2).
 * Decoding accepts exactly one spelling per byte string: no padding, no `+` `/`, no whitespace,
 * no length of 4n+1, and the unused trailing bits must be zero. The conversions themselves are
 * in bytes.ts (native code where the runtime has it); the rules are here, for every build.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Encodes bytes as unpadded base64url. */
export const encodeBytes: (bytes: Uint8Array) => string = base64urlEncode;

/** Encodes a string's UTF-8 bytes as unpadded base64url. */
export function encodeString(text: string): string {
  return base64urlEncode(utf8Encode(text));
}

/**
 * Throws ERR_JWT_MALFORMED unless `text` is strict unpadded base64url: only its alphabet, no
 * impossible length (4n+1), and the bits the last character carries beyond the data — 4 when
 * 2 characters are left over, 2 when 3 are — all zero.
 */
function checkBase64url(text: string): void {
  const rest = text.length % 4;
  const unusedBits = rest === 2 ? 0x0f : rest === 3 ? 0x03 : 0;
  if (!BASE64URL.test(text) || rest === 1 || ALPHABET.indexOf(text[text.length - 1]!) & unusedBits) {
    throw new JwtMalformedError('invalid base64url (JOSE wants it unpadded and canonical)');
  }
}

/** Decodes strict unpadded base64url; throws ERR_JWT_MALFORMED on any other spelling. */
export function decodeBytes(text: string): Uint8Array {
  checkBase64url(text);
  return base64urlDecode(text);
}

/** Decodes base64url into UTF-8 text; invalid UTF-8 is ERR_JWT_MALFORMED too. */
export function decodeString(text: string): string {
  checkBase64url(text);
  return checkedText(base64urlToText(text));
}

/** Strict UTF-8 decoding (invalid sequences are ERR_JWT_MALFORMED, never U+FFFD). */
export function utf8Decode(bytes: Uint8Array): string {
  return checkedText(utf8DecodeStrict(bytes));
}

function checkedText(text: string | undefined): string {
  if (text === undefined) throw new JwtMalformedError('invalid UTF-8');
  return text;
}

export { asciiEncode, utf8Encode };
