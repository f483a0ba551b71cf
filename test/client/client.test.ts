import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuthApp } from '../../examples/auth-server/app.js';
import { hashPassword } from '../../examples/auth-server/users.js';
import { type AuthClient, type AuthClientOptions, createAuthClient } from '../../src/client/index.js';
import { memoryStore } from '../../src/sessions/index.js';
import { expectCode } from '../helpers.js';
import { SECRET } from '../sessions/setup.js';

/**
 * jwtkit/client in Node against the example's auth app (a real HTTP server on 127.0.0.1, memory
 * store). A "browser" here is a cookie jar around Node's fetch, shared by its "tabs" (clients with
 * the same channel name: Node's BroadcastChannel delivers between them as a browser's does between
 * tabs). Web Locks are absent from Node 20; the tests that need them install a small exclusive lock
 * manager as navigator.locks. The same flows in real Chromium: test/e2e/browser.test.ts.
 */

const PASSWORD = 'correct horse battery staple';
let base: string;
let close: () => void;
const store = memoryStore();

beforeAll(async () => {
  const users = new Map([['alice', { role: 'editor', password: await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 }) }]]);
  const app = createAuthApp({ users, instance: 'test', sessions: { key: SECRET, audience: 'api', store, accessTtl: '5m' } });
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close?.());

