import { type BackendKey, type EcdhCurve, jweKeyImport, jweTools } from '../backend/index.js';
import type { Maybe } from '../backend/types.js';
import { JweDecryptionError, JwtError, JwtKeyError, JwtMalformedError } from '../errors.js';
import { decodeBytes, encodeBytes, utf8Encode } from '../util/base64url.js';
import { type JsonObject, isJsonObject } from '../util/json.js';
import type { EncSpec, KeyAlgSpec } from '../jwe-algorithms.js';
import { concatKdf } from './concat-kdf.js';
import { jweUsages } from '../keys/fit.js';
import { type JweKey, backendKeyFor, paramsFor } from '../keys/jwe-material.js';

/**
 * Key management (RFC 7518 §4): how the CEK is made and carried for each alg family. Encrypting
 * gives the CEK, the encrypted key and the header parameters the alg adds (epk, iv/tag, p2s/p2c).
 * Decrypting gives the CEK; a CEK that fails to come out right (RSA padding, unwrap integrity,
 * wrong length) is replaced by a random one, so the failure shows only at the content's tag,
 * exactly like a wrong key (RFC 7516 §11.5: no oracle).
 */

export interface WrappedKey {
  readonly cek: Uint8Array;
  /**
   * The CEK as the token carries it. A promise while it is still being wrapped: the content needs
   * only the CEK and the header, so the caller encrypts it meanwhile (two WebCrypto calls at once
   * instead of one after the other).
   */
  readonly encryptedKey: Maybe<Uint8Array>;
  readonly parameters: JsonObject;
}

/** PBES2 limits (RFC 7518 §4.8.1.2: at least 1,000 iterations; the ceiling stops a CPU DoS). */
export const PBES2_MIN_COUNT = 1_000;
export const DEFAULT_MAX_PBES2_COUNT = 10_000;
export const DEFAULT_PBES2_COUNT = 2_048;

export interface DecryptLimits {
  readonly maxPbes2Count: number;
}

const EMPTY = /* @__PURE__ */ new Uint8Array(0);

/** PBES2's salt input: the alg's UTF-8 name, a zero byte, then p2s (RFC 7518 §4.8.1.1). */
function pbes2Salt(alg: string, p2s: Uint8Array): Uint8Array {
  const name = utf8Encode(alg);
  const salt = new Uint8Array(name.length + 1 + p2s.length);
  salt.set(name);
  salt.set(p2s, name.length + 1);
  return salt;
}

async function pbes2Kek(spec: KeyAlgSpec, password: Uint8Array, p2s: Uint8Array, p2c: number): Promise<Uint8Array> {
  return jweTools.pbkdf2(spec.hash as 'SHA-256', password, pbes2Salt(spec.alg, p2s), p2c, spec.kekLength!);
}

/** The public members of an ECDH public key, as `epk` carries them. */
function publicMembers(jwk: JsonWebKey, curve: EcdhCurve): JsonObject {
  return curve === 'X25519' ? { kty: 'OKP', crv: curve, x: jwk.x } : { kty: 'EC', crv: curve, x: jwk.x, y: jwk.y };
}

/** True for an all-zero Z: a low-order X25519 point, so nothing secret was agreed (RFC 7748 §6.1). */
function agreedNothing(z: Uint8Array): boolean {
  return z.every((byte) => byte === 0);
}

/** Encrypting to a recipient key that agrees on nothing (a low-order X25519 point, which the backends refuse or give Z = 0 for): the caller's key, ERR_KEY. */
function noAgreement(cause?: unknown): JwtKeyError {
  return new JwtKeyError('this ECDH public key agrees on no secret (a low-order X25519 point?)', { cause });
}

/** ECDH-ES: Z, then the Concat KDF to the CEK (direct) or to the KEK (+AxxxKW). */
async function agreedKey(spec: KeyAlgSpec, enc: EncSpec, z: Uint8Array, apu: Uint8Array, apv: Uint8Array): Promise<Uint8Array> {
  return spec.kekLength === undefined ? concatKdf(z, enc.cekLength, enc.enc, apu, apv) : concatKdf(z, spec.kekLength, spec.alg, apu, apv);
}

