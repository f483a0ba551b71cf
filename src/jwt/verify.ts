import { type KeyResolver, verifyCompact } from '../jws/verify.js';
import type { KeyInput } from '../keys/key.js';
import { epochSeconds } from '../util/time.js';
import { validateClaims } from './claims.js';
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
  const options = optionsObject(verifyOptions);
  checkVerifyOptions(options);
  const now = epochSeconds(options.now);
  const resolver = key as KeyInput | KeyResolver<Record<string, unknown>, Record<string, unknown>>;
  const { header, payload } = await verifyCompact(token, resolver, options, parsePayloadSegment);
  return { header: header as JwtHeader, payload: validateClaims(payload, header, options, now) as JwtPayload & T };
}
