/// <reference types="node" />
import { type Enc, type EncryptOptions, type KeyManagementAlg, decodeProtectedHeader, encrypt } from '../../index.js';
import { atMost, defineCommand } from '../command.js';
import { KEY_SOURCE_HELP, KEY_SOURCE_OPTIONS, jweKeyFrom } from '../key-sources.js';
import { PAYLOAD_HELP, PAYLOAD_OPTIONS, payloadFrom } from '../payload.js';

/** `jwtkit encrypt`: an encrypted JWT (compact JWE) from the same claim flags as sign. */

export const encryptCommand = defineCommand({
  name: 'encrypt',
  summary: "make an encrypted JWT (JWE) for a recipient's public key or a shared secret",
  checksTokens: false,
  options: {
    ...KEY_SOURCE_OPTIONS,
    ...PAYLOAD_OPTIONS,
    alg: { type: 'string' },
    enc: { type: 'string' },
  },
  help: `Usage: jwtkit encrypt (--key FILE | --secret-env NAME | --secret-file FILE | --secret-stdin)
                      [--alg ALG] [--enc ENC] [--exp 5m] [--iss ISSUER] [--aud AUDIENCE] [--claim k=v ...]

Prints an encrypted JWT (compact JWE, five parts) on stdout: only the holder of the private key (or
the secret) can read its claims. Encryption proves nothing about who made the token: sign for that.

Key (exactly one):
${KEY_SOURCE_HELP.replace('an HMAC secret', 'a secret')}
  --alg ALG             key management: RSA-OAEP-256 (default for RSA keys), ECDH-ES (default for EC and
                        X25519 keys), dir (default for a secret of a content key's length), A256KW, …
  --enc ENC             content encryption: A256GCM (default), A128GCM, A256CBC-HS512, …

Claims:
${PAYLOAD_HELP}

Output:
  --json                { token, header }
  -h, --help            this help

Examples:
  jwtkit encrypt --key recipient-public.pem --exp 15m --iss https://app.example --aud api --sub alice
  jwtkit encrypt --secret-file cek.bin --alg dir --enc A256GCM --claim email=ada@example.com`,
  async run({ positionals, values }, output) {
    atMost(positionals, 0, 'encrypt');
    const { payload, options } = await payloadFrom(values);
    const encryptOptions: EncryptOptions = { ...options };
    if (values.alg !== undefined) encryptOptions.alg = values.alg as KeyManagementAlg;
    if (values.enc !== undefined) encryptOptions.enc = values.enc as Enc;
    const key = await jweKeyFrom(values, 'encrypt');
    const token = await encrypt(payload, key, encryptOptions);
    output.result({ token, header: decodeProtectedHeader(token) });
    output.line(token);
    if (values.exp === undefined && payload.exp === undefined) output.note('note: no --exp, so this token never expires');
  },
});
