/**
 * Shared fixtures for the interop suites (jose, jsonwebtoken, fast-jwt): the claims every token
 * carries, the clock, and small token surgery helpers. Keys come from ../helpers.ts (generated once
 * per test file, never per test).
 */
import { describe, expect, it } from 'vitest';
import { type Alg, JwtExpiredError, type JwtPayload, verify } from '../../src/index.js';
import { expectCode, keysFor } from '../helpers.js';

export const ISSUER = 'https://issuer.example.com';
export const AUDIENCE = 'https://api.example.com';
export const SUBJECT = 'user-1234';

/** Custom claims, including non-ASCII text so both sides must agree on UTF-8 JSON. */
const CUSTOM = {
  role: 'admin',
  scopes: ['read', 'write'],
  tenant: { id: 42, name: 'Zoë & Søn 🚀' },
  active: true,
};

/** A fresh copy of the custom claims (a peer may mutate the payload object it is given). */
export function customClaims(): typeof CUSTOM {
  return structuredClone(CUSTOM);
}

/** Five minutes, in seconds: what `expiresIn: '5m'` must produce. */
export const TTL = 300;

/** Whole seconds since the epoch. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A moment safely in the past: tokens issued then with a 5-minute lifetime are long expired. */
export function pastSeconds(): number {
  return nowSeconds() - 3600;
}

/** The HMAC secret of an HS* alg as a Buffer (what the Node peers want); the same bytes jwtkit gets. */
export function secretBuffer(alg: Alg): Buffer {
  const { signKey } = keysFor(alg);
  if (typeof signKey === 'string') return Buffer.from(signKey, 'utf8');
  return Buffer.from(signKey);
}

/** The decoded signature segment of a compact token. */
export function signatureBytes(token: string): Buffer {
  const signature = token.split('.')[2];
  if (signature === undefined) throw new Error('not a compact token');
  return Buffer.from(signature, 'base64url');
}

/** The token with its payload segment replaced by `changes` merged in, signature kept: a forgery. */
export function withAlteredPayload(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as JwtPayload;
  const altered = Buffer.from(JSON.stringify({ ...claims, ...changes }), 'utf8').toString('base64url');
  return `${header}.${altered}.${signature}`;
}

/** Runs a (sync or async) action and returns what it threw; fails the test if it did not throw. */
export async function thrownBy(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw, but it succeeded');
}

/** The claims every jwtkit-signed interop token must carry, as a peer should see them. */
export function expectedClaims(iat: number): Record<string, unknown> {
  return { ...customClaims(), iss: ISSUER, aud: AUDIENCE, sub: SUBJECT, iat, exp: iat + TTL };
}

/**
 * jwtkit's issuer/audience checks on a peer's tokens: a token whose `aud` array holds the expected
 * audience passes; a foreign `iss` or `aud` is ERR_JWT_CLAIM naming the claim.
 */
export function describeClaimChecksOnPeerTokens(peer: string, tokenFor: (alg: Alg, iss: string, aud: string | string[]) => string | Promise<string>): void {
  describe(`jwtkit enforces its issuer/audience options on ${peer} tokens`, () => {
    it.each(['HS256', 'ES256'] as Alg[])(`%s: a multi-audience ${peer} token is accepted; a foreign iss or aud is ERR_JWT_CLAIM`, async (alg) => {
      const { verifyKey } = keysFor(alg);
      const expected = { issuer: ISSUER, audience: AUDIENCE };
      const multi = await tokenFor(alg, ISSUER, ['https://other.example.com', AUDIENCE]);
      await expect(verify(multi, verifyKey, expected)).resolves.toMatchObject({ payload: { aud: ['https://other.example.com', AUDIENCE] } });

      const foreignIss = await tokenFor(alg, 'https://evil.example.com', AUDIENCE);
      expect(await expectCode(verify(foreignIss, verifyKey, expected), 'ERR_JWT_CLAIM')).toMatchObject({ claim: 'iss' });

      const foreignAud = await tokenFor(alg, ISSUER, 'https://other.example.com');
      expect(await expectCode(verify(foreignAud, verifyKey, expected), 'ERR_JWT_CLAIM')).toMatchObject({ claim: 'aud' });
    });
  });
}

/** A peer token issued an hour ago (5-minute lifetime) is ERR_JWT_EXPIRED at its exp, and valid at its issue time. */
export async function expectExpiredPeerTokenRefused(alg: Alg, tokenAt: (alg: Alg, iat: number) => string | Promise<string>): Promise<void> {
  const issuedAt = pastSeconds();
  const token = await tokenAt(alg, issuedAt);
  const { verifyKey } = keysFor(alg);
  const expected = { issuer: ISSUER, audience: AUDIENCE };

  const error = await expectCode(verify(token, verifyKey, expected), 'ERR_JWT_EXPIRED');
  expect(error).toBeInstanceOf(JwtExpiredError);
  expect((error as JwtExpiredError).expiredAt.getTime()).toBe((issuedAt + TTL) * 1000);

  const { payload } = await verify(token, verifyKey, { ...expected, now: issuedAt + 60 });
  expect(payload.exp).toBe(issuedAt + TTL);
}
