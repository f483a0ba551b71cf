import type { Alg } from '../algorithms.js';
import { createLru } from '../util/lru.js';
import { type KeyProfile, keyProfile } from './fit.js';
import { Key, type KeyInput } from './key.js';
import { type KeySource, describeMaterial } from './material.js';

/**
 * Lets `sign`/`verify` take raw material (`verify(token, publicPem)`) at the speed of a
 * pre-imported Key: each material is parsed and profiled once, and imported once per alg.
 *
 * Bounded caches: objects (Uint8Array, JWK, CryptoKey, Key) are held weakly, so they live as long
 * as the caller keeps them; strings (secrets, PEM) in a Map of at most 256 entries, least recently
 * used dropped first. Material is assumed not to change after first use.
 */

export interface Entry {
  readonly profile: KeyProfile;
  /** The parsed material; none for a Key, which is its own (only) import. */
  readonly source?: KeySource;
  /**
   * Material's imports per alg: the import under way, replaced by the Key once it is done (so later
   * calls need no await). Empty for a Key (keyFor hands out the Key itself).
   */
  readonly keys: Map<Alg, Key | Promise<Key>>;
}

const byObject = new WeakMap<object, Entry>();
const byString = /* @__PURE__ */ createLru<string, Entry>(256);

/** The cache entry of a key (material or Key), made on first use. Throws ERR_KEY for unusable material. */
export function entryFor(input: KeyInput): Entry {
  const cache = typeof input === 'string' ? byString : typeof input === 'object' && input !== null ? byObject : undefined;
  let entry = cache?.get(input as string & object);
  if (!entry) {
    // A Key is its own (only) import; material is imported per alg, on first use.
    const source = input instanceof Key ? undefined : describeMaterial(input);
    entry = { profile: source ? source.profile : keyProfile(input as Key), source, keys: new Map() };
    cache?.set(input as string & object, entry);
  }
  return entry;
}

/** The profile of a key (fit.ts), made once per key. Throws ERR_KEY for unusable material. */
export function profileOf(input: KeyInput): KeyProfile {
  return entryFor(input).profile;
}
