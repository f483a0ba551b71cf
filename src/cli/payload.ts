import type { JwtPayload, SignOptions } from '../index.js';
import { durationFlag } from './claims.js';
import { configError, usageError } from './exit.js';
import { readJsonFile } from './input.js';

/**
 * The claims of a token to make (sign, encrypt): a claims file, `--claim NAME=VALUE` pairs over it,
 * and the registered-claim flags over both, as the library's claim options.
 */

export const PAYLOAD_OPTIONS = {
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
} as const;

export const PAYLOAD_HELP = `  --exp D               expires this long from now: 30s, 5m, 2h, 7d (or seconds)
  --nbf D               not valid until this long from now
  --iss, --sub, --jti   the issuer, subject and token id
  --aud AUDIENCE        the audience (repeat for several)
  --claim NAME=VALUE    a claim; VALUE is JSON when it parses (true, 42, ["a","b"]), else a string
  --claims FILE         a JSON object of claims (- for stdin); --claim and the flags above win
  --kid ID              the header kid (default: a JWK's own kid)
  --typ TYP             the header typ (default JWT)`;

export interface PayloadValues {
  exp?: string | undefined;
  nbf?: string | undefined;
  iss?: string | undefined;
  aud?: string[] | undefined;
  sub?: string | undefined;
  jti?: string | undefined;
  kid?: string | undefined;
  typ?: string | undefined;
  claim?: string[] | undefined;
  claims?: string | undefined;
}

/** The claim options sign and encrypt share. */
export type ClaimOptions = Omit<SignOptions, 'alg'>;

/** The registered claims that have their own flag. */
const FLAG_CLAIMS = ['exp', 'nbf', 'iss', 'aud', 'sub', 'jti'] as const;

/** The payload and the claim options from the command line; a flag wins over the same claim from --claims / --claim. */
export async function payloadFrom(values: PayloadValues): Promise<{ payload: JwtPayload; options: ClaimOptions }> {
  const claims = await claimsFrom(values.claims, values.claim ?? []);
  const options: ClaimOptions = {};
  if (values.exp !== undefined) options.expiresIn = durationFlag(values.exp);
  if (values.nbf !== undefined) options.notBefore = durationFlag(values.nbf);
  if (values.iss !== undefined) options.issuer = values.iss;
  if (values.aud !== undefined) options.audience = values.aud.length === 1 ? values.aud[0]! : values.aud;
  if (values.sub !== undefined) options.subject = values.sub;
  if (values.jti !== undefined) options.jwtId = values.jti;
  if (values.kid !== undefined) options.kid = values.kid;
  if (values.typ !== undefined) options.typ = values.typ;
  // The library refuses a claim set both ways: the flag's claim is dropped from the others.
  const fromFlags = new Set<string>(FLAG_CLAIMS.filter((claim) => values[claim] !== undefined));
  const payload = Object.fromEntries(Object.entries(claims).filter(([claim]) => !fromFlags.has(claim)));
  return { payload, options };
}

/** The claims file, then each --claim NAME=VALUE over it. */
async function claimsFrom(file: string | undefined, pairs: string[]): Promise<JwtPayload> {
  const payload: JwtPayload = {};
  if (file !== undefined) {
    const claims = await readJsonFile(file, 'claims file');
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
      throw configError(`the claims file ${file} must hold a JSON object`, 'ERR_FILE');
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
