import {
  type Alg,
  createVerifier,
  type Duration,
  JwtArgumentError,
  type JwtPayload,
  JwtSessionMissingError,
  JwtSessionRevokedError,
  type KeyInput,
  epochSeconds,
  isClientError,
  toSeconds,
} from '../index.js';
import { optionNames } from '../util/options.js';
import { memoryStore } from './memory-store.js';
import { readRefreshCookie } from './cookies.js';
import { layerOptions } from './options.js';
import { type RefreshRecord, type Rotation, type SessionStore, checkStore } from './store.js';
import {
  type RefreshPayload,
  type TokenConfig,
  checkAppClaims,
  createTokenSigners,
  randomId,
  reservedClaims,
  signAccessToken,
  signRefreshToken,
  verifySessionToken,
} from './tokens.js';

/**
 * Sessions: a short-lived access token for every request, a longer-lived refresh token to get
 * the next one. Refresh rotates (the presented token is spent, atomically, in the store), reloads
 * the user's claims, and treats a spent token presented again as theft (RFC 9700 §4.14.2): the
 * whole session family is revoked, so the thief's copy and the victim's both stop working.
 *
 * Concurrent refreshes of one token (two browser tabs waking at once, a retry after a lost
 * response) are not theft: within `rotationGrace` of a rotation, the same token presented again by
 * the same client gets the same successor, so every copy converges on one chain (see
 * DEFAULT_ROTATION_GRACE for the default and why).
 *
 * Access tokens are checked without the store (that is what makes them cheap); revocation takes
 * effect at the next refresh, so an access token stays usable until its `exp`, at most `accessTtl`.
 */

/**
 * The app's own claims in access tokens (roles, permissions, …). createSessions' type parameter
 * takes any object type, an `interface` as well as a type alias: it is bound by `object`, since an
 * interface has no implicit index signature and a `Record<string, unknown>` bound would refuse it.
 */
export type SessionClaims = Record<string, unknown>;

/** Options of `createSessions`. */
export interface SessionsOptions<Claims extends object = SessionClaims> {
  /** Signs both kinds of token (and verifies them, unless `verifyKey` is given): a secret, or a private key with `verifyKey`. */
  key: KeyInput;
  /** Verifies tokens when `key` is a private key: its public key. Default: `key`. */
  verifyKey?: KeyInput;
  /** The alg to sign with and the only one accepted. Default: the first the key can do (as for `sign`). */
  alg?: Alg;
  /** `iss` of both kinds of token, and required on verification. */
  issuer?: string;
  /** `aud` of access tokens (RFC 9068 wants one), and required by `verifyAccess`. Refresh tokens carry none. */
  audience?: string | string[];
  /** `client_id` of access tokens (RFC 9068 wants one): the OAuth client the tokens are for. Default: none. */
  clientId?: string;
  /** Lifetime of access tokens; default `'5m'`, at most a day. Never beyond the session's end. */
  accessTtl?: Duration;
  /**
   * Lifetime of the session, fixed at login (or, with `sliding`, renewed by each refresh); default
   * `'24h'`, at most 400 days (browsers' limit for a cookie).
   */
  refreshTtl?: Duration;
  /** Refresh-token state; default `memoryStore()`. */
  store?: SessionStore;
  /** The user's current claims, called at login (when `issue` gets none) and at every refresh; `null` ends the session. */
  loadClaims: (sub: string) => Claims | null | Promise<Claims | null>;
  /**
   * How long after a rotation the spent token still gets the same successor (the same refresh
   * token, and an access token of the same session) instead of counting as reuse; `0` turns the
   * window off. Default `'30s'` (see DEFAULT_ROTATION_GRACE); at most `'5m'`. Needs a store with
   * `rotate` (memoryStore and redisStore have it); a store without it gets no window.
   */
  rotationGrace?: Duration;
  /** Each refresh moves the session's end to now + `refreshTtl`, so a session ends only when idle that long. Default `false`. */
  sliding?: boolean;
  /** The clock, for tests: a Date or seconds since the epoch. Default: the current time. */
  now?: () => Date | number;
}

/** What `issue` and `refresh` return: the shape of an OAuth 2.0 token response (RFC 6749 §5.1), in camelCase. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Seconds until the refresh token (and, unless sliding, the session) expires: a cookie's Max-Age. */
  refreshExpiresIn: number;
}

/** The payload of a verified access token. */
export type AccessPayload<Claims extends object = SessionClaims> = JwtPayload &
  Claims & { sub: string; sid: string; jti: string; exp: number; iat: number; token_use: 'access' };

