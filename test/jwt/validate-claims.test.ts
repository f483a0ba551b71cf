import { describe, expect, it } from 'vitest';
import { type JwtPayload, JwtClaimError, type ValidateClaimsOptions, decode, signJws, validateClaims, verify } from '../../src/index.js';
import { expectCode } from '../helpers.js';

/**
 * validateClaims: the claim checks of verify, public, for a payload whose signature is verified
 * elsewhere (sessions checks the claims of an expired token with it).
 */

const secret = new Uint8Array(32).map((_, i) => (i * 11 + 1) & 255);
const NOW = 1_700_000_000;
const ISSUER = 'https://auth.example';

/** What a call ended with: the payload's `sub`, or the error's code and, for ERR_JWT_CLAIM, its claim. */
async function outcome(action: () => unknown): Promise<string> {
  try {
    const payload = (await action()) as JwtPayload;
    return `ok ${String(payload.sub)}`;
  } catch (error) {
    return error instanceof JwtClaimError ? `${error.code} ${error.claim}` : String((error as { code?: string }).code ?? error);
  }
}

/** [what, payload, options]: one per check of verify, passing and failing. */
const CASES: [string, Record<string, unknown>, ValidateClaimsOptions][] = [
  ['no claims, no options', { sub: 'a' }, {}],
  ['expired', { sub: 'a', exp: NOW - 1 }, {}],
  ['expired within clockTolerance', { sub: 'a', exp: NOW - 1 }, { clockTolerance: 5 }],
  ['not yet valid', { sub: 'a', nbf: NOW + 60 }, {}],
  ['issued in the future', { sub: 'a', iat: NOW + 60 }, {}],
  ['older than maxAge', { sub: 'a', iat: NOW - 120 }, { maxAge: '1m' }],
  ['maxAge without iat', { sub: 'a' }, { maxAge: 60 }],
  ['issuer matches', { sub: 'a', iss: ISSUER }, { issuer: ISSUER }],
  ['issuer differs', { sub: 'a', iss: 'https://evil.example' }, { issuer: ISSUER }],
  ['issuer missing', { sub: 'a' }, { issuer: ISSUER }],
  ['audience in an array', { sub: 'a', aud: ['x', 'api'] }, { audience: 'api' }],
  ['audience differs', { sub: 'a', aud: 'web' }, { audience: /^api$/ }],
  ['subject differs', { sub: 'a' }, { subject: 'b' }],
  ['jwtId differs', { sub: 'a', jti: '1' }, { jwtId: '2' }],
  ['nonce differs', { sub: 'a', nonce: 'n1' }, { nonce: 'n2' }],
  ['required claim missing', { sub: 'a' }, { requiredClaims: ['sid'] }],
  ['exp of the wrong type', { sub: 'a', exp: '1700000000' }, {}],
  ['aud of the wrong type', { sub: 'a', aud: 42 }, {}],
  ['expired and from another issuer: exp first', { sub: 'a', exp: NOW - 1, iss: 'https://evil.example' }, { issuer: ISSUER }],
];

