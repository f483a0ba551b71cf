import { ALGORITHMS, type Alg, isAlg } from '../algorithms.js';
import { keyTools, runtimeHas } from '../backend/index.js';
import { JwtArgumentError, JwtKeyError } from '../errors.js';
import { type EcdhCurve, type KeyManagementAlg, isEnc, isKeyManagementAlg } from '../jwe-algorithms.js';
import { optionNames, optionsObject } from '../util/options.js';
import { type JweKeyAlg, generatedOperations, jweGeneratedOperations, jweKeyPairParams, jweSecretLength, jweUsages } from './fit.js';
import { Key, jweKey, jweSecretKey } from './key.js';

/**
 * New keys, made by the backend: a key pair for RS*, PS*, ES* and EdDSA, a secret for HS*; for JWE,
 * a key pair for RSA-OAEP* and ECDH-ES*, a secret for A*KW, A*GCMKW and (named by its enc) dir. The
 * private key or secret can be exported only when asked for (`extractable: true`); the public
 * key always can, so it can be published in a JWK set.
 */

/** Options of `generateKeyPair`. */
export interface GenerateKeyPairOptions {
  /** Let exportJwk / exportPem export the private key. Default false: it stays inside this process. */
  extractable?: boolean;
  /** RSA modulus bits: a multiple of 8 from 2048 to 16384. Default 2048. Ignored for other algs. */
  modulusLength?: number;
  /** The key id, on both keys: `sign` puts it in the header and `exportJwk` in the JWK. */
  kid?: string;
  /** ECDH-ES algs only: the curve, `P-256` (default), `P-384`, `P-521` or `X25519`. Other algs name their curve. */
  crv?: EcdhCurve;
}

/** Options of `generateSecret`. */
export interface GenerateSecretOptions {
  /** Let exportJwk export the secret. Default false. */
  extractable?: boolean;
  /** The key id: `sign` puts it in the header and `exportJwk` in the JWK. */
  kid?: string;
}

/** A generated key pair: the private key signs (JWE: decrypts), the public key verifies (JWE: encrypts). */
export interface GeneratedKeyPair {
  privateKey: Key;
  publicKey: Key;
}

const KEY_PAIR_OPTIONS = /* @__PURE__ */ optionNames<GenerateKeyPairOptions>({ extractable: true, modulusLength: true, kid: true, crv: true });
const SECRET_OPTIONS = /* @__PURE__ */ optionNames<GenerateSecretOptions>({ extractable: true, kid: true });

const DEFAULT_MODULUS_LENGTH = 2048;
const MAX_MODULUS_LENGTH = 16384;

function checkAlg(alg: unknown, secret: boolean): Alg {
  if (!isAlg(alg)) throw new JwtArgumentError('generating a key needs a supported alg such as "ES256", "HS256", "RSA-OAEP-256" or "A256GCM"');
  if ((ALGORITHMS[alg].kty === 'oct') !== secret) {
    throw new JwtArgumentError(secret ? `${alg} uses a key pair: call generateKeyPair` : `${alg} uses a secret: call generateSecret`);
  }
  return alg;
}

function checkCommon(options: GenerateSecretOptions): { extractable: boolean; kid: string | undefined } {
  if (options.extractable !== undefined && typeof options.extractable !== 'boolean') throw new JwtArgumentError('extractable must be true or false');
  if (options.kid !== undefined && typeof options.kid !== 'string') throw new JwtArgumentError('kid must be a string');
  return { extractable: options.extractable === true, kid: options.kid };
}

function checkModulusLength(value: unknown): number {
  if (value === undefined) return DEFAULT_MODULUS_LENGTH;
  if (!Number.isSafeInteger(value) || (value as number) % 8 !== 0 || (value as number) < 2048 || (value as number) > MAX_MODULUS_LENGTH) {
    throw new JwtArgumentError(`modulusLength must be a multiple of 8 from 2048 to ${MAX_MODULUS_LENGTH}`);
  }
  return value as number;
}

async function generate(alg: Alg, extractable: boolean, modulusLength: number) {
  try {
    return await keyTools.generateKey(ALGORITHMS[alg], { extractable, modulusLength });
  } catch (error) {
    const lacks = ALGORITHMS[alg].kty === 'AKP' && !runtimeHas(alg);
    throw new JwtKeyError(lacks ? `this runtime has no ${alg}` : `this runtime could not generate a key for ${alg}`, { cause: error });
  }
}

/**
 * Generates a key pair for an asymmetric alg: RS*, PS*, ES*, EdDSA, Ed25519 (the private key signs,
 * the public key verifies), or for JWE RSA-OAEP* and ECDH-ES* (the public key encrypts, the private
 * key decrypts; ECDH-ES on `crv`, P-256 by default). Each key is for that one alg.
 *
 * @throws ERR_INVALID_ARGUMENT: an HS or secret JWE alg (use generateSecret), a bad `modulusLength` or `crv`, a bad or unknown option.
 * @throws ERR_KEY: the runtime cannot generate this key type.
 * @example
 * ```ts
 * const { privateKey, publicKey } = await generateKeyPair('ES256', { kid: 'key-1' });
 * const token = await sign({ sub: 'user-42' }, privateKey, { expiresIn: '1h' });
 *
 * const recipient = await generateKeyPair('ECDH-ES+A256KW', { crv: 'X25519' });
 * const jwe = await encrypt({ sub: 'user-42' }, recipient.publicKey);
 * ```
 */
