/// <reference types="node" />
import { decode, decodeProtectedHeader } from '../../index.js';
import { atMost, defineCommand } from '../command.js';
import { readToken } from '../input.js';
import type { Output } from '../output.js';
import { claimTimes } from '../times.js';

/**
 * `jwtkit decode`: what a token says, NOT whether it is true. A JWS shows its header, payload and
 * times; a JWE (five segments) only its protected header, the rest being encrypted.
 */

const WARNING = 'NOT VERIFIED: this is what the token claims, not proof of anything. Check it with jwtkit verify.';

export const decodeCommand = defineCommand({
  name: 'decode',
  summary: "show a token's header, payload and times (verifies nothing)",
  checksTokens: true,
  options: {},
  help: `Usage: jwtkit decode [TOKEN] [--json]

Shows a token's header and payload, and its iat/nbf/exp as dates ("expires in 4m 10s").
Nothing is verified: anyone can write any claims into a token. Use jwtkit verify to trust one.
Without TOKEN, the token is read from stdin, so it stays out of your shell history.
A JWE (five parts) shows its protected header only: the rest is encrypted.

Options:
  --json      one JSON document: { verified: false, kind, header, payload, times }
  -h, --help  this help

Examples:
  pbpaste | jwtkit decode
  jwtkit decode eyJhbGciOi...
  jwtkit decode --json < token.txt | jq .payload.sub`,
  async run({ positionals }, output) {
    atMost(positionals, 1, 'decode');
    const token = await readToken(positionals[0]);
    if (token.split('.').length === 5) return showJwe(token, output);
    const { header, payload } = decode(token);
    const times = claimTimes(payload);
    output.result({ verified: false, kind: 'JWS', header, payload, times });
    const { style } = output;
    output.line(style.bold(style.red(`⚠ ${WARNING}`)));
    output.line(style.bold('Header'));
    output.block(header);
    output.line(style.bold('Payload'));
    output.block(payload);
    const entries = Object.entries(times);
    if (entries.length > 0) output.line(style.bold('Times'));
    for (const [claim, time] of entries) output.line(`  ${claim}  ${time.date}  ${style.dim(`(${time.relative})`)}`);
  },
});

/** A JWE's protected header: the one part of it that is not encrypted. */
function showJwe(token: string, output: Output): void {
  const header = decodeProtectedHeader(token);
  output.result({ verified: false, kind: 'JWE', header });
  const { style } = output;
  output.line(style.bold(style.red(`⚠ ${WARNING}`)));
  output.line(style.bold('JWE protected header') + style.dim(' (the payload is encrypted: jwtkit decrypt shows it)'));
  output.block(header);
}
