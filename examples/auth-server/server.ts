/**
 * One auth-server instance: settings from the environment (config.ts), users from USERS_FILE,
 * sessions in Redis when REDIS_URL is set (every instance sharing it sees every session), in this
 * process's memory otherwise. Run several behind nginx (nginx.conf):
 *
 *   JWT_SECRET=… USERS_FILE=users.json REDIS_URL=redis://127.0.0.1:6379 PORT=3001 node --import tsx examples/auth-server/server.ts
 *
 * Exits 1 with one line per bad setting; SIGTERM/SIGINT close it gracefully (requests in flight
 * finish, then the Redis connection closes).
 */
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { createClient } from 'redis';
import { memoryStore } from '../../src/sessions/index.js';
import { redisStore } from '../../src/stores/redis.js';
import { createAuthApp } from './app.js';
import { type Config, ConfigError, readConfig, redactedUrl } from './config.js';
import { loadUsers, saveUserHash } from './users.js';

const REDIS_CONNECT_TIMEOUT_MS = 5_000;

function fail(message: string): never {
  console.error(`auth-server: ${message}`);
  process.exit(1);
}

/** A connected node-redis client; it reconnects by itself (commands wait meanwhile) after Redis restarts. */
async function connectRedis(url: string, instance: string) {
  const client = createClient({
    url,
    socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1_000) },
  });
  let lastError = '';
  client.on('error', (error: Error) => {
    // Logged once per cause, not once per reconnect attempt.
    if (error.message !== lastError) console.error(`auth-server ${instance}: redis: ${error.message}`);
    lastError = error.message;
  });
  client.on('ready', () => (lastError = ''));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(lastError || 'timed out')), REDIS_CONNECT_TIMEOUT_MS)));
  try {
    await Promise.race([client.connect(), timeout]);
  } catch (error) {
    client.destroy();
    fail(`cannot reach Redis at ${redactedUrl(url)} (REDIS_URL): ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  return client;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const users = await loadUsers(config.usersFile).catch((error: Error) => fail(error.message));
  const redis = config.redisUrl === undefined ? undefined : await connectRedis(config.redisUrl, config.instance);
  const store = redis === undefined ? memoryStore() : redisStore(redis, { prefix: config.redisPrefix });

  const app = createAuthApp({
    users,
    instance: config.instance,
    bodyLimit: config.bodyLimit,
    scrypt: config.scrypt,
    maxHashes: config.maxHashes,
    // A weak hash replaced at login: in the file (for the next start) and in memory (for the next login).
    saveHash: async (name, password) => {
      await saveUserHash(config.usersFile, name, password);
      users.set(name, { ...users.get(name)!, password });
    },
    sessions: {
      key: config.secret,
      issuer: config.issuer,
      audience: config.audience,
      accessTtl: config.accessTtl,
      refreshTtl: config.refreshTtl,
      rotationGrace: config.rotationGrace,
      store,
    },
  });
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 10_000, requestTimeout: 15_000 }, app);
  // A request Node cannot parse gets JSON too, not Node's bare 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify({ error: 'invalid_request', error_description: 'malformed HTTP request' });
    socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
  server.listen(config.port, config.host, () => {
    const where = redis === undefined ? 'memory (this process only)' : `redis ${redactedUrl(config.redisUrl!)}`;
    console.log(`auth-server ${config.instance} listening on http://${config.host}:${config.port}, sessions in ${where}`);
  });
  server.on('error', (error) => fail(`cannot listen on ${config.host}:${config.port}: ${error.message}`));

  const shutdown = () => {
    server.close(() => void (redis?.close() ?? Promise.resolve()).finally(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

await main();
