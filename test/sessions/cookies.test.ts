import { describe, expect, it } from 'vitest';
import { REFRESH_COOKIE_NAME, clearRefreshCookie, readRefreshCookie, refreshCookie } from '../../src/sessions/index.js';
import { expectCode } from '../helpers.js';

/** The attributes of a Set-Cookie value, lower-cased names, for order-free assertions. */
function attributesOf(setCookie: string): Map<string, string> {
  return new Map(
    setCookie
      .split('; ')
      .slice(1)
      .map((part) => {
        const [name, value = ''] = part.split('=');
        return [name!.toLowerCase(), value] as const;
      }),
  );
}

describe('refresh cookie helpers', () => {
  it('build an HttpOnly; Secure; SameSite=Strict cookie scoped to the refresh path', () => {
    const cookie = refreshCookie('aaa.bbb.ccc', { path: '/auth', maxAge: 86400 });
    expect(cookie.startsWith(`${REFRESH_COOKIE_NAME}=aaa.bbb.ccc; `)).toBe(true);
    expect(REFRESH_COOKIE_NAME.startsWith('__Secure-')).toBe(true);
    const attributes = attributesOf(cookie);
    expect(Object.fromEntries(attributes)).toEqual({ path: '/auth', 'max-age': '86400', httponly: '', secure: '', samesite: 'Strict' });
  });

  it('take a duration for maxAge, a name and a domain; without maxAge the cookie ends with the browser', () => {
    expect(attributesOf(refreshCookie('t', { path: '/', maxAge: '1h' })).get('max-age')).toBe('3600');
    expect(attributesOf(refreshCookie('t', { path: '/' })).has('max-age')).toBe(false);
    const named = refreshCookie('t', { path: '/auth/refresh', name: 'rt', domain: 'example.com' });
    expect(named.startsWith('rt=t; ')).toBe(true);
    expect(attributesOf(named).get('domain')).toBe('example.com');
  });

  it('clear the cookie with the same name and path and Max-Age=0', () => {
    const cleared = clearRefreshCookie({ path: '/auth' });
    expect(cleared.startsWith(`${REFRESH_COOKIE_NAME}=; `)).toBe(true);
    expect(Object.fromEntries(attributesOf(cleared))).toMatchObject({ path: '/auth', 'max-age': '0', httponly: '', secure: '', samesite: 'Strict' });
  });

  it('read the token from a Cookie header', () => {
    const header = `theme=dark; ${REFRESH_COOKIE_NAME}=aaa.bbb.ccc; other=1`;
    expect(readRefreshCookie(header)).toBe('aaa.bbb.ccc');
    expect(readRefreshCookie('rt=x.y.z', { name: 'rt' })).toBe('x.y.z');
    expect(readRefreshCookie(`${REFRESH_COOKIE_NAME}=first; ${REFRESH_COOKIE_NAME}=second`)).toBe('first');
  });

  it('read null when the cookie is absent or empty', () => {
    for (const header of [undefined, null, '', 'theme=dark', `x${REFRESH_COOKIE_NAME}=a`, `${REFRESH_COOKIE_NAME}=`]) {
      expect(readRefreshCookie(header)).toBeNull();
    }
  });

  it('reject values that would break the header with ERR_INVALID_ARGUMENT', async () => {
    const bad: Array<() => unknown> = [
      () => refreshCookie('a;b', { path: '/' }),
      () => refreshCookie('', { path: '/' }),
      () => refreshCookie('t', { path: 'auth' }),
      () => refreshCookie('t', { path: '/a;Domain=evil.example' }),
      () => refreshCookie('t', { path: '/', name: 'a b' }),
      () => refreshCookie('t', { path: '/', domain: 'a;b' }),
      // @ts-expect-error a duration without a valid unit does not compile
      () => refreshCookie('t', { path: '/', maxAge: '10' }),
      () => refreshCookie('t', undefined as unknown as { path: string }),
      () => clearRefreshCookie({ path: '/\r\nX: y' }),
      () => readRefreshCookie(42 as unknown as string),
    ];
    for (const attempt of bad) await expectCode(attempt, 'ERR_INVALID_ARGUMENT');
  });
});
