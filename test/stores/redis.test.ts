import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Child, freePort, startRedis } from '../../examples/auth-server/processes.js';
import { createSessions, type RefreshRecord, type SessionStore } from '../../src/sessions/index.js';
import { type RedisCommandClient, redisStore } from '../../src/stores/redis.js';
import { expectCode } from '../helpers.js';
import { skipWithout } from '../services.js';
import { SECRET } from '../sessions/setup.js';

/**
 * redisStore against a real redis-server on 127.0.0.1 (a random port, a temp folder), through
 * both mainstream clients: node-redis as it is, ioredis through the README's one-line adapter.
 * Several clients on one Redis stand for several app processes.
 */

let redis: Child;
let port: number;
let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];
/** Without redis-server (and CI unset) the tests against it skip: test/services.ts. */
const withoutRedis = skipWithout('redis-server');

beforeAll(async () => {
  if (withoutRedis) return;
  dir = mkdtempSync(join(tmpdir(), 'jwtkit-redis-'));
  port = await freePort();
  redis = await startRedis({ port, dir });
});

afterAll(async () => {
  if (withoutRedis) return;
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A connected client of each kind, closed after the file. */
const clients: Record<string, () => Promise<RedisCommandClient>> = {
  'node-redis': async () => {
    const client = createClient({ url: `redis://127.0.0.1:${port}` });
    await client.connect();
    cleanups.push(() => client.close());
    return client;
  },
  ioredis: async () => {
    const client = new Redis(port, '127.0.0.1');
    cleanups.push(() => client.quit());
    return { sendCommand: ([command, ...args]) => client.call(command!, args) }; // the README's adapter
  },
};

let prefixes = 0;
const now = () => Math.floor(Date.now() / 1000);
const record = (jti: string, family = `f-${jti}`, sub = 'alice', expiresAt = now() + 600): RefreshRecord => ({ jti, family, sub, expiresAt });

describe.skipIf(withoutRedis).each(Object.keys(clients))('redisStore through %s', (kind) => {
  /** Two stores on one fresh prefix, each with its own connection: two app processes. */
  async function twoProcesses(): Promise<{ a: SessionStore; b: SessionStore; raw: RedisCommandClient; prefix: string }> {
    const prefix = `test${++prefixes}:`;
    const [first, second] = await Promise.all([clients[kind]!(), clients[kind]!()]);
    return { a: redisStore(first, { prefix }), b: redisStore(second, { prefix }), raw: first, prefix };
  }

  it('consume is once: the first call rotates, later ones find nothing, in any process', async () => {
    const { a, b } = await twoProcesses();
    await a.create(record('a', 'f1'));
    expect(await b.consume('a', record('b', 'f1'))).toBe(true);
    expect(await a.consume('a', record('c', 'f1'))).toBe(false);
    expect(await a.consume('b', record('d', 'f1'))).toBe(true);
    expect(await b.consume('b', record('e', 'f1'))).toBe(false);
  });

  it('of 200 concurrent consumes of one jti from two connections exactly one wins', async () => {
    const { a, b } = await twoProcesses();
    await a.create(record('a', 'f1'));
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).consume('a', record(`n${i}`, 'f1'))));
    expect(results.filter(Boolean)).toHaveLength(1);
    // …and the winner's token is the family's one live token.
    const winner = results.indexOf(true);
    expect(await a.consume(`n${winner}`, record('z', 'f1'))).toBe(true);
  });

  it('revokeFamily removes the live token of that family only', async () => {
    const { a, b } = await twoProcesses();
    await a.create(record('a', 'f1'));
    await a.create(record('b', 'f2'));
    await a.consume('a', record('a2', 'f1'));
    await b.revokeFamily('f1');
    expect(await a.consume('a2', record('a3', 'f1'))).toBe(false);
    expect(await a.consume('b', record('b2', 'f2'))).toBe(true);
    await b.revokeFamily('f1'); // again, and an unknown family: harmless
    await b.revokeFamily('nope');
  });

  it('revokeSubject removes every family of that user only', async () => {
    const { a, b } = await twoProcesses();
    await a.create(record('a', 'f1', 'alice'));
    await a.create(record('b', 'f2', 'alice'));
    await a.consume('b', record('b2', 'f2', 'alice'));
    await a.create(record('c', 'f3', 'bob'));
    await b.revokeSubject('alice');
    expect(await a.consume('a', record('a2', 'f1', 'alice'))).toBe(false);
    expect(await a.consume('b2', record('b3', 'f2', 'alice'))).toBe(false);
    expect(await a.consume('c', record('c2', 'f3', 'bob'))).toBe(true);
    // A new login of the user after it is a session like any other.
    await a.create(record('d', 'f4', 'alice'));
    expect(await b.consume('d', record('d2', 'f4', 'alice'))).toBe(true);
  });

  it('a family holds one live token: creating it again replaces the first', async () => {
    const { a } = await twoProcesses();
    await a.create(record('a', 'f1'));
    await a.create(record('b', 'f1'));
    expect(await a.consume('a', record('x', 'f1'))).toBe(false);
    expect(await a.consume('b', record('c', 'f1'))).toBe(true);
  });

  it('every key expires with its session, so Redis purges by itself', async () => {
    const { a, raw, prefix } = await twoProcesses();
    const end = now() + 100;
    await a.create(record('a', 'f1', 'alice', end));
    for (const key of ['token:a', 'family:f1', 'subject:alice']) {
      const ttl = Number(await raw.sendCommand(['TTL', `${prefix}${key}`]));
      expect(ttl, key).toBeGreaterThan(90);
      expect(ttl, key).toBeLessThanOrEqual(100);
    }
    // Rotation moves the end (a sliding session): the new keys and the user's set follow it.
    await a.consume('a', record('b', 'f1', 'alice', end + 1000));
    expect(Number(await raw.sendCommand(['TTL', `${prefix}token:b`]))).toBeGreaterThan(1000);
    expect(Number(await raw.sendCommand(['TTL', `${prefix}subject:alice`]))).toBeGreaterThan(1000);
    expect(Number(await raw.sendCommand(['EXISTS', `${prefix}token:a`]))).toBe(0);
    // purgeExpired has nothing to do (and still checks its argument).
    await a.purgeExpired(now());
    await expectCode(a.purgeExpired(Number.NaN), 'ERR_INVALID_ARGUMENT');
  });

  it('a record past its end is gone: consume finds nothing (real time, about one second)', async () => {
    const { a, raw, prefix } = await twoProcesses();
    const end = now() + 1;
    await a.create(record('a', 'f1', 'alice', end));
    await a.create(record('old', 'f0', 'alice', now() - 5)); // already over: stored as nothing
    expect(Number(await raw.sendCommand(['EXISTS', `${prefix}token:old`]))).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, (end + 0.1) * 1000 - Date.now()));
    expect(await a.consume('a', record('b', 'f1'))).toBe(false);
    expect(Number(await raw.sendCommand(['EXISTS', `${prefix}family:f1`]))).toBe(0);
  });

  it('keeps working when Redis forgets its scripts (restart, SCRIPT FLUSH)', async () => {
    const { a, raw } = await twoProcesses();
    await a.create(record('a', 'f1'));
    await raw.sendCommand(['SCRIPT', 'FLUSH']);
    expect(await a.consume('a', record('b', 'f1'))).toBe(true);
  });

  it('stores under different prefixes do not see each other', async () => {
    const first = await twoProcesses();
    const second = await twoProcesses();
    await first.a.create(record('a', 'f1'));
    expect(await second.a.consume('a', record('b', 'f1'))).toBe(false);
    expect(await first.a.consume('a', record('b', 'f1'))).toBe(true);
  });

  it('runs createSessions across two processes: a token rotated on one and replayed on the other ends the family', async () => {
    const { a, b } = await twoProcesses();
    const options = { key: SECRET, loadClaims: async () => ({ role: 'editor' }) };
    const onA = createSessions({ ...options, store: a });
    const onB = createSessions({ ...options, store: b });
    const first = await onA.issue('alice');
    const second = await onA.refresh(first.refreshToken);
    await expectCode(onB.refresh(first.refreshToken), 'ERR_SESSION_REVOKED');
    await expectCode(onA.refresh(second.refreshToken), 'ERR_SESSION_REVOKED');
    const other = await onB.issue('alice');
    await onA.revokeSubject('alice');
    await expectCode(onB.refresh(other.refreshToken), 'ERR_SESSION_REVOKED');
  });
});

