import { JwtMalformedError } from '../errors.js';
import { type JsonObject, isJsonObject, parseJsonObject } from '../util/json.js';
import { optionNames, optionsObject } from '../util/options.js';
import { checkMaxTokenLength, parseHeaderSegment } from './segments.js';

/**
 * `decodeProtectedHeader`: the protected header of any JOSE object, read before a key is chosen.
 * It only reads the one `protected` member, so it serves JWS and JWE alike and needs no JWE code.
 */

const OPTIONS = /* @__PURE__ */ optionNames<{ maxTokenLength?: number }>({ maxTokenLength: true });

/** Where the protected header of a JSON serialization is: top level (flattened JWS, any JWE), else the first signature's (general JWS). */
function protectedMember(jose: JsonObject): unknown {
  if (Object.hasOwn(jose, 'protected') || !Object.hasOwn(jose, 'signatures')) return jose.protected;
  const signatures = jose.signatures;
  if (!Array.isArray(signatures) || !isJsonObject(signatures[0])) throw new JwtMalformedError('"signatures" must be a non-empty array of objects');
  return signatures[0].protected;
}

/** The protected segment of a compact JWS (3 segments) or JWE (5 segments). */
function compactProtected(token: string): string {
  const segments = token.split('.');
  if (segments.length !== 3 && segments.length !== 5) throw new JwtMalformedError('a compact JWS has 3 "."-separated segments and a JWE 5');
  return segments[0]!;
}

/**
 * The protected header of a JWS or JWE, compact (`a.b.c`, `a.b.c.d.e`) or JSON (the object, or its
 * text), WITHOUT verifying anything: to pick a key or an algorithm, never to decide trust. A general
 * JWS gives its first signature's (verifyJwsJson's resolver sees each one); a JSON object without a
 * protected header gives `{}`. Throws ERR_JWT_MALFORMED for anything else (ERR_INVALID_ARGUMENT for
 * a bad option); `maxTokenLength` (default 16,384) caps the text.
 *
 * @throws ERR_JWT_MALFORMED: not a JWS or JWE.
 * @throws ERR_INVALID_ARGUMENT: a bad option.
 * @example
 * ```ts
 * const { alg, kid } = decodeProtectedHeader(token); // NOT verified: to pick a key only
 * console.log(alg, kid);
 * ```
 */
export function decodeProtectedHeader(token: string | object, options?: { maxTokenLength?: number }): JsonObject {
  const limit = checkMaxTokenLength(optionsObject(options, OPTIONS).maxTokenLength);
  let jose: unknown = token;
  if (typeof token === 'string') {
    if (token.length > limit) throw new JwtMalformedError(`token is longer than maxTokenLength (${limit})`);
    if (!token.trimStart().startsWith('{')) return parseHeaderSegment(compactProtected(token));
    jose = parseJsonObject(token, 'JSON serialization');
  }
  if (!isJsonObject(jose)) throw new JwtMalformedError('token must be a compact string or a JSON serialization object');
  const segment = protectedMember(jose);
  if (segment === undefined) return {};
  if (typeof segment !== 'string') throw new JwtMalformedError('"protected" must be a base64url string');
  return parseHeaderSegment(segment);
}
