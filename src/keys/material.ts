import { ALGORITHMS, ALL_ALGS, type Alg, type KeyType, algsForKey } from '../algorithms.js';
import { JwtKeyError } from '../errors.js';
import { utf8Encode } from '../util/base64url.js';
import { latin1 } from '../util/bytes.js';
import { keyTypeOf, looksLikeDerKey } from './asn1.js';
import { type Jwk, isJwk, octSecret } from './jwk.js';
import { looksLikePem, parsePem, strictBase64 } from './pem.js';

/**
 * Classifies what the caller passed as a key (secret, PEM, JWK, CryptoKey) into a `KeySource`:
 * the parsed material plus the algs a key of that kind can do. Parsing happens once per material
 * (see cache.ts); importing happens per alg (see key.ts).
 */

export type KeySource =
  | { readonly kind: 'raw' | 'spki' | 'pkcs8'; readonly algs: readonly Alg[]; readonly bytes: Uint8Array } // a secret, or DER
  | { readonly kind: 'jwk'; readonly algs: readonly Alg[]; readonly jwk: Jwk }
  | { readonly kind: 'cryptokey'; readonly algs: readonly Alg[]; readonly key: CryptoKey };

/** The algs a CryptoKey was created for: WebCrypto binds the hash (and curve) at import. */
function cryptoKeyAlgs(key: CryptoKey): Alg[] {
  const algorithm = key.algorithm as KeyAlgorithm & { hash?: { name: string }; namedCurve?: string };
  const algs = ALL_ALGS.filter((alg) => {
    const spec = ALGORITHMS[alg];
    if (spec.name !== algorithm.name) return false;
    if (spec.name === 'ECDSA') return spec.curve === algorithm.namedCurve;
    return spec.hash === undefined || spec.hash === algorithm.hash?.name;
  });
  if (algs.length === 0) throw new JwtKeyError('CryptoKey is not for a JWS signature alg');
  return algs;
}

/** The HS algs a secret is long enough for (RFC 7518 §3.2); a shorter secret is no key at all. */
function secretAlgs(bytes: Uint8Array): Alg[] {
  const algs = algsForKey('oct').filter((alg) => bytes.length >= ALGORITHMS[alg].minKeySize!);
  if (algs.length === 0) throw new JwtKeyError('an HMAC secret must be at least 32 bytes (RFC 7518 §3.2)');
  return algs;
}

function jwkAlgs(jwk: Jwk): Alg[] {
  const algs = jwk.kty === 'oct' ? secretAlgs(octSecret(jwk)) : algsForKey(jwk.kty as KeyType, jwk.crv);
  if (algs.length === 0) throw new JwtKeyError('unsupported JWK key type or curve');
  // A JWK that names its alg can do only that alg (RFC 7517 §4.4): createKey refuses any other.
  if (jwk.alg === undefined) return algs;
  if (!algs.includes(jwk.alg as Alg)) throw new JwtKeyError('JWK "alg" does not fit its key');
  return [jwk.alg as Alg];
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

/** JSON object text (a JWK, a JWK set), with or without a BOM: an easy mistake that must not become an HMAC secret. */
function isJsonObjectText(text: string): boolean {
  const body = text.replace(/^(\uFEFF|\u00EF\u00BB\u00BF)/, '').trim(); // the BOM as text, or as UTF-8 bytes read as Latin-1
  try {
    // Text starting with "{" that parses is an object.
    return body.startsWith('{') && JSON.parse(body) !== undefined;
  } catch {
    return false;
  }
}

/** Unarmoured base64 of a DER key ("MIIBIjAN…"): key material, not a secret. */
function isBase64DerKey(text: string): boolean {
  const der = strictBase64(text);
  return der !== undefined && looksLikeDerKey(der);
}

/**
 * Classifies key material. Throws ERR_KEY for anything that is not a usable key. Anything that
 * looks like a public or private key (PEM text or bytes, DER bytes or base64, JWK text) is never
 * taken as an HMAC secret: that is how HS256 tokens get forged with a server's public key.
 */
export function describeMaterial(material: unknown): KeySource {
  const isBytes = material instanceof Uint8Array;
  if (typeof material === 'string' || isBytes) {
    // readFileSync('key.pem') gives bytes: read them as the text they may be.
    const text = isBytes ? latin1(material) : material;
    if (looksLikePem(text)) {
      const { format, der } = parsePem(text);
      return { kind: format, bytes: der, algs: algsForKey(...keyTypeOf(der, format)) };
    }
    if (isJsonObjectText(text)) throw new JwtKeyError('key is JSON text, not an HMAC secret: pass the parsed JWK');
    if (isBytes ? looksLikeDerKey(material) : isBase64DerKey(material)) {
      throw new JwtKeyError('key is DER, not an HMAC secret: pass it as PEM');
    }
    // Bytes are copied (new Uint8Array, not slice: Buffer#slice shares memory), so later changes by the caller cannot change the key.
    const bytes = isBytes ? new Uint8Array(material) : utf8Encode(material);
    return { kind: 'raw', bytes, algs: secretAlgs(bytes) };
  }
  if (isCryptoKey(material)) return { kind: 'cryptokey', key: material, algs: cryptoKeyAlgs(material) };
  if (isJwk(material)) return { kind: 'jwk', jwk: material, algs: jwkAlgs(material) };
  throw new JwtKeyError('key must be a secret (string or bytes), PEM, a JWK, a CryptoKey or a Key');
}
