import {
  type Alg,
  JwtAlgorithmError,
  JwtArgumentError,
  JwtClaimError,
  JwtExpiredError,
  type JwtHeader,
  type JwtPayload,
  JwtSessionExpiredError,
  JwtTokenTypeError,
  type KeyInput,
  type Signer,
  createSigner,
  decode,
  validateClaims,
  verify,
} from '../index.js';
import { base64urlEncode } from '../util/bytes.js';

/**
 * The two kinds of session token and what tells them apart. Each kind is marked twice, in the
 * header `typ` and in the `token_use` claim, and both marks are checked: a verifier that looks
 * only at one of them (a resource server checking `typ`, an app reading claims) still cannot take
 * one kind for the other.
 */

/** Access tokens: `typ: at+jwt` (RFC 9068) and `token_use: 'access'`. Refresh tokens: `typ: refresh+jwt` and `token_use: 'refresh'`. */
export type TokenKind = 'access' | 'refresh';

/** The header `typ` of each kind. */
// Frozen: the checks read it, so no caller may change what they accept.
export const TOKEN_TYP: Readonly<Record<TokenKind, string>> = Object.freeze({ access: 'at+jwt', refresh: 'refresh+jwt' });

/** The claim that carries the kind in the payload. */
export const TOKEN_USE_CLAIM = 'token_use';

/** The claim that carries the session family id. (OpenID Connect registers `sid` as "session ID".) */
export const SESSION_ID_CLAIM = 'sid';

/** Claims createSessions sets itself; the app's claims may not set them. */
export const RESERVED_CLAIMS: readonly string[] = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', SESSION_ID_CLAIM, TOKEN_USE_CLAIM];

/** The OAuth client an access token was issued to (RFC 9068 §2.2, RFC 8693 §4.3); set from the `clientId` option. */
export const CLIENT_ID_CLAIM = 'client_id';

/** The payload of a verified refresh token: the claims a rotation needs. */
export interface RefreshPayload extends JwtPayload {
  sub: string;
  jti: string;
  sid: string;
  exp: number;
}

/** How tokens are signed and checked; resolved once by createSessions. */
export interface TokenConfig {
  /** Signers made once per kind (options checked, key imported, header encoded once). */
  readonly signers: Readonly<Record<TokenKind, Signer>>;
  readonly verifyKey: KeyInput;
  readonly alg: Alg | undefined;
  readonly issuer: string | undefined;
  readonly audience: string | string[] | undefined;
  /** `client_id` of access tokens, when configured. */
  readonly clientId: string | undefined;
}

