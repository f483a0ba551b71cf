import { JwtArgumentError } from '../index.js';

/**
 * jwtkit/client: the browser side of jwtkit/sessions. The access token lives in this module's
 * memory only (never localStorage, where any script of the page could read it); the refresh token
 * is the server's HttpOnly cookie, which the browser sends by itself. The client
 * - refreshes ahead of the access token's expiry, and again (once) when a request gets a 401;
 * - shares one refresh between the tabs of the browser: a Web Lock (where the browser has them)
 *   lets one tab refresh at a time, and a BroadcastChannel hands the new access token to the
 *   others, so they do not each spend the same refresh cookie (the server's grace window covers
 *   browsers without Web Locks);
 * - signs every tab out when one logs out or finds the session ended.
 * Its `fetch` is the main API: `fetch` with the access token attached.
 */

/** The token response of a login or refresh endpoint: the access token and its lifetime in seconds (RFC 6749 §5.1, camelCase). */
export interface TokenResponse {
  accessToken: string;
  expiresIn: number;
}

/** Options of `createAuthClient`. */
export interface AuthClientOptions {
  /** The refresh endpoint (POST, authenticated by the refresh cookie, answering a TokenResponse), e.g. `'/api/refresh'`. */
  refreshUrl: string;
  /** The logout endpoint (POST, ends the session and clears the cookie), e.g. `'/api/logout'`. Default: none (logout only forgets the token here). */
  logoutUrl?: string;
  /** Refresh this many seconds before the access token expires (at most a quarter of its life); default 30. */
  refreshAhead?: number;
  /** Names the Web Lock and the BroadcastChannel the tabs share; default `'jwtkit-auth'`. Two apps on one origin need two names. */
  name?: string;
  /** Origins the access token may be sent to; default: the refresh endpoint's origin only, so no other site ever sees it. */
  origins?: string[];
  /** The fetch function; default the global `fetch`. */
  fetch?: typeof globalThis.fetch;
}

/** The object `createAuthClient` returns. Its functions do not use `this`. */
export interface AuthClient {
  /** `fetch` with `Authorization: Bearer <access token>` (to the allowed origins): refreshes first when the token is due, and retries once after a 401. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Takes the token response of a login (the body your login endpoint answered), here and in every other tab. */
  signIn(tokens: TokenResponse): void;
  /** Gets a new access token now (one refresh for all tabs); `true` when there is one, `false` when the session is over or the server is unavailable. */
  refresh(): Promise<boolean>;
  /** Ends the session (POST to `logoutUrl`) and signs every tab out. */
  logout(): Promise<void>;
  /** Whether this tab holds an access token. */
  readonly signedIn: boolean;
  /** Called with `signedIn` whenever it changes (sign-in, logout in any tab, session ended); returns the unsubscribe function. */
  subscribe(listener: (signedIn: boolean) => void): () => void;
  /** Stops the refresh timer and leaves the channel (tests, single-page apps that unmount). */
  close(): void;
}

interface Token {
  value: string;
  /** When it expires, and when to refresh it (ms since the epoch, this machine's clock: every tab shares it). */
  expiresAt: number;
  refreshAt: number;
}

type Message = { type: 'token'; token: Token } | { type: 'logout' };

const DEFAULT_NAME = 'jwtkit-auth';
const DEFAULT_REFRESH_AHEAD = 30;

/** How long a tab that waited for another's refresh waits for its token to arrive on the channel. */
const HANDOFF_MS = 200;

