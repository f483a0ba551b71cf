/**
 * Starting and stopping the production layout's processes on loopback: redis-server, app
 * instances and nginx, each a child of this process. Used by the e2e tests, `npm run stack`,
 * `npm run load` and the demo. Every child is registered so that it is ended even when the caller
 * forgets or crashes (an 'exit' hook), and every start fails with the child's own output when the
 * child does not come up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** A child process this process owns. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr), for error messages. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) when it has exited. */
  readonly exited: Promise<number | string>;
  /** False once it has exited. */
  readonly running: boolean;
  /** Ends it: `signal` (default its stop signal), then SIGKILL if it is still there after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

interface ChildOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The signal that ends it cleanly: SIGTERM by default. */
  stopSignal?: NodeJS.Signals;
  /** Resolves when the child is ready to serve. */
  ready: (child: Child) => Promise<void>;
  /** How long it may take to become ready. */
  timeoutMs?: number;
}

const running = new Set<{ process: ChildProcess; stopSignal: NodeJS.Signals }>();
let exitHookInstalled = false;

/** Last resort: a child left running when this process exits is sent its stop signal. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const { process: child, stopSignal } of running) child.kill(stopSignal);
  });
}

/**
 * The folders searched for redis-server and nginx: PATH, then the sbin folders a non-root PATH
 * lacks (Debian puts nginx in /usr/sbin). `JWTKIT_EXECUTABLE_PATH` (a PATH-style list) replaces
 * all of them: the tests set it to a folder without the programs to prove the bare-machine run.
 */
