import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../examples/auth-server/stack.js';
import { USER_BACKOFF, ADDRESS_BACKOFF } from '../../examples/auth-server/throttle.js';
import { skipWithout } from '../services.js';
import { type Answer, client } from './client.js';

/**
 * The login's brute-force defence on the production layout (examples/auth-server/: nginx's
 * limit_req/limit_conn, the app's backoff per username and per address, its cap on concurrent
 * hashes). Counts are bounded and everything is on loopback; nothing here asserts a duration.
 * Calls straight to one instance say which client they stand for with X-Real-IP, which an instance
 * trusts from loopback only (that is how nginx tells it): each test is its own set of clients.
 */

const USERS = {
  alice: { password: 'correct horse battery staple', role: 'editor' },
  bob: { password: 'hunter2 hunter2', role: 'viewer' },
  carol: { password: 'carol carol carol', role: 'viewer' },
};
const FAST_SCRYPT = { N: 2 ** 14, r: 8, p: 1 };
const MAX_HASHES = 2;

const withoutServers = skipWithout('redis-server', 'nginx');

function expectRetryLater(result: Answer, status: number, error: string): void {
  expect(result.status, result.text).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(result.body).toMatchObject({ error });
  expect(Number(result.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe.skipIf(withoutServers)('brute-force defence of /api/login', () => {
  let stack: Stack;
  /** A login straight to app-a (or app-b) as the client at `address`. */
  const loginFrom = (address: string, username: string, password: string, instance: 0 | 1 = 0) =>
    client(stack.instances[instance].url).post('/api/login', JSON.stringify({ username, password }), {
      'content-type': 'application/json',
      'x-real-ip': address,
    });

  beforeAll(async () => {
    stack = await startStack({ users: USERS, scrypt: FAST_SCRYPT, maxHashes: MAX_HASHES });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it(`per username: after ${USER_BACKOFF.free} wrong passwords (any addresses) even the right one is 429 with Retry-After; others unaffected`, async () => {
    for (let i = 0; i < USER_BACKOFF.free; i++) expect((await loginFrom(`198.51.100.${i}`, 'alice', 'wrong guess')).status).toBe(401);
    // Right password, fresh address: still refused, or the answer would say which guess was right.
    const locked = await loginFrom('198.51.100.200', 'alice', USERS.alice.password);
    expectRetryLater(locked, 429, 'too_many_requests');
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(USER_BACKOFF.lock);
    expect((await loginFrom('198.51.100.200', 'bob', USERS.bob.password)).status).toBe(200);
  });

  it(`per address: after ${ADDRESS_BACKOFF.free} failures from one address (any usernames), its next login is 429; another address logs in`, async () => {
    for (let i = 0; i < ADDRESS_BACKOFF.free; i++) expect((await loginFrom('203.0.113.7', `nobody${i}`, 'wrong guess')).status).toBe(401);
    expectRetryLater(await loginFrom('203.0.113.7', 'carol', USERS.carol.password), 429, 'too_many_requests');
    expect((await loginFrom('203.0.113.8', 'carol', USERS.carol.password)).status).toBe(200);
  });

  it(`hash cap: with ${MAX_HASHES} hashes running, a further login is 503 with Retry-After at once; the slots come back`, async () => {
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => loginFrom(`192.0.2.${i}`, `flood${i}`, 'wrong guess', 1)));
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status !== 401 && status !== 503)).toEqual([]);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(MAX_HASHES);
    expectRetryLater(
      results.find((result) => result.status === 503)!,
      503,
      'temporarily_unavailable',
    );
    expect((await loginFrom('192.0.2.200', 'bob', USERS.bob.password, 1)).status).toBe(200);
  });

  // Last: it spends this machine's nginx login budget (127.0.0.1, the address every test client has).
  it('nginx: a burst of logins from one address beyond limit_req/limit_conn is 429 as JSON with Retry-After, before reaching an instance', async () => {
    const api = client(stack.url);
    const results = await Promise.all(Array.from({ length: 30 }, () => api.login('nobody', 'wrong guess')));
    const limited = results.filter((result) => result.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const result of limited) {
      expectRetryLater(result, 429, 'too_many_requests');
      expect(result.servedBy).toBeNull(); // nginx's answer, not an instance's
    }
    expect(results.filter((result) => result.status !== 429 && result.status !== 401)).toEqual([]);
  });
});
