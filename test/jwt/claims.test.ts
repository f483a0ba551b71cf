import { describe, expect, it } from 'vitest';
import {
  type Duration,
  JwtClaimError,
  JwtExpiredError,
  JwtNotBeforeError,
  type JwtPayload,
  type SignOptions,
  type VerifyOptions,
  decode,
  sign,
  signJws,
  verify,
} from '../../src/index.js';
import { expectCode } from '../helpers.js';

const secret = new Uint8Array(32).map((_, i) => (i * 13 + 5) & 255);
const NOW = 1_700_000_000;

/** Signs `payload` with the shared secret at NOW (unless `options.now` says otherwise). */
function token(payload: JwtPayload = {}, options: SignOptions = {}): Promise<string> {
  return sign(payload, secret, { now: NOW, ...options });
}

/** Verifies with the shared secret at NOW (unless `options.now` says otherwise). */
async function check<T extends object = JwtPayload>(jwt: string, options: VerifyOptions<T> = {}): Promise<JwtPayload & T> {
  return (await verify<T>(jwt, secret, { now: NOW, ...options })).payload;
}

/** Asserts ERR_JWT_CLAIM naming `claim`. */
async function expectClaim(action: Promise<unknown>, claim: string): Promise<void> {
  const error = await expectCode(action, 'ERR_JWT_CLAIM');
  expect(error).toBeInstanceOf(JwtClaimError);
  expect((error as JwtClaimError).claim).toBe(claim);
}

/** A token signed over exactly this payload JSON (no claims added, no type checks on sign). */
function rawToken(json: string): Promise<string> {
  return signJws(json, secret, { header: { typ: 'JWT' } });
}

describe('exp', () => {
  it('is expired exactly at exp, with expiredAt set to exp', async () => {
    const jwt = await token({}, { expiresIn: 60 });
    const error = await expectCode(check(jwt, { now: NOW + 60 }), 'ERR_JWT_EXPIRED');
    expect(error).toBeInstanceOf(JwtExpiredError);
    expect((error as JwtExpiredError).expiredAt).toBeInstanceOf(Date);
    expect((error as JwtExpiredError).expiredAt.getTime()).toBe((NOW + 60) * 1000);
  });

  it('is valid one second before exp', async () => {
    const jwt = await token({}, { expiresIn: 60 });
    await expect(check(jwt, { now: NOW + 59 })).resolves.toMatchObject({ exp: NOW + 60 });
  });

  it('accepts a Date as now', async () => {
    const jwt = await token({}, { expiresIn: 60 });
    await expect(check(jwt, { now: new Date((NOW + 59) * 1000 + 999) })).resolves.toMatchObject({ exp: NOW + 60 });
    await expectCode(check(jwt, { now: new Date((NOW + 60) * 1000) }), 'ERR_JWT_EXPIRED');
  });

  it.each<[string, Duration]>([
    ['a string', '5s'],
    ['a number', 5],
  ])('clockTolerance as %s lets exp+4 pass and fails exp+5', async (_label, clockTolerance) => {
    const jwt = await token({}, { expiresIn: 60 });
    await expect(check(jwt, { now: NOW + 64, clockTolerance })).resolves.toMatchObject({ exp: NOW + 60 });
    const error = await expectCode(check(jwt, { now: NOW + 65, clockTolerance }), 'ERR_JWT_EXPIRED');
    expect((error as JwtExpiredError).expiredAt.getTime()).toBe((NOW + 60) * 1000);
  });

  it('checks an exp set in the payload', async () => {
    const jwt = await token({ exp: NOW + 10 });
    await expect(check(jwt, { now: NOW + 9 })).resolves.toMatchObject({ exp: NOW + 10 });
    await expectCode(check(jwt, { now: NOW + 10 }), 'ERR_JWT_EXPIRED');
  });

  it('does not require exp unless asked to', async () => {
    const jwt = await token();
    await expect(check(jwt, { now: NOW + 10 * 365 * 86_400 })).resolves.toEqual({ iat: NOW });
  });
});

