/**
 * Byte ↔ text conversions of the WebCrypto build, with no validation: base64url.ts checks input
 * first. The Node build swaps this module for bytes.node.ts (Buffer, native code). Here:
 * `Uint8Array.prototype.toBase64` / `Uint8Array.fromBase64` where the runtime has them (TC39
 * base64, in recent V8, SpiderMonkey, JavaScriptCore), a lookup table otherwise.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEXTETS = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;

interface NativeBase64 {
  toBase64?: (this: Uint8Array, options: { alphabet: 'base64url'; omitPadding: boolean }) => string;
}
const nativeEncode = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeDecode = (Uint8Array as { fromBase64?: (text: string, options: { alphabet: 'base64url' }) => Uint8Array }).fromBase64;

const encoder = new TextEncoder();
// fatal: invalid UTF-8 throws instead of becoming U+FFFD; ignoreBOM: a leading U+FEFF is content, kept.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function tableEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + (rest === 2 ? ALPHABET[(n >> 6) & 63]! : '');
  }
  return out;
}

function tableDecode(text: string): Uint8Array {
  const rest = text.length % 4;
  const out = new Uint8Array(((text.length - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  const at = (index: number) => SEXTETS[text.charCodeAt(index)]!;
  let o = 0;
  let i = 0;
  for (; i + 3 < text.length; i += 4) {
    const n = (at(i) << 18) | (at(i + 1) << 12) | (at(i + 2) << 6) | at(i + 3);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (rest >= 2) {
    const n = (at(i) << 18) | (at(i + 1) << 12) | (rest === 3 ? at(i + 2) << 6 : 0);
    out[o++] = n >> 16;
    if (rest === 3) out[o] = (n >> 8) & 255;
  }
  return out;
}

/** Unpadded base64url of `bytes`. */
export const base64urlEncode: (bytes: Uint8Array) => string = nativeEncode
  ? (bytes) => nativeEncode.call(bytes, { alphabet: 'base64url', omitPadding: true })
  : tableEncode;

/** The bytes of base64url text that base64url.ts has already checked (alphabet, length, trailing bits). */
export const base64urlDecode: (text: string) => Uint8Array = nativeDecode
  ? (text) => nativeDecode(text, { alphabet: 'base64url' })
  : tableDecode;

/** UTF-8 bytes of `text`. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The bytes of a string known to hold only ASCII (a JWS signing input). */
export const asciiEncode = utf8Encode;

/** The UTF-8 text of checked base64url, or undefined when the bytes are not valid UTF-8. */
export function base64urlToText(text: string): string | undefined {
  return utf8DecodeStrict(base64urlDecode(text));
}

/** Strict UTF-8 decoding: undefined (not U+FFFD) for invalid sequences. */
export function utf8DecodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
