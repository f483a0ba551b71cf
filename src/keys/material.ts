import { ALGORITHMS, ALL_ALGS, type Alg, type KeyType, algsForKey } from '../algorithms.js';
import { JwtKeyError } from '../errors.js';
import { utf8Encode } from '../util/base64url.js';
import { OIDS, keyAlgorithm, looksLikeDerKey } from './asn1.js';
import { type Jwk, isJwk, jwkAlg, octSecret } from './jwk.js';
import { looksLikePem, parsePem } from './pem.js';

/**
 * Classifies what the caller passed as a key (secret, PEM, JWK, CryptoKey) into a `KeySource`:
 * the parsed material plus the algs a key of that kind can do. Parsing happens once per material
 * (see cache.ts); importing happens per alg (see key.ts).
 */

export type KeySource =
  | { readonly kind: 'secret'; readonly algs: readonly Alg[]; readonly bytes: Uint8Array }
  | { readonly kind: 'spki' | 'pkcs8'; readonly algs: readonly Alg[]; readonly der: Uint8Array }
  | { readonly kind: 'jwk'; readonly algs: readonly Alg[]; readonly jwk: Jwk }
  | { readonly kind: 'cryptokey'; readonly algs: readonly Alg[]; readonly key: CryptoKey };

const CURVES = ['P-256', 'P-384', 'P-521'] as const;

function derAlgs(der: Uint8Array, format: 'spki' | 'pkcs8'): Alg[] {
  const { oid, parameter } = keyAlgorithm(der, format);
  if (oid === OIDS.rsaEncryption) return algsForKey('RSA');
  if (oid === OIDS.ed25519) return algsForKey('OKP', 'Ed25519');
  if (oid === OIDS.ecPublicKey) {
    const curve = CURVES.find((name) => OIDS[name] === parameter);
    if (curve) return algsForKey('EC', curve);
    throw new JwtKeyError('unsupported EC curve (P-256, P-384 and P-521 are supported)');
  }
  if (oid === OIDS.rsassaPss) throw new JwtKeyError('RSASSA-PSS-only (id-RSASSA-PSS) keys are not supported; use an rsaEncryption key for PS*');
  throw new JwtKeyError('unsupported key algorithm in PEM');
}

/** The algs a CryptoKey was created for: WebCrypto binds the hash (and curve) at import. */
function cryptoKeyAlgs(key: CryptoKey): Alg[] {
  const algorithm = key.algorithm as KeyAlgorithm & { hash?: { name: string }; namedCurve?: string };
  const algs = ALL_ALGS.filter((alg) => {
    const spec = ALGORITHMS[alg];
    if (spec.name !== algorithm.name) return false;
    if (spec.name === 'ECDSA') return spec.curve === algorithm.namedCurve;
    return spec.hash === undefined || spec.hash === algorithm.hash?.name;
  });
  if (algs.length === 0) throw new JwtKeyError('this CryptoKey is not for a JWS signature algorithm');
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
  // A JWK that names its alg can do only that alg (RFC 7517 §4.4); the check in key.ts refuses others.
  if (jwk.alg === undefined) return algs;
  const pinned = jwkAlg(jwk, algs);
  if (!pinned) throw new JwtKeyError('the JWK\'s "alg" is not one this key can do');
  return [pinned];
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

function pemSource(text: string): KeySource {
  const { format, der } = parsePem(text);
  return { kind: format, der, algs: derAlgs(der, format) };
}

/** JSON object text (a JWK, a JWK set), with or without a BOM: an easy mistake that must not become an HMAC secret. */
function isJsonObjectText(text: string): boolean {
  const body = text.replace(/^(\uFEFF|\u00EF\u00BB\u00BF)/, '').trim(); // the BOM as text, or as UTF-8 bytes read as Latin-1
  if (!body.startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/** Unarmoured base64 of a DER key ("MIIBIjAN…"): key material, not a secret. */
function isBase64DerKey(text: string): boolean {
  const body = text.replace(/\s+/g, '');
  if (body.length < 32 || body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
  return looksLikeDerKey(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)));
}

/** Text that is clearly key material in another form: refused as a secret, with the reason. */
function refuseKeyText(text: string): void {
  if (isJsonObjectText(text)) throw new JwtKeyError('key is JSON text (a JWK or JWK set?): pass the parsed JWK object');
  if (isBase64DerKey(text)) throw new JwtKeyError('key is base64 DER key material: pass it as PEM, a JWK or a CryptoKey');
}

/**
 * Classifies key material. Throws ERR_KEY for anything that is not a usable key. Anything that
 * looks like a public or private key (PEM text, DER bytes, JWK text) is never taken as an HMAC
 * secret: that is how HS256 tokens get forged with a server's public key.
 */
export function describeMaterial(material: unknown): KeySource {
  if (typeof material === 'string') {
    if (looksLikePem(material)) return pemSource(material);
    refuseKeyText(material);
    const bytes = utf8Encode(material);
    return { kind: 'secret', bytes, algs: secretAlgs(bytes) };
  }
  if (material instanceof Uint8Array) {
    // readFileSync('key.pem') gives bytes: read them as the text they may be.
    const text = latin1(material);
    if (looksLikePem(text)) return pemSource(text);
    refuseKeyText(text);
    if (looksLikeDerKey(material)) throw new JwtKeyError('key is DER key bytes, not an HMAC secret: pass it as PEM, a JWK or a CryptoKey');
    // A copy (new Uint8Array, not slice: Buffer#slice shares memory), so later changes by the caller cannot change the key.
    const bytes = new Uint8Array(material);
    return { kind: 'secret', bytes, algs: secretAlgs(bytes) };
  }
  if (isCryptoKey(material)) return { kind: 'cryptokey', key: material, algs: cryptoKeyAlgs(material) };
  if (isJwk(material)) return { kind: 'jwk', jwk: material, algs: jwkAlgs(material) };
  throw new JwtKeyError('key must be a secret (string or Uint8Array), a PEM string, a JWK object, a CryptoKey or a Key from importKey()');
}

/** Bytes as Latin-1 text (never fails): enough to find ASCII PEM armour. */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}
