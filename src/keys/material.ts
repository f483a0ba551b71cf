import { type Alg, type KeyType, algsForKey } from '../algorithms.js';
import { JwtKeyError } from '../errors.js';
import { utf8Encode } from '../util/base64url.js';
import { OIDS, keyAlgorithm } from './asn1.js';
import { type Jwk, isJwk, jwkAlg } from './jwk.js';
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

const CURVE_BY_OID: Record<string, string> = { [OIDS['P-256']]: 'P-256', [OIDS['P-384']]: 'P-384', [OIDS['P-521']]: 'P-521' };

function derAlgs(der: Uint8Array, format: 'spki' | 'pkcs8'): Alg[] {
  const { oid, parameter } = keyAlgorithm(der, format);
  if (oid === OIDS.rsaEncryption) return algsForKey('RSA');
  if (oid === OIDS.ed25519) return algsForKey('OKP', 'Ed25519');
  if (oid === OIDS.ecPublicKey) {
    const curve = parameter === undefined ? undefined : CURVE_BY_OID[parameter];
    if (curve) return algsForKey('EC', curve);
    throw new JwtKeyError('unsupported EC curve (P-256, P-384 and P-521 are supported)');
  }
  if (oid === OIDS.rsassaPss) throw new JwtKeyError('RSASSA-PSS-only (id-RSASSA-PSS) keys are not supported; use an rsaEncryption key for PS*');
  throw new JwtKeyError('unsupported key algorithm in PEM');
}

const HASH_SUFFIX: Record<string, string> = { 'SHA-256': '256', 'SHA-384': '384', 'SHA-512': '512' };
const CRYPTOKEY_PREFIX: Record<string, string> = { HMAC: 'HS', 'RSASSA-PKCS1-v1_5': 'RS', 'RSA-PSS': 'PS' };
const ECDSA_ALG: Record<string, Alg> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/** The algs a CryptoKey was created for: WebCrypto binds the hash (and curve) at import. */
function cryptoKeyAlgs(key: CryptoKey): Alg[] {
  const algorithm = key.algorithm as KeyAlgorithm & { hash?: { name: string }; namedCurve?: string };
  const prefix = CRYPTOKEY_PREFIX[algorithm.name];
  const suffix = algorithm.hash && HASH_SUFFIX[algorithm.hash.name];
  if (prefix && suffix) return [`${prefix}${suffix}` as Alg];
  if (algorithm.name === 'ECDSA' && algorithm.namedCurve && ECDSA_ALG[algorithm.namedCurve]) return [ECDSA_ALG[algorithm.namedCurve]!];
  if (algorithm.name === 'Ed25519') return algsForKey('OKP', 'Ed25519');
  throw new JwtKeyError(`CryptoKey algorithm ${algorithm.name} is not a JWS signature algorithm`);
}

function jwkAlgs(jwk: Jwk): Alg[] {
  const algs = algsForKey(jwk.kty as KeyType, jwk.crv);
  if (algs.length === 0) throw new JwtKeyError(`unsupported JWK (kty ${jwk.kty}${jwk.crv ? `, crv ${jwk.crv}` : ''})`);
  // A JWK that names its alg can do only that alg (RFC 7517 §4.4); the check in key.ts refuses others.
  if (jwk.alg === undefined) return algs;
  const pinned = jwkAlg(jwk, algs);
  if (!pinned) throw new JwtKeyError(`JWK alg ${String(jwk.alg)} is not usable with kty ${jwk.kty}`);
  return [pinned];
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

/** Classifies key material. Throws ERR_KEY for anything that is not a usable key. */
export function describeMaterial(material: unknown): KeySource {
  if (typeof material === 'string') {
    if (looksLikePem(material)) {
      const { format, der } = parsePem(material);
      return { kind: format, der, algs: derAlgs(der, format) };
    }
    return { kind: 'secret', bytes: utf8Encode(material), algs: algsForKey('oct') };
  }
  if (material instanceof Uint8Array) return { kind: 'secret', bytes: material.slice(), algs: algsForKey('oct') };
  if (isCryptoKey(material)) return { kind: 'cryptokey', key: material, algs: cryptoKeyAlgs(material) };
  if (isJwk(material)) return { kind: 'jwk', jwk: material, algs: jwkAlgs(material) };
  throw new JwtKeyError('key must be a secret (string or Uint8Array), a PEM string, a JWK object, a CryptoKey or a Key from importKey()');
}
