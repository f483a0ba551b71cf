import { ALGORITHMS, type Alg } from '../algorithms.js';
import { JwtArgumentError, JwtKeyError, JwtMalformedError, JwtSignatureError } from '../errors.js';
import { keyFor } from '../keys/import.js';
import { type Key, type KeyInput, verifyBytes } from '../keys/key.js';
import { decodeBytes, encodeBytes, utf8Encode } from '../util/base64url.js';
import type { JsonObject } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import { keyOrJwks } from '../keys/select.js';
import type { JwkSet } from '../keys/jwk.js';
import { JWS_EXTENSIONS, checkAlgorithmsOption, checkCrit, headerAlg } from './header.js';
import { type CompactSegments, parseHeaderSegment, parseSignatureSegment, payloadBytes, splitCompact } from './segments.js';
import { isEncoded, signingInput } from './unencoded.js';

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

const VERIFY_JWS_OPTIONS = /* @__PURE__ */ optionNames<VerifyJwsOptions>({ algorithms: true, maxTokenLength: true, detachedPayload: true });

/** What the JWS layer hands back: the protected header, the payload bytes, and the alg used. */
export interface VerifiedJws<Payload> {
  header: JsonObject;
  payload: Payload;
  alg: Alg;
}

/** What a verifier reads from a compact token's payload: the payload it hands back, and the JWS Signing Input. */
export interface ReadPayload<Payload> {
  readonly payload: Payload;
  readonly signingInput: Uint8Array;
}

/**
 * Reads the payload of a compact token once its header is parsed, checking the header's extensions
 * first (`crit`): a JWT's reader refuses all of them, verifyJws's implements RFC 7797 `b64`.
 */
export type PayloadReader<Payload> = (header: JsonObject, segments: CompactSegments) => ReadPayload<Payload>;

/** Checks the `detachedPayload` option; its bytes. */
export function detachedBytes(detached: unknown): Uint8Array | undefined {
  if (detached !== undefined && typeof detached !== 'string' && !(detached instanceof Uint8Array))
    throw new JwtArgumentError('detachedPayload must be a string or a Uint8Array');
  return detached === undefined ? undefined : payloadBytes(detached);
}

/**
 * verifyJws's payload: the token's, or the detached content (RFC 7515 App. F) when its payload
 * segment is empty; base64url-encoded, or not at all with `b64: false` (RFC 7797).
 */
function jwsPayloadReader(detached: Uint8Array | undefined): PayloadReader<Uint8Array> {
  return (header, segments) => {
    checkCrit(header, JWS_EXTENSIONS);
    const encoded = isEncoded(header);
    if (detached !== undefined && segments.payload !== '') throw new JwtMalformedError('token carries a payload, but a detached payload was given');
    if (detached !== undefined) return { payload: detached, signingInput: signingInput(segments.header, encoded ? encodeBytes(detached) : detached) };
    // Unencoded and attached: the segment is the payload's own text (RFC 7797 §5.2).
    const payload = encoded ? decodeBytes(segments.payload) : utf8Encode(segments.payload);
    return { payload, signingInput: signingInput(segments.header, encoded ? segments.payload : payload) };
  };
}

/**
 * Checks the signature with one key: key ↔ alg binding and the key's allowed operations (keyFor),
 * then the signature. Synchronous when the key is ready and the backend answers at once
 * (node:crypto), so the hot path pays no promise per step; a promise otherwise.
 */
function verifyWithKey(keyInput: KeyInput, alg: Alg, signingInput: Uint8Array, signature: Uint8Array): void | Promise<void> {
  const key = keyFor(keyInput, alg, 'verify');
  if (key instanceof Promise) return key.then((imported) => checkSignature(imported, alg, signingInput, signature));
  return checkSignature(key, alg, signingInput, signature);
}

function checkSignature(key: Key, alg: Alg, signingInput: Uint8Array, signature: Uint8Array): void | Promise<void> {
  const { signatureLength } = ALGORITHMS[alg];
  if (signatureLength !== undefined && signature.length !== signatureLength) throw new JwtSignatureError();
  // A signature that does not match is `false`, not a throw: a throw means the key is unusable (ERR_KEY).
  const valid = verifyBytes(key, signingInput, signature);
  return valid instanceof Promise ? valid.then(signatureMatches) : signatureMatches(valid);
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
      else firstError ??= error;
    }
  }
  throw signatureChecked ? new JwtSignatureError() : firstError;
}

/** One key, or the candidates a resolver returned. */
export function verifyWithKeys(keys: KeyCandidates, alg: Alg, signingInput: Uint8Array, signature: Uint8Array): void | Promise<void> {
  return Array.isArray(keys) ? verifyWithAny(keys, alg, signingInput, signature) : verifyWithKey(keys as KeyInput, alg, signingInput, signature);
}

/**
 * Verifies a compact JWS; the shared core of verifyJws and verify. `readPayload` checks the header's
 * extensions and turns the payload segment into what the caller wants (bytes, or a JSON object for
 * JWTs) before the key is resolved, so a resolver can look at it. Order: structure → header rules →
 * alg allow-list → key ↔ alg binding → signature. Nothing about claims is looked at here. A resolver
 * may return several candidate keys; the first whose signature verifies wins.
 *
 * Throws at once or returns a promise (callers `await` it): with a ready key on node:crypto, the
 * whole check is synchronous.
 */
export function verifyCompact<Payload>(
  token: unknown,
  keyOrResolver: KeyInput | KeyResolver<JsonObject, Payload>,
  options: VerifyJwsOptions,
  readPayload: PayloadReader<Payload>,
): VerifiedJws<Payload> | Promise<VerifiedJws<Payload>> {
  const allowed = checkAlgorithmsOption(options.algorithms);
  const segments = splitCompact(token, options.maxTokenLength);
  const header = parseHeaderSegment(segments.header);
  const { payload, signingInput } = readPayload(header, segments);
  const signature = parseSignatureSegment(segments.signature);
  const alg = headerAlg(header, allowed);
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

/**
 * Verifies a compact JWS over any payload bytes: attached, detached (`detachedPayload`, the token's
 * payload segment empty), and unencoded (RFC 7797 `b64: false`, which `crit` must list).
 *
 * @throws ERR_JWT_MALFORMED, ERR_JWT_ALGORITHM, ERR_JWT_SIGNATURE: the JWS is refused.
 * @throws ERR_KEY, ERR_INVALID_ARGUMENT: the key or the options are wrong.
 * @throws ERR_JWKS_NO_MATCH, ERR_JWKS_FETCH, ERR_JWKS_TIMEOUT, ERR_JWKS_INVALID: with a JWK set.
 * @example
 * ```ts
 * const { payload } = await verifyJws(jws, process.env.JWS_SECRET!, { algorithms: ['HS256'] });
 * console.log(new TextDecoder().decode(payload));
 * ```
 */
export async function verifyJws(
  token: string,
  key: KeyInput | JwkSet | KeyResolver<JsonObject, Uint8Array>,
  options?: VerifyJwsOptions,
): Promise<{ header: JsonObject; payload: Uint8Array }> {
  const jwsOptions = optionsObject(options, VERIFY_JWS_OPTIONS);
  const { header, payload } = await verifyCompact(token, keyOrJwks(key), jwsOptions, jwsPayloadReader(detachedBytes(jwsOptions.detachedPayload)));
  // A copy the caller owns: decoded bytes may be a view into a shared pool (Node build).
  return { header, payload: payload.slice() };
}
