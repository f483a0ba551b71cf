import { ALGORITHMS, ALL_ALGS, type Alg } from '../algorithms.js';
import { JwksNoMatchError, JwtAlgorithmError, JwtArgumentError, JwtKeyError, JwtMalformedError } from '../errors.js';
import { profileOf } from '../keys/cache.js';
import { checkFit, fits } from '../keys/fit.js';
import { keyOrJwks } from '../keys/select.js';
import type { JwkSet } from '../keys/jwk.js';
import type { KeyInput } from '../keys/key.js';
import { decodeBytes, encodeBytes, utf8Encode } from '../util/base64url.js';
import { type JsonObject, isJsonObject, parseJsonObject } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import { JWS_EXTENSIONS, checkAlgorithmsOption, checkCrit, headerAlg, unprotectedProblem } from './header.js';
import type { JwsJson } from './json-sign.js';
import { checkMaxTokenLength, parseHeaderSegment, parseSignatureSegment } from './segments.js';
import { isEncoded, signingInput } from './unencoded.js';
import { type KeyCandidates, type VerifyJwsOptions, detachedBytes, verifyWithKeys } from './verify.js';

/**
 * `verifyJwsJson`: the JWS JSON serializations (RFC 7515 §7.2), flattened and general, with
 * unprotected headers and RFC 7797 `b64: false`. The rule for several signatures: each signature a
 * key is found for must verify, and at least one must (`requireAll`: every one must); the result
 * says which verified.
 */

/**
 * Finds the key(s) for one signature from its (not yet verified) joint header — protected and
 * unprotected members together, e.g. a `kid` in either — and the payload. Nothing (`undefined`,
 * `null`, `[]`, or ERR_JWKS_NO_MATCH from a JWK set) means "no key for this signature": it is
 * skipped. Any other error ends the verification.
 */
export type JwsJsonKeyResolver = (header: JsonObject, payload: Uint8Array) => KeyCandidates | null | undefined | Promise<KeyCandidates | null | undefined>;

/** Options of `verifyJwsJson`. */
export interface VerifyJwsJsonOptions extends VerifyJwsOptions {
  /**
   * Every signature must have a key and verify. Default false: the signatures a key is found for
   * must all verify, and at least one must; the others are reported with `verified: false`.
   */
  requireAll?: boolean;
}

const VERIFY_JWS_JSON_OPTIONS = /* @__PURE__ */ optionNames<VerifyJwsJsonOptions>({
  algorithms: true,
  maxTokenLength: true,
  detachedPayload: true,
  requireAll: true,
});

/** One signature of a verified JWS JSON serialization. */
export interface JwsJsonSignatureResult {
  /** Its protected header (`{}` when it has none). */
  header: JsonObject;
  /** Its unprotected header, when it has one: NOT covered by the signature. */
  unprotectedHeader?: JsonObject;
  /**
   * True when it verified. False when it was skipped: no key was found for it (the resolver found
   * none, or the key given cannot do its alg), or its alg is refused (not in `algorithms`, `none`).
   */
  verified: boolean;
}

/** What `verifyJwsJson` returns. */
export interface VerifiedJwsJson {
  payload: Uint8Array;
  /** The protected header of the first signature that verified. */
  header: JsonObject;
  /** That signature's unprotected header, when it has one: NOT covered by the signature. */
  unprotectedHeader?: JsonObject;
  /** Every signature, in order, and whether it verified. */
  signatures: JwsJsonSignatureResult[];
}

interface ParsedSignature {
  /** The `protected` member ('' when there is none: the signing input then starts with "."). */
  readonly segment: string;
  readonly header: JsonObject;
  readonly unprotected: JsonObject | undefined;
  readonly signature: Uint8Array;
}

/** One member of `signatures` (or the flattened object itself), with the header rules applied. */
function parseSignature(member: unknown): ParsedSignature {
  if (!isJsonObject(member)) throw new JwtMalformedError('each signature must be an object');
  const { protected: segment, header: unprotected, signature } = member;
  if (typeof signature !== 'string') throw new JwtMalformedError('"signature" must be a base64url string');
  if (segment === undefined && unprotected === undefined) throw new JwtMalformedError('a signature needs a "protected" or a "header" member');
  if (segment !== undefined && typeof segment !== 'string') throw new JwtMalformedError('"protected" must be a base64url string');
  const header = segment === undefined ? {} : parseHeaderSegment(segment);
  checkCrit(header, JWS_EXTENSIONS);
  const problem = unprotected === undefined ? undefined : unprotectedProblem(header, unprotected);
  if (problem !== undefined) throw new JwtMalformedError(problem);
  // A copy: what is checked and handed back is not the caller's object.
  const copy = unprotected === undefined ? undefined : { ...(unprotected as JsonObject) };
  return { segment: segment ?? '', header, unprotected: copy, signature: parseSignatureSegment(signature) };
}

