/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { configError, usageError } from './exit.js';

/**
 * Where tokens, files and secrets come from. A token may be an argument or stdin (so it need not
 * sit in shell history); a secret only a file, an environment variable or stdin, never an
 * argument (arguments are visible to every user in `ps` and stay in shell history).
 */

/** Bounds what is read from stdin: a token or a key is kilobytes; this is far above any. */
const MAX_STDIN_BYTES = 1 << 20;

let stdinTaken: string | undefined;

/** All of stdin (once: `what` names the one reader, so two inputs cannot both claim it). */
export async function readStdin(what: string): Promise<Uint8Array> {
  if (stdinTaken !== undefined) throw usageError(`stdin is already the ${stdinTaken}: pass the ${what} another way`);
  stdinTaken = what;
  if (process.stdin.isTTY) process.stderr.write(`paste the ${what}, then press Ctrl-D\n`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_STDIN_BYTES) throw usageError(`stdin holds more than ${MAX_STDIN_BYTES} bytes: that is no ${what}`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** A token from the argument, or from stdin when there is none; whitespace and a "Bearer " prefix are dropped. */
export async function readToken(argument: string | undefined): Promise<string> {
  const text = argument ?? Buffer.from(await readStdin('token')).toString('utf8');
  const token = text.trim().replace(/^bearer\s+/i, '');
  if (token === '') throw usageError('no token: pass it as an argument, or pipe it in (pbpaste | jwtkit ...)');
  return token;
}

/** A file's bytes (`-` is stdin); a file that cannot be read is a key/config problem (exit 3). */
export async function readInputFile(path: string, what: string): Promise<Uint8Array> {
  if (path === '-') return readStdin(what);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw configError(`cannot read the ${what} ${path} (${reason}): check the path`, 'ERR_FILE');
  }
}

export async function readTextFile(path: string, what: string): Promise<string> {
  return Buffer.from(await readInputFile(path, what)).toString('utf8');
}

/** A JSON file, parsed; `what` names it in errors. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  const text = await readTextFile(path, what);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw configError(`the ${what} ${path} is not JSON: check the file`, 'ERR_FILE');
  }
}

/** The options that name where a secret comes from. */
export interface SecretSources {
  'secret-env'?: string | undefined;
  'secret-file'?: string | undefined;
  'secret-stdin'?: boolean | undefined;
}

/** The secret's source flags given, for "pass exactly one" checks. */
export function secretSourceCount(values: SecretSources): number {
  return [values['secret-env'] !== undefined, values['secret-file'] !== undefined, values['secret-stdin'] === true].filter(Boolean).length;
}

/**
 * An HMAC secret as bytes, from the environment, a file or stdin. One trailing newline is dropped
 * (what `echo` and editors add); nothing else is changed.
 */
export async function readSecret(values: SecretSources): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array;
  if (values['secret-env'] !== undefined) {
    const value = process.env[values['secret-env']];
    if (value === undefined || value === '')
      throw configError(`the environment variable ${values['secret-env']} is not set: export it, or use --secret-file`, 'ERR_SECRET');
    bytes = new Uint8Array(Buffer.from(value, 'utf8'));
  } else if (values['secret-file'] !== undefined) {
    bytes = await readInputFile(values['secret-file'], 'secret file');
  } else if (values['secret-stdin'] === true) {
    bytes = await readStdin('secret');
  } else {
    return undefined;
  }
  return withoutTrailingNewline(bytes);
}

function withoutTrailingNewline(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) end--;
  if (end < bytes.length && bytes[end - 1] === 0x0d) end--;
  return bytes.subarray(0, end);
}

/** Refuses a secret given as an argument, before anything else looks at the command line. */
export function refuseSecretArguments(argv: readonly string[]): void {
  const given = argv.find((arg) => arg === '--secret' || arg.startsWith('--secret='));
  if (given === undefined) return;
  throw usageError('secrets are never taken as arguments (ps and shell history would show them): use --secret-env NAME, --secret-file FILE or --secret-stdin');
}
