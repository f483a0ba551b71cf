import { JwtArgumentError } from '../index.js';

/**
 * Where refresh-token state lives. The store holds one record per *live* refresh token; a token
 * whose record is gone (spent by a rotation, logged out, revoked) is refused, and because every
 * refresh token is signed, a signed token without a record can only be a replay or a revoked one.
 * So the store never needs to remember spent tokens: absence is the signal.
 *
 * Back it with your database by implementing these five methods. The one that must be atomic is
 * `consume`: it is what makes rotation consume-once. A sixth, optional method, `rotate`, is
 * `consume` with a grace window (the `rotationGrace` option of `createSessions`): a store without
 * it still works, with no window (every replay is reuse).
 */

/** The state of one live refresh token. */
export interface RefreshRecord {
  /** The refresh token's id (its `jti` claim): the record's key. */
  readonly jti: string;
  /** The session family (the tokens' `sid` claim): every refresh token rotated from one login. */
  readonly family: string;
  /** The user (the tokens' `sub` claim). */
  readonly sub: string;
  /** When the refresh token expires, in seconds since the epoch; from then on the record may be deleted. */
  readonly expiresAt: number;
}

/** What `rotate` is asked to do besides rotating: remember the rotation for a grace window. */
export interface RotationGrace {
  /** The sessions' clock at this rotation, in seconds since the epoch. */
  readonly now: number;
  /** How long after `now` a replay of the presented token gets the same successor, in seconds (> 0). */
  readonly seconds: number;
  /**
   * Who rotates: the `clientId` of createSessions, or `''` without one. A replay within the window
   * gets the successor only when it comes from the same client; from another, it is reuse.
   */
  readonly client: string;
}

/**
 * What `rotate` did:
 * - `rotated`: the presented token was live; it is spent and `next` saved (as `consume` → `true`).
 * - `replayed`: the presented token was spent by a rotation within the grace window, by the same
 *   client, and that rotation's successor is still its family's live token: `successor` is it and
 *   `rotatedAt` the `now` of that rotation (the successor's `iat`). Nothing was changed.
 * - `refused`: anything else (spent earlier, revoked, another client, successor spent too); nothing
 *   was changed (as `consume` → `false`): createSessions treats it as reuse.
 */
export type Rotation =
  | { readonly status: 'rotated' }
  | { readonly status: 'replayed'; readonly successor: RefreshRecord; readonly rotatedAt: number }
  | { readonly status: 'refused' };

/** The refresh-token store `createSessions` uses: small, async, and implementable on any database. */
export interface SessionStore {
  /** Saves the record of a new session's first refresh token (at login). */
  create(record: RefreshRecord): Promise<void>;
  /**
   * Rotation, atomically: if the record of `jti` exists, delete it, save `next` and resolve `true`;
   * otherwise change nothing and resolve `false`. Of any number of concurrent calls with one `jti`
   * at most one resolves `true`. (Redis: one Lua script around `DEL`; SQL: `DELETE … WHERE jti = ?`
   * and, when it deleted a row, `INSERT` the next one, in one transaction.) Taking the replacement in
   * the same step matters: were it saved separately, a family revoked between the two steps would
   * come back to life with the new token.
   */
  consume(jti: string, next: RefreshRecord): Promise<boolean>;
  /**
   * Optional: `consume` with a grace window, in one atomic step. When the record of `jti` is live,
   * as `consume`, and also remember until `grace.now + grace.seconds` that `jti` was rotated to
   * `next` (at `grace.now`, by `grace.client`). When it is not, and such a memory of `jti` is there,
   * unexpired, of the same client, and the successor it names is still its family's live token, resolve
   * `replayed` with that successor and change nothing. Otherwise `refused`. Of any
   * number of concurrent calls with one `jti`, at most one resolves `rotated`; the others that come
   * within the window get that one's successor, so concurrent refreshes converge on one chain.
   * (SQL: the spent row kept with `successor_jti`, `rotated_at`, `client` and a `grace_until`,
   * instead of deleted, in the same transaction.) createSessions uses it when the store has it and
   * `rotationGrace` is above zero; otherwise `consume`.
   */
  rotate?(jti: string, next: RefreshRecord, grace: RotationGrace): Promise<Rotation>;
  /**
   * Deletes the record of every token of one session family (logout; reuse detected). `sub` is the
   * family's user: createSessions always passes it (stores partitioned by user, such as the Redis
   * store on a cluster, need it); a store keyed by family alone may ignore it.
   */
  revokeFamily(family: string, sub?: string): Promise<void>;
  /** Deletes the records of every session of one user (log out everywhere). */
  revokeSubject(sub: string): Promise<void>;
  /** Deletes records whose `expiresAt` ≤ `now` (seconds since the epoch). Stores whose entries expire by themselves may do nothing. */
  purgeExpired(now: number): Promise<void>;
}

/**
 * The default `maxSessionsPerSubject` of memoryStore and redisStore: 1,000 live sessions per user.
 * On by default, because without a bound one account's scripted logins grow the store without end
 * (Redis memory; in the memory store, its `maxSessions`),
 * and "log out everywhere" walks all of them. Generous, because a person's live sessions are their
 * devices and browsers within `refreshTtl`, tens at most: only a script logging in again and again
 * meets the bound, and then it is that script's own oldest sessions that end. An app whose users are
 * machines (one `sub` per fleet) sets it higher.
 */
export const DEFAULT_MAX_SESSIONS_PER_SUBJECT = 1000;

/** Throws ERR_INVALID_ARGUMENT unless `record` is a well-formed RefreshRecord; returns a copy. */
export function checkRecord(record: RefreshRecord): RefreshRecord {
  if (typeof record !== 'object' || record === null) throw new JwtArgumentError('a refresh record must be an object');
  const { jti, family, sub, expiresAt } = record;
  for (const [name, value] of [
    ['jti', jti],
    ['family', family],
    ['sub', sub],
  ] as const) {
    if (typeof value !== 'string' || value === '') throw new JwtArgumentError(`a refresh record's ${name} must be a non-empty string`);
  }
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) throw new JwtArgumentError("a refresh record's expiresAt must be seconds since the epoch");
  return { jti, family, sub, expiresAt };
}

/** Throws ERR_INVALID_ARGUMENT unless `store` has the five SessionStore methods (and `rotate`, if any, is a method). */
export function checkStore(store: unknown): SessionStore {
  const methods = ['create', 'consume', 'revokeFamily', 'revokeSubject', 'purgeExpired'] as const;
  const valid = typeof store === 'object' && store !== null && methods.every((name) => typeof (store as Record<string, unknown>)[name] === 'function');
  if (!valid) throw new JwtArgumentError(`store must implement ${methods.join(', ')}`);
  const { rotate } = store as Record<string, unknown>;
  if (rotate !== undefined && typeof rotate !== 'function') throw new JwtArgumentError('store.rotate, when present, must be a method');
  return store as SessionStore;
}

/** Throws ERR_INVALID_ARGUMENT unless `grace` is a well-formed RotationGrace; returns a copy. */
export function checkGrace(grace: RotationGrace): RotationGrace {
  if (typeof grace !== 'object' || grace === null) throw new JwtArgumentError('a rotation grace must be an object');
  const { now, seconds, client } = grace;
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new JwtArgumentError("a rotation grace's now must be seconds since the epoch");
  if (typeof seconds !== 'number' || !(seconds > 0) || !Number.isFinite(seconds))
    throw new JwtArgumentError("a rotation grace's seconds must be a positive number");
  if (typeof client !== 'string') throw new JwtArgumentError("a rotation grace's client must be a string");
  return { now, seconds, client };
}
