import { JwtArgumentError } from '../index.js';
import { optionNames } from '../util/options.js';
import { countOption, layerOptions } from './options.js';
import {
  DEFAULT_MAX_SESSIONS_PER_SUBJECT,
  type RefreshRecord,
  type Rotation,
  type RotationGrace,
  type SessionStore,
  checkGrace,
  checkRecord,
} from './store.js';

/**
 * The embedded store: refresh-token records in this process's memory. Right for one process and
 * for tests; with several processes (or restarts that must keep sessions) use a shared store.
 *
 * Bounded: at most `maxSessions` live sessions. createSessions purges expired records (through
 * `purgeExpired`, on its own clock) at most once a minute as users log in; if the store is still
 * full, a new login drops the session rotated least recently, so the bound fails closed (that user
 * logs in again) instead of refusing new logins. Each user has a bound of their own too,
 * `maxSessionsPerSubject`: a login beyond it ends that user's session that ends first (one that
 * ended already, when there is one), as redisStore does.
 *
 * Rotations within a grace window are remembered (`rotate`) for the window only, and never more of
 * them than `maxSessions`: each is dropped once its window is over, at the next rotation.
 */

/** Options of `memoryStore`. */
export interface MemoryStoreOptions {
  /** Most sessions held at once; default 10,000. */
  maxSessions?: number;
  /**
   * Most live sessions of one user (`sub`); default 1,000. A login beyond it ends the user's
   * session that ends first (with fixed-length sessions, the oldest login; with `sliding`, the one
   * refreshed least recently): its next refresh is ERR_SESSION_REVOKED, as after a logout.
   */
  maxSessionsPerSubject?: number;
}

/** The embedded SessionStore, with `rotate` (grace windows); `size` is the number of live sessions it holds. */
export interface MemoryStore extends SessionStore {
  readonly size: number;
  rotate(jti: string, next: RefreshRecord, grace: RotationGrace): Promise<Rotation>;
}

const DEFAULT_MAX_SESSIONS = 10_000;
const MEMORY_STORE_OPTIONS = /* @__PURE__ */ optionNames<MemoryStoreOptions>({ maxSessions: true, maxSessionsPerSubject: true });

/** The bounds from the options: absent options or option mean the default; anything else must be a positive integer. */
function checkBounds(options: unknown): { maxSessions: number; maxPerSubject: number } {
  const { maxSessions, maxSessionsPerSubject } = layerOptions(options as MemoryStoreOptions | undefined, MEMORY_STORE_OPTIONS, 'memoryStore');
  return {
    maxSessions: countOption(maxSessions, 'maxSessions', DEFAULT_MAX_SESSIONS),
    maxPerSubject: countOption(maxSessionsPerSubject, 'maxSessionsPerSubject', DEFAULT_MAX_SESSIONS_PER_SUBJECT),
  };
}

/**
 * A bounded in-memory SessionStore (the default of `createSessions`).
 *
 * @throws ERR_INVALID_ARGUMENT: options that are not an object or have an unknown name, a
 * `maxSessions` or `maxSessionsPerSubject` that is not a positive integer.
 * @example
 * ```ts
 * const store = memoryStore({ maxSessions: 1000, maxSessionsPerSubject: 10 });
 * const auth = createSessions({ key: process.env.JWT_SECRET!, loadClaims: () => ({}), store });
 * ```
 */
