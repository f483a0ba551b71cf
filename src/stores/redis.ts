import { JwtArgumentError } from '../index.js';
import type { RefreshRecord, SessionStore } from '../sessions/index.js';
import { layerOptions } from '../sessions/options.js';
import { optionNames } from '../util/options.js';

/**
 * jwtkit/stores/redis: the SessionStore for several app processes, on Redis. It takes your own
 * Redis client through one method, so jwtkit depends on no Redis library: node-redis clients
 * have `sendCommand` already, an ioredis client needs a one-line adapter (README).
 *
 * Every method is one Lua script, which Redis runs alone: no other command (of any process) runs
 * in the middle of one, so `consume` (check, delete, save the next token) is atomic across every
 * process that shares the Redis. Keys carry the session's end as their expiry (EXPIREAT), so Redis
 * drops expired state by itself and `purgeExpired` has nothing to do.
 *
 * Keys, under `prefix` (default `jwtkit:`):
 * - `token:<jti>`: hash { family, sub }: one live refresh token;
 * - `family:<family>`: the jti of the family's one live token (what logout and reuse detection revoke);
 * - `subject:<sub>`: sorted set of the user's families, scored by their end (log out everywhere).
 */

/** Your Redis client, as the store uses it: one command in, its reply out. */
export interface RedisCommandClient {
  /** Sends one command, e.g. `['EVALSHA', sha, '1', key, arg]`, and resolves to Redis's reply (a Redis error rejects). */
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of `redisStore`. */
export interface RedisStoreOptions {
  /** Prefix of every key the store writes; default `'jwtkit:'`. */
  prefix?: string;
}

const DEFAULT_PREFIX = 'jwtkit:';
const REDIS_STORE_OPTIONS = /* @__PURE__ */ optionNames<RedisStoreOptions>({ prefix: true });

/**
 * Shared by the scripts that save a token. ARGV[1] is the prefix; the other key names are built
 * from it (a family's token and a user's families are known only inside Redis).
 */
const SAVE = `
local prefix = ARGV[1]
-- Saves one live token: its record, its family's pointer to it, its family among the user's.
local function save(jti, family, sub, expiresAt)
  local tokenKey = prefix .. 'token:' .. jti
  local familyKey = prefix .. 'family:' .. family
  local subjectKey = prefix .. 'subject:' .. sub
  -- A family holds one live token: a record already there for it is replaced.
  local previous = redis.call('GET', familyKey)
  if previous then redis.call('DEL', prefix .. 'token:' .. previous) end
  redis.call('HSET', tokenKey, 'family', family, 'sub', sub)
  redis.call('EXPIREAT', tokenKey, expiresAt)
  redis.call('SET', familyKey, jti)
  redis.call('EXPIREAT', familyKey, expiresAt)
  redis.call('ZADD', subjectKey, expiresAt, family)
  -- The user's set lives as long as their longest session (an EXPIREAT in the past deletes it).
  local last = redis.call('ZRANGE', subjectKey, -1, -1, 'WITHSCORES')
  redis.call('EXPIREAT', subjectKey, last[2])
end
`;

/** Login. KEYS: the user's set. ARGV: prefix, jti, family, sub, expiresAt. */
const CREATE = `${SAVE}
-- Families that ended (expired, or gone with their last token) leave the user's set here.
for _, family in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if redis.call('EXISTS', prefix .. 'family:' .. family) == 0 then redis.call('ZREM', KEYS[1], family) end
end
save(ARGV[2], ARGV[3], ARGV[4], ARGV[5])
return 1
`;

/** Rotation. KEYS: the presented token's key. ARGV: prefix, then the next token's jti, family, sub, expiresAt. */
const CONSUME = `${SAVE}
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
save(ARGV[2], ARGV[3], ARGV[4], ARGV[5])
return 1
`;

/** Logout, reuse detected. KEYS: the family's key. ARGV: prefix, family. */
const REVOKE_FAMILY = `
local jti = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
if not jti then return 0 end
local tokenKey = ARGV[1] .. 'token:' .. jti
local sub = redis.call('HGET', tokenKey, 'sub')
redis.call('DEL', tokenKey)
if sub then redis.call('ZREM', ARGV[1] .. 'subject:' .. sub, ARGV[2]) end
return 1
`;

/** Log out everywhere. KEYS: the user's set. ARGV: prefix. */
const REVOKE_SUBJECT = `
for _, family in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local familyKey = ARGV[1] .. 'family:' .. family
  local jti = redis.call('GET', familyKey)
  if jti then redis.call('DEL', ARGV[1] .. 'token:' .. jti) end
  redis.call('DEL', familyKey)
end
redis.call('DEL', KEYS[1])
return 1
`;

type Script = (keys: string[], args: string[]) => Promise<unknown>;

/** Redis's answer when it does not know a script's SHA (it restarted, or SCRIPT FLUSH). */
function isNoScript(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith('NOSCRIPT');
}

/**
 * A script run by its SHA (EVALSHA), so each call sends a few bytes instead of the script. The
 * SHA comes from SCRIPT LOAD, asked once; when Redis has forgotten the script (a restart without
 * it, SCRIPT FLUSH), it is loaded again and the call repeated, once.
 */
function script(client: RedisCommandClient, source: string): Script {
  let sha: Promise<string> | undefined;
  const load = (): Promise<string> =>
    (sha ??= client.sendCommand(['SCRIPT', 'LOAD', source]).then(
      (reply) => {
        const digest = String(reply);
        if (!/^[0-9a-f]{40}$/.test(digest)) throw new JwtArgumentError('client.sendCommand must resolve to the Redis reply (SCRIPT LOAD gave no SHA)');
        return digest;
      },
      (error: unknown) => {
        sha = undefined; // a failed load is asked again by the next call, not remembered
        throw error;
      },
    ));
  const run = async (keys: string[], args: string[]) => client.sendCommand(['EVALSHA', await load(), String(keys.length), ...keys, ...args]);
  return async (keys, args) => {
    try {
      return await run(keys, args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      sha = undefined;
      return run(keys, args);
    }
  };
}

function checkString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new JwtArgumentError(`${name} must be a non-empty string`);
  return value;
}

/** The record's fields as script arguments: jti, family, sub, and its end in whole seconds (kept until then, never dropped early). */
function recordArgs(record: RefreshRecord): string[] {
  if (typeof record !== 'object' || record === null) throw new JwtArgumentError('a refresh record must be an object');
  const { jti, family, sub, expiresAt } = record;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) throw new JwtArgumentError("a refresh record's expiresAt must be seconds since the epoch");
  return [checkString(jti, "a refresh record's jti"), checkString(family, "a refresh record's family"), checkString(sub, "a refresh record's sub"), String(Math.ceil(expiresAt))];
}