/** A new random id (128 bits, base64url): `jti`s and session families. */
export function randomId(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * The two signers, checked now: an alg jwtkit does not support is ERR_INVALID_ARGUMENT, key
 * material it cannot use is ERR_KEY, here rather than at the first login.
 */
export function createTokenSigners(
  key: KeyInput,
  alg: Alg | undefined,
  issuer: string | undefined,
  audience: string | string[] | undefined,
): Record<TokenKind, Signer> {
  try {
    return {
      access: createSigner(key, { alg, issuer, audience, typ: TOKEN_TYP.access }),
      refresh: createSigner(key, { alg, issuer, typ: TOKEN_TYP.refresh }),
    };
  } catch (error) {
    if (error instanceof JwtAlgorithmError) throw new JwtArgumentError('alg must be an alg jwtkit supports, such as "HS256" or "ES256"');
    throw error;
  }
}

/** What both kinds carry: who, which session, which token, until when. */
interface TokenFields {
  sub: string;
  sid: string;
  jti: string;
  exp: number;
  /** Seconds since the epoch: becomes `iat`. */
  now: number;
}

/** Signs an access token: the app's claims plus the session's. */
export function signAccessToken(config: TokenConfig, fields: TokenFields, claims: Record<string, unknown>): Promise<string> {
  const { sub, sid, jti, exp, now } = fields;
  const payload: JwtPayload = { ...claims, sub, sid, jti, iat: now, exp, [TOKEN_USE_CLAIM]: 'access' };
  if (config.clientId !== undefined) payload[CLIENT_ID_CLAIM] = config.clientId;
  return config.signers.access(payload);
}

/** Signs a refresh token. It carries no app claims: they are loaded afresh at every refresh. */
export function signRefreshToken(config: TokenConfig, fields: TokenFields): Promise<string> {
  const { sub, sid, jti, exp, now } = fields;
  return config.signers.refresh({ sub, sid, jti, iat: now, exp, [TOKEN_USE_CLAIM]: 'refresh' });
}

/** True when the header's `typ` is `kind`'s, compared as the core compares `typ` (validateClaims' check). */
function typIs(header: JwtHeader, kind: TokenKind): boolean {
  try {
    validateClaims({}, { header, typ: TOKEN_TYP[kind] });
    return true;
  } catch (error) {
    if (error instanceof JwtClaimError) return false;
    throw error;
  }
}

/** Throws ERR_TOKEN_TYPE unless both marks of the token say `kind`. */
function checkKind(header: JwtHeader, payload: JwtPayload, kind: TokenKind): void {
  if (!typIs(header, kind) || payload[TOKEN_USE_CLAIM] !== kind) throw new JwtTokenTypeError(`not ${kind === 'access' ? 'an access' : 'a refresh'} token`);
}

/** Throws ERR_JWT_CLAIM unless the session claims are present and well-typed. */
function checkSessionClaims(payload: JwtPayload): void {
  for (const claim of ['sub', 'jti', SESSION_ID_CLAIM] as const) {
    if (typeof payload[claim] !== 'string' || payload[claim] === '') throw new JwtClaimError(claim, `"${claim}" is missing`);
  }
  if (payload.exp === undefined) throw new JwtClaimError('exp', '"exp" is missing');
}

/**
 * Verifies a session token of one kind. Order: signature and time (verify), kind, then the claims
 * (validateClaims: issuer, and for access tokens audience; then the session's own). verify checks
 * the signature before any claim, so a token it finds expired is genuine, and its kind and claims
 * are still checked (validateClaims with allowExpired): an expired access token sent to refresh is
 * ERR_TOKEN_TYPE, not "session expired". An expired refresh token is ERR_SESSION_EXPIRED, or is
 * returned when `allowExpired` (logout with an old token still ends its session).
 */
export async function verifySessionToken(config: TokenConfig, token: string, kind: TokenKind, now: number, allowExpired = false): Promise<JwtPayload> {
  let verified: { header: JwtHeader; payload: JwtPayload };
  let expired: JwtExpiredError | undefined;
  try {
    verified = await verify(token, config.verifyKey, { algorithms: config.alg === undefined ? undefined : [config.alg], now });
  } catch (error) {
    if (!(error instanceof JwtExpiredError)) throw error;
    verified = decode(token);
    expired = error;
  }
  const { header, payload } = verified;
  checkKind(header, payload, kind);
  // The audience is checked after the kind, so that a refresh token (no `aud`) is named as such.
  validateClaims(payload, { issuer: config.issuer, audience: kind === 'access' ? config.audience : undefined, now, allowExpired: true });
  if (expired !== undefined) {
    if (kind === 'access') throw expired;
    if (!allowExpired) throw new JwtSessionExpiredError(expired.expiredAt);
  }
  checkSessionClaims(payload);
  return payload;
}

/** The claims the app may not set under `config`: the reserved ones, and `client_id` when the clientId option sets it. */
export function reservedClaims(config: TokenConfig): readonly string[] {
  return config.clientId === undefined ? RESERVED_CLAIMS : [...RESERVED_CLAIMS, CLIENT_ID_CLAIM];
}

/** Throws ERR_INVALID_ARGUMENT unless `claims` is a plain object that sets none of the `reserved` claims. */
export function checkAppClaims(claims: unknown, source: string, reserved: readonly string[]): Record<string, unknown> {
  const prototype = typeof claims === 'object' && claims !== null ? Object.getPrototypeOf(claims) : undefined;
  if (prototype !== Object.prototype && prototype !== null) throw new JwtArgumentError(`${source} must be a plain object of claims`);
  const taken = reserved.find((claim) => Object.hasOwn(claims as object, claim));
  if (taken !== undefined) throw new JwtArgumentError(`${source} may not set "${taken}": sessions set it`);
  return claims as Record<string, unknown>;
}
