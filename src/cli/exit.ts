/// <reference types="node" />
import { JwtError } from '../index.js';

/**
 * The exit statuses of `jwtkit`, by class of failure, so scripts can tell "this token is bad" from
 * "this command is wrong" from "the key (or the network to the key) is the problem".
 */
export const EXIT = {
  /** Done: the token is valid, the key was written, … */
  ok: 0,
  /** The token was rejected: malformed, bad signature, expired, not yet valid, a claim that does not match, no key for it. */
  rejected: 1,
  /** The command line is wrong: an unknown option, a missing argument, a secret passed as an argument, verify without --iss/--aud. */
  usage: 2,
  /** The key or its source is the problem: unreadable or unusable key file, wrong key type for --alg, a JWK set that cannot be fetched. */
  config: 3,
} as const;

export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/** A failure of the command line itself (not of the library): its code, and the exit status it ends with. */
export class CliError extends Error {
  declare readonly code: string;
  declare readonly exit: ExitStatus;
  constructor(code: string, message: string, exit: ExitStatus) {
    super(message);
    this.code = code;
    this.exit = exit;
  }
}

/** A command line mistake (exit 2); `message` says what to type instead. */
export function usageError(message: string): CliError {
  return new CliError('ERR_USAGE', message, EXIT.usage);
}

/** A key or file problem (exit 3). */
export function configError(message: string, code = 'ERR_KEY'): CliError {
  return new CliError(code, message, EXIT.config);
}

/** Codes that mean "this token is not acceptable", whichever command met it. */
const TOKEN_CODES: ReadonlySet<string> = new Set([
  'ERR_JWT_MALFORMED',
  'ERR_JWT_ALGORITHM',
  'ERR_JWT_SIGNATURE',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_NOT_BEFORE',
  'ERR_JWT_CLAIM',
  'ERR_JWE_DECRYPTION',
  'ERR_TOKEN_TYPE',
  'ERR_JWKS_NO_MATCH',
]);

/**
 * The exit status for an error: a CliError carries its own; a library error is "token rejected"
 * when the command was checking a token (`checkingToken`) and its code is about the token,
 * "usage" for a bad argument, and "key/config" for the rest (keys, JWK set fetches).
 */
export function exitStatusOf(error: unknown, checkingToken: boolean): ExitStatus {
  if (error instanceof CliError) return error.exit;
  if (!(error instanceof JwtError)) return EXIT.config;
  if (error.code === 'ERR_INVALID_ARGUMENT') return EXIT.usage;
  return checkingToken && TOKEN_CODES.has(error.code) ? EXIT.rejected : EXIT.config;
}