export function memoryStore(options?: MemoryStoreOptions): MemoryStore {
  const { maxSessions, maxPerSubject } = checkBounds(options);

  // Map order is rotation order: the first record is the session rotated (or created) least recently.
  const byJti = new Map<string, RefreshRecord>();
  const jtiOfFamily = new Map<string, string>();
  const familiesOf = new Map<string, Set<string>>();
  // Spent jti → the rotation that spent it, for its grace window. Map order is rotation order, so
  // (the clock moving forward) the windows over are at the front.
  const rotations = new Map<string, { successor: string; rotatedAt: number; until: number; client: string }>();

  function add(record: RefreshRecord): void {
    // A family holds one live token; a second record for it replaces the first.
    const previous = jtiOfFamily.get(record.family);
    if (previous !== undefined) remove(byJti.get(previous)!);
    byJti.set(record.jti, record);
    jtiOfFamily.set(record.family, record.jti);
    const families = familiesOf.get(record.sub) ?? new Set<string>();
    families.add(record.family);
    familiesOf.set(record.sub, families);
  }

  function remove(record: RefreshRecord): void {
    byJti.delete(record.jti);
    jtiOfFamily.delete(record.family);
    const families = familiesOf.get(record.sub);
    families?.delete(record.family);
    if (families?.size === 0) familiesOf.delete(record.sub);
  }

  /** The live record of the family of `families` that ends first; on a tie, the one rotated least recently (first in the set). */
  function endsFirst(families: Set<string>): RefreshRecord {
    let first: RefreshRecord | undefined;
    for (const family of families) {
      const record = byJti.get(jtiOfFamily.get(family)!)!;
      if (first === undefined || record.expiresAt < first.expiresAt) first = record;
    }
    return first!;
  }

  /**
   * Room for a new family of `record.sub` under maxSessionsPerSubject: drops the user's families
   * that end first. Those that ended already (purgeExpired runs on the sessions' clock, at most once
   * a minute) end before any live one, so they go first. O(the user's sessions), at the bound only.
   */
  function makeRoomFor(record: RefreshRecord): void {
    const families = familiesOf.get(record.sub);
    if (families === undefined || families.has(record.family)) return; // a family replaced is not one more
    while (families.size >= maxPerSubject) remove(endsFirst(families));
  }

  function dropRotationsOver(now: number): void {
    for (const [jti, rotation] of rotations) {
      if (rotation.until > now && rotations.size <= maxSessions) break;
      rotations.delete(jti);
    }
  }

  /** Rotation: `consume` when `grace` is undefined, `rotate` otherwise. No await: atomic. */
  function rotateNow(jti: string, next: RefreshRecord, grace: RotationGrace | undefined): Rotation {
    const record = byJti.get(jti);
    if (record !== undefined) {
      remove(record);
      add(next);
      if (grace !== undefined) {
        rotations.set(jti, { successor: next.jti, rotatedAt: grace.now, until: grace.now + grace.seconds, client: grace.client });
        dropRotationsOver(grace.now);
      }
      return { status: 'rotated' };
    }
    const rotation = grace === undefined ? undefined : rotations.get(jti);
    const successor = rotation === undefined ? undefined : byJti.get(rotation.successor);
    // Within the window, from the same client, and the successor not spent or revoked since.
    if (rotation === undefined || successor === undefined || grace!.now >= rotation.until || rotation.client !== grace!.client) return { status: 'refused' };
    return { status: 'replayed', successor, rotatedAt: rotation.rotatedAt };
  }

  function checkString(value: unknown, name: string): string {
    if (typeof value !== 'string' || value === '') throw new JwtArgumentError(`${name} must be a non-empty string`);
    return value;
  }

  // Every method's body runs without an await, so each is atomic with respect to the others.
  return {
    get size() {
      return byJti.size;
    },
    async create(record) {
      const checked = checkRecord(record);
      makeRoomFor(checked);
      if (byJti.size >= maxSessions) remove(byJti.values().next().value!);
      add(checked);
    },
    async consume(jti, next) {
      const checked = checkRecord(next);
      return rotateNow(checkString(jti, 'jti'), checked, undefined).status === 'rotated';
    },
    async rotate(jti, next, grace) {
      const checked = checkRecord(next);
      return rotateNow(checkString(jti, 'jti'), checked, checkGrace(grace));
    },
    async revokeFamily(family, sub) {
      if (sub !== undefined) checkString(sub, 'sub'); // not needed here, but a malformed one is a caller's mistake
      const jti = jtiOfFamily.get(checkString(family, 'family'));
      if (jti !== undefined) remove(byJti.get(jti)!);
    },
    async revokeSubject(sub) {
      for (const family of familiesOf.get(checkString(sub, 'sub')) ?? []) {
        remove(byJti.get(jtiOfFamily.get(family)!)!);
      }
    },
    async purgeExpired(now) {
      if (typeof now !== 'number' || !Number.isFinite(now)) throw new JwtArgumentError('now must be seconds since the epoch');
      for (const record of byJti.values()) if (record.expiresAt <= now) remove(record);
      dropRotationsOver(now);
    },
  };
}
