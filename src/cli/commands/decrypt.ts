/// <reference types="node" />
import { type DecryptOptions, type Enc, type KeyManagementAlg, decrypt } from '../../index.js';
import { CLAIM_HELP, CLAIM_OPTIONS, claimOptions } from '../claims.js';
import { atMost, defineCommand } from '../command.js';
import { readToken } from '../input.js';
import { KEY_SOURCE_HELP, KEY_SOURCE_OPTIONS, jweKeyFrom } from '../key-sources.js';
import { claimTimes } from '../times.js';

/**
 * `jwtkit decrypt`: decrypts an encrypted JWT, then checks its claims as verify does; issuer and
 * audience are required unless --no-iss / --no-aud.
 */

export const decryptCommand = defineCommand({
  name: 'decrypt',
  summary: 'decrypt an encrypted JWT (JWE) and check its claims; exit 0 and print the payload when valid',
  checksTokens: true,
  options: {
    ...KEY_SOURCE_OPTIONS,
    ...CLAIM_OPTIONS,
    alg: { type: 'string', multiple: true },
    enc: { type: 'string', multiple: true },
  },
  help: `Usage: jwtkit decrypt [TOKEN] (--key FILE | --secret-env NAME | --secret-file FILE | --secret-stdin)
                      (--iss ISSUER | --no-iss) (--aud AUDIENCE | --no-aud) [--alg ALG] [--enc ENC] [options]

Decrypts a compact JWE whose plaintext is a JWT claims set, then checks exp/nbf and the claims as
jwtkit verify does. Exit 0 and the payload when valid; otherwise the error code, the reason, and exit
1 (token rejected: every decryption failure is ERR_JWE_DECRYPTION), 2 (usage) or 3 (key or config).
Without TOKEN, the token is read from stdin.

Key (exactly one):
${KEY_SOURCE_HELP.replace('an HMAC secret', 'a secret')}
  (--key takes the recipient's private key, or the shared secret as a JWK)

Checks:
  --alg ALG             accept only this key-management alg (repeat for several); recommended
  --enc ENC             accept only this content encryption (repeat for several)
${CLAIM_HELP}

Output:
  --json                { valid: true, header, payload } or { error: { code, message, exit } }
  -h, --help            this help

Examples:
  jwtkit decrypt --key private.pem --alg RSA-OAEP-256 --iss https://app.example --aud api < token.txt
  AUTH_KEY=... jwtkit decrypt "$TOKEN" --secret-env AUTH_KEY --alg dir --no-iss --no-aud --json`,
  async run({ positionals, values }, output) {
    atMost(positionals, 1, 'decrypt');
    const options: DecryptOptions = { ...claimOptions(values) };
    if (values.alg) options.algorithms = values.alg as KeyManagementAlg[];
    if (values.enc) options.encryptions = values.enc as Enc[];
    const key = await jweKeyFrom(values, 'decrypt');
    const token = await readToken(positionals[0]);
    const { header, payload } = await decrypt(token, key, options);
    const times = claimTimes(payload);
    output.result({ valid: true, header, payload, times });
    const { style } = output;
    output.line(style.green(`✓ decrypted and valid: ${header.alg} + ${String(header.enc)}`));
    output.block(payload);
    for (const [claim, time] of Object.entries(times)) output.line(`  ${claim}  ${time.date}  ${style.dim(`(${time.relative})`)}`);
    if (!values.alg) output.note(`note: no --alg given, so any key-management alg this key can do was accepted; pin it with --alg ${header.alg}`);
  },
});