describe('nbf', () => {
  it('is not valid before nbf, with notBefore set to nbf', async () => {
    const jwt = await token({}, { notBefore: 30 });
    const error = await expectCode(check(jwt, { now: NOW + 29 }), 'ERR_JWT_NOT_BEFORE');
    expect(error).toBeInstanceOf(JwtNotBeforeError);
    expect((error as JwtNotBeforeError).notBefore).toBeInstanceOf(Date);
    expect((error as JwtNotBeforeError).notBefore.getTime()).toBe((NOW + 30) * 1000);
  });

  it('is valid exactly at nbf and after', async () => {
    const jwt = await token({}, { notBefore: '30s' });
    await expect(check(jwt, { now: NOW + 30 })).resolves.toMatchObject({ nbf: NOW + 30 });
    await expect(check(jwt, { now: NOW + 31 })).resolves.toMatchObject({ nbf: NOW + 30 });
  });

  it('honours clockTolerance: nbf-5 passes with 5s, nbf-6 does not', async () => {
    const jwt = await token({}, { notBefore: 30 });
    await expect(check(jwt, { now: NOW + 25, clockTolerance: '5s' })).resolves.toMatchObject({ nbf: NOW + 30 });
    await expectCode(check(jwt, { now: NOW + 24, clockTolerance: 5 }), 'ERR_JWT_NOT_BEFORE');
  });
});

describe('iat', () => {
  it('rejects an iat in the future beyond the tolerance with claim iat', async () => {
    const jwt = await token({}, { now: NOW + 100 });
    await expectClaim(check(jwt), 'iat');
    await expectClaim(check(jwt, { clockTolerance: 99 }), 'iat');
  });

  it('accepts an iat in the future within the tolerance', async () => {
    const jwt = await token({}, { now: NOW + 100 });
    await expect(check(jwt, { clockTolerance: 100 })).resolves.toEqual({ iat: NOW + 100 });
    await expect(check(jwt, { clockTolerance: '2m' })).resolves.toEqual({ iat: NOW + 100 });
  });

  it('accepts an iat of exactly now', async () => {
    await expect(check(await token())).resolves.toEqual({ iat: NOW });
  });
});

describe('maxAge', () => {
  it('accepts a token exactly maxAge old and rejects one a second older with claim iat', async () => {
    const jwt = await token();
    await expect(check(jwt, { now: NOW + 300, maxAge: '5m' })).resolves.toEqual({ iat: NOW });
    await expectClaim(check(jwt, { now: NOW + 301, maxAge: '5m' }), 'iat');
    await expectClaim(check(jwt, { now: NOW + 301, maxAge: 300 }), 'iat');
  });

  it('adds clockTolerance to maxAge', async () => {
    const jwt = await token();
    await expect(check(jwt, { now: NOW + 305, maxAge: 300, clockTolerance: 5 })).resolves.toEqual({ iat: NOW });
    await expectClaim(check(jwt, { now: NOW + 306, maxAge: 300, clockTolerance: 5 }), 'iat');
  });

  it('requires iat', async () => {
    const jwt = await token({}, { iat: false });
    await expectClaim(check(jwt, { maxAge: '1h' }), 'iat');
  });
});

describe('issuer', () => {
  it('matches a string exactly', async () => {
    const jwt = await token({}, { issuer: 'https://issuer.example' });
    await expect(check(jwt, { issuer: 'https://issuer.example' })).resolves.toMatchObject({ iss: 'https://issuer.example' });
    await expectClaim(check(jwt, { issuer: 'https://issuer.example/' }), 'iss');
    await expectClaim(check(jwt, { issuer: 'HTTPS://ISSUER.EXAMPLE' }), 'iss');
  });

  it('matches any of an array', async () => {
    const jwt = await token({}, { issuer: 'b' });
    await expect(check(jwt, { issuer: ['a', 'b'] })).resolves.toMatchObject({ iss: 'b' });
    await expectClaim(check(jwt, { issuer: ['a', 'c'] }), 'iss');
    // An empty list matches nothing: a configuration mistake, reported as such.
    await expectCode(check(jwt, { issuer: [] }), 'ERR_INVALID_ARGUMENT');
  });

  it('matches a RegExp, and a mixed array', async () => {
    const jwt = await token({}, { issuer: 'https://tenant-42.example.com' });
    await expect(check(jwt, { issuer: /^https:\/\/tenant-\d+\.example\.com$/ })).resolves.toMatchObject({ iss: 'https://tenant-42.example.com' });
    await expect(check(jwt, { issuer: ['other', /tenant-42/] })).resolves.toMatchObject({ iss: 'https://tenant-42.example.com' });
    await expectClaim(check(jwt, { issuer: /^https:\/\/tenant-\d+\.example\.org$/ }), 'iss');
  });

  it('fails with claim iss when the token has no iss', async () => {
    await expectClaim(check(await token(), { issuer: 'a' }), 'iss');
  });
});