/** A browser: one cookie jar for its tabs, and the list of requests they sent. */
function browser() {
  let cookie = '';
  const sent: string[] = [];
  const fetchWithCookies = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
    const headers = new Headers(request.headers);
    if (cookie !== '') headers.set('cookie', cookie);
    const response = await fetch(new Request(request, { headers }));
    for (const value of response.headers.getSetCookie()) {
      const pair = value.split(';')[0]!;
      cookie = pair.endsWith('=') ? '' : pair;
    }
    return response;
  };
  let tabs = 0;
  const opened: AuthClient[] = [];
  const name = `test-${Math.random()}`;
  return {
    sent,
    opened,
    tab(options: Partial<AuthClientOptions> = {}): AuthClient {
      tabs++;
      const client = createAuthClient({ refreshUrl: `${base}/api/refresh`, logoutUrl: `${base}/api/logout`, name, fetch: fetchWithCookies, ...options });
      opened.push(client);
      return client;
    },
    /** Logs in as a page does: POST the form, hand the answer to the client. */
    async login(client: AuthClient) {
      const response = await fetchWithCookies(`${base}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: PASSWORD }),
      });
      expect(response.status).toBe(200);
      client.signIn((await response.json()) as { accessToken: string; expiresIn: number });
    },
    get tabs() {
      return tabs;
    },
  };
}

/** An exclusive Web Lock manager, as browsers have (navigator.locks.request, with ifAvailable). */
function installLocks(): void {
  const queues = new Map<string, { tail: Promise<unknown>; waiting: number }>();
  const locks = {
    request<T>(name: string, ...args: [(lock: unknown) => Promise<T>] | [{ ifAvailable: true }, (lock: unknown) => Promise<T>]): Promise<T> {
      const callback = args.length === 1 ? args[0] : args[1];
      const queue = queues.get(name) ?? { tail: Promise.resolve(), waiting: 0 };
      queues.set(name, queue);
      if (args.length === 2 && queue.waiting > 0) return callback(null);
      queue.waiting++;
      const run = queue.tail.then(() => callback({ name })).finally(() => queue.waiting--);
      queue.tail = run.catch(() => undefined);
      return run;
    },
  };
  Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true, writable: true });
}

const browsers: ReturnType<typeof browser>[] = [];
const newBrowser = () => {
  const created = browser();
  browsers.push(created);
  return created;
};
afterEach(() => {
  for (const { opened } of browsers.splice(0)) for (const client of opened) client.close();
  delete (globalThis as { navigator?: unknown }).navigator;
});

/** Waits until `condition` holds (messages between tabs arrive on a later turn of the event loop). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('jwtkit/client', () => {
  it('fetch attaches the access token of the login', async () => {
    const chrome = newBrowser();
    const tab = chrome.tab();
    await chrome.login(tab);
    const response = await tab.fetch(`${base}/api/me`);
    expect(await response.json()).toEqual({ sub: 'alice', role: 'editor' });
    expect(chrome.sent).toEqual(['POST /api/login', 'GET /api/me']);
  });

  it('a new tab signs in by refreshing with the cookie; without a session it stays signed out', async () => {
    const chrome = newBrowser();
    await chrome.login(chrome.tab());
    const second = chrome.tab();
    expect(second.signedIn).toBe(false);
    expect((await second.fetch(`${base}/api/me`)).status).toBe(200);
    expect(chrome.sent.slice(-2)).toEqual(['POST /api/refresh', 'GET /api/me']);
    expect(second.signedIn).toBe(true);

    const stranger = newBrowser().tab();
    expect(await stranger.refresh()).toBe(false);
    expect((await stranger.fetch(`${base}/api/me`)).status).toBe(401);
    expect(stranger.signedIn).toBe(false);
  });

  it('after a 401 it refreshes and retries once, body included', async () => {
    const chrome = newBrowser();
    const tab = chrome.tab();
    await chrome.login(tab);
    tab.signIn({ accessToken: 'not.a.token', expiresIn: 300 }); // as if the server stopped accepting it
    const response = await tab.fetch(`${base}/api/me`, { method: 'GET' });
    expect(response.status).toBe(200);
    expect(chrome.sent.slice(-3)).toEqual(['GET /api/me', 'POST /api/refresh', 'GET /api/me']);
  });

  it('a 401 that a new token does not cure is returned after one retry, not looped on', async () => {
    const sent: string[] = [];
    const tab = createAuthClient({
      refreshUrl: `${base}/api/refresh`,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        sent.push(`${request.method} ${new URL(request.url).pathname}`);
        if (request.url.endsWith('/refresh')) return Response.json({ accessToken: `t${sent.length}`, expiresIn: 300 });
        return new Response(null, { status: 401 });
      },
    });
    tab.signIn({ accessToken: 't0', expiresIn: 300 });
    expect((await tab.fetch(`${base}/api/me`, { method: 'POST', body: 'kept' })).status).toBe(401);
    expect(sent).toEqual(['POST /api/me', 'POST /api/refresh', 'POST /api/me']);
    tab.close();
  });

  it('two tabs refreshing at once with Web Locks: one refresh request, both get its token', async () => {
    installLocks();
    const chrome = newBrowser();
    const [a, b] = [chrome.tab(), chrome.tab()];
    await chrome.login(a);
    await until(() => b.signedIn);
    const before = chrome.sent.length;
    expect(await Promise.all([a.refresh(), b.refresh()])).toEqual([true, true]);
    expect(chrome.sent.slice(before)).toEqual(['POST /api/refresh']);
    const [meA, meB] = await Promise.all([a.fetch(`${base}/api/me`), b.fetch(`${base}/api/me`)]);
    expect([meA.status, meB.status]).toEqual([200, 200]);
  });

  it('two tabs refreshing at once without Web Locks: two requests, and the grace window keeps both signed in on one chain', async () => {
    const chrome = newBrowser();
    const [a, b] = [chrome.tab(), chrome.tab()];
    await chrome.login(a);
    const sessionsBefore = store.size;
    expect(await Promise.all([a.refresh(), b.refresh()])).toEqual([true, true]);
    expect(chrome.sent.filter((line) => line === 'POST /api/refresh')).toHaveLength(2);
    expect(store.size).toBe(sessionsBefore); // one chain: no second live token
    expect((await b.fetch(`${base}/api/me`)).status).toBe(200);
    expect(await a.refresh()).toBe(true);
  });

  it('logout in one tab signs out the others', async () => {
    const chrome = newBrowser();
    const [a, b] = [chrome.tab(), chrome.tab()];
    const seen: boolean[] = [];
    b.subscribe((signedIn) => seen.push(signedIn));
    await chrome.login(a);
    await until(() => b.signedIn);
    await a.logout();
    await until(() => !b.signedIn);
    expect(seen).toEqual([true, false]);
    expect(chrome.sent).toContain('POST /api/logout');
    expect(await b.refresh()).toBe(false); // the cookie is gone too
  });

  it('a refresh the server refuses (session ended) signs every tab out', async () => {
    const chrome = newBrowser();
    const [a, b] = [chrome.tab(), chrome.tab()];
    await chrome.login(a);
    await until(() => b.signedIn);
    await store.revokeSubject('alice');
    expect(await a.refresh()).toBe(false);
    await until(() => !b.signedIn);
  });

  it('refreshes by itself ahead of expiry', async () => {
    const chrome = newBrowser();
    const tab = chrome.tab();
    await chrome.login(tab);
    tab.signIn({ accessToken: 'short.lived.token', expiresIn: 0.4 }); // due in 0.3 s
    await until(() => chrome.sent.includes('POST /api/refresh'));
    expect((await tab.fetch(`${base}/api/me`)).status).toBe(200);
  });

  it('never sends the access token to another origin', async () => {
    const seen: (string | null)[] = [];
    const tab = createAuthClient({
      refreshUrl: `${base}/api/refresh`,
      fetch: async (input, init) => {
        seen.push(new Request(input, init).headers.get('authorization'));
        return new Response(null, { status: 204 });
      },
    });
    tab.signIn({ accessToken: 'secret.access.token', expiresIn: 300 });
    await tab.fetch('https://elsewhere.example/collect');
    await tab.fetch(`${base}/api/me`);
    expect(seen).toEqual([null, 'Bearer secret.access.token']);
    tab.close();
  });

  it('rejects bad options and token responses with ERR_INVALID_ARGUMENT', async () => {
    for (const options of [
      undefined,
      {},
      { refreshUrl: '' },
      { refreshUrl: 'http://x/', refreshAhead: -1 },
      { refreshUrl: 'http://x/', origins: [] },
      { refreshUrl: 'http://x/', refreshURL: 'http://x/' },
    ]) {
      await expectCode(() => createAuthClient(options as unknown as AuthClientOptions), 'ERR_INVALID_ARGUMENT');
    }
    const tab = createAuthClient({ refreshUrl: 'http://127.0.0.1:1/refresh' });
    for (const tokens of [null, {}, { accessToken: 'x', expiresIn: 0 }, { accessToken: '', expiresIn: 5 }]) {
      await expectCode(() => tab.signIn(tokens as never), 'ERR_INVALID_ARGUMENT');
    }
    tab.close();
  });
});
