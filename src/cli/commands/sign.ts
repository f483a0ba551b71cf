/// <reference types="node" />
import { type Alg, type JwtPayload, type SignOptions, decode, sign } from '../../index.js';
import { durationFlag } from '../claims.js';
import { atMost, defineCommand } from '../command.js';
import { configError, usageError } from '../exit.js';
import { readJsonFile } from '../input.js';
import { KEY_SOURCE_HELP, KEY_SOURCE_OPTIONS, signingKeyFrom } from '../key-sources.js';

/** `jwtkit sign`: a JWT from flags and a claims file, signed with a private key or a secret. */

export const signCommand = defineCommand({
  name: 'sign',
  summary: 'make a signed JWT (for tests, scripts and debugging)',
  checksTokens: false,
  options: {
    ...KEY_SOURCE_OPTIONS,
    alg: { type: 'string' },
    exp: { type: 'string' },
    nbf: { type: 'string' },
    iss: { type: 'string' },
    aud: { type: 'string', multiple: true },
    sub: { type: 'string' },
    jti: { type: 'string' },
    kid: { type: 'string' },
    typ: { type: 'string' },
    claim: { type: 'string', multiple: true },
    claims: { type: 'string' },
  },
  help: `Usage: jwtkit sign (--key FILE | --secret-env NAME | --secret-file FILE | --secret-stdin) --alg ALG
                   [--exp 5m] [--iss ISSUER] [--aud AUDIENCE] [--sub SUBJECT] [--claim k=v ...] [--claims FILE]

Prints a signed JWT (compact form) on stdout. iat is now; exp only with --exp.

Key (exactly one):
${KEY_SOURCE_HELP}
  --alg ALG             the alg to sign with (it must fit the key): HS256, RS256, PS256, ES256, EdDSA, …

Claims:
  --exp D               expires this long from now: 30s, 5m, 2h, 7d (or seconds)
  --nbf D               not valid until this long from now
  --iss, --sub, --jti   the issuer, subject and token id
  --aud AUDIENCE        the audience (repeat for several)
  --claim NAME=VALUE    a claim; VALUE is JSON when it parses (true, 42, ["a","b"]), else a string
  --claims FILE         a JSON object of claims (- for stdin); --claim and the flags above win
  --kid ID              the header kid (default: a JWK's own kid)
  --typ TYP             the header typ (default JWT)

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
    const claims = await claimsFrom(values.claims, values.claim ?? []);
    const options: SignOptions = { alg };
    if (values.exp !== undefined) options.expiresIn = durationFlag(values.exp);
    if (values.nbf !== undefined) options.notBefore = durationFlag(values.nbf);
    if (values.iss !== undefined) options.issuer = values.iss;
    if (values.aud !== undefined) options.audience = values.aud.length === 1 ? values.aud[0]! : values.aud;
    if (values.sub !== undefined) options.subject = values.sub;
    if (values.jti !== undefined) options.jwtId = values.jti;
    if (values.kid !== undefined) options.kid = values.kid;
    if (values.typ !== undefined) options.typ = values.typ;
    // Flags win over the same claims from --claims / --claim: those are dropped, so sign sees each claim once.
    const fromFlags = new Set(FLAG_CLAIMS.filter((claim) => values[claim] !== undefined));
    const payload = Object.fromEntries(Object.entries(claims).filter(([claim]) => !fromFlags.has(claim as (typeof FLAG_CLAIMS)[number])));
    const key = await signingKeyFrom(values, alg);
    const token = await sign(payload, key, options);
    const { header, payload: signed } = decode(token);
    output.result({ token, header, payload: signed });
    output.line(token);
    if (signed.exp === undefined) output.note('note: no --exp, so this token never expires');
  },
});

/** The registered claims that have their own flag. */
const FLAG_CLAIMS = ['exp', 'nbf', 'iss', 'aud', 'sub', 'jti'] as const;

/** The payload: the claims file, then each --claim NAME=VALUE over it. */
async function claimsFrom(file: string | undefined, pairs: string[]): Promise<JwtPayload> {
  const payload: JwtPayload = {};
  if (file !== undefined) {
    const claims = await readJsonFile(file, 'claims file');
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw configError(`the claims file ${file} must hold a JSON object`, 'ERR_FILE');
    Object.assign(payload, claims);
  }
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw usageError('--claim takes NAME=VALUE, e.g. --claim role=admin');
    payload[pair.slice(0, at)] = claimValue(pair.slice(at + 1));
  }
  return payload;
}

/** JSON when it parses (true, 42, ["a"], {"a":1}, "quoted"), else the text as a string. */
function claimValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
