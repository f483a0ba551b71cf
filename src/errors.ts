// The layers' own error classes, for the AnyJwtError union only (types: nothing of those layers is loaded).
import type { JwksFetchError, JwksInvalidError, JwksTimeoutError } from './jwks/errors.js';
import type { JwtBearerMalformedError, JwtSessionExpiredError, JwtSessionMissingError, JwtSessionRevokedError, JwtTokenTypeError } from './sessions/errors.js';

/**
 * Every error jwtkit throws is a JwtError with a stable `code`. Match on `code`, not on the message:
 * messages may be reworded, codes never change. Messages never contain token or key material, so
 * they are safe to log.
 */

/** The stable codes a JwtError can carry. */
export type JwtErrorCode =
  | 'ERR_JWT_MALFORMED'
  | 'ERR_JWT_ALGORITHM'
  | 'ERR_JWT_SIGNATURE'
  | 'ERR_JWE_DECRYPTION'
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_NOT_BEFORE'
  | 'ERR_JWT_CLAIM'
  | 'ERR_KEY'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_TOKEN_TYPE'
  | 'ERR_SESSION_EXPIRED'
  | 'ERR_SESSION_REVOKED'
  | 'ERR_SESSION_MISSING'
  | 'ERR_BEARER_MALFORMED'
  | 'ERR_JWKS_NO_MATCH'
  | 'ERR_JWKS_TIMEOUT'
  | 'ERR_JWKS_INVALID'
  | 'ERR_JWKS_FETCH';

// Fields are `declare`d and set in the constructors: no class-field definitions are emitted for them.

/**
 * Whose mistake an error is. `'client'`: the token or the request (expired, forged, malformed,
 * revoked, missing): answer 4xx. `'server'`: the app's own setup (ERR_KEY, ERR_INVALID_ARGUMENT)
 * or a key set it cannot load now (ERR_JWKS_FETCH, ERR_JWKS_TIMEOUT, ERR_JWKS_INVALID): answer
 * 5xx and alert someone, do not blame the client.
 */
export type JwtErrorCategory = 'client' | 'server';

/**
 * The HTTP status a server answers with: 401 for a token that does not pass, 400 for a malformed
 * request, 500 for its own setup, 503 for a key set it cannot load now.
 */
export type JwtErrorStatus = 400 | 401 | 500 | 503;

/**
 * Base class of every error jwtkit throws: match on its stable `code`, not on the message.
 *
 * @example
 * ```ts
 * try {
 *   await verify(token, secret);
 * } catch (error) {
 *   if (error instanceof JwtError && error.code === 'ERR_JWT_EXPIRED') return refresh();
 *   throw error;
 * }
 * ```
 */
export class JwtError extends Error {
  declare readonly code: JwtErrorCode;
  /** The HTTP status to answer with (see JwtErrorStatus). Not JwksFetchError's `status`, which is what the key set's endpoint answered. */
  declare readonly statusCode: JwtErrorStatus;
  /** Whose mistake it is: the client's (the token, the request) or the server's own (see JwtErrorCategory). */
  declare readonly category: JwtErrorCategory;
  // The status is the class's (a token's error is 401 unless its class says otherwise), so an app's bundle holds only the classes it can throw.
  constructor(code: JwtErrorCode, message: string, options?: { cause?: unknown }, statusCode: JwtErrorStatus = 401) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    this.statusCode = statusCode;
    this.category = statusCode < 500 ? 'client' : 'server';
  }
}

/** The token is not a well-formed compact JWS/JWT (segments, base64url, JSON, size, `crit`). */
export class JwtMalformedError extends JwtError {
  declare readonly code: 'ERR_JWT_MALFORMED';
  constructor(message: string) {
    super('ERR_JWT_MALFORMED', message);
  }
}

/** The `alg` is missing, `none`, not allowed, or not one the key can do. */
export class JwtAlgorithmError extends JwtError {
  declare readonly code: 'ERR_JWT_ALGORITHM';
  constructor(message: string) {
    super('ERR_JWT_ALGORITHM', message);
  }
}

/** The signature does not verify. */
export class JwtSignatureError extends JwtError {
  declare readonly code: 'ERR_JWT_SIGNATURE';
  constructor(message = 'signature verification failed') {
    super('ERR_JWT_SIGNATURE', message);
  }
}

