/**
 * The auth server's routes, on Node's `http`, under /api/ (nginx passes /api/ on unchanged):
 *
 *   POST /api/login    {"username","password"} → 200 {accessToken, tokenType, expiresIn} + refresh cookie
 *   POST /api/refresh  refresh cookie → a new pair (the old refresh token is spent)
 *   POST /api/logout   refresh cookie → 204, session ended, cookie cleared
 *   GET  /api/me       Authorization: Bearer <accessToken> → 200 {sub, role}
 *   GET  /api/health   → 200 {status: 'ok'} (for load balancers and start-up checks)
 *
 * Every answer is JSON with `Cache-Control: no-store` and `x-served-by: <instance>`. Bad input is a
 * 4xx with `{ error, error_description }` (OAuth 2.0's shape); errors of our own are a bare 500,
 * details in the server's log only, never a stack trace to the client.
 *
 * The login defends itself (throttle.ts): a username or client address with too many failures is
 * 429 with Retry-After, before any hashing; a login that finds every hash slot busy is 503.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  type AccessPayload,
  isClientError,
  type SessionTokens,
  type SessionsOptions,
  clearRefreshCookie,
  createSessions,
  crossSiteRefusal,
  expressAuth,
  readRefreshCookie,
  refreshCookie,
} from '../../src/sessions/index.js';
import { ADDRESS_BACKOFF, type BackoffOptions, USER_BACKOFF, createBackoff, createHashSlots } from './throttle.js';
import { DEFAULT_PARAMS, type PasswordHash, type ScryptParams, type Users, hashPassword, isWeaker, passwordChecker } from './users.js';

type Claims = { role: string };

export interface AuthAppOptions {
  users: Users;
  /** Everything createSessions needs but `loadClaims`, which reads `users`. */
  sessions: Omit<SessionsOptions<Claims>, 'loadClaims'>;
  /** This instance's name, in the `x-served-by` header. */
  instance: string;
  /** Largest body read, in bytes; default 4096. */
  bodyLimit?: number;
  /** Where errors of our own are logged; default console.error. */
  log?: (message: string) => void;
  /** scrypt parameters of new hashes and the floor (unknown users' dummy, rehash at login); default DEFAULT_PARAMS. */
  scrypt?: ScryptParams;
  /**
   * Saves a user's new hash (a weaker one is replaced at login). Unset: hashes are never replaced.
   * When it throws (a read-only users file), the login still succeeds and the error is logged.
   */
  saveHash?: (username: string, password: PasswordHash) => Promise<void>;
  /** Password hashes at once; default 4. */
  maxHashes?: number;
  /** Backoff per username and per client address; defaults USER_BACKOFF, ADDRESS_BACKOFF (throttle.ts). */
  backoff?: { user?: BackoffOptions; address?: BackoffOptions };
}

/** The refresh cookie reaches /api/refresh and /api/logout (and, being a path prefix, the rest of /api). */
const COOKIE = { path: '/api' };
const MAX_USERNAME = 128;
const MAX_PASSWORD = 1024;

/** A 4xx answer, thrown by the request readers and turned into JSON by the router. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

/**
 * The client's address: the socket's, or, on a connection from loopback (nginx on this machine),
 * the X-Real-IP nginx sets. From anywhere else the header is not trusted: a client could pick any.
 */
function clientAddress(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? '';
  const loopback = peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');
  const forwarded = req.headers['x-real-ip'];
  return loopback && typeof forwarded === 'string' && forwarded !== '' ? forwarded : peer;
}

/** Reads the body, refusing more than `limit` bytes (413) whether announced by Content-Length or not. */
async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () => new HttpError(413, 'invalid_request', `the body is larger than ${limit} bytes`, { connection: 'close' });
  if (Number(req.headers['content-length']) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The login form: a JSON object with a non-empty username and password, or a 4xx saying what is wrong. */
async function readCredentials(req: IncomingMessage, limit: number): Promise<{ username: string; password: string }> {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'invalid_request', 'the body must be JSON (Content-Type: application/json)');
  const text = await readBody(req, limit);
  if (text.trim() === '') throw new HttpError(400, 'invalid_request', 'the body is missing: send {"username": "...", "password": "..."}');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_request', 'the body is not valid JSON');
  }
  const { username, password } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const valid = (field: unknown, max: number): field is string => typeof field === 'string' && field !== '' && field.length <= max;
  if (!valid(username, MAX_USERNAME) || !valid(password, MAX_PASSWORD)) {
    throw new HttpError(400, 'invalid_request', `username and password must be non-empty strings (at most ${MAX_USERNAME} and ${MAX_PASSWORD} characters)`);
  }
  return { username, password };
}

/**
 * The endpoints the refresh cookie authenticates refuse cross-site requests (403), in depth behind
 * SameSite=Strict: another origin's Origin or Sec-Fetch-Site, or a body that is not JSON.
 */
function refuseCrossSite(req: IncomingMessage): void {
  const reason = crossSiteRefusal(req.headers);
  if (reason !== undefined) throw new HttpError(403, 'invalid_request', reason);
}

