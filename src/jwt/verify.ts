import { type KeyResolver, verifyCompact } from '../jws/verify.js';
import type { KeyInput } from '../keys/key.js';
import { optionsObject } from '../util/options.js';
import { type ClaimTimes, applyGuard, validateClaims } from './claims.js';
import { parsePayloadSegment } from './decode.js';
import { checkVerifyOptions } from './options.js';
import type { JwtHeader, JwtPayload, VerifyOptions, VerifyResult } from './types.js';

type AnyResolver = KeyResolver<Record<string, unknown>, Record<string, unknown>>;

/** Signature (JWS layer), then claims at `times.now`; shared by `verify` and `createVerifier`. */
export async function verifyToken(
  token: string,
  key: KeyInput | KeyResolver<JwtHeader, JwtPayload>,
  options: VerifyOptions<unknown>,
  times: ClaimTimes,
): Promise<{ header: JwtHeader; payload: JwtPayload }> {
  const { header, payload } = await verifyCompact(token, key as KeyInput | AnyResolver, options, parsePayloadSegment);
  return { header: header as JwtHeader, payload: validateClaims(payload, header, options, times) };
}

/** Runs the `validate` guard, when there is one, on a verified payload. */
export async function guarded<T>(options: VerifyOptions<T>, payload: JwtPayload): Promise<JwtPayload & T> {
  return (options.validate ? await applyGuard(options.validate, payload) : payload) as JwtPayload & T;
}

/**
 * Verifies a JWT: the signature first (JWS layer), then the claims at `options.now`.
 * A resolver receives the header and the payload before they are verified: use them only to
 * pick a key (e.g. by `kid` or `iss`), never to decide trust.
 */
export async function verify<T extends object = JwtPayload>(
  token: string,
  key: KeyInput | KeyResolver<JwtHeader, JwtPayload>,
  verifyOptions?: VerifyOptions<T>,
): Promise<VerifyResult<JwtPayload & T>> {
  // A snapshot: each option is read once, so a getter cannot pass the checks and then change.
  const options = { ...optionsObject(verifyOptions) };
  const { header, payload } = await verifyToken(token, key, options, checkVerifyOptions(options));
  return { header, payload: await guarded(options, payload) };
}
