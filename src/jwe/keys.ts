import { type BackendKey, type EcdhCurve, type JweKeyParams, jweTools } from '../backend/index.js';
import type { Maybe } from '../backend/types.js';
import { JwtAlgorithmError, JwtError, JwtKeyError } from '../errors.js';
import { keyTypeOf } from '../keys/asn1.js';
import { type Jwk, isJwk, keyMembers, octSecret } from '../keys/jwk.js';
import { looksLikePem, parsePem } from '../keys/pem.js';
import { utf8Encode } from '../util/base64url.js';
import { latin1 } from '../util/bytes.js';
import { createLru } from '../util/lru.js';
import { ALL_KEY_ALGS, ECDH_CURVES, type Enc, ENCRYPTIONS, KEY_ALGORITHMS, type KeyAlgSpec, type KeyManagementAlg, isEnc } from './algorithms.js';

/**
 * JWE keys: what the caller passed (a secret, PEM, a JWK, a CryptoKey) classified once, then
 * bound to each key-management alg it is used with. The rules: the key type and curve decide the
 * algs (a secret by its length, exactly); a JWK's `alg` pins one; a JWK with `use: "sig"` never
 * encrypts or decrypts; `key_ops` / CryptoKey usages narrow what it may do; encrypting takes a
 * public key, decrypting the private one; RSA keys have at least 2048 bits.
 */

/** What `encrypt`, `decrypt`, `encryptJwe` and `decryptJwe` accept as a key. */
export type JweKeyInput = CryptoKey | Jwk | Uint8Array | string;

export type JweOperation = 'encrypt' | 'decrypt';

interface Material {
  readonly kty: 'oct' | 'RSA' | 'EC';
  readonly type: 'secret' | 'public' | 'private';
  readonly curve?: EcdhCurve;
  readonly secret?: Uint8Array;
  /** A JWK's `alg` (RFC 7517 §4.4), a CryptoKey's RSA-OAEP alg: the only alg the key may do. */
  readonly pinnedAlg?: string;
  /** A JWK's `key_ops` or a CryptoKey's usages. */
  readonly operations?: readonly string[];
  readonly kid?: string;
  readonly importData?: { readonly format: 'spki' | 'pkcs8' | 'jwk'; readonly data: Uint8Array | JsonWebKey } | { readonly cryptoKey: CryptoKey };
  /** Imported backend keys, per alg (RSA-OAEP binds its hash at import). */
  readonly imported: Map<string, Maybe<BackendKey>>;
}

/** key_ops (RFC 7517 §4.3) that allow each operation. ECDH public keys carry none (WebCrypto gives them no usages). */
const OPERATIONS: Record<JweOperation, readonly string[]> = {
  encrypt: ['encrypt', 'wrapKey', 'deriveKey', 'deriveBits'],
  decrypt: ['decrypt', 'unwrapKey', 'deriveKey', 'deriveBits'],
};

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

function ecdhCurve(crv: unknown): EcdhCurve {
  if (ECDH_CURVES.includes(crv as EcdhCurve)) return crv as EcdhCurve;
  throw new JwtKeyError('JWE keys on curves are P-256, P-384, P-521 or X25519');
}

function fromPem(text: string): Material {
  const { format, der } = parsePem(text);
  const [kty, curve] = keyTypeOf(der, format);
  if (kty === 'OKP' || kty === 'AKP') throw new JwtKeyError('a signing key (Ed25519, ML-DSA); JWE takes RSA, EC or X25519 keys');
  const type = format === 'spki' ? 'public' : 'private';
  return { kty, type, curve: kty === 'EC' ? ecdhCurve(curve) : undefined, importData: { format, data: der }, imported: new Map() };
}

