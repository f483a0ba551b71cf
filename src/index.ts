/**
 * jwtkit: JSON Web Tokens on WebCrypto, with no dependencies.
 * `sign` / `verify` / `decode` for JWTs; `signJws` / `verifyJws` for any payload; keys (import,
 * generate, export, thumbprints); JWK sets, local and remote. Every module is free of side
 * effects, so a bundler keeps only what is imported.
 */
export { sign, createSigner, type Signer } from './jwt/sign.js';
export { verify } from './jwt/verify.js';
export { createVerifier, type Verifier } from './jwt/verifier.js';
export { validateClaims, type ValidateClaimsOptions } from './jwt/validate-claims.js';
export { decode, type DecodeOptions } from './jwt/decode.js';
export { decodeProtectedHeader } from './jws/protected-header.js';
export { signJws, type SignJwsOptions } from './jws/sign.js';
export { verifyJws, type VerifyJwsOptions, type KeyResolver, type KeyCandidates } from './jws/verify.js';
export {
  signJwsJson,
  type SignJwsJsonOptions,
  type JwsJsonSigner,
  type JwsJson,
  type FlattenedJws,
  type GeneralJws,
  type JwsJsonSignature,
} from './jws/json-sign.js';
export { verifyJwsJson, type VerifyJwsJsonOptions, type VerifiedJwsJson, type JwsJsonSignatureResult, type JwsJsonKeyResolver } from './jws/json-verify.js';
export { encrypt, type EncryptOptions } from './jwt/encrypt.js';
export { decrypt, type DecryptOptions } from './jwt/decrypt.js';
export { encryptJwe, type EncryptJweOptions } from './jwe/encrypt.js';
export { decryptJwe, type DecryptJweOptions, type DecryptedJwe, type JweKeyResolver, type JweKeyCandidates } from './jwe/decrypt.js';
export type { JweKeyInput } from './keys/jwe-material.js';
export type { Enc, KeyManagementAlg, EcdhCurve } from './jwe-algorithms.js';
export type { JweKeyAlg } from './keys/fit.js';
export { importKey } from './keys/import.js';
export { cryptoBackend } from './backend/index.js';
export { Key, type KeyInput, type KeyOperation } from './keys/key.js';
export type { KeyObjectLike } from './keys/key-like.js';
export { generateKeyPair, generateSecret, type GenerateKeyPairOptions, type GenerateSecretOptions, type GeneratedKeyPair } from './keys/generate.js';
export { exportJwk, exportPem } from './keys/export.js';
export { thumbprint, thumbprintUri } from './keys/thumbprint.js';
export type { Jwk } from './keys/jwk.js';
export { createLocalJwks, type JwksResolver } from './jwks/local.js';
export { createRemoteJwks, type RemoteJwks } from './jwks/remote.js';
export type { RemoteJwksOptions } from './jwks/remote-options.js';
export type { JwksCache } from './jwks/persist.js';
export type { JwkSet } from './jwks/set.js';
export type { KeySelector } from './keys/select.js';
export type { Alg, Hash } from './algorithms.js';
export { toSeconds, epochSeconds, type Duration } from './util/time.js';
export type { ClaimMatcher, DecodedJwt, JwtHeader, JwtPayload, SignOptions, VerifierOptions, VerifyOptions, VerifyResult } from './jwt/types.js';
export {
  JwtError,
  JwtMalformedError,
  JwtAlgorithmError,
  JwtSignatureError,
  JweDecryptionError,
  JwtExpiredError,
  JwtNotBeforeError,
  JwtClaimError,
  JwtKeyError,
  JwtArgumentError,
  JwksNoMatchError,
  type JwtErrorCode,
  type AnyJwtError,
  type JwtErrorCategory,
  type JwtErrorStatus,
  isJwtError,
  isClientError,
} from './errors.js';
export { JwksTimeoutError, JwksInvalidError, JwksFetchError } from './jwks/errors.js';
// The sessions layer's errors are bundled here, so jwtkit and jwtkit/sessions share one class of each.
export { JwtTokenTypeError, JwtSessionExpiredError, JwtSessionRevokedError, JwtSessionMissingError, JwtBearerMalformedError } from './sessions/errors.js';
