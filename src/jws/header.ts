import { type Alg, isAlg } from '../algorithms.js';
import { JwtAlgorithmError, JwtArgumentError, JwtMalformedError } from '../errors.js';
import type { JsonObject } from '../util/json.js';

/**
 * Protected-header rules: the `alg` allow-list and `crit`. Key-locating parameters (`jwk`, `jku`,
 * `x5u`, `x5c`) are never read anywhere in jwtkit: the verifier's key comes from the caller only.
 */

/** Registered names that must not appear in `crit` (RFC 7515 §4.1.11, RFC 7516 §4.1). */
const REGISTERED = new Set(['alg', 'jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit', 'enc', 'zip']);

/**
 * RFC 7515 §4.1.11: `crit` must be a non-empty array of names that are present in the header and
 * not registered ones, and a recipient must reject any extension it does not understand. jwtkit
 * implements no critical extensions, so every well-formed `crit` is still rejected.
 */
export function checkCrit(header: JsonObject): void {
  if (!Object.hasOwn(header, 'crit')) return;
  const crit = header.crit;
  if (!Array.isArray(crit) || crit.length === 0) throw new JwtMalformedError('"crit" must be a non-empty array');
  for (const name of crit) {
    if (typeof name !== 'string' || name === '') throw new JwtMalformedError('"crit" entries must be non-empty strings');
    // Names come from the token: they stay out of messages, which must be safe to log.
    if (REGISTERED.has(name)) throw new JwtMalformedError('"crit" must not list registered header parameters');
    if (!Object.hasOwn(header, name)) throw new JwtMalformedError('"crit" lists a parameter the header does not have');
  }
  throw new JwtMalformedError('"crit" lists an extension jwtkit does not support');
}

/** `none` in any casing (`None`, `NONE`): the classic bypass attempts. */
function isNone(value: string): boolean {
  return value.toLowerCase() === 'none';
}

/** The header's alg, if it is present, not `none`, supported, and (when given) in `allowed`. */
export function headerAlg(header: JsonObject, allowed: readonly Alg[] | undefined): Alg {
  const alg = header.alg;
  if (typeof alg !== 'string' || alg === '') throw new JwtAlgorithmError('header has no "alg"');
  if (isNone(alg)) throw new JwtAlgorithmError('unsecured tokens (alg "none") are never accepted');
  if (!isAlg(alg)) throw new JwtAlgorithmError('unsupported "alg"');
  if (allowed && !allowed.includes(alg)) throw new JwtAlgorithmError(`alg ${alg} is not in the allowed algorithms`);
  return alg;
}

/** Checks a caller's `algorithms` option: a non-empty list of supported algs (never `none`). */
export function checkAlgorithmsOption(algorithms: unknown): readonly Alg[] | undefined {
  if (algorithms === undefined) return undefined;
  if (!Array.isArray(algorithms) || algorithms.length === 0 || !algorithms.every(isAlg)) {
    throw new JwtArgumentError('algorithms must be a non-empty array of supported algs, e.g. ["ES256"]');
  }
  return algorithms;
}

/** The alg a signer asked for: supported, and never `none`. */
export function checkSignAlg(alg: unknown): Alg {
  if (typeof alg === 'string' && isNone(alg)) throw new JwtAlgorithmError('jwtkit never produces unsecured tokens (alg "none")');
  if (!isAlg(alg)) throw new JwtAlgorithmError('unsupported "alg"');
  return alg;
}

/** Registered header parameters that are strings (RFC 7515 §4.1.4, 4.1.9, 4.1.10). */
const STRING_PARAMETERS = ['kid', 'typ', 'cty'];

/** Header parameters a signer may not set through `header`: jwtkit owns them. */
const RESERVED_FOR_SIGN = ['alg', 'crit', 'b64'];

/** Builds a protected header: `alg` first, then the caller's parameters. */
export function buildHeader(alg: Alg, extra: unknown, defaults: JsonObject = {}): JsonObject {
  if (extra !== undefined && (typeof extra !== 'object' || extra === null || Array.isArray(extra))) {
    throw new JwtArgumentError('header must be an object');
  }
  for (const name of RESERVED_FOR_SIGN) {
    if (extra && Object.hasOwn(extra, name)) throw new JwtArgumentError(`header may not set "${name}"`);
  }
  // fromEntries defines own properties, so even a "__proto__" name stays a plain header parameter.
  const entries = Object.entries({ ...defaults, ...(extra as JsonObject | undefined) }).filter(([, value]) => value !== undefined);
  const header: JsonObject = Object.fromEntries([['alg', alg], ...entries]);
  for (const name of STRING_PARAMETERS) {
    if (header[name] !== undefined && typeof header[name] !== 'string') throw new JwtArgumentError(`header "${name}" must be a string`);
  }
  return header;
}
