import { ALGORITHMS, type Alg } from '../algorithms.js';
import { backend } from '../backend/index.js';
import { JwtArgumentError, JwtKeyError } from '../errors.js';
import { algsOf, keyFor } from '../keys/cache.js';
import { type Key, type KeyInput, backendKey, checkOperation } from '../keys/key.js';
import { asciiEncode, encodeBytes, encodeString, utf8Encode } from '../util/base64url.js';
import { type JsonObject, stringifyJson } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import { buildHeader, checkSignAlg } from './header.js';

/** Options of `signJws`. */
export interface SignJwsOptions {
  /** The alg to sign with; defaults to the first alg the key can do (HS256, RS256, ES256/384/512, EdDSA). */
  alg?: Alg;
  /** Extra protected header parameters (`kid`, `typ`, `cty`, …); `alg`, `crit` and `b64` are jwtkit's. */
  header?: JsonObject;
}

const SIGN_JWS_OPTIONS = optionNames<SignJwsOptions>({ alg: true, header: true });

/** The alg to sign with: the one asked for, or the key's first. */
export function signingAlg(key: KeyInput, alg: unknown): Alg {
  return alg === undefined ? algsOf(key)[0]! : checkSignAlg(alg);
}

/** A key ready to sign under a fixed header: the imported Key and the encoded header segment. */
export interface PreparedSigner {
  readonly key: Key;
  readonly alg: Alg;
  readonly headerSegment: string;
}

/**
 * Imports the key and encodes the header once, for any number of signatures. A `kid` carried by
 * the key (a JWK's) is added unless the header names one.
 */
export async function prepareSigner(header: JsonObject, keyInput: KeyInput, alg: Alg): Promise<PreparedSigner> {
  const key = await keyFor(keyInput, alg);
  checkOperation(key, 'sign');
  const withKid = key.kid !== undefined && header.kid === undefined ? { ...header, kid: key.kid } : header;
  return { key, alg, headerSegment: encodeString(stringifyJson(withKid, 'header')) };
}

/**
 * Signs an already-encoded payload segment; the shared last step of signJws, sign and
 * createSigner. Synchronous when the backend is (node:crypto), a promise otherwise.
 */
export function signSegment(signer: PreparedSigner, payloadSegment: string): string | Promise<string> {
  const signingInput = `${signer.headerSegment}.${payloadSegment}`;
  const unusable = (error: unknown) => new JwtKeyError(`the key could not sign with ${signer.alg}`, { cause: error });
  const compact = (signature: Uint8Array) => `${signingInput}.${encodeBytes(signature)}`;
  let signature: Uint8Array | Promise<Uint8Array>;
  try {
    signature = backend.sign(ALGORITHMS[signer.alg], backendKey(signer.key), asciiEncode(signingInput));
  } catch (error) {
    throw unusable(error);
  }
  if (!(signature instanceof Promise)) return compact(signature);
  return signature.then(compact, (error: unknown) => {
    throw unusable(error);
  });
}

/** Signs arbitrary payload bytes (or text) as a compact JWS. */
export async function signJws(payload: Uint8Array | string, key: KeyInput, signOptions?: SignJwsOptions): Promise<string> {
  const options = optionsObject(signOptions, SIGN_JWS_OPTIONS);
  const alg = signingAlg(key, options.alg);
  const bytes = typeof payload === 'string' ? utf8Encode(payload) : payload;
  if (!(bytes instanceof Uint8Array)) throw new JwtArgumentError('payload must be a Uint8Array or a string');
  return signSegment(await prepareSigner(buildHeader(alg, options.header), key, alg), encodeBytes(bytes));
}
