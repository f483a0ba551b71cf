/// <reference types="node" />
import { JwtClaimError, JwtError, JwtExpiredError, JwtNotBeforeError } from '../index.js';
import { CliError } from './exit.js';
import { relative } from './times.js';

/**
 * What `jwtkit` prints: human text (colours only on a terminal, never with NO_COLOR) or, with
 * `--json`, one JSON document on stdout for scripts. Errors are one line on stderr that says what
 * to do next; with `--json` they are `{ "error": { "code", "message", "exit" } }` on stdout instead.
 */

export interface Output {
  readonly json: boolean;
  /** A line of human text on stdout (nothing in JSON mode). */
  line(text?: string): void;
  /** A note for the person at the terminal (stderr): warnings, where files went. Nothing in JSON mode. */
  note(text: string): void;
  /** The JSON result (stdout, JSON mode only). */
  result(value: unknown): void;
  /** Pretty JSON as part of the human output. */
  block(value: unknown): void;
  readonly style: Style;
}

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

/** NO_COLOR (https://no-color.org): present and not empty turns colours off, whatever else says. */
export function useColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

function ansi(on: boolean, open: number, close: number): (text: string) => string {
  return on ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
}

export function createStyle(on: boolean): Style {
  return { bold: ansi(on, 1, 22), dim: ansi(on, 2, 22), red: ansi(on, 31, 39), green: ansi(on, 32, 39), yellow: ansi(on, 33, 39) };
}

export function createOutput(json: boolean): Output {
  const style = createStyle(!json && useColour(process.stdout, process.env));
  const noteStyle = createStyle(!json && useColour(process.stderr, process.env));
  return {
    json,
    style,
    line: (text = '') => {
      if (!json) process.stdout.write(`${text}\n`);
    },
    note: (text) => {
      if (!json) process.stderr.write(`${noteStyle.yellow(text)}\n`);
    },
    result: (value) => {
      if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    block: (value) => {
      if (!json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

/** The error's code and one line of text: what went wrong, then what to do about it. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof CliError) return { code: error.code, message: error.message };
  if (error instanceof JwtError) {
    const hint = hintFor(error);
    return { code: error.code, message: hint ? `${error.message}: ${hint}` : error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'ERR_UNEXPECTED', message: `${message} (a bug in jwtkit? please report it)` };
}

/** What to do next, by error code; the library's message already says what went wrong. */
function hintFor(error: JwtError): string | undefined {
  if (error instanceof JwtExpiredError)
    return `it expired ${relative(error.expiredAt.getTime() / 1000).text}; get a fresh token (or allow clock skew with --clock-tolerance 30s)`;
  if (error instanceof JwtNotBeforeError)
    return `it becomes valid ${relative(error.notBefore.getTime() / 1000).text}; check the clocks (or allow skew with --clock-tolerance 30s)`;
  if (error instanceof JwtClaimError && (error.claim === 'iss' || error.claim === 'aud')) {
    return `check --${error.claim}; jwtkit decode shows the token's "${error.claim}"`;
  }
  const hints: Partial<Record<string, string>> = {
    ERR_JWT_MALFORMED: 'pass the whole token, as issued',
    ERR_JWT_SIGNATURE: 'the token was not signed by this key, or was changed after signing',
    ERR_JWT_ALGORITHM: "the token's alg is not one this key (or --alg) allows; run jwtkit decode to see its header",
    ERR_JWT_CLAIM: 'run jwtkit decode to see what the token holds',
    ERR_JWKS_NO_MATCH: "no key in the set has the token's kid and alg; run jwtkit jwks fetch URL to see the set",
    ERR_JWKS_FETCH: 'check the URL and the network',
    ERR_JWKS_TIMEOUT: 'check the URL and the network',
    ERR_JWKS_INVALID: 'the URL must answer a JWK set ({"keys": [...]})',
    ERR_KEY: 'check the key file and --alg',
  };
  return hints[error.code];
}
