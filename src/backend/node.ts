/// <reference types="node" />
import { promisify } from 'node:util';
import {
  KeyObject,
  constants,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPair as generateKeyPairCallback,
  randomBytes,
  sign as nodeSign,
  timingSafeEqual,
  verify as nodeVerify,
} from 'node:crypto';
import { type AlgSpec, hashBytes } from '../algorithms.js';
import type { BackendKey, CryptoBackend, GeneratedKey, GenerateKeyOptions, KeyTools } from './types.js';

/**
 * The node:crypto backend: the only module that imports `node:crypto`. On Node, WebCrypto costs a
 * thread-pool hop and a promise per call (up to 20× slower for HMAC); the synchronous one-shot
 * `createHmac` / `sign` / `verify` on cached KeyObjects do not. Picked by the package's `node`
 * export condition; results and errors are the same as the WebCrypto backend's.
 */

interface NodeKey extends BackendKey {
  readonly keyObject: KeyObject;
  /**
   * KeyObjects can always be exported; this keeps WebCrypto's rule instead, so both builds behave
   * alike: public keys export, private keys and secrets only when generated (or wrapped) extractable.
   */
  readonly extractable: boolean;
  /** The options object passed to sign/verify, built once per key (not per call). */
  readonly signOptions: KeyObject | { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: 'ieee-p1363' };
}

/** node:crypto digest names for the JOSE hashes. */
const DIGEST = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

/** node:crypto's names for the JOSE curves, as KeyObject#asymmetricKeyDetails reports them. */
const NODE_CURVE = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' } as const;

/** The sign/verify options for a key under one alg (RFC 7518: PSS salt = hash length, ECDSA raw R||S). */
function signOptionsFor(spec: AlgSpec, keyObject: KeyObject): NodeKey['signOptions'] {
  switch (spec.name) {
    case 'RSA-PSS':
      return { key: keyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hashBytes(spec.hash!) };
    case 'ECDSA':
      return { key: keyObject, dsaEncoding: 'ieee-p1363' };
    default:
      return keyObject;
  }
}

/**
 * Refuses a key that does not fit the alg, as WebCrypto's importKey does: a P-384 key for ES256,
 * an Ed25519 key for RS256, an RSA-PSS-only key (WebCrypto imports rsaEncryption keys only).
 */
function checkKeyFits(spec: AlgSpec, keyObject: KeyObject): void {
  const expected = { HMAC: undefined, 'RSASSA-PKCS1-v1_5': 'rsa', 'RSA-PSS': 'rsa', ECDSA: 'ec', Ed25519: 'ed25519' }[spec.name];
  if (keyObject.asymmetricKeyType !== expected) throw new Error(`key type ${keyObject.asymmetricKeyType ?? 'secret'} does not fit ${spec.alg}`);
  if (spec.name === 'ECDSA' && keyObject.asymmetricKeyDetails?.namedCurve !== NODE_CURVE[spec.curve as keyof typeof NODE_CURVE]) {
    throw new Error(`the key's curve does not fit ${spec.alg}`);
  }
}

function wrap(spec: AlgSpec, keyObject: KeyObject, extractable = keyObject.type === 'public'): NodeKey {
  if (keyObject.type !== 'secret') checkKeyFits(spec, keyObject);
  const bits = keyObject.type === 'secret' ? keyObject.symmetricKeySize! * 8 : keyObject.asymmetricKeyDetails?.modulusLength;
  return { type: keyObject.type, bits, keyObject, extractable, signOptions: signOptionsFor(spec, keyObject) };
}

const generatePair = promisify(generateKeyPairCallback);

/** A fresh pair for an asymmetric alg, generated off the main thread (RSA takes a while). */
function generateKeyObjects(spec: AlgSpec, modulusLength: number): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  switch (spec.name) {
    case 'ECDSA':
      return generatePair('ec', { namedCurve: NODE_CURVE[spec.curve as keyof typeof NODE_CURVE] });
    case 'Ed25519':
      return generatePair('ed25519', {});
    default:
      return generatePair('rsa', { modulusLength, publicExponent: 0x10001 });
  }
}

