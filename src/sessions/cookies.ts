import { type Duration, JwtArgumentError, toSeconds } from '../index.js';
import { optionNames } from '../util/options.js';
import { layerOptions } from './options.js';

/**
 * The refresh token in a cookie, out of JavaScript's reach: `HttpOnly` (scripts cannot read it),
 * `Secure` (HTTPS only), `SameSite=Strict` (not sent on cross-site requests) and a `Path` that
 * covers only the endpoints that take it (refresh, logout), so it does not travel with every
 * request. The default name has the `__Secure-` prefix, which browsers accept only from a secure
 * origin with `Secure` set, so an insecure page cannot plant its own. `__Host-` is stronger (also no
 * Domain, so a sibling subdomain cannot set one over it) but requires `Path=/`, which would send
 * the token with every request: for a path-scoped cookie `__Secure-` is the strongest prefix. What
 * SameSite does not cover (same-site subdomains) the endpoints refuse themselves: crossSiteRefusal.
 */

/** Options of the refresh-cookie helpers. */
export interface RefreshCookieOptions {
  /** The path the browser sends the cookie to, e.g. `'/auth'` for `/auth/refresh` and `/auth/logout`. Required. */
  path: string;
  /** The cookie's name; default `'__Secure-refresh_token'`. */
  name?: string;
  /**
   * Max-Age: pass `refreshExpiresIn` from `issue`/`refresh`. Default: none, so the browser drops it when
   * it closes. At most 400 days (RFC 6265bis caps it there).
   */
  maxAge?: Duration;
  /** Domain attribute. Default: none, a host-only cookie (the narrowest; set it only to share with subdomains). */
  domain?: string;
}

const COOKIE_OPTIONS = /* @__PURE__ */ optionNames<RefreshCookieOptions>({ path: true, name: true, maxAge: true, domain: true });
const READ_COOKIE_OPTIONS = /* @__PURE__ */ optionNames<{ name?: string }>({ name: true });

/** The default cookie name. */
export const REFRESH_COOKIE_NAME = '__Secure-refresh_token';

// RFC 6265 §4.1.1: a cookie name is an RFC 7230 token; a value is cookie-octets; attribute values exclude CTLs and ';'.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
const PATH = /^\/[\x20-\x3a\x3c-\x7e]*$/;
const DOMAIN = /^[A-Za-z0-9.-]+$/;

function checkedName(name: unknown): string {
  if (name === undefined) return REFRESH_COOKIE_NAME;
  if (typeof name !== 'string' || !TOKEN.test(name)) throw new JwtArgumentError("cookie name must be a token (letters, digits and !#$%&'*+-.^_`|~)");
  return name;
}

function attributes(options: RefreshCookieOptions, maxAge: number | undefined, name: string): string {
  if (typeof options !== 'object' || options === null) throw new JwtArgumentError('the cookie helpers need options with a path');
  layerOptions(options, COOKIE_OPTIONS, 'refresh cookie');
  const { path, domain } = options;
  if (typeof path !== 'string' || !PATH.test(path)) throw new JwtArgumentError('path must start with "/" and hold no ";" or control characters');
  if (domain !== undefined && (typeof domain !== 'string' || !DOMAIN.test(domain))) throw new JwtArgumentError('domain must be a host name');
  // Browsers silently drop a __Host- cookie with another Path or a Domain: refuse to write one.
  if (name.startsWith('__Host-') && (path !== '/' || domain !== undefined))
    throw new JwtArgumentError('a __Host- cookie needs path "/" and no domain: use the __Secure- prefix for a path-scoped cookie');
  const parts = [`Path=${path}`];
  if (domain !== undefined) parts.push(`Domain=${domain}`);
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  parts.push('HttpOnly', 'Secure', 'SameSite=Strict');
  return parts.join('; ');
}

/**
 * The `Set-Cookie` value that stores a refresh token: `HttpOnly; Secure; SameSite=Strict`, scoped to `path`.
 *
 * @throws ERR_INVALID_ARGUMENT: a bad token, name, path, domain or maxAge.
 * @example
 * ```ts
 * res.setHeader('Set-Cookie', refreshCookie(tokens.refreshToken, { path: '/auth', maxAge: tokens.refreshExpiresIn }));
 * ```
 */
export function refreshCookie(refreshToken: string, options: RefreshCookieOptions): string {
  if (typeof refreshToken !== 'string' || refreshToken === '' || !COOKIE_VALUE.test(refreshToken)) {
    throw new JwtArgumentError('the refresh token must be a non-empty string of cookie characters');
  }
  const maxAge = options?.maxAge === undefined ? undefined : toSeconds(options.maxAge, 'maxAge', '400d');
  const name = checkedName(options?.name);
  return `${name}=${refreshToken}; ${attributes(options, maxAge, name)}`;
}

/**
 * The `Set-Cookie` value that deletes the refresh cookie (logout): same name, path and domain, `Max-Age=0`.
 *
 * @throws ERR_INVALID_ARGUMENT: a bad name, path or domain.
 * @example
 * ```ts
 * res.setHeader('Set-Cookie', clearRefreshCookie({ path: '/auth' }));
 * ```
 */
export function clearRefreshCookie(options: RefreshCookieOptions): string {
  const name = checkedName(options?.name);
  return `${name}=; ${attributes(options, 0, name)}`;
}

/**
 * The refresh token from a request's `Cookie` header, or `null` when it has none. Should the
 * header hold the name twice, the first wins: browsers list the cookie with the longest path first.
 *
 * @throws ERR_INVALID_ARGUMENT: a bad `name` option.
 * @example
 * ```ts
 * const refreshToken = readRefreshCookie(req.headers.cookie);
 * if (refreshToken === null) return unauthorized();
 * ```
 */
export function readRefreshCookie(cookieHeader: string | null | undefined, options?: { name?: string }): string | null {
  if (cookieHeader === undefined || cookieHeader === null) return null;
  if (typeof cookieHeader !== 'string') throw new JwtArgumentError('the Cookie header must be a string');
  const name = checkedName(layerOptions(options, READ_COOKIE_OPTIONS, 'readRefreshCookie').name);
  for (const pair of cookieHeader.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    const value = pair.slice(separator + 1).trim();
    return value === '' ? null : value;
  }
  return null;
}