describe('audience', () => {
  it('matches a string aud against a string', async () => {
    const jwt = await token({}, { audience: 'api' });
    await expect(check(jwt, { audience: 'api' })).resolves.toMatchObject({ aud: 'api' });
    await expectClaim(check(jwt, { audience: 'web' }), 'aud');
  });

  it('matches an array aud in the token against a string', async () => {
    const jwt = await token({}, { audience: ['web', 'api'] });
    await expect(check(jwt, { audience: 'api' })).resolves.toMatchObject({ aud: ['web', 'api'] });
  });

  it('matches when any token aud is any expected aud', async () => {
    const jwt = await token({}, { audience: ['web', 'api'] });
    await expect(check(jwt, { audience: ['mobile', 'api'] })).resolves.toMatchObject({ aud: ['web', 'api'] });
    await expectClaim(check(jwt, { audience: ['mobile', 'admin'] }), 'aud');
  });

  it('matches a RegExp audience', async () => {
    const jwt = await token({}, { audience: ['urn:svc:billing', 'urn:svc:orders'] });
    await expect(check(jwt, { audience: /^urn:svc:orders$/ })).resolves.toMatchObject({ aud: ['urn:svc:billing', 'urn:svc:orders'] });
    await expectClaim(check(jwt, { audience: /^urn:svc:admin$/ }), 'aud');
  });

  it('fails with claim aud when the token has none, or an empty array', async () => {
    await expectClaim(check(await token(), { audience: 'api' }), 'aud');
    await expectClaim(check(await token({ aud: [] }), { audience: 'api' }), 'aud');
  });
});

describe('subject, jwtId and nonce', () => {
  it('matches sub', async () => {
    const jwt = await token({}, { subject: 'user-1' });
    await expect(check(jwt, { subject: 'user-1' })).resolves.toMatchObject({ sub: 'user-1' });
    await expect(check(jwt, { subject: /^user-\d+$/ })).resolves.toMatchObject({ sub: 'user-1' });
    await expectClaim(check(jwt, { subject: 'user-2' }), 'sub');
    await expectClaim(check(await token(), { subject: 'user-1' }), 'sub');
  });

  it('matches jti', async () => {
    const jwt = await token({}, { jwtId: 'id-123' });
    await expect(check(jwt, { jwtId: 'id-123' })).resolves.toMatchObject({ jti: 'id-123' });
    await expect(check(jwt, { jwtId: ['x', 'id-123'] })).resolves.toMatchObject({ jti: 'id-123' });
    await expectClaim(check(jwt, { jwtId: 'id-124' }), 'jti');
    await expectClaim(check(await token(), { jwtId: 'id-123' }), 'jti');
  });

  it('matches nonce', async () => {
    const jwt = await token({ nonce: 'n-0S6_WzA2Mj' });
    await expect(check(jwt, { nonce: 'n-0S6_WzA2Mj' })).resolves.toMatchObject({ nonce: 'n-0S6_WzA2Mj' });
    await expectClaim(check(jwt, { nonce: 'other' }), 'nonce');
    await expectClaim(check(await token(), { nonce: 'n-0S6_WzA2Mj' }), 'nonce');
  });

  it('does not match a non-string nonce against a string', async () => {
    await expectClaim(check(await token({ nonce: 123 }), { nonce: '123' }), 'nonce');
  });
});