describe('redisStore arguments', () => {
  const client: RedisCommandClient = { sendCommand: async () => 0 };

  it('rejects a client without sendCommand and a bad prefix with ERR_INVALID_ARGUMENT', async () => {
    for (const bad of [undefined, null, {}, { sendCommand: 'no' }]) await expectCode(() => redisStore(bad as unknown as RedisCommandClient), 'ERR_INVALID_ARGUMENT');
    await expectCode(() => redisStore(client, { prefix: 7 as unknown as string }), 'ERR_INVALID_ARGUMENT');
  });

  it('rejects malformed records, ids and times with ERR_INVALID_ARGUMENT, before sending anything', async () => {
    const sent: string[][] = [];
    const store = redisStore({ sendCommand: async (args) => void sent.push(args) });
    await expectCode(store.create({ ...record('a'), expiresAt: Number.NaN }), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.create({ ...record('a'), sub: '' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.create(null as unknown as RefreshRecord), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.consume('', record('b')), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.consume('a', { ...record('b'), family: 3 as unknown as string }), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.revokeFamily(7 as unknown as string), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.revokeSubject(''), 'ERR_INVALID_ARGUMENT');
    expect(sent).toEqual([]);
  });

  it("says so when the client does not resolve to Redis's reply", async () => {
    const store = redisStore({ sendCommand: async () => undefined });
    await expectCode(store.create(record('a')), 'ERR_INVALID_ARGUMENT');
  });

  it("passes the client's errors on (Redis down is not a refusal)", async () => {
    const down = new Error('connect ECONNREFUSED');
    const store = redisStore({ sendCommand: async () => Promise.reject(down) });
    await expect(store.consume('a', record('b'))).rejects.toBe(down);
  });
});
