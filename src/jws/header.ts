import { type Alg, isAlg } from '../algorithms.js';
import { JwtAlgorithmError, JwtArgumentError, JwtMalformedError } from '../errors.js';
import { type JsonObject, isJsonObject } from '../util/json.js';
import { checkArgument } from '../util/options.js';

/**
 * Protected-header rules: the `alg` allow-list and `crit`. Key-locating parameters (`jwk`, `jku`,
 * `x5u`, `x5c`) are never read anywhere in jwtkit: the verifier's key comes from the caller only.
 */

/** The header parameters of the extensions jwtkit implements: RFC 7797's `b64`, which only a JWS (not a JWT) may use. */
const EXTENSIONS: readonly string[] = ['b64'];
export const JWS_EXTENSIONS = EXTENSIONS;

/**
 * RFC 7515 §4.1.11 `crit`, strictly: it must be a non-empty list of distinct names, each an
 * extension this caller implements (`understood`: `['b64']` for a JWS, none for a JWT or a JWE)
 * and present in the header; registered names (`alg`, …) are never extensions. And an extension
 * jwtkit implements is honoured only when `crit` lists it: unlisted, other recipients would ignore
 * it and read the token differently. Used by every verifier (JWS, JWT, JWE).
 */
export function checkCrit(header: JsonObject, understood: readonly string[] = []): void {
  if (understood.length === 0) return refuseExtensions(header);
  const crit = header.crit as unknown[] | undefined;
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0 || new Set(crit).size !== crit.length)
      throw new JwtMalformedError('"crit" must be a non-empty list of distinct names');
    for (const name of crit) {
      if (!understood.includes(name as string)) throw new JwtMalformedError('"crit" lists an extension that is not supported here');
      if (!Object.hasOwn(header, name as string)) throw new JwtMalformedError('"crit" lists a parameter the header does not have');
    }
  }
  for (const name of EXTENSIONS)
    if (Object.hasOwn(header, name) && !crit?.includes(name)) throw new JwtMalformedError(`"${name}" is honoured only when "crit" lists it`);
}

/**
 * checkCrit with no extension understood, on its own so a JWT verifier ships only this: any `crit`
 * is refused (it could list only what is not understood), and so is `b64` (it needs `crit`).
 */
export function refuseExtensions(header: JsonObject): void {
  if (Object.hasOwn(header, 'crit') || Object.hasOwn(header, 'b64')) throw new JwtMalformedError('"crit" or "b64" is not supported here');
}

/**
 * RFC 7515 §7.2.1: an unprotected header (JSON serializations only) is not covered by the signature,
 * so it may not hold `crit` or `b64` (both must be protected: RFC 7515 §4.1.11, RFC 7797 §3), and no
 * name may be in both headers. Returns the problem, or undefined: a signer throws it as
 * ERR_INVALID_ARGUMENT, a verifier as ERR_JWT_MALFORMED.
 */
export function unprotectedProblem(protectedHeader: JsonObject, unprotected: unknown): string | undefined {
  if (!isJsonObject(unprotected)) return 'an unprotected header must be an object';
  for (const name of Object.keys(unprotected)) {
    if (name === 'crit' || EXTENSIONS.includes(name)) return `"${name}" must be in the protected header`;
    if (Object.hasOwn(protectedHeader, name)) return 'a header parameter is in both the protected and the unprotected header';
  }
  return undefined;
}

/** `alg` when jwtkit supports it (exact, case-sensitive); `none` in any casing (the classic bypass attempts) never is. */
function supportedAlg(alg: unknown): Alg {
  if (isAlg(alg)) return alg;
  const none = typeof alg === 'string' && alg.toLowerCase() === 'none';
  throw new JwtAlgorithmError(none ? 'unsecured alg "none" is refused' : 'missing or unsupported "alg"');
}

/** The header's alg, if it is present, not `none`, supported, and (when given) in `allowed`. */
export function headerAlg(header: JsonObject, allowed: readonly Alg[] | undefined): Alg {
  const alg = supportedAlg(header.alg);
  if (allowed && !allowed.includes(alg)) throw new JwtAlgorithmError(`alg ${alg} is not in the allowed algorithms`);
  return alg;
}

/** Checks a caller's `algorithms` option: a non-empty list of supported algs (never `none`). */
export function checkAlgorithmsOption(algorithms: unknown): readonly Alg[] | undefined {
  if (algorithms === undefined) return undefined;
  if (!Array.isArray(algorithms) || algorithms.length === 0 || !algorithms.every(isAlg)) {
    throw new JwtArgumentError('algorithms must be a non-empty array of supported algs');
  }
  return algorithms;
}

/** The alg a signer asked for: supported, and never `none`. */
export const checkSignAlg: (alg: unknown) => Alg = supportedAlg;

/** Builds a protected header: `alg` first, then the caller's parameters. */
export function buildHeader(alg: Alg, extra: unknown, defaults: JsonObject = {}): JsonObject {
  checkArgument(extra === undefined || isJsonObject(extra), 'header must be an object');
  // jwtkit owns these: the alg it signs with, and no extensions (it would refuse them itself).
  for (const name of ['alg', 'crit', 'b64']) checkArgument(!Object.hasOwn(extra ?? {}, name), `header may not set "${name}"`);
  // fromEntries defines own properties, so even a "__proto__" name stays a plain header parameter.
  const entries = Object.entries({ ...defaults, ...(extra as JsonObject | undefined) }).filter(([, value]) => value !== undefined);
  const header: JsonObject = Object.fromEntries([['alg', alg], ...entries]);
  // Registered parameters that are strings (RFC 7515 §4.1.4, 4.1.9, 4.1.10).
  for (const name of ['kid', 'typ', 'cty']) checkArgument(header[name] === undefined || typeof header[name] === 'string', `header "${name}" must be a string`);
  return header;
}
