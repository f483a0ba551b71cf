import { JwtArgumentError } from '../index.js';
import type { RefreshRecord, Rotation, RotationGrace, SessionStore } from '../sessions/index.js';
import { DEFAULT_MAX_SESSIONS_PER_SUBJECT, checkGrace } from '../sessions/store.js';
import { countOption, layerOptions } from '../sessions/options.js';
import { optionNames } from '../util/options.js';

/**
 * jwtkit/stores/redis: the SessionStore for several app processes, on Redis or Redis Cluster. It
 * takes your own Redis client through one method, so jwtkit depends on no Redis library: node-redis
 * clients have `sendCommand` already, an ioredis client or a cluster client needs a one-line adapter
 * (docs/sessions.md).
 *
 * Every method is one Lua script, which Redis runs alone: no other command (of any process) runs
 * in the middle of one, so `consume` (check, delete, save the next token) is atomic across every
 * process that shares the Redis. Keys carry the session's end as their expiry (EXPIREAT), so Redis
 * drops expired state by itself and `purgeExpired` has nothing to do.
 *
 * Keys, under `prefix` (default `jwtkit:`), all of one user's under one hash tag `{<sub>}`: on a
 * Cluster they hash to one slot, so every script (each touches one user's keys only: a token, its
 * family, the user's set of families) runs on one node, atomically, as on a single Redis.
 * - `{<sub>}:token:<jti>`: hash { family, exp }: one live refresh token;
 * - `{<sub>}:family:<family>`: the jti of the family's one live token (what logout and reuse detection revoke);
 * - `{<sub>}:subject`: sorted set of the user's families, scored by their end (log out everywhere);
 * - `{<sub>}:rotated:<jti>`: hash { successor, at, until, client }: a rotation, for its grace window only.
 */

