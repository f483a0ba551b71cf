import { ALGORITHMS, type Alg, type AlgSpec, isAlg } from '../algorithms.js';
import { type BackendKey, backend } from '../backend/index.js';
import type { Maybe } from '../backend/types.js';
import { JwtArgumentError } from '../errors.js';
import { type EcdhCurve, isEnc, isKeyManagementAlg } from '../jwe-algorithms.js';
import { entryFor } from './cache.js';
import { type JweKeyAlg, type KeyOperation, checkFit, checkKeySize, jweImportOperations, jweSpecOf, operationsFor, typeOperations } from './fit.js';
import { backendKeyFor, jweKeyOf } from './jwe-material.js';
import { keyMembers, octSecret } from './jwk.js';
import { Key, type KeyInput, backendCall, jweKey, jweSecretKey } from './key.js';
import type { KeySource } from './material.js';

/**
 * Turning key input into a Key: `keyFor` inside jwtkit, `importKey` for callers. Material is
 * parsed and profiled once (cache.ts; JWE material: jwe-material.ts), checked against the alg
 * (fit.ts), and imported once per alg.
 */

/** The backend key for `spec`: WebCrypto (or node:crypto) parses the material and refuses what does not fit. */
function backendImport(source: KeySource, spec: AlgSpec): Maybe<BackendKey> {
  if (source.kind === 'cryptokey') return backend.fromCryptoKey(spec, source.key);
  // The usages: everything the key's type may do (fit.ts); the Key narrows them by key_ops.
  const usages = typeOperations(source.profile.type, spec);
  if (source.kind !== 'jwk') return backend.importKey(spec, source.kind, source.bytes, usages);
  return source.jwk.kty === 'oct'
    ? backend.importKey(spec, 'raw', octSecret(source.jwk), usages)
    : backend.importKey(spec, 'jwk', keyMembers(source.jwk), usages);
}

/** Imports checked material for one alg; every failure is ERR_KEY. */
async function load(source: KeySource, spec: AlgSpec): Promise<Key> {
  const handle = await backendCall(spec.alg, 'import', () => backendImport(source, spec));
  checkKeySize(spec, handle.bits);
  // Imported private keys and secrets are never exportable: the caller already holds that material.
  const extractable = source.kind === 'cryptokey' ? source.key.extractable : handle.type === 'public';
  const { profile } = source;
  return new Key(spec.alg, handle, operationsFor(profile, spec), profile.kid, extractable);
}

/**
 * The Key for `alg` (and `operation`, when given), once fit.ts says the key fits: at once when it
 * is a Key or was imported before, as a promise while the first import is under way. Throws
 * ERR_JWT_ALGORITHM or ERR_KEY as checkFit says, ERR_KEY for unusable material.
 */
export function keyFor(input: KeyInput, alg: Alg, operation?: KeyOperation): Key | Promise<Key> {
  const entry = entryFor(input);
  const spec = ALGORITHMS[alg];
  checkFit(entry.profile, spec, operation);
  // A Key is its own only import, for its alg or (fit.ts: pinFits) the other name of an Ed25519 signature.
  let key = entry.source ? entry.keys.get(alg) : (input as Key);
  if (!key) {
    key = load(entry.source!, spec).then((imported) => {
      entry.keys.set(alg, imported);
      return imported;
    });
    entry.keys.set(alg, key);
  }
  return key;
}

/**
 * Imports key material for one alg. For a signature alg: a secret (string or bytes) for HS*, PEM
 * (SPKI, PKCS#8, X.509 certificate, PKCS#1, SEC1), a JWK, or a CryptoKey. For a JWE key-management
 * alg (`dir`: name its enc instead, as generateSecret does): a secret of exactly the length the alg
 * needs (any non-empty password for PBES2), or an RSA, EC (P-256/384/521) or X25519 key as PEM, a
 * JWK or a CryptoKey; public keys encrypt, private keys decrypt, secrets both, as a JWK's `key_ops`
 * or a CryptoKey's usages allow. A KeyObject (Node build) counts as its material. Shares the caches
 * of sign/verify and encrypt/decrypt, so importing material they already used costs nothing.
 *
 * @throws ERR_KEY: material that is not a key for this alg (too short, too small, another type, marked for another use, pinned to another alg).
 * @throws ERR_INVALID_ARGUMENT: an alg jwtkit does not support, `dir` alone, an argument of the wrong type.
 * @example
 * ```ts
 * const key = await importKey(readFileSync('public.pem'), 'RS256');
 * const { payload } = await verify(token, key);
 *
 * const recipient = await importKey(readFileSync('recipient-public.pem'), 'RSA-OAEP-256');
 * const jwe = await encrypt({ sub: 'user-42' }, recipient);
 * ```
 */
export async function importKey(material: KeyInput, alg: Alg | JweKeyAlg): Promise<Key> {
  if (isAlg(alg)) return keyFor(material, alg);
  if (isKeyManagementAlg(alg) || isEnc(alg)) return importJweKey(material, alg);
  throw new JwtArgumentError('importKey needs a supported alg such as "HS256", "ES256", "RSA-OAEP-256" or "A256GCM"');
}

/**
 * A Key for a JWE alg, as generateKeyPair / generateSecret make them: classified and imported by
 * jwe-material.ts (the cache encrypt and decrypt use), checked by fit.ts, doing what its material allows.
 */
async function importJweKey(material: KeyInput, alg: JweKeyAlg): Promise<Key> {
  const { spec, enc } = jweSpecOf(alg);
  const key = jweKeyOf(material);
  const { profile, secret, importData } = key;
  const operations = jweImportOperations(profile, spec, enc);
  // A Key is its own only import (its pin allowed only its own alg).
  if (material instanceof Key) return material;
  if (secret) return jweSecretKey(alg, secret, operations, profile.kid, false);
  const handle = await backendKeyFor(key, spec);
  // As load() above (written out there, so sign/verify bundles carry no helper for it): a CryptoKey keeps its flag, else only public keys export.
  const extractable = importData && 'cryptoKey' in importData ? importData.cryptoKey.extractable : handle.type === 'public';
  return jweKey(alg, handle, operations, profile.kid, extractable, { crv: profile.crv as EcdhCurve | undefined });
}
