/// <reference types="node" />
import { type Alg, type Jwk, type JwkSet, type JwksResolver, type Key, JwtError, createLocalJwks, exportJwk, importKey } from '../index.js';
import { configError, usageError } from './exit.js';
import { readInputFile } from './input.js';

/**
 * Key files as the commands read them: PEM (any form importKey takes), a JWK, or a JWK set, told
 * apart by their content. The material goes to the library as it is; the library decides what the
 * key can do.
 */

export type KeyFile = { kind: 'pem'; pem: string; isPrivate: boolean } | { kind: 'jwk'; jwk: Jwk; isPrivate: boolean } | { kind: 'set'; set: JwkSet };

const PRIVATE_PEM = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/** Reads and classifies a key file; `-` is stdin. */
export async function readKeyFile(path: string): Promise<KeyFile> {
  const text = Buffer.from(await readInputFile(path, 'key file'))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (text.includes('-----BEGIN ')) return { kind: 'pem', pem: text, isPrivate: PRIVATE_PEM.test(text) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw configError(`${path} is neither PEM nor JSON (a JWK or a JWK set): pass a key file; secrets go in --secret-file`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw configError(`${path} is not a JWK or a JWK set: check the file`);
  if (Array.isArray((parsed as { keys?: unknown }).keys)) return { kind: 'set', set: parsed as JwkSet };
  if (typeof (parsed as { kty?: unknown }).kty !== 'string') throw configError(`${path} is JSON without "kty" or "keys": pass a JWK or a JWK set`);
  const jwk = parsed as Jwk;
  return { kind: 'jwk', jwk, isPrivate: jwk.d !== undefined || jwk.kty === 'oct' };
}

/** What verify gets as its key: the material itself, or a resolver over a JWK set. */
export function verificationKey(file: KeyFile): string | Jwk | JwksResolver {
  if (file.kind === 'set') return createLocalJwks(file.set);
  return file.kind === 'pem' ? file.pem : file.jwk;
}

export const SUPPORTED_ALGS = 'HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, Ed25519';

/**
 * The signature algs sign and verify take (importKey takes JWE algs too). A Record over the public
 * `Alg` type, so the compiler says when an alg is added and not listed here.
 */
const SIGNATURE_ALGS: Readonly<Record<Alg, true>> = {
  HS256: true,
  HS384: true,
  HS512: true,
  RS256: true,
  RS384: true,
  RS512: true,
  PS256: true,
  PS384: true,
  PS512: true,
  ES256: true,
  ES384: true,
  ES512: true,
  EdDSA: true,
  Ed25519: true,
  'ML-DSA-44': true,
  'ML-DSA-65': true,
  'ML-DSA-87': true,
};

/** True for an alg sign and verify take; a JWE alg (importKey takes those too) or an unknown name is not. */
export function isSignatureAlg(alg: string): alg is Alg {
  return Object.hasOwn(SIGNATURE_ALGS, alg);
}

/** Imports the key for one alg: a key that cannot do it is a key problem (exit 3), with the library's reason. */
export async function keyForAlg(material: string | Jwk | Uint8Array, alg: Alg): Promise<Key> {
  const unsupported = () => usageError(`--alg ${alg} is not an alg jwtkit supports: use one of ${SUPPORTED_ALGS}`);
  // importKey takes JWE algs too: a JWE alg is a usage error before any key is read for it.
  if (!isSignatureAlg(alg)) throw unsupported();
  let key: Key;
  try {
    key = await importKey(material, alg);
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    if (error.code === 'ERR_INVALID_ARGUMENT') throw unsupported();
    throw configError(`${error.message}: pass a key for ${alg}, or another --alg`, error.code);
  }
  return key;
}

/** The algs to try when only the key is known (PEM carries no alg): one per key type and curve. */
const ONE_ALG_PER_KEY_TYPE: readonly Alg[] = ['RS256', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * The public JWK of a key file (a JWK is returned as it is; a private JWK keeps its private members:
 * the callers check). A public PEM key is imported for the alg its key type fits, then exported.
 */
export async function jwkOf(file: Exclude<KeyFile, { kind: 'set' }>, path: string): Promise<Jwk> {
  if (file.kind === 'jwk') return file.jwk;
  if (file.isPrivate) throw configError(`${path} is a private PEM key: pass its public key (public.pem or public.jwk.json)`);
  for (const alg of ONE_ALG_PER_KEY_TYPE) {
    let key: Key;
    try {
      key = await importKey(file.pem, alg);
    } catch {
      continue; // not this key type (or curve): try the next
    }
    const jwk = await exportJwk(key);
    delete jwk.alg; // PEM names no alg; the first alg tried is not the key's
    return jwk;
  }
  throw configError(`${path} holds no public key jwtkit can use (RSA, EC P-256/384/521 or Ed25519): check the file`);
}
