/**
 * Interop with jose@6 (panva/jose): tokens flow both ways for every alg jwtkit supports (jose 6
 * knows all of them, including the fully-specified `Ed25519`), claims survive the trip, expiry is
 * judged alike, and jose's own key formats (CryptoKeys, exported JWKs) work as jwtkit keys.
 */
import { SignJWT, decodeJwt, decodeProtectedHeader, errors, exportJWK, importPKCS8, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { type Alg, type Jwk, sign, verify } from '../../src/index.js';
import { ALGS, expectCode, keysFor, pemPair } from '../helpers.js';
import {
  AUDIENCE,
  ISSUER,
  SUBJECT,
  TTL,
  customClaims,
  expectedClaims,
  nowSeconds,
  pastSeconds,
  signatureBytes,
  withAlteredPayload,
  describeClaimChecksOnPeerTokens,
  expectExpiredPeerTokenRefused,
} from './common.js';

type JoseKey = CryptoKey | Uint8Array;

/** jose 6 supports every alg jwtkit does (lib/jws_algorithms.js), the fully-specified Ed25519 included. */
const JOSE_ALGS: Alg[] = [...ALGS];

const privateKeys = new Map<Alg, Promise<JoseKey>>();
const publicKeys = new Map<Alg, Promise<JoseKey>>();

/** The key jose signs with: the secret bytes, or the PKCS#8 PEM imported (extractable, for exportJWK). */
function joseSignKey(alg: Alg): Promise<JoseKey> {
  let key = privateKeys.get(alg);
  if (!key) {
    const { signKey } = keysFor(alg);
    key = alg.startsWith('HS') ? Promise.resolve(signKey as Uint8Array) : importPKCS8(pemPair(alg).privateKey, alg, { extractable: true });
    privateKeys.set(alg, key);
  }
  return key;
}

/** The key jose verifies with: the secret bytes, or the SPKI PEM imported. */
function joseVerifyKey(alg: Alg): Promise<JoseKey> {
  let key = publicKeys.get(alg);
  if (!key) {
    const { verifyKey } = keysFor(alg);
    key = alg.startsWith('HS') ? Promise.resolve(verifyKey as Uint8Array) : importSPKI(pemPair(alg).publicKey, alg, { extractable: true });
    publicKeys.set(alg, key);
  }
  return key;
}

/** A token made by jose: sub, iss, aud, iat, exp (iat + 5 min) and the custom claims. */
async function joseToken(alg: Alg, iat = nowSeconds()): Promise<string> {
  return new SignJWT(customClaims())
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setSubject(SUBJECT)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + TTL)
    .sign(await joseSignKey(alg));
}

/** A token made by jwtkit with the helpers' PEM / secret, at `now` (default: the current time). */
function jwtkitToken(alg: Alg, now?: number): Promise<string> {
  return sign(customClaims(), keysFor(alg).signKey, { alg, expiresIn: '5m', issuer: ISSUER, audience: AUDIENCE, subject: SUBJECT, now });
}

