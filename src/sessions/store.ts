import { JwtArgumentError } from '../index.js';

/**
 * Where refresh-token state lives. The store holds one record per *live* refresh token; a token
 * whose record is gone (spent by a rotation, logged out, revoked) is refused, and because every
 * refresh token is signed, a signed token without a record can only be a replay or a revoked one.
 * So the store never needs to remember spent tokens: absence is the signal.
 *
 * Back it with your database by implementing these five methods. The one that must be atomic is
 * `consume`: it is what makes rotation consume-once.
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
  /** Deletes the record of every token of one session family (logout; reuse detected). */
  revokeFamily(family: string): Promise<void>;
  /** Deletes the records of every session of one user (log out everywhere). */
  revokeSubject(sub: string): Promise<void>;
  /** Deletes records whose `expiresAt` ≤ `now` (seconds since the epoch). Stores whose entries expire by themselves may do nothing. */
  purgeExpired(now: number): Promise<void>;
}

/** Throws ERR_INVALID_ARGUMENT unless `record` is a well-formed RefreshRecord; returns a copy. */
export function checkRecord(record: RefreshRecord): RefreshRecord {
  if (typeof record !== 'object' || record === null) throw new JwtArgumentError('a refresh record must be an object');
  const { jti, family, sub, expiresAt } = record;
  for (const [name, value] of [['jti', jti], ['family', family], ['sub', sub]] as const) {
    if (typeof value !== 'string' || value === '') throw new JwtArgumentError(`a refresh record's ${name} must be a non-empty string`);
  }
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) throw new JwtArgumentError("a refresh record's expiresAt must be seconds since the epoch");
  return { jti, family, sub, expiresAt };
}

/** Throws ERR_INVALID_ARGUMENT unless `store` has the five SessionStore methods. */
export function checkStore(store: unknown): SessionStore {
  const methods = ['create', 'consume', 'revokeFamily', 'revokeSubject', 'purgeExpired'] as const;
  const valid = typeof store === 'object' && store !== null && methods.every((name) => typeof (store as Record<string, unknown>)[name] === 'function');
  if (!valid) throw new JwtArgumentError(`store must implement ${methods.join(', ')}`);
  return store as SessionStore;
}
