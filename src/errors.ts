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
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_NOT_BEFORE'
  | 'ERR_JWT_CLAIM'
  | 'ERR_KEY'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_TOKEN_TYPE'
  | 'ERR_SESSION_EXPIRED'
  | 'ERR_SESSION_REVOKED'
  | 'ERR_BEARER_MALFORMED'
  | 'ERR_JWKS_NO_MATCH'
  | 'ERR_JWKS_TIMEOUT'
  | 'ERR_JWKS_INVALID'
  | 'ERR_JWKS_FETCH';

// Fields are `declare`d and set in the constructors: no class-field definitions are emitted for them.

/** Base class of every error jwtkit throws. */
export class JwtError extends Error {
  declare readonly code: JwtErrorCode;
  constructor(code: JwtErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The token is not a well-formed compact JWS/JWT (segments, base64url, JSON, size, `crit`). */
export class JwtMalformedError extends JwtError {
  constructor(message: string) {
    super('ERR_JWT_MALFORMED', message);
  }
}

/** The `alg` is missing, `none`, not allowed, or not one the key can do. */
export class JwtAlgorithmError extends JwtError {
  constructor(message: string) {
    super('ERR_JWT_ALGORITHM', message);
  }
}

/** The signature does not verify. */
export class JwtSignatureError extends JwtError {
  constructor(message = 'signature verification failed') {
    super('ERR_JWT_SIGNATURE', message);
  }
}

/** The token is past its `exp` (plus clock tolerance). */
export class JwtExpiredError extends JwtError {
  /** When the token expired (its `exp`). */
  declare readonly expiredAt: Date;
  constructor(expiredAt: Date) {
    super('ERR_JWT_EXPIRED', `token expired at ${expiredAt.toISOString()}`);
    this.expiredAt = expiredAt;
  }
}

/** The token is not valid yet (`nbf` minus clock tolerance is in the future). */
export class JwtNotBeforeError extends JwtError {
  /** When the token becomes valid (its `nbf`). */
  declare readonly notBefore: Date;
  constructor(notBefore: Date) {
    super('ERR_JWT_NOT_BEFORE', `token is not valid before ${notBefore.toISOString()}`);
    this.notBefore = notBefore;
  }
}

/** A claim (or the `typ` header) failed validation; `claim` names it. */
export class JwtClaimError extends JwtError {
  /** The name of the claim that failed, e.g. `aud`. */
  declare readonly claim: string;
  constructor(claim: string, message: string, options?: { cause?: unknown }) {
    super('ERR_JWT_CLAIM', message, options);
    this.claim = claim;
  }
}

/** The key material cannot be used (wrong type for the alg, too short, unparseable, wrong use). */
export class JwtKeyError extends JwtError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_KEY', message, options);
  }
}

/** The caller passed an option or argument jwtkit cannot use (e.g. `expiresIn: '120'`). */
export class JwtArgumentError extends JwtError {
  constructor(message: string) {
    super('ERR_INVALID_ARGUMENT', message);
  }
}

/** A valid token of the wrong kind: a refresh token where an access token is expected, or the other way round. */
export class JwtTokenTypeError extends JwtError {
  constructor(message: string) {
    super('ERR_TOKEN_TYPE', message);
  }
}

/** The refresh token (and so the session) is past its end: the user must log in again. */
export class JwtSessionExpiredError extends JwtError {
  /** When the session ended (the refresh token's `exp`). */
  declare readonly expiredAt: Date;
  constructor(expiredAt: Date) {
    super('ERR_SESSION_EXPIRED', `session expired at ${expiredAt.toISOString()}`);
    this.expiredAt = expiredAt;
  }
}

/** The session was ended: logged out, revoked, its user disabled, or a spent refresh token was presented again. */
export class JwtSessionRevokedError extends JwtError {
  constructor(message: string) {
    super('ERR_SESSION_REVOKED', message);
  }
}

/** An HTTP `Authorization` header that names the Bearer scheme but is not one well-formed credential (RFC 6750 §2.1). */
export class JwtBearerMalformedError extends JwtError {
  constructor(message: string) {
    super('ERR_BEARER_MALFORMED', message);
  }
}

/** No key of the JWK set fits the token (its `kid`, `alg`, key type and curve), even after a refetch. */
export class JwksNoMatchError extends JwtError {
  constructor(message = 'no key in the JWK set matches the token') {
    super('ERR_JWKS_NO_MATCH', message);
  }
}

/** Fetching the remote JWK set took longer than its `timeout`. */
export class JwksTimeoutError extends JwtError {
  constructor(message: string) {
    super('ERR_JWKS_TIMEOUT', message);
  }
}

/** The JWK set (or the response that should hold one) is not a JWKS: not JSON, no `keys` array, too large. */
export class JwksInvalidError extends JwtError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_JWKS_INVALID', message, options);
  }
}

/** The JWK set could not be fetched: a network error, an HTTP status other than 2xx, or an aborted request. */
export class JwksFetchError extends JwtError {
  /** The HTTP status, when the server answered. */
  declare readonly status: number | undefined;
  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super('ERR_JWKS_FETCH', message, options);
    this.status = options?.status;
  }
}
