import { ALGORITHMS, type Alg } from '../algorithms.js';
import { backend } from '../backend/index.js';
import { JwtArgumentError, JwtKeyError, JwtMalformedError, JwtSignatureError } from '../errors.js';
import { checkKeyCanDo, keyFor } from '../keys/cache.js';
import { type Key, type KeyInput, backendKey, checkOperation } from '../keys/key.js';
import { asciiEncode, decodeBytes, encodeBytes, utf8Encode } from '../util/base64url.js';
import type { JsonObject } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import { checkAlgorithmsOption, checkCrit, headerAlg } from './header.js';
import { parseHeaderSegment, parseSignatureSegment, splitCompact } from './segments.js';

/** What a resolver returns: one key, or several candidates that are tried in order (a JWK set and a token without `kid`). */
export type KeyCandidates = KeyInput | readonly KeyInput[];

/** Finds the key for a token from its (not yet verified) header and payload, e.g. by `kid`. */
export type KeyResolver<Header, Payload> = (header: Header, payload: Payload) => KeyCandidates | Promise<KeyCandidates>;

/** Options of `verifyJws`. */
export interface VerifyJwsOptions {
  /** The algs to accept; default: every alg the key can do. */
  algorithms?: Alg[];
  /** Reject longer tokens before any work (default 16,384 characters). */
  maxTokenLength?: number;
  /** Detached content (RFC 7515 App. F): the payload, when the token's payload segment is empty. */
  detachedPayload?: Uint8Array | string;
}

const VERIFY_JWS_OPTIONS = optionNames<VerifyJwsOptions>({ algorithms: true, maxTokenLength: true, detachedPayload: true });

/** What the JWS layer hands back: the protected header, the payload bytes, and the alg used. */
export interface VerifiedJws<Payload> {
  header: JsonObject;
  payload: Payload;
  alg: Alg;
}

/** The payload segment to verify: the token's, or (verifyJws only) the detached content, encoded. */
function detachedSegmentOf(segment: string, detached: Uint8Array | string | undefined): string {
  if (detached === undefined) return segment;
  if (typeof detached !== 'string' && !(detached instanceof Uint8Array)) throw new JwtArgumentError('detachedPayload must be a string or a Uint8Array');
  if (segment !== '') throw new JwtMalformedError('token carries a payload, but a detached payload was given');
  return encodeBytes(typeof detached === 'string' ? utf8Encode(detached) : detached);
}

/**
 * Checks the signature with one key: key ↔ alg binding, the key's allowed operations, then the
 * signature. Synchronous when the key is ready and the backend answers at once (node:crypto), so
 * the hot path pays no promise per step; a promise otherwise.
 */
function verifyWithKey(keyInput: KeyInput, alg: Alg, signingInput: Uint8Array, signature: Uint8Array): void | Promise<void> {
  checkKeyCanDo(keyInput, alg);
  const key = keyFor(keyInput, alg);
  if (key instanceof Promise) return key.then((imported) => checkSignature(imported, alg, signingInput, signature));
  return checkSignature(key, alg, signingInput, signature);
}

function checkSignature(key: Key, alg: Alg, signingInput: Uint8Array, signature: Uint8Array): void | Promise<void> {
  checkOperation(key, 'verify');
  const spec = ALGORITHMS[alg];
  if (spec.signatureLength !== undefined && signature.length !== spec.signatureLength) throw new JwtSignatureError();
  // A signature that does not match is `false`, not a throw: a throw means the key is unusable.
  let valid: boolean | Promise<boolean>;
  try {
    valid = backend.verify(spec, backendKey(key), signingInput, signature);
  } catch (error) {
    throw unusableKey(alg, error);
  }
  if (!(valid instanceof Promise)) return signatureMatches(valid);
  return valid.then(signatureMatches, (error: unknown) => {
    throw unusableKey(alg, error);
  });
}

function unusableKey(alg: Alg, cause: unknown): JwtKeyError {
  return new JwtKeyError(`the key could not verify with ${alg}`, { cause });
}

