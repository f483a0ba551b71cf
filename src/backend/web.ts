import { type AlgSpec, type Hash, hashBytes } from '../algorithms.js';
import { macInput, splitCbcKey } from './cbc-hmac.js';
import { COORDINATE_BYTES, pointJwk, publicPoint } from './ec-point.js';
import type { BackendKey, CryptoBackend, GenerateKeyOptions, GeneratedKey, JweKeyImport, JweKeyParams, JweTools, KeyTools } from './types.js';

/**
 * The WebCrypto backend: the only module that calls `crypto.subtle`. It runs unchanged on every
 * runtime with Web Crypto (browsers, Deno, Bun, Workers, Vercel Edge, Node ≥ 20).
 */

interface WebKey extends BackendKey {
  readonly cryptoKey: CryptoKey;
  /** The sign/verify parameters for the key's one alg, built once per key (not per call). */
  readonly params: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('Web Crypto (crypto.subtle) is not available here');
  return s;
}

/**
 * The algorithm parameters for importKey and generateKey. Members an algorithm does not define
 * (`hash` for ECDSA, an undefined one) are ignored by WebCrypto, as by any WebIDL dictionary.
 */
function importParams(spec: AlgSpec): RsaHashedImportParams | EcKeyImportParams | HmacImportParams {
  return spec.name === 'ECDSA' ? { name: spec.name, namedCurve: spec.curve! } : { name: spec.name, hash: spec.hash! };
}

/** The sign/verify parameters: the salt for RSA-PSS, the hash for ECDSA; the others take their hash from the key. */
function signParams(spec: AlgSpec): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  if (spec.name === 'RSA-PSS') return { name: spec.name, saltLength: hashBytes(spec.hash!) };
  return spec.name === 'ECDSA' ? { name: spec.name, hash: spec.hash! } : { name: spec.name };
}

function wrap(spec: AlgSpec, cryptoKey: CryptoKey): WebKey {
  const algorithm = cryptoKey.algorithm as Partial<RsaHashedKeyAlgorithm & HmacKeyAlgorithm>;
  return { type: cryptoKey.type, bits: algorithm.modulusLength ?? algorithm.length, cryptoKey, params: signParams(spec) };
}

function generateParams(spec: AlgSpec, modulusLength: number): AlgorithmIdentifier | RsaHashedKeyGenParams | EcKeyGenParams | HmacKeyGenParams {
  switch (spec.name) {
    case 'HMAC':
      // WebCrypto's default HMAC length is the hash's block size; JOSE wants the output size (RFC 7518 §3.2).
      return { name: spec.name, hash: spec.hash!, length: spec.minKeySize! * 8 };
    case 'RSASSA-PKCS1-v1_5':
    case 'RSA-PSS':
      return { name: spec.name, hash: spec.hash!, modulusLength, publicExponent: new Uint8Array([1, 0, 1]) };
    default:
      return importParams(spec) as EcKeyGenParams | AlgorithmIdentifier;
  }
}

async function generate(spec: AlgSpec, { extractable, modulusLength }: GenerateKeyOptions): Promise<GeneratedKey> {
  const generated = await subtle().generateKey(generateParams(spec, modulusLength), extractable, ['sign', 'verify']);
  if ('privateKey' in generated) return { privateKey: wrap(spec, generated.privateKey), publicKey: wrap(spec, generated.publicKey) };
  return { secret: wrap(spec, generated) };
}

/**
 * Whether this runtime's WebCrypto has `name` (an ML-DSA parameter set), without trying it:
 * `SubtleCrypto.supports` came with the modern algorithms (Node 24.7, Deno, Bun), so a runtime
 * without it has no ML-DSA either. Synchronous, so a key set can skip such keys as it reads them.
 */
export function runtimeHas(name: string): boolean {
  return (globalThis.SubtleCrypto as { supports?: (operation: string, algorithm: string) => boolean } | undefined)?.supports?.('importKey', name) === true;
}

export const webBackend: CryptoBackend = {
  async importKey(spec, format, data, usages) {
    // Public keys (they only verify) stay exportable: exportJwk publishes them; private keys and secrets never are.
    const extractable = usages.length === 1 && usages[0] === 'verify';
    // One call for every format: the casts only pick one of importKey's overloads for the type checker.
    return wrap(spec, await subtle().importKey(format as 'jwk', data as JsonWebKey, importParams(spec), extractable, usages as KeyUsage[]));
  },

  fromCryptoKey(spec, key) {
    return wrap(spec, key);
  },

  async sign(_spec, key, data) {
    const signature = await subtle().sign((key as WebKey).params, (key as WebKey).cryptoKey, data as Uint8Array<ArrayBuffer>);
    return new Uint8Array(signature);
  },

  async verify(_spec, key, data, signature) {
    return subtle().verify((key as WebKey).params, (key as WebKey).cryptoKey, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>);
  },
};