function executableFolders(): string[] {
  const override = process.env.JWTKIT_EXECUTABLE_PATH;
  if (override !== undefined) return override.split(delimiter).filter(Boolean);
  return [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'].filter(Boolean);
}

/** The executable's full path, or undefined when it is in none of the folders above. */
export function locateExecutable(name: string): string | undefined {
  for (const folder of executableFolders()) {
    try {
      accessSync(join(folder, name), constants.X_OK);
      return join(folder, name);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Where an executable is; throws naming it and how to install it when it is nowhere. */
export function findExecutable(name: string, hint: string): string {
  const found = locateExecutable(name);
  if (found === undefined) throw new Error(`${name} not found on PATH or in /usr/sbin: install it (${hint})`);
  return found;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`; gives up when `child` exits. */
export async function waitForPort(port: number, child: Child): Promise<void> {
  while (child.running) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
      socket.unref();
      setTimeout(() => socket.destroy(), 500);
      socket.once('close', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves once the child has printed a line matching `pattern`; gives up when it exits. */
export function printed(pattern: RegExp): (child: Child) => Promise<void> {
  return async (child) => {
    while (child.running && !pattern.test(child.output())) await new Promise((resolve) => setTimeout(resolve, 25));
  };
}

/** Starts a child and waits until it is ready; if it exits or times out first, it is ended and the error carries its output. */
export async function startChild(options: ChildOptions): Promise<Child> {
  installExitHook();
  const { name, command, args, cwd, env, ready, timeoutMs = 15_000 } = options;
  const stopSignal = options.stopSignal ?? 'SIGTERM';
  const proc = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = { process: proc, stopSignal };
  running.add(entry);
  let text = '';
  const append = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-20_000);
  };
  proc.stdout!.on('data', append);
  proc.stderr!.on('data', append);
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    proc.once('exit', (code, signal) => {
      done = true;
      running.delete(entry);
      resolve(code ?? signal ?? 'unknown');
    });
    proc.once('error', (error) => {
      done = true;
      running.delete(entry);
      append(Buffer.from(String(error)));
      resolve('spawn-error');
    });
  });
  const child: Child = {
    name,
    pid: proc.pid ?? 0,
    output: () => text,
    exited,
    get running() {
      return !done;
    },
    async stop(signal = stopSignal, graceMs = 5_000) {
      if (done) return;
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };

  let timer: NodeJS.Timeout | undefined;
  const failure = await Promise.race([
    ready(child).then(() => (child.running ? undefined : `${name} exited before it was ready`)),
    exited.then((code) => `${name} exited (${code}) before it was ready`),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`${name} was not ready after ${timeoutMs} ms`), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (failure !== undefined) {
    await child.stop(); // its own stop signal first: SIGKILL would leave nginx's workers behind
    throw new Error(`${failure}. Its output:\n${text}`);
  }
  return child;
}

/** Options of `startRedis`. */
export interface RedisOptions {
  port: number;
  /** Its working folder: the append-only file lives there. */
  dir: string;
  /** Persistence: every write goes to the append-only file, and a restart reads it back. */
  appendOnly?: boolean;
}

/** redis-server on 127.0.0.1:`port`, in the foreground, no RDB snapshots; with `appendOnly`, AOF on. */
export function startRedis({ port, dir, appendOnly = false }: RedisOptions, extraArgs: string[] = []): Promise<Child> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    appendOnly ? 'yes' : 'no',
    '--daemonize',
    'no',
    '--logfile',
    '',
    ...extraArgs,
  ];
  return startChild({
    name: `redis-server :${port}`,
    command: findExecutable('redis-server', 'apt-get install redis-server'),
    args,
    cwd: dir,
    ready: printed(/Ready to accept connections/),
  });
}

/** One master of a local Redis Cluster. */
export interface ClusterNode {
  readonly port: number;
  /** Stops it (SIGTERM: its append-only file is complete) and starts it again, same port, folder and cluster identity. */
  restart(): Promise<void>;
}

/** A Redis Cluster on loopback: `masters` masters, no replicas, every slot assigned. */
export interface RedisCluster {
  readonly nodes: readonly ClusterNode[];
  /** Ends every node (their folders stay in `dir`, the caller's). */
  stop(): Promise<void>;
}

/** Resolves once CLUSTER INFO on every node says the cluster is ok (every slot served); throws after `timeoutMs`. */
async function clusterReady(ports: number[], timeoutMs = 20_000): Promise<void> {
  const cli = findExecutable('redis-cli', 'apt-get install redis-tools');
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    for (;;) {
      const info = await run(cli, ['-h', '127.0.0.1', '-p', String(port), 'CLUSTER', 'INFO']).catch((error: Error) => error.message);
      if (info.includes('cluster_state:ok')) break;
      if (Date.now() > deadline) throw new Error(`redis cluster node :${port} not ok after ${timeoutMs} ms: ${info}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Runs a short command to its end; resolves with its output, rejects when it fails. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    proc.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    proc.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    proc.once('error', reject);
    proc.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${text}`))));
  });
}

/**
 * A Redis Cluster of `masters` redis-servers on free loopback ports (client and cluster-bus ports
 * picked free: the default bus port, port + 10000, might not be), each with its folder under `dir`
 * and its append-only file on, joined with `redis-cli --cluster create`. Every node is ended if
 * any part fails.
 */
export async function startRedisCluster({ dir, masters = 3 }: { dir: string; masters?: number }): Promise<RedisCluster> {
  const ports = new Set<number>();
  while (ports.size < masters * 2) ports.add(await freePort());
  const [clientPorts, busPorts] = [[...ports].slice(0, masters), [...ports].slice(masters)];
  const children = new Map<number, Child>();
  const start = async (port: number, index: number) => {
    const folder = join(dir, `node-${port}`);
    mkdirSync(folder, { recursive: true });
    const child = await startRedis({ port, dir: folder, appendOnly: true }, [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-port',
      String(busPorts[index]),
      '--cluster-node-timeout',
      '2000',
    ]);
    children.set(port, child);
  };
  const stop = async () => {
    await Promise.all([...children.values()].map((child) => child.stop()));
    children.clear();
  };
  try {
    await Promise.all(clientPorts.map(start));
    const cli = findExecutable('redis-cli', 'apt-get install redis-tools');
    await run(cli, ['--cluster', 'create', ...clientPorts.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
    await clusterReady(clientPorts);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes: clientPorts.map((port, index) => ({
      port,
      async restart() {
        await children.get(port)?.stop();
        await start(port, index);
        await clusterReady(clientPorts);
      },
    })),
    stop,
  };
}
