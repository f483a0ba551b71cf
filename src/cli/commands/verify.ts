/// <reference types="node" />
import { type Alg, type JwtHeader, type JwtPayload, type KeyResolver, type VerifyOptions, createRemoteJwks, verify } from '../../index.js';
import { atMost, defineCommand } from '../command.js';
import { usageError } from '../exit.js';
import { readToken } from '../input.js';
import { claimTimes } from '../times.js';
import { CLAIM_HELP, CLAIM_OPTIONS, claimOptions } from '../claims.js';
import { KEY_SOURCE_HELP, KEY_SOURCE_OPTIONS, verificationKeyFrom } from '../key-sources.js';

/**
 * `jwtkit verify`: the signature with the given key, then the claims. Issuer and audience are
 * required unless --no-iss / --no-aud say the user means it (a token for another service must not pass).
 */

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: "check a token's signature and claims; exit 0 and print the payload when valid",
  checksTokens: true,
  options: {
    ...KEY_SOURCE_OPTIONS,
    jwks: { type: 'string' },
    ...CLAIM_OPTIONS,
    alg: { type: 'string', multiple: true },
  },
  help: `Usage: jwtkit verify [TOKEN] (--key FILE | --jwks URL | --secret-env NAME | --secret-file FILE | --secret-stdin)
                     (--iss ISSUER | --no-iss) (--aud AUDIENCE | --no-aud) [--alg ALG] [options]

Verifies the signature, then exp/nbf and the claims. Exit 0 and the payload when valid; otherwise the
error code, the reason, and exit 1 (token rejected), 2 (usage error) or 3 (key or config problem).
Without TOKEN, the token is read from stdin.

Key (exactly one):
${KEY_SOURCE_HELP}
  --jwks URL            a JWK set URL (https:, or http: to localhost); the key is picked by the token's kid

Checks:
  --alg ALG             accept only this alg (repeat for several). Recommended: without it, any alg
                        the key can do is accepted
${CLAIM_HELP}

Output:
  --json                { valid: true, header, payload } or { error: { code, message, exit } }
  -h, --help            this help

Examples:
  jwtkit verify --key public.pem --alg ES256 --iss https://auth.example.com --aud api < token.txt
  jwtkit verify "$TOKEN" --jwks https://auth.example.com/.well-known/jwks.json --alg RS256 --iss https://auth.example.com --aud api
  JWT_SECRET=... jwtkit verify "$TOKEN" --secret-env JWT_SECRET --alg HS256 --iss me --no-aud --json`,
  async run({ positionals, values }, output) {
    atMost(positionals, 1, 'verify');
    const options: VerifyOptions = claimOptions(values);
    const algs = values.alg as Alg[] | undefined;
    if (algs) options.algorithms = algs;
    const key = await verificationKeyFrom(values, algs, values.jwks === undefined ? undefined : remoteSet(values.jwks));
    const token = await readToken(positionals[0]);
    const { header, payload } = await verify(token, key, options);
    const times = claimTimes(payload);
    output.result({ valid: true, header, payload, times });
    const { style } = output;
    output.line(style.green(`✓ valid: ${describeSigner(header)}`));
    output.block(payload);
    for (const [claim, time] of Object.entries(times)) output.line(`  ${claim}  ${time.date}  ${style.dim(`(${time.relative})`)}`);
    if (!algs) output.note(`note: no --alg given, so any alg this key can do was accepted; pin it with --alg ${header.alg}`);
  },
});

function describeSigner(header: JwtHeader): string {
  return header.kid === undefined ? header.alg : `${header.alg}, kid ${header.kid}`;
}

function remoteSet(url: string): KeyResolver<JwtHeader, JwtPayload> {
  try {
    return createRemoteJwks(url);
  } catch {
    throw usageError('--jwks needs an https: URL (http: only to localhost), without credentials');
  }
}
