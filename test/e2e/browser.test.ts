import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateExecutable } from '../../examples/auth-server/processes.js';
import { type Stack, startStack } from '../../examples/auth-server/stack.js';
import { REFRESH_COOKIE_NAME } from '../../src/sessions/index.js';
import { skipWithout } from '../services.js';
import { client } from './client.js';

/**
 * The example's page (examples/auth-server/public/, built on jwtkit/client) in real headless
 * Chromium (Debian's, driven by playwright-core; no browser is ever downloaded), through nginx to
 * both instances and Redis: the production layout of production.test.ts. Tabs are pages of one
 * browser context, which share the cookie jar, the Web Locks and the BroadcastChannel as a
 * browser's tabs do. Each test is its own user, so Redis holds only that test's sessions for it.
 */

const USERS = {
  alice: { password: 'alice password', role: 'editor' },
  bob: { password: 'bob password', role: 'viewer' },
  carol: { password: 'carol password', role: 'viewer' },
  dave: { password: 'dave password', role: 'viewer' },
  erin: { password: 'erin password', role: 'editor' },
};
const FAST_SCRYPT = { N: 2 ** 14, r: 8, p: 1 };
/** Access tokens live 4 s, so the client refreshes every 3 s by itself (a quarter of the life ahead). */
const ACCESS_TTL = 4;
/** The rotation grace window, short so a replay after it needs little waiting. */
const GRACE = 1;
const WAIT = { timeout: 10_000 };

