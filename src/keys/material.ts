import { JwtKeyError } from '../errors.js';
import { utf8Encode } from '../util/base64url.js';
import { latin1 } from '../util/bytes.js';
import { keyTypeOf } from './asn1.js';
import { type KeyProfile, cryptoKeyProfile, derProfile, jwkProfile, secretProfile } from './fit.js';
import { type Jwk, isJwk } from './jwk.js';
import { looksLikeKeyMaterial } from './key-like.js';
import { keyObjectMaterial } from './key-object.js';
import { looksLikePem, parsePem } from './pem.js';

/**
 * Classifies what the caller passed as a key (secret, PEM, JWK, CryptoKey, KeyObject) into a `KeySource`:
 * the parsed material plus its profile (fit.ts), which decides the algs it can do. Parsing happens
 * once per material (see cache.ts); importing happens per alg (see import.ts).
 */

export type KeySource =
  | { readonly kind: 'raw' | 'spki' | 'pkcs8'; readonly profile: KeyProfile; readonly bytes: Uint8Array } // a secret, or DER
  | { readonly kind: 'jwk'; readonly profile: KeyProfile; readonly jwk: Jwk }
  | { readonly kind: 'cryptokey'; readonly profile: KeyProfile; readonly key: CryptoKey };

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

/**
 * Classifies key material. Throws ERR_KEY for anything that is not a usable key. Anything that
 * is a public or private key (PEM text or bytes; DER, JSON, OpenSSH or UTF-16 text in the
 * encodings key-like.ts lists) is never taken as an HMAC secret: that is how HS256 tokens get
 * forged with a server's public key.
 */
export function describeMaterial(material: unknown): KeySource {
  const isBytes = material instanceof Uint8Array;
  if (typeof material === 'string' || isBytes) {
    // readFileSync('key.pem') gives bytes: read them as the text they may be.
    const text = isBytes ? latin1(material) : material;
    if (looksLikePem(text)) {
      const { format, der } = parsePem(text);
      return { kind: format, bytes: der, profile: derProfile(format, keyTypeOf(der, format)) };
    }
    if (looksLikeKeyMaterial(material)) {
      throw new JwtKeyError('key material is a key, not an HMAC secret: pass PEM or a JWK');
    }
    // Bytes are copied (new Uint8Array, not slice: Buffer#slice shares memory), so later changes by the caller cannot change the key.
    const bytes = isBytes ? new Uint8Array(material) : utf8Encode(material);
    return { kind: 'raw', bytes, profile: secretProfile(bytes) };
  }
  if (isCryptoKey(material)) return { kind: 'cryptokey', key: material, profile: cryptoKeyProfile(material) };
  if (isJwk(material)) return { kind: 'jwk', jwk: material, profile: jwkProfile(material) };
  // A KeyObject (Node build): its secret bytes or PEM, read as those are.
  return describeMaterial(keyObjectMaterial(material, 'key must be a secret (string or bytes), PEM, a JWK, a CryptoKey, a Key or a KeyObject (Node build)'));
}
