import { JwtMalformedError } from '../errors.js';

/**
 * Strict base64url (RFC 4648 §5) without padding, as JOSE requires (RFC 7515 §2).
 * Decoding accepts exactly one spelling per byte string: no padding, no `+` `/`, no whitespace,
 * no length of 4n+1, and the unused trailing bits must be zero.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE_TABLE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE_TABLE[ALPHABET.charCodeAt(i)] = i;

const encoder = new TextEncoder();
// fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a leading U+FEFF is content, kept as it is.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes bytes as unpadded base64url. */
export function encodeBytes(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Encodes a string's UTF-8 bytes as unpadded base64url. */
export function encodeString(text: string): string {
  return encodeBytes(encoder.encode(text));
}

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? DECODE_TABLE[code]! : -1;
  if (value < 0) throw new JwtMalformedError('invalid base64url: unexpected character');
  return value;
}

/** Decodes strict unpadded base64url; throws ERR_JWT_MALFORMED on any other spelling. */
export function decodeBytes(text: string): Uint8Array {
  const rest = text.length % 4;
  if (rest === 1) throw new JwtMalformedError('invalid base64url: impossible length');
  const out = new Uint8Array(((text.length - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  let i = 0;
  for (; i + 3 < text.length; i += 4) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (rest === 2) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    if (b & 0x0f) throw new JwtMalformedError('invalid base64url: non-canonical trailing bits');
    out[o] = (a << 2) | (b >> 4);
  } else if (rest === 3) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = sextet(text, i + 2);
    if (c & 0x03) throw new JwtMalformedError('invalid base64url: non-canonical trailing bits');
    out[o++] = (a << 2) | (b >> 4);
    out[o] = ((b & 0x0f) << 4) | (c >> 2);
  }
  return out;
}

/** Decodes base64url into UTF-8 text; invalid UTF-8 is ERR_JWT_MALFORMED too. */
export function decodeString(text: string): string {
  return utf8Decode(decodeBytes(text));
}

/** Strict UTF-8 decoding (invalid sequences are ERR_JWT_MALFORMED, never U+FFFD). */
export function utf8Decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new JwtMalformedError('invalid UTF-8');
  }
}

/** UTF-8 encoding with one shared encoder. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}
