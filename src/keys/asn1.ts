import type { Curve, KeyType } from '../algorithms.js';
import { JwtKeyError } from '../errors.js';

/**
 * Just enough DER for what WebCrypto cannot do itself: read a key's algorithm from SPKI/PKCS#8
 * (so a PEM's algs are known before any import), lift the SPKI out of an X.509 certificate, and
 * re-wrap the older PKCS#1 / SEC1 keys into the forms WebCrypto imports. WebCrypto parses the rest.
 */

/** A DER element: its tag, its whole encoding, and its contents (views into the input). */
interface Tlv {
  readonly tag: number;
  readonly whole: Uint8Array;
  readonly body: Uint8Array;
}

const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const OID = 0x06;
const SEQUENCE = 0x30;
/** `[0]`: the version of a certificate, the curve parameter of a SEC1 key. */
const CONTEXT_0 = 0xa0;

function fail(): never {
  throw new JwtKeyError('key material is not valid DER');
}

/** The element at `offset`, which must lie within `der`. */
function readTlv(der: Uint8Array, offset = 0): Tlv {
  let length = der[offset + 1] ?? fail();
  let start = offset + 2;
  if (length & 0x80) {
    // Long form: the low bits count the length bytes that follow (1 to 4 here).
    const count = length & 0x7f;
    if (count === 0 || count > 4) fail();
    length = 0;
    for (const byte of der.subarray(start, start + count)) length = length * 256 + byte;
    start += count;
  }
  const end = start + length;
  if (end > der.length) fail();
  return { tag: der[offset]!, whole: der.subarray(offset, end), body: der.subarray(start, end) };
}

/** The elements inside `tlv`, which must be a SEQUENCE (or the given constructed tag). */
function children(tlv: Tlv | undefined, tag = SEQUENCE): Tlv[] {
  if (tlv?.tag !== tag) fail();
  const out: Tlv[] = [];
  for (let rest = tlv.body; rest.length > 0; rest = rest.subarray(out[out.length - 1]!.whole.length)) out.push(readTlv(rest));
  return out;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The bytes of hex text the caller has checked: an even number of hex digits. */
export function fromHex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g)!, (pair) => parseInt(pair, 16));
}

const RSA_ENCRYPTION = '2a864886f70d010101';
const EC_PUBLIC_KEY = '2a8648ce3d0201';

/**
 * The key types jwtkit reads from SPKI / PKCS#8, by algorithm OID (content bytes, hex) and, for
 * EC, the curve OID after a space. Anything else (secp256k1, id-RSASSA-PSS-only keys; X25519 but for JWE) is refused.
 * Literal keys (RSA_ENCRYPTION and EC_PUBLIC_KEY spelled out): computed keys would keep this
 * table in bundles that never read key material, such as `decode` alone.
 */
const KEY_TYPES: Record<string, [KeyType, Curve?]> = {
  '2a864886f70d010101': ['RSA'],
  '2b6570': ['OKP', 'Ed25519'],
  '2a8648ce3d0201 2a8648ce3d030107': ['EC', 'P-256'],
  '2a8648ce3d0201 2b81040022': ['EC', 'P-384'],
  '2a8648ce3d0201 2b81040023': ['EC', 'P-521'],
  // id-ml-dsa-44/65/87 (2.16.840.1.101.3.4.3.17–19, RFC 9881): the OID names the parameter set.
  '608648016503040311': ['AKP', 'ML-DSA-44'],
  '608648016503040312': ['AKP', 'ML-DSA-65'],
  '608648016503040313': ['AKP', 'ML-DSA-87'],
};

/** The OIDs of an SPKI or PKCS#8 structure's algorithm identifier: the key's, then (EC) the curve's. */
function algorithmOids(der: Uint8Array, format: 'spki' | 'pkcs8'): string {
  // SPKI: SEQUENCE { algorithm, key }; PKCS#8: SEQUENCE { version, algorithm, key }.
  const [oid, parameter] = children(children(readTlv(der))[format === 'spki' ? 0 : 1]);
  if (oid?.tag !== OID) fail();
  return parameter?.tag === OID ? `${hex(oid.body)} ${hex(parameter.body)}` : hex(oid.body);
}

/** The key type (and curve) of an SPKI or PKCS#8 key; ERR_KEY for a kind jwtkit cannot sign with. */
export function keyTypeOf(der: Uint8Array, format: 'spki' | 'pkcs8'): [KeyType, Curve?] {
  const oids = algorithmOids(der, format);
  // An own property only: the OIDs come from the key.
  if (Object.hasOwn(KEY_TYPES, oids)) return KEY_TYPES[oids]!;
  throw new JwtKeyError('PEM key is not RSA, EC P-256/384/521, Ed25519 or ML-DSA');
}

