import { JwtArgumentError, JwtKeyError } from '../errors.js';
import { asciiEncode, encodeBytes, encodeString, utf8Encode } from '../util/base64url.js';
import { type JsonObject, stringifyJson } from '../util/json.js';
import { checkArgument, optionNames, optionsObject } from '../util/options.js';
import { ENCRYPTIONS, type Enc, KEY_ALGORITHMS, type KeyManagementAlg } from '../jwe-algorithms.js';
import { serializeCompactJwe } from './compact.js';
import { encryptContent } from './content.js';
import { buildJweHeader, checkEncryptAlg, checkEncryptEnc } from './header.js';
import { DEFAULT_MAX_PBES2_COUNT, DEFAULT_PBES2_COUNT, PBES2_MIN_COUNT, wrapCek } from './key-management.js';
import { checkJweFit, jweAlgsOf, jweEncsFor } from '../keys/fit.js';
import { type JweKey, type JweKeyInput, jweKeyOf } from '../keys/jwe-material.js';
import { jweTools } from '../backend/index.js';
import { checkRuntimeSupport, checkZipSupport } from './runtime.js';

/** Options of `encryptJwe`. */
export interface EncryptJweOptions {
  /** Key management; default: the first alg the key can do (`dir` for a secret of a CEK's length, RSA-OAEP-256, ECDH-ES). */
  alg?: KeyManagementAlg;
  /** Content encryption; default: for `dir` the one the secret's length fits, else A256GCM. */
  enc?: Enc;
  /** `"DEF"`: compress (raw DEFLATE) before encrypting. Never for content an attacker can influence next to secrets (CRIME-like leaks). */
  zip?: 'DEF';
  /** Header `kid`; default: the key's own (a JWK's `kid`). */
  kid?: string;
  /** Header `typ`. */
  typ?: string;
  /** Header `cty`: `"JWT"` for a nested JWT (RFC 7519 §5.2). */
  cty?: string;
  /** Extra protected header parameters; jwtkit sets `alg`, `enc`, `zip`, `epk`, `iv`, `tag`, `p2s`, `p2c` itself. */
  header?: JsonObject;
  /** PBES2 iteration count, 1,000 to 10,000 (the default decrypt ceiling); default 2,048. */
  p2c?: number;
}

/** The option names of encryptJwe (unknown names are refused). */
const ENCRYPT_JWE_OPTIONS = /* @__PURE__ */ optionNames<EncryptJweOptions>({
  alg: true,
  enc: true,
  zip: true,
  kid: true,
  typ: true,
  cty: true,
  header: true,
  p2c: true,
});

/** The checked choices of one encryption: key, alg, enc, and the header without its per-token parameters. */
export interface PreparedEncryption {
  readonly key: JweKey;
  readonly alg: KeyManagementAlg;
  readonly enc: Enc;
  readonly zip: boolean;
  readonly header: JsonObject;
  readonly p2c: number;
}

/**
 * The alg when `alg` is not given: the first the key can do. PBES2 only when the key is pinned to
 * it (a Key imported for it, a JWK with that `alg`), never for bare material: a short secret is not
 * taken for a password. (decrypt allows PBES2 only when `algorithms` lists it, pinned or not.)
 */
function defaultAlg(key: JweKey): KeyManagementAlg {
  const pinned = (key.profile.alg ?? key.profile.made) !== undefined;
  const alg = jweAlgsOf(key.profile, pinned)[0];
  if (alg === undefined) throw new JwtKeyError(`no JWE alg takes a ${key.profile.size ?? 0}-byte secret by default: pass alg (PBES2-* for a password)`);
  return alg;
}

/** Checks the options against the key once (for any number of tokens). */
export function prepareEncryption(keyInput: JweKeyInput, options: EncryptJweOptions): PreparedEncryption {
  const key = jweKeyOf(keyInput);
  const alg = options.alg === undefined ? defaultAlg(key) : checkEncryptAlg(options.alg);
  const enc = options.enc === undefined ? (alg === 'dir' ? (jweEncsFor(key.profile, alg)[0] ?? 'A256GCM') : 'A256GCM') : checkEncryptEnc(options.enc);
  checkArgument(options.zip === undefined || options.zip === 'DEF', 'zip must be "DEF" or left out');
  const p2c = options.p2c ?? DEFAULT_PBES2_COUNT;
  checkArgument(
    Number.isSafeInteger(p2c) && p2c >= PBES2_MIN_COUNT && p2c <= DEFAULT_MAX_PBES2_COUNT,
    `p2c must be a whole number from ${PBES2_MIN_COUNT} to ${DEFAULT_MAX_PBES2_COUNT}`,
  );
  checkJweFit(key.profile, KEY_ALGORITHMS[alg], enc, 'encrypt');
  const header = buildJweHeader(alg, enc, options.zip === 'DEF', options.header, { typ: options.typ, cty: options.cty, kid: options.kid ?? key.profile.kid });
  return { key, alg, enc, zip: options.zip === 'DEF', header, p2c };
}

/** Encrypts bytes under a prepared key and header: a fresh CEK (unless dir / ECDH-ES) and IV per token. */
export async function encryptPrepared(prepared: PreparedEncryption, plaintext: Uint8Array): Promise<string> {
  const spec = KEY_ALGORITHMS[prepared.alg];
  const enc = ENCRYPTIONS[prepared.enc];
  await checkRuntimeSupport(spec, prepared.enc);
  if (prepared.zip) await checkZipSupport();
  const content = prepared.zip ? await jweTools.deflate(plaintext) : plaintext;
  const { cek, encryptedKey, parameters } = await wrapCek(spec, prepared.key, enc, prepared.p2c);
  // Marked handled at once: were the header to throw below, a failed wrap must not become an unhandled rejection.
  if (encryptedKey instanceof Promise) encryptedKey.catch(() => {});
  const protectedSegment = encodeString(stringifyJson({ ...prepared.header, ...parameters }, 'header'));
  // The content is encrypted while the CEK is being wrapped (key-management.ts, WrappedKey).
  const [wrapped, { iv, ciphertext, tag }] = await Promise.all([encryptedKey, encryptContent(enc, cek, content, asciiEncode(protectedSegment))]);
  return serializeCompactJwe(protectedSegment, [encodeBytes(wrapped), encodeBytes(iv), encodeBytes(ciphertext), encodeBytes(tag)]);
}

/**
 * Encrypts any bytes (or text, as UTF-8) as a compact JWE.
 *
 * @throws ERR_KEY, ERR_INVALID_ARGUMENT: the key cannot do the alg, or an option or the plaintext is wrong (the caller's fault).
 * @throws ERR_JWT_ALGORITHM: this runtime lacks a primitive the alg or enc needs (192-bit AES in Chromium, `zip` without CompressionStream).
 * @example
 * ```ts
 * const jwe = await encryptJwe('any text', recipientPublicJwk, { alg: 'ECDH-ES+A256KW', enc: 'A256GCM' });
 * ```
 */
export async function encryptJwe(plaintext: Uint8Array | string, key: JweKeyInput, encryptOptions?: EncryptJweOptions): Promise<string> {
  const options = { ...optionsObject(encryptOptions, ENCRYPT_JWE_OPTIONS) }; // a snapshot: each option is read once
  const bytes = typeof plaintext === 'string' ? utf8Encode(plaintext) : plaintext;
  if (!(bytes instanceof Uint8Array)) throw new JwtArgumentError('plaintext must be a Uint8Array or a string');
  return encryptPrepared(prepareEncryption(key, options), bytes);
}
