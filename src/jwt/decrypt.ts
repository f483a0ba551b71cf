import { JwtMalformedError } from '../errors.js';
import type { Enc, KeyManagementAlg } from '../jwe-algorithms.js';
import { type DecryptJweOptions, type JweKeyResolver, checkDecryptOptions, decryptCompact } from '../jwe/decrypt.js';
import type { JweKeyInput } from '../keys/jwe-material.js';
import { utf8Decode } from '../util/base64url.js';
import { parseJsonObject } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import { checkClaims } from './claims.js';
import { checkVerifyOptions } from './options.js';
import type { JwtHeader, JwtPayload, VerifyOptions, VerifyResult } from './types.js';
import { guarded } from './verify.js';

/** Options of `decrypt`: every claim option of `verify` (same codes), plus the JWE allow-lists and limits. */
export interface DecryptOptions<T = JwtPayload> extends Omit<VerifyOptions<T>, 'algorithms'>, Omit<DecryptJweOptions, 'algorithms' | 'encryptions'> {
  /** Key-management algs to accept; default: what the key can do, never PBES2. */
  algorithms?: KeyManagementAlg[];
  /** Content encryptions to accept; default: every one the key can do. */
  encryptions?: Enc[];
}

// Spelt out, not spread from decryptJwe's: a spread is not pure, and would keep this in bundles without JWE.
const DECRYPT_OPTIONS = /* @__PURE__ */ optionNames<DecryptOptions>({
  algorithms: true,
  encryptions: true,
  maxTokenLength: true,
  maxDecompressedLength: true,
  maxPbes2Count: true,
  issuer: true,
  audience: true,
  subject: true,
  jwtId: true,
  nonce: true,
  typ: true,
  clockTolerance: true,
  maxAge: true,
  requiredClaims: true,
  now: true,
  validate: true,
});

/**
 * Decrypts a JWT (a compact JWE whose plaintext is a claims set), then validates the claims at
 * `options.now` exactly as `verify` does. A resolver receives the protected header (not yet
 * authenticated) to pick a key, e.g. by `kid`. A nested JWT (`cty: "JWT"`) is two calls:
 * `decryptJwe`, then `verify` on the plaintext (docs/jwe.md).
 *
 * @throws ERR_JWE_DECRYPTION: the token does not decrypt with this key (one code for every cause).
 * @throws ERR_JWT_MALFORMED, ERR_JWT_ALGORITHM, ERR_JWT_EXPIRED, ERR_JWT_NOT_BEFORE, ERR_JWT_CLAIM: the token is refused (the client's fault).
 * @throws ERR_KEY, ERR_INVALID_ARGUMENT: the key or the options are wrong (the caller's fault).
 * @example
 * ```ts
 * const { payload } = await decrypt(token, secret32Bytes, { issuer: 'https://app.example' });
 * ```
 */
export async function decrypt<T extends object = JwtPayload>(
  token: string,
  key: JweKeyInput | JweKeyResolver,
  decryptOptions?: DecryptOptions<T>,
): Promise<VerifyResult<JwtPayload & T>> {
  // A snapshot: each option is read once, so a getter cannot pass the checks and then change.
  const options = { ...optionsObject(decryptOptions, DECRYPT_OPTIONS) };
  // The claim options are verify's; `algorithms` here are JWE algs, checked by checkDecryptOptions.
  const claimOptions = options as VerifyOptions<unknown>;
  const times = checkVerifyOptions(claimOptions);
  const { header, plaintext } = await decryptCompact(token, key, checkDecryptOptions(options));
  if (typeof header.cty === 'string' && header.cty.toUpperCase() === 'JWT') {
    throw new JwtMalformedError('this JWE holds a nested JWT (cty "JWT"): decryptJwe, then verify its plaintext');
  }
  const payload = checkClaims(parseJsonObject(utf8Decode(plaintext), 'payload'), header, claimOptions, times);
  return { header: header as JwtHeader, payload: await guarded(options as VerifyOptions<T>, payload) };
}