export const webKeyTools: KeyTools = {
  generateKey: generate,

  randomBytes,

  async generateJweKeyPair(params, { extractable, modulusLength }, usages) {
    const rsa = params.name === 'RSA-OAEP' ? { modulusLength, publicExponent: new Uint8Array([1, 0, 1]) } : {};
    const pair = (await subtle().generateKey({ ...jweImportParams(params), ...rsa }, extractable, usages as KeyUsage[])) as CryptoKeyPair;
    return { privateKey: wrapJweKey(pair.privateKey), publicKey: wrapJweKey(pair.publicKey) };
  },

  async exportKey(key, format) {
    const cryptoKey = (key as WebKey).cryptoKey;
    if (format === 'jwk') return subtle().exportKey('jwk', cryptoKey);
    return new Uint8Array(await subtle().exportKey(format, cryptoKey));
  },

  digest,
};

function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

async function digest(hash: Hash, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest(hash, data as Uint8Array<ArrayBuffer>));
}

/** What WebCrypto's typings want for input bytes. */
type Bytes = Uint8Array<ArrayBuffer>;

/** A JWE key (RSA-OAEP or ECDH) as WebCrypto holds it. */
interface WebJweKey extends BackendKey {
  readonly cryptoKey: CryptoKey;
}

function wrapJweKey(cryptoKey: CryptoKey): WebJweKey {
  return { type: cryptoKey.type, bits: (cryptoKey.algorithm as Partial<RsaHashedKeyAlgorithm>).modulusLength, cryptoKey };
}

/**
 * Secrets imported per use, remembered per byte array: a `dir` key or a KEK is the same Uint8Array
 * for every token (the JWE layer holds its own copy, never changed), so it is imported once.
 */
const secretKeys = new WeakMap<Uint8Array, Map<string, CryptoKey>>();

async function secretKey(owner: Uint8Array, name: 'AES-GCM' | 'AES-CBC' | 'AES-KW' | 'HMAC', hash?: string, raw: Uint8Array = owner): Promise<CryptoKey> {
  let keys = secretKeys.get(owner);
  const known = keys?.get(name);
  if (known) return known;
  const usages: KeyUsage[] = name === 'AES-KW' ? ['wrapKey', 'unwrapKey'] : name === 'HMAC' ? ['sign'] : ['encrypt', 'decrypt'];
  const key = await subtle().importKey('raw', raw as Bytes, hash ? { name, hash } : name, false, usages);
  if (!keys) secretKeys.set(owner, (keys = new Map()));
  keys.set(name, key);
  return key;
}

/** The bytes a CEK is handed to AES-KW as: an extractable HMAC key holds any length of raw bytes. */
const CEK_HOLDER = { name: 'HMAC', hash: 'SHA-256' } as const;

/** The import parameters of a JWE asymmetric key. */
function jweImportParams(params: JweKeyParams): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  if (params.name === 'RSA-OAEP') return { name: 'RSA-OAEP', hash: params.hash };
  return params.curve === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: params.curve };
}

/** Constant-time equality: the time depends on the length only, never on where the bytes differ. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** The CBC-HMAC tag; `key` (MAC_KEY‖ENC_KEY) owns the cached HMAC key. */
async function cbcTag(key: Uint8Array, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const { macKey, hash } = splitCbcKey(key);
  const mac = await subtle().sign('HMAC', await secretKey(key, 'HMAC', hash, macKey), macInput(aad, iv, ciphertext) as Bytes);
  return new Uint8Array(mac, 0, macKey.length);
}

function cbcKey(key: Uint8Array): Promise<CryptoKey> {
  return secretKey(key, 'AES-CBC', undefined, splitCbcKey(key).encKey);
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Runs bytes through a (de)compression stream, reading at most `maxLength` bytes of output. */
async function transform(stream: CompressionStream | DecompressionStream, data: Uint8Array, maxLength = Infinity): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; these promises must not be left rejected and unhandled.
  writer.write(data as Bytes).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks, length);
    length += value.length;
    if (length > maxLength) {
      // Stop inflating now: a small token must not expand into gigabytes before anyone looks.
      reader.cancel().catch(() => {});
      throw new Error('decompressed data is longer than allowed');
    }
    chunks.push(value);
  }
}

