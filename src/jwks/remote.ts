import { JwksNoMatchError, JwtError } from '../errors.js';
import { JwksFetchError } from './errors.js';
import type { Jwk } from '../keys/jwk.js';
import { optionsObject } from '../util/options.js';
import { MAX_TIMER_MS, fetchJwks } from './fetch.js';
import type { JwksResolver } from './local.js';
import { type CachedJwks, parseEntry, serializeEntry } from './persist.js';
import { REMOTE_JWKS_OPTIONS, type RemoteJwksOptions, checkJwksUrl, checkRemoteJwksOptions } from './remote-options.js';
import { type KeySelector, selectKeys } from '../keys/select.js';
import { type JwkSet, verificationKeys } from './set.js';

/**
 * A JWK set published by an identity provider at its `jwks_uri`, as the key argument of `verify`.
 *
 * - The set is fetched on first use and used for `cacheMaxAge` (shortened by the response's
 *   Cache-Control max-age, never below `cooldown`), then fetched again.
 * - A token whose key is not in the set (a `kid` the provider just rotated in) makes it refetch,
 *   but there is at most one request per `cooldown`, whatever asks for it: a flood of forged
 *   `kid`s cannot become a flood of requests. Concurrent callers share the request under way.
 * - When a refresh fails, the last set stays in use for `staleIfError` past its freshness.
 * - With a `cache`, fetched sets are persisted and a new instance starts from the stored one.
 *
 * State lives in the returned function's closure: one instance per URL, kept for the process.
 */

/** A remote key set: a resolver for `verify`, plus control over its cache. */
export interface RemoteJwks extends JwksResolver {
  /** Fetches the set now (or joins the request under way), cooldown or not; rejects with that request's error. */
  reload(): Promise<void>;
  /** A copy of the keys in use, or undefined before the first successful fetch. */
  jwks(): JwkSet | undefined;
}

const CACHE_KEY_PREFIX = 'jwtkit:jwks:';

/**
 * A JWK set fetched from `url` (an identity provider's `jwks_uri`), as the key of `verify`: cached,
 * refetched on rotation at most once per cooldown, stale-if-error, bounded in time and size.
 *
 * @throws ERR_INVALID_ARGUMENT: a URL that is not `https:` (or loopback `http:`), a bad or unknown
 * option. Verifying with it then throws ERR_JWKS_NO_MATCH, ERR_JWKS_FETCH, ERR_JWKS_TIMEOUT or
 * ERR_JWKS_INVALID.
 * @example
 * ```ts
 * // Once per process: the set is fetched on first use, cached and refetched when keys rotate.
 * const jwks = createRemoteJwks('https://your-tenant.eu.auth0.com/.well-known/jwks.json', { cooldown: '30s' });
 * const { payload } = await verify(token, jwks, { issuer: 'https://your-tenant.eu.auth0.com/', audience: 'api' });
 * ```
 */
