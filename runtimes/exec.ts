/**
 * Running the runtimes' processes: to completion (`run`) or as a server the matrix stops (`start`).
 * No dependencies, so the matrix can use it before runtimes/node_modules is installed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RUNTIMES_DIR = fileURLToPath(new URL('.', import.meta.url));

export interface RunResult {
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs: number;
}

/** Runs a command to completion; rejects with its output when it fails or outlives `timeoutMs`. */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return start(command, args, options).done;
}

export interface Started {
  /** Settles when the process exits: resolved on exit code 0, rejected (with its output) otherwise. */
  done: Promise<RunResult>;
  /** Ends the process (a server the matrix started), if it still runs. */
  stop(): void;
}

/** Starts a command; it is killed if it outlives `timeoutMs`. */
export function start(command: string, args: string[], options: RunOptions): Started {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stopped = false;
  const done = new Promise<RunResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: timed out after ${options.timeoutMs / 1000} s\n${tail(stderr || stdout)}`));
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 || stopped) resolve({ stdout, stderr });
      else reject(new Error(`${command} ${args.join(' ')}: exit ${code ?? signal}\n${tail(stderr || stdout)}`));
    });
  });
  return {
    done,
    stop: () => {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}

/** The last lines of a process's output, for a failure message. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