/** Creates the request listener. */
export function createAuthApp(options: AuthAppOptions): RequestListener {
  const { users, instance, bodyLimit = 4096, log = console.error, scrypt = DEFAULT_PARAMS, saveHash } = options;
  const auth = createSessions<Claims>({
    ...options.sessions,
    // At every refresh: a user removed or disabled since login gets no new access token.
    loadClaims: (sub) => {
      const user = users.get(sub);
      return user && !user.disabled ? { role: user.role } : null;
    },
  });
  const checkPassword = passwordChecker(users, scrypt);
  const byUser = createBackoff(options.backoff?.user ?? USER_BACKOFF);
  const byAddress = createBackoff(options.backoff?.address ?? ADDRESS_BACKOFF);
  const hashSlots = createHashSlots(options.maxHashes ?? 4);

  /**
   * The password check, in a hash slot, after the backoff check. A locked username is refused even
   * with the right password: answering it differently would tell the guesser which guess was right.
   */
  async function login(username: string, password: string, address: string) {
    const wait = Math.max(byUser.retryAfter(username), byAddress.retryAfter(address));
    if (wait > 0) throw new HttpError(429, 'too_many_requests', `too many failed logins; try again in ${wait} s`, { 'retry-after': String(wait) });
    const release = hashSlots.take();
    if (release === undefined) throw new HttpError(503, 'temporarily_unavailable', 'too many logins at once; try again', { 'retry-after': '1' });
    try {
      const user = await checkPassword(username, password);
      if (user === null) {
        byUser.fail(username);
        byAddress.fail(address);
        return null;
      }
      byUser.reset(username);
      if (saveHash !== undefined && isWeaker(user.password, scrypt)) await rehash(username, password);
      return user;
    } finally {
      release();
    }
  }

  /** Replaces a weak hash now that the password is known; a failure (read-only file) is logged, the login goes on. */
  async function rehash(username: string, password: string): Promise<void> {
    try {
      await saveHash!(username, await hashPassword(password, scrypt));
    } catch (error) {
      log(`${instance}: the hash of user ${JSON.stringify(username)} is weaker than SCRYPT_PARAMS and could not be replaced: ${(error as Error).message}`);
    }
  }
  const requireAuth = expressAuth(auth.verifyAccess);

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
      'cache-control': 'no-store',
      'x-served-by': instance,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  /** The token response: the access token in the body, the refresh token in the HttpOnly cookie only. */
  function sendTokens(res: ServerResponse, { accessToken, tokenType, expiresIn, refreshToken, refreshExpiresIn }: SessionTokens): void {
    send(res, 200, { accessToken, tokenType, expiresIn }, { 'set-cookie': refreshCookie(refreshToken, { ...COOKIE, maxAge: refreshExpiresIn }) });
  }

  type Request = IncomingMessage & { auth?: AccessPayload<Claims> };
  type Handler = (req: Request, res: ServerResponse) => Promise<void>;
  const routes: Record<string, Record<string, Handler>> = {
    '/api/login': {
      POST: async (req, res) => {
        const { username, password } = await readCredentials(req, bodyLimit);
        const user = await login(username, password, clientAddress(req));
        // One answer for unknown user, wrong password and disabled user: nothing to tell them apart.
        if (user === null) return send(res, 401, { error: 'invalid_grant', error_description: 'wrong username or password' });
        sendTokens(res, await auth.issue(username, { role: user.role }));
      },
    },
    '/api/refresh': {
      POST: async (req, res) => {
        refuseCrossSite(req);
        const refreshToken = readRefreshCookie(req.headers.cookie);
        if (refreshToken === null) return send(res, 401, { error: 'invalid_grant', error_description: 'no refresh token cookie: log in' });
        try {
          sendTokens(res, await auth.refresh(refreshToken));
        } catch (error) {
          if (!isClientError(error)) throw error; // a misconfigured key or store is ours: a 500, not a logout
          // Expired, revoked, reused or not ours: the client must log in again.
          send(res, 401, { error: 'invalid_grant', error_description: error.message, code: error.code }, { 'set-cookie': clearRefreshCookie(COOKIE) });
        }
      },
    },
    '/api/logout': {
      POST: async (req, res) => {
        refuseCrossSite(req);
        // Not a token of ours (or none): nothing to end, and revoke resolves all the same.
        await auth.revoke(readRefreshCookie(req.headers.cookie));
        send(res, 204, undefined, { 'set-cookie': clearRefreshCookie(COOKIE) });
      },
    },
    '/api/me': {
      // expressAuth answers 401 (with WWW-Authenticate) or 400 itself; with a good token it sets req.auth.
      GET: async (req, res) => {
        res.setHeader('x-served-by', instance);
        let failure: unknown;
        await requireAuth(req, res, (error?: unknown) => {
          failure = error; // not a JwtError (our bug): the router answers 500
          if (error === undefined) send(res, 200, { sub: req.auth!.sub, role: req.auth!.role });
        });
        if (failure !== undefined) throw failure;
      },
    },
    '/api/health': {
      GET: async (_req, res) => send(res, 200, { status: 'ok' }),
    },
  };

  return (req, res) => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return send(res, 400, { error: 'invalid_request', error_description: 'malformed request target' });
    }
    const methods = routes[path];
    if (methods === undefined) return send(res, 404, { error: 'not_found', error_description: `no route ${path}` });
    const handler = methods[req.method ?? ''];
    if (handler === undefined) {
      return send(
        res,
        405,
        { error: 'invalid_request', error_description: `${path} takes ${Object.keys(methods).join(', ')}` },
        { allow: Object.keys(methods).join(', ') },
      );
    }
    handler(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.status, { error: error.error, error_description: error.description }, error.headers);
      log(`${instance}: ${req.method} ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(res, 500, { error: 'server_error', error_description: 'the server failed; try again' });
      else res.destroy();
    });
  };
}
