import { describe, expect, it } from 'vitest';
import { parseBearer } from '../../src/sessions/index.js';
import { expectCode } from '../helpers.js';

describe('parseBearer (RFC 6750 §2.1)', () => {
  it('returns the token; the scheme is case-insensitive', () => {
    expect(parseBearer('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(parseBearer('bearer abc')).toBe('abc');
    expect(parseBearer('BEARER abc')).toBe('abc');
  });

  it('takes every b64token character, trailing = padding, and more than one space', () => {
    expect(parseBearer('Bearer AZaz09-._~+/==')).toBe('AZaz09-._~+/==');
    expect(parseBearer('Bearer   abc')).toBe('abc');
    expect(parseBearer('  Bearer abc\t')).toBe('abc');
  });

  it('is null when there is no bearer credential', () => {
    for (const header of [undefined, null, '', '   ', 'Basic dXNlcjpwYXNz', 'Bearerabc', 'Token abc']) {
      expect(parseBearer(header)).toBeNull();
    }
  });

  it('refuses a Bearer header that is not exactly one token (ERR_BEARER_MALFORMED)', async () => {
    const malformed = [
      'Bearer',
      'Bearer ',
      'Bearer a b',
      'Bearer a,b',
      'Bearer a, Bearer b',
      'Bearer "abc"',
      'Bearer a=b',
      'Bearer\tabc',
      'Bearer abc\u00e9',
      'Bearer abc;',
      'Bearer token=abc',
      // Anchored at the scheme: whatever precedes the last token must be exactly "Bearer" and spaces.
      'Bearer\tAAA BBB',
      'Bearer\tabc,Basic dXNlcjpwYXNz',
      'Bearer\tx y',
      'Bearer,abc def',
      'Bearer=x y',
      'Bearer abc, Basic dXNlcjpwYXNz',
    ];
    for (const header of malformed) await expectCode(() => parseBearer(header), 'ERR_BEARER_MALFORMED');
  });

  it('refuses any value over 8 KiB with ERR_BEARER_MALFORMED, whatever its scheme; 8 KiB itself is read', async () => {
    const token = 'a'.repeat(8192 - 'Bearer '.length);
    expect(parseBearer(`Bearer ${token}`)).toBe(token);
    for (const header of [`Bearer ${token}a`, `Basic ${'a'.repeat(8192)}`, ' '.repeat(8193), `${' '.repeat(8192)}Bearer abc`]) {
      await expectCode(() => parseBearer(header), 'ERR_BEARER_MALFORMED');
    }
  });

  it('trims long runs of spaces and tabs anywhere in the value (an index loop, no backtracking regex)', async () => {
    // A run that does not reach the end made the old trim regex retry at every position: quadratic time.
    const run = ' \t'.repeat(2000);
    expect(parseBearer(`${run}Bearer abc${run}`)).toBe('abc');
    expect(parseBearer(`Basic${run}x`)).toBeNull();
    expect(parseBearer(`${run}x`)).toBeNull();
    await expectCode(() => parseBearer(`Bearer${run}x`), 'ERR_BEARER_MALFORMED');
    await expectCode(() => parseBearer(`Bearer a${run}b`), 'ERR_BEARER_MALFORMED');
  });

  it('rejects a header that is not a string with ERR_INVALID_ARGUMENT', async () => {
    await expectCode(() => parseBearer(['Bearer a'] as unknown as string), 'ERR_INVALID_ARGUMENT');
  });
});
