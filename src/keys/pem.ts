import { JwtKeyError } from '../errors.js';
import { base64Decode, latin1 } from '../util/bytes.js';
import { pkcs1PrivateToPkcs8, pkcs1PublicToSpki, sec1ToPkcs8, spkiFromCertificate } from './asn1.js';

/** PEM text (RFC 7468) ↔ DER in one of the two forms WebCrypto imports and exports: SPKI or PKCS#8. */

// The first PEM block; text around it (openssl's "Bag Attributes", a certificate chain) is ignored (RFC 7468 §2).
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n\t ]+?)\r?\n?-----END \1-----/;

/** True when text holds PEM armour anywhere, so it is never mistaken for an HMAC secret. */
export function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

/** The bytes of strict, padded base64 (whitespace ignored), or undefined for anything else. */
export function strictBase64(text: string): Uint8Array | undefined {
  const body = text.replace(/\s+/g, '');
  return body.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(body) ? base64Decode(body) : undefined;
}

/** Each PEM label jwtkit reads: the DER form it becomes, and how. */
const LABELS: Record<string, ['spki' | 'pkcs8', (der: Uint8Array) => Uint8Array]> = {
  'PUBLIC KEY': ['spki', (der) => der],
  'PRIVATE KEY': ['pkcs8', (der) => der],
  CERTIFICATE: ['spki', spkiFromCertificate],
  'RSA PUBLIC KEY': ['spki', pkcs1PublicToSpki],
  'RSA PRIVATE KEY': ['pkcs8', pkcs1PrivateToPkcs8],
  'EC PRIVATE KEY': ['pkcs8', sec1ToPkcs8],
};

/** Parses a PEM key or certificate; PKCS#1, SEC1 and certificates are converted to SPKI/PKCS#8. */
export function parsePem(text: string): { format: 'spki' | 'pkcs8'; der: Uint8Array } {
  const match = PEM.exec(text);
  if (!match) throw new JwtKeyError('key is not valid PEM');
  // The label is upper-case letters, digits and spaces (the regex): never an Object.prototype name.
  const form = LABELS[match[1]!];
  if (!form) throw new JwtKeyError(`unsupported PEM type "${match[1]}" (decrypt encrypted keys first)`);
  const der = strictBase64(match[2]!);
  if (!der) throw new JwtKeyError('PEM body is not valid base64');
  return { format: form[0], der: form[1](der) };
}

/** DER → PEM text (RFC 7468 §2): base64 in lines of 64 characters between the armour lines. */
export function encodePem(label: 'PUBLIC KEY' | 'PRIVATE KEY', der: Uint8Array): string {
  const lines = btoa(latin1(der)).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
