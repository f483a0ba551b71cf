import { JwtArgumentError } from '../index.js';
import { optionNames } from '../util/options.js';
import { layerOptions } from './options.js';

/**
 * Cross-site request refusal for the endpoints the refresh cookie authenticates (refresh, logout).
 * `SameSite=Strict` keeps the cookie off requests from other *sites*, but a sibling subdomain
 * (`evil.example.com` next to `app.example.com`) is the same site, and old browsers ignore
 * SameSite. So, in depth, a request is refused when
 * - `Sec-Fetch-Site` says it came from anywhere but this origin (`same-site` and `cross-site`;
 *   `same-origin` and `none`, a user's own navigation, pass), or
 * - `Origin` is another origin than this one (for browsers without Sec-Fetch-Site), or
 * - it has a body that is not JSON: an HTML form or a "simple" cross-origin fetch can only send
 *   form, multipart or text/plain bodies without a CORS preflight, never `application/json`.
 * Requests without these headers (curl, servers, mobile apps) pass: they carry no ambient cookie
 * of a browser's, so they cannot be forged by a page.
 */

/** Request headers as Fetch's `Headers`, or Node's `req.headers` record. */
export type RequestHeaders = HeaderReader | Record<string, string | string[] | undefined>;

/** Headers with a Fetch-style `get` (a `Headers` object). */
export interface HeaderReader {
  /** The header's value, or null when the request has none. */
  get(name: string): string | null;
}

/** Options of `crossSiteRefusal`. */
export interface CrossSiteOptions {
  /**
   * The origins the app is served from, e.g. `['https://app.example.com']`. Default: the request's own,
   * `<scheme>://<Host header>` (scheme from `X-Forwarded-Proto`, else https).
   */
  origins?: string[];
}

const CROSS_SITE_OPTIONS = /* @__PURE__ */ optionNames<CrossSiteOptions>({ origins: true });

function header(headers: RequestHeaders, name: string): string | undefined {
  const value = typeof headers.get === 'function' ? (headers as { get(name: string): string | null }).get(name) : (headers as Record<string, unknown>)[name];
  if (Array.isArray(value)) return value.length === 1 ? String(value[0]) : value.join(',');
  return typeof value === 'string' ? value : undefined;
}

/** The origins a request may come from: the configured ones, or the one its Host header names. */
function allowedOrigins(headers: RequestHeaders, origins: string[] | undefined): string[] {
  if (origins !== undefined) return origins;
  const host = header(headers, 'host');
  if (host === undefined) return [];
  const scheme = header(headers, 'x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  // http only when a proxy says so: a request without the header is taken to be on https.
  return [`${scheme === 'http' ? 'http' : 'https'}://${host.toLowerCase()}`];
}

/**
 * Why the request must be refused as cross-site (a sentence for the 403's `error_description`),
 * or `undefined` when it may go on. For the refresh and logout endpoints: answer 403 when it returns a reason.
 *
 * @throws ERR_INVALID_ARGUMENT when `headers` is not a headers object, or `origins` is not an array of origins (or an option is unknown).
 * @example
 * ```ts
 * const reason = crossSiteRefusal(request.headers, { origins: ['https://app.example.com'] });
 * if (reason !== undefined) return Response.json({ error: 'invalid_request', error_description: reason }, { status: 403 });
 * ```
 */
export function crossSiteRefusal(headers: RequestHeaders, options?: CrossSiteOptions): string | undefined {
  if (typeof headers !== 'object' || headers === null) throw new JwtArgumentError('crossSiteRefusal needs the request headers');
  const { origins } = layerOptions(options, CROSS_SITE_OPTIONS, 'crossSiteRefusal');
  if (origins !== undefined && (!Array.isArray(origins) || !origins.every((origin) => typeof origin === 'string' && origin !== ''))) {
    throw new JwtArgumentError('origins must be an array of origins such as "https://app.example.com"');
  }
  const site = header(headers, 'sec-fetch-site')?.toLowerCase();
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `a ${site} request may not use the session cookie`;
  const origin = header(headers, 'origin')?.toLowerCase();
  if (origin !== undefined && !allowedOrigins(headers, origins).some((allowed) => allowed.toLowerCase() === origin)) {
    return 'a request from another origin may not use the session cookie';
  }
  const type = header(headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  const hasBody = (header(headers, 'content-length') ?? '0') !== '0' || header(headers, 'transfer-encoding') !== undefined;
  if ((type !== undefined || hasBody) && type !== 'application/json') return 'the body must be empty or JSON (Content-Type: application/json)';
  return undefined;
}
