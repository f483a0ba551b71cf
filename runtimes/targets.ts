/**
 * The runtimes of the matrix: how each one loads the installed package and runs the shared checks
 * (harness/conformance.mts), and which jwtkit build it must end up with.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { EdgeRuntime } from 'edge-runtime';
import { chromium } from 'playwright-core';
import type { Report } from './harness/conformance.mjs';
import { RUNTIMES_DIR, run, start, tail } from './exec.js';

export type Backend = 'node' | 'webcrypto';

/**
 * Which build each runtime must load, as the package's `cryptoBackend` export reports it:
 * `node` is dist/node.* (node:crypto, the `node` export condition), `webcrypto` dist/index.*.
 * This is the one place to change when an export condition moves (for example `bun` or `deno`
 * switching to the node:crypto build).
 */
export const EXPECTED_BACKEND = {
  'node20-esm': 'node',
  'node20-cjs': 'node',
  'node22-esm': 'node',
  'node22-cjs': 'node',
  'node24-esm': 'node',
  'node24-cjs': 'node',
  deno: 'webcrypto',
  bun: 'node', // measured faster than WebCrypto on Bun (README, Runtimes)
  workerd: 'webcrypto',
  'edge-runtime': 'webcrypto',
  chromium: 'webcrypto',
} as const satisfies Record<string, Backend>;

export type RuntimeName = keyof typeof EXPECTED_BACKEND;

export interface RuntimeTarget {
  name: RuntimeName;
  /** The scratch project it runs in (Node's ESM and CJS harnesses share one per version). */
  project: string;
  /** How it loads jwtkit, in a few words (printed, and the same words as README's table). */
  how: string;
  version(): Promise<string>;
  /** Runs the shared checks in the runtime, in scratch project `dir`; resolves to their report. */
  conform(dir: string): Promise<Report>;
}

const bin = (name: string): string => join(RUNTIMES_DIR, 'node_modules', '.bin', name);
/** The npm `node` package's binaries, installed under aliases (runtimes/package.json). */
const NODE_BINARIES = {
  node20: process.execPath,
  node22: join(RUNTIMES_DIR, 'node_modules/node22/bin/node'),
  node24: join(RUNTIMES_DIR, 'node_modules/node24/bin/node'),
};
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT_MS = 120_000;
/** Keep the runtimes quiet and offline: no update checks, no telemetry, no inherited Node flags. */
const QUIET_ENV = { NO_COLOR: '1', DO_NOT_TRACK: '1', DENO_NO_UPDATE_CHECK: '1', NODE_OPTIONS: '' };

export const TARGETS: RuntimeTarget[] = [
  ...(['node20', 'node22', 'node24'] as const).flatMap((node): RuntimeTarget[] => [
    {
      name: `${node}-esm`,
      project: node,
      how: "`import 'jwtkit'` in an ES module script",
      version: async () => `Node ${firstLine((await run(NODE_BINARIES[node], ['--version'], { cwd: RUNTIMES_DIR, timeoutMs: 10_000 })).stdout)}`,
      conform: (dir) => scriptReport(NODE_BINARIES[node], ['script.mjs'], dir),
    },
    {
      name: `${node}-cjs`,
      project: node,
      how: "`require('jwtkit')` in a CommonJS script",
      version: async () => `Node ${firstLine((await run(NODE_BINARIES[node], ['--version'], { cwd: RUNTIMES_DIR, timeoutMs: 10_000 })).stdout)}`,
      conform: (dir) => scriptReport(NODE_BINARIES[node], ['script.cjs'], dir),
    },
  ]),
  {
    name: 'deno',
    project: 'deno',
    how: "`import 'jwtkit'` resolved from the project's package.json and node_modules, `deno run`",
    version: async () => firstLine((await run(bin('deno'), ['--version'], { cwd: RUNTIMES_DIR, timeoutMs: 10_000 })).stdout).replace(/ \(.*/, ''),
    conform: (dir) => scriptReport(bin('deno'), ['run', '--no-prompt', 'script.mjs'], dir, { DENO_DIR: join(dir, '.deno-cache') }),
  },
  {
    name: 'bun',
    project: 'bun',
    how: "`import 'jwtkit'` in a script run by `bun`",
    version: async () => `bun ${firstLine((await run(bin('bun'), ['--version'], { cwd: RUNTIMES_DIR, timeoutMs: 10_000 })).stdout)}`,
    conform: (dir) => scriptReport(bin('bun'), ['script.mjs'], dir),
  },
  {
    name: 'workerd',
    project: 'workerd',
    how: 'a module Worker bundled with the `workerd` condition (as wrangler does), served by `workerd serve`; the checks run in its fetch handler',
    version: async () => firstLine((await run(bin('workerd'), ['--version'], { cwd: RUNTIMES_DIR, timeoutMs: 10_000 })).stdout),
    conform: workerdReport,
  },
  {
    name: 'edge-runtime',
    project: 'edge-runtime',
    how: "a fetch listener bundled with the `edge-light` condition, evaluated by Vercel's edge-runtime; the checks run in the fetch event",
    version: async () => `edge-runtime ${packageVersion('edge-runtime')} (@edge-runtime/vm ${packageVersion('@edge-runtime/vm')})`,
    conform: edgeReport,
  },
  {
    name: 'chromium',
    project: 'chromium',
    how: 'the ESM build bundled for the browser by esbuild, served from 127.0.0.1, run in headless Chromium driven by playwright-core',
    version: async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
      return firstLine((await run(CHROMIUM, ['--version'], { cwd: RUNTIMES_DIR, timeoutMs: 30_000 })).stdout).replace(/ built on .*/, '');
    },
    conform: chromiumReport,
  },
];