/** Makes the CEK and what carries it, for a recipient's key. */
export async function wrapCek(spec: KeyAlgSpec, key: JweKey, enc: EncSpec, p2c: number): Promise<WrappedKey> {
  const randomCek = () => jweTools.randomBytes(enc.cekLength);
  switch (spec.family) {
    case 'dir':
      return { cek: key.secret!, encryptedKey: EMPTY, parameters: {} };
    case 'aeskw': {
      const cek = randomCek();
      return { cek, encryptedKey: jweTools.wrapKey(key.secret!, cek), parameters: {} };
    }
    case 'gcmkw': {
      const cek = randomCek();
      const iv = jweTools.randomBytes(12);
      const sealed = await jweTools.gcmEncrypt(key.secret!, iv, cek, EMPTY);
      const split = sealed.length - 16;
      return { cek, encryptedKey: sealed.subarray(0, split), parameters: { iv: encodeBytes(iv), tag: encodeBytes(sealed.subarray(split)) } };
    }
    case 'rsa': {
      const cek = randomCek();
      const encryptedKey = Promise.resolve(backendKeyFor(key, spec)).then((handle) => jweTools.rsaEncrypt(paramsFor(key, spec), handle, cek));
      return { cek, encryptedKey, parameters: {} };
    }
    case 'pbes2': {
      const cek = randomCek();
      const p2s = jweTools.randomBytes(16);
      const encryptedKey = pbes2Kek(spec, key.secret!, p2s, p2c).then((kek) => jweTools.wrapKey(kek, cek));
      return { cek, encryptedKey, parameters: { p2s: encodeBytes(p2s), p2c } };
    }
    case 'ecdh': {
      const curve = key.profile.crv as EcdhCurve;
      const ephemeral = await jweTools.generateEphemeral(curve);
      const parameters = { epk: publicMembers(ephemeral.publicJwk, curve) };
      const agreed = Promise.resolve(backendKeyFor(key, spec))
        .then((recipient) => jweTools.ecdh(curve, ephemeral.privateKey, recipient))
        .catch((cause: unknown) => {
          throw cause instanceof JwtError ? cause : noAgreement(cause);
        })
        .then((z) => {
          if (agreedNothing(z)) throw noAgreement();
          return agreedKey(spec, enc, z, EMPTY, EMPTY);
        });
      if (spec.kekLength === undefined) return { cek: await agreed, encryptedKey: EMPTY, parameters };
      const cek = randomCek();
      return { cek, encryptedKey: agreed.then((kek) => jweTools.wrapKey(kek, cek)), parameters };
    }
  }
}

/** A header parameter that must be base64url text, decoded (ERR_JWT_MALFORMED otherwise). */
function bytesParameter(header: JsonObject, name: string, required: boolean): Uint8Array {
  const value = header[name];
  if (value === undefined && !required) return EMPTY;
  if (typeof value !== 'string') throw new JwtMalformedError(`header "${name}" must be a base64url string`);
  return decodeBytes(value);
}

/**
 * The sender's ephemeral key: a public key (no `d`) of the recipient key's curve, and a valid point
 * on it (the backend's import checks that: the invalid-curve attack). Anything else: ERR_JWE_DECRYPTION.
 */
async function ephemeralKey(header: JsonObject, curve: EcdhCurve): Promise<BackendKey> {
  const epk = header.epk;
  if (!isJsonObject(epk)) throw new JwtMalformedError('header "epk" must be a JWK object');
  const kty = curve === 'X25519' ? 'OKP' : 'EC';
  if (epk.kty !== kty || epk.crv !== curve || Object.hasOwn(epk, 'd')) throw new JweDecryptionError();
  const members = curve === 'X25519' ? { kty, crv: curve, x: epk.x } : { kty, crv: curve, x: epk.x, y: epk.y };
  if (typeof members.x !== 'string' || (curve !== 'X25519' && typeof (members as { y?: unknown }).y !== 'string')) throw new JweDecryptionError();
  try {
    return await jweKeyImport.importKey({ name: 'ECDH', curve }, 'jwk', members as JsonWebKey, jweUsages('ECDH', 'public'));
  } catch {
    throw new JweDecryptionError();
  }
}

