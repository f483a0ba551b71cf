import type { Alg } from '../algorithms.js';
import { JwtArgumentError } from '../errors.js';
import { type KeyInput, signBytes } from '../keys/key.js';
import { encodeBytes } from '../util/base64url.js';
import { type JsonObject, isJsonObject } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import { buildHeader, unprotectedProblem } from './header.js';
import { payloadBytes } from './segments.js';
import { prepareSigner, signingAlg } from './sign.js';
import { checkPayloadForm, signingInput, unencodedMembers, unencodedText } from './unencoded.js';

/**
 * `signJwsJson`: the JWS JSON serializations (RFC 7515 §7.2), one payload signed by one signer
 * (flattened) or several (general), each with its own key, alg and headers.
 */

/** One signature of a JWS JSON serialization, as RFC 7515 §7.2.1 lays it out. */
export interface JwsJsonSignature {
  /** The protected header, base64url; absent when a signature has only an unprotected header. */
  protected?: string;
  /** The unprotected header: not covered by the signature. */
  header?: JsonObject;
  signature: string;
}

/** The flattened JWS JSON serialization (RFC 7515 §7.2.2): one signature. No `payload` when detached. */
export interface FlattenedJws extends JwsJsonSignature {
  payload?: string;
}

/** The general JWS JSON serialization (RFC 7515 §7.2.1): any number of signatures on one payload. */
export interface GeneralJws {
  payload?: string;
  signatures: JwsJsonSignature[];
}

/** A JWS in either JSON serialization. */
export type JwsJson = FlattenedJws | GeneralJws;

/** One signer of `signJwsJson`. */
export interface JwsJsonSigner {
  key: KeyInput;
  /** The alg to sign with; defaults to the first the key can do, as in `signJws`. */
  alg?: Alg;
  /** Protected header parameters (`kid`, `typ`, `cty`, …), as `signJws`'s `header`; `alg`, `crit` and `b64` are jwtkit's. */
  header?: JsonObject;
  /**
   * Unprotected header parameters: NOT covered by the signature, so a verifier must not rely on
   * them. Never `alg`, `crit` or `b64`, and no name that is also in the protected header. A `kid`
   * here keeps the key's own `kid` out of the protected header.
   */
  unprotectedHeader?: JsonObject;
}

/** Options of `signJwsJson`. */
export interface SignJwsJsonOptions {
  /** `false`: sign the payload unencoded (RFC 7797); the `payload` member is then its own text. Default true. */
  b64?: boolean;
  /** Leave the `payload` member out (RFC 7515 App. F); the verifier gets it as `detachedPayload`. Default false. */
  detached?: boolean;
  /** `'flattened'` (one signer only) or `'general'`; default: flattened for one signer, general for several. */
  serialization?: 'flattened' | 'general';
}

const SIGN_JWS_JSON_OPTIONS = /* @__PURE__ */ optionNames<SignJwsJsonOptions>({ b64: true, detached: true, serialization: true });
const SIGNER_MEMBERS = /* @__PURE__ */ optionNames<JwsJsonSigner>({ key: true, alg: true, header: true, unprotectedHeader: true });

/** Whether to write the general form: asked for, or several signers. */
function isGeneral(serialization: unknown, signers: readonly unknown[]): boolean {
  if (serialization !== undefined && serialization !== 'flattened' && serialization !== 'general') {
    throw new JwtArgumentError("serialization must be 'flattened' or 'general'");
  }
  if (serialization === 'flattened' && signers.length !== 1) throw new JwtArgumentError('the flattened serialization has exactly one signer');
  return serialization === 'general' || signers.length > 1;
}

/** One signature over the payload (its segment, or its bytes when unencoded). */
async function signOne(signer: unknown, payload: string | Uint8Array): Promise<JwsJsonSignature> {
  if (!isJsonObject(signer)) throw new JwtArgumentError('each signer must be an object with a key');
  const { key, alg: askedAlg, header, unprotectedHeader } = optionsObject(signer as unknown as JwsJsonSigner, SIGNER_MEMBERS);
  const alg = signingAlg(key, askedAlg);
  if (unprotectedHeader !== undefined && !isJsonObject(unprotectedHeader)) throw new JwtArgumentError('unprotectedHeader must be an object');
  // A copy: the caller's object is neither kept nor changed.
  const unprotected = unprotectedHeader === undefined ? undefined : { ...unprotectedHeader };
  if (unprotected !== undefined && Object.hasOwn(unprotected, 'alg'))
    throw new JwtArgumentError('unprotectedHeader may not set "alg": jwtkit always protects it');
  const protectedHeader = buildHeader(alg, header, typeof payload === 'string' ? undefined : unencodedMembers());
  // Checked before the key's kid may join the protected header: it joins only when the unprotected one has none.
  const problem = unprotected === undefined ? undefined : unprotectedProblem(protectedHeader, unprotected);
  if (problem !== undefined) throw new JwtArgumentError(problem);
  const prepared = await prepareSigner(protectedHeader, key, alg, unprotected?.kid === undefined);
  const signature = encodeBytes(await signBytes(prepared.key, signingInput(prepared.headerSegment, payload)));
  return unprotected === undefined ? { protected: prepared.headerSegment, signature } : { protected: prepared.headerSegment, header: unprotected, signature };
}

/**
 * Signs one payload (bytes, or text as UTF-8) with every signer, as a JWS JSON serialization:
 * flattened `{ payload, protected, header?, signature }` for one signer, general
 * `{ payload, signatures: [...] }` for several. Every signer's protected header holds its `alg`;
 * with `b64: false` also `b64: false` and `crit: ["b64"]` (RFC 7797 says all signatures share it).
 *
 * @throws ERR_INVALID_ARGUMENT: no signers, a bad signer member or option, an unprotected header that
 * sets `alg`, `crit` or `b64` or repeats a protected name, or an unencoded payload that cannot be
 * carried (not UTF-8).
 * @throws ERR_JWT_ALGORITHM: a signer's alg is unsupported or `none`.
 * @throws ERR_KEY: a key that cannot sign with its alg.
 * @example
 * ```ts
 * const jws = await signJwsJson('document', [
 *   { key: privateKey, header: { typ: 'example' } },
 *   { key: secret, alg: 'HS256', unprotectedHeader: { kid: 'hs-1' } },
 * ]);
 * console.log(JSON.stringify(jws)); // { payload, signatures: [...] }
 * ```
 */
export async function signJwsJson(payload: Uint8Array | string, signers: readonly JwsJsonSigner[], signOptions?: SignJwsJsonOptions): Promise<JwsJson> {
  const options = optionsObject(signOptions, SIGN_JWS_JSON_OPTIONS);
  const bytes = payloadBytes(payload);
  const { encoded, detached } = checkPayloadForm(options);
  if (!Array.isArray(signers) || signers.length === 0) throw new JwtArgumentError('signers must be a non-empty array');
  const general = isGeneral(options.serialization, signers);
  const member = encoded ? encodeBytes(bytes) : detached ? '' : unencodedText(bytes, false);
  const signatures: JwsJsonSignature[] = [];
  for (const signer of signers) signatures.push(await signOne(signer, encoded ? member : bytes));
  const withPayload = detached ? {} : { payload: member };
  return general ? { ...withPayload, signatures } : { ...withPayload, ...signatures[0]! };
}