function fromJwk(jwk: Jwk): Material {
  // JWK member values stay out of messages: a JWK may come from a remote key set.
  if (jwk.use !== undefined && jwk.use !== 'enc') throw new JwtKeyError('JWK "use" is not "enc": a signing key never encrypts');
  if (jwk.key_ops !== undefined && (!Array.isArray(jwk.key_ops) || !jwk.key_ops.every((op) => typeof op === 'string'))) {
    throw new JwtKeyError('JWK key_ops must be an array of strings');
  }
  const common = { pinnedAlg: jwk.alg, operations: jwk.key_ops, kid: typeof jwk.kid === 'string' ? jwk.kid : undefined, imported: new Map() };
  if (jwk.kty === 'oct') return { ...common, kty: 'oct', type: 'secret', secret: octSecret(jwk) };
  const type = jwk.d === undefined ? 'public' : 'private';
  const importData = { format: 'jwk', data: keyMembers(jwk) } as const;
  if (jwk.kty === 'RSA') return { ...common, kty: 'RSA', type, importData };
  if (jwk.kty === 'EC' || (jwk.kty === 'OKP' && jwk.crv === 'X25519')) return { ...common, kty: 'EC', type, curve: ecdhCurve(jwk.crv), importData };
  throw new JwtKeyError('JWE keys are oct, RSA, EC or OKP X25519 JWKs');
}

function fromCryptoKey(key: CryptoKey): Material {
  const algorithm = key.algorithm as KeyAlgorithm & { hash?: { name: string }; namedCurve?: string };
  const common = { type: key.type, operations: key.usages, importData: { cryptoKey: key }, imported: new Map() } as const;
  if (algorithm.name === 'RSA-OAEP') {
    const hash = algorithm.hash?.name;
    return { ...common, kty: 'RSA', pinnedAlg: hash === 'SHA-1' ? 'RSA-OAEP' : `RSA-OAEP-${hash?.slice(4)}` };
  }
  if (algorithm.name === 'ECDH' || algorithm.name === 'X25519') return { ...common, kty: 'EC', curve: ecdhCurve(algorithm.namedCurve ?? 'X25519') };
  throw new JwtKeyError('a CryptoKey for JWE is RSA-OAEP, ECDH or X25519; pass a secret as bytes');
}

/** Classifies key material (not yet imported); throws ERR_KEY for anything unusable. */
function classify(input: unknown): Material {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : latin1(input);
    if (looksLikePem(text)) return fromPem(text);
    // Bytes are copied: later changes by the caller cannot change the key.
    const secret = typeof input === 'string' ? utf8Encode(input) : new Uint8Array(input);
    if (secret.length === 0) throw new JwtKeyError('a JWE secret cannot be empty');
    return { kty: 'oct', type: 'secret', secret, imported: new Map() };
  }
  if (isCryptoKey(input)) return fromCryptoKey(input);
  if (isJwk(input)) return fromJwk(input);
  throw new JwtKeyError('a JWE key must be a secret (string or bytes), PEM, a JWK or a CryptoKey');
}

const byObject = new WeakMap<object, Material>();
const byString = /* @__PURE__ */ createLru<string, Material>(64);

/** The classified key, parsed once per material (objects held weakly, strings in a small LRU). */
export function jweKeyOf(input: JweKeyInput): Material {
  const cache = typeof input === 'string' ? byString : typeof input === 'object' && input !== null ? byObject : undefined;
  let material = cache?.get(input as string & object);
  if (!material) {
    material = classify(input);
    cache?.set(input as string & object, material);
  }
  return material;
}

export type JweKey = Material;

/** A JWK `alg` that names an enc (RFC 7520 §5.6 does): the secret is a CEK, for `dir` with that enc only. */
function pinnedEnc(key: Material): Enc | undefined {
  return isEnc(key.pinnedAlg) ? key.pinnedAlg : undefined;
}

/** True when a key of this type could do `spec` at all (length checks come later, in checkKeyFor). */
function typeFits(key: Material, spec: KeyAlgSpec): boolean {
  const pinned = pinnedEnc(key) === undefined ? key.pinnedAlg : 'dir';
  return key.kty === spec.kty && (pinned === undefined || pinned === spec.alg);
}

/** Whether a secret has the exact length `spec` needs (`enc` for dir; PBES2 takes any password). */
function secretFits(key: Material, spec: KeyAlgSpec, enc: Enc | undefined): boolean {
  if (spec.family === 'pbes2') return true;
  const needed = spec.family === 'dir' ? (enc === undefined ? undefined : ENCRYPTIONS[enc].cekLength) : spec.kekLength;
  return needed === undefined ? Object.values(ENCRYPTIONS).some((e) => e.cekLength === key.secret!.length) : key.secret!.length === needed;
}