export function createRemoteJwks(url: string | URL, remoteOptions?: RemoteJwksOptions): RemoteJwks {
  const settings = checkRemoteJwksOptions(url, { ...optionsObject(remoteOptions, REMOTE_JWKS_OPTIONS) });
  const { clock, cache, cooldown } = settings;
  const cacheKey = CACHE_KEY_PREFIX + settings.url.href;

  let current: CachedJwks | undefined;
  /** When the last request started; cooldowns count from here. */
  let lastAttempt = -Infinity;
  /** The error of the last request, until one succeeds. */
  let lastError: JwtError | undefined;
  let inFlight: Promise<void> | undefined;
  let restored: Promise<void> | undefined;

  const usable = (entry: CachedJwks | undefined, now: number): entry is CachedJwks => entry !== undefined && now < entry.freshUntil + settings.staleIfError;
  const mayFetch = (): boolean => inFlight !== undefined || clock() - lastAttempt >= cooldown;

  /** Reads the persistent cache, once per instance, before the first request. */
  function restore(): Promise<void> {
    restored ??= (async () => {
      if (!cache) return;
      try {
        const text = await settleWithin(cache.get(cacheKey), settings.timeoutMs);
        const now = clock();
        const entry = parseEntry(text, { now, cacheMaxAge: settings.cacheMaxAge });
        if (current === undefined && usable(entry, now)) current = entry;
      } catch {
        // A store that fails (or hangs past the timeout) is a cache miss: the set is fetched instead.
      }
    })();
    return restored;
  }

  async function fetchAndKeep(): Promise<void> {
    try {
      lastAttempt = clock();
      const fetched = await fetchJwks(settings.url, {
        timeoutMs: settings.timeoutMs,
        signal: settings.signal,
        maxResponseBytes: settings.maxResponseBytes,
        checkRedirect: (from, to) => checkRedirect(from, to, settings.allowHttp),
        headers: settings.headers,
        fetch: settings.fetch,
      });
      const keys = verificationKeys(fetched.body, { allowSecrets: false });
      const fetchedAt = clock();
      const freshFor = Math.min(settings.cacheMaxAge, Math.max(cooldown, fetched.freshFor ?? settings.cacheMaxAge));
      current = { keys, fetchedAt, freshUntil: fetchedAt + freshFor };
      lastError = undefined;
      await persist(current);
    } catch (error) {
      lastError = error instanceof JwtError ? error : new JwksFetchError('the JWK set could not be fetched', { cause: error });
    }
  }

  async function persist(entry: CachedJwks): Promise<void> {
    if (!cache) return;
    try {
      const ttlSeconds = Math.ceil(entry.freshUntil - entry.fetchedAt + settings.staleIfError);
      await settleWithin(cache.set(cacheKey, serializeEntry(entry), ttlSeconds), settings.timeoutMs);
    } catch {
      // Persisting is an optimisation: the set is in memory either way.
    }
  }

  /** Starts a request, or joins the one under way. Never rejects: the outcome is in `current` / `lastError`. */
  function refresh(): Promise<void> {
    inFlight ??= fetchAndKeep().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  /** The set to use now: fresh, refreshed, or stale within `staleIfError` when the refresh failed. */
  async function currentSet(): Promise<CachedJwks> {
    await restore();
    if (current !== undefined && clock() < current.freshUntil) return current;
    if (mayFetch()) await refresh();
    if (usable(current, clock())) return current;
    throw lastError ?? new JwksFetchError('no usable JWK set: the last one is too old and the cooldown has not passed');
  }

  const resolve = async (header: KeySelector): Promise<Jwk[]> => {
    const set = await currentSet();
    const found = selectKeys(set.keys, header);
    if (found.length > 0) return found;
    // Not in the set: perhaps a key the provider has just rotated in. Ask again, at most once per cooldown.
    if (mayFetch()) {
      await refresh();
      if (current !== set && usable(current, clock())) {
        const again = selectKeys(current.keys, header);
        if (again.length > 0) return again;
      }
    }
    // When the provider cannot be reached, say so: the key may be one we could not fetch.
    throw lastError ?? new JwksNoMatchError();
  };

  return Object.assign(resolve, {
    async reload(): Promise<void> {
      await restore();
      await refresh();
      if (lastError) throw lastError;
    },
    jwks(): JwkSet | undefined {
      return current && { keys: current.keys.map((jwk) => structuredClone(jwk)) };
    },
  });
}

/**
 * The store's answer, or undefined once `ms` have passed: a store that hangs must not hold up
 * verification any longer than a request to the provider could.
 */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let giveUp: (value: undefined) => void = () => {};
  const timeout = new Promise<undefined>((resolve) => (giveUp = resolve));
  const timer = setTimeout(() => giveUp(undefined), Math.min(ms, MAX_TIMER_MS));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A redirect is held to the rule of the configured URL (https:, or http: to loopback or with
 * allowHttp; no credentials) and, whatever allowHttp says, never leaves https: for http:.
 */
function checkRedirect(from: URL, to: URL, allowHttp: boolean): void {
  if (from.protocol === 'https:' && to.protocol !== 'https:') {
    throw new JwksFetchError('the JWK set URL redirected from https: to a URL that is not https:');
  }
  try {
    checkJwksUrl(to, allowHttp);
  } catch {
    throw new JwksFetchError('the JWK set URL redirected to a URL that is not https: (or http: to loopback), or that holds credentials');
  }
}
