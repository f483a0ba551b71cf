import { describe, expect, expectTypeOf, it } from 'vitest';
import * as jwtkit from '../src/index.js';
import { type AnyJwtError, type JwtErrorCode, JwtError, isClientError, isJwtError, sign, verify } from '../src/index.js';
import { expectCode } from './helpers.js';

/** Error classes: a union discriminated by `code`, and each error says whose fault it is. */

const secret = new Uint8Array(32).fill(7);
const NOW = 1_700_000_000;

/** One instance of every exported error class, built with whatever arguments its constructor takes. */
function everyError(): JwtError[] {
  return Object.values(jwtkit)
    .filter((value) => typeof value === 'function' && value.prototype instanceof JwtError)
    .map((ErrorClass) => new (ErrorClass as unknown as new (a: unknown, b: unknown) => JwtError)(new Date(0), 'message'));
}

/** Whose fault each code is, and the HTTP status that follows. */
const EXPECTED: Record<JwtErrorCode, [jwtkit.JwtErrorCategory, jwtkit.JwtErrorStatus]> = {
  ERR_JWT_MALFORMED: ['client', 401],
  ERR_JWT_ALGORITHM: ['client', 401],
  ERR_JWT_SIGNATURE: ['client', 401],
  ERR_JWE_DECRYPTION: ['client', 401],
  ERR_JWT_EXPIRED: ['client', 401],
  ERR_JWT_NOT_BEFORE: ['client', 401],
  ERR_JWT_CLAIM: ['client', 401],
  ERR_TOKEN_TYPE: ['client', 401],
  ERR_SESSION_EXPIRED: ['client', 401],
  ERR_SESSION_REVOKED: ['client', 401],
  ERR_SESSION_MISSING: ['client', 401],
  ERR_JWKS_NO_MATCH: ['client', 401],
  ERR_BEARER_MALFORMED: ['client', 400],
  ERR_KEY: ['server', 500],
  ERR_INVALID_ARGUMENT: ['server', 500],
  ERR_JWKS_FETCH: ['server', 503],
  ERR_JWKS_TIMEOUT: ['server', 503],
  ERR_JWKS_INVALID: ['server', 503],
};

describe('whose fault an error is', () => {
  it('every error class says it, by its code', () => {
    const errors = everyError();
    expect(new Set(errors.map((error) => error.code))).toEqual(new Set(Object.keys(EXPECTED)));
    for (const error of errors) {
      expect([error.category, error.statusCode], error.code).toEqual(EXPECTED[error.code]);
      expect(isClientError(error), error.code).toBe(error.category === 'client');
    }
  });

  it('a bad key is the server’s, an expired token the client’s', async () => {
    const expired = await sign({}, secret, { expiresIn: 60, now: NOW });
    const byClient = await expectCode(verify(expired, secret), 'ERR_JWT_EXPIRED');
    expect(isClientError(byClient)).toBe(true);
    const byServer = await expectCode(verify(expired, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'), 'ERR_KEY');
    expect(isClientError(byServer)).toBe(false);
    const misconfigured = await expectCode(verify(expired, secret, { algorithm: 'HS256' } as never), 'ERR_INVALID_ARGUMENT');
    expect([isClientError(misconfigured), misconfigured.statusCode]).toEqual([false, 500]);
  });

  it('anything that is not a JwtError is not the client’s', () => {
    expect(isClientError(new Error('database down'))).toBe(false);
    expect(isClientError({ code: 'ERR_JWT_EXPIRED', category: 'client' })).toBe(false);
    expect(isClientError(undefined)).toBe(false);
    expect(isJwtError(new TypeError('x'))).toBe(false);
  });

  it('JwksFetchError keeps the endpoint’s own status apart from the answer’s', () => {
    const error = new jwtkit.JwksFetchError('HTTP 404', { status: 404 });
    expect([error.status, error.statusCode, error.category]).toEqual([404, 503, 'server']);
  });
});

describe('the error union', () => {
  it('checking code narrows to the class', () => {
    const thrown = (): unknown => new jwtkit.JwtExpiredError(new Date(0));
    const caught = thrown();
    if (isJwtError(caught) && caught.code === 'ERR_JWT_EXPIRED') {
      expectTypeOf(caught).toEqualTypeOf<jwtkit.JwtExpiredError>();
      expect(caught.expiredAt.getTime()).toBe(0);
    } else {
      expect.unreachable();
    }
    const other = thrown();
    if (isJwtError(other) && other.code === 'ERR_JWT_CLAIM') expectTypeOf(other.claim).toBeString();
    const third = thrown();
    if (isClientError(third)) expectTypeOf(third.code).toEqualTypeOf<AnyJwtError['code']>();
  });

  it('covers every code: a code without its class in the union does not compile', () => {
    expectTypeOf<AnyJwtError['code']>().toEqualTypeOf<JwtErrorCode>();
    // @ts-expect-error expiredAt exists only once the code says ERR_JWT_EXPIRED
    const unnarrowed = (error: AnyJwtError) => error.expiredAt;
    expect(unnarrowed).toBeTypeOf('function');
  });
});
