/* global document, fetch, FormData -- a browser page, no bundler: /jwtkit-client.js is jwtkit/client as one ES module */
import { createAuthClient } from '/jwtkit-client.js';

// The access token lives in the client's memory only; the refresh token is the HttpOnly cookie,
// which the browser sends to /api by itself. The client refreshes ahead of expiry, shares one
// refresh between the tabs, and signs every tab out when one logs out or the session ends.
const auth = createAuthClient({ refreshUrl: '/api/refresh', logoutUrl: '/api/logout' });
const $ = (id) => document.getElementById(id);
const say = (text) => ($('message').textContent = text);

/** Asks the API who we are, through the client's fetch (the token attached, refreshed when due). */
async function whoAmI() {
  const response = await auth.fetch('/api/me');
  if (!response.ok) return say(`GET /api/me: ${response.status}`);
  const me = await response.json();
  $('who').textContent = me.sub;
  $('role').textContent = me.role;
  $('served-by').textContent = response.headers.get('x-served-by') ?? '?';
}

/** The login form or the account view; called at start and whenever any tab signs in or out. */
async function show(signedIn) {
  $('loading').hidden = true;
  $('login').hidden = signedIn;
  $('account').hidden = !signedIn;
  if (signedIn) await whoAmI();
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
  });
  const body = await response.json();
  if (!response.ok) {
    // 401 wrong name or password; 429 too many failures (Retry-After says how long); 503 busy.
    const wait = response.headers.get('retry-after');
    return say(`${body.error_description}${wait ? ` (retry in ${wait} s)` : ''}`);
  }
  event.target.reset();
  say('');
  auth.signIn(body); // every tab signs in; show() runs through subscribe
});

$('me').addEventListener('click', () => whoAmI());
$('refresh').addEventListener('click', async () => say((await auth.refresh()) ? 'refreshed' : 'the session is over'));
$('logout').addEventListener('click', () => auth.logout());

auth.subscribe((signedIn) => {
  if (!signedIn) say('signed out');
  return show(signedIn);
});
// A tab opened while the refresh cookie is live is signed in by it (subscribe shows the account);
// otherwise, the login form.
if (!(await auth.refresh().catch(() => false))) await show(false);
