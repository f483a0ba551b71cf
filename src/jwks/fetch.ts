import { JwtError } from '../errors.js';
import { JwksFetchError, JwksInvalidError, JwksTimeoutError } from './errors.js';
import { utf8Decode } from '../util/base64url.js';
import { freshnessSeconds } from './cache-control.js';

/**
 * One HTTP request for a JWK set, with the platform `fetch` (so it runs on every runtime): a
 * timeout over the whole exchange, the caller's AbortSignal, and a cap on the body size that
 * stops reading (and closes the connection) as soon as it is passed.
 *
 * Redirects are followed here, not by `fetch`: with `redirect: 'follow'` the target would be
 * requested before anyone could look at it. Each Location is checked first, and the chain is short.
 */

export interface FetchJwksOptions {
  /** Milliseconds for the whole request, redirects and body included. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly maxResponseBytes: number;
  /** Throws unless a redirect from `from` to `to` may be followed; called before `to` is requested. */
  readonly checkRedirect: (from: URL, to: URL) => void;
  /** Request headers of the caller's (e.g. an API key the endpoint wants); sent to the configured origin only. */
  readonly headers: Headers;
  /** The fetch to call: the caller's (a proxy, instrumentation, tests), or the platform's. */
  readonly fetch: typeof fetch;
}

/** The Accept header of every request for a set. */
const ACCEPT = { accept: 'application/jwk-set+json, application/json' };

/** The request headers: the caller's, with Accept unless they set their own. */
export function requestHeaders(callers: HeadersInit | undefined): Headers {
  const headers = new Headers(callers);
  if (!headers.has('accept')) headers.set('accept', ACCEPT.accept);
  return headers;
}

/** Redirects followed at most, per request. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface FetchedJwks {
  /** The parsed JSON body; not yet checked to be a JWK set. */
  readonly body: unknown;
  /** Seconds the response says it stays fresh (Cache-Control), if it says. */
  readonly freshFor: number | undefined;
}

// setTimeout holds a signed 32-bit number of milliseconds; a longer delay would fire at once.
export const MAX_TIMER_MS = 2_147_483_647;

export async function fetchJwks(url: URL, options: FetchJwksOptions): Promise<FetchedJwks> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      controller.abort();
    },
    Math.min(options.timeoutMs, MAX_TIMER_MS),
  );
  const abort = (): void => controller.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    // Checked after the listener is added, so an abort between the two cannot be missed.
    if (options.signal?.aborted) controller.abort();
    const response = await requestFollowingRedirects(url, options, controller.signal);
    if (!response.ok) {
      controller.abort(); // the body is not read: drop the connection rather than drain it
      throw new JwksFetchError(`the JWK set endpoint answered HTTP ${response.status}`, { status: response.status });
    }
    const bytes = await readLimited(response, options.maxResponseBytes, controller);
    return { body: parseJson(bytes), freshFor: freshnessSeconds(response.headers) };
  } catch (error) {
    if (timedOut) throw new JwksTimeoutError(`the JWK set endpoint did not answer within ${options.timeoutMs} ms`);
    if (error instanceof JwtError) throw error;
    throw new JwksFetchError(options.signal?.aborted ? 'fetching the JWK set was aborted' : 'the JWK set could not be fetched', { cause: error });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
}

/** GETs `url`, following at most MAX_REDIRECTS redirects, each checked by `checkRedirect` before it is requested. */
async function requestFollowingRedirects(url: URL, { checkRedirect, headers, fetch }: FetchJwksOptions, signal: AbortSignal): Promise<Response> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(current, {
      signal,
      // The caller's headers (credentials, perhaps) go to the configured origin only, as browsers drop
      // Authorization on a cross-origin redirect.
      headers: current.origin === url.origin ? headers : ACCEPT,
      redirect: 'manual',
    });
    // Browsers hide a redirect's target (an opaque redirect, status 0): what cannot be checked is not followed.
    if (response.type === 'opaqueredirect' || response.status === 0) {
      throw new JwksFetchError('the JWK set URL redirects, and this runtime does not reveal where to: configure the final URL');
    }
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    void response.body?.cancel().catch(() => undefined); // a redirect's body is never read
    const status = response.status;
    if (redirects === MAX_REDIRECTS) throw new JwksFetchError(`the JWK set URL redirected more than ${MAX_REDIRECTS} times`, { status });
    const location = response.headers.get('location');
    if (location === null) throw new JwksFetchError('the JWK set endpoint answered a redirect without a Location', { status });
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new JwksFetchError('the JWK set endpoint redirected to a Location that is not a URL', { status });
    }
    checkRedirect(current, next);
    current = next;
  }
}

/** Reads the body, but never more than `limit` bytes: a larger body is cut off and refused. */
async function readLimited(response: Response, limit: number, controller: AbortController): Promise<Uint8Array> {
  const tooLarge = (): never => {
    controller.abort();
    throw new JwksInvalidError(`the JWK set response is larger than ${limit} bytes`);
  };
  if (Number(response.headers.get('content-length')) > limit) tooLarge();
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) tooLarge();
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8Decode(bytes).replace(/^\uFEFF/, '')); // tolerate a BOM, as JSON parsers commonly do
  } catch (error) {
    throw new JwksInvalidError('the JWK set response is not JSON', { cause: error });
  }
}
