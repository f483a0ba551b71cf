import { JwtError } from '../errors.js';

/**
 * The errors of jwtkit/sessions: token kinds, sessions, bearer headers. Defined in the sessions
 * layer, but bundled with the core: jwtkit exports them (src/index.ts), and jwtkit/sessions takes
 * them from there through '../index.js' like the rest of the public API, so each is one class for
 * both entries and `instanceof` works whichever entry an app imports it from. That is why this
 * module imports only the core's errors.ts, and no other sessions module imports it directly
 * (eslint.config.js).
 */

/** A valid token of the wrong kind: a refresh token where an access token is expected, or the other way round. */
export class JwtTokenTypeError extends JwtError {
  declare readonly code: 'ERR_TOKEN_TYPE';
  constructor(message: string) {
    super('ERR_TOKEN_TYPE', message);
  }
}

/** The refresh token (and so the session) is past its end: the user must log in again. */
export class JwtSessionExpiredError extends JwtError {
  declare readonly code: 'ERR_SESSION_EXPIRED';
  /** When the session ended (the refresh token's `exp`). */
  declare readonly expiredAt: Date;
  constructor(expiredAt: Date) {
    super('ERR_SESSION_EXPIRED', `session expired at ${expiredAt.toISOString()}`);
    this.expiredAt = expiredAt;
  }
}

/** The session was ended: logged out, revoked, its user disabled, or a spent refresh token was presented again. */
export class JwtSessionRevokedError extends JwtError {
  declare readonly code: 'ERR_SESSION_REVOKED';
  constructor(message: string) {
    super('ERR_SESSION_REVOKED', message);
  }
}

/** No refresh token was presented (`undefined`, `''`: a request without the refresh cookie): the user must log in. */
export class JwtSessionMissingError extends JwtError {
  declare readonly code: 'ERR_SESSION_MISSING';
  constructor(message = 'no refresh token: log in') {
    super('ERR_SESSION_MISSING', message);
  }
}

/** An HTTP `Authorization` header that names the Bearer scheme but is not one well-formed credential (RFC 6750 §2.1). */
export class JwtBearerMalformedError extends JwtError {
  declare readonly code: 'ERR_BEARER_MALFORMED';
  constructor(message: string) {
    super('ERR_BEARER_MALFORMED', message, undefined, 400);
  }
}
