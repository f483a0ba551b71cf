import { JwtArgumentError } from '../errors.js';
import { checkArgument, isPositiveInteger, optionNames } from '../util/options.js';
import { type Duration, epochSeconds, toExactSeconds } from '../util/time.js';
import { requestHeaders } from './fetch.js';
import type { JwksCache } from './persist.js';

/** The options of `createRemoteJwks`, checked once when the set is created. */

/** Options of `createRemoteJwks`. Durations are seconds or strings with a unit (`'10m'`). */
export interface RemoteJwksOptions {
  /** Give up on a request after this long: ERR_JWKS_TIMEOUT. Default 5 s; fractions allowed (`0.5`, `'500ms'`); at most 60 s. */
  timeout?: Duration;
  /** Aborts the request under way and every later one (e.g. at shutdown): ERR_JWKS_FETCH. */
  signal?: AbortSignal;
  /**
   * How long a fetched set is used before it is fetched again. A response's `Cache-Control: max-age` can
   * shorten this, never below `cooldown`. Default 10 minutes; at most 1 day.
   */
  cacheMaxAge?: Duration;
  /** At most one request per this period, whatever asks for it (an unknown `kid`, expiry, a failure). Default 30 s; at most 1 hour. */
  cooldown?: Duration;
  /** When a refresh fails, keep using the last set for this long past its freshness (stale-if-error). Default 1 hour; at most 7 days. */
  staleIfError?: Duration;
  /** A response body longer than this is cut off and refused: ERR_JWKS_INVALID. Default 512 KiB. */
  maxResponseBytes?: number;
  /** Persists the fetched set (e.g. in Workers KV), so a new isolate need not fetch it again. */
  cache?: JwksCache;
  /** Allow `http:` URLs to hosts other than localhost / 127.0.0.1 / [::1]. Default false: a key set must not travel in clear text. */
  allowHttp?: boolean;
  /** The clock for cache ages and cooldowns (a Date or seconds since the epoch); for tests. Default: the current time. */
  now?: () => Date | number;
  /** Request headers, e.g. `{ authorization: 'Bearer …' }` for an endpoint that wants one; sent to the set's own origin only, never to a redirect elsewhere. */
  headers?: HeadersInit;
  /** The fetch to call (a proxy's, instrumentation, tests). Default: the global `fetch`, looked up at each request. */
  fetch?: typeof fetch;
}

export const REMOTE_JWKS_OPTIONS = /* @__PURE__ */ optionNames<RemoteJwksOptions>({
  timeout: true,
  signal: true,
  cacheMaxAge: true,
  cooldown: true,
  staleIfError: true,
  maxResponseBytes: true,
  cache: true,
  allowHttp: true,
  now: true,
  headers: true,
  fetch: true,
});

/** The options with defaults applied; durations in seconds. */
export interface RemoteJwksSettings {
  readonly url: URL;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly cacheMaxAge: number;
  readonly cooldown: number;
  readonly staleIfError: number;
  readonly maxResponseBytes: number;
  readonly cache: JwksCache | undefined;
  readonly allowHttp: boolean;
  readonly clock: () => number;
  readonly headers: Headers;
  readonly fetch: typeof fetch;
}

const DEFAULT_MAX_RESPONSE_BYTES = 524_288; // 512 KiB

/**
 * The longest each duration may be. Well above any sensible setting, and below what jose's
 * same-named options in milliseconds become when read as seconds (its defaults: cacheMaxAge
 * 600000 → 6.9 days, cooldownDuration 30000 → 8.3 hours, timeoutDuration 5000 → 83 minutes).
 */
const MAX = { timeout: '60s', cooldown: '1h', cacheMaxAge: '1d', staleIfError: '7d' } as const;

/** An option's value, or its default when it is absent; `null` is a mistake, not "absent". */
function orDefault<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** `https:`, or `http:` to a loopback host (or with `allowHttp`); nothing else, and no credentials in the URL. */
export function checkJwksUrl(url: URL, allowHttp: boolean): void {
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && (allowHttp || LOOPBACK.test(url.hostname)));
  checkArgument(secure, 'the JWK set URL must be https: (http: only to localhost, or with allowHttp)');
  checkArgument(url.username === '' && url.password === '', 'the JWK set URL must not contain credentials');
}

function parseUrl(value: unknown): URL {
  checkArgument(typeof value === 'string' || value instanceof URL, 'the JWK set URL must be a string or a URL');
  try {
    return new URL(String(value));
  } catch {
    throw new JwtArgumentError('the JWK set URL is not a valid absolute URL');
  }
}

export function checkRemoteJwksOptions(urlInput: unknown, input: RemoteJwksOptions): RemoteJwksSettings {
  const url = parseUrl(urlInput);
  const allowHttp = orDefault(input.allowHttp, false);
  checkArgument(typeof allowHttp === 'boolean', 'allowHttp must be true or false');
  checkJwksUrl(url, allowHttp);
  const timeout = toExactSeconds(orDefault(input.timeout, 5), 'timeout', MAX.timeout);
  checkArgument(timeout > 0, 'timeout must be more than 0');
  checkArgument(input.signal === undefined || input.signal instanceof AbortSignal, 'signal must be an AbortSignal');
  const maxResponseBytes = orDefault(input.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);
  checkArgument(isPositiveInteger(maxResponseBytes), 'maxResponseBytes must be a positive whole number');
  const cache = input.cache;
  checkArgument(cache === undefined || (typeof cache?.get === 'function' && typeof cache.set === 'function'), 'cache must have get and set functions');
  checkArgument(input.fetch === undefined || typeof input.fetch === 'function', 'fetch must be a function');
  let headers: Headers;
  try {
    headers = requestHeaders(input.headers);
  } catch {
    throw new JwtArgumentError('headers must be a Headers, an object of names and values, or a list of [name, value] pairs');
  }
  const customFetch = input.fetch;
  const now = input.now;
  checkArgument(now === undefined || typeof now === 'function', 'now must be a function returning a Date or seconds since the epoch');
  return {
    url,
    timeoutMs: timeout * 1000,
    signal: input.signal,
    cacheMaxAge: toExactSeconds(orDefault(input.cacheMaxAge, '10m'), 'cacheMaxAge', MAX.cacheMaxAge),
    cooldown: toExactSeconds(orDefault(input.cooldown, '30s'), 'cooldown', MAX.cooldown),
    staleIfError: toExactSeconds(orDefault(input.staleIfError, '1h'), 'staleIfError', MAX.staleIfError),
    maxResponseBytes,
    cache,
    allowHttp,
    clock: now ? () => epochSeconds(now()) : () => epochSeconds(),
    headers,
    // Looked up at each request, so a runtime or test that replaces globalThis.fetch later is followed.
    fetch: customFetch ?? ((input, init) => fetch(input, init)),
  };
}
