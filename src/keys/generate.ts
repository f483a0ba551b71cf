import { ALGORITHMS, type Alg, isAlg } from '../algorithms.js';
import { keyTools, runtimeHas } from '../backend/index.js';
import { JwtArgumentError, JwtKeyError } from '../errors.js';
import { optionNames, optionsObject } from '../util/options.js';
import { generatedOperations } from './fit.js';
import { Key } from './key.js';

/**
 * New keys, made by the backend: a key pair for RS*, PS*, ES* and EdDSA, a secret for HS*. The
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
}

/** Options of `generateSecret`. */
export interface GenerateSecretOptions {
  /** Let exportJwk export the secret. Default false. */
  extractable?: boolean;
  /** The key id: `sign` puts it in the header and `exportJwk` in the JWK. */
  kid?: string;
}

/** A generated key pair: the private key signs, the public key verifies. */
export interface GeneratedKeyPair {
  privateKey: Key;
  publicKey: Key;
}

const KEY_PAIR_OPTIONS = /* @__PURE__ */ optionNames<GenerateKeyPairOptions>({ extractable: true, modulusLength: true, kid: true });
const SECRET_OPTIONS = /* @__PURE__ */ optionNames<GenerateSecretOptions>({ extractable: true, kid: true });

const DEFAULT_MODULUS_LENGTH = 2048;
const MAX_MODULUS_LENGTH = 16384;

function checkAlg(alg: unknown, secret: boolean): Alg {
  if (!isAlg(alg)) throw new JwtArgumentError('generating a key needs a supported alg such as "ES256" or "HS256"');
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
 * Generates a key pair for an asymmetric alg (RS*, PS*, ES*, EdDSA, Ed25519).
 *
 * @throws ERR_INVALID_ARGUMENT: an HS alg (use generateSecret), a bad `modulusLength`, a bad or unknown option.
 * @throws ERR_KEY: the runtime cannot generate this key type.
 * @example
 * ```ts
 * const { privateKey, publicKey } = await generateKeyPair('ES256', { kid: 'key-1' });
 * const token = await sign({ sub: 'user-42' }, privateKey, { expiresIn: '1h' });
 * ```
 */
export async function generateKeyPair(alg: Alg, generateOptions?: GenerateKeyPairOptions): Promise<GeneratedKeyPair> {
  const options = { ...optionsObject(generateOptions, KEY_PAIR_OPTIONS) }; // a snapshot: each option is read once
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
 * Generates a random HMAC secret for HS256/384/512, as long as the hash (32, 48 or 64 bytes).
 *
 * @throws ERR_INVALID_ARGUMENT: an alg other than HS256/384/512, a bad or unknown option.
 * @throws ERR_KEY: the runtime cannot generate it.
 * @example
 * ```ts
 * const secret = await generateSecret('HS256', { extractable: true });
 * const token = await sign({ sub: 'user-42' }, secret);
 * ```
 */
export async function generateSecret(alg: Alg, generateOptions?: GenerateSecretOptions): Promise<Key> {
  const options = { ...optionsObject(generateOptions, SECRET_OPTIONS) }; // a snapshot: each option is read once
  const checked = checkAlg(alg, true);
  const { extractable, kid } = checkCommon(options);
  const generated = await generate(checked, extractable, DEFAULT_MODULUS_LENGTH);
  if (!('secret' in generated)) throw new JwtKeyError(`the backend generated no secret for ${checked}`);
  return new Key(checked, generated.secret, generatedOperations('secret', ALGORITHMS[checked]), kid, extractable);
}
