import { JwtArgumentError } from '../index.js';
import { type Verifier, checkAuthorization } from './challenge.js';

/**
 * Bearer authentication as `(req, res, next)` middleware, for Node's `http`, Express and Connect.
 * Typed structurally (no Node types), so this module stays runnable everywhere.
 */

/** The request as the middleware sees it: Node's IncomingMessage (or Express's Request) fits. */
export interface NodeRequest<T> {
  headers: Record<string, string | string[] | undefined>;
  /** Set to the verified payload before `next()` is called. */
  auth?: T;
}

/** The response as the middleware uses it: Node's ServerResponse (or Express's Response) fits. */
export interface NodeResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/** A `(req, res, next)` middleware: it answers authentication failures itself and hands other errors to `next(error)`. */
export type Middleware<T> = (req: NodeRequest<T>, res: NodeResponse, next: (error?: unknown) => void) => Promise<void>;

/** One header value: Node joins most repeated headers, but a hand-built request may pass an array. */
function headerValue(value: string | string[] | undefined): string | undefined {
  if (!Array.isArray(value)) return value;
  // More than one Authorization header is more than one credential: malformed, as parseBearer will say.
  return value.length === 1 ? value[0] : value.join(', ');
}

/**
 * Middleware that verifies the bearer token with `verifier` (e.g. `sessions.verifyAccess`), sets
 * `req.auth` to the payload and calls `next()`; otherwise it answers 401 (or 400 for a malformed
 * header) with an RFC 6750 challenge and a JSON body. A verifier error that is not a JwtError goes
 * to `next(error)`, your error handler.
 */
export function expressAuth<T>(verifier: Verifier<T>): Middleware<T> {
  if (typeof verifier !== 'function') throw new JwtArgumentError('verifier must be a function: (token) => payload');
  return async (req, res, next) => {
    let outcome;
    try {
      outcome = await checkAuthorization(headerValue(req.headers.authorization), verifier);
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