export async function generateKeyPair(alg: Alg | KeyManagementAlg, generateOptions?: GenerateKeyPairOptions): Promise<GeneratedKeyPair> {
  const options = { ...optionsObject(generateOptions, KEY_PAIR_OPTIONS) }; // a snapshot: each option is read once
  if (isKeyManagementAlg(alg)) return generateJweKeyPair(alg, options);
  if (options.crv !== undefined) throw new JwtArgumentError(`crv is for ECDH-ES algs; ${String(alg)} names its curve`);
  const checked = checkAlg(alg, false);
  const { extractable, kid } = checkCommon(options);
  const modulusLength = checkModulusLength(options.modulusLength);
  const generated = await generate(checked, extractable, modulusLength);
  if (!('privateKey' in generated)) throw new JwtKeyError(`the backend generated no key pair for ${checked}`);
  return {
    privateKey: new Key(checked, generated.privateKey, generatedOperations('private', ALGORITHMS[checked]), kid, extractable),
    publicKey: new Key(checked, generated.publicKey, generatedOperations('public', ALGORITHMS[checked]), kid, true),
  };
}

/**
 * Generates a random secret: for HS256/384/512 as long as the hash (32, 48 or 64 bytes); for JWE, a
 * key-wrapping key for A*KW / A*GCMKW (16, 24 or 32 bytes), or, named by its enc (as jose's
 * generateSecret), the content key for `dir` with that enc: `generateSecret('A256GCM')` is 32
 * bytes, `'A256CBC-HS512'` 64. `dir` alone (its length follows enc) and PBES2 (a password is the
 * caller's to choose) are refused.
 *
 * @throws ERR_INVALID_ARGUMENT: an alg with no secret to generate (a key-pair alg, `dir`, PBES2), a bad or unknown option.
 * @throws ERR_KEY: the runtime cannot generate it.
 * @example
 * ```ts
 * const secret = await generateSecret('HS256', { extractable: true });
 * const token = await sign({ sub: 'user-42' }, secret);
 *
 * const cek = await generateSecret('A256GCM'); // dir + A256GCM
 * const jwe = await encrypt({ sub: 'user-42' }, cek);
 * ```
 */
export async function generateSecret(alg: Alg | JweKeyAlg, generateOptions?: GenerateSecretOptions): Promise<Key> {
  const options = { ...optionsObject(generateOptions, SECRET_OPTIONS) }; // a snapshot: each option is read once
  if (isKeyManagementAlg(alg) || isEnc(alg)) return generateJweSecret(alg, options);
  const checked = checkAlg(alg, true);
  const { extractable, kid } = checkCommon(options);
  const generated = await generate(checked, extractable, DEFAULT_MODULUS_LENGTH);
  if (!('secret' in generated)) throw new JwtKeyError(`the backend generated no secret for ${checked}`);
  return new Key(checked, generated.secret, generatedOperations('secret', ALGORITHMS[checked]), kid, extractable);
}

/** A JWE key pair (RSA-OAEP*, ECDH-ES* on `crv`): the public key encrypts, the private key decrypts. */
async function generateJweKeyPair(alg: KeyManagementAlg, options: GenerateKeyPairOptions): Promise<GeneratedKeyPair> {
  const params = jweKeyPairParams(alg, options.crv);
  const { extractable, kid } = checkCommon(options);
  const modulusLength = checkModulusLength(options.modulusLength);
  const usages = [...jweUsages(params.name, 'public'), ...jweUsages(params.name, 'private')];
  let generated;
  try {
    generated = await keyTools.generateJweKeyPair(params, { extractable, modulusLength }, usages);
  } catch (error) {
    throw new JwtKeyError(`this runtime could not generate a key for ${alg}`, { cause: error });
  }
  const facts = { crv: params.name === 'ECDH' ? params.curve : undefined };
  return {
    privateKey: jweKey(alg, generated.privateKey, jweGeneratedOperations('private'), kid, extractable, facts),
    publicKey: jweKey(alg, generated.publicKey, jweGeneratedOperations('public'), kid, true, facts),
  };
}

/** A random JWE secret of the length `alg` needs (fit.ts): a KW/GCMKW key, or a CEK for dir with an enc. */
async function generateJweSecret(alg: JweKeyAlg, options: GenerateSecretOptions): Promise<Key> {
  const length = jweSecretLength(alg);
  const { extractable, kid } = checkCommon(options);
  const secret = keyTools.randomBytes(length);
  // `extractable` decides whether the bytes export.
  return jweSecretKey(alg, secret, jweGeneratedOperations('secret'), kid, extractable);
}
