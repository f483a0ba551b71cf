import { JwtError } from '../errors.js';

/**
 * The errors of loading a JWK set (jwks/fetch.ts, jwks/set.ts): the set's endpoint is slow, down,
 * or answers something that is not a set. All three are the server's (503): the key set cannot be
 * loaded now, which is no fault of the token. (ERR_JWKS_NO_MATCH, no key of a set fits the token,
 * is the key-selection rules' and stays in errors.ts beside them: keys/ and jws/ throw it too.)
 */

/** Fetching the remote JWK set took longer than its `timeout`. */
export class JwksTimeoutError extends JwtError {
  declare readonly code: 'ERR_JWKS_TIMEOUT';
  constructor(message: string) {
    super('ERR_JWKS_TIMEOUT', message, undefined, 503);
  }
}

/** The JWK set (or the response that should hold one) is not a JWKS: not JSON, no `keys` array, too large. */
export class JwksInvalidError extends JwtError {
  declare readonly code: 'ERR_JWKS_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_JWKS_INVALID', message, options, 503);
  }
}

/** The JWK set could not be fetched: a network error, an HTTP status other than 2xx, or an aborted request. */
export class JwksFetchError extends JwtError {
  declare readonly code: 'ERR_JWKS_FETCH';
  /** The HTTP status, when the server answered. */
  declare readonly status: number | undefined;
  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super('ERR_JWKS_FETCH', message, options, 503);
    this.status = options?.status;
  }
}
