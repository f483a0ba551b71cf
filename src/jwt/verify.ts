import { type KeyResolver, verifyCompact } from '../jws/verify.js';
import type { KeyInput } from '../keys/key.js';
import { applyGuard, validateClaims } from './claims.js';
import { parsePayloadSegment } from './decode.js';
import { optionsObject } from '../util/options.js';
import { checkVerifyOptions } from './options.js';
import type { JwtHeader, JwtPayload, VerifyOptions, VerifyResult } from './types.js';

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
  const times = checkVerifyOptions(options);
  const resolver = key as KeyInput | KeyResolver<Record<string, unknown>, Record<string, unknown>>;
  const { header, payload } = await verifyCompact(token, resolver, options, parsePayloadSegment);
  const claims = validateClaims(payload, header, options, times);
  const checked = options.validate ? await applyGuard(options.validate, claims) : claims;
  return { header: header as JwtHeader, payload: checked as JwtPayload & T };
}
