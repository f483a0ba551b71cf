import { base64Decode, latin1 } from '../util/bytes.js';
import { fromHex, looksLikeDerKey } from './asn1.js';
import { looksLikePem } from './pem.js';

/**
 * Is this string or these bytes a key in some encoding? Such material must never become an HMAC
 * secret: an HS256 token "signed" with a server's public key would then verify (the fast-jwt CVE
 * lineage). material.ts reads the documented forms (PEM, JWK objects); everything else that is a
 * key in an encoding one can reasonably meet is recognised here, so it can be refused:
 * - DER bytes (SPKI, PKCS#8, X.509, PKCS#1, SEC1), also with bytes after it (a `\n`, a NUL);
 * - the same DER, or a PEM file, as base64 (padded or not), base64url or hex text;
 * - text in UTF-16 (LE or BE, with or without a BOM), or after a UTF-8 BOM;
 * - JSON text: a JWK, a JWK set (`{"keys":[…]}` or `[…]`), a JSON string;
 * - OpenSSH public keys (`ssh-rsa AAAA…`, `ssh-ed25519 …`, `ecdsa-sha2-nistp256 …`, RFC 4716 files).
 * Every step is one pass over the input (one level of decoding, no recursion beyond it). Random
 * secrets match none of these shapes except with negligible probability (test/security.test.ts).
 */
export function looksLikeKeyMaterial(material: string | Uint8Array): boolean {
  return isKey(material, 1);
}

function isKey(material: string | Uint8Array, decodeLevels: number): boolean {
  if (typeof material !== 'string' && (looksLikeDerKey(material) || isSshKeyBlob(material))) return true;
  const text = readableText(typeof material === 'string' ? material : latin1(material));
  if (looksLikePem(text) || isJsonText(text)) return true;
  if (decodeLevels === 0) return false;
  // The whole text (base64 split over lines) and each word (the blob of an OpenSSH line).
  const words = text.split(/\s+/);
  const candidates = words.length > 1 ? [words.join(''), ...words] : words;
  return candidates.some((word) => decodings(word).some((bytes) => isKey(bytes, decodeLevels - 1)));
}

/**
 * The text with NULs removed (UTF-16 read one byte per character, or as UTF-8) and without the
 * whitespace and non-ASCII characters before it (a byte-order mark in any of its spellings:
 * U+FEFF, U+FFFD, its bytes read as Latin-1), then trimmed. Used only to classify: a secret keeps
 * its exact bytes.
 */
function readableText(text: string): string {
  const ascii = text.replaceAll('\0', '');
  let start = 0;
  while (start < ascii.length && (ascii.charCodeAt(start) <= 0x20 || ascii.charCodeAt(start) > 0x7e)) start++;
  return ascii.slice(start).trim();
}

// Printable ASCII and line breaks: the JSON a key is written in. Random secret bytes are this only with negligible probability.
const ASCII_TEXT = /^[\x20-\x7e\t\r\n]*$/;

/** JSON text of an object, array or string (a JWK, a JWK set, a quoted key): never a secret. */
function isJsonText(text: string): boolean {
  if (!'{["'.includes(text[0] ?? 'x') || !ASCII_TEXT.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const HEX = /^(?:[0-9A-Fa-f]{2})+$/;
const BASE64_ANY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The bytes `word` spells as hex and as base64 or base64url (padded or not); none when it is neither. */
function decodings(word: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (HEX.test(word)) out.push(fromHex(word));
  if (BASE64_ANY.test(word)) {
    const unpadded = word.replace(/=+$/, '').replaceAll('-', '+').replaceAll('_', '/'); // at most two '=': linear
    if (unpadded.length % 4 !== 1) out.push(base64Decode(unpadded.padEnd(Math.ceil(unpadded.length / 4) * 4, '=')));
  }
  return out;
}

/**
 * An OpenSSH public-key blob (RFC 4253 §6.6): it starts with the key type as an SSH string, a
 * 32-bit big-endian length and that many characters of a name such as `ssh-rsa`,
 * `ecdsa-sha2-nistp256` or `sk-ssh-ed25519@openssh.com`.
 */
function isSshKeyBlob(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0) return false;
  const length = bytes[3]!;
  if (length < 3 || length > 64 || bytes.length < 4 + length) return false;
  return /^[a-z0-9][a-z0-9@.-]*$/.test(latin1(bytes.subarray(4, 4 + length)));
}

/**
 * A Node.js `KeyObject` (node:crypto), described by its shape so that jwtkit's types need no
 * `@types/node` and the WebCrypto build imports no node:crypto. jwtkit's Node build takes it as a
 * key wherever it takes one (secret, public or private), by its material: exactly as the same
 * secret bytes, SPKI PEM or PKCS#8 PEM. The WebCrypto build refuses it (ERR_KEY).
 */
export interface KeyObjectLike {
  /** `secret`, `public` or `private`. */
  readonly type: 'secret' | 'public' | 'private';
  /** `rsa`, `ec`, `ed25519`, …; undefined for a secret. */
  readonly asymmetricKeyType?: string;
  /** node:crypto's KeyObject#export. */
  export(options?: never): unknown;
}

/**
 * Whether `value` is a node:crypto KeyObject, by its shape (its class is node:crypto's, which only
 * the backend imports; a KeyObject from another copy of Node's modules has the same shape).
 */
export function isKeyObject(value: unknown): value is KeyObjectLike {
  const key = value as KeyObjectLike | null;
  // Secret KeyObjects have symmetricKeySize, asymmetric ones asymmetricKeyType; a CryptoKey has neither, nor export().
  return typeof key?.export === 'function' && typeof key.type === 'string' && ('asymmetricKeyType' in key || 'symmetricKeySize' in key);
}