/** The object `createSessions` returns. Its functions do not use `this`: pass them around freely. */
export interface Sessions<Claims extends object = SessionClaims> {
  /** Login: starts a session for `sub` with `claims` (default: `loadClaims(sub)`). */
  issue(sub: string, claims?: Claims): Promise<SessionTokens>;
  /** Trades a refresh token for a new pair; the presented token is spent. None (`undefined`, `null`, `''`): ERR_SESSION_MISSING. */
  refresh(refreshToken: string | null | undefined): Promise<SessionTokens>;
  /**
   * `refresh` with the refresh token of a request's `Cookie` header (readRefreshCookie): the one
   * call of a refresh endpoint. No cookie: ERR_SESSION_MISSING. `name` as for the cookie helpers.
   */
  refreshFromCookie(cookieHeader: string | null | undefined, options?: { name?: string }): Promise<SessionTokens>;
  /** Verifies an access token (only an access token passes) and returns its payload. */
  verifyAccess(accessToken: string): Promise<AccessPayload<Claims>>;
  /**
   * Logout: ends the session of this refresh token (an expired one too). Anything that is not a
   * refresh token of ours (none, junk, forged, an access token) has no session to end: it resolves
   * all the same, so a logout always succeeds. Only the server's own errors (a store down) reject.
   */
  revoke(refreshToken: string | null | undefined): Promise<void>;
  /** Logout everywhere: ends every session of `sub`. */
  revokeSubject(sub: string): Promise<void>;
}

const SESSIONS_OPTIONS = /* @__PURE__ */ optionNames<SessionsOptions>({
  key: true,
  verifyKey: true,
  alg: true,
  issuer: true,
  audience: true,
  clientId: true,
  accessTtl: true,
  refreshTtl: true,
  store: true,
  loadClaims: true,
  sliding: true,
  now: true,
  rotationGrace: true,
});

/** How often (by the sessions' clock) `issue` asks the store to purge expired records. */
const PURGE_INTERVAL_SECONDS = 60;

/**
 * The default `rotationGrace`: 30 seconds. What the providers do: Okta's refresh-token grace period
 * defaults to 30 s (0–60 s); AWS Cognito's `RetryGracePeriodSeconds` takes 0–60 s; Auth0's rotation
 * overlap period and Ory Hydra's `refresh_token.rotation_grace_period` exist but are off until set.
 * We turn it on: without a window, two tabs that refresh at once log their user out (the second
 * refresh is "reuse" and revokes the family), which is common, while the window costs little:
 * - it helps only a copy of the token presented within 30 s of its rotation, by the same client;
 * - that copy gets the *same* successor, so the two holders share one chain, and the first time
 *   they diverge (one rotates, the other presents the spent token after the window) it is reuse
 *   and the family is revoked as before: theft is detected one rotation later, not missed;
 * - 30 s covers concurrent requests and a client's retry after a lost response on a slow network,
 *   and stays well under an access token's life (default 5 min), so it is never a second live token.
 */
export const DEFAULT_ROTATION_GRACE = 30;

/** The longest `rotationGrace`: beyond a few minutes a spent token would be a second live one. */
const MAX_ROTATION_GRACE = 300;

