import { JwtKeyError } from '../errors.js';
import { pkcs1PrivateToPkcs8, pkcs1PublicToSpki, sec1ToPkcs8, spkiFromCertificate } from './asn1.js';

/** PEM text (RFC 7468) ↔ DER in one of the two forms WebCrypto imports and exports: SPKI or PKCS#8. */

// The first PEM block; text around it (openssl's "Bag Attributes", a certificate chain) is ignored (RFC 7468 §2).
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n\t ]+?)\r?\n?-----END \1-----/;

/** True when text holds PEM armour anywhere, so it is never mistaken for an HMAC secret. */
export function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

function base64Decode(body: string): Uint8Array {
  const text = body.replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new JwtKeyError('PEM body is not valid base64');
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Parses a PEM key or certificate; PKCS#1, SEC1 and certificates are converted to SPKI/PKCS#8. */
export function parsePem(text: string): { format: 'spki' | 'pkcs8'; der: Uint8Array } {
  const match = PEM.exec(text);
  if (!match) throw new JwtKeyError('key is not valid PEM');
  const der = base64Decode(match[2]!);
  switch (match[1]) {
    case 'PUBLIC KEY':
      return { format: 'spki', der };
    case 'PRIVATE KEY':
      return { format: 'pkcs8', der };
    case 'CERTIFICATE':
      return { format: 'spki', der: spkiFromCertificate(der) };
    case 'RSA PUBLIC KEY':
      return { format: 'spki', der: pkcs1PublicToSpki(der) };
    case 'RSA PRIVATE KEY':
      return { format: 'pkcs8', der: pkcs1PrivateToPkcs8(der) };
    case 'EC PRIVATE KEY':
      return { format: 'pkcs8', der: sec1ToPkcs8(der) };
    default:
      throw new JwtKeyError(`unsupported PEM type "${match[1]}" (encrypted keys must be decrypted first)`);
  }
}

/** DER → PEM text (RFC 7468 §2): base64 in lines of 64 characters between the armour lines. */
export function encodePem(label: 'PUBLIC KEY' | 'PRIVATE KEY', der: Uint8Array): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