/** p2s (at least 8 bytes) and p2c (from 1,000 to maxPbes2Count), checked before any PBKDF2 work. */
function pbes2Parameters(header: JsonObject, limits: DecryptLimits): [Uint8Array, number] {
  const p2s = bytesParameter(header, 'p2s', true);
  if (p2s.length < 8) throw new JwtMalformedError('header "p2s" must be at least 8 bytes');
  const p2c = header.p2c;
  if (typeof p2c !== 'number' || !Number.isSafeInteger(p2c) || p2c < PBES2_MIN_COUNT || p2c > limits.maxPbes2Count) {
    throw new JwtMalformedError(`header "p2c" must be a whole number from ${PBES2_MIN_COUNT} to maxPbes2Count (${limits.maxPbes2Count})`);
  }
  return [p2s, p2c];
}

/** The CEK as the alg carries it; undefined when it does not come out (the caller substitutes a random one). */
async function unwrapOrUndefined(spec: KeyAlgSpec, key: JweKey, enc: EncSpec, encryptedKey: Uint8Array, header: JsonObject, limits: DecryptLimits) {
  switch (spec.family) {
    case 'dir':
      return key.secret!;
    case 'aeskw':
      return jweTools.unwrapKey(key.secret!, encryptedKey);
    case 'gcmkw': {
      const iv = bytesParameter(header, 'iv', true);
      const tag = bytesParameter(header, 'tag', true);
      if (iv.length !== 12 || tag.length !== 16) return undefined;
      const sealed = new Uint8Array(encryptedKey.length + 16);
      sealed.set(encryptedKey);
      sealed.set(tag, encryptedKey.length);
      return jweTools.gcmDecrypt(key.secret!, iv, sealed, EMPTY);
    }
    case 'rsa':
      return jweTools.rsaDecrypt(paramsFor(key, spec), await backendKeyFor(key, spec), encryptedKey);
    case 'pbes2': {
      const [p2s, p2c] = pbes2Parameters(header, limits);
      return jweTools.unwrapKey(await pbes2Kek(spec, key.secret!, p2s, p2c), encryptedKey);
    }
    case 'ecdh': {
      const apu = bytesParameter(header, 'apu', false);
      const apv = bytesParameter(header, 'apv', false);
      const z = await jweTools.ecdh(key.profile.crv as EcdhCurve, await backendKeyFor(key, spec), await ephemeralKey(header, key.profile.crv as EcdhCurve));
      if (agreedNothing(z)) throw new JweDecryptionError();
      const agreed = await agreedKey(spec, enc, z, apu, apv);
      return spec.kekLength === undefined ? agreed : jweTools.unwrapKey(agreed, encryptedKey);
    }
  }
}

/** Header checks that need no key: done first, so a malformed token is malformed whatever the key. */
export function checkKeyParameters(spec: KeyAlgSpec, encryptedKey: Uint8Array, header: JsonObject, limits: DecryptLimits): void {
  // dir and ECDH-ES carry no encrypted key (RFC 7516 §5.1 step 5).
  if ((spec.family === 'dir' || (spec.family === 'ecdh' && spec.kekLength === undefined)) && encryptedKey.length > 0) {
    throw new JwtMalformedError(`the encrypted key must be empty for ${spec.alg}`);
  }
  if (spec.family === 'pbes2') pbes2Parameters(header, limits);
  if (spec.family === 'gcmkw') for (const name of ['iv', 'tag']) bytesParameter(header, name, true);
  if (spec.family === 'ecdh') for (const name of ['apu', 'apv']) bytesParameter(header, name, false);
  if (spec.family === 'ecdh' && !isJsonObject(header.epk)) throw new JwtMalformedError('header "epk" must be a JWK object');
}

/** The CEK for decryption: the real one, or a random one of the right length when it does not come out. */
export async function unwrapCek(
  spec: KeyAlgSpec,
  key: JweKey,
  enc: EncSpec,
  encryptedKey: Uint8Array,
  header: JsonObject,
  limits: DecryptLimits,
): Promise<Uint8Array> {
  let cek: Uint8Array | undefined;
  try {
    cek = await unwrapOrUndefined(spec, key, enc, encryptedKey, header, limits);
  } catch (error) {
    // jwtkit's own errors (a malformed parameter, an unusable key, a bad epk) are not about the CEK.
    if (error instanceof JwtError) throw error;
    cek = undefined;
  }
  return cek !== undefined && cek.length === enc.cekLength ? cek : jweTools.randomBytes(enc.cekLength);
}