/** The JSON text's length, or the object's as JSON text: what maxTokenLength caps. */
function jsonLength(jws: unknown): number {
  if (typeof jws === 'string') return jws.length;
  try {
    return JSON.stringify(jws)?.length ?? 0;
  } catch {
    throw new JwtMalformedError('the JWS is not JSON');
  }
}

/** The JSON object (or its text) as a payload member and its signatures, general or flattened. */
function parseJwsJson(jws: unknown, limit: number): { payload: unknown; signatures: ParsedSignature[] } {
  if (jsonLength(jws) > limit) throw new JwtMalformedError(`the JWS is longer than maxTokenLength (${limit})`);
  const object = typeof jws === 'string' ? parseJsonObject(jws, 'JWS') : jws;
  if (!isJsonObject(object)) throw new JwtMalformedError('a JWS JSON serialization must be an object or its text');
  if (!Object.hasOwn(object, 'signatures')) return { payload: object.payload, signatures: [parseSignature(object)] };
  const { signatures } = object;
  if (!Array.isArray(signatures) || signatures.length === 0) throw new JwtMalformedError('"signatures" must be a non-empty array');
  // RFC 7515 §7.2.2: the flattened members are the general form's, moved up; the two never mix.
  for (const name of ['protected', 'header', 'signature'])
    if (Object.hasOwn(object, name)) throw new JwtMalformedError('a general JWS has its signatures only in "signatures"');
  return { payload: object.payload, signatures: signatures.map(parseSignature) };
}

/** The payload bytes, and what the signing input holds: the base64url member, or (b64: false) the bytes. */
function payloadOf(member: unknown, detached: Uint8Array | undefined, encoded: boolean): { bytes: Uint8Array; part: string | Uint8Array } {
  if (member !== undefined && typeof member !== 'string') throw new JwtMalformedError('"payload" must be a string');
  if (detached !== undefined) {
    if (member) throw new JwtMalformedError('the JWS carries a payload, but a detached payload was given');
    return { bytes: detached, part: encoded ? encodeBytes(detached) : detached };
  }
  if (member === undefined) throw new JwtMalformedError('the JWS has no "payload" (detached content): pass it as detachedPayload');
  if (encoded) return { bytes: decodeBytes(member), part: member };
  const bytes = utf8Encode(member);
  return { bytes, part: bytes };
}

/** RFC 7797 §3: one payload, so every signature must agree on `b64`. */
function sharedEncoding(signatures: readonly ParsedSignature[]): boolean {
  const encodings = new Set(signatures.map((signature) => isEncoded(signature.header)));
  if (encodings.size > 1) throw new JwtMalformedError('"b64" must be the same in every signature');
  return encodings.has(true);
}

/**
 * An `alg` only in the unprotected header is not covered by the signature, so it is never trusted
 * on its own: the caller must have fixed it, by `algorithms` (which headerAlg already checked it
 * against) or by a key that can do that one alg only (a Key, a JWK with `alg`, an EC key's curve).
 */
function checkUnprotectedAlg(keys: KeyCandidates, alg: Alg, allowed: readonly Alg[] | undefined): void {
  if (allowed !== undefined) return;
  for (const key of Array.isArray(keys) ? keys : [keys]) {
    const profile = profileOf(key as KeyInput);
    if (ALL_ALGS.some((other) => other !== alg && fits(profile, ALGORITHMS[other]))) {
      throw new JwtAlgorithmError('"alg" is only in the unprotected header: pin the key to that alg or pass algorithms');
    }
  }
}

/** The key(s) for one signature, or why it has none (it is then skipped). */
async function keysFor(
  keyOrResolver: KeyInput | JwsJsonKeyResolver,
  header: JsonObject,
  payload: Uint8Array,
  alg: Alg,
): Promise<{ keys: KeyCandidates } | { skip: unknown }> {
  if (typeof keyOrResolver !== 'function') {
    try {
      // A key given directly is for the signatures whose alg it can do.
      checkFit(profileOf(keyOrResolver), ALGORITHMS[alg], 'verify');
    } catch (error) {
      return { skip: error };
    }
    return { keys: keyOrResolver };
  }
  let keys: KeyCandidates | null | undefined;
  try {
    keys = await keyOrResolver(header, payload);
  } catch (error) {
    if (error instanceof JwksNoMatchError) return { skip: error };
    throw error;
  }
  if (keys === undefined || keys === null || (Array.isArray(keys) && keys.length === 0))
    return { skip: new JwtKeyError('the key resolver found no key for a signature') };
  return { keys };
}

