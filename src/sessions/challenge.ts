import { JwtArgumentError, JwtBearerMalformedError, JwtError } from '../index.js';
import { parseBearer } from './bearer.js';

/**
 * What a resource server answers when bearer authentication fails (RFC 6750 §3), shared by the
 * Fetch and the Node helpers: 401 with a `WWW-Authenticate: Bearer` challenge, `invalid_token` when
 * the token does not verify, no error code at all when the request carries no bearer token
 * (§3.1), and 400 `invalid_request` when the header is malformed. The JSON body repeats the
 * challenge plus jwtkit's error `code`. Nothing else of the error (no stack) reaches the client.
 */

/** Checks a bearer token and returns what the request may use (e.g. `sessions.verifyAccess`); a JwtError means "not authenticated". */
export type Verifier<T> = (token: string) => T | Promise<T>;

/** An answer to send when authentication fails: status, headers and a JSON body. */
export interface Rejection {
  status: 400 | 401;
  headers: Record<'www-authenticate' | 'content-type' | 'cache-control', string>;
  /** JSON text: `{ error?, error_description, code? }`. */
  body: string;
  /** Why; `undefined` when the request carried no bearer token. */
  error: JwtError | undefined;
}

/** The outcome of checking one Authorization header. */
export type BearerOutcome<T> = { ok: true; payload: T; token: string } | { ok: false; rejection: Rejection };

/** error_description is a quoted-string of a restricted set (RFC 6750 §3): printable ASCII without `"` and `\`. */
function descriptionOf(message: string): string {
  return message.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '').slice(0, 200);
}

function rejection(status: 400 | 401, error: JwtError | undefined, errorCode: string | undefined, description: string): Rejection {
  const text = descriptionOf(description);
  const challenge = errorCode === undefined ? 'Bearer' : `Bearer error="${errorCode}", error_description="${text}"`;
  const body = errorCode === undefined ? { error_description: text } : { error: errorCode, error_description: text, code: error?.code };
  return {
    status,
    headers: { 'www-authenticate': challenge, 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
    error,
  };
}

/** The bearer token of the request's Authorization header(s): one header at most (RFC 6750 §2.1 credentials are one). */
function bearerToken(authorization: string | readonly string[] | null | undefined): string | null {
  if (typeof authorization === 'object' && authorization !== null) {
    if (authorization.length > 1) throw new JwtBearerMalformedError('the request has more than one Authorization header');
    return parseBearer(authorization[0]);
  }
  return parseBearer(authorization);
}

/**
 * Reads and verifies the bearer token of the request's Authorization header (a list when the
 * server saw each repeated header). Errors other than JwtError (the verifier's own bugs, a
 * database down) are rethrown.
 */
export async function checkAuthorization<T>(authorization: string | readonly string[] | null | undefined, verifier: Verifier<T>): Promise<BearerOutcome<T>> {
  if (typeof verifier !== 'function') throw new JwtArgumentError('verifier must be a function: (token) => payload');
  let token: string | null;
  try {
    token = bearerToken(authorization);
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    return { ok: false, rejection: rejection(400, error, 'invalid_request', error.message) };
  }
  if (token === null) return { ok: false, rejection: rejection(401, undefined, undefined, 'a bearer access token is required') };
  try {
    return { ok: true, payload: await verifier(token), token };
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    return { ok: false, rejection: rejection(401, error, 'invalid_token', error.message) };
  }
}
