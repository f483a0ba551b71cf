import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';

/**
 * The `jwtkit` command line as users run it: the BUILT bin (dist/cli.js, which `npm test` builds
 * first) in a child process, with its stdin, environment, stdout, stderr and exit status.
 */

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * The bin runs on Node's own build whichever vitest project runs the file, so the CLI suites run
 * once (in the `node` project), not twice.
 */
export const describeCli = process.env.JWTKIT_BACKEND === 'web' ? describe.skip : describe;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = Record<string, unknown>>(): T;
}

export interface CliOptions {
  /** Written to stdin, which is then closed. Without it, stdin is empty (not a terminal). */
  input?: string;
  /** Added to a clean environment (no NO_COLOR / FORCE_COLOR from the test runner's own). */
  env?: Record<string, string>;
  cwd?: string;
}

export function jwtkit(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...options.env };
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(options.input ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }));
  });
}

/** A temporary directory for the running file, removed after it. */
export function tempDirForFile(): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwtkit-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
