/// <reference types="node" />
import { type Alg, decode, sign } from '../../index.js';
import { atMost, defineCommand } from '../command.js';
import { usageError } from '../exit.js';
import { KEY_SOURCE_HELP, KEY_SOURCE_OPTIONS, signingKeyFrom } from '../key-sources.js';
import { PAYLOAD_HELP, PAYLOAD_OPTIONS, payloadFrom } from '../payload.js';

/** `jwtkit sign`: a JWT from flags and a claims file, signed with a private key or a secret. */

export const signCommand = defineCommand({
  name: 'sign',
  summary: 'make a signed JWT (for tests, scripts and debugging)',
  checksTokens: false,
  options: {
    ...KEY_SOURCE_OPTIONS,
    ...PAYLOAD_OPTIONS,
    alg: { type: 'string' },
  },
  help: `Usage: jwtkit sign (--key FILE | --secret-env NAME | --secret-file FILE | --secret-stdin) --alg ALG
                   [--exp 5m] [--iss ISSUER] [--aud AUDIENCE] [--sub SUBJECT] [--claim k=v ...] [--claims FILE]

Prints a signed JWT (compact form) on stdout. iat is now; exp only with --exp.

Key (exactly one):
${KEY_SOURCE_HELP}
  --alg ALG             the alg to sign with (it must fit the key): HS256, RS256, PS256, ES256, EdDSA, …

Claims:
${PAYLOAD_HELP}

Output:
  --json                { token, header, payload }
  -h, --help            this help

Examples:
  jwtkit sign --key private.pem --alg ES256 --exp 5m --iss https://auth.example.com --aud api --sub alice
  jwtkit sign --secret-file secret.txt --alg HS256 --exp 1h --claim role=admin --claim 'scopes=["read"]'
  echo '{"sub":"alice","tenant":7}' | jwtkit sign --key private.jwk.json --alg EdDSA --claims -`,
  async run({ positionals, values }, output) {
    atMost(positionals, 0, 'sign');
    if (values.alg === undefined) throw usageError('sign needs --alg ALG (e.g. --alg ES256): the alg is never guessed');
    const alg = values.alg as Alg;
    const { payload, options } = await payloadFrom(values);
    const key = await signingKeyFrom(values, alg);
    const token = await sign(payload, key, { ...options, alg });
    const { header, payload: signed } = decode(token);
    output.result({ token, header, payload: signed });
    output.line(token);
    if (signed.exp === undefined) output.note('note: no --exp, so this token never expires');
  },
});
