import { JwtArgumentError } from '../index.js';
import { type Heap, type HeapEntry, createHeap } from '../util/heap.js';
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
 * full, a new login ends one session, so the bound fails closed (that user logs in again) instead
 * of refusing new logins. Fairly: the session ended is the one that ends first of the user holding
 * the most sessions (the new login counted), so a few accounts logging in again and again end
 * their own sessions, never those of a user holding fewer. Each user has a bound of their own too,
 * `maxSessionsPerSubject`: a login beyond it ends that user's session that ends first (one that
 * ended already, when there is one), as redisStore does.
 *
 * Both choices are heap tops (util/heap.ts): each user's sessions by their end, and the users by
 * how many they hold, so a login, a rotation or an eviction costs O(log n), never a walk of all
 * sessions (test/sessions/store.test.ts fills 100,000 and logs 20,000 more in).
 *
 * Rotations within a grace window are remembered (`rotate`) for the window only, and never more of
 * them than `maxSessions`: each is dropped once its window is over, at the next rotation.
 */

/** Options of `memoryStore`. */
export interface MemoryStoreOptions {
  /**
   * Most sessions held at once; default 10,000. A login beyond it ends the session that ends first
   * of the user holding the most sessions (this login counted); of users tied, the session that
   * ends first of theirs; of equal ends, the one created or rotated least recently.
   */
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

/** One live session: its record, and when it was saved (created or rotated), to order equal ends. */
interface Session extends HeapEntry {
  readonly record: RefreshRecord;
  readonly saved: number;
}

/** One user's sessions, the one that ends first on top. */
interface Subject extends HeapEntry {
  readonly sessions: Heap<Session>;
}

/** The session that ends first; of equal ends (whole seconds), the one saved least recently. */
const endsBefore = (a: Session, b: Session): boolean =>
  a.record.expiresAt < b.record.expiresAt || (a.record.expiresAt === b.record.expiresAt && a.saved < b.saved);

/** The user a full store takes a session from: the one holding the most; of those tied, the one whose session ends first (as endsBefore). */
const takenFirst = (a: Subject, b: Subject): boolean =>
  a.sessions.size > b.sessions.size || (a.sessions.size === b.sessions.size && endsBefore(a.sessions.peek()!, b.sessions.peek()!));

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

  const byJti = new Map<string, Session>();
  const byFamily = new Map<string, Session>();
  const subjects = new Map<string, Subject>();
  // Every user with a session, the one a full store takes a session from first on top.
  const fullest = createHeap(takenFirst);
  let saves = 0;
  // Spent jti → the rotation that spent it, for its grace window. Map order is rotation order, so
  // (the clock moving forward) the windows over are at the front.
  const rotations = new Map<string, { successor: string; rotatedAt: number; until: number; client: string }>();

  function add(record: RefreshRecord): void {
    // A family holds one live token: a second record for it replaces the first. A jti names one record.
    const sameFamily = byFamily.get(record.family);
    if (sameFamily !== undefined) remove(sameFamily);
    const sameJti = byJti.get(record.jti);
    if (sameJti !== undefined) remove(sameJti);
    const session: Session = { record, saved: saves++, heapIndex: -1 };
    byJti.set(record.jti, session);
    byFamily.set(record.family, session);
    let subject = subjects.get(record.sub);
    if (subject === undefined) {
      subject = { sessions: createHeap(endsBefore), heapIndex: -1 };
      subject.sessions.push(session);
      subjects.set(record.sub, subject);
      fullest.push(subject);
    } else {
      subject.sessions.push(session);
      fullest.update(subject);
    }
  }

  function remove(session: Session): void {
    const { record } = session;
    byJti.delete(record.jti);
    byFamily.delete(record.family);
    const subject = subjects.get(record.sub)!;
    subject.sessions.remove(session);
    if (subject.sessions.size > 0) {
      fullest.update(subject);
    } else {
      subjects.delete(record.sub);
      fullest.remove(subject);
    }
  }

  /**
   * Room for a new family of `record.sub` under maxSessionsPerSubject: ends the user's sessions
   * that end first. Those that ended already (purgeExpired runs on the sessions' clock, at most
   * once a minute) end before any live one, so they go first. O(log n) each.
   */
  function makeRoomFor(record: RefreshRecord): void {
    const subject = subjects.get(record.sub);
    if (subject === undefined || byFamily.get(record.family)?.record.sub === record.sub) return; // a family replaced is not one more
    while (subject.sessions.size >= maxPerSubject) remove(subject.sessions.peek()!);
  }

  function dropRotationsOver(now: number): void {
    for (const [jti, rotation] of rotations) {
      if (rotation.until > now && rotations.size <= maxSessions) break;
      rotations.delete(jti);
    }
  }

  /** Rotation: `consume` when `grace` is undefined, `rotate` otherwise. No await: atomic. */
  function rotateNow(jti: string, next: RefreshRecord, grace: RotationGrace | undefined): Rotation {
    const session = byJti.get(jti);
    if (session !== undefined) {
      remove(session);
      add(next);
      if (grace !== undefined) {
        rotations.set(jti, { successor: next.jti, rotatedAt: grace.now, until: grace.now + grace.seconds, client: grace.client });
        dropRotationsOver(grace.now);
      }
      return { status: 'rotated' };
    }
    const rotation = grace === undefined ? undefined : rotations.get(jti);
    const successor = rotation === undefined ? undefined : byJti.get(rotation.successor)?.record;
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
      add(checked);
      // Full: the user holding the most sessions (this login counted) gives up the one that ends first.
      if (byJti.size > maxSessions) remove(fullest.peek()!.sessions.peek()!);
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
      const session = byFamily.get(checkString(family, 'family'));
      if (session !== undefined) remove(session);
    },
    async revokeSubject(sub) {
      const sessions = subjects.get(checkString(sub, 'sub'))?.sessions;
      while (sessions !== undefined && sessions.size > 0) remove(sessions.peek()!);
    },
    async purgeExpired(now) {
      if (typeof now !== 'number' || !Number.isFinite(now)) throw new JwtArgumentError('now must be seconds since the epoch');
      for (const session of byJti.values()) if (session.record.expiresAt <= now) remove(session);
      dropRotationsOver(now);
    },
  };
}