// ---------------------------------------------------------------------------------------------
// Script runtimes: Node, Deno, Bun

async function scriptReport(command: string, args: string[], dir: string, env: Record<string, string> = {}): Promise<Report> {
  const { stdout, stderr } = await run(command, args, { cwd: dir, env: { ...QUIET_ENV, ...env }, timeoutMs: TIMEOUT_MS });
  const line = stdout.split('\n').find((text) => text.startsWith('JWTKIT_REPORT '));
  if (!line) throw new Error(`no report in the output\n${tail(stderr || stdout)}`);
  return JSON.parse(line.slice('JWTKIT_REPORT '.length)) as Report;
}

// ---------------------------------------------------------------------------------------------
// Bundled runtimes: workerd, edge-runtime, Chromium

/** Bundles a harness entry of the scratch project, resolving `jwtkit` with the given export conditions. */
async function bundle(dir: string, entry: string, options: { conditions: string[]; platform: 'browser' | 'neutral'; format: 'esm' | 'iife' }): Promise<string> {
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [entry],
    bundle: true,
    write: false,
    target: 'es2022',
    logLevel: 'silent',
    mainFields: ['browser', 'module', 'main'],
    ...options,
  });
  return result.outputFiles[0]!.text;
}

/** workerd: the checks run in a Worker's fetch handler, reached over HTTP on 127.0.0.1. */
async function workerdReport(dir: string): Promise<Report> {
  writeFileSync(
    join(dir, 'worker.bundle.js'),
    await bundle(dir, 'worker.mjs', { conditions: ['workerd', 'worker', 'browser'], platform: 'neutral', format: 'esm' }),
  );
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .conformanceWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const conformanceWorker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.bundle.js") ],
  compatibilityDate = "2025-01-01",
);
`,
  );
  const server = start(bin('workerd'), ['serve', 'config.capnp'], { cwd: dir, env: QUIET_ENV, timeoutMs: TIMEOUT_MS });
  let exited: Error | undefined;
  server.done.then(
    () => (exited = new Error('workerd exited')),
    (error: Error) => (exited = error),
  );
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exited) throw exited;
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        if (!response.ok) throw new Error(`the Worker answered ${response.status}: ${tail(await response.text())}`);
        return (await response.json()) as Report;
      } catch (error) {
        if (Date.now() > deadline || !isConnectionRefused(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    server.stop();
  }
}

/** edge-runtime: the checks run in a `fetch` event dispatched into the edge VM. */
async function edgeReport(dir: string): Promise<Report> {
  const code = await bundle(dir, 'edge.mjs', { conditions: ['edge-light', 'worker', 'browser'], platform: 'neutral', format: 'iife' });
  const runtime = new EdgeRuntime({ initialCode: code });
  const response = await runtime.dispatchFetch('http://127.0.0.1/conformance');
  await response.waitUntil();
  const text = await response.text();
  if (response.status !== 200) throw new Error(`the edge function answered ${response.status}: ${tail(text)}`);
  return JSON.parse(text) as Report;
}

/** Chromium: the bundle runs as a module script of a page served from 127.0.0.1. */
async function chromiumReport(dir: string): Promise<Report> {
  const script = await bundle(dir, 'browser.mjs', { conditions: [], platform: 'browser', format: 'esm' });
  const page = '<!doctype html><meta charset="utf-8"><title>jwtkit conformance</title><script type="module" src="/conformance.js"></script>';
  const server = await listen(
    createServer((request, response) => {
      const body = request.url === '/' ? page : request.url === '/conformance.js' ? script : undefined;
      const type = request.url === '/' ? 'text/html' : 'text/javascript';
      response.writeHead(body === undefined ? 404 : 200, { 'content-type': `${type}; charset=utf-8` }).end(body ?? 'not found');
    }),
  );
  const userDataDir = mkdtempSync(join(tmpdir(), 'jwtkit-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 60_000 });
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    tab.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await tab
      .waitForFunction(() => 'jwtkitReport' in globalThis, undefined, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`the page never started the checks\n${errors.join('\n')}`);
      });
    return await tab.evaluate(() => (globalThis as unknown as { jwtkitReport: Promise<Report> }).jwtkitReport);
  } finally {
    await context.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.trim();
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(RUNTIMES_DIR, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** A port free on 127.0.0.1 right now (workerd takes a fixed address in its config). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function isConnectionRefused(error: unknown): boolean {
  return error instanceof TypeError && (error.cause as { code?: string } | undefined)?.code === 'ECONNREFUSED';
}
