/**
 * Interop with jsonwebtoken@9 (auth0/node-jsonwebtoken): tokens flow both ways for every alg it
 * supports (HS*, RS*, PS*, ES*; it has no EdDSA), claims survive the trip, expiry is judged alike,
 * and string secrets mean the same UTF-8 bytes on both sides.
 */
import * as jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { type Alg, sign, verify } from '../../src/index.js';
import { expectCode, keysFor, pemPair } from '../helpers.js';
import {
  AUDIENCE,
  ISSUER,
  SUBJECT,
  TTL,
  customClaims,
  expectedClaims,
  nowSeconds,
  pastSeconds,
  secretBuffer,
  signatureBytes,
  thrownBy,
  withAlteredPayload,
  describeClaimChecksOnPeerTokens,
  expectExpiredPeerTokenRefused,
} from './common.js';

/** jsonwebtoken 9 signs and verifies these (sign.js SUPPORTED_ALGS, minus `none`); no EdDSA. */
const JWT_ALGS: Alg[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** What jsonwebtoken signs with: the secret as a Buffer, or the PKCS#8 PEM. */
function peerSignKey(alg: Alg): Buffer | string {
  return alg.startsWith('HS') ? secretBuffer(alg) : pemPair(alg).privateKey;
}

/** What jsonwebtoken verifies with: the secret as a Buffer, or the SPKI PEM. */
function peerVerifyKey(alg: Alg): Buffer | string {
  return alg.startsWith('HS') ? secretBuffer(alg) : pemPair(alg).publicKey;
}

/** A token made by jsonwebtoken: sub, iss, aud, iat, exp (iat + 5 min) and the custom claims. */
function peerToken(alg: Alg, iat = nowSeconds()): string {
  return jwt.sign({ ...customClaims(), iat }, peerSignKey(alg), {
    algorithm: alg as jwt.Algorithm,
    expiresIn: '5m',
    issuer: ISSUER,
    audience: AUDIENCE,
    subject: SUBJECT,
  });
}

/** A token made by jwtkit with the helpers' PEM / secret, at `now` (default: the current time). */
function jwtkitToken(alg: Alg, now?: number): Promise<string> {
  return sign(customClaims(), keysFor(alg).signKey, { alg, expiresIn: '5m', issuer: ISSUER, audience: AUDIENCE, subject: SUBJECT, now });
}

/** jsonwebtoken's verify with its claim checks on, returning header and payload. */
function peerVerify(token: string, alg: Alg, options: jwt.VerifyOptions = {}): jwt.Jwt {
  return jwt.verify(token, peerVerifyKey(alg), {
    algorithms: [alg as jwt.Algorithm],
    issuer: ISSUER,
    audience: AUDIENCE,
    subject: SUBJECT,
    ...options,
    complete: true,
  });
}

describe.each(JWT_ALGS)('jsonwebtoken ⇄ jwtkit with %s', (alg) => {
  it(`jsonwebtoken-signed ${alg} token verifies in jwtkit with the same claims`, async () => {
    const iat = nowSeconds();
    const token = peerToken(alg, iat);

    const { header, payload } = await verify(token, keysFor(alg).verifyKey, { issuer: ISSUER, audience: AUDIENCE });

    expect(header).toEqual({ alg, typ: 'JWT' });
    expect(payload).toEqual({ ...customClaims(), sub: SUBJECT, iss: ISSUER, aud: AUDIENCE, iat, exp: iat + TTL });
    expect(payload).toEqual(jwt.decode(token));
  });

  it(`jwtkit rejects a jsonwebtoken-signed ${alg} token whose payload was altered`, async () => {
    const forged = withAlteredPayload(peerToken(alg), { aud: 'https://evil.example.com' });
    await expectCode(verify(forged, keysFor(alg).verifyKey), 'ERR_JWT_SIGNATURE');
  });

  it(`jwtkit-signed ${alg} token verifies in jsonwebtoken with issuer/audience checks and the same claims`, async () => {
    const before = nowSeconds();
    const token = await jwtkitToken(alg);
    const after = nowSeconds();

    const { header, payload } = peerVerify(token, alg);

    expect(header).toEqual({ alg, typ: 'JWT' });
    const claims = payload as jwt.JwtPayload;
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(after);
    expect(claims).toEqual(expectedClaims(claims.iat!));
  });

  it(`jsonwebtoken rejects an expired jwtkit ${alg} token as expired (and accepts it at its issue time)`, async () => {
    const issuedAt = pastSeconds();
    const token = await jwtkitToken(alg, issuedAt);

    const error = await thrownBy(() => peerVerify(token, alg));
    expect(error).toBeInstanceOf(jwt.TokenExpiredError);
    expect((error as jwt.TokenExpiredError).expiredAt.getTime()).toBe((issuedAt + TTL) * 1000);

    // Only the clock made it fail: at the time jwtkit signed it, jsonwebtoken accepts it.
    const { payload } = peerVerify(token, alg, { clockTimestamp: issuedAt + 60 });
    expect(payload).toEqual(expectedClaims(issuedAt));
  });

  it(`jwtkit rejects an expired jsonwebtoken-signed ${alg} token with ERR_JWT_EXPIRED (and accepts it at its issue time)`, async () => {
    await expectExpiredPeerTokenRefused(alg, peerToken);
  });
});

/** A short token from jsonwebtoken with the given issuer and audience. */
function peerTokenFor(alg: Alg, iss: string, aud: string | string[]): string {
  return jwt.sign({ sub: SUBJECT }, peerSignKey(alg), { algorithm: alg as jwt.Algorithm, expiresIn: '5m', issuer: iss, audience: aud });
}

describeClaimChecksOnPeerTokens('jsonwebtoken', peerTokenFor);

describe('expiry boundary agreement with jsonwebtoken', () => {
  // Both use "expired when now >= exp" (RFC 7519 §4.1.4: now must be before exp).
  it.each(['HS256', 'RS256', 'ES256'] as Alg[])('%s: jsonwebtoken and jwtkit both reject at exp and both accept one second before', async (alg) => {
    const issuedAt = pastSeconds();
    const exp = issuedAt + TTL;
    const { verifyKey } = keysFor(alg);

    for (const token of [peerToken(alg, issuedAt), await jwtkitToken(alg, issuedAt)]) {
      await expectCode(verify(token, verifyKey, { now: exp }), 'ERR_JWT_EXPIRED');
      expect(await thrownBy(() => peerVerify(token, alg, { clockTimestamp: exp }))).toBeInstanceOf(jwt.TokenExpiredError);
      await expect(verify(token, verifyKey, { now: exp - 1 })).resolves.toMatchObject({ payload: { exp } });
      expect(peerVerify(token, alg, { clockTimestamp: exp - 1 }).payload).toMatchObject({ exp });
    }
  });
});

describe('HMAC secrets shared with jsonwebtoken', () => {
  const HS_ALGS: Alg[] = ['HS256', 'HS384', 'HS512'];
  const minBytes = (alg: Alg): number => Number(alg.slice(2)) / 8;
  /** A string secret of exactly the alg's minimum length in UTF-8 bytes, all two-byte characters ('ключ' is 8 bytes). */
  const stringSecret = (alg: Alg): string => 'ключ'.repeat(minBytes(alg) / 8);

  it.each(HS_ALGS)('%s: a non-ASCII string secret means the same UTF-8 bytes to both (both directions)', async (alg) => {
    const secret = stringSecret(alg);
    expect(Buffer.byteLength(secret, 'utf8')).toBe(minBytes(alg));
    expect(secret.length).toBeLessThan(minBytes(alg)); // really multi-byte

    const peerMade = jwt.sign({ sub: SUBJECT }, secret, { algorithm: alg as jwt.Algorithm, issuer: ISSUER });
    await expect(verify(peerMade, secret, { issuer: ISSUER })).resolves.toMatchObject({ payload: { sub: SUBJECT, iss: ISSUER } });

    const jwtkitMade = await sign({ sub: SUBJECT }, secret, { alg, issuer: ISSUER });
    expect(jwt.verify(jwtkitMade, secret, { algorithms: [alg as jwt.Algorithm], issuer: ISSUER })).toMatchObject({ sub: SUBJECT, iss: ISSUER });

    // Same bytes as a Buffer: the token made from the string verifies with the raw bytes.
    await expect(verify(peerMade, new Uint8Array(Buffer.from(secret, 'utf8')))).resolves.toMatchObject({ payload: { sub: SUBJECT } });
  });

  // Too short for any HS alg: the secret is no key (ERR_KEY). Long enough for a weaker HS alg only:
  // the token's alg is not one this key can do (ERR_JWT_ALGORITHM), as for any other key.
  it.each([
    ['HS256', 'ERR_KEY'],
    ['HS384', 'ERR_JWT_ALGORITHM'],
    ['HS512', 'ERR_JWT_ALGORITHM'],
  ] as const)('%s: a jsonwebtoken token made with a secret one byte too short is refused by jwtkit (%s)', async (alg, code) => {
    const short = secretBuffer(alg).subarray(0, minBytes(alg) - 1);
    const token = jwt.sign({ sub: SUBJECT }, short, { algorithm: alg as jwt.Algorithm });
    await expectCode(verify(token, new Uint8Array(short)), code);
  });
});

describe('ECDSA signatures are raw R||S (JOSE form), not DER', () => {
  it.each([
    ['ES256', 64],
    ['ES384', 96],
    ['ES512', 132],
  ] as [Alg, number][])('jwtkit %s signature is %i bytes and jsonwebtoken verifies it', async (alg, length) => {
    const token = await jwtkitToken(alg);
    expect(signatureBytes(token)).toHaveLength(length);
    expect(peerVerify(token, alg).payload).toMatchObject({ sub: SUBJECT });
  });
});
