import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisCluster, startRedisCluster } from '../../examples/auth-server/processes.js';
import { createSessions } from '../../src/sessions/index.js';
import { type RedisCommandClient, commandKey, redisStore } from '../../src/stores/redis.js';
import { expectCode } from '../helpers.js';
import { skipWithout } from '../services.js';
import { SECRET } from '../sessions/setup.js';
import { redisStoreSuite } from './redis-suite.js';

/**
 * redisStore on a real Redis Cluster: three masters (redis-server --cluster-enabled yes, append-only
 * files on) on free loopback ports in a temp folder, joined by `redis-cli --cluster create`, ended
 * after the file. The same tests as on a single Redis (redis-suite.ts), through node-redis
 * `createCluster` and ioredis `Cluster` with the adapters docs/sessions.md gives, then a master
 * restarted under live sessions.
 */

const withoutRedis = skipWithout('redis-server');
let cluster: RedisCluster;
let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  if (withoutRedis) return;
  dir = mkdtempSync(join(tmpdir(), 'jwtkit-cluster-'));
  cluster = await startRedisCluster({ dir });
}, 60_000);

afterAll(async () => {
  if (withoutRedis) return;
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A connected cluster client of each kind, as an app would make it, closed after the file. */
const clients: Record<string, () => Promise<RedisCommandClient>> = {
  'node-redis createCluster': async () => {
    const client = createCluster({ rootNodes: [{ url: `redis://127.0.0.1:${cluster.nodes[0]!.port}` }] });
    client.on('error', () => undefined); // a restarted master: the client reconnects by itself
    await client.connect();
    cleanups.push(() => client.close());
    // The docs' adapter; `?? args[1]` routes the tests' own one-key commands (GET, TTL, …) too.
    return { sendCommand: (args) => client.sendCommand(commandKey(args) ?? args[1], false, args) };
  },
  'ioredis Cluster': async () => {
    const client = new Cluster([{ host: '127.0.0.1', port: cluster.nodes[0]!.port }]);
    cleanups.push(() => client.quit());
    return { sendCommand: ([command, ...args]) => client.call(command!, args) }; // the docs' adapter
  },
};

describe.skipIf(withoutRedis).each(Object.keys(clients))('redisStore on a Redis Cluster through %s', (kind) => {
  redisStoreSuite(() => clients[kind]!());
});

/** The master serving `key`: the one node that answers for it instead of redirecting (MOVED). */
async function masterOf(key: string): Promise<RedisCluster['nodes'][number]> {
  for (const node of cluster.nodes) {
    const client = createClient({ url: `redis://127.0.0.1:${node.port}` });
    await client.connect();
    try {
      await client.sendCommand(['EXISTS', key]);
      return node;
    } catch {
      // MOVED: another node's slot
    } finally {
      client.destroy();
    }
  }
  throw new Error(`no node serves ${key}`);
}

describe.skipIf(withoutRedis)('a Redis Cluster master restarted under live sessions', () => {
  it.each(Object.keys(clients))('through %s: sessions survive, spent tokens stay spent, scripts are loaded again', async (kind) => {
    const prefix = `restart-${kind.split(' ')[0]}:`;
    const [first, second] = await Promise.all([clients[kind]!(), clients[kind]!()]);
    const options = { key: SECRET, loadClaims: async () => ({ role: 'editor' }), rotationGrace: 0 };
    const onA = createSessions({ ...options, store: redisStore(first, { prefix }) });
    const onB = createSessions({ ...options, store: redisStore(second, { prefix }) });
    const spent = await onA.issue('alice');
    const live = await onA.refresh(spent.refreshToken);

    await (await masterOf(`${prefix}{alice}:subject`)).restart();

    // Retried while the clients find the restarted master again (a refusal is not retried: it would throw at once).
    let refreshed;
    for (let attempt = 0; refreshed === undefined; attempt++) {
      try {
        refreshed = await onB.refresh(live.refreshToken);
      } catch (error) {
        if (attempt >= 50 || (error as { code?: string }).code !== undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(await onB.verifyAccess(refreshed.accessToken)).toMatchObject({ sub: 'alice' });
    await expectCode(onA.refresh(spent.refreshToken), 'ERR_SESSION_REVOKED');
    await expectCode(onB.refresh(refreshed.refreshToken), 'ERR_SESSION_REVOKED'); // the replay ended the family
  });
});
