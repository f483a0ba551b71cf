import type { Alg } from '../algorithms.js';
import type { Duration } from '../util/time.js';

/** The registered claims of RFC 7519 §4.1, plus any custom claims. */
export interface JwtPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

/** A JWT's protected header. */
export interface JwtHeader {
  alg: Alg;
  typ?: string;
  kid?: string;
  cty?: string;
  [parameter: string]: unknown;
}

/** What a claim (iss, sub, jti, nonce) must match: a value, a pattern, or any of several. */
export type ClaimMatcher = string | RegExp | ReadonlyArray<string | RegExp>;

/** Options of `sign`. Durations are seconds or strings with a unit (`'5m'`). */
export interface SignOptions {
  /** Default: the first alg the key can do (HS256 for secrets, RS256 for RSA, ES* by curve, EdDSA). */
  alg?: Alg;
  /** Sets `exp` to now + this. */
  expiresIn?: Duration;
  /** Sets `nbf` to now + this. */
  notBefore?: Duration;
  issuer?: string;
  audience?: string | string[];
  subject?: string;
  jwtId?: string;
  /** Header `kid`; default: the key's own `kid` (from a JWK), if any. */
  kid?: string;
  /** Header `typ`; default `'JWT'`. */
  typ?: string;
  /** Extra protected header parameters. */
  header?: Record<string, unknown>;
  /** `iat` is now by default; `false` leaves it out. */
  iat?: boolean;
  /** The clock: a Date or seconds since the epoch. Default: the current time. */
  now?: Date | number;
}

/** Options of `verify`. */
export interface VerifyOptions<T = JwtPayload> {
  /** Accepted algs; default: the algs the key can do. */
  algorithms?: Alg[];
  issuer?: ClaimMatcher;
  /** Matches when any `aud` of the token matches any of these. */
  audience?: ClaimMatcher;
  subject?: ClaimMatcher;
  jwtId?: ClaimMatcher;
  nonce?: ClaimMatcher;
  /** Expected header `typ`; compared case-insensitively, with or without `application/`. */
  typ?: string;
  /** Leeway for exp, nbf, iat and maxAge, for clock skew: at most 5 minutes. Default 0. */
  clockTolerance?: Duration;
  /** Reject tokens whose `iat` is older than this (requires `iat`). */
  maxAge?: Duration;
  /** Claims that must be present. */
  requiredClaims?: string[];
  /** The clock: a Date or seconds since the epoch. Default: the current time. */
  now?: Date | number;
  /** Reject longer tokens before any work (default 16,384 characters). */
  maxTokenLength?: number;
  /** A guard run on the verified payload: returns it typed (e.g. a schema's parse), sync or async; throws → ERR_JWT_CLAIM. */
  validate?: (payload: JwtPayload) => T | Promise<T>;
}

/** Options of `createVerifier`: those of `verify`, plus an opt-in verified-token cache. */
export interface VerifierOptions<T = JwtPayload> extends VerifyOptions<T> {
  /**
   * Remember up to `size` verified tokens (LRU), so a token seen again skips the signature check.
   * Claims are still checked at every call (never served past `exp`); results become frozen.
   */
  cache?: { size: number };
}

/** A verified token. */
export interface VerifyResult<T = JwtPayload> {
  header: JwtHeader;
  payload: T;
}

/** A decoded (not verified) token. */
export interface DecodedJwt<T = JwtPayload> {
  header: JwtHeader;
  payload: T;
  /** The signature segment as it appears in the token (base64url). */
  signature: string;
}
