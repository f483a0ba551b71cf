import { jweTools } from '../backend/index.js';
import { JweDecryptionError, JwtKeyError } from '../errors.js';
import { asciiEncode } from '../util/base64url.js';
import type { JsonObject } from '../util/json.js';
import { checkArgument, isPositiveInteger, optionNames, optionsObject } from '../util/options.js';
import { ENCRYPTIONS, type Enc, KEY_ALGORITHMS, type KeyManagementAlg } from '../jwe-algorithms.js';
import { type CompactJwe, parseCompactJwe } from './compact.js';
import { decryptContent } from './content.js';
import { checkEncsOption, checkJweCrit, checkKeyAlgsOption, headerEnc, headerKeyAlg, headerZip } from './header.js';
import { DEFAULT_MAX_PBES2_COUNT, type DecryptLimits, PBES2_MIN_COUNT, checkKeyParameters, unwrapCek } from './key-management.js';
import { checkJweFit, jweAlgsOf, jweEncsFor } from '../keys/fit.js';
import { type JweKeyInput, jweKeyOf } from '../keys/jwe-material.js';
import { checkRuntimeSupport, checkZipSupport } from './runtime.js';

/** What a JWE resolver returns: one key, or candidates tried in order. */
export type JweKeyCandidates = JweKeyInput | readonly JweKeyInput[];

/** Finds the key for a JWE from its protected header (not yet authenticated), e.g. by `kid`. */
export type JweKeyResolver = (header: JsonObject) => JweKeyCandidates | Promise<JweKeyCandidates>;

/** Options of `decryptJwe`. */
export interface DecryptJweOptions {
  /** Key-management algs to accept; default: what the key can do, never PBES2 (list it to accept passwords). */
  algorithms?: KeyManagementAlg[];
  /** Content encryptions to accept; default: every one the key can do (for `dir`, the one its length fits). */
  encryptions?: Enc[];
  /** Reject longer tokens before any work (default 16,384 characters). */
  maxTokenLength?: number;
  /** `zip: "DEF"` plaintexts may inflate to at most this many bytes (default 250,000); checked while inflating. */
  maxDecompressedLength?: number;
  /** PBES2: the most `p2c` iterations accepted (default 10,000; at least 1,000). */
  maxPbes2Count?: number;
}

/** What decryptJwe gives: the protected header and the plaintext bytes. */
export interface DecryptedJwe {
  header: JsonObject;
  plaintext: Uint8Array;
}

export const DEFAULT_MAX_DECOMPRESSED_LENGTH = 250_000;

/** The option names of decryptJwe (unknown names are refused). */
const DECRYPT_JWE_OPTIONS = /* @__PURE__ */ optionNames<DecryptJweOptions>({
  algorithms: true,
  encryptions: true,
  maxTokenLength: true,
  maxDecompressedLength: true,
  maxPbes2Count: true,
});

export interface CheckedDecryptOptions extends DecryptLimits {
  readonly algorithms: readonly KeyManagementAlg[] | undefined;
  readonly encryptions: readonly Enc[] | undefined;
  readonly maxTokenLength: number | undefined;
  readonly maxDecompressedLength: number;
}

/** Checks the options of decryptJwe / decrypt once. */
export function checkDecryptOptions(options: DecryptJweOptions): CheckedDecryptOptions {
  const maxDecompressedLength = options.maxDecompressedLength ?? DEFAULT_MAX_DECOMPRESSED_LENGTH;
  checkArgument(isPositiveInteger(maxDecompressedLength), 'maxDecompressedLength must be a positive whole number');
  const maxPbes2Count = options.maxPbes2Count ?? DEFAULT_MAX_PBES2_COUNT;
  checkArgument(isPositiveInteger(maxPbes2Count) && maxPbes2Count >= PBES2_MIN_COUNT, `maxPbes2Count must be a whole number of at least ${PBES2_MIN_COUNT}`);
  return {
    algorithms: checkKeyAlgsOption(options.algorithms),
    encryptions: checkEncsOption(options.encryptions),
    maxTokenLength: options.maxTokenLength,
    maxDecompressedLength,
    maxPbes2Count,
  };
}

/**
 * Decrypts with one key. Order: alg and enc against the allow-lists (default: what the key can
 * do), the key ↔ alg binding, header parameters, then the CEK and the content. Every failure from
 * the CEK on is the one ERR_JWE_DECRYPTION.
 */