/** id-X25519 (1.3.101.110, RFC 8410 §3): an ECDH key, for JWE only, so it is not a KEY_TYPES row that bundles which only sign would carry. */
const X25519 = '2b656e';

/** keyTypeOf for a JWE key: X25519 too (ECDH-ES, RFC 8037 §3.2); which types JWE takes, keys/fit.ts decides. */
export function jweKeyTypeOf(der: Uint8Array, format: 'spki' | 'pkcs8'): [KeyType, string?] {
  return algorithmOids(der, format) === X25519 ? ['OKP', 'X25519'] : keyTypeOf(der, format);
}

/** The SubjectPublicKeyInfo inside an X.509 certificate (RFC 5280 §4.1). */
export function spkiFromCertificate(der: Uint8Array): Uint8Array {
  const tbs = children(children(readTlv(der))[0]);
  // tbsCertificate: [0] version (absent in v1), serial, signature, issuer, validity, subject, subjectPublicKeyInfo
  const spki = tbs[tbs[0]?.tag === CONTEXT_0 ? 6 : 5];
  if (spki?.tag !== SEQUENCE) fail();
  return spki.whole.slice();
}

/** PKCS#1 (RSAPublicKey, RSAPrivateKey) and SEC1 (ECPrivateKey): INTEGER, then INTEGER or OCTET STRING. */
function checkPkcs1OrSec1(der: Uint8Array): void {
  const [first, second] = children(readTlv(der));
  if (first?.tag !== INTEGER || (second?.tag !== INTEGER && second?.tag !== OCTET_STRING)) fail();
}

/**
 * True when bytes start with a DER key or certificate: a SEQUENCE shaped like SPKI, PKCS#8,
 * X.509, PKCS#1 or SEC1, whatever follows it (a file saved with a `\n`, a C string's NUL, a
 * second certificate). Such bytes must never be mistaken for an HMAC secret; random secret bytes
 * match these shapes with negligible probability.
 */
export function looksLikeDerKey(der: Uint8Array): boolean {
  const shapes = [() => algorithmOids(der, 'spki'), () => algorithmOids(der, 'pkcs8'), () => spkiFromCertificate(der), () => checkPkcs1OrSec1(der)];
  return shapes.some((shape) => {
    try {
      shape();
      return true;
    } catch {
      return false;
    }
  });
}

/** The DER encoding of an element: tag, length (short form, or long form with minimal bytes), contents. */
function encode(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = parts.flatMap((part) => [...part]);
  const lengthBytes: number[] = [];
  for (let n = body.length; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n % 256);
  const length = body.length < 0x80 ? [body.length] : [0x80 | lengthBytes.length, ...lengthBytes];
  return new Uint8Array([tag, ...length, ...body]);
}

/** PKCS#8 PrivateKeyInfo: version 0, the algorithm identifier, the key in an OCTET STRING. */
function pkcs8(algorithmId: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return encode(SEQUENCE, fromHex('020100'), algorithmId, encode(OCTET_STRING, privateKey));
}

/** AlgorithmIdentifier { rsaEncryption, NULL }; built when used, as nothing here runs at load. */
const rsaAlgorithmId = () => fromHex(`300d0609${RSA_ENCRYPTION}0500`);

/** `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1) → PKCS#8. */
export function pkcs1PrivateToPkcs8(der: Uint8Array): Uint8Array {
  children(readTlv(der));
  return pkcs8(rsaAlgorithmId(), der);
}

/** `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1) → SPKI: the key goes in a BIT STRING with no unused bits. */
export function pkcs1PublicToSpki(der: Uint8Array): Uint8Array {
  children(readTlv(der));
  return encode(SEQUENCE, rsaAlgorithmId(), encode(BIT_STRING, new Uint8Array([0]), der));
}

/** `-----BEGIN EC PRIVATE KEY-----` (SEC1, RFC 5915, with its curve parameter) → PKCS#8. */
export function sec1ToPkcs8(der: Uint8Array): Uint8Array {
  const parameters = children(readTlv(der)).find((field) => field.tag === CONTEXT_0);
  const curve = parameters && children(parameters, CONTEXT_0)[0];
  if (curve?.tag !== OID) throw new JwtKeyError('EC private key does not name its curve');
  return pkcs8(encode(SEQUENCE, encode(OID, fromHex(EC_PUBLIC_KEY)), curve.whole), der);
}
