import { describe, expect, it } from 'vitest';
import { claimTimes, describeTime, span } from '../../src/cli/times.js';

/** The words decode and verify print for claim times. */
describe('claim times in words', () => {
  it('spans in their two largest units, never skipping a unit between them', () => {
    expect(span(250)).toBe('4m 10s');
    expect(span(7200)).toBe('2h');
    expect(span(7205)).toBe('2h');
    expect(span(90061)).toBe('1d 1h');
    expect(span(0)).toBe('0s');
  });

  it('expires in / expired ago, valid since / not valid yet, issued ago', () => {
    const now = 1_800_000_000;
    expect(describeTime('exp', now + 250, now)).toBe('expires in 4m 10s');
    expect(describeTime('exp', now - 7200, now)).toBe('expired 2h ago');
    expect(describeTime('nbf', now + 60, now)).toBe('not valid yet: valid in 1m');
    expect(describeTime('iat', now - 5, now)).toBe('issued 5s ago');
  });

  it('shows number claims as ISO dates and leaves out claims that are not dates', () => {
    expect(claimTimes({ exp: 1_800_000_300, iat: 'yesterday', nbf: 1e300 }, 1_800_000_000)).toEqual({
      exp: { date: '2027-01-15T08:05:00.000Z', relative: 'expires in 5m' },
    });
  });
});
