/// <reference types="node" />
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { usageError } from './exit.js';
import type { Output } from './output.js';

/**
 * One `jwtkit` command: its options (node:util parseArgs), its help text, and what it does.
 * Every command takes `--json` and `--help`.
 */

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface Command<Options extends OptionSpecs = OptionSpecs> {
  readonly name: string;
  /** One line for `jwtkit --help`. */
  readonly summary: string;
  /** The full `--help` text: usage, options, examples. */
  readonly help: string;
  readonly options: Options;
  /** True when its failures about the token are "token rejected" (exit 1), as for verify and decode. */
  readonly checksTokens: boolean;
  run(args: ParsedArgs<Options>, output: Output): Promise<void>;
}

export interface ParsedArgs<Options extends OptionSpecs> {
  values: ParsedValues<Options>;
  positionals: string[];
}

/** The values parseArgs gives for these options: strings or booleans, arrays for `multiple`. */
export type ParsedValues<Options extends OptionSpecs> = {
  [Name in keyof Options]?: Options[Name] extends { type: 'boolean' }
    ? Options[Name] extends { multiple: true }
      ? boolean[]
      : boolean
    : Options[Name] extends { multiple: true }
      ? string[]
      : string;
};

/** Options every command takes. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

/** Declares a command, keeping its option types for `run`. */
export function defineCommand<Options extends OptionSpecs>(command: Command<Options>): Command<Options> {
  return command;
}

/** Parses a command's arguments strictly: an unknown option or a missing value is a usage error that points at --help. */
export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs<OptionSpecs> & { json: boolean; help: boolean } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...command.options, ...COMMON_OPTIONS }, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs<OptionSpecs>['values'], positionals, json: values.json === true, help: values.help === true };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '') : String(error);
    throw usageError(`${message.replace(/\.$/, '')}: see jwtkit ${command.name} --help`);
  }
}

/** Positional arguments beyond `max` are a mistake (a value meant for an option, a second token). */
export function atMost(positionals: string[], max: number, command: string): void {
  // The argument itself is not echoed: it may be a secret typed where it does not belong.
  if (positionals.length > max) throw usageError(`${positionals.length} arguments where at most ${max} fit: see jwtkit ${command} --help`);
}