async function generate(spec: AlgSpec, { extractable, modulusLength }: GenerateKeyOptions): Promise<GeneratedKey> {
  if (spec.name === 'HMAC') return { secret: wrap(spec, createSecretKey(randomBytes(spec.minKeySize!)), extractable) };
  const { privateKey, publicKey } = await generateKeyObjects(spec, modulusLength);
  return { privateKey: wrap(spec, privateKey, extractable), publicKey: wrap(spec, publicKey) };
}

function exportKeyObject(key: NodeKey, format: 'raw' | 'spki' | 'pkcs8' | 'jwk'): Uint8Array | JsonWebKey {
  if (!key.extractable) throw new Error('this key is not extractable');
  const { keyObject } = key;
  switch (format) {
    case 'jwk':
      return keyObject.export({ format: 'jwk' });
    case 'raw':
      if (keyObject.type !== 'secret') throw new Error('only secrets export as raw bytes');
      return new Uint8Array(keyObject.export());
    case 'spki':
      if (keyObject.type !== 'public') throw new Error('only public keys export as SPKI');
      return new Uint8Array(keyObject.export({ format: 'der', type: 'spki' }));
    case 'pkcs8':
      if (keyObject.type !== 'private') throw new Error('only private keys export as PKCS#8');
      return new Uint8Array(keyObject.export({ format: 'der', type: 'pkcs8' }));
  }
}

/** A Buffer view of the same memory (no copy), as node:crypto wants. */
function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function importKeyObject(format: 'raw' | 'spki' | 'pkcs8' | 'jwk', data: Uint8Array | JsonWebKey): KeyObject {
  switch (format) {
    case 'raw':
      return createSecretKey(Buffer.from(data as Uint8Array));
    case 'spki':
      return createPublicKey({ key: view(data as Uint8Array), format: 'der', type: 'spki' });
    case 'pkcs8':
      return createPrivateKey({ key: view(data as Uint8Array), format: 'der', type: 'pkcs8' });
    case 'jwk': {
      const jwk = data as JsonWebKey & Record<string, unknown>;
      return jwk.d === undefined ? createPublicKey({ key: jwk, format: 'jwk' }) : createPrivateKey({ key: jwk, format: 'jwk' });
    }
  }
}

function hmac(spec: AlgSpec, key: NodeKey, data: Uint8Array): Buffer {
  return createHmac(DIGEST[spec.hash!], key.keyObject).update(data).digest();
}

export const nodeBackend: CryptoBackend = {
  name: 'node',

  importKey(spec, format, data) {
    return wrap(spec, importKeyObject(format, data));
  },

  fromCryptoKey(spec, key) {
    return wrap(spec, KeyObject.from(key), key.extractable || key.type === 'public');
  },

  sign(spec, key, data) {
    const nodeKey = key as NodeKey;
    if (spec.name === 'HMAC') return hmac(spec, nodeKey, data);
    return nodeSign(spec.hash ? DIGEST[spec.hash] : null, data, nodeKey.signOptions);
  },

  verify(spec, key, data, signature) {
    const nodeKey = key as NodeKey;
    if (spec.name === 'HMAC') {
      const expected = hmac(spec, nodeKey, data);
      // Constant time: the comparison must not tell an attacker how many leading bytes match.
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    return nodeVerify(spec.hash ? DIGEST[spec.hash] : null, data, nodeKey.signOptions, signature);
  },
};

export const nodeKeyTools: KeyTools = {
  generateKey: generate,

  async exportKey(key, format) {
    return exportKeyObject(key as NodeKey, format);
  },

  digest(hash, data) {
    return createHash(DIGEST[hash]).update(data).digest();
  },
};
