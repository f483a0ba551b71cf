import { JwtArgumentError } from '../index.js';
import { type BearerVerifier, checkAuthorization } from './challenge.js';

/**
 * Bearer authentication as `(req, res, next)` middleware, for Node's `http`, Express and Connect.
 * Typed structurally (no Node types), so this module stays runnable everywhere.
 */

/** The request as the middleware sees it: Node's IncomingMessage (or Express's Request) fits. */
export interface NodeRequest<T> {
  headers: Record<string, string | string[] | undefined>;
  /** Node's every value of each header (Node ≥ 16.17); `headers` keeps only the first Authorization. */
  headersDistinct?: Record<string, string[] | undefined>;
  /** Node's header names and values as received, alternating; read when `headersDistinct` is absent. */
  rawHeaders?: string[];
  /** Set to the verified payload before `next()` is called. */
  auth?: T;
}

/** The response as the middleware uses it: Node's ServerResponse (or Express's Response) fits. */
export interface NodeResponse {
  statusCode: number;
  /** Sets one response header (the challenge, content type, cache control). */
  setHeader(name: string, value: string): unknown;
  /** Sends the JSON body and ends the response. */
  end(body: string): unknown;
}

/**
 * A `(req, res, next)` middleware: it answers authentication failures itself and hands other errors
 * to `next(error)`. It sets `req.auth` to the verifier's payload, a `T`, and takes any request
 * whatever type it gives `auth` (none, or Express's `req.auth` once jwtkit/sessions/express is
 * imported): a request type is what the app reads `auth` as, not something the middleware reads.
 */
export type Middleware<T> = (req: NodeRequest<T | unknown>, res: NodeResponse, next: (error?: unknown) => void) => Promise<void>;

/**
 * The request's Authorization header, or all of them when it has several. Node's `headers` keeps
 * only the first of repeated Authorization headers, so a second credential would go unseen there;
 * the distinct values (or the raw list) show them all. Otherwise `headers` is read, as middleware
 * before this one may have set it. A hand-built request may also pass an array.
 */
function authorizationHeaders(req: NodeRequest<unknown>): string | string[] | undefined {
  const received =
    req.headersDistinct?.authorization ??
    (Array.isArray(req.rawHeaders) ? req.rawHeaders.filter((_, index, raw) => index % 2 === 1 && /^authorization$/i.test(raw[index - 1]!)) : []);
  return received.length > 1 ? received : req.headers.authorization;
}

/**
 * Middleware that verifies the bearer token with `verifier` (e.g. `sessions.verifyAccess`), sets
 * `req.auth` to the payload and calls `next()`; otherwise it answers 401 (400 for a malformed
 * header or more than one Authorization header) with an RFC 6750 challenge and a JSON body, or 503
 * when the key set cannot be loaded. Any other verifier error (ERR_KEY, ERR_INVALID_ARGUMENT, an
 * error that is not a JwtError) goes to `next(error)`, your error handler.
 *
 * @throws nothing: a refused token is answered; verifier errors that are the server's (ERR_KEY,
 * ERR_INVALID_ARGUMENT, errors that are not a JwtError) go to `next(error)`.
 * @example
 * ```ts
 * app.get('/api/me', expressAuth(auth.verifyAccess), (req, res) => res.json(req.auth));
 * ```
 */
export function expressAuth<T>(verifier: BearerVerifier<T>): Middleware<T> {
  if (typeof verifier !== 'function') throw new JwtArgumentError('verifier must be a function: (token) => payload');
  return async (req, res, next) => {
    let outcome;
    try {
      outcome = await checkAuthorization(authorizationHeaders(req), verifier);
    } catch (error) {
      next(error);
      return;
    }
    if (outcome.ok) {
      req.auth = outcome.payload;
      next();
      return;
    }
    const { status, headers, body } = outcome.rejection;
    res.statusCode = status;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.end(body);
  };
}