/** The Web Locks API where the browser has it (every current browser; not Node 20). */
interface Locks {
  request<T>(name: string, callback: (lock: unknown) => Promise<T>): Promise<T>;
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

// Listed here rather than checked with util/options.ts: its table of other libraries' option names
// (about 1 KB gzipped) is for the core's options, and would be downloaded by every page for nothing.
// `satisfies`: an option added to the type but not here is a compile error.
const CLIENT_OPTIONS = { refreshUrl: true, logoutUrl: true, refreshAhead: true, name: true, origins: true, fetch: true } satisfies Record<
  keyof AuthClientOptions,
  true
>;

function checkOptions(options: AuthClientOptions) {
  if (typeof options !== 'object' || options === null) throw new JwtArgumentError('createAuthClient needs options: { refreshUrl }');
  const unknown = Object.keys(options).find((key) => !Object.hasOwn(CLIENT_OPTIONS, key));
  if (unknown !== undefined)
    throw new JwtArgumentError(`createAuthClient: unknown option "${unknown}"; the options are ${Object.keys(CLIENT_OPTIONS).join(', ')}`);
  const { refreshUrl, logoutUrl, refreshAhead = DEFAULT_REFRESH_AHEAD, name = DEFAULT_NAME, origins, fetch = globalThis.fetch } = options;
  const base = globalThis.location?.href;
  const url = (value: unknown, option: string): URL => {
    try {
      if (typeof value === 'string' && value !== '') return new URL(value, base);
    } catch {
      // reported below
    }
    throw new JwtArgumentError(`${option} must be a URL (absolute, or relative to the page)`);
  };
  const refresh = url(refreshUrl, 'refreshUrl');
  const logout = logoutUrl === undefined ? undefined : url(logoutUrl, 'logoutUrl');
  if (typeof refreshAhead !== 'number' || !(refreshAhead >= 0) || !Number.isFinite(refreshAhead))
    throw new JwtArgumentError('refreshAhead must be seconds (≥ 0)');
  if (typeof name !== 'string' || name === '') throw new JwtArgumentError('name must be a non-empty string');
  if (origins !== undefined && (!Array.isArray(origins) || origins.length === 0)) throw new JwtArgumentError('origins must be a non-empty array of origins');
  const allowed = origins === undefined ? [refresh.origin] : origins.map((origin) => url(origin, 'each of origins').origin);
  if (typeof fetch !== 'function') throw new JwtArgumentError('fetch must be a function (there is no global fetch here)');
  return { refresh, logout, aheadMs: refreshAhead * 1000, name, allowed, fetch };
}

/** Throws ERR_INVALID_ARGUMENT unless `tokens` is a token response; returns the token with its times. */
function tokenOf(tokens: TokenResponse, aheadMs: number, source: string): Token {
  const { accessToken, expiresIn } = (typeof tokens === 'object' && tokens !== null ? tokens : {}) as Partial<TokenResponse>;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new JwtArgumentError(`${source} must be a token response: { accessToken, expiresIn }`);
  }
  const lifetime = expiresIn * 1000;
  const now = Date.now();
  return { value: accessToken, expiresAt: now + lifetime, refreshAt: now + lifetime - Math.min(aheadMs, lifetime / 4) };
}

/** A message from another tab, checked: any script of the origin can post on the channel. */
function messageOf(data: unknown): Message | undefined {
  const message = data as Partial<Message> | null;
  if (message?.type === 'logout') return { type: 'logout' };
  const token = message?.type === 'token' ? (message.token as Partial<Token> | undefined) : undefined;
  if (typeof token?.value !== 'string' || typeof token.expiresAt !== 'number' || typeof token.refreshAt !== 'number') return undefined;
  return { type: 'token', token: { value: token.value, expiresAt: token.expiresAt, refreshAt: token.refreshAt } };
}

/**
 * Creates the client. Call `refresh()` once at start-up: a tab opened with a live refresh cookie is signed in by it.
 *
 * @throws ERR_INVALID_ARGUMENT for missing or malformed options (an unknown one included).
 * @example
 * ```ts
 * const auth = createAuthClient({ refreshUrl: '/api/refresh', logoutUrl: '/api/logout' });
 * await auth.refresh();
 * const me = await auth.fetch('/api/me');
 * ```
 */
