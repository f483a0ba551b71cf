import { JwtArgumentError } from '../index.js';
import { optionNames } from '../util/options.js';
import { layerOptions } from './options.js';
import { type RefreshRecord, type Rotation, type RotationGrace, type SessionStore, checkGrace, checkRecord } from './store.js';

/**
 * The embedded store: refresh-token records in this process's memory. Right for one process and
 * for tests; with several processes (or restarts that must keep sessions) use a shared store.
 *
 * Bounded: at most `maxSessions` live sessions. createSessions purges expired records (through
 * `purgeExpired`, on its own clock) at most once a minute as users log in; if the store is still
 * full, a new login drops the session rotated least recently, so the bound fails closed (that user
 * logs in again) instead of refusing new logins.
 *
 * Rotations within a grace window are remembered (`rotate`) for the window only, and never more of
 * them than `maxSessions`: each is dropped once its window is over, at the next rotation.
 */

/** Options of `memoryStore`. */
export interface MemoryStoreOptions {
  /** Most sessions held at once; default 10,000. */
  maxSessions?: number;
}

/** The embedded SessionStore, with `rotate` (grace windows); `size` is the number of live sessions it holds. */
export interface MemoryStore extends SessionStore {
  readonly size: number;
  rotate(jti: string, next: RefreshRecord, grace: RotationGrace): Promise<Rotation>;
}

const DEFAULT_MAX_SESSIONS = 10_000;
const MEMORY_STORE_OPTIONS = /* @__PURE__ */ optionNames<MemoryStoreOptions>({ maxSessions: true });

/** The bound from the options: absent options or option mean the default; anything else must be a positive integer. */
function checkMaxSessions(options: unknown): number {
  const { maxSessions } = layerOptions(options as MemoryStoreOptions | undefined, MEMORY_STORE_OPTIONS, 'memoryStore');
  // `null` is a mistake, not "absent": a bound that was meant must not silently become the default.
  if (maxSessions === undefined) return DEFAULT_MAX_SESSIONS;
  if (!Number.isSafeInteger(maxSessions) || maxSessions < 1) throw new JwtArgumentError('maxSessions must be a positive integer');
  return maxSessions;
}

/**
 * A bounded in-memory SessionStore (the default of `createSessions`).
 *
 * @throws ERR_INVALID_ARGUMENT: options that are not an object, a `maxSessions` that is not a positive integer.
 * @example
 * ```ts
 * const auth = createSessions({ key: process.env.JWT_SECRET!, loadClaims: () => ({}), store: memoryStore({ maxSessions: 1000 }) });
 * ```
 */
export function memoryStore(options?: MemoryStoreOptions): MemoryStore {
  const maxSessions = checkMaxSessions(options);

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
    async revokeFamily(family) {
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
