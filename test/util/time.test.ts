import { describe, expect, it } from 'vitest';
import { decode, sign, verify } from '../../src/index.js';
import { type Duration, epochSeconds, toSeconds } from '../../src/util/time.js';
import { expectCode } from '../helpers.js';

const secret = new Uint8Array(32).fill(7);
const NOW = 1_700_000_000;

describe('toSeconds', () => {
  it('takes a number as whole seconds (rounded down)', () => {
    expect(toSeconds(0, 'x')).toBe(0);
    expect(toSeconds(120, 'x')).toBe(120);
    expect(toSeconds(1.9, 'x')).toBe(1);
    expect(toSeconds(86_400 * 365, 'x')).toBe(31_536_000);
  });

  it.each<[string, number]>([
    ['30s', 30],
    ['5m', 300],
    ['24h', 86_400],
    ['7d', 604_800],
    ['2w', 1_209_600],
    ['1y', 31_557_600],
    ['1.5h', 5_400],
    ['0.5m', 30],
    ['0s', 0],
    ['1.9s', 1],
  ])('parses %s as %i seconds', (text, seconds) => {
    expect(toSeconds(text as Duration, 'x')).toBe(seconds);
  });

  it.each<[string, number]>([
    ['5 minutes', 300],
    ['1 minute', 60],
    ['10 seconds', 10],
    ['10sec', 10],
    ['10secs', 10],
    ['2 mins', 120],
    ['3 hours', 10_800],
    ['1 hr', 3_600],
    ['2hrs', 7_200],
    ['1 day', 86_400],
    ['2 days', 172_800],
    ['1 week', 604_800],
    ['3 weeks', 1_814_400],
    ['1 year', 31_557_600],
    ['2 years', 63_115_200],
    ['1yr', 31_557_600],
    ['2 yrs', 63_115_200],
  ])('parses the long form %s as %i seconds', (text, seconds) => {
    expect(toSeconds(text as Duration, 'x')).toBe(seconds);
  });

  it.each<[string, number]>([
    ['30S', 30],
    ['5M', 300],
    ['24H', 86_400],
    ['7D', 604_800],
    ['2W', 1_209_600],
    ['1Y', 31_557_600],
    ['5 Minutes', 300],
    ['1 HOUR', 3_600],
  ])('accepts the uppercase unit in %s', (text, seconds) => {
    expect(toSeconds(text as Duration, 'x')).toBe(seconds);
  });

  it.each<string>([
    '120', // no unit: jsonwebtoken would read this as milliseconds
    '0',
    '',
    ' ',
    '5x',
    '5 lightyears',
    '-5m',
    '+5m',
    '5m ago',
    ' 5m',
    '5m ',
    '5  m',
    '.5h',
    '5.h',
    '1e3s',
    '1_000s',
    'm',
    'five minutes',
    'Infinity',
    'NaN',
    '5mo',
  ])('rejects the string %j with ERR_INVALID_ARGUMENT', async (text) => {
    await expectCode(() => toSeconds(text as Duration, 'x'), 'ERR_INVALID_ARGUMENT');
  });

  it.each<string>(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'])(
    'rejects a number followed by an Object.prototype name (%s) as a unit',
    async (name) => {
      // Units must come from the unit table itself, not from what every object inherits.
      await expectCode(() => toSeconds(`5${name}` as Duration, 'x'), 'ERR_INVALID_ARGUMENT');
    },
  );

  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['-1', -1],
    ['-0.5', -0.5],
  ])('rejects the number %s with ERR_INVALID_ARGUMENT', async (_label, value) => {
    await expectCode(() => toSeconds(value as number, 'x'), 'ERR_INVALID_ARGUMENT');
  });

  it.each<[string, unknown]>([
    ['an object', {}],
    ['an array', [5]],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
    ['a bigint', 5n],
    ['a Date', new Date()],
    ['a boxed string', Object('5m')],
  ])('rejects %s with ERR_INVALID_ARGUMENT', async (_label, value) => {
    await expectCode(() => toSeconds(value as Duration, 'x'), 'ERR_INVALID_ARGUMENT');
  });
});

