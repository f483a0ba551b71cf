import { type BackendKey, type JweKeyParams, jweKeyImport } from '../backend/index.js';
import type { EcdhCurve, Maybe } from '../backend/types.js';
import { JwtError, JwtKeyError } from '../errors.js';
import type { KeyAlgSpec } from '../jwe-algorithms.js';
import { jweKeyTypeOf } from './asn1.js';
import { type KeyProfile, checkJweKeySize, jweCryptoKeyProfile, jweDerProfile, jweJwkProfile, jweKeyProfile, jweSecretProfile, jweUsages } from './fit.js';
import { Key, backendKey, jweFactsOf } from './key.js';
import { type Jwk, isJwk, keyMembers, octSecret } from './jwk.js';
import type { KeyObjectLike } from './key-like.js';
import { keyObjectMaterial } from './key-object.js';
import { looksLikePem, parsePem } from './pem.js';
import { utf8Encode } from '../util/base64url.js';
import { latin1 } from '../util/bytes.js';
import { createLru } from '../util/lru.js';

/**
 * JWE keys: what the caller passed (a secret, PEM, a JWK, a CryptoKey) parsed once, with its
 * profile (fit.ts decides from it which algs and encs the key may do, and for which operation),
 * then imported for each key-management alg it is used with: by encrypt and decrypt (jwe/), and
 * by importKey for a JWE alg (import.ts), which is why this lives in keys/.
 */

/**
 * What `encrypt`, `decrypt`, `encryptJwe` and `decryptJwe` accept as a key: a Key from generateKeyPair,
 * generateSecret or importKey for a JWE alg, or key material (a KeyObject: in the Node build only).
 */
export type JweKeyInput = Key | CryptoKey | Jwk | Uint8Array | string | KeyObjectLike;

export interface JweKey {
  /** The facts fit.ts decides on: key type (`EC` for every ECDH curve), curve, secret length, pin, key_ops. */
  readonly profile: KeyProfile;
  readonly secret?: Uint8Array;
  readonly importData?: { readonly format: 'spki' | 'pkcs8' | 'jwk'; readonly data: Uint8Array | JsonWebKey } | { readonly cryptoKey: CryptoKey };
  /** Imported backend keys, per alg (RSA-OAEP binds its hash at import). */
  readonly imported: Map<string, Maybe<BackendKey>>;
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

function fromPem(text: string): JweKey {
  const { format, der } = parsePem(text);
  return { profile: jweDerProfile(format, jweKeyTypeOf(der, format)), importData: { format, data: der }, imported: new Map() };
}

function fromJwk(jwk: Jwk): JweKey {
  const profile = jweJwkProfile(jwk);
  if (profile.kty === 'oct') return { profile, secret: octSecret(jwk), imported: new Map() };
  return { profile, importData: { format: 'jwk', data: keyMembers(jwk) }, imported: new Map() };
}

/** A Key generated for a JWE alg: already a backend key (or, a secret, bytes), for its one alg. */
function fromKey(key: Key): JweKey {
  const facts = jweFactsOf(key) ?? {};
  const profile = jweKeyProfile(key, facts);
  return { profile, secret: facts.secret, imported: new Map(facts.secret ? [] : [[key.alg, backendKey(key)]]) };
}

/** Classifies key material (not yet imported); throws ERR_KEY for anything unusable. */
function classify(input: unknown): JweKey {
  if (input instanceof Key) return fromKey(input);
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : latin1(input);
    if (looksLikePem(text)) return fromPem(text);
    // Bytes are copied: later changes by the caller cannot change the key.
    const secret = typeof input === 'string' ? utf8Encode(input) : new Uint8Array(input);
    return { profile: jweSecretProfile(secret), secret, imported: new Map() };
  }
  if (isCryptoKey(input)) return { profile: jweCryptoKeyProfile(input), importData: { cryptoKey: input }, imported: new Map() };
  if (isJwk(input)) return fromJwk(input);
  // A KeyObject (Node build): its secret bytes or PEM, read as those are.
  return classify(keyObjectMaterial(input, 'a JWE key must be a secret (string or bytes), PEM, a JWK, a CryptoKey or (Node build) a KeyObject'));
}

const byObject = new WeakMap<object, JweKey>();
const byString = /* @__PURE__ */ createLru<string, JweKey>(64);

/** The classified key, parsed once per material (objects held weakly, strings in a small LRU). */
export function jweKeyOf(input: JweKeyInput): JweKey {
  const cache = typeof input === 'string' ? byString : typeof input === 'object' && input !== null ? byObject : undefined;
  let key = cache?.get(input as string & object);
  if (!key) {
    key = classify(input);
    cache?.set(input as string & object, key);
  }
  return key;
}

/** The backend parameters an asymmetric key is imported with for `spec`. */
export function paramsFor(key: JweKey, spec: KeyAlgSpec): JweKeyParams {
  return spec.family === 'rsa' ? { name: 'RSA-OAEP', hash: spec.hash! } : { name: 'ECDH', curve: key.profile.crv as EcdhCurve };
}

async function importNow(key: JweKey, spec: KeyAlgSpec): Promise<BackendKey> {
  const params = paramsFor(key, spec);
  let handle: BackendKey;
  try {
    const source = key.importData!;
    handle = await ('cryptoKey' in source
      ? jweKeyImport.fromCryptoKey(params, source.cryptoKey)
      : jweKeyImport.importKey(params, source.format, source.data, jweUsages(params.name, key.profile.type as 'public' | 'private')));
  } catch (error) {
    if (error instanceof JwtError) throw error;
    throw new JwtKeyError(`key material could not be imported for ${spec.alg}`, { cause: error });
  }
  checkJweKeySize(spec, handle.bits);
  return handle;
}

/** The backend key for an asymmetric key and alg, imported once (at once when the import was synchronous). */
export function backendKeyFor(key: JweKey, spec: KeyAlgSpec): Maybe<BackendKey> {
  let handle = key.imported.get(spec.alg);
  if (handle === undefined) {
    const pending = importNow(key, spec);
    handle = pending.then((done) => {
      key.imported.set(spec.alg, done);
      return done;
    });
    key.imported.set(spec.alg, handle);
    // A failed import is not cached: the next call tries again and gets the same error.
    pending.catch(() => key.imported.delete(spec.alg));
  }
  return handle;
}
