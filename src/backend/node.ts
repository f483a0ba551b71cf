/// <reference types="node" />
import { promisify } from 'node:util';
import {
  KeyObject,
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  diffieHellman,
  generateKeyPair as generateKeyPairCallback,
  generateKeyPairSync,
  pbkdf2 as pbkdf2Callback,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  sign as nodeSign,
  timingSafeEqual,
  verify as nodeVerify,
} from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { type AlgSpec, hashBytes } from '../algorithms.js';
import { macInput, splitCbcKey } from './cbc-hmac.js';
import { publicPoint } from './ec-point.js';
import { webBackend, webJweKeyImport, webJweTools } from './web.js';
import type { BackendKey, CryptoBackend, EcdhCurve, GeneratedKey, GenerateKeyOptions, JweKeyImport, JweKeyParams, JweTools, KeyTools } from './types.js';

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
  // node:crypto names Ed25519 and ML-DSA keys as WebCrypto names the algorithm, in lower case.
  const expected = spec.kty === 'RSA' ? 'rsa' : spec.kty === 'EC' ? 'ec' : spec.kty === 'oct' ? undefined : spec.name.toLowerCase();
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
    case 'RSASSA-PKCS1-v1_5':
    case 'RSA-PSS':
      return generatePair('rsa', { modulusLength, publicExponent: 0x10001 });
    default:
      // Ed25519 and ML-DSA: the key type is the algorithm's name in lower case ('ml-dsa-44').
      return generatePair(spec.name.toLowerCase() as 'ed25519', {});
  }
}

/** Whether this Node has ML-DSA (24.7 and later): asked once, by making a key, the first time an ML-DSA key is read. */
let mlDsa: boolean | undefined;

/**
 * Whether node:crypto has `name` (an ML-DSA parameter set; all three came together). Synchronous,
 * so a key set can skip such keys as it reads them.
 */
export function runtimeHas(name: string): boolean {
  try {
    mlDsa ??= generateKeyPairSync(name.toLowerCase() as 'ed25519').publicKey !== undefined;
  } catch {
    mlDsa = false;
  }
  return mlDsa;
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
      // A private JWK has `d` (RSA, EC, OKP) or, for AKP (ML-DSA), `priv`.
      return jwk.d === undefined && jwk.priv === undefined ? createPublicKey({ key: jwk, format: 'jwk' }) : createPrivateKey({ key: jwk, format: 'jwk' });
    }
  }
}

/**
 * A non-extractable CryptoKey, kept as one: its operations go through WebCrypto. Turning it into a
 * KeyObject (KeyObject.from) would drop the restriction its owner chose, and Node deprecates that
 * for such keys (DEP0204: a warning, later an error). It never exports (`extractable: false`).
 */
interface HeldCryptoKey extends BackendKey {
  readonly held: BackendKey;
  readonly extractable: false;
}

const isHeld = (key: BackendKey): key is HeldCryptoKey => 'held' in key;

const hold = (held: BackendKey): HeldCryptoKey => ({ type: held.type, bits: held.bits, held, extractable: false });

function hmac(spec: AlgSpec, key: NodeKey, data: Uint8Array): Buffer {
  return createHmac(DIGEST[spec.hash!], key.keyObject).update(data).digest();
}

