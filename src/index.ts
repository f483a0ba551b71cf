/**
 * jwtkit: JSON Web Tokens on WebCrypto, with no dependencies.
 * `sign` / `verify` / `decode` for JWTs; `signJws` / `verifyJws` for any payload; `importKey`.
 */
export { sign, createSigner, type Signer } from './jwt/sign.js';
export { verify, createVerifier, type Verifier } from './jwt/verify.js';
export { decode } from './jwt/decode.js';
export { signJws, type SignJwsOptions } from './jws/sign.js';
export { verifyJws, type VerifyJwsOptions, type KeyResolver } from './jws/verify.js';
export { importKey } from './keys/cache.js';
export { cryptoBackend } from './backend/index.js';
export { Key, type KeyInput, type KeyOperation } from './keys/key.js';
export type { Jwk } from './keys/jwk.js';
export type { Alg } from './algorithms.js';
export { toSeconds, type Duration } from './util/time.js';
export type {
  ClaimMatcher,
  DecodedJwt,
  JwtHeader,
  JwtPayload,
  SignOptions,
  VerifierOptions,
  VerifyOptions,
  VerifyResult,
} from './jwt/types.js';
export {
  JwtError,
  JwtMalformedError,
  JwtAlgorithmError,
  JwtSignatureError,
  JwtExpiredError,
  JwtNotBeforeError,
  JwtClaimError,
  JwtKeyError,
  JwtArgumentError,
  JwtTokenTypeError,
  JwtSessionExpiredError,
  JwtSessionRevokedError,
  JwtBearerMalformedError,
  type JwtErrorCode,
} from './errors.js';