function checkOptions<Claims extends object>(options: SessionsOptions<Claims>) {
  if (typeof options !== 'object' || options === null) throw new JwtArgumentError('createSessions needs an options object');
  layerOptions(options, SESSIONS_OPTIONS, 'createSessions');
  const { key, verifyKey, alg, issuer, audience, clientId, loadClaims, sliding, now, rotationGrace } = options;
  if (key === undefined || key === null) throw new JwtArgumentError('key is required');
  // Key material is text, bytes or an object; `null` is not "use key", and a number is no key (it would fail at every verify).
  if (verifyKey !== undefined && (verifyKey === null || verifyKey === '' || (typeof verifyKey !== 'string' && typeof verifyKey !== 'object'))) {
    throw new JwtArgumentError('verifyKey, when given, must be key material: a public key, a JWK, a PEM string or a secret');
  }
  if (issuer !== undefined && (typeof issuer !== 'string' || issuer === '')) throw new JwtArgumentError('issuer must be a non-empty string');
  if (clientId !== undefined && (typeof clientId !== 'string' || clientId === '')) throw new JwtArgumentError('clientId must be a non-empty string');
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (audience !== undefined && (audiences.length === 0 || !audiences.every((value) => typeof value === 'string' && value !== ''))) {
    throw new JwtArgumentError('audience must be a non-empty string or a non-empty array of them');
  }
  if (typeof loadClaims !== 'function') throw new JwtArgumentError('loadClaims must be a function: (sub) => claims | null');
  if (sliding !== undefined && typeof sliding !== 'boolean') throw new JwtArgumentError('sliding must be true or false');
  if (now !== undefined && typeof now !== 'function') throw new JwtArgumentError('now must be a function returning a Date or seconds since the epoch');
  // Only an absent option is the default: `null` (like every other non-duration) is ERR_INVALID_ARGUMENT.
  const accessTtl = toSeconds(options.accessTtl === undefined ? '5m' : options.accessTtl, 'accessTtl', '1d');
  const refreshTtl = toSeconds(options.refreshTtl === undefined ? '24h' : options.refreshTtl, 'refreshTtl', '400d');
  if (accessTtl < 1 || refreshTtl < 1) throw new JwtArgumentError('accessTtl and refreshTtl must be at least one second');
  const grace = rotationGrace === undefined ? DEFAULT_ROTATION_GRACE : toSeconds(rotationGrace, 'rotationGrace');
  if (grace > MAX_ROTATION_GRACE) throw new JwtArgumentError(`rotationGrace must be at most ${MAX_ROTATION_GRACE} seconds`);
  const audienceCopy = Array.isArray(audience) ? [...audience] : audience;
  const signers = createTokenSigners(key, alg, issuer, audienceCopy);
  // createVerifier reads key material when it is made: a verifyKey that is no key ({}, a JWE Key, a short secret) fails here (ERR_KEY), not at every refresh.
  if (verifyKey !== undefined) createVerifier(verifyKey);
  const config: TokenConfig = { signers, verifyKey: verifyKey === undefined ? key : verifyKey, alg, issuer, audience: audienceCopy, clientId };
  const store = options.store === undefined ? memoryStore() : checkStore(options.store);
  return { config, accessTtl, refreshTtl, loadClaims, sliding: sliding === true, clock: now, store, grace };
}

/** Seconds since the epoch, from the clock option (read as every `now` option is) or the system clock. */
function readClock(clock: (() => Date | number) | undefined): number {
  // A clock that returns nothing is a mistake, not a request for the system clock.
  return clock === undefined ? epochSeconds() : epochSeconds(clock() ?? Number.NaN);
}

function checkSub(sub: unknown): string {
  if (typeof sub !== 'string' || sub === '') throw new JwtArgumentError('sub must be a non-empty string');
  return sub;
}

/**
 * Creates the session functions: issue, refresh, verifyAccess, revoke, revokeSubject.
 *
 * @throws ERR_INVALID_ARGUMENT: a bad or unknown option, an unsupported alg, at creation.
 * @throws ERR_KEY: key material it cannot sign or verify with.
 * @throws The returned functions reject with ERR_JWT_* and ERR_TOKEN_TYPE for a refused token,
 * ERR_SESSION_EXPIRED and ERR_SESSION_REVOKED for an ended session.
 * @example
 * ```ts
 * const auth = createSessions({
 *   key: process.env.JWT_SECRET!,
 *   audience: 'api',
 *   loadClaims: async (sub) => ({ role: await roleOf(sub) }),
 * });
 * const { accessToken, refreshToken } = await auth.issue('alice');
 * ```
 */
