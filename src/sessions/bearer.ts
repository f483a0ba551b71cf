import { JwtArgumentError, JwtBearerMalformedError } from '../index.js';

/**
 * Reading a bearer token from an `Authorization` header, as RFC 6750 §2.1 defines it:
 * `credentials = "Bearer" 1*SP b64token`, the scheme matched case-insensitively.
 */

// The auth-scheme is a token (RFC 9110 §11.1): it ends at the first character that is not a tchar,
// so `Bearer\t…`, `Bearer,…` and `Bearer=…` all name Bearer, and are then held to the grammar below.
const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
// One b64token, anchored at both ends. The two classes share no character, so a failed match
// gives back at most one character per step: linear time, whatever the input.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The longest Authorization value read, in characters (8 KiB). A longer one is refused before any
 * other work, so parsing costs a bounded time whatever a client sends; real bearer tokens are far
 * shorter, and servers commonly cap all headers near this size anyway.
 */
export const MAX_AUTHORIZATION_LENGTH = 8192;

/** Optional whitespace (RFC 9110 §5.6.3): space and horizontal tab. */
function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * The value without leading and trailing spaces and tabs, found with an index loop: a regex such
 * as `/^[ \t]+|[ \t]+$/g` retries its second branch at every position of an inner run of spaces,
 * quadratic time on a long run.
 */
function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

/**
 * The token of a `Bearer` Authorization header. `null` when there is no bearer credential (no
 * header, an empty one, or another scheme such as `Basic`); ERR_BEARER_MALFORMED when the scheme
 * is Bearer but what follows is not exactly one token of b64token characters.
 *
 * @throws ERR_BEARER_MALFORMED: the scheme is Bearer but the value is not exactly one token, or it is over 8 KiB.
 * @example
 * ```ts
 * parseBearer('Bearer eyJhbGciOi…'); // 'eyJhbGciOi…'
 * parseBearer('Basic dXNlcjpwdw=='); // null: not a bearer credential
 * ```
 */
export function parseBearer(authorization: string | null | undefined): string | null {
  if (authorization === undefined || authorization === null) return null;
  if (typeof authorization !== 'string') throw new JwtArgumentError('the Authorization header must be a string');
  if (authorization.length > MAX_AUTHORIZATION_LENGTH) {
    throw new JwtBearerMalformedError(`the Authorization header is longer than ${MAX_AUTHORIZATION_LENGTH} characters`);
  }
  // HTTP parsers strip optional whitespace around field values; do the same for values built by hand.
  const value = trimOws(authorization);
  // One character class and nothing after it: no backtracking.
  const scheme = SCHEME.exec(value)?.[0];
  if (scheme === undefined || scheme.toLowerCase() !== 'bearer') return null;
  // Only "Bearer", spaces and one b64token, so nothing can hide before the token.
  let start = scheme.length;
  while (value.charCodeAt(start) === 0x20) start++;
  const token = value.slice(start);
  if (start === scheme.length || !B64TOKEN.test(token)) {
    throw new JwtBearerMalformedError('the Authorization header must be "Bearer" and one token (RFC 6750 section 2.1)');
  }
  return token;
}
