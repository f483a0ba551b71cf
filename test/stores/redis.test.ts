import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Child, freePort, startRedis } from '../../examples/auth-server/processes.js';
import type { RefreshRecord } from '../../src/sessions/index.js';
import { type RedisCommandClient, type RedisStoreOptions, commandKey, redisStore } from '../../src/stores/redis.js';
import { expectCode } from '../helpers.js';
import { skipWithout } from '../services.js';
import { redisStoreSuite } from './redis-suite.js';

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

describe.skipIf(withoutRedis).each(Object.keys(clients))('redisStore through %s', (kind) => redisStoreSuite(() => clients[kind]!()));

const now = () => Math.floor(Date.now() / 1000);
const record = (jti: string, family = `f-${jti}`, sub = 'alice', expiresAt = now() + 600): RefreshRecord => ({ jti, family, sub, expiresAt });

/** Calls per command since the last CONFIG RESETSTAT, commands run inside scripts included (INFO commandstats). */
async function commandCalls(client: RedisCommandClient): Promise<Record<string, number>> {
  const info = String(await client.sendCommand(['INFO', 'commandstats']));
  const calls: Record<string, number> = {};
  for (const line of info.split('\r\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+),/.exec(line);
    if (match) calls[match[1]!] = Number(match[2]);
  }
  return calls;
}

/**
 * A user with 100,000 sessions: what a login costs Redis. Counted in commands, not timed: the old
 * create ran an EXISTS per family (100,000 commands while Redis served no one else). One Redis,
 * one client: the work is Redis's, the same on a Cluster node.
 */
describe.skipIf(withoutRedis)('100,000 sessions of one user', () => {
  it('do not slow a login: the ones that ended go in one command, and the login does a fixed number of commands', async () => {
    const client = await clients['node-redis']!();
    const prefix = 'many:';
    const store = redisStore(client, { prefix });
    const subject = `${prefix}{alice}:subject`;
    await store.create(record('live', 'f-live'));
    // 100,000 families that ended, as Redis leaves them (their keys expired, their entries in the
    // user's set), loaded by one script in ZADDs of 1,000.
    const load = `local past = tonumber(ARGV[1])
for batch = 0, 99 do
  local args = {}
  for i = 1, 1000 do args[#args + 1] = past - i; args[#args + 1] = 'ended-' .. batch .. '-' .. i end
  redis.call('ZADD', KEYS[1], unpack(args))
end
return redis.call('ZCARD', KEYS[1])`;
    expect(Number(await client.sendCommand(['EVAL', load, '1', subject, String(now() - 1)]))).toBe(100_001);

    for (const login of ['first', 'second']) {
      await client.sendCommand(['CONFIG', 'RESETSTAT']);
      await store.create(record(login, `f-${login}`));
      const calls = await commandCalls(client);
      expect(calls.exists ?? 0).toBe(0);
      expect(calls.zremrangebyscore).toBe(1);
      // The script and what it runs, independent of the 100,000 (INFO and CONFIG are the test's own).
      const total = Object.entries(calls)
        .filter(([name]) => !/^(info|config)/.test(name))
        .reduce((sum, [, count]) => sum + count, 0);
      expect(total).toBeLessThan(20);
    }
    expect(Number(await client.sendCommand(['ZCARD', subject]))).toBe(3); // the live ones: f-live and the two logins
  });

  it('maxSessionsPerSubject defaults to 1,000: a login beyond it ends the session that ends first', async () => {
    const client = await clients['node-redis']!();
    const store = redisStore(client, { prefix: 'default-cap:' });
    const subject = 'default-cap:{alice}:subject';
    const end = now() + 600;
    for (let i = 0; i < 1000; i++) await store.create(record(`j${i}`, `f${i}`, 'alice', end + i));
    await store.create(record('last', 'f-last', 'alice', end + 1000));
    expect(Number(await client.sendCommand(['ZCARD', subject]))).toBe(1000);
    expect(await store.consume('j0', record('x', 'f0'))).toBe(false);
    expect(await store.consume('j1', record('y', 'f1', 'alice', end + 1))).toBe(true);
  });
});

describe('redisStore arguments', () => {
  const client: RedisCommandClient = { sendCommand: async () => 0 };

  it('rejects a client without sendCommand and a bad prefix with ERR_INVALID_ARGUMENT', async () => {
    for (const bad of [undefined, null, {}, { sendCommand: 'no' }])
      await expectCode(() => redisStore(bad as unknown as RedisCommandClient), 'ERR_INVALID_ARGUMENT');
    // null is a mistake, not "absent": it used to give the default prefix, sharing the default store's keys.
    for (const prefix of [null, 7, true, {}, [], ['a:']]) {
      await expectCode(() => redisStore(client, { prefix: prefix as unknown as string }), 'ERR_INVALID_ARGUMENT');
    }
    // A brace would move the hash tag off the user, spreading one user's keys over Cluster slots.
    for (const prefix of ['{app}:', 'a}', 'b{']) await expectCode(() => redisStore(client, { prefix }), 'ERR_INVALID_ARGUMENT');
  });

  it("takes prefix '' as no prefix: keys start with the user's hash tag", async () => {
    const sent: string[][] = [];
    const store = redisStore(
      {
        sendCommand: async (args) => {
          sent.push(args);
          return args[0] === 'SCRIPT' ? 'a'.repeat(40) : 1;
        },
      },
      { prefix: '' },
    );
    await store.revokeSubject('alice');
    expect(sent.at(-1)!.slice(2, 5)).toEqual(['1', '{alice}:subject', '{alice}:']);
  });

  it('rejects a maxSessionsPerSubject that is not a positive integer, and a misspelt one, with ERR_INVALID_ARGUMENT', async () => {
    for (const bound of [0, -1, 1.5, Number.NaN, null, '5', Infinity]) {
      await expectCode(() => redisStore(client, { maxSessionsPerSubject: bound as number }), 'ERR_INVALID_ARGUMENT');
    }
    await expectCode(() => redisStore(client, { maxSessionsPerUser: 5 } as RedisStoreOptions), 'ERR_INVALID_ARGUMENT');
  });

  it('rejects malformed records, ids and times with ERR_INVALID_ARGUMENT, before sending anything', async () => {
    const sent: string[][] = [];
    const store = redisStore({ sendCommand: async (args) => void sent.push(args) });
    await expectCode(store.create({ ...record('a'), expiresAt: Number.NaN }), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.create({ ...record('a'), sub: '' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.create(null as unknown as RefreshRecord), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.consume('', record('b')), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.consume('a', { ...record('b'), family: 3 as unknown as string }), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.revokeFamily(7 as unknown as string, 'alice'), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.revokeFamily('f1'), 'ERR_INVALID_ARGUMENT'); // the user is needed to find the family
    await expectCode(store.rotate('a', record('b'), { now: now(), seconds: 0, client: '' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.revokeSubject(''), 'ERR_INVALID_ARGUMENT');
    expect(sent).toEqual([]);
  });

  it('commandKey names the key a Cluster client routes a command by', () => {
    expect(commandKey(['EVALSHA', 'abc', '2', 'jwtkit:{alice}:token:a', 'jwtkit:{alice}:rotated:a', 'arg'])).toBe('jwtkit:{alice}:token:a');
    expect(commandKey(['EVAL', 'return 1', '0'])).toBeUndefined();
    expect(commandKey(['SCRIPT', 'LOAD', 'return 1'])).toBeUndefined();
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