/** The key-management algs this key can do; PBES2 only when `withPbes2` (it is never a default). */
export function keyAlgsOf(key: Material, withPbes2: boolean): KeyManagementAlg[] {
  return ALL_KEY_ALGS.filter((alg) => {
    const spec = KEY_ALGORITHMS[alg];
    if (!typeFits(key, spec) || (spec.family === 'pbes2' && !withPbes2)) return false;
    return key.kty !== 'oct' || secretFits(key, spec, undefined);
  });
}

/** The encs this key can do with `alg`: for dir the one whose CEK is the secret's length, else all. */
export function encsFor(key: Material, alg: KeyManagementAlg): Enc[] {
  const all = Object.keys(ENCRYPTIONS).filter((enc) => pinnedEnc(key) === undefined || pinnedEnc(key) === enc) as Enc[];
  return alg === 'dir' ? all.filter((enc) => ENCRYPTIONS[enc].cekLength === key.secret?.length) : all;
}

/**
 * Throws unless this key may do `operation` with `spec` (and `enc`, for dir): ERR_JWT_ALGORITHM
 * for another key type, ERR_KEY for a pinned alg, a length, a direction or key_ops that do not fit.
 */
export function checkKeyFor(key: Material, spec: KeyAlgSpec, enc: Enc, operation: JweOperation): void {
  if (key.kty !== spec.kty) throw new JwtAlgorithmError(`alg ${spec.alg} is not one this key can do`);
  if (key.pinnedAlg !== undefined && !typeFits(key, spec)) throw new JwtKeyError(`this key is for ${key.pinnedAlg}, not ${spec.alg}`);
  if (pinnedEnc(key) !== undefined && pinnedEnc(key) !== enc) throw new JwtKeyError(`this key is for ${key.pinnedAlg}, not ${enc}`);
  if (key.kty === 'oct' && !secretFits(key, spec, enc)) {
    throw new JwtKeyError(`${spec.alg === 'dir' ? `dir with ${enc}` : spec.alg} needs a secret of exactly ${spec.alg === 'dir' ? ENCRYPTIONS[enc].cekLength : spec.kekLength} bytes`);
  }
  if (key.type !== 'secret' && key.type !== (operation === 'encrypt' ? 'public' : 'private')) {
    throw new JwtKeyError(`this ${key.type} key may not ${operation}; pass the ${key.type === 'public' ? 'private' : 'public'} key`);
  }
  const declared = key.operations;
  // An ECDH public key may carry no usages at all (WebCrypto gives it none): that is no restriction.
  if (declared !== undefined && declared.length > 0 && !declared.some((op) => OPERATIONS[operation].includes(op))) {
    throw new JwtKeyError(`this key may not ${operation} (its key_ops or usages)`);
  }
}

/** The backend parameters an asymmetric key is imported with for `spec`. */
export function paramsFor(key: Material, spec: KeyAlgSpec): JweKeyParams {
  return spec.family === 'rsa' ? { name: 'RSA-OAEP', hash: spec.hash! } : { name: 'ECDH', curve: key.curve! };
}

async function importNow(key: Material, spec: KeyAlgSpec): Promise<BackendKey> {
  const params = paramsFor(key, spec);
  let handle: BackendKey;
  try {
    const source = key.importData!;
    handle = await ('cryptoKey' in source ? jweTools.fromCryptoKey(params, source.cryptoKey) : jweTools.importKey(params, source.format, source.data));
  } catch (error) {
    if (error instanceof JwtError) throw error;
    throw new JwtKeyError(`key material could not be imported for ${spec.alg}`, { cause: error });
  }
  // RFC 7518 §4.2/§4.3: RSA keys of 2048 bits or more.
  if (spec.family === 'rsa' && handle.bits !== undefined && handle.bits < 2048) throw new JwtKeyError(`${spec.alg} needs a key of at least 2048 bits`);
  return handle;
}

/** The backend key for an asymmetric key and alg, imported once (at once when the import was synchronous). */
export function backendKeyFor(key: Material, spec: KeyAlgSpec): Maybe<BackendKey> {
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