/** The token is past its `exp` (plus clock tolerance). */
export class JwtExpiredError extends JwtError {
  declare readonly code: 'ERR_JWT_EXPIRED';
  /** When the token expired (its `exp`). */
  declare readonly expiredAt: Date;
  constructor(expiredAt: Date) {
    super('ERR_JWT_EXPIRED', `token expired at ${expiredAt.toISOString()}`);
    this.expiredAt = expiredAt;
  }
}

/** The token is not valid yet (`nbf` minus clock tolerance is in the future). */
export class JwtNotBeforeError extends JwtError {
  declare readonly code: 'ERR_JWT_NOT_BEFORE';
  /** When the token becomes valid (its `nbf`). */
  declare readonly notBefore: Date;
  constructor(notBefore: Date) {
    super('ERR_JWT_NOT_BEFORE', `token is not valid before ${notBefore.toISOString()}`);
    this.notBefore = notBefore;
  }
}

/** A claim (or the `typ` header) failed validation; `claim` names it. */
export class JwtClaimError extends JwtError {
  declare readonly code: 'ERR_JWT_CLAIM';
  /** The name of the claim that failed, e.g. `aud`. */
  declare readonly claim: string;
  constructor(claim: string, message: string, options?: { cause?: unknown }) {
    super('ERR_JWT_CLAIM', message, options);
    this.claim = claim;
  }
}

/** The key material cannot be used (wrong type for the alg, too short, unparseable, wrong use). */
export class JwtKeyError extends JwtError {
  declare readonly code: 'ERR_KEY';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_KEY', message, options, 500);
  }
}

/** The caller passed an option or argument jwtkit cannot use (e.g. `expiresIn: '120'`). */
export class JwtArgumentError extends JwtError {
  declare readonly code: 'ERR_INVALID_ARGUMENT';
  constructor(message: string) {
    super('ERR_INVALID_ARGUMENT', message, undefined, 500);
  }
}

/** No key of the JWK set fits the token (its `kid`, `alg`, key type and curve), even after a refetch. */
export class JwksNoMatchError extends JwtError {
  declare readonly code: 'ERR_JWKS_NO_MATCH';
  constructor(message = 'no key in the JWK set matches the token') {
    super('ERR_JWKS_NO_MATCH', message);
  }
}

/**
 * Every error class jwtkit throws, as a union discriminated by `code`: after `isJwtError(error)`,
 * checking `error.code` narrows to the class (`'ERR_JWT_EXPIRED'` → `expiredAt`).
 */
export type AnyJwtError =
  | JwtMalformedError
  | JwtAlgorithmError
  | JwtSignatureError
  | JwtExpiredError
  | JwtNotBeforeError
  | JwtClaimError
  | JwtKeyError
  | JwtArgumentError
  | JwtTokenTypeError
  | JwtSessionExpiredError
  | JwtSessionRevokedError
  | JwtSessionMissingError
  | JwtBearerMalformedError
  | JwksNoMatchError
  | JwksTimeoutError
  | JwksInvalidError
  | JwksFetchError
  | JweDecryptionError;

/**
 * True for any error jwtkit throws, typed as the union, so checking `code` narrows.
 *
 * @throws nothing: any value may be passed.
 * @example
 * ```ts
 * if (isJwtError(error) && error.code === 'ERR_JWT_EXPIRED') console.log(error.expiredAt);
 * ```
 */
export function isJwtError(error: unknown): error is AnyJwtError {
  return error instanceof JwtError;
}

/**
 * True when the error is the client's (the token or the request): answer it with
 * `error.statusCode` (400/401). False for the server's own errors (a bad key or option, a key set
 * that cannot be loaded) and for anything that is not a JwtError: those are 5xx, and yours to fix.
 *
 * @throws nothing: any value may be passed.
 * @example
 * ```ts
 * if (isClientError(error)) return Response.json({ error: error.code }, { status: error.statusCode });
 * throw error; // the server's own: a 500 from your error handler
 * ```
 */
export function isClientError(error: unknown): error is AnyJwtError {
  return error instanceof JwtError && error.category === 'client';
}

/**
 * A JWE did not decrypt: wrong key, changed ciphertext, IV, tag, header or encrypted key, bad
 * padding, a key unwrap that fails, a CEK of the wrong length. Always this one code and (but for
 * a decompressed plaintext over its limit) one message, so a failure tells an attacker nothing.
 */
export class JweDecryptionError extends JwtError {
  declare readonly code: 'ERR_JWE_DECRYPTION';
  constructor(message = 'decryption failed') {
    super('ERR_JWE_DECRYPTION', message);
  }
}
