/**
 * Brute-force defence of the login, in this process's memory (each instance keeps its own; nginx's
 * `limit_req` in front is the shared, per-address first line):
 *
 * - `backoff`: after `free` failed logins for one key (a username, or a client address), the key
 *   is locked for `lock` seconds, doubled at each further failure up to `maxLock`; a key's failures
 *   are forgotten `forgetAfter` seconds after its last one. At most `maxKeys` keys are tracked (the
 *   least recently seen is dropped first), so a spray of names cannot grow the memory.
 * - `hashSlots`: at most `max` password hashes at once; a login that finds them all busy is
 *   refused at once (503) instead of queueing behind a flood and starving everyone else.
 */
import { createLru } from '../../src/util/lru.js';

export interface BackoffOptions {
  /** Failures allowed before the first lock. */
  free: number;
  /** The first lock, in seconds; each further failure doubles it. */
  lock: number;
  /** The longest lock, in seconds. */
  maxLock: number;
  /** Seconds after the last failure when a key starts afresh. */
  forgetAfter: number;
  /** Keys tracked at most. */
  maxKeys: number;
  /** The clock, in ms (tests); default Date.now. */
  now?: () => number;
}

/** Per username: 5 wrong passwords, then one try per 10 s, 20 s, 40 s, … at most one per 5 min; forgotten after 15 quiet minutes. */
export const USER_BACKOFF: BackoffOptions = { free: 5, lock: 10, maxLock: 300, forgetAfter: 900, maxKeys: 10_000 };
/** Per client address: as per username, but 20 failures first (several people behind one NAT mistype too). */
export const ADDRESS_BACKOFF: BackoffOptions = { ...USER_BACKOFF, free: 20 };

export interface Backoff {
  /** Seconds until `key` may try again, rounded up; 0 when it may now. */
  retryAfter(key: string): number;
  /** Counts a failed login of `key`. */
  fail(key: string): void;
  /** Forgets `key`'s failures (its owner proved the password). */
  reset(key: string): void;
}

interface Entry {
  failures: number;
  /** ms: the last failure, and the end of the lock (0: none). */
  last: number;
  lockedUntil: number;
}

export function createBackoff({ free, lock, maxLock, forgetAfter, maxKeys, now = Date.now }: BackoffOptions): Backoff {
  const entries = createLru<string, Entry>(maxKeys);
  /** The key's entry, unless it is forgotten by now. */
  const current = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry !== undefined && now() - entry.last >= forgetAfter * 1000) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    retryAfter(key) {
      const entry = current(key);
      return entry === undefined ? 0 : Math.max(0, Math.ceil((entry.lockedUntil - now()) / 1000));
    },
    fail(key) {
      const entry = current(key) ?? { failures: 0, last: 0, lockedUntil: 0 };
      entry.failures += 1;
      entry.last = now();
      if (entry.failures >= free) entry.lockedUntil = entry.last + Math.min(lock * 2 ** (entry.failures - free), maxLock) * 1000;
      entries.set(key, entry);
    },
    reset(key) {
      entries.delete(key);
    },
  };
}

export interface HashSlots {
  /** A slot (call the returned function to give it back), or undefined when all `max` are taken. */
  take(): (() => void) | undefined;
}

/** At most `max` password hashes at once: scrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise). */
export function createHashSlots(max: number): HashSlots {
  let busy = 0;
  return {
    take() {
      if (busy >= max) return undefined;
      busy += 1;
      let given = false;
      return () => {
        if (!given) busy -= 1;
        given = true;
      };
    },
  };
}
