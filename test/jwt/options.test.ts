import { describe, expect, it } from 'vitest';
import { type Duration, decode, sign, signJws, verify, verifyJws } from '../../src/index.js';
import { expectCode, keysFor } from '../helpers.js';

/** Mistyped options are ERR_INVALID_ARGUMENT: never a TypeError, never a check silently switched off. */

const secret = keysFor('HS256').signKey;
const anything = (value: unknown) => value as never;

describe('options that would switch a check off are refused', () => {
  it.each([null, '', false, true, [], '1', {}, NaN, Infinity])('now: %j', async (now) => {
    const expired = await sign({}, secret, { expiresIn: 60, now: 1_000, iat: false });
    await expectCode(verify(expired, secret, { now: anything(now) }), 'ERR_INVALID_ARGUMENT');
    await expectCode(sign({}, secret, { now: anything(now) }), 'ERR_INVALID_ARGUMENT');
  });

  it('a duration too large to be a number of seconds', async () => {
    const expired = await sign({}, secret, { expiresIn: 60, now: 1_000 });
    await expectCode(verify(expired, secret, { clockTolerance: `${'9'.repeat(400)}s` as Duration }), 'ERR_INVALID_ARGUMENT');
    await expectCode(verify(expired, secret, { maxAge: `${'9'.repeat(400)}s` as Duration, now: 1_000 }), 'ERR_INVALID_ARGUMENT');
  });

  it.each([NaN, '1e9', 0, -1, 1.5, Infinity])('maxTokenLength: %j', async (maxTokenLength) => {
    const token = await sign({}, secret);
    await expectCode(verify(token, secret, { maxTokenLength: anything(maxTokenLength) }), 'ERR_INVALID_ARGUMENT');
    await expectCode(verifyJws(token, secret, { maxTokenLength: anything(maxTokenLength) }), 'ERR_INVALID_ARGUMENT');
    await expectCode(() => decode(token, { maxTokenLength: anything(maxTokenLength) }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('claim matchers and other verify options are checked up front', () => {
  it.each([
    ['audience', 42],
    ['issuer', {}],
    ['issuer', [undefined]],
    ['issuer', []],
    ['subject', null],
    ['nonce', [/ok/, 7]],
    ['typ', 5],
    ['requiredClaims', 'sub'],
    ['requiredClaims', [1]],
    ['validate', true],
  ])('%s: %j is ERR_INVALID_ARGUMENT', async (name, value) => {
    const token = await sign({ iss: 'a', sub: 'b', aud: 'c', nonce: 'd' }, secret);
    await expectCode(verify(token, secret, { [name]: value }), 'ERR_INVALID_ARGUMENT');
  });

  it('a frozen or global RegExp matches the same every time', async () => {
    const token = await sign({ iss: 'https://issuer.example' }, secret);
    const frozen = Object.freeze(/^https:\/\/issuer\.example$/);
    const global = /^https:\/\/issuer\.example$/g;
    for (let i = 0; i < 3; i++) {
      expect((await verify(token, secret, { issuer: frozen })).payload.iss).toBe('https://issuer.example');
      expect((await verify(token, secret, { issuer: global })).payload.iss).toBe('https://issuer.example');
    }
  });

  it('only aud may be an array in the token: an array nonce does not match', async () => {
    const token = await sign({ nonce: ['n-1', 'n-2'], aud: ['x', 'n-1'] }, secret);
    await expectCode(verify(token, secret, { nonce: 'n-1' }), 'ERR_JWT_CLAIM');
    expect((await verify(token, secret, { audience: 'n-1' })).payload.aud).toEqual(['x', 'n-1']);
  });
});

describe('null options mean no options; other non-objects are refused', () => {
  it('accepts null for every options argument', async () => {
    const token = await sign({ sub: 'x' }, secret, anything(null));
    expect((await verify(token, secret, anything(null))).payload.sub).toBe('x');
    expect(decode(token, anything(null)).payload.sub).toBe('x');
    const jws = await signJws('x', secret, anything(null));
    expect((await verifyJws(jws, secret, anything(null))).payload).toEqual(new TextEncoder().encode('x'));
  });

  it('refuses a string as options', async () => {
    const token = await sign({}, secret);
    await expectCode(sign({}, secret, anything('HS256')), 'ERR_INVALID_ARGUMENT');
    await expectCode(verify(token, secret, anything('HS256')), 'ERR_INVALID_ARGUMENT');
  });
});

describe('sign refuses what it cannot sign faithfully', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;

  it.each([
    ['a BigInt claim', { n: 1n }],
    ['a circular payload', circular],
    ['a payload with its own toJSON', { toJSON: () => ({ exp: 'never' }) }],
    ['a Map', new Map([['sub', 'x']])],
    [
      'a class instance',
      new (class Claims {
        sub = 'x';
      })(),
    ],
    ['an array', ['sub']],
  ])('%s is ERR_INVALID_ARGUMENT', async (_name, payload) => {
    await expectCode(sign(anything(payload), secret), 'ERR_INVALID_ARGUMENT');
  });

  it('accepts Object.create(null) and JSON.parse output', async () => {
    const bare = Object.assign(Object.create(null), { sub: 'bare' });
    expect(decode(await sign(bare, secret)).payload.sub).toBe('bare');
    expect(decode(await sign(JSON.parse('{"sub":"parsed"}'), secret)).payload.sub).toBe('parsed');
  });

  it.each([
    ['kid', 5],
    ['typ', {}],
    ['issuer', 1],
    ['audience', [1]],
    ['iat', 'yes'],
  ])('option %s: %j is ERR_INVALID_ARGUMENT', async (name, value) => {
    await expectCode(sign({}, secret, { [name]: value }), 'ERR_INVALID_ARGUMENT');
  });

  it('a header value JSON cannot hold is ERR_INVALID_ARGUMENT', async () => {
    await expectCode(sign({}, secret, { header: { x: 1n } }), 'ERR_INVALID_ARGUMENT');
    await expectCode(signJws('x', secret, { header: { x: 1n } }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('dates a Date cannot hold', () => {
  it.each([
    ['exp', -1e300],
    ['nbf', 1e300],
    ['iat', 9e12],
  ])('a signed %s of %d is ERR_JWT_CLAIM, not a RangeError', async (claim, value) => {
    const token = await signJws(JSON.stringify({ [claim]: value }), secret);
    const error = await expectCode(verify(token, secret), 'ERR_JWT_CLAIM');
    expect(error).toMatchObject({ claim });
  });
});

describe('a secret only does the HS algs it is long enough for', () => {
  it('an HS512 token against a 32-byte secret is ERR_JWT_ALGORITHM, before any key work', async () => {
    await expectCode(verify('eyJhbGciOiJIUzUxMiJ9.e30.AA', secret), 'ERR_JWT_ALGORITHM');
    await expectCode(sign({}, secret, { alg: 'HS512' }), 'ERR_KEY');
  });
});

describe('the validate guard must return the payload', () => {
  it.each([
    [
      'an async guard that throws',
      async () => {
        throw new Error('revoked');
      },
    ],
    ['a guard returning false', () => false],
    ['a guard returning undefined', () => undefined],
    ['an async guard resolving to null', async () => null],
  ])('%s is ERR_JWT_CLAIM', async (_name, validate) => {
    const token = await sign({ role: 'user' }, secret);
    const error = await expectCode(verify(token, secret, { validate: anything(validate) }), 'ERR_JWT_CLAIM');
    expect(error).toMatchObject({ claim: 'payload' });
  });

  it('an async guard returns the payload typed', async () => {
    const token = await sign({ role: 'admin' }, secret);
    const { payload } = await verify(token, secret, {
      validate: async (claims) => {
        if (claims.role !== 'admin') throw new Error('not an admin');
        return { role: 'admin' as const };
      },
    });
    expect(payload.role).toBe('admin');
  });
});

describe('options are read once', () => {
  it('an option getter cannot pass the checks and then switch the check off', async () => {
    const token = await sign({ aud: 'other' }, secret);
    let reads = 0;
    const options = {
      get audience() {
        reads++;
        return reads === 1 ? 'api' : undefined;
      },
    };
    await expectCode(verify(token, secret, options), 'ERR_JWT_CLAIM');
  });

  it('a bad duration is refused before the token is looked at', async () => {
    const token = await sign({}, secret, { expiresIn: 60, now: 1_000 });
    const tampered = `${token.slice(0, -4)}AAAA`;
    // @ts-expect-error a duration without a valid unit does not compile
    await expectCode(verify(tampered, secret, { maxAge: '120' }), 'ERR_INVALID_ARGUMENT');
    // @ts-expect-error a duration without a valid unit does not compile
    await expectCode(verify(token, secret, { clockTolerance: '120' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(sign({}, secret, { expiresIn: 1e13 }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('fractional times are compared exactly', () => {
  it('exp 1000.5 has passed at 1000.9; iat 1000.5 is not in the future at 1000.9', async () => {
    const expired = await signJws('{"exp":1000.5}', secret);
    await expectCode(verify(expired, secret, { now: new Date(1_000_900) }), 'ERR_JWT_EXPIRED');
    const fresh = await signJws('{"iat":1000.5,"exp":2000}', secret);
    expect((await verify(fresh, secret, { now: new Date(1_000_900) })).payload.iat).toBe(1000.5);
  });
});

describe('what is signed is what was checked', () => {
  it('an aud array with its own toJSON is signed as the array', async () => {
    const aud = Object.assign(['api'], { toJSON: () => 5 });
    expect(decode(await sign({ aud }, secret)).payload.aud).toEqual(['api']);
  });

  it.each(['kid', 'typ', 'cty'])('header %s must be a string', async (name) => {
    await expectCode(sign({}, secret, { header: { [name]: 5 } }), 'ERR_INVALID_ARGUMENT');
    await expectCode(signJws('x', secret, { header: { [name]: 5 } }), 'ERR_INVALID_ARGUMENT');
  });

  it('detachedPayload must be a string or a Uint8Array', async () => {
    const token = await signJws('', secret);
    const detached = token.replace(/\.[^.]*\./, '..');
    for (const value of [new TextEncoder().encode('x').buffer, new DataView(new ArrayBuffer(1)), 1, new Int8Array(1)]) {
      await expectCode(verifyJws(detached, secret, { detachedPayload: anything(value) }), 'ERR_INVALID_ARGUMENT');
    }
  });
});
