import type { Duration, VerifyOptions } from '../index.js';
import { usageError } from './exit.js';

/**
 * The claim checks of verify (and decrypt) from the command line. Issuer and audience are required
 * unless --no-iss / --no-aud: a token issued for another service must not pass by default.
 */

export const CLAIM_OPTIONS = {
  iss: { type: 'string', multiple: true },
  aud: { type: 'string', multiple: true },
  'no-iss': { type: 'boolean' },
  'no-aud': { type: 'boolean' },
  sub: { type: 'string' },
  typ: { type: 'string' },
  'clock-tolerance': { type: 'string' },
  'max-age': { type: 'string' },
} as const;

export const CLAIM_HELP = `  --iss ISSUER          the issuer the token must have (repeat to allow several)
  --aud AUDIENCE        an audience the token must have (repeat to allow several)
  --no-iss, --no-aud    do not check iss / aud: say so explicitly, a token for another service would pass
  --sub SUBJECT         the subject the token must have
  --typ TYP             the header typ the token must have (e.g. at+jwt)
  --clock-tolerance D   leeway for exp/nbf, e.g. 30s
  --max-age D           refuse tokens issued longer ago than this, e.g. 1h`;

export interface ClaimValues {
  iss?: string[] | undefined;
  aud?: string[] | undefined;
  'no-iss'?: boolean | undefined;
  'no-aud'?: boolean | undefined;
  sub?: string | undefined;
  typ?: string | undefined;
  'clock-tolerance'?: string | undefined;
  'max-age'?: string | undefined;
}

function required(values: string[] | undefined, skip: boolean | undefined, claim: 'iss' | 'aud', what: string): string | string[] | undefined {
  if (skip && values) throw usageError(`--${claim} and --no-${claim} contradict each other: keep one`);
  if (skip) return undefined;
  if (!values) throw usageError(`say which ${what} to accept with --${claim} (or --no-${claim} to skip that check, if you mean it)`);
  return values.length === 1 ? values[0]! : values;
}

/** A duration flag: a unit string as the library reads it ("30s", "5m"), or plain digits as seconds. */
export function durationFlag(value: string): Duration {
  // Typed text from the command line: the library checks it at run time (a bad one is ERR_INVALID_ARGUMENT, exit 2).
  return /^\d+$/.test(value) ? Number(value) : (value as Duration);
}

/** The claim checks verify and decrypt share (not `algorithms`: a JWS alg and a JWE alg are different lists). */
export type ClaimChecks = Pick<VerifyOptions, 'issuer' | 'audience' | 'subject' | 'typ' | 'clockTolerance' | 'maxAge'>;

export function claimOptions(values: ClaimValues): ClaimChecks {
  const options: ClaimChecks = {};
  const issuer = required(values.iss, values['no-iss'], 'iss', 'issuer');
  const audience = required(values.aud, values['no-aud'], 'aud', 'audience');
  if (issuer !== undefined) options.issuer = issuer;
  if (audience !== undefined) options.audience = audience;
  if (values.sub !== undefined) options.subject = values.sub;
  if (values.typ !== undefined) options.typ = values.typ;
  if (values['clock-tolerance'] !== undefined) options.clockTolerance = durationFlag(values['clock-tolerance']);
  if (values['max-age'] !== undefined) options.maxAge = durationFlag(values['max-age']);
  return options;
}