describe('RegExp matchers', () => {
  it('still match when a /g (or /y) RegExp is used twice', async () => {
    const jwt = await token({}, { issuer: 'https://issuer.example', audience: 'api' });
    const issuer = /issuer/g;
    const audience = /^api$/y;
    for (let i = 0; i < 3; i++) {
      await expect(check(jwt, { issuer, audience })).resolves.toMatchObject({ iss: 'https://issuer.example', aud: 'api' });
    }
  });
});

describe('typ', () => {
  it('is JWT by default and matched case-insensitively, with or without application/', async () => {
    const jwt = await token();
    expect(decode(jwt).header.typ).toBe('JWT');
    await expect(check(jwt, { typ: 'JWT' })).resolves.toEqual({ iat: NOW });
    await expect(check(jwt, { typ: 'jwt' })).resolves.toEqual({ iat: NOW });
    await expect(check(jwt, { typ: 'application/jwt' })).resolves.toEqual({ iat: NOW });
  });

  it("verifies sign(..., { typ: 'at+jwt' }) with typ: 'application/AT+JWT'", async () => {
    const jwt = await token({}, { typ: 'at+jwt' });
    expect(decode(jwt).header.typ).toBe('at+jwt');
    await expect(check(jwt, { typ: 'application/AT+JWT' })).resolves.toEqual({ iat: NOW });
    await expect(check(jwt, { typ: 'At+Jwt' })).resolves.toEqual({ iat: NOW });
  });

  it('matches a token typ that carries application/ against a bare expected typ', async () => {
    const jwt = await token({}, { typ: 'application/at+jwt' });
    await expect(check(jwt, { typ: 'at+jwt' })).resolves.toEqual({ iat: NOW });
  });

  it('fails with claim typ on a different typ', async () => {
    const jwt = await token({}, { typ: 'at+jwt' });
    await expectClaim(check(jwt, { typ: 'JWT' }), 'typ');
    await expectClaim(check(jwt, { typ: 'application/logout+jwt' }), 'typ');
  });

  it('fails with claim typ when typ is required but missing', async () => {
    // signJws sets no typ unless asked to.
    const untyped = await signJws(JSON.stringify({ iat: NOW }), secret);
    expect(decode(untyped).header.typ).toBeUndefined();
    await expect(check(untyped)).resolves.toEqual({ iat: NOW });
    await expectClaim(check(untyped, { typ: 'JWT' }), 'typ');
  });
});

describe('requiredClaims', () => {
  it('passes when every required claim is present', async () => {
    const jwt = await token({ scope: 'read' }, { expiresIn: 60, subject: 's' });
    await expect(check(jwt, { requiredClaims: ['exp', 'sub', 'iat', 'scope'] })).resolves.toMatchObject({ scope: 'read' });
  });

  it('fails naming the first missing claim', async () => {
    const jwt = await token({}, { subject: 's' });
    await expectClaim(check(jwt, { requiredClaims: ['sub', 'exp'] }), 'exp');
    await expectClaim(check(jwt, { requiredClaims: ['tenant'] }), 'tenant');
  });

  it('counts a claim present with a falsy value as present', async () => {
    const jwt = await token({ admin: false, count: 0, note: '' });
    await expect(check(jwt, { requiredClaims: ['admin', 'count', 'note'] })).resolves.toMatchObject({ admin: false, count: 0 });
  });
});

describe('registered claim types in a signed token', () => {
  it.each<[string, string]>([
    ['exp', '{"exp":"soon"}'],
    ['exp', '{"exp":null}'],
    ['nbf', '{"nbf":"1700000000"}'],
    ['iat', '{"iat":true}'],
    ['iss', '{"iss":42}'],
    ['sub', '{"sub":{"id":1}}'],
    ['jti', '{"jti":["a"]}'],
    ['aud', '{"aud":5}'],
    ['aud', '{"aud":["api",5]}'],
  ])('rejects a wrong-typed %s (%s) with ERR_JWT_CLAIM', async (claim, json) => {
    await expectClaim(check(await rawToken(json)), claim);
  });

  it('rejects a wrong-typed claim even when no option asks about it', async () => {
    await expectClaim(check(await rawToken('{"exp":"soon"}'), {}), 'exp');
  });
});

