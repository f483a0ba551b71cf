/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { type Command, parseCommandArgs } from './command.js';
import { decodeCommand } from './commands/decode.js';
import { decryptCommand } from './commands/decrypt.js';
import { encryptCommand } from './commands/encrypt.js';
import { jwksCommand } from './commands/jwks.js';
import { keygenCommand } from './commands/keygen.js';
import { signCommand } from './commands/sign.js';
import { thumbprintCommand } from './commands/thumbprint.js';
import { verifyCommand } from './commands/verify.js';
import { EXIT, type ExitStatus, exitStatusOf, usageError } from './exit.js';
import { refuseSecretArguments } from './input.js';
import { createOutput, createStyle, describeError, useColour } from './output.js';

/** Every command, in the order `jwtkit --help` lists them. */
const COMMANDS = [
  decodeCommand,
  verifyCommand,
  signCommand,
  encryptCommand,
  decryptCommand,
  keygenCommand,
  thumbprintCommand,
  jwksCommand,
] as unknown as readonly Command[];

const HELP = `Usage: jwtkit <command> [options]   (jwtkit <command> --help for each)

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(12)}${command.summary}`).join('\n')}

Every command takes --json (one JSON document on stdout, for scripts) and --help.
Tokens are read from stdin when not given; secrets only from --secret-env, --secret-file or
--secret-stdin, never as arguments. Colours only on a terminal, never with NO_COLOR.

Exit status:
  0  done (the token is valid)
  1  the token was rejected (malformed, bad signature, expired, a claim does not match, no key for it)
  2  usage error (unknown option, missing argument, a secret as an argument, verify without --iss/--aud)
  3  key or config problem (unreadable or unusable key, a key of the wrong type, a JWK set that cannot be fetched)

Examples:
  pbpaste | jwtkit decode
  jwtkit keygen ES256 --out-dir keys
  jwtkit sign --key keys/private.pem --alg ES256 --exp 5m --iss me --aud api --sub alice > token.txt
  jwtkit verify --key keys/public.pem --alg ES256 --iss me --aud api < token.txt`;

/** Runs one command line; resolves to the exit status. Errors are reported here, once. */
export async function run(argv: string[]): Promise<ExitStatus> {
  const json = argv.includes('--json');
  const [name, ...rest] = argv;
  const command = COMMANDS.find((candidate) => candidate.name === name);
  try {
    refuseSecretArguments(argv);
    if (command === undefined) return topLevel(name, rest[0]);
    const args = parseCommandArgs(command, rest);
    if (args.help) {
      process.stdout.write(`${command.help}\n`);
      return EXIT.ok;
    }
    await command.run(args, createOutput(args.json));
    return EXIT.ok;
  } catch (error) {
    return report(error, json, command?.checksTokens ?? false, name);
  }
}

function topLevel(name: string | undefined, next: string | undefined): ExitStatus {
  const helpFor = name === 'help' ? COMMANDS.find((command) => command.name === next) : undefined;
  if (helpFor) {
    process.stdout.write(`${helpFor.help}\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return EXIT.ok;
  }
  // Named only when it looks like a command: the first argument may be a token pasted in the wrong place.
  const shown = /^[a-z][a-z-]{0,20}$/.test(name) ? ` ${name}` : '';
  throw usageError(`unknown command${shown}: run jwtkit --help for the list`);
}

function report(error: unknown, json: boolean, checkingToken: boolean, name: string | undefined): ExitStatus {
  const exit = exitStatusOf(error, checkingToken);
  const { code, message } = describeError(error);
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: { code, message, exit } }, null, 2)}\n`);
  } else {
    const style = createStyle(useColour(process.stderr, process.env));
    const where = COMMANDS.some((command) => command.name === name) ? `jwtkit ${name}` : 'jwtkit';
    process.stderr.write(`${style.red(`${where}: ${message}`)} ${style.dim(`(${code})`)}\n`);
  }
  return exit;
}
