import type { Jwk } from '../keys/jwk.js';
import { verificationKeys } from './set.js';

/**
 * The optional persistent cache of a remote JWK set, so a short-lived isolate (a Worker, a
 * serverless function) starts with the set its predecessor fetched instead of fetching again.
 * Entries are JSON text, so any string store fits (Workers KV, the Cache API, Redis, a Map).
 */

/** A small async string store. Errors it throws are treated as a cache miss (get) or ignored (set). */
export interface JwksCache {
  /** The text stored under `key`, or null/undefined when there is none. */
  get(key: string): Promise<string | null | undefined>;
  /** Stores `value` under `key`; `ttlSeconds` is how long it is worth keeping (usable as a KV expiration). */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** A fetched set and when it stops being fresh, in seconds since the epoch. */
export interface CachedJwks {
  readonly keys: readonly Jwk[];
  readonly fetchedAt: number;
  readonly freshUntil: number;
}

const FORMAT = 1;

/** How far ahead of this instance's clock another instance's may be, in seconds: an entry fetched later than that is not believed. */
export const MAX_CLOCK_SKEW_SECONDS = 60;

/** What a restored entry is held to: this instance's clock and its own cacheMaxAge. */
export interface RestoreLimits {
  /** Seconds since the epoch. */
  readonly now: number;
  readonly cacheMaxAge: number;
}

export function serializeEntry(entry: CachedJwks): string {
  return JSON.stringify({ format: FORMAT, keys: entry.keys, fetchedAt: entry.fetchedAt, freshUntil: entry.freshUntil });
}

/**
 * Reads a stored entry; anything unexpected (another format, a corrupt value, a fetch time in the
 * future) is no entry. The store is not trusted more than the network: its keys pass the same
 * checks as fetched ones, and its freshness is cut to what this instance would have given the set
 * (fetchedAt + cacheMaxAge), so an entry written with a longer freshness, by another configuration
 * or by whoever can write to the store, cannot keep a key alive that the provider has rotated out.
 */
export function parseEntry(text: unknown, limits: RestoreLimits): CachedJwks | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as { format?: unknown; fetchedAt?: unknown; freshUntil?: unknown };
    const { fetchedAt, freshUntil } = value;
    if (value.format !== FORMAT || typeof fetchedAt !== 'number' || typeof freshUntil !== 'number') return undefined;
    if (!Number.isFinite(fetchedAt) || !Number.isFinite(freshUntil) || freshUntil < fetchedAt) return undefined;
    if (fetchedAt > limits.now + MAX_CLOCK_SKEW_SECONDS) return undefined;
    const keys = verificationKeys(value, { allowSecrets: false });
    return { keys, fetchedAt, freshUntil: Math.min(freshUntil, fetchedAt + limits.cacheMaxAge) };
  } catch {
    return undefined;
  }
}
