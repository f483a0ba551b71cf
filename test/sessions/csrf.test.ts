import { describe, expect, it } from 'vitest';
import { clearRefreshCookie, crossSiteRefusal, refreshCookie } from '../../src/sessions/index.js';
import { expectCode } from '../helpers.js';

/** What a browser on https://app.example sends to its own API, as Node's req.headers. */
const sameOrigin = { host: 'app.example', origin: 'https://app.example', 'sec-fetch-site': 'same-origin' };

describe('crossSiteRefusal (refresh and logout endpoints)', () => {
  it('lets same-origin browser requests and requests without browser headers through', () => {
    expect(crossSiteRefusal(sameOrigin)).toBeUndefined();
    expect(crossSiteRefusal({ ...sameOrigin, 'content-type': 'application/json; charset=utf-8', 'content-length': '2' })).toBeUndefined();
    expect(crossSiteRefusal({ host: 'app.example' })).toBeUndefined(); // curl, a server, a mobile app: no ambient cookie to forge
    expect(crossSiteRefusal(new Headers({ host: 'app.example', origin: 'https://app.example' }))).toBeUndefined();
    expect(crossSiteRefusal({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080', 'x-forwarded-proto': 'http' })).toBeUndefined();
    expect(crossSiteRefusal({ origin: 'https://app.example' }, { origins: ['https://app.example'] })).toBeUndefined();
    expect(crossSiteRefusal({ 'sec-fetch-site': 'none' })).toBeUndefined(); // the user's own navigation
  });

  it('refuses another site, a sibling subdomain (same site, so SameSite lets the cookie through) and another origin', () => {
    expect(crossSiteRefusal({ ...sameOrigin, 'sec-fetch-site': 'cross-site' })).toBeDefined();
    expect(crossSiteRefusal({ ...sameOrigin, 'sec-fetch-site': 'same-site', origin: 'https://evil.app.example' })).toBeDefined();
    // A browser without Sec-Fetch-Site: the Origin header decides.
    expect(crossSiteRefusal({ host: 'app.example', origin: 'https://evil.app.example' })).toBeDefined();
    expect(crossSiteRefusal({ host: 'app.example', origin: 'http://app.example' })).toBeDefined(); // another scheme is another origin
    expect(crossSiteRefusal({ host: 'app.example', origin: 'null' })).toBeDefined(); // sandboxed frames, data: URLs
    expect(crossSiteRefusal({ origin: 'https://app.example' })).toBeDefined(); // no Host to compare with, no origins given
  });

  it('refuses bodies that are not JSON: the ones a form or a no-preflight fetch can send', () => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      expect(crossSiteRefusal({ ...sameOrigin, 'content-type': type, 'content-length': '5' })).toBeDefined();
    }
    expect(crossSiteRefusal({ ...sameOrigin, 'content-length': '5' })).toBeDefined(); // a body without a type
    expect(crossSiteRefusal({ ...sameOrigin, 'transfer-encoding': 'chunked' })).toBeDefined();
  });

  it('rejects bad arguments with ERR_INVALID_ARGUMENT', async () => {
    await expectCode(() => crossSiteRefusal(null as never), 'ERR_INVALID_ARGUMENT');
    await expectCode(() => crossSiteRefusal({}, { origins: 'https://app.example' as never }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('cookie prefixes', () => {
  it('refuses a __Host- cookie that browsers would drop (a Path other than / or a Domain)', async () => {
    expect(refreshCookie('t', { path: '/', name: '__Host-refresh' })).toMatch(/^__Host-refresh=t; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    await expectCode(() => refreshCookie('t', { path: '/auth', name: '__Host-refresh' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(() => clearRefreshCookie({ path: '/', domain: 'example.com', name: '__Host-refresh' }), 'ERR_INVALID_ARGUMENT');
  });
});
