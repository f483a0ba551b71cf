import { JwtKeyError } from '../errors.js';

/**
 * Just enough DER to read a key's algorithm from SPKI/PKCS#8, lift the SPKI out of an X.509
 * certificate, and re-wrap the older PKCS#1 / SEC1 PEMs into the forms WebCrypto imports.
 */

interface Tlv {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly headerStart: number;
  /** Offsets of the contents. */
  readonly start: number;
  readonly end: number;
}

function fail(): never {
  throw new JwtKeyError('key material is not valid DER');
}

function readTlv(der: Uint8Array, offset: number, limit = der.length): Tlv {
  if (offset + 2 > limit) fail();
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) fail();
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > limit) fail();
  return { tag, headerStart: offset, start, end };
}

/** The children of a constructed TLV (SEQUENCE or context tag). */
function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const child = readTlv(der, offset, parent.end);
    out.push(child);
    offset = child.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const OID = 0x06;

function sequence(der: Uint8Array, tlv: Tlv | undefined): Tlv[] {
  if (!tlv || tlv.tag !== SEQUENCE) fail();
  return children(der, tlv);
}

function hex(der: Uint8Array, tlv: Tlv): string {
  let out = '';
  for (let i = tlv.start; i < tlv.end; i++) out += der[i]!.toString(16).padStart(2, '0');
  return out;
}

/** OIDs (content bytes, hex) of the key algorithms and curves jwtkit reads. */
export const OIDS = {
  rsaEncryption: '2a864886f70d010101',
  rsassaPss: '2a864886f70d01010a',
  ecPublicKey: '2a8648ce3d0201',
  ed25519: '2b6570',
  'P-256': '2a8648ce3d030107',
  'P-384': '2b81040022',
  'P-521': '2b81040023',
} as const;

/** The algorithm identifier of an SPKI or PKCS#8 structure: the key OID and, for EC, the curve OID. */
export function keyAlgorithm(der: Uint8Array, format: 'spki' | 'pkcs8'): { oid: string; parameter?: string } {
  const top = sequence(der, readTlv(der, 0));
  const algorithmId = sequence(der, format === 'spki' ? top[0] : top[1]);
  const [oid, parameter] = algorithmId;
  if (!oid || oid.tag !== OID) fail();
  return { oid: hex(der, oid), parameter: parameter?.tag === OID ? hex(der, parameter) : undefined };
}

/** The SubjectPublicKeyInfo inside an X.509 certificate (RFC 5280 §4.1). */
export function spkiFromCertificate(der: Uint8Array): Uint8Array {
  const certificate = sequence(der, readTlv(der, 0));
  const tbs = sequence(der, certificate[0]);
  // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, subjectPublicKeyInfo
  const first = tbs[0]?.tag === 0xa0 ? 1 : 0;
  const spki = tbs[first + 5];
  if (!spki || spki.tag !== SEQUENCE) fail();
  return der.slice(spki.headerStart, spki.end);
}

/** PKCS#1 (RSAPublicKey, RSAPrivateKey) and SEC1 (ECPrivateKey): INTEGER, then INTEGER or OCTET STRING. */
function checkPkcs1OrSec1(der: Uint8Array): void {
  const [first, second] = sequence(der, readTlv(der, 0));
  if (first?.tag !== 0x02 || (second?.tag !== 0x02 && second?.tag !== 0x04)) fail();
}

/**
 * True when bytes are a DER key or certificate: one SEQUENCE spanning them all, shaped like SPKI,
 * PKCS#8, X.509, PKCS#1 or SEC1. Such bytes must never be mistaken for an HMAC secret; random
 * secret bytes match these shapes with negligible probability.
 */
export function looksLikeDerKey(der: Uint8Array): boolean {
  const shapes = [() => keyAlgorithm(der, 'spki'), () => keyAlgorithm(der, 'pkcs8'), () => spkiFromCertificate(der), () => checkPkcs1OrSec1(der)];
  try {
    if (readTlv(der, 0).end !== der.length) return false;
  } catch {
    return false;
  }
  return shapes.some((shape) => {
    try {
      shape();
      return true;
    } catch {
      return false;
    }
  });
}

function encodeTlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const lengthBytes: number[] = [];
  if (length < 0x80) lengthBytes.push(length);
  else {
    for (let n = length; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n & 0xff);
    lengthBytes.unshift(0x80 | lengthBytes.length);
  }
  const out = new Uint8Array(1 + lengthBytes.length + length);
  out[0] = tag;
  out.set(lengthBytes, 1);
  let offset = 1 + lengthBytes.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function fromHex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g)!, (pair) => parseInt(pair, 16));
}

// Built when used, not at load: a module that runs no code at load is dropped by bundlers when unused.
const version0 = () => fromHex('020100');
const rsaAlgorithmId = () => encodeTlv(SEQUENCE, encodeTlv(OID, fromHex(OIDS.rsaEncryption)), fromHex('0500'));

/** `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1) → PKCS#8. */
export function pkcs1PrivateToPkcs8(der: Uint8Array): Uint8Array {
  sequence(der, readTlv(der, 0));
  return encodeTlv(SEQUENCE, version0(), rsaAlgorithmId(), encodeTlv(0x04, der));
}

/** `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1) → SPKI. */
export function pkcs1PublicToSpki(der: Uint8Array): Uint8Array {
  sequence(der, readTlv(der, 0));
  return encodeTlv(SEQUENCE, rsaAlgorithmId(), encodeTlv(0x03, new Uint8Array([0]), der));
}

/** `-----BEGIN EC PRIVATE KEY-----` (SEC1, RFC 5915, with its curve parameter) → PKCS#8. */
export function sec1ToPkcs8(der: Uint8Array): Uint8Array {
  const fields = sequence(der, readTlv(der, 0));
  const parameters = fields.find((field) => field.tag === 0xa0);
  const curve = parameters && children(der, parameters)[0];
  if (!curve || curve.tag !== OID) throw new JwtKeyError('EC private key does not name its curve');
  const algorithmId = encodeTlv(SEQUENCE, encodeTlv(OID, fromHex(OIDS.ecPublicKey)), der.slice(curve.headerStart, curve.end));
  return encodeTlv(SEQUENCE, version0(), algorithmId, encodeTlv(0x04, der));
}
