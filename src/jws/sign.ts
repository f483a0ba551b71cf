import type { Alg } from '../algorithms.js';
import { entryFor } from '../keys/cache.js';
import { defaultAlg } from '../keys/fit.js';
import { keyFor } from '../keys/import.js';
import { type Key, type KeyInput, signBytes } from '../keys/key.js';
import { signText } from '../keys/sign-text.js';
import { encodeBytes, encodeString } from '../util/base64url.js';
import { type JsonObject, stringifyJson } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import { buildHeader, checkSignAlg } from './header.js';
import { payloadBytes } from './segments.js';
import { checkPayloadForm, signingInput, unencodedMembers, unencodedText } from './unencoded.js';

/** Options of `signJws`. */
export interface SignJwsOptions {
  /** The alg to sign with; defaults to the first alg the key can do (HS256, RS256, ES256/384/512, EdDSA). */
  alg?: Alg;
  /** Extra protected header parameters (`kid`, `typ`, `cty`, …); `alg`, `crit` and `b64` are jwtkit's. */
  header?: JsonObject;
  /** `false`: sign the payload unencoded (RFC 7797), with `b64: false` and `crit: ["b64"]` in the header. Default true. */
  b64?: boolean;
  /** Leave the payload out of the token (`header..signature`); the verifier gets it as `detachedPayload`. Default false. */
  detached?: boolean;
}

const SIGN_JWS_OPTIONS = /* @__PURE__ */ optionNames<SignJwsOptions>({ alg: true, header: true, b64: true, detached: true });

/** The alg to sign with: the one asked for, or the key's first. */
export function signingAlg(key: KeyInput, alg: unknown): Alg {
  return alg === undefined ? defaultAlg(entryFor(key).profile) : checkSignAlg(alg);
}

/** A key ready to sign under a fixed header: the imported Key and the encoded header segment. */
export interface PreparedSigner {
  readonly key: Key;
  readonly alg: Alg;
  readonly headerSegment: string;
}

/**
 * Imports the key and encodes the header once, for any number of signatures. A `kid` carried by
 * the key (a JWK's) is added unless the header names one, or `kidFromKey` is false (a JSON
 * serialization's signer that puts its `kid` in the unprotected header).
 */
export async function prepareSigner(header: JsonObject, keyInput: KeyInput, alg: Alg, kidFromKey = true): Promise<PreparedSigner> {
  const key = await keyFor(keyInput, alg, 'sign');
  const withKid = kidFromKey && key.kid !== undefined && header.kid === undefined ? { ...header, kid: key.kid } : header;
  return { key, alg, headerSegment: encodeString(stringifyJson(withKid, 'header')) };
}

/** Signs an already-encoded payload segment into a compact JWS; the last step of signJws, sign and createSigner. */
export function signSegment(signer: PreparedSigner, payloadSegment: string): string | Promise<string> {
  const input = `${signer.headerSegment}.${payloadSegment}`;
  const signature = signText(signer.key, input);
  return signature instanceof Promise ? signature.then((text) => `${input}.${text}`) : `${input}.${signature}`;
}

/**
 * Signs arbitrary payload bytes (or text) as a compact JWS. `detached: true` leaves the payload out
 * (`header..signature`, RFC 7515 App. F); `b64: false` signs the payload unencoded (RFC 7797), adding
 * `b64: false` and `crit: ["b64"]` to the header; the payload then stays in the token only when it is
 * UTF-8 text without ".".
 *
 * @throws ERR_INVALID_ARGUMENT: a bad or unknown option or header member.
 * @throws ERR_KEY: key material unusable for the alg.
 * @throws ERR_JWT_ALGORITHM: an alg the key cannot do.
 * @example
 * ```ts
 * const jws = await signJws('any payload', process.env.JWS_SECRET!, { alg: 'HS256' });
 * ```
 */
export async function signJws(payload: Uint8Array | string, key: KeyInput, signOptions?: SignJwsOptions): Promise<string> {
  const options = optionsObject(signOptions, SIGN_JWS_OPTIONS);
  const alg = signingAlg(key, options.alg);
  const bytes = payloadBytes(payload);
  const { encoded, detached } = checkPayloadForm(options);
  const segment = encoded ? encodeBytes(bytes) : detached ? '' : unencodedText(bytes, true);
  const signer = await prepareSigner(buildHeader(alg, options.header, encoded ? undefined : unencodedMembers()), key, alg);
  const signature = encodeBytes(await signBytes(signer.key, signingInput(signer.headerSegment, encoded ? segment : bytes)));
  return `${signer.headerSegment}.${detached ? '' : segment}.${signature}`;
}