const withoutPrograms = skipWithout('redis-server', 'nginx', 'chromium');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(withoutPrograms)('the example page in Chromium, through nginx', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ users: USERS, scrypt: FAST_SCRYPT, accessTtl: `${ACCESS_TTL}s`, rotationGrace: `${GRACE}s` }),
      chromium.launch({ executablePath: locateExecutable('chromium'), args: ['--headless', '--no-sandbox', '--disable-gpu'], timeout: 30_000 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await stack?.stop();
  });

  /** A new browser (its own cookies, locks and channel). */
  async function newBrowser(): Promise<BrowserContext> {
    const context = await browser.newContext();
    contexts.push(context);
    return context;
  }

  /** A tab on the page, once it shows the login form or the account (the start-up refresh is done). */
  async function openTab(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Console errors but the browser's own line for each non-2xx answer (the start-up refresh of a signed-out tab is a 401).
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });
    await page.goto(`${stack.url}/`);
    await page.locator('#login:visible, #account:visible').waitFor(WAIT);
    return page;
  }

  async function logIn(page: Page, name: keyof typeof USERS, password = USERS[name].password): Promise<void> {
    await page.fill('input[name=username]', name);
    await page.fill('input[name=password]', password);
    await page.click('#login button');
  }

  const signedIn = (page: Page) => page.locator('#account').waitFor({ state: 'visible', ...WAIT });
  const signedOut = (page: Page) => page.locator('#login').waitFor({ state: 'visible', ...WAIT });

  /** The refresh cookie the browser holds now ('' when none). */
  async function refreshCookie(context: BrowserContext): Promise<string> {
    return (await context.cookies(`${stack.url}/api/`)).find((cookie) => cookie.name === REFRESH_COOKIE_NAME)?.value ?? '';
  }

  /** The user's session families and live refresh tokens in Redis. */
  async function inRedis(name: string): Promise<{ families: number; tokens: number }> {
    const redis = createClient({ url: stack.redis.url });
    await redis.connect();
    try {
      const [families, tokens] = await Promise.all([redis.keys(`jwtkit:{${name}}:family:*`), redis.keys(`jwtkit:{${name}}:token:*`)]);
      return { families: families.length, tokens: tokens.length };
    } finally {
      await redis.close();
    }
  }

  it('logs in with the form and shows who is signed in (GET /api/me through the client); a wrong password says so', async () => {
    const page = await openTab(await newBrowser());
    await signedOut(page);
    await logIn(page, 'alice', 'not the password');
    await expect.poll(() => page.textContent('#message'), WAIT).toBe('wrong username or password');
    await logIn(page, 'alice');
    await signedIn(page);
    await expect.poll(() => page.textContent('#who'), WAIT).toBe('alice');
    expect(await page.textContent('#role')).toBe('editor');
    expect(await page.textContent('#served-by')).toMatch(/^app-[ab]$/);
    expect(await page.locator('input[name=password]').inputValue()).toBe(''); // the form is cleared
    expect(pageErrors).toEqual([]);
  });

  it('refreshes by itself before the access token expires, and keeps calling the API', async () => {
    const context = await newBrowser();
    const page = await openTab(context);
    await logIn(page, 'erin');
    await signedIn(page);
    const first = await refreshCookie(context);
    // No clicks: the client's timer rotates the refresh cookie (every 3 s here).
    await expect.poll(() => refreshCookie(context), WAIT).not.toBe(first);
    await sleep(ACCESS_TTL * 1000); // past the first access token's expiry
    await page.click('#me');
    await expect.poll(() => page.textContent('#who'), WAIT).toBe('erin');
    expect(await page.textContent('#message')).toBe('');
    expect(pageErrors).toEqual([]);
  });

  it('two tabs whose refreshes are forced at the same moment both stay signed in, on one chain in Redis', async () => {
    const context = await newBrowser();
    const [one, two] = [await openTab(context), await openTab(context)];
    await logIn(one, 'bob');
    await Promise.all([signedIn(one), signedIn(two)]); // the second tab signed in by the first
    for (let round = 0; round < 3; round++) {
      // Both refresh buttons pressed in one go (as two tabs waking from sleep): one refresh, one successor.
      await Promise.all([one, two].map((page) => page.evaluate(() => document.getElementById('refresh')!.click())));
      await expect.poll(() => Promise.all([one.textContent('#message'), two.textContent('#message')]), WAIT).toEqual(['refreshed', 'refreshed']);
      await Promise.all([one, two].map((page) => page.evaluate(() => (document.getElementById('message')!.textContent = ''))));
    }
    await Promise.all([signedIn(one), signedIn(two)]);
    expect(await inRedis('bob')).toEqual({ families: 1, tokens: 1 });
    for (const page of [one, two]) {
      await page.click('#me');
      await expect.poll(() => page.textContent('#who'), WAIT).toBe('bob');
    }
    expect(pageErrors).toEqual([]);
  });

  it('a refresh token replayed after the grace window ends the session in every tab', async () => {
    const context = await newBrowser();
    const one = await openTab(context);
    await logIn(one, 'carol');
    await signedIn(one);
    const stolen = await refreshCookie(context);
    expect(stolen).not.toBe('');
    const two = await openTab(context); // its start-up refresh spends the stolen token
    await signedIn(two);
    await expect.poll(() => refreshCookie(context), WAIT).not.toBe(stolen);
    await sleep((GRACE + 1) * 1000);

    const replay = await client(stack.url).refresh(stolen);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: 'ERR_SESSION_REVOKED' });
    expect(await inRedis('carol')).toEqual({ families: 0, tokens: 0 });

    // The tabs learn it at their next refresh (due within 3 s; pressed here): both sign out.
    await one.evaluate(() => document.getElementById('refresh')!.click());
    await Promise.all([signedOut(one), signedOut(two)]);
    expect(pageErrors).toEqual([]);
  });

  it('logout in one tab signs out the other, and ends the session on the server', async () => {
    const context = await newBrowser();
    const [one, two] = [await openTab(context), await openTab(context)];
    await logIn(two, 'dave');
    await Promise.all([signedIn(one), signedIn(two)]);
    const before = await refreshCookie(context);
    expect(before).not.toBe('');
    await one.click('#logout');
    await Promise.all([signedOut(one), signedOut(two)]);
    expect(await refreshCookie(context)).toBe('');
    expect(await inRedis('dave')).toEqual({ families: 0, tokens: 0 });
    expect((await client(stack.url).refresh(before)).status).toBe(401);
    // A tab opened now is signed out too.
    await signedOut(await openTab(context));
    expect(pageErrors).toEqual([]);
  });
});