describe.each(JOSE_ALGS)('jose ⇄ jwtkit with %s', (alg) => {
  it(`jose-signed ${alg} token verifies in jwtkit with the same claims`, async () => {
    const iat = nowSeconds();
    const token = await joseToken(alg, iat);

    const { header, payload } = await verify(token, keysFor(alg).verifyKey, { issuer: ISSUER, audience: AUDIENCE });

    expect(header).toEqual({ alg, typ: 'JWT' });
    expect(payload).toEqual({ ...customClaims(), sub: SUBJECT, iss: ISSUER, aud: AUDIENCE, iat, exp: iat + TTL });
    expect(payload).toEqual(decodeJwt(token));
  });

  it(`jwtkit rejects a jose-signed ${alg} token whose payload was altered`, async () => {
    const forged = withAlteredPayload(await joseToken(alg), { sub: 'someone-else' });
    await expectCode(verify(forged, keysFor(alg).verifyKey, { issuer: ISSUER, audience: AUDIENCE }), 'ERR_JWT_SIGNATURE');
  });

  it(`jwtkit-signed ${alg} token verifies in jose with issuer/audience checks and the same claims`, async () => {
    const before = nowSeconds();
    const token = await jwtkitToken(alg);
    const after = nowSeconds();

    const { payload, protectedHeader } = await jwtVerify(token, await joseVerifyKey(alg), {
      algorithms: [alg],
      issuer: ISSUER,
      audience: AUDIENCE,
      subject: SUBJECT,
      typ: 'JWT',
      requiredClaims: ['iat', 'exp'],
    });

    expect(protectedHeader).toEqual({ alg, typ: 'JWT' });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.iat).toBeLessThanOrEqual(after);
    expect(payload).toEqual(expectedClaims(payload.iat!));
  });

  it(`jose rejects an expired jwtkit ${alg} token as expired (and accepts it at its issue time)`, async () => {
    const issuedAt = pastSeconds();
    const token = await jwtkitToken(alg, issuedAt);
    const key = await joseVerifyKey(alg);

    const error = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errors.JWTExpired);
    expect(error).toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'exp' });

    // Only the clock made it fail: at the time jwtkit signed it, jose accepts it.
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, currentDate: new Date((issuedAt + 60) * 1000) });
    expect(payload).toEqual(expectedClaims(issuedAt));
  });

  it(`jwtkit rejects an expired jose-signed ${alg} token with ERR_JWT_EXPIRED (and accepts it at its issue time)`, async () => {
    await expectExpiredPeerTokenRefused(alg, joseToken);
  });

  it(`a jose-exported JWK of the ${alg} verify key works as jwtkit's verify key`, async () => {
    const jwk = (await exportJWK(await joseVerifyKey(alg))) as Jwk;
    expect(jwk.d).toBeUndefined();
    const token = await joseToken(alg);

    const plain = await verify(token, jwk, { issuer: ISSUER, audience: AUDIENCE });
    expect(plain.payload).toEqual(decodeJwt(token));

    // The same JWK pinned to the alg and marked for signatures, as a JWKS would publish it.
    const pinned = await verify(token, { ...jwk, alg, use: 'sig', kid: 'k1' }, { issuer: ISSUER, audience: AUDIENCE });
    expect(pinned.payload).toEqual(decodeJwt(token));

    await expectCode(verify(withAlteredPayload(token, { role: 'root' }), jwk, { issuer: ISSUER, audience: AUDIENCE }), 'ERR_JWT_SIGNATURE');
  });

  it(`the very key jose verifies ${alg} with (CryptoKey / secret bytes) works in jwtkit`, async () => {
    const token = await joseToken(alg);
    const { payload } = await verify(token, await joseVerifyKey(alg), { issuer: ISSUER, audience: AUDIENCE });
    expect(payload).toEqual(decodeJwt(token));
  });

  it(`jwtkit signs ${alg} with a jose-exported private JWK and jose verifies it`, async () => {
    const jwk = (await exportJWK(await joseSignKey(alg))) as Jwk;
    const token = await sign(customClaims(), jwk, { alg, expiresIn: '5m', issuer: ISSUER, audience: AUDIENCE, subject: SUBJECT });
    expect(decodeProtectedHeader(token).alg).toBe(alg);
    const { payload } = await jwtVerify(token, await joseVerifyKey(alg), { algorithms: [alg], issuer: ISSUER, audience: AUDIENCE });
    expect(payload).toEqual(expectedClaims(payload.iat!));
  });
});

/** A short token from jose with the given issuer and audience. */
async function joseTokenFor(alg: Alg, iss: string, aud: string | string[]): Promise<string> {
  return new SignJWT({ sub: SUBJECT })
    .setProtectedHeader({ alg })
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(await joseSignKey(alg));
}

describeClaimChecksOnPeerTokens('jose', joseTokenFor);

describe('expiry boundary agreement with jose', () => {
  // RFC 7519 §4.1.4: the current time must be *before* exp; at exp exactly the token is expired.
  it.each(['HS256', 'ES256', 'EdDSA'] as Alg[])('%s: jose and jwtkit both reject at exp and both accept one second before', async (alg) => {
    const issuedAt = pastSeconds();
    const exp = issuedAt + TTL;
    const joseMade = await joseToken(alg, issuedAt);
    const jwtkitMade = await jwtkitToken(alg, issuedAt);
    const { verifyKey } = keysFor(alg);
    const key = await joseVerifyKey(alg);

    for (const token of [joseMade, jwtkitMade]) {
      await expectCode(verify(token, verifyKey, { now: exp }), 'ERR_JWT_EXPIRED');
      await expect(jwtVerify(token, key, { currentDate: new Date(exp * 1000) })).rejects.toBeInstanceOf(errors.JWTExpired);
      await expect(verify(token, verifyKey, { now: exp - 1 })).resolves.toMatchObject({ payload: { exp } });
      await expect(jwtVerify(token, key, { currentDate: new Date((exp - 1) * 1000) })).resolves.toMatchObject({ payload: { exp } });
    }
  });
});

describe('ECDSA signatures are raw R||S (JOSE form), not DER', () => {
  it.each([
    ['ES256', 64],
    ['ES384', 96],
    ['ES512', 132],
  ] as [Alg, number][])('jwtkit %s signature is %i bytes and jose (WebCrypto, raw-only) verifies it', async (alg, length) => {
    const token = await jwtkitToken(alg);
    expect(signatureBytes(token)).toHaveLength(length);
    const { payload } = await jwtVerify(token, await joseVerifyKey(alg), { algorithms: [alg], issuer: ISSUER, audience: AUDIENCE });
    expect(payload.sub).toBe(SUBJECT);
  });

  it.each(['ES256', 'ES384', 'ES512'] as Alg[])('jose %s signatures have the raw length jwtkit demands, and jwtkit verifies them', async (alg) => {
    const token = await joseToken(alg);
    const expected = { ES256: 64, ES384: 96, ES512: 132 }[alg as 'ES256'];
    expect(signatureBytes(token)).toHaveLength(expected);
    await expect(verify(token, keysFor(alg).verifyKey, { algorithms: [alg] })).resolves.toMatchObject({ header: { alg } });
  });
});