describe('validateClaims', () => {
  it.each(CASES)('%s: the same outcome as verify', async (_, payload, options) => {
    const token = await signJws(JSON.stringify(payload), secret, { header: { typ: 'JWT' } });
    const byVerify = await outcome(() => verify(token, secret, { now: NOW, ...options }).then((result) => result.payload));
    expect(await outcome(() => validateClaims(payload, { now: NOW, ...options }))).toBe(byVerify);
  });

  it('checks the header typ as verify does (case, application/), and a missing header has none', async () => {
    const payload = { sub: 'a' };
    expect(validateClaims(payload, { header: { alg: 'HS256', typ: 'application/AT+JWT' }, typ: 'at+jwt', now: NOW })).toBe(payload);
    const wrong = await expectCode(() => validateClaims(payload, { header: { alg: 'HS256', typ: 'JWT' }, typ: 'at+jwt' }), 'ERR_JWT_CLAIM');
    expect((wrong as JwtClaimError).claim).toBe('typ');
    const none = await expectCode(() => validateClaims(payload, { typ: 'at+jwt' }), 'ERR_JWT_CLAIM');
    expect((none as JwtClaimError).claim).toBe('typ');
  });

  describe('allowExpired', () => {
    const expired = { sub: 'a', iss: ISSUER, exp: NOW - 3600, iat: NOW - 7200 };

    it('passes an expired payload whose other claims pass, and returns it whole', () => {
      expect(validateClaims(expired, { issuer: ISSUER, requiredClaims: ['exp', 'sub'], allowExpired: true, now: NOW })).toBe(expired);
      expect(validateClaims({ sub: 'a', exp: NOW + 60 }, { allowExpired: true, now: NOW })).toEqual({ sub: 'a', exp: NOW + 60 });
    });

    it('still checks every other claim of an expired payload', async () => {
      const other = await expectCode(() => validateClaims(expired, { issuer: 'https://other.example', allowExpired: true, now: NOW }), 'ERR_JWT_CLAIM');
      expect((other as JwtClaimError).claim).toBe('iss');
      await expectCode(() => validateClaims({ ...expired, nbf: NOW + 60 }, { allowExpired: true, now: NOW }), 'ERR_JWT_NOT_BEFORE');
      const old = await expectCode(() => validateClaims(expired, { maxAge: '1h', allowExpired: true, now: NOW }), 'ERR_JWT_CLAIM');
      expect((old as JwtClaimError).claim).toBe('iat');
      const header = { alg: 'HS256' as const, typ: 'at+jwt' };
      await expectCode(() => validateClaims(expired, { header, typ: 'refresh+jwt', allowExpired: true, now: NOW }), 'ERR_JWT_CLAIM');
    });

    it('does not excuse an exp of the wrong type', async () => {
      const error = await expectCode(() => validateClaims({ sub: 'a', exp: 'soon' as never }, { allowExpired: true }), 'ERR_JWT_CLAIM');
      expect((error as JwtClaimError).claim).toBe('exp');
    });

    it('is false by default: an expired payload is ERR_JWT_EXPIRED', async () => {
      await expectCode(() => validateClaims(expired, { issuer: ISSUER, now: NOW }), 'ERR_JWT_EXPIRED');
      await expectCode(() => validateClaims(expired, { allowExpired: false, now: NOW }), 'ERR_JWT_EXPIRED');
    });

    it('is an option of validateClaims only: verify refuses it by name', async () => {
      const token = await signJws(JSON.stringify(expired), secret);
      await expectCode(() => verify(token, secret, { allowExpired: true } as never), 'ERR_INVALID_ARGUMENT');
    });
  });

  it('works on what decode returns, after verify found the token expired', async () => {
    const token = await signJws(JSON.stringify({ sub: 'a', iss: ISSUER, exp: NOW - 60 }), secret, { header: { typ: 'refresh+jwt' } });
    await expectCode(() => verify(token, secret, { now: NOW, issuer: ISSUER }), 'ERR_JWT_EXPIRED');
    const { header, payload } = decode(token);
    expect(validateClaims(payload, { header, issuer: ISSUER, typ: 'refresh+jwt', allowExpired: true, now: NOW }).sub).toBe('a');
  });

  it.each([
    ['a payload that is not an object', () => validateClaims('{"sub":"a"}' as never)],
    ['an array payload', () => validateClaims([] as never)],
    ['a header that is not an object', () => validateClaims({}, { header: 'JWT' as never })],
    ['allowExpired that is not a boolean', () => validateClaims({}, { allowExpired: 'yes' as never })],
    ['a mistyped claim option', () => validateClaims({}, { issuer: 42 as never })],
    ['a bad clock', () => validateClaims({}, { now: Number.NaN })],
    ["verify's validate guard (not a claim option)", () => validateClaims({}, { validate: () => ({}) } as never)],
    ["jsonwebtoken's ignoreExpiration", () => validateClaims({}, { ignoreExpiration: true } as never)],
  ])('%s is ERR_INVALID_ARGUMENT', async (_, call) => {
    await expectCode(call, 'ERR_INVALID_ARGUMENT');
  });
});