export const nodeBackend: CryptoBackend = {
  // node:crypto keys have no usages: keys/ has checked what the key may do.
  importKey(spec, format, data, _usages) {
    return wrap(spec, importKeyObject(format, data));
  },

  fromCryptoKey(spec, key) {
    if (key.extractable || key.type === 'public') return wrap(spec, KeyObject.from(key), true);
    const held = webBackend.fromCryptoKey(spec, key);
    return held instanceof Promise ? held.then(hold) : hold(held);
  },

  sign(spec, key, data) {
    if (isHeld(key)) return webBackend.sign(spec, key.held, data);
    const nodeKey = key as NodeKey;
    if (spec.name === 'HMAC') return hmac(spec, nodeKey, data);
    return nodeSign(spec.hash ? DIGEST[spec.hash] : null, data, nodeKey.signOptions);
  },

  signText(spec, key, input) {
    if (isHeld(key))
      return Promise.resolve(webBackend.sign(spec, key.held, Buffer.from(input, 'latin1'))).then((signature) => view(signature).toString('base64url'));
    const nodeKey = key as NodeKey;
    if (spec.name === 'HMAC') return createHmac(DIGEST[spec.hash!], nodeKey.keyObject).update(input, 'latin1').digest('base64url');
    return nodeSign(spec.hash ? DIGEST[spec.hash] : null, Buffer.from(input, 'latin1'), nodeKey.signOptions).toString('base64url');
  },

  verify(spec, key, data, signature) {
    if (isHeld(key)) return webBackend.verify(spec, key.held, data, signature);
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

  randomBytes: (length) => plain(randomBytes(length)),

  async generateJweKeyPair(params, { extractable, modulusLength }) {
    const { privateKey, publicKey } = await (params.name === 'RSA-OAEP'
      ? generatePair('rsa', { modulusLength, publicExponent: 0x10001 })
      : generatePair(...(curveOptions(params.curve) as ['ec', { namedCurve: string }])));
    // `extractable` as the signature keys have it (exportKeyObject reads it): the public key always.
    return { privateKey: { ...wrapJweKey(params, privateKey), extractable }, publicKey: { ...wrapJweKey(params, publicKey), extractable: true } };
  },

  async exportKey(key, format) {
    return exportKeyObject(key as NodeKey, format);
  },

  digest(hash, data) {
    return createHash(DIGEST[hash]).update(data).digest();
  },
};

/** A JWE key (RSA-OAEP or ECDH) as node:crypto holds it. */
interface NodeJweKey extends BackendKey {
  readonly keyObject: KeyObject;
  readonly extractable: boolean;
}

/** node:crypto's digest names, SHA-1 included (JWE `RSA-OAEP`). */
const OAEP_DIGEST = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

/**
 * Refuses a key of another type or curve, as WebCrypto's importKey does. `extractable` as for
 * signature keys (exportKeyObject reads it): public keys export, others only when made so.
 */
function wrapJweKey(params: JweKeyParams, keyObject: KeyObject, extractable = keyObject.type === 'public'): NodeJweKey {
  const type = keyObject.asymmetricKeyType;
  const fits =
    params.name === 'RSA-OAEP'
      ? type === 'rsa'
      : params.curve === 'X25519'
        ? type === 'x25519'
        : type === 'ec' && keyObject.asymmetricKeyDetails?.namedCurve === NODE_CURVE[params.curve];
  if (!fits) throw new Error(`key type ${type ?? 'secret'} does not fit ${params.name}`);
  return { type: keyObject.type, bits: keyObject.asymmetricKeyDetails?.modulusLength, keyObject, extractable };
}

/** ECDH with a held private key (decrypting): the sender's public key goes to WebCrypto too. */
async function heldEcdh(curve: EcdhCurve, privateKey: HeldCryptoKey, publicKey: NodeJweKey): Promise<Uint8Array> {
  const publicJwk = publicKey.keyObject.export({ format: 'jwk' });
  return webJweTools.ecdh(curve, privateKey.held, await webJweKeyImport.importKey({ name: 'ECDH', curve }, 'jwk', publicJwk, []));
}

/** The AES cipher name for a key length and mode: `aes-256-gcm`, `id-aes128-wrap`, … */
function aes(mode: 'gcm' | 'cbc' | 'wrap', key: Uint8Array): string {
  const bits = key.length * 8;
  return mode === 'wrap' ? `id-aes${bits}-wrap` : `aes-${bits}-${mode}`;
}

/** RFC 3394's default initial value. */
const KW_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

/** Whether this node:crypto has OpenSSL's `id-aes*-wrap` ciphers (Bun's BoringSSL does not). */
let nativeWrap: boolean | undefined;
function hasNativeWrap(): boolean {
  if (nativeWrap === undefined) {
    try {
      createCipheriv('id-aes128-wrap', Buffer.alloc(16), KW_IV);
      nativeWrap = true;
    } catch {
      nativeWrap = false;
    }
  }
  return nativeWrap;
}

/**
 * RFC 3394 §2.2.1/§2.2.2 on AES-ECB block operations, where `id-aes*-wrap` is missing: six passes
 * over the 64-bit blocks, each through one AES block operation with the step counter XORed into A.
 */
export function keyWrapByBlocks(kek: Uint8Array, data: Uint8Array, unwrap: boolean): Uint8Array {
  const blocks = data.length / 8 - (unwrap ? 1 : 0);
  if (!Number.isInteger(blocks) || blocks < 2) throw new Error('key data must be 64-bit blocks, at least two');
  const cipher = (unwrap ? createDecipheriv : createCipheriv)(`aes-${kek.length * 8}-ecb`, kek, null).setAutoPadding(false);
  const a = Buffer.from(unwrap ? data.subarray(0, 8) : KW_IV);
  const r = Buffer.from(unwrap ? data.subarray(8) : data);
  const block = Buffer.alloc(16);
  for (let pass = 0; pass < 6; pass++) {
    for (let step = 0; step < blocks; step++) {
      const j = unwrap ? 5 - pass : pass;
      const i = unwrap ? blocks - 1 - step : step;
      const t = j * blocks + i + 1;
      if (unwrap) {
        a.writeUInt32BE((a.readUInt32BE(4) ^ t) >>> 0, 4);
        block.set(a, 0);
        block.set(r.subarray(i * 8, i * 8 + 8), 8);
      } else {
        block.set(a, 0);
        block.set(r.subarray(i * 8, i * 8 + 8), 8);
      }
      const out = cipher.update(block);
      a.set(out.subarray(0, 8));
      r.set(out.subarray(8, 16), i * 8);
      if (!unwrap) a.writeUInt32BE((a.readUInt32BE(4) ^ t) >>> 0, 4);
    }
  }
  if (!unwrap) return plain(Buffer.concat([a, r]));
  // The integrity check: the unwrapped initial value must be RFC 3394's (compared in constant time).
  if (!timingSafeEqual(a, KW_IV)) throw new Error('key unwrap integrity check failed');
  return plain(r);
}

const pbkdf2Async = promisify(pbkdf2Callback);

/** A plain Uint8Array over a Buffer's bytes (no copy): both backends hand back the same type. */
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function cbcTag(macKey: Uint8Array, hash: keyof typeof DIGEST, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  return createHmac(DIGEST[hash], macKey)
    .update(macInput(aad, iv, ciphertext))
    .digest()
    .subarray(0, macKey.length);
}

function oaep(params: JweKeyParams, key: BackendKey) {
  return { key: (key as NodeJweKey).keyObject, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_DIGEST[(params as { hash: 'SHA-1' }).hash] };
}

function curveOptions(curve: EcdhCurve): ['x25519', object] | ['ec', { namedCurve: string }] {
  return curve === 'X25519' ? ['x25519', {}] : ['ec', { namedCurve: NODE_CURVE[curve] }];
}

export const nodeJweTools: JweTools = {
  randomBytes: (length) => plain(randomBytes(length)),

  digest: (hash, data) => plain(createHash(DIGEST[hash]).update(data).digest()),

  gcmEncrypt(key, iv, plaintext, aad) {
    const cipher = createCipheriv(aes('gcm', key) as 'aes-256-gcm', key, iv, { authTagLength: 16 }).setAAD(aad);
    return plain(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
  },

  gcmDecrypt(key, iv, sealed, aad) {
    const split = sealed.length - 16;
    if (split < 0) throw new Error('no tag');
    const decipher = createDecipheriv(aes('gcm', key) as 'aes-256-gcm', key, iv, { authTagLength: 16 }).setAAD(aad);
    decipher.setAuthTag(sealed.subarray(split));
    return plain(Buffer.concat([decipher.update(sealed.subarray(0, split)), decipher.final()]));
  },

  cbcHmacEncrypt(key, iv, plaintext, aad) {
    const { macKey, encKey, hash } = splitCbcKey(key);
    const cipher = createCipheriv(aes('cbc', encKey), encKey, iv);
    const ciphertext = plain(Buffer.concat([cipher.update(plaintext), cipher.final()]));
    return { ciphertext, tag: plain(cbcTag(macKey, hash, aad, iv, ciphertext)) };
  },

  cbcHmacDecrypt(key, iv, ciphertext, tag, aad) {
    const { macKey, encKey, hash } = splitCbcKey(key);
    const expected = cbcTag(macKey, hash, aad, iv, ciphertext);
    // The tag first, in constant time: nothing is decrypted (no padding checked) for a forged token.
    if (expected.length !== tag.length || !timingSafeEqual(expected, tag)) throw new Error('tag mismatch');
    const decipher = createDecipheriv(aes('cbc', encKey), encKey, iv);
    return plain(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  },

  wrapKey(kek, cek) {
    if (!hasNativeWrap()) return keyWrapByBlocks(kek, cek, false);
    const cipher = createCipheriv(aes('wrap', kek), kek, KW_IV);
    return plain(Buffer.concat([cipher.update(cek), cipher.final()]));
  },

  unwrapKey(kek, wrapped) {
    if (!hasNativeWrap()) return keyWrapByBlocks(kek, wrapped, true);
    const decipher = createDecipheriv(aes('wrap', kek), kek, KW_IV);
    return plain(Buffer.concat([decipher.update(wrapped), decipher.final()]));
  },

  rsaEncrypt: (params, key, data) => plain(publicEncrypt(oaep(params, key), data)),

  rsaDecrypt: (params, key, data) => (isHeld(key) ? webJweTools.rsaDecrypt(params, key.held, data) : plain(privateDecrypt(oaep(params, key), data))),

  generateEphemeral(curve) {
    const [type, options] = curveOptions(curve);
    // The JWK comes out of the generation itself, not from exporting the new KeyObject: ec-point.ts, EPHEMERAL_EXPORT.
    // (@types/node has no overload for a JWK encoding; node:crypto has it since 15.9.)
    const generate = generateKeyPairSync as (type: string, options: object) => { publicKey: object; privateKey: KeyObject };
    const generated = generate(type, { ...options, publicKeyEncoding: { format: 'jwk' } });
    return { privateKey: { type: 'private', bits: undefined, keyObject: generated.privateKey } as NodeJweKey, publicJwk: generated.publicKey as JsonWebKey };
  },

  ecdh(curve, privateKey, publicKey) {
    if (isHeld(privateKey)) return heldEcdh(curve, privateKey, publicKey as NodeJweKey);
    return plain(diffieHellman({ privateKey: (privateKey as NodeJweKey).keyObject, publicKey: (publicKey as NodeJweKey).keyObject }));
  },

  async pbkdf2(hash, password, salt, iterations, length) {
    return new Uint8Array(await pbkdf2Async(password, salt, iterations, length, DIGEST[hash]));
  },

  deflate: (data) => plain(deflateRawSync(data)),

  // zlib stops inflating at maxOutputLength and throws: the bound holds while inflating, not after.
  inflate: (data, maxLength) => plain(inflateRawSync(data, { maxOutputLength: Math.max(maxLength, 1) })),
};

export const nodeJweKeyImport: JweKeyImport = {
  importKey(params, format, data, _usages) {
    // node:crypto takes a coordinate with extra leading zero bytes; JWE does not (ec-point.ts).
    if (params.name === 'ECDH' && format === 'jwk' && (data as JsonWebKey).d === undefined) publicPoint(params.curve, data as JsonWebKey);
    return wrapJweKey(params, importKeyObject(format, data));
  },

  fromCryptoKey(params, key) {
    if (key.extractable || key.type === 'public') return wrapJweKey(params, KeyObject.from(key), true);
    const held = webJweKeyImport.fromCryptoKey(params, key);
    return held instanceof Promise ? held.then(hold) : hold(held);
  },
};
