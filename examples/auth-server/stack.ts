/**
 * The production layout on one machine, on loopback, in a temp folder: redis-server (append-only
 * file on), two auth-server instances sharing it, and nginx in front (nginx.conf) serving the page
 * (public/ and /jwtkit-client.js, built at start by bundleClient). Every port is
 * picked free. `startStack()` is what the e2e tests, `npm run load` and the demo use;
 * `npm run stack` starts it and keeps it up until Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Child, findExecutable, freePort, printed, startChild, startRedis, waitForPort } from './processes.js';
import { DEFAULT_PARAMS, type ScryptParams, formatHash, hashPassword } from './users.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

export interface StackOptions {
  /** Users to create: name → password and role. */
  users: Record<string, { password: string; role: string }>;
  /** ACCESS_TTL of the instances; default '5m'. */
  accessTtl?: string;
  /** REFRESH_TTL of the instances; default '24h'. */
  refreshTtl?: string;
  /** ROTATION_GRACE of the instances; default '30s'. */
  rotationGrace?: string;
  /** scrypt cost of the users' hashes and the instances' SCRYPT_PARAMS; default DEFAULT_PARAMS. Tests lower it to save time. */
  scrypt?: ScryptParams;
  /** MAX_HASHES of the instances; default 4. */
  maxHashes?: number;
  /** nginx's limit on /api/login per client address; default 5 a second, bursts of 10. Tests that send bursts of bad logins on purpose raise it. */
  loginLimit?: { rate: string; burst: number };
}

/** One auth-server instance. */
export interface Instance {
  readonly name: string;
  readonly port: number;
  /** http://127.0.0.1:port */
  readonly url: string;
  /** Running now? */
  readonly running: boolean;
  /** Ends it: SIGTERM (graceful) by default, SIGKILL for a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again, same port and settings. */
  start(): Promise<void>;
}

export interface Stack {
  /** nginx: http://127.0.0.1:port (static page at /, the API at /api/). */
  readonly url: string;
  readonly instances: readonly [Instance, Instance];
  readonly redis: { readonly port: number; readonly url: string; restart(): Promise<void> };
  /** The temp folder: users file, nginx's config, pid, logs and temp files, Redis's AOF. */
  readonly dir: string;
  /** What nginx wrote to its error log. */
  nginxErrors(): string;
  /** Ends every process (nginx, instances, Redis) and removes the temp folder. */
  stop(): Promise<void>;
}

/** nginx.conf with its ${NAME}s filled in; a name without a value is an error, not an empty string. */
export function renderNginxConfig(values: Record<string, string>): string {
  return readFileSync(join(here, 'nginx.conf'), 'utf8').replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`nginx.conf: no value for \${${name}}`);
    return values[name];
  });
}

async function writeUsers(file: string, users: StackOptions['users'], params: ScryptParams): Promise<void> {
  const entries = await Promise.all(
    Object.entries(users).map(async ([name, { password, role }]) => [name, { role, password: formatHash(await hashPassword(password, params)) }] as const),
  );
  writeFileSync(file, JSON.stringify(Object.fromEntries(entries), null, 2), { mode: 0o600 });
}