/** Verifies one signature: undefined when it verified, or why it was skipped; throws when it fails. */
async function verifySignature(
  signature: ParsedSignature,
  keyOrResolver: KeyInput | JwsJsonKeyResolver,
  allowed: readonly Alg[] | undefined,
  payload: { bytes: Uint8Array; part: string | Uint8Array },
): Promise<unknown> {
  const joint = { ...signature.header, ...signature.unprotected };
  let alg: Alg;
  try {
    alg = headerAlg(joint, allowed);
  } catch (error) {
    return error;
  }
  const found = await keysFor(keyOrResolver, joint, payload.bytes, alg);
  if ('skip' in found) return found.skip;
  if (!Object.hasOwn(signature.header, 'alg')) checkUnprotectedAlg(found.keys, alg, allowed);
  await verifyWithKeys(found.keys, alg, signingInput(signature.segment, payload.part), signature.signature);
  return undefined;
}

/**
 * Verifies a JWS JSON serialization (the object, or its text), flattened or general, with one key,
 * a JWK set object (`{ keys }`, keys picked as createLocalJwks picks them) or a resolver. Each signature:
 * structure → header rules (`crit`, `b64`, no name in both headers) → alg allow-list → key ↔ alg
 * binding → signature. The rule for several signatures: every signature a key is found for must
 * verify (a bad one is ERR_JWT_SIGNATURE for the whole JWS), and at least one must; `requireAll`
 * asks for every one. When none verifies, the error is the first signature's reason (e.g.
 * ERR_JWT_ALGORITHM for a key of another type). Unprotected headers are handed back but never trusted:
 * an `alg` found only there must be fixed by the caller (see checkUnprotectedAlg).
 *
 * @throws ERR_JWT_MALFORMED: not a JWS JSON serialization; `crit`, `b64` or a header name in both headers breaks the rules.
 * @throws ERR_JWT_SIGNATURE: a signature a key was found for does not verify.
 * @throws ERR_JWT_ALGORITHM: no signature verified and the first one's alg is refused or not the key's (also an unprotected-only alg the caller did not fix).
 * @throws ERR_KEY: no signature verified and the first one had no key, or a key is unusable.
 * @throws ERR_JWKS_NO_MATCH: no signature verified and the JWK set had no key for the first one.
 * @throws ERR_INVALID_ARGUMENT: a bad option.
 * @example
 * ```ts
 * const result = await verifyJwsJson(jws, { keys: publishedKeys }, { algorithms: ['ES256', 'EdDSA'] });
 * console.log(new TextDecoder().decode(result.payload), result.signatures.map((s) => s.verified));
 * ```
 */
export async function verifyJwsJson(
  jws: JwsJson | string,
  key: KeyInput | JwkSet | JwsJsonKeyResolver,
  verifyOptions?: VerifyJwsJsonOptions,
): Promise<VerifiedJwsJson> {
  const keyOrResolver = keyOrJwks(key) as KeyInput | JwsJsonKeyResolver;
  const options = optionsObject(verifyOptions, VERIFY_JWS_JSON_OPTIONS);
  const allowed = checkAlgorithmsOption(options.algorithms);
  const limit = checkMaxTokenLength(options.maxTokenLength);
  if (options.requireAll !== undefined && typeof options.requireAll !== 'boolean') throw new JwtArgumentError('requireAll must be true or false');
  const detached = detachedBytes(options.detachedPayload);
  const parsed = parseJwsJson(jws, limit);
  const payload = payloadOf(parsed.payload, detached, sharedEncoding(parsed.signatures));

  const results: JwsJsonSignatureResult[] = [];
  let firstSkip: unknown;
  let first: JwsJsonSignatureResult | undefined;
  for (const signature of parsed.signatures) {
    const skipped = await verifySignature(signature, keyOrResolver, allowed, payload);
    if (skipped !== undefined && options.requireAll === true) throw skipped;
    if (skipped !== undefined && firstSkip === undefined) firstSkip = skipped;
    const result: JwsJsonSignatureResult = { header: signature.header, verified: skipped === undefined };
    if (signature.unprotected !== undefined) result.unprotectedHeader = signature.unprotected;
    if (skipped === undefined) first ??= result;
    results.push(result);
  }
  if (first === undefined) throw firstSkip;
  const verified: VerifiedJwsJson = { payload: payload.bytes.slice(), header: first.header, signatures: results };
  if (first.unprotectedHeader !== undefined) verified.unprotectedHeader = first.unprotectedHeader;
  return verified;
}
