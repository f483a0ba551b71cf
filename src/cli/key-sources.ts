/// <reference types="node" />
import type { Alg, Jwk, JwtHeader, JwtPayload, KeyInput, KeyResolver } from '../index.js';
import { configError, usageError } from './exit.js';
import { type SecretSources, readSecret, secretSourceCount } from './input.js';
import { keyForAlg, readKeyFile, verificationKey } from './keys.js';

/**
 * Where verify, sign (and decrypt, encrypt) get their key: a key file, or a secret from the
 * environment, a file or stdin. Exactly one source; never a secret on the command line.
 */

export const KEY_SOURCE_OPTIONS = {
  key: { type: 'string' },
  'secret-env': { type: 'string' },
  'secret-file': { type: 'string' },
  'secret-stdin': { type: 'boolean' },
} as const;

export const KEY_SOURCE_HELP = `  --key FILE            a PEM key, a JWK or a JWK set (JSON); - reads it from stdin
  --secret-env NAME     an HMAC secret from the environment variable NAME
  --secret-file FILE    an HMAC secret from a file (one trailing newline is dropped)
  --secret-stdin        an HMAC secret from stdin (then pass the token as an argument)
  (never --secret VALUE: a secret on the command line shows in ps and in shell history)`;

export interface KeySourceValues extends SecretSources {
  key?: string | undefined;
}

/** The one key source given; `others` counts sources the command takes besides these (--jwks). */
function checkOneSource(values: KeySourceValues, others: number, command: string, choices: string): void {
  const count = (values.key === undefined ? 0 : 1) + secretSourceCount(values) + others;
  if (count === 0) throw usageError(`${command} needs a key: ${choices}`);
  if (count > 1) throw usageError(`${command} takes one key source, ${count} were given: keep one of ${choices}`);
}

/**
 * The key verify checks with: the remote set, a key file's material (a JWK set becomes a
 * resolver), or a secret. With pinned `algs`, the key must be able to do each (else exit 3).
 */
export async function verificationKeyFrom(
  values: KeySourceValues,
  algs: Alg[] | undefined,
  remote: KeyResolver<JwtHeader, JwtPayload> | undefined,
  command = 'verify',
): Promise<KeyInput | KeyResolver<JwtHeader, JwtPayload>> {
  checkOneSource(values, remote ? 1 : 0, command, '--key FILE, --jwks URL, --secret-env NAME, --secret-file FILE or --secret-stdin');
  if (remote) return remote;
  const secret = await readSecret(values);
  const material = secret ?? (await keyFileMaterial(values.key!, command));
  if (algs && typeof material !== 'function') for (const alg of algs) await keyForAlg(material, alg);
  return material as KeyInput | KeyResolver<JwtHeader, JwtPayload>;
}

async function keyFileMaterial(path: string, command: string) {
  const file = await readKeyFile(path);
  if (file.kind !== 'set' && file.isPrivate && !(file.kind === 'jwk' && file.jwk.kty === 'oct')) {
    throw configError(`${path} is a private key: ${command} with its public key (e.g. public.pem or public.jwk.json)`);
  }
  return verificationKey(file);
}

/** The key sign signs with, imported for `alg`: a key that cannot do `alg` (or cannot sign) is exit 3. */
export async function signingKeyFrom(values: KeySourceValues, alg: Alg, command = 'sign') {
  checkOneSource(values, 0, command, '--key FILE, --secret-env NAME, --secret-file FILE or --secret-stdin');
  const secret = await readSecret(values);
  if (secret) return keyForAlg(secret, alg);
  const file = await readKeyFile(values.key!);
  if (file.kind === 'set') throw configError(`${values.key} is a JWK set: ${command} with one key (a PEM or a JWK)`);
  if (!file.isPrivate) throw configError(`${values.key} is a public key, which cannot ${command}: pass the private key (e.g. private.pem)`);
  return keyForAlg(file.kind === 'pem' ? file.pem : file.jwk, alg);
}

/** The key encrypt and decrypt use: a key file's material (PEM or one JWK) or a secret; the library decides what it can do. */
export async function jweKeyFrom(values: KeySourceValues, command: 'encrypt' | 'decrypt'): Promise<string | Jwk | Uint8Array> {
  checkOneSource(values, 0, command, '--key FILE, --secret-env NAME, --secret-file FILE or --secret-stdin');
  const secret = await readSecret(values);
  if (secret) return secret;
  const file = await readKeyFile(values.key!);
  if (file.kind === 'set') throw configError(`${values.key} is a JWK set: ${command} with one key (a PEM or a JWK)`);
  return file.kind === 'pem' ? file.pem : file.jwk;
}
