/**
 * Byte ↔ text conversions of the WebCrypto build, with no validation: base64url.ts checks input
 * first. The Node build swaps this module for bytes.node.ts (Buffer, native code). Here: encoding
 * is `Uint8Array.prototype.toBase64` where the runtime has it (TC39 base64, in recent V8,
 * SpiderMonkey, JavaScriptCore), `btoa` otherwise; decoding is `atob` everywhere (see
 * base64urlDecode).
 */

interface NativeBase64 {
  toBase64?: (this: Uint8Array, options: { alphabet: 'base64url'; omitPadding: boolean }) => string;
}
const nativeEncode = (Uint8Array.prototype as NativeBase64).toBase64;

const encoder = new TextEncoder();
// fatal: invalid UTF-8 throws instead of becoming U+FFFD; ignoreBOM: a leading U+FEFF is content, kept.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes as Latin-1 text, one character per byte (never fails): what btoa takes. A plain loop: faster than spreading into fromCharCode. */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** The bytes of base64 text (standard alphabet) that the caller has already checked. */
export function base64Decode(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Unpadded base64url of `bytes`. */
export const base64urlEncode: (bytes: Uint8Array) => string = nativeEncode
  ? (bytes) => nativeEncode.call(bytes, { alphabet: 'base64url', omitPadding: true })
  : (bytes) => btoa(latin1(bytes)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/**
 * The bytes of base64url text that base64url.ts has already checked (alphabet, length, trailing
 * bits). `atob`, not `Uint8Array.fromBase64` where there is one: for token-sized text, Chromium's
 * fromBase64 takes about twice as long (a signature in Chromium 156: 0.8–1.5 µs against 0.45–0.6 µs).
 */
export function base64urlDecode(text: string): Uint8Array {
  return base64Decode(text.replace(/-/g, '+').replace(/_/g, '/'));
}

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
