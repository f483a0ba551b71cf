import { type Alg, type KeyType, algsForKey, isAlg } from '../algorithms.js';
import { JwtAlgorithmError, JwtArgumentError, JwtKeyError } from '../errors.js';
import { Key, type KeyInput, createKey } from './key.js';
import { type KeySource, describeMaterial } from './material.js';
import { createLru } from '../util/lru.js';

/**
 * Lets `sign`/`verify` take raw material (`verify(token, publicPem)`) at the speed of a
 * pre-imported Key: each material is parsed once and imported once per alg.
 *
 * Bounded caches: objects (Uint8Array, JWK, CryptoKey) are held weakly, so they live as long as
 * the caller keeps them; strings (secrets, PEM) in a Map of at most 256 entries, least recently
 * used dropped first. Material is assumed not to change after first use.
 */

interface Entry {
  readonly source: KeySource;
  /** Per alg: the import under way, replaced by the Key once it is done (so later calls need no await). */
  readonly keys: Map<Alg, Key | Promise<Key>>;
}

const byObject = new WeakMap<object, Entry>();
const byString = /* @__PURE__ */ createLru<string, Entry>(256);

function entryFor(material: Exclude<KeyInput, Key>): Entry {
  const cache = typeof material === 'string' ? byString : typeof material === 'object' && material !== null ? byObject : undefined;
  let entry = cache?.get(material as string & object);
  if (!entry) {
    entry = { source: describeMaterial(material), keys: new Map() };
    cache?.set(material as string & object, entry);
  }
  return entry;
}

/** The algs this key (material or Key) can do. Throws ERR_KEY for unusable material. */
export function algsOf(input: KeyInput): readonly Alg[] {
  return input instanceof Key ? [input.alg] : entryFor(input).source.algs;
}

/**
 * Throws unless this key can do `alg`: ERR_JWT_ALGORITHM when its key type cannot (an HS256 token
 * against an RSA key), ERR_KEY when a JWK of the right type is marked for another alg (RFC 7517 §4.4).
 */
export function checkKeyCanDo(input: KeyInput, alg: Alg): void {
  if (algsOf(input).includes(alg)) return;
  const source = input instanceof Key ? undefined : entryFor(input).source;
  if (source?.kind === 'jwk' && algsForKey(source.jwk.kty as KeyType, source.jwk.crv).includes(alg)) {
    throw new JwtKeyError(`JWK "alg" is not ${alg}`);
  }
  throw new JwtAlgorithmError(`alg ${alg} is not one this key can do`);
}

/**
 * The Key for `alg`, importing (once) when given raw material: at once when it is a Key or was
 * imported before, as a promise while the first import is under way. Throws ERR_KEY for a Key of
 * another alg.
 */
export function keyFor(input: KeyInput, alg: Alg): Key | Promise<Key> {
  if (input instanceof Key) {
    if (input.alg !== alg) throw new JwtKeyError(`this key was imported for ${input.alg}, not ${alg}`);
    return input;
  }
  const entry = entryFor(input);
  let key = entry.keys.get(alg);
  if (!key) {
    key = createKey(entry.source, alg).then((imported) => {
      entry.keys.set(alg, imported);
      return imported;
    });
    entry.keys.set(alg, key);
  }
  return key;
}

/**
 * Imports key material for one alg: a secret (string or bytes) for HS*, PEM (SPKI, PKCS#8,
 * X.509 certificate, PKCS#1, SEC1), a JWK, or a CryptoKey. Shares the cache above, so importing
 * material that sign/verify already used costs nothing.
 */
export async function importKey(material: KeyInput, alg: Alg): Promise<Key> {
  if (!isAlg(alg)) throw new JwtArgumentError('importKey needs a supported alg such as "HS256" or "ES256"');
  return keyFor(material, alg);
}
