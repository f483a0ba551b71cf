import { JwtArgumentError, JwtBearerMalformedError, JwtError } from '../index.js';
import { parseBearer } from './bearer.js';

/**
 * What a resource server answers when bearer authentication fails (RFC 6750 §3), shared by the
 * Fetch and the Node helpers: 401 with a `WWW-Authenticate: Bearer` challenge, `invalid_token` when
 * the token does not verify, no error code at all when the request carries no bearer token
 * (§3.1), and 400 `invalid_request` when the header is malformed. The JSON body repeats the
 * challenge plus jwtkit's error `code`. Nothing else of the error (no stack) reaches the client.
 *
 * Only errors the token caused are the client's: when the keys to check it with cannot be loaded
 * the answer is 503 (the token may be fine; retrying later may work), and any other error (a bad
 * key, a mistyped option, a bug) is the server's own, so it is rethrown for the app to answer.
 */

/** Checks a bearer token and returns what the request may use (e.g. `sessions.verifyAccess`); a JwtError means "not authenticated". */
export type BearerVerifier<T> = (token: string) => T | Promise<T>;

/** An answer to send when authentication fails: status, headers and a JSON body. */
export interface Rejection {
  /** 400 malformed header, 401 no or a bad token, 503 the token cannot be checked now. */
  status: 400 | 401 | 503;
  /** `content-type` and `cache-control`, and `www-authenticate` on 400 and 401. */
  headers: Record<string, string>;
  /** JSON text: `{ error?, error_description, code? }`. */
  body: string;
  /** Why; `undefined` when the request carried no bearer token. */
  error: JwtError | undefined;
}

/** The outcome of checking one Authorization header. */
export type BearerOutcome<T> = { ok: true; payload: T; token: string } | { ok: false; rejection: Rejection };

/** error_description is a quoted-string of a restricted set (RFC 6750 §3): printable ASCII without `"` and `\`. */
function descriptionOf(message: string): string {
  return message
    .replace(/["\\]/g, "'")
    .replace(/[^\x20-\x7e]/g, '')
    .slice(0, 200);
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

/**
 * 503: the token could not be checked. No challenge (the token was not judged) and a generic message:
 * the endpoint's details stay in `error`, on the server.
 */
function unavailable(error: JwtError): Rejection {
  return {
    status: 503,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ error: 'temporarily_unavailable', error_description: 'the token cannot be checked now; try again later', code: error.code }),
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
 * server saw each repeated header). Errors that are neither the token's nor the key set's (a
 * JwtError such as ERR_KEY, the verifier's own bugs, a database down) are rethrown.
 */
export async function checkAuthorization<T>(
  authorization: string | readonly string[] | null | undefined,
  verifier: BearerVerifier<T>,
): Promise<BearerOutcome<T>> {
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
    // Whose fault it is, as the error says (errors.ts): the token's is 401, a key set out of reach 503.
    if (error.category === 'client') return { ok: false, rejection: rejection(401, error, 'invalid_token', error.message) };
    if (error.statusCode === 503) return { ok: false, rejection: unavailable(error) };
    throw error; // ERR_KEY, ERR_INVALID_ARGUMENT, …: the server's own mistake, not an answer for the client
  }
}