async function decryptWithKey(keyInput: JweKeyInput, jwe: CompactJwe, options: CheckedDecryptOptions): Promise<Uint8Array> {
  const key = jweKeyOf(keyInput);
  const alg = headerKeyAlg(jwe.header, options.algorithms ?? jweAlgsOf(key.profile, false));
  const enc = headerEnc(jwe.header, options.encryptions ?? jweEncsFor(key.profile, alg));
  const spec = KEY_ALGORITHMS[alg];
  await checkRuntimeSupport(spec, enc);
  checkJweFit(key.profile, spec, enc, 'decrypt');
  checkKeyParameters(spec, jwe.encryptedKey, jwe.header, options);
  const cek = await unwrapCek(spec, key, ENCRYPTIONS[enc], jwe.encryptedKey, jwe.header, options);
  return decryptContent(ENCRYPTIONS[enc], cek, jwe, asciiEncode(jwe.protectedSegment));
}

/** Tries each candidate; when none decrypts: ERR_JWE_DECRYPTION if any got that far, else the first one's error. */
async function decryptWithAny(candidates: readonly JweKeyInput[], jwe: CompactJwe, options: CheckedDecryptOptions): Promise<Uint8Array> {
  if (candidates.length === 0) throw new JwtKeyError('the key resolver returned no key');
  let firstError: unknown;
  let reachedDecryption = false;
  for (const candidate of candidates) {
    try {
      return await decryptWithKey(candidate, jwe, options);
    } catch (error) {
      if (error instanceof JweDecryptionError) reachedDecryption = true;
      else firstError ??= error;
    }
  }
  throw reachedDecryption ? new JweDecryptionError() : firstError;
}

/** Inflates a `zip: "DEF"` plaintext, never past `maxLength` bytes. */
async function inflate(data: Uint8Array, maxLength: number): Promise<Uint8Array> {
  try {
    return await jweTools.inflate(data, maxLength);
  } catch {
    // After the tag checked out: no oracle, so the limit can be named.
    throw new JweDecryptionError(`the plaintext does not inflate to at most maxDecompressedLength (${maxLength}) bytes`);
  }
}

/** The shared core of decryptJwe and decrypt: parse, header rules, key, decrypt, inflate. */
export async function decryptCompact(token: unknown, keyOrResolver: JweKeyInput | JweKeyResolver, options: CheckedDecryptOptions): Promise<DecryptedJwe> {
  const jwe = parseCompactJwe(token, options.maxTokenLength);
  checkJweCrit(jwe.header);
  const zip = headerZip(jwe.header);
  if (zip) await checkZipSupport();
  const keys = typeof keyOrResolver === 'function' ? await keyOrResolver({ ...jwe.header }) : keyOrResolver;
  const plaintext = Array.isArray(keys) ? await decryptWithAny(keys, jwe, options) : await decryptWithKey(keys as JweKeyInput, jwe, options);
  return { header: jwe.header, plaintext: zip ? await inflate(plaintext, options.maxDecompressedLength) : plaintext };
}

/**
 * Decrypts a compact JWE to its plaintext bytes. A resolver gets the protected header (not yet authenticated) to pick a key.
 *
 * @throws ERR_JWE_DECRYPTION: the token does not decrypt with this key (one code for every cause).
 * @throws ERR_JWT_MALFORMED, ERR_JWT_ALGORITHM: the token is malformed, or its alg or enc is not allowed (RSA1_5 never is).
 * @throws ERR_KEY, ERR_INVALID_ARGUMENT: the key or the options are wrong (the caller's fault).
 * @example
 * ```ts
 * const { header, plaintext } = await decryptJwe(jwe, recipientPrivateJwk);
 * ```
 */
export async function decryptJwe(token: string, key: JweKeyInput | JweKeyResolver, decryptOptions?: DecryptJweOptions): Promise<DecryptedJwe> {
  const options = checkDecryptOptions({ ...optionsObject(decryptOptions, DECRYPT_JWE_OPTIONS) });
  const { header, plaintext } = await decryptCompact(token, key, options);
  // A copy the caller owns: the backend's bytes may be a view into a shared pool (Node build).
  return { header, plaintext: plaintext.slice() };
}
