/**
 * The auth server's user story, for `npm run demo`: with redis-server and nginx installed, on the
 * production layout (stack.ts); without them, one in-process instance on the memory store, so the
 * demo always runs.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REFRESH_COOKIE_NAME, memoryStore } from '../../src/sessions/index.js';
import { createAuthApp } from './app.js';
import { locateExecutable } from './processes.js';
import { DEMO_USERS, startStack } from './stack.js';
import { hashPassword } from './users.js';

type Log = (label: string, value: unknown) => void;

/**
 * The rotation grace window of the demo: shorter than the default 30 s, so the story need not wait
 * long, and long enough for a loaded machine to send the second tab's request within it.
 */
const GRACE_SECONDS = 3;

/** An API client that shows each call's status and instance. */
function api(base: string) {
  return async (method: string, path: string, options: { body?: unknown; token?: string; refreshToken?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.refreshToken) headers.cookie = `${REFRESH_COOKIE_NAME}=${options.refreshToken}`;
    const response = await fetch(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await response.text();
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith(`${REFRESH_COOKIE_NAME}=`));
    return {
      status: response.status,
      servedBy: response.headers.get('x-served-by') ?? '?',
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
      refreshToken: cookie?.slice(REFRESH_COOKIE_NAME.length + 1).split(';')[0] ?? '',
    };
  };
}

async function story(base: string, log: Log): Promise<void> {
  const call = api(base);
  const show = (label: string, result: Awaited<ReturnType<typeof call>>, detail: unknown) =>
    log(label, `${result.status} from ${result.servedBy} ${JSON.stringify(detail)}`);
  const login = await call('POST', '/api/login', { body: { username: 'alice', password: DEMO_USERS.alice.password } });
  show('POST /api/login', login, { expiresIn: login.body.expiresIn });
  const me = await call('GET', '/api/me', { token: login.body.accessToken as string });
  show('GET /api/me', me, me.body);
  const refreshed = await call('POST', '/api/refresh', { refreshToken: login.refreshToken });
  const rotatedAt = Math.floor(Date.now() / 1000);
  show('POST /api/refresh', refreshed, { expiresIn: refreshed.body.expiresIn });
  const tab = await call('POST', '/api/refresh', { refreshToken: login.refreshToken });
  show('the spent token again at once (a second tab)', tab, { sameRefreshToken: tab.refreshToken === refreshed.refreshToken });
  // Until the grace window is over: from then on the spent token is a thief's.
  await new Promise((resolve) => setTimeout(resolve, (rotatedAt + GRACE_SECONDS) * 1000 + 100 - Date.now()));
  const replay = await call('POST', '/api/refresh', { refreshToken: login.refreshToken });
  show(`the spent token after ${GRACE_SECONDS} s (a thief)`, replay, replay.body.code);
  const after = await call('POST', '/api/refresh', { refreshToken: refreshed.refreshToken });
  show('…then the newer one', after, after.body.code);
  const wrong = await call('POST', '/api/login', { body: { username: 'alice', password: 'guess' } });
  show('wrong password', wrong, wrong.body.error);
}

function serversInstalled(): boolean {
  return locateExecutable('redis-server') !== undefined && locateExecutable('nginx') !== undefined;
}

/** Runs the story on the production layout (`'stack'`), on one process (`'single'`), or (`'auto'`) on the layout when it can be started here. */
export async function walkthrough(log: Log, layout: 'auto' | 'stack' | 'single' = 'auto'): Promise<void> {
  if (layout === 'stack' || (layout === 'auto' && serversInstalled())) {
    const stack = await startStack({ users: DEMO_USERS, rotationGrace: `${GRACE_SECONDS}s` });
    try {
      log('layout', `nginx ${stack.url} → app-a, app-b → redis ${stack.redis.url}`);
      await story(stack.url, log);
    } finally {
      await stack.stop();
    }
    return;
  }
  const users = new Map([['alice', { role: DEMO_USERS.alice.role, password: await hashPassword(DEMO_USERS.alice.password) }]]);
  const app = createAuthApp({
    users,
    instance: 'demo',
    sessions: { key: randomBytes(32), audience: 'api', store: memoryStore(), rotationGrace: GRACE_SECONDS },
  });
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    log('layout', 'one process, sessions in memory (with redis-server and nginx installed: the full layout)');
    await story(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, log);
  } finally {
    server.close();
  }
}