export function createAuthClient(options: AuthClientOptions): AuthClient {
  const { refresh: refreshUrl, logout: logoutUrl, aheadMs, name, allowed, fetch } = checkOptions(options);
  const locks = (globalThis.navigator as { locks?: Locks } | undefined)?.locks;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;
  const listeners = new Set<(signedIn: boolean) => void>();
  let token: Token | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<boolean> | undefined;
  let arrived: (() => void)[] = [];

  /** Sets this tab's token (null: signed out), schedules the next refresh, and tells the listeners when signed-in changes. */
  function setToken(next: Token | null): void {
    const changed = (token === null) !== (next === null);
    token = next;
    clearTimeout(timer);
    timer = next === null ? undefined : setTimeout(() => void refresh().catch(() => undefined), Math.max(0, next.refreshAt - Date.now()));
    if (changed) for (const listener of listeners) listener(next !== null);
  }

  function post(message: Message): void {
    channel?.postMessage(message);
  }

  channel?.addEventListener('message', (event) => {
    const message = messageOf((event as MessageEvent).data);
    if (message?.type === 'token') setToken(message.token);
    else if (message?.type === 'logout') setToken(null);
    for (const resolve of arrived.splice(0)) resolve();
  });

  /** Refresh, unless another tab did it while this one waited for the lock (its token came by the channel). */
  async function refreshOnce(stale: string | undefined): Promise<boolean> {
    if (token !== null && token.value !== stale && Date.now() < token.refreshAt) return true;
    const response = await fetch(refreshUrl, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (response.ok) {
      const next = tokenOf((await response.json()) as TokenResponse, aheadMs, 'the refresh answer');
      setToken(next);
      post({ type: 'token', token: next });
      return true;
    }
    await response.body?.cancel();
    // 400/401: the session is over (expired, revoked, reused) in every tab. Anything else (429, 5xx) may pass: keep the token.
    if (response.status === 400 || response.status === 401) {
      setToken(null);
      post({ type: 'logout' });
    }
    return false;
  }

  /** Resolves when a message from another tab has come, or after HANDOFF_MS. */
  function nextMessage(): Promise<void> {
    return new Promise((resolve) => {
      const timeout = setTimeout(resolve, HANDOFF_MS);
      arrived.push(() => (clearTimeout(timeout), resolve()));
    });
  }

  /**
   * With Web Locks: refresh at once when no other tab is refreshing. Otherwise wait for its turn to
   * end, and for its token: the lock may be granted before its message has crossed the channel.
   */
  function lockedRefresh(locks: Locks, stale: string | undefined): Promise<boolean> {
    const lock = `${name}:refresh`;
    return locks.request(lock, { ifAvailable: true }, async (free) => {
      if (free !== null) return refreshOnce(stale);
      return locks.request(lock, async () => {
        if (token?.value === stale) await nextMessage();
        return refreshOnce(stale);
      });
    });
  }

  /** One refresh at a time in this tab, and (with Web Locks) in the browser. */
  function refreshFrom(stale: string | undefined): Promise<boolean> {
    inFlight ??= (locks ? lockedRefresh(locks, stale) : refreshOnce(stale)).finally(() => (inFlight = undefined));
    return inFlight;
  }

  const refresh = (): Promise<boolean> => refreshFrom(token?.value);

  function send(request: Request, value: string | undefined): Promise<Response> {
    if (value === undefined || !allowed.includes(new URL(request.url).origin)) return fetch(request);
    const headers = new Headers(request.headers);
    headers.set('authorization', `Bearer ${value}`);
    return fetch(new Request(request, { headers }));
  }

  async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    if (!allowed.includes(new URL(request.url).origin)) return fetch(request);
    if (token === null || Date.now() >= token.refreshAt) await refresh();
    const sent = token?.value;
    const retry = sent === undefined ? undefined : request.clone();
    const response = await send(request, sent);
    if (response.status !== 401 || retry === undefined) return response;
    // Refused though not due (a key rotated, the clock is off): a new token, once; the 401 stands if there is none.
    if (!(await refreshFrom(sent)) || token === null) return response;
    await response.body?.cancel();
    return send(retry, token.value);
  }

  return {
    fetch: authFetch,
    signIn(tokens) {
      const next = tokenOf(tokens, aheadMs, 'signIn(tokens)');
      setToken(next);
      post({ type: 'token', token: next });
    },
    refresh,
    async logout() {
      try {
        if (logoutUrl !== undefined) {
          const response = await fetch(logoutUrl, { method: 'POST', credentials: 'same-origin' });
          await response.body?.cancel();
        }
      } finally {
        setToken(null);
        post({ type: 'logout' });
      }
    },
    get signedIn() {
      return token !== null;
    },
    subscribe(listener) {
      if (typeof listener !== 'function') throw new JwtArgumentError('subscribe needs a function');
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      clearTimeout(timer);
      timer = undefined;
      channel?.close();
      listeners.clear();
      arrived = [];
    },
  };
}
