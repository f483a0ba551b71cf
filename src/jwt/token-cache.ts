import { JwtArgumentError } from '../errors.js';
import { createLru } from '../util/lru.js';
import { isPositiveInteger, unknownOption } from '../util/options.js';
import type { JwtHeader, JwtPayload } from './types.js';

/**
 * The verified-token cache of `createVerifier({ cache: { size } })`: token string → its verified
 * header and payload, least recently used dropped first. It only saves the signature check and the
 * parsing: every hit is validated again at the current time (exp, nbf, iat, maxAge, claims), so a
 * cached token is never served past its `exp`. One cache belongs to one verifier, hence to one key
 * and one set of options. Entries are frozen: they are shared by every call that hits them.
 */

export interface CachedToken {
  readonly header: JwtHeader;
  readonly payload: JwtPayload;
}

export interface TokenCache {
  get(token: string): CachedToken | undefined;
  set(token: string, entry: CachedToken): void;
  delete(token: string): void;
}

const CACHE_OPTIONS: ReadonlySet<string> = new Set(['size']);

/** Checks the `cache` option: `{ size }` with a whole number of entries, 1 to 1,000,000. */
export function checkCacheOption(cache: unknown): number {
  const size = typeof cache === 'object' && cache !== null ? (cache as { size?: unknown }).size : undefined;
  const unknown = typeof cache === 'object' && cache !== null ? unknownOption(cache, CACHE_OPTIONS) : undefined;
  if (unknown !== undefined) throw new JwtArgumentError(`cache: ${unknown}`);
  if (!isPositiveInteger(size) || size > 1_000_000) {
    throw new JwtArgumentError('cache must be { size } with a size from 1 to 1,000,000 tokens');
  }
  return size;
}

/**
 * Freezes an entry and everything in it, so no caller can change what later hits get. A work list,
 * not recursion: a validly signed payload may nest thousands of levels deep (16 KB of `[`), more
 * than the call stack holds.
 */
function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null || Object.isFrozen(item)) continue;
    Object.freeze(item);
    for (const child of Object.values(item)) pending.push(child);
  }
  return value;
}

export function createTokenCache(size: number): TokenCache {
  const entries = createLru<string, CachedToken>(size);
  return {
    get: (token) => entries.get(token),
    set: (token, entry) => entries.set(token, deepFreeze(entry)),
    delete: (token) => entries.delete(token),
  };
}
