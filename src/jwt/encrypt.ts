import type { Enc, KeyManagementAlg } from '../jwe-algorithms.js';
import { type EncryptJweOptions, encryptPrepared, prepareEncryption } from '../jwe/encrypt.js';
import type { JweKeyInput } from '../keys/jwe-material.js';
import { utf8Encode } from '../util/base64url.js';
import { stringifyJson } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import { checkSignOptions } from './options.js';
import { buildClaims } from './sign.js';
import type { JwtPayload, SignOptions } from './types.js';

/** Options of `encrypt`: every claim option of `sign` (same duration model), plus the JWE choices. */
export interface EncryptOptions extends Omit<SignOptions, 'alg'>, Omit<EncryptJweOptions, 'alg' | 'enc'> {
  /** Key management; default: the first alg the key can do (`dir` for a secret of a CEK's length, RSA-OAEP-256, ECDH-ES). */
  alg?: KeyManagementAlg;
  /** Content encryption; default: for `dir` the one the secret's length fits, else A256GCM. */
  enc?: Enc;
}

// Spelt out, not spread from encryptJwe's: a spread is not pure, and would keep this in bundles without JWE.
const ENCRYPT_OPTIONS = /* @__PURE__ */ optionNames<EncryptOptions>({
  alg: true,
  enc: true,
  zip: true,
  kid: true,
  typ: true,
  cty: true,
  header: true,
  p2c: true,
  expiresIn: true,
  notBefore: true,
  issuer: true,
  audience: true,
  subject: true,
  jwtId: true,
  iat: true,
  now: true,
});

/**
 * Encrypts a JWT: the claims are built exactly as `sign` builds them (iat, exp, nbf, iss, aud,
 * sub, jti from the options), then encrypted as a compact JWE with header `{ alg, enc, typ: 'JWT' }`.
 *
 * @throws ERR_KEY, ERR_INVALID_ARGUMENT: the key cannot do the alg, or an option or the payload is wrong (the caller's fault).
 * @throws ERR_JWT_ALGORITHM: this runtime lacks a primitive the alg or enc needs (192-bit AES in Chromium, `zip` without CompressionStream).
 * @example
 * ```ts
 * const token = await encrypt({ sub: 'user-1' }, secret32Bytes, { expiresIn: '15m' }); // dir + A256GCM
 * ```
 */
export async function encrypt(payload: JwtPayload, key: JweKeyInput, encryptOptions?: EncryptOptions): Promise<string> {
  const options = { ...optionsObject(encryptOptions, ENCRYPT_OPTIONS) }; // a snapshot: each option is read once
  // The claim options are sign's; `alg` here is a JWE alg, checked by prepareEncryption.
  const claimOptions = options as SignOptions;
  const durations = checkSignOptions(claimOptions);
  const prepared = prepareEncryption(key, { ...options, typ: options.typ ?? 'JWT' });
  return encryptPrepared(prepared, utf8Encode(stringifyJson(buildClaims(payload, claimOptions, durations), 'payload')));
}
