import { JwtArgumentError, JwtBearerMalformedError } from '../index.js';

/**
 * Reading a bearer token from an `Authorization` header, as RFC 6750 §2.1 defines it:
 * `credentials = "Bearer" 1*SP b64token`, the scheme matched case-insensitively.
 */

// The auth-scheme is a token (RFC 9110 §11.1): it ends at the first character that is not a tchar,
// so `Bearer\t…`, `Bearer,…` and `Bearer=…` all name Bearer, and are then held to the grammar below.
const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
// Anchored at both ends: only "Bearer", spaces and one b64token, so nothing can hide before the token.
const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The token of a `Bearer` Authorization header. `null` when there is no bearer credential (no
 * header, an empty one, or another scheme such as `Basic`); ERR_BEARER_MALFORMED when the scheme
 * is Bearer but what follows is not exactly one token of b64token characters.
 */
export function parseBearer(authorization: string | null | undefined): string | null {
  if (authorization === undefined || authorization === null) return null;
  if (typeof authorization !== 'string') throw new JwtArgumentError('the Authorization header must be a string');
  // HTTP parsers strip optional whitespace around field values; do the same for values built by hand.
  const value = authorization.replace(/^[ \t]+|[ \t]+$/g, '');
  const scheme = SCHEME.exec(value)?.[0];
  if (scheme === undefined || scheme.toLowerCase() !== 'bearer') return null;
  const match = BEARER_CREDENTIALS.exec(value);
  if (!match) throw new JwtBearerMalformedError('the Authorization header must be "Bearer" and one token (RFC 6750 section 2.1)');
  return match[1]!;
}