/** A SessionStore on Redis, shared by every process that uses the same Redis and prefix. */
export function redisStore(client: RedisCommandClient, options?: RedisStoreOptions): SessionStore {
  if (typeof client !== 'object' || client === null || typeof client.sendCommand !== 'function') {
    throw new JwtArgumentError('redisStore needs a client with sendCommand(args): a node-redis client, or an adapter (see README)');
  }
  const prefix = layerOptions(options, REDIS_STORE_OPTIONS, 'redisStore').prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string') throw new JwtArgumentError('prefix must be a string');
  const key = (kind: 'token' | 'family' | 'subject', id: string) => `${prefix}${kind}:${id}`;
  const scripts = {
    create: script(client, CREATE),
    consume: script(client, CONSUME),
    revokeFamily: script(client, REVOKE_FAMILY),
    revokeSubject: script(client, REVOKE_SUBJECT),
  };

  return {
    async create(record) {
      const args = recordArgs(record);
      await scripts.create([key('subject', record.sub)], [prefix, ...args]);
    },
    async consume(jti, next) {
      const args = recordArgs(next);
      const reply = await scripts.consume([key('token', checkString(jti, 'jti'))], [prefix, ...args]);
      return Number(reply) === 1;
    },
    async revokeFamily(family) {
      await scripts.revokeFamily([key('family', checkString(family, 'family'))], [prefix, family]);
    },
    async revokeSubject(sub) {
      await scripts.revokeSubject([key('subject', checkString(sub, 'sub'))], [prefix]);
    },
    // Every key expires with its session (EXPIREAT): Redis purges by itself.
    async purgeExpired(now) {
      if (typeof now !== 'number' || !Number.isFinite(now)) throw new JwtArgumentError('now must be seconds since the epoch');
    },
  };
}
