import { type AlgSpec, hashBytes } from '../algorithms.js';
import type { BackendKey, CryptoBackend, GenerateKeyOptions, GeneratedKey, KeyFormat, KeyTools } from './types.js';

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

/** Secrets sign and verify; private keys (PKCS#8, a JWK with `d`) sign; public keys verify. */
function usagesFor(format: KeyFormat, data: Uint8Array | JsonWebKey): KeyUsage[] {
  if (format === 'raw') return ['sign', 'verify'];
  return format === 'pkcs8' || (format === 'jwk' && (data as JsonWebKey).d !== undefined) ? ['sign'] : ['verify'];
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

export const webBackend: CryptoBackend = {
  name: 'webcrypto',

  async importKey(spec, format, data) {
    const usages = usagesFor(format, data);
    // Public keys stay exportable (they are public; exportJwk publishes them); private keys and secrets never are.
    const extractable = usages.length === 1 && usages[0] === 'verify';
    // One call for every format: the casts only pick one of importKey's overloads for the type checker.
    return wrap(spec, await subtle().importKey(format as 'jwk', data as JsonWebKey, importParams(spec), extractable, usages));
  },

  fromCryptoKey(spec, key) {
    return wrap(spec, key);
  },

  async sign(_spec, key, data) {
    const signature = await subtle().sign((key as WebKey).params, (key as WebKey).cryptoKey, data as Uint8Array<ArrayBuffer>);
    return new Uint8Array(signature);
  },

  async verify(_spec, key, data, signature) {
    return subtle().verify(
      (key as WebKey).params,
      (key as WebKey).cryptoKey,
      signature as Uint8Array<ArrayBuffer>,
      data as Uint8Array<ArrayBuffer>,
    );
  },
};

export const webKeyTools: KeyTools = {
  generateKey: generate,

  async exportKey(key, format) {
    const cryptoKey = (key as WebKey).cryptoKey;
    if (format === 'jwk') return subtle().exportKey('jwk', cryptoKey);
    return new Uint8Array(await subtle().exportKey(format, cryptoKey));
  },

  async digest(hash, data) {
    return new Uint8Array(await subtle().digest(hash, data as Uint8Array<ArrayBuffer>));
  },
};
