/**
 * Interop with fast-jwt@6 (nearform/fast-jwt): tokens flow both ways for every alg it supports
 * (HS*, RS*, PS*, ES*, EdDSA; it does not know the fully-specified `Ed25519`), claims survive the
 * trip, and expiry is judged alike.
 */
import { TokenError, createDecoder, createSigner, createVerifier } from 'fast-jwt';
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

/** fast-jwt 6 algorithms (src/index.d.ts `Algorithm`, minus `none`). */
const FAST_ALGS: Alg[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const decodeComplete = createDecoder({ complete: true });
const decodePayload = createDecoder();

/** What fast-jwt signs with: the secret as a Buffer, or the PKCS#8 PEM. */
function peerSignKey(alg: Alg): Buffer | string {
  return alg.startsWith('HS') ? secretBuffer(alg) : pemPair(alg).privateKey;
}

/** What fast-jwt verifies with: the secret as a Buffer, or the SPKI PEM. */
function peerVerifyKey(alg: Alg): Buffer | string {
  return alg.startsWith('HS') ? secretBuffer(alg) : pemPair(alg).publicKey;
}

/** A token made by fast-jwt: sub, iss, aud, iat, exp (iat + 5 min) and the custom claims. */
function peerToken(alg: Alg, iat = nowSeconds()): string {
  const signer = createSigner({
    key: peerSignKey(alg),
    algorithm: alg as 'HS256',
    expiresIn: '5m',
    iss: ISSUER,
    aud: AUDIENCE,
    sub: SUBJECT,
    clockTimestamp: iat * 1000, // fast-jwt clocks are in milliseconds
  });
  return signer(customClaims());
}

/** A token made by jwtkit with the helpers' PEM / secret, at `now` (default: the current time). */
function jwtkitToken(alg: Alg, now?: number): Promise<string> {
  return sign(customClaims(), keysFor(alg).signKey, { alg, expiresIn: '5m', issuer: ISSUER, audience: AUDIENCE, subject: SUBJECT, now });
}

/** fast-jwt's verify with its claim checks on, returning header and payload. `at` is epoch seconds. */
function peerVerify(token: string, alg: Alg, at?: number): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const verifier = createVerifier({
    key: peerVerifyKey(alg),
    algorithms: [alg as 'HS256'],
    allowedIss: ISSUER,
    allowedAud: AUDIENCE,
    allowedSub: SUBJECT,
    complete: true,
    ...(at === undefined ? {} : { clockTimestamp: at * 1000 }),
  });
  return verifier(token) as { header: Record<string, unknown>; payload: Record<string, unknown> };
}

describe.each(FAST_ALGS)('fast-jwt ⇄ jwtkit with %s', (alg) => {
  it(`fast-jwt-signed ${alg} token verifies in jwtkit with the same claims`, async () => {
    const iat = nowSeconds();
    const token = peerToken(alg, iat);

    const { header, payload } = await verify(token, keysFor(alg).verifyKey, { issuer: ISSUER, audience: AUDIENCE });

    expect(header).toEqual({ alg, typ: 'JWT' });
    expect(payload).toEqual({ ...customClaims(), sub: SUBJECT, iss: ISSUER, aud: AUDIENCE, iat, exp: iat + TTL });
    expect(payload).toEqual(decodePayload(token));
  });

  it(`jwtkit rejects a fast-jwt-signed ${alg} token whose payload was altered`, async () => {
    const forged = withAlteredPayload(peerToken(alg), { exp: nowSeconds() + 10 * 365 * 86400 });
    await expectCode(verify(forged, keysFor(alg).verifyKey), 'ERR_JWT_SIGNATURE');
  });

  it(`jwtkit-signed ${alg} token verifies in fast-jwt with issuer/audience checks and the same claims`, async () => {
    const before = nowSeconds();
    const token = await jwtkitToken(alg);
    const after = nowSeconds();

    const { header, payload } = peerVerify(token, alg);

    expect(header).toEqual({ alg, typ: 'JWT' });
    const iat = payload.iat as number;
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(iat).toBeLessThanOrEqual(after);
    expect(payload).toEqual(expectedClaims(iat));
  });

  it(`fast-jwt rejects an expired jwtkit ${alg} token as expired (and accepts it at its issue time)`, async () => {
    const issuedAt = pastSeconds();
    const token = await jwtkitToken(alg, issuedAt);

    const error = await thrownBy(() => peerVerify(token, alg));
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: TokenError.codes.expired });

    // Only the clock made it fail: at the time jwtkit signed it, fast-jwt accepts it.
    expect(peerVerify(token, alg, issuedAt + 60).payload).toEqual(expectedClaims(issuedAt));
  });

  it(`jwtkit rejects an expired fast-jwt-signed ${alg} token with ERR_JWT_EXPIRED (and accepts it at its issue time)`, async () => {
    await expectExpiredPeerTokenRefused(alg, peerToken);
  });
});

/** A short token from fast-jwt with the given issuer and audience. */
function peerTokenFor(alg: Alg, iss: string, aud: string | string[]): string {
  return createSigner({ key: peerSignKey(alg), algorithm: alg as 'HS256', expiresIn: '5m', iss, aud })({ sub: SUBJECT });
}

describeClaimChecksOnPeerTokens('fast-jwt', peerTokenFor);

describe('expiry agreement with fast-jwt around exp', () => {
  // fast-jwt compares in milliseconds and still accepts at exp itself (now <= exp), while jwtkit
  // follows RFC 7519 §4.1.4 (expired at exp); one second either side, both must agree.
  it.each(['HS256', 'ES256', 'EdDSA'] as Alg[])('%s: both reject one second after exp and both accept one second before', async (alg) => {
    const issuedAt = pastSeconds();
    const exp = issuedAt + TTL;
    const { verifyKey } = keysFor(alg);

    for (const token of [peerToken(alg, issuedAt), await jwtkitToken(alg, issuedAt)]) {
      await expectCode(verify(token, verifyKey, { now: exp + 1 }), 'ERR_JWT_EXPIRED');
      expect(await thrownBy(() => peerVerify(token, alg, exp + 1))).toMatchObject({ code: TokenError.codes.expired });
      await expect(verify(token, verifyKey, { now: exp - 1 })).resolves.toMatchObject({ payload: { exp } });
      expect(peerVerify(token, alg, exp - 1).payload).toMatchObject({ exp });
    }
  });
});

describe('ECDSA signatures are raw R||S (JOSE form), not DER', () => {
  it.each([
    ['ES256', 64],
    ['ES384', 96],
    ['ES512', 132],
  ] as [Alg, number][])('jwtkit %s signature is %i bytes and fast-jwt (which converts JOSE raw to DER) verifies it', async (alg, length) => {
    const token = await jwtkitToken(alg);
    expect(signatureBytes(token)).toHaveLength(length);
    expect(peerVerify(token, alg).payload).toMatchObject({ sub: SUBJECT });
  });

  it.each(['ES256', 'ES384', 'ES512'] as Alg[])('fast-jwt %s tokens carry raw signatures of the length jwtkit demands', async (alg) => {
    const token = peerToken(alg);
    const expected = { ES256: 64, ES384: 96, ES512: 132 }[alg as 'ES256'];
    expect(signatureBytes(token)).toHaveLength(expected);
    expect((decodeComplete(token) as { header: { alg: string } }).header.alg).toBe(alg);
    await expect(verify(token, keysFor(alg).verifyKey, { algorithms: [alg] })).resolves.toMatchObject({ header: { alg } });
  });
});
