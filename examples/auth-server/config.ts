/**
 * The auth server's settings, from environment variables. Every problem is collected, so one
 * start names all of them, each with what a good value looks like.
 */
import { type Duration, JwtError, toSeconds } from '../../src/index.js';
import { DEFAULT_PARAMS, type ScryptParams } from './users.js';

export interface Config {
  host: string;
  port: number;
  /** HS256 secret, at least 32 bytes. */
  secret: string;
  /** Seconds. */
  accessTtl: number;
  /** Seconds. */
  refreshTtl: number;
  /** Seconds; 0: no grace window. */
  rotationGrace: number;
  /** Unset: sessions live in this process's memory (one instance only). */
  redisUrl: string | undefined;
  redisPrefix: string;
  usersFile: string;
  issuer: string;
  audience: string;
  /** Largest request body read, in bytes; larger is 413. */
  bodyLimit: number;
  /** Names this instance in responses (`x-served-by`) and logs. */
  instance: string;
  /** scrypt parameters of new hashes, and the floor: a weaker hash is replaced at its user's next login. */
  scrypt: ScryptParams;
  /** Password hashes at once in this instance; a login beyond is 503. */
  maxHashes: number;
}

/** The settings, for README and error messages: name, default (undefined: required), what it holds. */
export const SETTINGS = {
  PORT: ['3000', 'TCP port to listen on, 1-65535'],
  HOST: ['127.0.0.1', 'address to listen on (behind nginx: loopback)'],
  JWT_SECRET: [undefined, 'HS256 secret of at least 32 bytes, e.g. the output of `openssl rand -base64 32`'],
  ACCESS_TTL: ['5m', "access-token lifetime: seconds, or a duration such as '30s', '5m'"],
  REFRESH_TTL: ['24h', "session lifetime: seconds, or a duration such as '12h', '7d'"],
  ROTATION_GRACE: [
    '30s',
    "how long a just-rotated refresh token still gets the same successor (two tabs refreshing at once): 0 to 300 seconds, or a duration such as '10s'",
  ],
  REDIS_URL: [undefined, 'redis://[:password@]host:port[/db] (or rediss://); unset: memory store, one instance only'],
  REDIS_PREFIX: ['jwtkit:', "prefix of the store's Redis keys"],
  USERS_FILE: [undefined, 'JSON file of users and scrypt password hashes (examples/auth-server/add-user.ts writes it)'],
  ISSUER: ['jwtkit-auth-server', 'the tokens\' "iss"'],
  AUDIENCE: ['api', 'the access tokens\' "aud"'],
  BODY_LIMIT: ['4096', 'largest request body in bytes, 64-1048576'],
  INSTANCE_NAME: [undefined, "this instance's name in responses and logs; default HOST:PORT"],
  SCRYPT_PARAMS: [
    `${DEFAULT_PARAMS.N},${DEFAULT_PARAMS.r},${DEFAULT_PARAMS.p}`,
    'scrypt N,r,p of new password hashes and the floor (weaker hashes are replaced at login): N a power of two from 1024, r 1-32, p 1-16',
  ],
  MAX_HASHES: ['4', 'password hashes at once in this instance (a login beyond is 503), 1-64'],
} as const satisfies Record<string, readonly [string | undefined, string]>;

type Name = keyof typeof SETTINGS;

/** Thrown by readConfig: every problem, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`bad settings:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the settings; throws a ConfigError naming every missing or bad one. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const raw = (name: Name): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? SETTINGS[name][0] : value;
  };
  const problem = (name: Name, what: string) => problems.push(`${name} ${what}: expected ${SETTINGS[name][1]}`);
  const required = (name: Name): string => {
    const value = raw(name);
    if (value === undefined) problem(name, 'is not set');
    return value ?? '';
  };
  const integer = (name: Name, min: number, max: number): number => {
    const value = raw(name)!;
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(number >= min && number <= max)) problem(name, `is ${JSON.stringify(value)}`);
    return number;
  };
  const duration = (name: Name, min = 1, max = Infinity): number => {
    const value = raw(name)!;
    try {
      const seconds = toSeconds(/^\d+$/.test(value) ? Number(value) : (value as Duration), name);
      if (seconds >= min && seconds <= max) return seconds;
    } catch (error) {
      if (!(error instanceof JwtError)) throw error;
    }
    problem(name, `is ${JSON.stringify(value)}`);
    return Number.NaN;
  };

  const host = raw('HOST')!;
  const port = integer('PORT', 1, 65_535);
  const secret = required('JWT_SECRET');
  if (secret !== '' && new TextEncoder().encode(secret).length < 32) problem('JWT_SECRET', `is ${new TextEncoder().encode(secret).length} bytes`);
  const accessTtl = duration('ACCESS_TTL');
  const refreshTtl = duration('REFRESH_TTL');
  const rotationGrace = duration('ROTATION_GRACE', 0, 300);
  const redisUrl = raw('REDIS_URL');
  if (redisUrl !== undefined && !isRedisUrl(redisUrl)) problem('REDIS_URL', `is not a redis:// or rediss:// URL`);
  const usersFile = required('USERS_FILE');
  const bodyLimit = integer('BODY_LIMIT', 64, 1_048_576);
  const scrypt = scryptParams(raw('SCRYPT_PARAMS')!);
  if (scrypt === undefined) problem('SCRYPT_PARAMS', `is ${JSON.stringify(raw('SCRYPT_PARAMS'))}`);
  const maxHashes = integer('MAX_HASHES', 1, 64);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    secret,
    accessTtl,
    refreshTtl,
    rotationGrace,
    redisUrl,
    redisPrefix: raw('REDIS_PREFIX')!,
    usersFile,
    issuer: raw('ISSUER')!,
    audience: raw('AUDIENCE')!,
    bodyLimit,
    instance: raw('INSTANCE_NAME') ?? `${host}:${port}`,
    scrypt: scrypt!,
    maxHashes,
  };
}

/** `N,r,p`, each in the range SETTINGS names; undefined otherwise. */
function scryptParams(value: string): ScryptParams | undefined {
  const parts = value.split(',').map((part) => (/^\d{1,9}$/.test(part.trim()) ? Number(part.trim()) : Number.NaN));
  const [N = Number.NaN, r = Number.NaN, p = Number.NaN] = parts;
  const powerOfTwo = N >= 1024 && N <= 2 ** 24 && (N & (N - 1)) === 0;
  return parts.length === 3 && powerOfTwo && r >= 1 && r <= 32 && p >= 1 && p <= 16 ? { N, r, p } : undefined;
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A Redis URL fit for a log line: its password replaced. */
export function redactedUrl(value: string): string {
  const url = new URL(value);
  if (url.password !== '') url.password = '***';
  return url.toString();
}