/** Your Redis client, as the store uses it: one command in, its reply out. */
export interface RedisCommandClient {
  /** Sends one command, e.g. `['EVALSHA', sha, '1', key, arg]`, and resolves to Redis's reply (a Redis error rejects). */
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of `redisStore`. */
export interface RedisStoreOptions {
  /** Prefix of every key the store writes, without `{` or `}`; default `'jwtkit:'`; `''` for none. */
  prefix?: string;
  /**
   * Most live sessions of one user (`sub`); default 1,000. A login beyond it ends the user's
   * session that ends first (with fixed-length sessions, the oldest login; with `sliding`, the one
   * refreshed least recently): its next refresh is ERR_SESSION_REVOKED, as after a logout.
   */
  maxSessionsPerSubject?: number;
}

const DEFAULT_PREFIX = 'jwtkit:';

/** The Redis SessionStore: with `rotate` (grace windows). */
export interface RedisStore extends SessionStore {
  rotate(jti: string, next: RefreshRecord, grace: RotationGrace): Promise<Rotation>;
}
const REDIS_STORE_OPTIONS = /* @__PURE__ */ optionNames<RedisStoreOptions>({ prefix: true, maxSessionsPerSubject: true });

/**
 * Shared by the scripts that save a token. ARGV[1] is the user's key base, `<prefix>{<sub>}:`; the
 * other key names are built from it (a family's token is known only inside Redis), in the same slot.
 */
const SAVE = `
local base = ARGV[1]
-- Saves one live token: its record, its family's pointer to it, its family among the user's.
local function save(jti, family, expiresAt)
  local tokenKey = base .. 'token:' .. jti
  local familyKey = base .. 'family:' .. family
  local subjectKey = base .. 'subject'
  -- A family holds one live token: a record already there for it is replaced.
  local previous = redis.call('GET', familyKey)
  if previous then redis.call('DEL', base .. 'token:' .. previous) end
  redis.call('HSET', tokenKey, 'family', family, 'exp', expiresAt)
  redis.call('EXPIREAT', tokenKey, expiresAt)
  redis.call('SET', familyKey, jti)
  redis.call('EXPIREAT', familyKey, expiresAt)
  redis.call('ZADD', subjectKey, expiresAt, family)
  -- The user's set lives as long as their longest session (an EXPIREAT in the past deletes it).
  local last = redis.call('ZRANGE', subjectKey, -1, -1, 'WITHSCORES')
  redis.call('EXPIREAT', subjectKey, last[2])
end
`;

/**
 * Shared by the scripts that read the user's set. Its scores are the families' ends (save keeps
 * each in step with its family's live token), so the families that ended are one range of it:
 * their keys are gone already (EXPIREAT), only their entries are left. One ZREMRANGEBYSCORE drops
 * them, O(log n + dropped), where checking each family (an EXISTS per entry) cost a login O(n)
 * while Redis ran nothing else. The end is Redis's own clock, the one its EXPIREATs keep; `(` keeps
 * the families ending this very second (a key lives through its EXPIREAT second).
 */
const PRUNE = `
local function pruneEnded(subjectKey)
  redis.call('ZREMRANGEBYSCORE', subjectKey, '-inf', '(' .. redis.call('TIME')[1])
end
-- Ends one family of the user whose keys start with base: its live token and its pointer (not its entry in the set).
local function endFamily(base, family)
  local familyKey = base .. 'family:' .. family
  local jti = redis.call('GET', familyKey)
  if jti then redis.call('DEL', base .. 'token:' .. jti) end
  redis.call('DEL', familyKey)
end
`;

/**
 * Login. KEYS: the user's set. ARGV: base, jti, family, expiresAt, maxSessionsPerSubject. A new
 * family (not one replaced) when the user has that many live already ends those that end first:
 * the lowest scores, one range again.
 */
const CREATE = `${SAVE}${PRUNE}
pruneEnded(KEYS[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[3]) then
  local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[5]) + 1
  if over > 0 then
    for _, family in ipairs(redis.call('ZRANGE', KEYS[1], 0, over - 1)) do endFamily(base, family) end
    redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
  end
end
save(ARGV[2], ARGV[3], ARGV[4])
return 1
`;

/** Rotation. KEYS: the presented token's key. ARGV: base, then the next token's jti, family, expiresAt. */
const CONSUME = `${SAVE}
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
save(ARGV[2], ARGV[3], ARGV[4])
return 1
`;

/**
 * Rotation with a grace window. KEYS: the presented token's key, its rotation's key. ARGV: base,
 * the next token's jti, family, expiresAt, then now, the window's end, that end in whole seconds
 * (the rotation key's expiry), client. Replies { 'rotated' }, { 'refused' } or
 * { 'replayed', successor jti, its expiresAt, the rotation's now }.
 */
const ROTATE = `${SAVE}
if redis.call('DEL', KEYS[1]) == 1 then
  save(ARGV[2], ARGV[3], ARGV[4])
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[2], 'successor', ARGV[2], 'at', ARGV[5], 'until', ARGV[6], 'client', ARGV[8])
  redis.call('EXPIREAT', KEYS[2], ARGV[7])
  return { 'rotated' }
end
local rotation = redis.call('HMGET', KEYS[2], 'successor', 'at', 'until', 'client')
local successor = rotation[1]
if not successor or tonumber(ARGV[5]) >= tonumber(rotation[3]) or rotation[4] ~= ARGV[8] then return { 'refused' } end
-- The successor must still be its family's live token: not spent since, not revoked.
if redis.call('GET', base .. 'family:' .. ARGV[3]) ~= successor then return { 'refused' } end
local exp = redis.call('HGET', base .. 'token:' .. successor, 'exp')
if not exp then return { 'refused' } end
return { 'replayed', successor, exp, rotation[2] }
`;

/** Logout, reuse detected. KEYS: the family's key. ARGV: base, family. */
const REVOKE_FAMILY = `
local jti = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
if jti then redis.call('DEL', ARGV[1] .. 'token:' .. jti) end
redis.call('ZREM', ARGV[1] .. 'subject', ARGV[2])
return 1
`;

/** Log out everywhere. KEYS: the user's set. ARGV: base. */
const REVOKE_SUBJECT = `${PRUNE}
pruneEnded(KEYS[1])
for _, family in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do endFamily(ARGV[1], family) end
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
 * SHA comes from SCRIPT LOAD, asked once. When the node that holds the keys does not know the
 * script (it restarted, SCRIPT FLUSH, or on a Cluster: SCRIPT LOAD went to another node), the call
 * is repeated once as EVAL with the source, which also caches the script on that node.
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
  return async (keys, args) => {
    const digest = await load();
    try {
      return await client.sendCommand(['EVALSHA', digest, String(keys.length), ...keys, ...args]);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return client.sendCommand(['EVAL', source, String(keys.length), ...keys, ...args]);
    }
  };
}

/**
 * The key a command is about, for Cluster clients that route by key (node-redis `createCluster`:
 * `sendCommand: (args) => cluster.sendCommand(commandKey(args), false, args)`): the first key of an
 * EVAL or EVALSHA, none for the store's other command (SCRIPT LOAD, which any node answers).
 *
 * @throws nothing: any argument list gives a key or undefined.
 * @example
 * ```ts
 * const cluster = createCluster({ rootNodes: [{ url: 'redis://10.0.0.1:6379' }] });
 * await cluster.connect();
 * const store = redisStore({ sendCommand: (args) => cluster.sendCommand(commandKey(args), false, args) });
 * ```
 */
export function commandKey(args: readonly string[]): string | undefined {
  const [command, , keyCount, key] = args;
  return (command === 'EVALSHA' || command === 'EVAL') && Number(keyCount) > 0 ? key : undefined;
}

function checkString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new JwtArgumentError(`${name} must be a non-empty string`);
  return value;
}

/** The record's fields as script arguments: jti, family, and its end in whole seconds (kept until then, never dropped early); and its user. */
function recordArgs(record: RefreshRecord): { sub: string; args: string[] } {
  if (typeof record !== 'object' || record === null) throw new JwtArgumentError('a refresh record must be an object');
  const { jti, family, sub, expiresAt } = record;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) throw new JwtArgumentError("a refresh record's expiresAt must be seconds since the epoch");
  return {
    sub: checkString(sub, "a refresh record's sub"),
    args: [checkString(jti, "a refresh record's jti"), checkString(family, "a refresh record's family"), String(Math.ceil(expiresAt))],
  };
}

/**
 * A SessionStore on Redis, shared by every process that uses the same Redis and prefix.
 *
 * @throws ERR_INVALID_ARGUMENT: a client without `sendCommand`, an unknown option, a prefix that is
 * not a string (`null` included) or has `{` or `}`, a
 * `maxSessionsPerSubject` that is not a positive integer; its methods reject with ERR_INVALID_ARGUMENT
 * for a malformed record and pass the client's own errors through.
 * @example
 * ```ts
 * const redis = createClient({ url: process.env.REDIS_URL });
 * await redis.connect();
 * const auth = createSessions({ key: process.env.JWT_SECRET!, loadClaims: () => ({}), store: redisStore(redis) });
 * const fewer = redisStore(redis, { prefix: 'admin:', maxSessionsPerSubject: 5 }); // at most 5 live sessions per user
 * ```
 */
export function redisStore(client: RedisCommandClient, options?: RedisStoreOptions): RedisStore {
  if (typeof client !== 'object' || client === null || typeof client.sendCommand !== 'function') {
    throw new JwtArgumentError('redisStore needs a client with sendCommand(args): a node-redis client, or an adapter (see README)');
  }
  const checked = layerOptions(options, REDIS_STORE_OPTIONS, 'redisStore');
  // Only an absent prefix is the default: `null` is a mistake, and the default's keys are another store's.
  const prefix = checked.prefix === undefined ? DEFAULT_PREFIX : checked.prefix;
  const maxPerSubject = String(countOption(checked.maxSessionsPerSubject, 'maxSessionsPerSubject', DEFAULT_MAX_SESSIONS_PER_SUBJECT));
  // A brace in the prefix would move the hash tag off the user: a user's keys could then span slots.
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) throw new JwtArgumentError('prefix must be a string without { or }');
  /**
   * The start of every key of user `sub`: its hash tag puts them all in one Cluster slot. A `}` in
   * `sub` would end the tag early (one that starts with `}` leaves it empty, and Redis then hashes
   * each whole key, across slots), so `%` and `}` are percent-encoded: one-to-one, and every other
   * `sub` keeps the keys it had.
   */
  const base = (sub: string) => `${prefix}{${sub.replace(/[%}]/g, (char) => (char === '%' ? '%25' : '%7D'))}}:`;
  const scripts = {
    create: script(client, CREATE),
    consume: script(client, CONSUME),
    rotate: script(client, ROTATE),
    revokeFamily: script(client, REVOKE_FAMILY),
    revokeSubject: script(client, REVOKE_SUBJECT),
  };

  return {
    async create(record) {
      const { sub, args } = recordArgs(record);
      await scripts.create([`${base(sub)}subject`], [base(sub), ...args, maxPerSubject]);
    },
    async consume(jti, next) {
      const { sub, args } = recordArgs(next);
      const reply = await scripts.consume([`${base(sub)}token:${checkString(jti, 'jti')}`], [base(sub), ...args]);
      return Number(reply) === 1;
    },
    async rotate(jti, next, grace) {
      const { sub, args } = recordArgs(next);
      const { now, seconds, client: by } = checkGrace(grace);
      checkString(jti, 'jti');
      const keys = [`${base(sub)}token:${jti}`, `${base(sub)}rotated:${jti}`];
      const reply = (await scripts.rotate(keys, [base(sub), ...args, String(now), String(now + seconds), String(Math.ceil(now + seconds)), by])) as unknown[];
      const [status, successor, expiresAt, rotatedAt] = Array.isArray(reply) ? reply.map(String) : [];
      if (status === 'rotated') return { status };
      if (status !== 'replayed') return { status: 'refused' };
      return { status, successor: { jti: successor!, family: next.family, sub, expiresAt: Number(expiresAt) }, rotatedAt: Number(rotatedAt) };
    },
    async revokeFamily(family, sub) {
      checkString(family, 'family');
      // The store finds a family under its user's hash tag: it needs the user (createSessions passes it).
      if (typeof sub !== 'string' || sub === '') throw new JwtArgumentError("redisStore's revokeFamily needs the family's sub, a non-empty string");
      await scripts.revokeFamily([`${base(sub)}family:${family}`], [base(sub), family]);
    },
    async revokeSubject(sub) {
      await scripts.revokeSubject([`${base(checkString(sub, 'sub'))}subject`], [base(sub)]);
    },
    // Every key expires with its session (EXPIREAT): Redis purges by itself.
    async purgeExpired(now) {
      if (typeof now !== 'number' || !Number.isFinite(now)) throw new JwtArgumentError('now must be seconds since the epoch');
    },
  };
}
