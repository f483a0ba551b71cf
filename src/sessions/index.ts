/**
 * jwtkit/sessions: access and refresh tokens (login → call → refresh → logout), their store, the
 * refresh cookie, and bearer authentication for Fetch and Node servers. Built on jwtkit's public
 * API only; a separate entry so that `import { verify } from 'jwtkit'` stays small.
 */
export { createSessions, type AccessPayload, type SessionClaims, type Sessions, type SessionsOptions, type SessionTokens } from './sessions.js';
export { TOKEN_TYP, TOKEN_USE_CLAIM, SESSION_ID_CLAIM, type TokenKind } from './tokens.js';
export type { RefreshRecord, Rotation, RotationGrace, SessionStore } from './store.js';
export { memoryStore, type MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { refreshCookie, clearRefreshCookie, readRefreshCookie, REFRESH_COOKIE_NAME, type RefreshCookieOptions } from './cookies.js';
export { parseBearer } from './bearer.js';
export { crossSiteRefusal, type CrossSiteOptions, type RequestHeaders } from './csrf.js';
export type { BearerVerifier, Rejection } from './challenge.js';
export { authenticate, type Authentication } from './fetch.js';
export { expressAuth, type Middleware, type NodeRequest, type NodeResponse } from './express.js';
export {
  JwtError,
  JwtTokenTypeError,
  JwtSessionExpiredError,
  JwtSessionRevokedError,
  JwtSessionMissingError,
  JwtBearerMalformedError,
  type JwtErrorCode,
  type AnyJwtError,
  isJwtError,
  isClientError,
} from '../index.js';
