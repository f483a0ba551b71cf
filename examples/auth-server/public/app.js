/* global document, fetch, FormData -- a browser page */
// The access token lives in this module's memory only (never localStorage); the refresh token is
// an HttpOnly cookie the browser sends to /api by itself. One refresh at a time: concurrent callers
// share the one in flight, since a second refresh with the same token would count as reuse.
let accessToken = null;
let refreshing = null;
const out = document.getElementById('out');
const show = (label, status, body) => (out.textContent = `${label}: ${status}\n${JSON.stringify(body, null, 2)}`);

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function refresh() {
  refreshing ??= call('POST', '/api/refresh').then((result) => {
    accessToken = result.status === 200 ? result.body.accessToken : null;
    return result;
  }).finally(() => (refreshing = null));
  return refreshing;
}

document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const result = await call('POST', '/api/login', { username: form.get('username'), password: form.get('password') });
  accessToken = result.status === 200 ? result.body.accessToken : null;
  show('login', result.status, result.body);
});

document.getElementById('me').addEventListener('click', async () => {
  let result = await call('GET', '/api/me');
  if (result.status === 401 && accessToken) {
    // The access token expired: get the next one, then ask again.
    if ((await refresh()).status === 200) result = await call('GET', '/api/me');
  }
  show('me', result.status, result.body);
});

document.getElementById('refresh').addEventListener('click', async () => {
  const result = await refresh();
  show('refresh', result.status, result.body);
});

document.getElementById('logout').addEventListener('click', async () => {
  const result = await call('POST', '/api/logout');
  accessToken = null;
  show('logout', result.status, result.body);
});
