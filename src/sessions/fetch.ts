import { JwtArgumentError, type JwtError } from '../index.js';
import { type BearerVerifier, checkAuthorization } from './challenge.js';

/**
 * Bearer authentication for Fetch API `Request`s: Cloudflare Workers, Deno, Bun, Hono, Next.js
 * route handlers, and Node's own `fetch` types.
 */

/** What `authenticate` resolves to: the verified payload, or the Response to send instead. */
export type Authentication<T> = { ok: true; payload: T; token: string } | { ok: false; response: Response; error: JwtError | undefined };

/**
 * Verifies the request's bearer token with `verifier` (e.g. `sessions.verifyAccess`). When it
 * fails, `response` is the answer to return: 401 with an RFC 6750 `WWW-Authenticate` challenge,
 * 400 for a malformed header, or 503 when the key set cannot be loaded. Any other verifier error
 * (ERR_KEY, ERR_INVALID_ARGUMENT, an error that is not a JwtError) is the server's: it is rethrown.
 *
 * @throws nothing for a refused token (that is the `response`); rethrows verifier errors that are the
 * server's: ERR_KEY, ERR_INVALID_ARGUMENT, and errors that are not a JwtError.
 * @example
 * ```ts
 * const result = await authenticate(request, auth.verifyAccess);
 * if (!result.ok) return result.response; // 401/400/503 with the RFC 6750 challenge
 * return Response.json({ hello: result.payload.sub });
 * ```
 */
export async function authenticate<T>(request: Request, verifier: BearerVerifier<T>): Promise<Authentication<T>> {
  if (typeof request !== 'object' || request === null || typeof request.headers?.get !== 'function') {
    throw new JwtArgumentError('authenticate needs a Fetch API Request');
  }
  const outcome = await checkAuthorization(request.headers.get('authorization'), verifier);
  if (outcome.ok) return outcome;
  const { status, headers, body, error } = outcome.rejection;
  return { ok: false, response: new Response(body, { status, headers }), error };
}