export function createSessions<Claims extends object = SessionClaims>(options: SessionsOptions<Claims>): Sessions<Claims> {
  const { config, accessTtl, refreshTtl, loadClaims, sliding, clock, store, grace } = checkOptions(options);
  const reserved = reservedClaims(config);
  let nextPurge = -Infinity;

  /**
   * Signs the pair for refresh token `jti` of one session, issued at `issuedAt` and ending at
   * `sessionEnd`; the access token is issued `now` and never outlives the session. Refresh tokens
   * are signed from exactly these fields, so signing one again (a replay within the grace window)
   * gives the same token with a deterministic alg (HMAC, RSA PKCS#1, EdDSA), and an equivalent one otherwise.
   */
  async function signPair(
    sub: string,
    sid: string,
    claims: SessionClaims,
    jti: string,
    issuedAt: number,
    sessionEnd: number,
    now: number,
  ): Promise<SessionTokens> {
    const accessIat = Math.floor(now);
    const accessExp = Math.min(accessIat + accessTtl, sessionEnd);
    const [accessToken, refreshToken] = await Promise.all([
      signAccessToken(config, { sub, sid, jti: randomId(), exp: accessExp, now: accessIat }, claims),
      signRefreshToken(config, { sub, sid, jti, exp: sessionEnd, now: issuedAt }),
    ]);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: accessExp - accessIat, refreshExpiresIn: sessionEnd - accessIat };
  }

  /** Spends `jti` for `next`: with the grace window when it is on and the store can keep it. */
  async function rotate(jti: string, next: RefreshRecord, now: number): Promise<Rotation> {
    if (grace > 0 && store.rotate !== undefined) return store.rotate(jti, next, { now: Math.floor(now), seconds: grace, client: config.clientId ?? '' });
    return { status: (await store.consume(jti, next)) ? 'rotated' : 'refused' };
  }

  /** The user's claims now, or the end of the session when loadClaims says the user is gone. */
  async function currentClaims(sub: string): Promise<SessionClaims | null> {
    const claims = await loadClaims(sub);
    return claims === null ? null : checkAppClaims(claims, 'loadClaims() result', reserved);
  }

  async function purgeNow(now: number): Promise<void> {
    if (now < nextPurge) return;
    nextPurge = now + PURGE_INTERVAL_SECONDS;
    await store.purgeExpired(now);
  }

  async function issue(sub: string, claims?: Claims): Promise<SessionTokens> {
    checkSub(sub);
    const appClaims = claims === undefined ? await currentClaims(sub) : checkAppClaims(claims, 'claims', reserved);
    if (appClaims === null) throw new JwtSessionRevokedError('loadClaims returned null: no session for this user');
    const now = readClock(clock);
    await purgeNow(now);
    const sid = randomId();
    const jti = randomId();
    const sessionEnd = Math.floor(now) + refreshTtl;
    const tokens = await signPair(sub, sid, appClaims, jti, Math.floor(now), sessionEnd, now);
    await store.create({ jti, family: sid, sub, expiresAt: sessionEnd });
    return tokens;
  }

  async function refresh(refreshToken: string | null | undefined): Promise<SessionTokens> {
    if (refreshToken === undefined || refreshToken === null || refreshToken === '') throw new JwtSessionMissingError();
    const now = readClock(clock);
    const { sub, sid, jti, exp } = (await verifySessionToken(config, refreshToken, 'refresh', now)) as RefreshPayload;
    const claims = await currentClaims(sub);
    if (claims === null) {
      await store.revokeFamily(sid, sub);
      throw new JwtSessionRevokedError('loadClaims returned null: the session is ended');
    }
    const next: RefreshRecord = { jti: randomId(), family: sid, sub, expiresAt: sliding ? Math.floor(now) + refreshTtl : exp };
    const rotation = await rotate(jti, next, now);
    if (rotation.status === 'rotated') return signPair(sub, sid, claims, next.jti, Math.floor(now), next.expiresAt, now);
    // A copy presented again right after its rotation: the same successor, so both copies go on as one chain.
    if (rotation.status === 'replayed') {
      const { successor, rotatedAt } = rotation;
      return signPair(sub, sid, claims, successor.jti, Math.floor(rotatedAt), successor.expiresAt, now);
    }
    // Signed by us, unexpired, yet not live: spent by an earlier refresh or revoked. A replay of a
    // spent token means two parties hold it, and we cannot tell which is the thief: end the session.
    await store.revokeFamily(sid, sub);
    throw new JwtSessionRevokedError('refresh token was already used or revoked: the session is ended');
  }

  async function verifyAccess(accessToken: string): Promise<AccessPayload<Claims>> {
    return (await verifySessionToken(config, accessToken, 'access', readClock(clock))) as AccessPayload<Claims>;
  }

  async function revoke(refreshToken: string | null | undefined): Promise<void> {
    if (refreshToken === undefined || refreshToken === null || refreshToken === '') return;
    let payload: RefreshPayload;
    try {
      payload = (await verifySessionToken(config, refreshToken, 'refresh', readClock(clock), true)) as RefreshPayload;
    } catch (error) {
      if (isClientError(error)) return; // not a live token of ours: no session to end
      throw error;
    }
    await store.revokeFamily(payload.sid, payload.sub);
  }

  async function refreshFromCookie(cookieHeader: string | null | undefined, options?: { name?: string }): Promise<SessionTokens> {
    return refresh(readRefreshCookie(cookieHeader, options));
  }

  async function revokeSubject(sub: string): Promise<void> {
    await store.revokeSubject(checkSub(sub));
  }

  return { issue, refresh, refreshFromCookie, verifyAccess, revoke, revokeSubject };
}
