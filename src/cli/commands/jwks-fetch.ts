/// <reference types="node" />
import { type Alg, type Jwk, JwtError, createLocalJwks, createRemoteJwks, importKey, toSeconds } from '../../index.js';
import { durationFlag } from '../claims.js';
import { CliError, EXIT, usageError } from '../exit.js';
import { isSignatureAlg } from '../keys.js';
import type { Output } from '../output.js';

/**
 * `jwtkit jwks fetch URL`: one GET of a JWK set and what it holds, for debugging a provider: the
 * cache headers it sends and, per key, its kid, kty, alg, use, size, and whether jwtkit can verify
 * with it (checked by importing it, as verify would).
 */

const CACHE_HEADERS = ['cache-control', 'expires', 'age', 'etag', 'last-modified', 'content-type'] as const;
const MAX_BYTES = 512 * 1024; // what createRemoteJwks accepts by default

interface KeyReport {
  kid: string | undefined;
  kty: string;
  alg: string | undefined;
  use: string | undefined;
  size: string | undefined;
  /** Whether jwtkit would verify with this key, or why not. */
  usable: true | string;
}

export async function fetchJwksReport(url: string, timeout: string | undefined, output: Output): Promise<void> {
  const seconds = timeoutSeconds(timeout);
  try {
    createRemoteJwks(url); // the library's URL rules (https:, or http: to localhost; no credentials); nothing is fetched
  } catch {
    throw usageError('jwks fetch needs an https: URL (http: only to localhost), without credentials');
  }
  const response = await get(url, seconds);
  const headers = Object.fromEntries(CACHE_HEADERS.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name)!]] : [])));
  const body = await response.text();
  if (!response.ok) throw fetchError(`${url} answered HTTP ${response.status}: check the URL`);
  if (body.length > MAX_BYTES) throw new CliError('ERR_JWKS_INVALID', `the response is larger than ${MAX_BYTES} bytes: that is no JWK set`, EXIT.config);
  const set = parseSet(body);
  const keys = await Promise.all(set.keys.map(describeKey));
  output.result({ url, finalUrl: response.url, status: response.status, headers, keys });
  const { style } = output;
  output.line(`${style.bold(url)}  HTTP ${response.status}${response.url !== url ? ` (redirected to ${response.url})` : ''}`);
  for (const name of CACHE_HEADERS) output.line(`  ${name.padEnd(14)} ${headers[name] ?? style.dim('(none)')}`);
  output.line(`${keys.length} key${keys.length === 1 ? '' : 's'}:`);
  for (const key of keys) {
    const status = key.usable === true ? style.green('usable') : style.yellow(`not usable: ${key.usable}`);
    output.line(`  kid ${key.kid ?? '(none)'}  ${key.kty} ${key.size ?? ''}  alg ${key.alg ?? '(any)'}  use ${key.use ?? '(any)'}  ${status}`);
  }
}

function timeoutSeconds(value: string | undefined): number {
  if (value === undefined) return 5;
  const seconds = toSeconds(durationFlag(value), '--timeout');
  if (seconds === 0) throw usageError('--timeout must be at least 1s');
  return seconds;
}

function fetchError(message: string, code = 'ERR_JWKS_FETCH'): CliError {
  return new CliError(code, message, EXIT.config);
}

async function get(url: string, seconds: number): Promise<Response> {
  try {
    return await fetch(url, { headers: { accept: 'application/jwk-set+json, application/json' }, signal: AbortSignal.timeout(seconds * 1000) });
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError')
      throw fetchError(`${url} did not answer within ${seconds} s: check the URL and the network`, 'ERR_JWKS_TIMEOUT');
    throw fetchError(`${url} could not be fetched (${(error as { cause?: { code?: string } }).cause?.code ?? 'network error'}): check the URL and the network`);
  }
}

function parseSet(body: string): { keys: Jwk[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw fetchError('the response is not JSON: is this the jwks_uri?', 'ERR_JWKS_INVALID');
  }
  try {
    createLocalJwks(parsed as { keys: Jwk[] }); // the library's check that this is a JWK set
  } catch (error) {
    throw fetchError(`${error instanceof Error ? error.message : 'not a JWK set'}: is this the jwks_uri?`, 'ERR_JWKS_INVALID');
  }
  return {
    keys: (parsed as { keys: unknown[] }).keys.filter((key): key is Jwk => typeof key === 'object' && key !== null && typeof (key as Jwk).kty === 'string'),
  };
}

/** One alg to try a key with, when it names none: by its key type and curve. */
function algToTry(jwk: Jwk): string | undefined {
  if (typeof jwk.alg === 'string') return jwk.alg;
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'OKP') return 'EdDSA';
  const curves: Record<string, Alg> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
  return jwk.kty === 'EC' && typeof jwk.crv === 'string' ? curves[jwk.crv] : undefined;
}

async function describeKey(jwk: Jwk): Promise<KeyReport> {
  const report: KeyReport = { kid: jwk.kid, kty: jwk.kty, alg: jwk.alg, use: jwk.use, size: sizeOf(jwk), usable: true };
  if (jwk.d !== undefined || jwk.kty === 'oct') report.usable = 'PRIVATE KEY MATERIAL IS PUBLISHED: rotate this key now';
  else if (jwk.use !== undefined && jwk.use !== 'sig') report.usable = `use is ${jwk.use}, not sig`;
  else report.usable = await importable(jwk);
  return report;
}

async function importable(jwk: Jwk): Promise<true | string> {
  const alg = algToTry(jwk);
  if (alg === undefined) return 'a key type or curve jwtkit does not verify with';
  try {
    await importKey(jwk, alg as Alg);
    // importKey takes JWE algs too: a key pinned to one (RSA-OAEP-256, say) imports, but never verifies.
    return isSignatureAlg(alg) || `alg ${alg} is not a signature alg: this key never verifies`;
  } catch (error) {
    return error instanceof JwtError ? error.message : 'it could not be imported';
  }
}

/** RSA modulus bits, the curve, or a secret's bits. */
function sizeOf(jwk: Jwk): string | undefined {
  if (jwk.kty === 'RSA' && typeof jwk.n === 'string') return `${bitLength(Buffer.from(jwk.n, 'base64url'))} bits`;
  if ((jwk.kty === 'EC' || jwk.kty === 'OKP') && typeof jwk.crv === 'string') return jwk.crv;
  if (jwk.kty === 'oct' && typeof jwk.k === 'string') return `${Buffer.from(jwk.k, 'base64url').length * 8} bits`;
  return undefined;
}

function bitLength(bytes: Buffer): number {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  if (start === bytes.length) return 0;
  return (bytes.length - start) * 8 - Math.clz32(bytes[start]!) + 24;
}