function signatureMatches(valid: boolean): void {
  if (!valid) throw new JwtSignatureError();
}

/**
 * Tries each candidate in order and succeeds with the first whose signature verifies. When none
 * does: ERR_JWT_SIGNATURE if any candidate could check the signature, else the first candidate's
 * error (e.g. ERR_JWT_ALGORITHM for a key of another type). One candidate behaves as a plain key.
 */
async function verifyWithAny(candidates: readonly KeyInput[], alg: Alg, signingInput: Uint8Array, signature: Uint8Array): Promise<void> {
  if (candidates.length === 0) throw new JwtKeyError('the key resolver returned no key');
  let firstError: unknown;
  let signatureChecked = false;
  for (const candidate of candidates) {
    try {
      await verifyWithKey(candidate, alg, signingInput, signature);
      return;
    } catch (error) {
      if (error instanceof JwtSignatureError) signatureChecked = true;
      else if (firstError === undefined) firstError = error;
    }
  }
  throw signatureChecked ? new JwtSignatureError() : firstError;
}

/** One key, or the candidates a resolver returned. */
function verifyWithKeys(keys: KeyCandidates, alg: Alg, signingInput: Uint8Array, signature: Uint8Array): void | Promise<void> {
  return Array.isArray(keys) ? verifyWithAny(keys, alg, signingInput, signature) : verifyWithKey(keys as KeyInput, alg, signingInput, signature);
}

/**
 * Verifies a compact JWS; the shared core of verifyJws and verify. `payloadSegmentOf` lets
 * verifyJws put detached content in place of the (empty) payload segment. `parsePayload` turns the
 * payload segment into what the caller wants (bytes, or a JSON object for JWTs) before the key
 * is resolved, so a resolver can look at it. Order: structure → header rules → alg allow-list →
 * key ↔ alg binding → signature. Nothing about claims is looked at here. A resolver may return
 * several candidate keys; the first whose signature verifies wins.
 *
 * Throws at once or returns a promise (callers `await` it): with a ready key on node:crypto, the
 * whole check is synchronous.
 */
export function verifyCompact<Payload>(
  token: unknown,
  keyOrResolver: KeyInput | KeyResolver<JsonObject, Payload>,
  options: VerifyJwsOptions,
  parsePayload: (segment: string) => Payload,
  payloadSegmentOf: (segment: string) => string = (segment) => segment,
): VerifiedJws<Payload> | Promise<VerifiedJws<Payload>> {
  const allowed = checkAlgorithmsOption(options.algorithms);
  const segments = splitCompact(token, options.maxTokenLength);
  const header = parseHeaderSegment(segments.header);
  checkCrit(header);
  const payloadSegment = payloadSegmentOf(segments.payload);
  const payload = parsePayload(payloadSegment);
  const signature = parseSignatureSegment(segments.signature);
  const alg = headerAlg(header, allowed);
  const signingInput = asciiEncode(`${segments.header}.${payloadSegment}`);
  const verified = { header, payload, alg };

  if (typeof keyOrResolver === 'function') {
    return (async () => {
      await verifyWithKeys(await keyOrResolver(header, payload), alg, signingInput, signature);
      return verified;
    })();
  }
  const checked = verifyWithKeys(keyOrResolver, alg, signingInput, signature);
  return checked instanceof Promise ? checked.then(() => verified) : verified;
}

/** Verifies a compact JWS over any payload bytes. */
export async function verifyJws(
  token: string,
  key: KeyInput | KeyResolver<JsonObject, Uint8Array>,
  options?: VerifyJwsOptions,
): Promise<{ header: JsonObject; payload: Uint8Array }> {
  const jwsOptions = optionsObject(options, VERIFY_JWS_OPTIONS);
  const { header, payload } = await verifyCompact(token, key, jwsOptions, decodeBytes, (segment) => detachedSegmentOf(segment, jwsOptions.detachedPayload));
  // A copy the caller owns: decoded bytes may be a view into a shared pool (Node build).
  return { header, payload: payload.slice() };
}
