import { describe, expect, expectTypeOf, it } from 'vitest';
import { type Duration, createRemoteJwks, sign, toSeconds, verify } from '../../src/index.js';
import { createSessions, refreshCookie } from '../../src/sessions/index.js';
import { expectCode } from '../helpers.js';

/** Unit traps: durations are typed, `'ms'` is a unit, and a millisecond count passed as seconds is refused where it would be absurd. */

const secret = new Uint8Array(32).fill(7);
const NOW = 1_700_000_000;
const URL = 'https://login.example/jwks';

describe('duration types', () => {
  it('a string needs a unit the parser knows, at compile time', () => {
    expectTypeOf<'5m'>().toExtend<Duration>();
    expectTypeOf<'5 minutes'>().toExtend<Duration>();
    expectTypeOf<'1.5h'>().toExtend<Duration>();
    expectTypeOf<'500ms'>().toExtend<Duration>();
    expectTypeOf<'10 Seconds'>().toExtend<Duration>();
    expectTypeOf<300>().toExtend<Duration>();
    expectTypeOf<'5 mintues'>().not.toExtend<Duration>();
    expectTypeOf<'120'>().not.toExtend<Duration>();
    expectTypeOf<'5mo'>().not.toExtend<Duration>();
    // @ts-expect-error a misspelt unit does not compile
    const misspelt: Duration = '5 mintues';
    // @ts-expect-error a unit-less string does not compile (is it seconds or milliseconds?)
    const unitless: Duration = '120';
    expect([misspelt, unitless]).toHaveLength(2);
  });
});

describe("'ms' is a unit", () => {
  it.each<[Duration, number]>([
    ['500ms', 0.5],
    ['1500 ms', 1.5],
    ['2000msec', 2],
    ['250 milliseconds', 0.25],
    ['1 millisecond', 0.001],
  ])('%s', (text, seconds) => {
    expect(toSeconds(text, 'x')).toBe(Math.floor(seconds));
  });

  it('a remote JWK set timeout in milliseconds, written as such, is taken', () => {
    expect(() => createRemoteJwks(URL, { timeout: '500ms' })).not.toThrow();
    expect(() => createRemoteJwks(URL, { timeout: '5000ms' })).not.toThrow();
  });

  it('a token lifetime in ms rounds down to whole seconds', async () => {
    const token = await sign({}, secret, { expiresIn: '90000ms', now: NOW });
    const { payload } = await verify(token, secret, { now: NOW });
    expect(payload.exp).toBe(NOW + 90);
  });
});

describe('a millisecond count passed as seconds is refused', () => {
  it.each<[string, object]>([
    ['timeout: 5000 (jose timeoutDuration)', { timeout: 5000 }],
    ['cacheMaxAge: 600000 (jose default)', { cacheMaxAge: 600_000 }],
    ['cooldown: 30000 (jose default)', { cooldown: 30_000 }],
    ['staleIfError: 3600000', { staleIfError: 3_600_000 }],
    ['timeout: "2m"', { timeout: '2m' }],
  ])('createRemoteJwks %s', async (_, options) => {
    const error = await expectCode(() => createRemoteJwks(URL, options), 'ERR_INVALID_ARGUMENT');
    if (!('timeout' in options && typeof options.timeout === 'string')) expect(error.message).toContain('numbers are seconds');
  });

  it('createRemoteJwks: the largest sensible values still pass', () => {
    expect(() => createRemoteJwks(URL, { timeout: 60, cacheMaxAge: '1d', cooldown: '1h', staleIfError: '7d' })).not.toThrow();
  });

  it('verify: clockTolerance over 5 minutes (fast-jwt takes milliseconds)', async () => {
    const token = await sign({}, secret, { expiresIn: 60, now: NOW });
    await expectCode(verify(token, secret, { now: NOW, clockTolerance: 1000 }), 'ERR_INVALID_ARGUMENT');
    await expect(verify(token, secret, { now: NOW + 300, clockTolerance: '5m' })).resolves.toBeDefined();
  });

  it('createSessions: accessTtl over a day, refreshTtl over 400 days', async () => {
    const loadClaims = () => ({});
    await expectCode(() => createSessions({ key: secret, loadClaims, accessTtl: 300_000 }), 'ERR_INVALID_ARGUMENT');
    await expectCode(() => createSessions({ key: secret, loadClaims, refreshTtl: 86_400_000 }), 'ERR_INVALID_ARGUMENT');
    expect(() => createSessions({ key: secret, loadClaims, accessTtl: '1d', refreshTtl: '400d' })).not.toThrow();
  });

  it('refreshCookie: maxAge over 400 days', async () => {
    await expectCode(() => refreshCookie('t', { path: '/auth', maxAge: 86_400_000 }), 'ERR_INVALID_ARGUMENT');
    expect(refreshCookie('t', { path: '/auth', maxAge: '400d' })).toContain('Max-Age=34560000');
  });

  it('toSeconds takes the bound for apps reading their own config', async () => {
    expect(toSeconds(60, 'timeout', '1m')).toBe(60);
    await expectCode(() => toSeconds(61, 'timeout', '1m'), 'ERR_INVALID_ARGUMENT');
  });
});