export const webJweTools: JweTools = {
  randomBytes,

  // The function itself, not `webKeyTools.digest`: a property read would keep both objects in every bundle.
  digest,

  async gcmEncrypt(key, iv, plaintext, aad) {
    const params = { name: 'AES-GCM', iv: iv as Bytes, additionalData: aad as Bytes, tagLength: 128 };
    return new Uint8Array(await subtle().encrypt(params, await secretKey(key, 'AES-GCM'), plaintext as Bytes));
  },

  async gcmDecrypt(key, iv, sealed, aad) {
    const params = { name: 'AES-GCM', iv: iv as Bytes, additionalData: aad as Bytes, tagLength: 128 };
    return new Uint8Array(await subtle().decrypt(params, await secretKey(key, 'AES-GCM'), sealed as Bytes));
  },

  async cbcHmacEncrypt(key, iv, plaintext, aad) {
    const ciphertext = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: iv as Bytes }, await cbcKey(key), plaintext as Bytes));
    return { ciphertext, tag: await cbcTag(key, aad, iv, ciphertext) };
  },

  async cbcHmacDecrypt(key, iv, ciphertext, tag, aad) {
    // The tag first, in constant time: nothing is decrypted (no padding checked) for a forged token.
    if (!equalBytes(await cbcTag(key, aad, iv, ciphertext), tag)) throw new Error('tag mismatch');
    return new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv: iv as Bytes }, await cbcKey(key), ciphertext as Bytes));
  },

  async wrapKey(kek, cek) {
    const holder = await subtle().importKey('raw', cek as Bytes, CEK_HOLDER, true, ['sign']);
    return new Uint8Array(await subtle().wrapKey('raw', holder, await secretKey(kek, 'AES-KW'), 'AES-KW'));
  },

  async unwrapKey(kek, wrapped) {
    const holder = await subtle().unwrapKey('raw', wrapped as Bytes, await secretKey(kek, 'AES-KW'), 'AES-KW', CEK_HOLDER, true, ['sign']);
    return new Uint8Array(await subtle().exportKey('raw', holder));
  },

  async rsaEncrypt(_params, key, data) {
    return new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP' }, (key as WebJweKey).cryptoKey, data as Bytes));
  },

  async rsaDecrypt(_params, key, data) {
    return new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP' }, (key as WebJweKey).cryptoKey, data as Bytes));
  },

  async generateEphemeral(curve) {
    const pair = (await subtle().generateKey(jweImportParams({ name: 'ECDH', curve }), true, ['deriveBits'])) as CryptoKeyPair;
    // The raw point, not a JWK: ec-point.ts, EPHEMERAL_EXPORT.
    return { privateKey: wrapJweKey(pair.privateKey), publicJwk: pointJwk(curve, new Uint8Array(await subtle().exportKey('raw', pair.publicKey))) };
  },

  async ecdh(curve, privateKey, publicKey) {
    const params = { name: (privateKey as WebJweKey).cryptoKey.algorithm.name, public: (publicKey as WebJweKey).cryptoKey };
    return new Uint8Array(await subtle().deriveBits(params, (privateKey as WebJweKey).cryptoKey, COORDINATE_BYTES[curve] * 8));
  },

  async pbkdf2(hash, password, salt, iterations, length) {
    const key = await subtle().importKey('raw', password as Bytes, 'PBKDF2', false, ['deriveBits']);
    return new Uint8Array(await subtle().deriveBits({ name: 'PBKDF2', hash, salt: salt as Bytes, iterations }, key, length * 8));
  },

  deflate: (data) => transform(new CompressionStream('deflate-raw'), data),

  inflate: (data, maxLength) => transform(new DecompressionStream('deflate-raw'), data, maxLength),
};

export const webJweKeyImport: JweKeyImport = {
  async importKey(params, format, data, usages) {
    const isPrivate = format === 'pkcs8' || (format === 'jwk' && (data as JsonWebKey).d !== undefined);
    // An ECDH public key (each token's epk) as its raw point: the same on-curve check, several times
    // faster than a JWK (Node 20: 42 µs instead of 102 on P-256, 40 instead of 725 on P-521).
    const cryptoKey =
      params.name === 'ECDH' && format === 'jwk' && !isPrivate
        ? await subtle().importKey('raw', publicPoint(params.curve, data as JsonWebKey) as Bytes, jweImportParams(params), true, [])
        : await subtle().importKey(format as 'jwk', data as JsonWebKey, jweImportParams(params), !isPrivate, usages as KeyUsage[]);
    return wrapJweKey(cryptoKey);
  },

  fromCryptoKey(_params, key) {
    return wrapJweKey(key);
  },
};