/** Starts Redis, two instances and nginx; if any of them fails, the others are ended and the error says which and why. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'jwtkit-stack-'));
  // nginx's workers run as `nobody` when nginx is started as root: they must reach the static files and temp folders.
  chmodSync(dir, 0o755);
  const children = new Set<Child>();
  const stopAll = async () => {
    for (const child of [...children].reverse()) await child.stop().catch(() => undefined);
    children.clear();
  };
  try {
    const [redisPort, portA, portB, nginxPort] = (await distinctFreePorts(4)) as [number, number, number, number];
    const usersFile = join(dir, 'users.json');
    const scrypt = options.scrypt ?? DEFAULT_PARAMS;
    await writeUsers(usersFile, options.users, scrypt);
    const redisDir = join(dir, 'redis');
    cpSync(join(here, 'public'), join(dir, 'public'), { recursive: true });
    await bundleClient(join(dir, 'public', 'jwtkit-client.js'));
    mkdirSync(redisDir);

    let redisChild = await startRedis({ port: redisPort, dir: redisDir, appendOnly: true });
    children.add(redisChild);
    const redisUrl = `redis://127.0.0.1:${redisPort}`;

    const settings = {
      JWT_SECRET: randomBytes(32).toString('base64url'),
      USERS_FILE: usersFile,
      REDIS_URL: redisUrl,
      ACCESS_TTL: options.accessTtl ?? '5m',
      REFRESH_TTL: options.refreshTtl ?? '24h',
      ROTATION_GRACE: options.rotationGrace ?? '30s',
      SCRYPT_PARAMS: `${scrypt.N},${scrypt.r},${scrypt.p}`,
      MAX_HASHES: String(options.maxHashes ?? 4),
      HOST: '127.0.0.1',
    };
    const instances = (['a', 'b'] as const).map((letter, index) => {
      const port = index === 0 ? portA : portB;
      const name = `app-${letter}`;
      let child: Child | undefined;
      const instance: Instance = {
        name,
        port,
        url: `http://127.0.0.1:${port}`,
        get running() {
          return child !== undefined;
        },
        async start() {
          if (child !== undefined) return;
          child = await startChild({
            name,
            command: process.execPath,
            args: ['--import', 'tsx', join(here, 'server.ts')],
            cwd: root,
            env: { PATH: process.env.PATH, ...settings, PORT: String(port), INSTANCE_NAME: name },
            ready: printed(/listening on/),
            timeoutMs: 30_000,
          });
          children.add(child);
        },
        async stop(signal) {
          if (child === undefined) return;
          await child.stop(signal);
          children.delete(child);
          child = undefined;
        },
      };
      return instance;
    }) as unknown as [Instance, Instance];
    await Promise.all(instances.map((instance) => instance.start()));

    const nginxConf = join(dir, 'nginx.conf');
    writeFileSync(
      nginxConf,
      renderNginxConfig({
        RUN_DIR: dir,
        STATIC_ROOT: join(dir, 'public'),
        NGINX_LISTEN: `127.0.0.1:${nginxPort}`,
        APP_A: `127.0.0.1:${portA}`,
        APP_B: `127.0.0.1:${portB}`,
        LOGIN_RATE: options.loginLimit?.rate ?? '5r/s',
        LOGIN_BURST: String(options.loginLimit?.burst ?? 10),
      }),
    );
    const nginx = await startChild({
      name: 'nginx',
      command: findExecutable('nginx', 'apt-get install nginx'),
      args: ['-p', dir, '-c', nginxConf, '-e', join(dir, 'error.log'), '-g', 'daemon off;'],
      cwd: dir,
      // SIGQUIT: graceful, and the master takes its workers with it (SIGKILL would leave them running).
      stopSignal: 'SIGQUIT',
      ready: (child) => waitForPort(nginxPort, child),
    });
    children.add(nginx);

    return {
      url: `http://127.0.0.1:${nginxPort}`,
      instances,
      redis: {
        port: redisPort,
        url: redisUrl,
        async restart() {
          await redisChild.stop();
          children.delete(redisChild);
          redisChild = await startRedis({ port: redisPort, dir: redisDir, appendOnly: true });
          children.add(redisChild);
        },
      },
      dir,
      nginxErrors: () => {
        try {
          return readFileSync(join(dir, 'error.log'), 'utf8');
        } catch {
          return '';
        }
      },
      async stop() {
        await stopAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * jwtkit/client as one self-contained ES module, for the page to import by path: no bundler for the
 * page, and no import map (its Content-Security-Policy allows no inline script). Built from src/ as
 * the instances run from it, so the stack works straight after npm install. From the package:
 * `npx esbuild node_modules/jwtkit/dist/client.js --bundle --format=esm --minify --outfile=…`.
 */
export async function bundleClient(outfile: string): Promise<void> {
  await build({
    entryPoints: [join(root, 'src/client/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile,
    logLevel: 'error',
  });
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** The users `npm run stack`, `npm run load` and the demo create. */
export const DEMO_USERS = { alice: { password: 'correct horse battery staple', role: 'editor' }, bob: { password: 'hunter2 hunter2', role: 'viewer' } };

// `npm run stack`: the layout, up until Ctrl-C.
if (import.meta.url === `file://${process.argv[1]}`) {
  const stack = await startStack({ users: DEMO_USERS });
  console.log(`nginx        ${stack.url}/  (static page; API at ${stack.url}/api/)`);
  for (const instance of stack.instances) console.log(`${instance.name.padEnd(12)} ${instance.url}`);
  console.log(`redis        ${stack.redis.url}  (append-only file in ${stack.dir}/redis)`);
  console.log(
    `users        ${Object.entries(DEMO_USERS)
      .map(([name, { password }]) => `${name} / ${password}`)
      .join(', ')}`,
  );
  console.log('Ctrl-C stops everything.');
  const stop = () => void stack.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
