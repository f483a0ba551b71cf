import { JwtAlgorithmError, JwtArgumentError, JwtMalformedError } from '../errors.js';
import type { JsonObject } from '../util/json.js';
import { checkArgument } from '../util/options.js';
import { type Enc, type KeyManagementAlg, isEnc, isKeyManagementAlg } from '../jwe-algorithms.js';

/**
 * JWE protected-header rules. A compact JWE has only the protected header, so `alg`, `enc` and
 * `zip` can only come from there (RFC 7516 §4.1.3: `zip` must be integrity protected). Key-locating
 * parameters (`jwk`, `jku`, `x5u`, `x5c`) are never read: the key comes from the caller only.
 */

/** RSA1_5 is refused everywhere, by name, with the reason. */
const RSA1_5 = "RSA1_5 (RSAES-PKCS1-v1_5) is refused: its padding is open to Bleichenbacher's oracle attack; use RSA-OAEP-256";

/** RFC 7516 §4.1.13: jwtkit implements no critical extensions, so any `crit` is refused. */
export function checkJweCrit(header: JsonObject): void {
  if (Object.hasOwn(header, 'crit')) throw new JwtMalformedError('"crit" header extensions are not supported');
}

/** The header's key-management alg: present, supported (never RSA1_5), and in `allowed`. */
export function headerKeyAlg(header: JsonObject, allowed: readonly KeyManagementAlg[]): KeyManagementAlg {
  const alg = header.alg;
  if (alg === 'RSA1_5') throw new JwtAlgorithmError(RSA1_5);
  if (!isKeyManagementAlg(alg)) throw new JwtAlgorithmError('missing or unsupported JWE "alg"');
  if (!allowed.includes(alg)) throw new JwtAlgorithmError(`alg ${alg} is not in the allowed algorithms`);
  return alg;
}

/** The header's content encryption: present, supported, and in `allowed`. */
export function headerEnc(header: JsonObject, allowed: readonly Enc[]): Enc {
  const enc = header.enc;
  if (!isEnc(enc)) throw new JwtAlgorithmError('missing or unsupported JWE "enc"');
  if (!allowed.includes(enc)) throw new JwtAlgorithmError(`enc ${enc} is not in the allowed encryptions`);
  return enc;
}

/** `zip`: absent, or "DEF" (RFC 7516 §4.1.3); any other value is refused. */
export function headerZip(header: JsonObject): boolean {
  if (!Object.hasOwn(header, 'zip')) return false;
  if (header.zip !== 'DEF') throw new JwtMalformedError('unsupported "zip" (only "DEF")');
  return true;
}

/** Checks an `algorithms` option: a non-empty list of supported key-management algs. */
export function checkKeyAlgsOption(algorithms: unknown): readonly KeyManagementAlg[] | undefined {
  if (algorithms === undefined) return undefined;
  if (Array.isArray(algorithms) && algorithms.includes('RSA1_5')) throw new JwtArgumentError(RSA1_5);
  checkArgument(
    Array.isArray(algorithms) && algorithms.length > 0 && algorithms.every(isKeyManagementAlg),
    'algorithms must be a non-empty array of supported JWE algs',
  );
  return algorithms as KeyManagementAlg[];
}

/** Checks an `encryptions` option: a non-empty list of supported encs. */
export function checkEncsOption(encryptions: unknown): readonly Enc[] | undefined {
  if (encryptions === undefined) return undefined;
  checkArgument(Array.isArray(encryptions) && encryptions.length > 0 && encryptions.every(isEnc), 'encryptions must be a non-empty array of supported encs');
  return encryptions as Enc[];
}

/** Checks an alg asked for at encryption. */
export function checkEncryptAlg(alg: unknown): KeyManagementAlg {
  if (alg === 'RSA1_5') throw new JwtArgumentError(RSA1_5);
  checkArgument(isKeyManagementAlg(alg), 'alg must be a supported JWE key-management alg such as "dir", "A256KW" or "RSA-OAEP-256"');
  return alg as KeyManagementAlg;
}

/** Checks an enc asked for at encryption. */
export function checkEncryptEnc(enc: unknown): Enc {
  checkArgument(isEnc(enc), 'enc must be a supported JWE content encryption such as "A256GCM" or "A256CBC-HS512"');
  return enc as Enc;
}

/** Parameters jwtkit sets itself (the algs, and the per-alg parameters of RFC 7518 §4). */
const RESERVED = ['alg', 'enc', 'zip', 'crit', 'epk', 'apu', 'apv', 'iv', 'tag', 'p2s', 'p2c'];

/** Builds the protected header: `alg` and `enc` first, then the caller's parameters. */
export function buildJweHeader(alg: KeyManagementAlg, enc: Enc, zip: boolean, extra: unknown, defaults: JsonObject): JsonObject {
  checkArgument(extra === undefined || (typeof extra === 'object' && extra !== null && !Array.isArray(extra)), 'header must be an object');
  for (const name of RESERVED) checkArgument(!Object.hasOwn(extra ?? {}, name), `header may not set "${name}"`);
  const entries = Object.entries({ ...defaults, ...(extra as JsonObject | undefined) }).filter(([, value]) => value !== undefined);
  const header: JsonObject = Object.fromEntries([['alg', alg], ['enc', enc], ...(zip ? [['zip', 'DEF']] : []), ...entries]);
  for (const name of ['kid', 'typ', 'cty']) checkArgument(header[name] === undefined || typeof header[name] === 'string', `header "${name}" must be a string`);
  return header;
}