describe('validate', () => {
  interface Session extends JwtPayload {
    sid: string;
  }

  const isSession = (payload: JwtPayload): Session => {
    if (typeof payload.sid !== 'string') throw new TypeError('sid must be a string');
    return payload as Session;
  };

  it('returns what the guard returns, typed', async () => {
    const jwt = await token({ sid: 'abc' });
    const session: Session = await check(jwt, { validate: isSession });
    expect(session.sid).toBe('abc');
    const mapped = await check(jwt, { validate: (payload) => ({ id: String(payload.sid) }) });
    expect(mapped).toEqual({ id: 'abc' });
  });

  it('turns a throwing guard into ERR_JWT_CLAIM with the cause kept', async () => {
    const jwt = await token({ sid: 1 });
    const error = await expectCode(check(jwt, { validate: isSession }), 'ERR_JWT_CLAIM');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('runs only after the standard checks pass', async () => {
    let called = false;
    const jwt = await token({ sid: 'abc' }, { expiresIn: 1 });
    await expectCode(
      check(jwt, {
        now: NOW + 1,
        validate: (payload) => {
          called = true;
          return payload;
        },
      }),
      'ERR_JWT_EXPIRED',
    );
    expect(called).toBe(false);
  });
});

describe('sign', () => {
  it('rejects both expiresIn and a payload exp with ERR_INVALID_ARGUMENT', async () => {
    await expectCode(token({ exp: NOW + 60 }, { expiresIn: 60 }), 'ERR_INVALID_ARGUMENT');
  });

  it.each<[keyof SignOptions, JwtPayload]>([
    ['notBefore', { nbf: NOW }],
    ['issuer', { iss: 'a' }],
    ['subject', { sub: 'a' }],
    ['audience', { aud: 'a' }],
    ['jwtId', { jti: 'a' }],
  ])('rejects both %s and the payload claim with ERR_INVALID_ARGUMENT', async (option, payload) => {
    const value = option === 'notBefore' ? 10 : 'b';
    await expectCode(token(payload, { [option]: value } as SignOptions), 'ERR_INVALID_ARGUMENT');
  });

  it('sets iat to now by default and keeps a payload iat', async () => {
    expect(decode(await token()).payload).toEqual({ iat: NOW });
    expect(decode(await token({ iat: NOW - 5 })).payload).toEqual({ iat: NOW - 5 });
  });

  it('omits iat with iat: false', async () => {
    const jwt = await token({ foo: 'bar' }, { iat: false, expiresIn: 60 });
    expect(decode(jwt).payload).toEqual({ foo: 'bar', exp: NOW + 60 });
    expect(Object.hasOwn(decode(jwt).payload, 'iat')).toBe(false);
  });

  it('puts the options claims into the payload', async () => {
    const jwt = await token({ scope: 'x' }, { issuer: 'i', subject: 's', audience: ['a', 'b'], jwtId: 'j', expiresIn: '1h', notBefore: 0 });
    expect(decode(jwt).payload).toEqual({ scope: 'x', iat: NOW, exp: NOW + 3600, nbf: NOW, iss: 'i', sub: 's', aud: ['a', 'b'], jti: 'j' });
  });

  it.each<[string, unknown]>([
    ['a string', 'payload'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an array', [1, 2]],
    ['a boolean', true],
  ])('rejects %s as the payload with ERR_INVALID_ARGUMENT', async (_label, payload) => {
    await expectCode(sign(payload as JwtPayload, secret, { now: NOW }), 'ERR_INVALID_ARGUMENT');
  });

  it('refuses to sign a wrong-typed registered claim with ERR_JWT_CLAIM', async () => {
    await expectClaim(token({ exp: 'soon' } as unknown as JwtPayload), 'exp');
    await expectClaim(token({ iss: 5 } as unknown as JwtPayload), 'iss');
  });
});