describe('epochSeconds', () => {
  it('converts a Date to seconds, keeping the fraction (claims may be fractional)', () => {
    expect(epochSeconds(new Date(NOW * 1000))).toBe(NOW);
    expect(epochSeconds(new Date(NOW * 1000 + 500))).toBe(NOW + 0.5);
    expect(epochSeconds(new Date(0))).toBe(0);
  });

  it('takes a number as seconds since the epoch, as it is', () => {
    expect(epochSeconds(NOW)).toBe(NOW);
    expect(epochSeconds(NOW + 0.75)).toBe(NOW + 0.75);
    expect(epochSeconds(0)).toBe(0);
  });

  it('defaults to the current time', () => {
    const before = Date.now() / 1000;
    const now = epochSeconds();
    const after = Date.now() / 1000;
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });

  it('rejects an invalid Date and non-finite numbers with ERR_INVALID_ARGUMENT', async () => {
    await expectCode(() => epochSeconds(new Date('not a date')), 'ERR_INVALID_ARGUMENT');
    await expectCode(() => epochSeconds(Number.NaN), 'ERR_INVALID_ARGUMENT');
    await expectCode(() => epochSeconds(Number.POSITIVE_INFINITY), 'ERR_INVALID_ARGUMENT');
  });
});

describe('durations through the public API', () => {
  it("rejects expiresIn: '120' (jsonwebtoken's milliseconds trap) with ERR_INVALID_ARGUMENT", async () => {
    // @ts-expect-error a duration without a valid unit does not compile
    await expectCode(sign({}, secret, { expiresIn: '120' }), 'ERR_INVALID_ARGUMENT');
  });

  it('rejects a unit-less or unknown-unit notBefore with ERR_INVALID_ARGUMENT', async () => {
    // @ts-expect-error a duration without a valid unit does not compile
    await expectCode(sign({}, secret, { notBefore: '60' }), 'ERR_INVALID_ARGUMENT');
    // @ts-expect-error a duration without a valid unit does not compile
    await expectCode(sign({}, secret, { notBefore: '1fortnight' }), 'ERR_INVALID_ARGUMENT');
  });

  it('reads expiresIn: 120 as seconds: exp = iat + 120', async () => {
    const token = await sign({}, secret, { expiresIn: 120, now: NOW });
    const { payload } = decode(token);
    expect(payload.iat).toBe(NOW);
    expect(payload.exp).toBe(NOW + 120);
  });

  it("reads expiresIn: '2h' and notBefore: '5m' relative to now", async () => {
    const token = await sign({}, secret, { expiresIn: '2h', notBefore: '5m', now: new Date(NOW * 1000) });
    const { payload } = decode(token);
    expect(payload.exp).toBe(NOW + 7_200);
    expect(payload.nbf).toBe(NOW + 300);
  });

  it('rejects an invalid clockTolerance or maxAge on verify with ERR_INVALID_ARGUMENT', async () => {
    const token = await sign({}, secret, { expiresIn: 60, now: NOW });
    // @ts-expect-error a duration without a valid unit does not compile
    await expectCode(verify(token, secret, { now: NOW, clockTolerance: '5' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(verify(token, secret, { now: NOW, clockTolerance: -1 }), 'ERR_INVALID_ARGUMENT');
    // @ts-expect-error a duration without a valid unit does not compile
    await expectCode(verify(token, secret, { now: NOW, maxAge: '300' }), 'ERR_INVALID_ARGUMENT');
  });

  it('does not let an Object.prototype name as a unit disable the expiry check', async () => {
    const token = await sign({}, secret, { expiresIn: 60, now: NOW });
    // An hour after expiry: must never verify, whatever the (invalid) tolerance says.
    // @ts-expect-error a duration without a valid unit does not compile
    await expectCode(verify(token, secret, { now: NOW + 3_600, clockTolerance: '1constructor' }), 'ERR_INVALID_ARGUMENT');
    // Likewise maxAge: a week-old token must not pass a maxAge that is not a duration.
    const old = await sign({}, secret, { now: NOW });
    // @ts-expect-error a duration without a valid unit does not compile
    await expectCode(verify(old, secret, { now: NOW + 604_800, maxAge: '1constructor' }), 'ERR_INVALID_ARGUMENT');
    // @ts-expect-error a duration without a valid unit does not compile
    await expectCode(sign({}, secret, { expiresIn: '5constructor' }), 'ERR_INVALID_ARGUMENT');
  });

  it('rejects an invalid now with ERR_INVALID_ARGUMENT', async () => {
    await expectCode(sign({}, secret, { now: new Date(Number.NaN) }), 'ERR_INVALID_ARGUMENT');
    const token = await sign({}, secret, { now: NOW });
    await expectCode(verify(token, secret, { now: Number.NaN }), 'ERR_INVALID_ARGUMENT');
  });
});
