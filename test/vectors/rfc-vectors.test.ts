/**
 * The published RFC examples, verified (and where deterministic, reproduced) through the public API:
 * RFC 7515 App. A (compact), RFC 7519 §3.1 / §6.1, RFC 7520 §4 (compact), RFC 8037 A.4 / A.5.
 * The vectors are read unchanged from the JSON files next to this test (see README.md there).
 *
 * Elsewhere: RFC 7797 `b64: false` in test/jws/unencoded.test.ts, the JWS JSON serializations
 * (RFC 7515 A.6/A.7, RFC 7520 general/flattened, RFC 7797 §4.2 flattened) in test/jws/json.test.ts.
 * Not covered here: JWE (RFC 7516, RFC 7519 A.1/A.2).
 */
import { createPublicKey, type JsonWebKey as NodeJsonWebKey } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  type Alg,
  type Jwk,
  type KeyInput,
  JwtExpiredError,
  importKey,
  signJws,
  verify,
  verifyJws,
} from '../../src/index.js';
import { ALGS, expectCode } from '../helpers.js';
import { ALL_VECTORS, type CompactVector, type Vector, isCompactJws, rfc7515, rfc8037 } from './load.js';


const compact = ALL_VECTORS.filter(isCompactJws);
/** Every compact JWS the RFCs say verifies. */
const verifiable = compact.filter((v) => v.expectations.verify === true);
/** The ones whose payload is a JWT Claims Set with `exp`. */
const jwtVectors = verifiable.filter((v): v is CompactVector & { jwt: NonNullable<Vector['jwt']> } => v.jwt !== undefined);
/** Payloads that are not JSON claims sets (and not detached): `verify` must refuse them. */
const nonJwtVectors = verifiable.filter((v) => v.jwt === undefined && v.detached_payload === undefined);
/** Unsecured (`alg: none`) examples. */
const unsecured = compact.filter((v) => v.expectations.reject_by_default === true);

/** Deterministic algs signJws can reproduce exactly (HMAC, RSASSA-PKCS1-v1_5, Ed25519). */
const deterministicAlg = (alg: string): boolean => /^(HS|RS)\d{3}$/.test(alg) || alg === 'EdDSA';
const reproducibleCandidates = verifiable.filter((v) => v.expectations.reproducible === true && deterministicAlg(v.alg));
/** signJws writes `JSON.stringify(header)`, so only headers serialized that way are byte-reproducible. */
const canonicalHeader = (v: CompactVector): boolean => JSON.stringify(v.expected.protected_header) === v.expected.protected_header_raw;
const reproducible = reproducibleCandidates.filter(canonicalHeader);
const nonCanonical = reproducibleCandidates.filter((v) => !canonicalHeader(v));

// ---------------------------------------------------------------------------------------------
// Helpers

const ids = (vectors: Vector[]): string[] => vectors.map((v) => v.id);
/** `[id, alg, vector]` rows, so each test name starts with the vector id. */
const rows = <V extends CompactVector>(vectors: V[]): [string, string, V][] => vectors.map((v) => [v.id, v.alg, v]);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const b64u = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const unb64u = (segment: string): string => Buffer.from(segment, 'base64url').toString('utf8');

function segments(token: string): [string, string, string] {
  const parts = token.split('.');
  expect(parts).toHaveLength(3);
  return parts as [string, string, string];
}

/** Replaces the first character of a base64url segment with another letter (still valid base64url). */
function flipFirst(segment: string): string {
  expect(segment.length).toBeGreaterThan(0);
  return (segment[0] === 'A' ? 'B' : 'A') + segment.slice(1);
}

/** The JWK a verifier uses: the public key, or the shared secret for `oct`. */
function verifyKeyOf(v: Vector): Jwk {
  const key = v.key!;
  const jwk = key.kty === 'oct' ? key.secret_jwk : key.public_jwk;
  if (!jwk) throw new Error(`${v.id}: vector has no verification key`);
  return jwk;
}

/** The JWK a signer uses: the private key, or the shared secret for `oct`. */
function signKeyOf(v: Vector): Jwk {
  const key = v.key!;
  const jwk = key.kty === 'oct' ? key.secret_jwk : key.private_jwk;
  if (!jwk) throw new Error(`${v.id}: vector has no signing key`);
  return jwk;
}

/** Options for verifyJws: the detached content, when the vector has one. */
function jwsOptions(v: Vector): { detachedPayload?: string } {
  return v.detached_payload === undefined ? {} : { detachedPayload: v.detached_payload };
}

/** The token with its detached content put back in (the same token for attached vectors). */
function attachedToken(v: CompactVector): string {
  if (v.detached_payload_b64u === undefined) return v.token;
  const [header, payload, signature] = segments(v.token);
  expect(payload).toBe('');
  return `${header}.${v.detached_payload_b64u}.${signature}`;
}

const KEY_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'k'] as const;

/** A public (or secret) JWK reduced to its key members (no kid/use/alg), for node:crypto and WebCrypto. */
function bareJwk(jwk: Jwk): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEY_MEMBERS) if (typeof jwk[name] === 'string') out[name] = jwk[name];
  return out;
}

function spkiPem(jwk: Jwk): string {
  return createPublicKey({ key: bareJwk(jwk) as NodeJsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
}

/** WebCrypto import parameters for a JWS alg. */
function webCryptoParams(alg: string): AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams | HmacImportParams {
  const hash = `SHA-${alg.slice(2)}`;
  if (alg.startsWith('HS')) return { name: 'HMAC', hash };
  if (alg.startsWith('RS')) return { name: 'RSASSA-PKCS1-v1_5', hash };
  if (alg.startsWith('PS')) return { name: 'RSA-PSS', hash };
  if (alg.startsWith('ES')) return { name: 'ECDSA', namedCurve: { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg]! };
  if (alg === 'EdDSA') return { name: 'Ed25519' };
  throw new Error(`no WebCrypto parameters for ${alg}`);
}

async function cryptoKeyOf(v: CompactVector): Promise<CryptoKey> {
  const jwk = verifyKeyOf(v);
  if (jwk.kty === 'oct') {
    const secret = new Uint8Array(Buffer.from(jwk.k!, 'base64url'));
    return crypto.subtle.importKey('raw', secret, webCryptoParams(v.alg), false, ['verify']);
  }
  return crypto.subtle.importKey('jwk', bareJwk(jwk), webCryptoParams(v.alg), false, ['verify']);
}

/** Asserts a verifyJws result against the vector's own expectations. */
function expectVerified(v: CompactVector, result: { header: Record<string, unknown>; payload: Uint8Array }): void {
  expect(result.payload).toEqual(utf8(v.expected.payload));
  expect(new TextDecoder().decode(result.payload)).toBe(v.expected.payload);
  expect(result.header).toStrictEqual(v.expected.protected_header);
}

/** The A.1 HS256 secret JWK, used as "any key" against the unsecured examples. */
const hs256Secret: Jwk = verifyKeyOf(rfc7515.find((v) => v.id === 'rfc7515-A.1')!);

// ---------------------------------------------------------------------------------------------

describe('vector selection', () => {
  // Guards the filters above: a vector silently dropped by a filter would otherwise go untested.
  it('finds every compact JWS example the RFCs say verifies', () => {
    expect(ids(verifiable)).toEqual([
      'rfc7515-A.1',
      'rfc7515-A.2',
      'rfc7515-A.3',
      'rfc7515-A.4',
      'rfc7519-3.1',
      'rfc7520-4.1-compact',
      'rfc7520-4.2-compact',
      'rfc7520-4.3-compact',
      'rfc7520-4.4-compact',
      'rfc7520-4.5-compact',
      'rfc8037-A.4',
      'rfc8037-A.5',
    ]);
  });

  it('finds the JWT, unsecured and reproducible subsets', () => {
    expect(ids(jwtVectors)).toEqual(['rfc7515-A.1', 'rfc7515-A.2', 'rfc7515-A.3', 'rfc7519-3.1']);
    expect(ids(unsecured)).toEqual(['rfc7515-A.5', 'rfc7519-6.1']);
    expect(ids(reproducible)).toEqual(['rfc7515-A.2', 'rfc7520-4.1-compact', 'rfc7520-4.4-compact', 'rfc7520-4.5-compact', 'rfc8037-A.4']);
    expect(ids(nonCanonical)).toEqual(['rfc7515-A.1', 'rfc7519-3.1']);
  });
});

describe.each(rows(verifiable))('%s (%s): verifyJws', (_id, _alg, v) => {
  const key = verifyKeyOf(v);

  it('verifies with the JWK and returns the expected header and payload bytes', async () => {
    expectVerified(v, await verifyJws(v.token, key, jwsOptions(v)));
  });

  it('verifies when `algorithms` names its alg, and is refused when it does not', async () => {
    expectVerified(v, await verifyJws(v.token, key, { ...jwsOptions(v), algorithms: [v.alg as Alg] }));
    const others = ALGS.filter((alg) => alg !== v.alg);
    await expectCode(verifyJws(v.token, key, { ...jwsOptions(v), algorithms: others }), 'ERR_JWT_ALGORITHM');
  });

  it('fails with ERR_JWT_SIGNATURE when one signature character is changed', async () => {
    const [header, payload, signature] = segments(v.token);
    const tampered = `${header}.${payload}.${flipFirst(signature)}`;
    expect(tampered).not.toBe(v.token);
    await expectCode(verifyJws(tampered, key, jwsOptions(v)), 'ERR_JWT_SIGNATURE');
  });

  it('fails with ERR_JWT_SIGNATURE when the payload is changed', async () => {
    if (v.detached_payload !== undefined) {
      const changed = v.detached_payload.replace('Frodo', 'Frida');
      expect(changed).not.toBe(v.detached_payload);
      await expectCode(verifyJws(v.token, key, { detachedPayload: changed }), 'ERR_JWT_SIGNATURE');
      return;
    }
    const [header, payload, signature] = segments(v.token);
    await expectCode(verifyJws(`${header}.${flipFirst(payload)}.${signature}`, key), 'ERR_JWT_SIGNATURE');
  });

  it('fails with ERR_JWT_SIGNATURE when the header is re-serialized (the signature covers its exact bytes)', async () => {
    const [, payload, signature] = segments(v.token);
    // Same JSON object, different bytes: a trailing space.
    const header = b64u(`${v.expected.protected_header_raw} `);
    expect(JSON.parse(unb64u(header))).toStrictEqual(v.expected.protected_header);
    await expectCode(verifyJws(`${header}.${payload}.${signature}`, key, jwsOptions(v)), 'ERR_JWT_SIGNATURE');
  });
});

/** Another RFC key of the same type and curve as the vector's (different key material), if there is one. */
function otherKeyOf(v: CompactVector): Jwk | undefined {
  const key = verifyKeyOf(v);
  return verifiable
    .map(verifyKeyOf)
    .find((other) => other.kty === key.kty && other.crv === key.crv && JSON.stringify(bareJwk(other)) !== JSON.stringify(bareJwk(key)));
}

describe.each(rows(verifiable.filter((v) => otherKeyOf(v) !== undefined)))('%s (%s): verifyJws with the wrong key', (_id, _alg, v) => {
  it('fails with ERR_JWT_SIGNATURE under another RFC key of the same type', async () => {
    const other = otherKeyOf(v)!;
    expectVerified(v, await verifyJws(v.token, verifyKeyOf(v), jwsOptions(v)));
    await expectCode(verifyJws(v.token, other, jwsOptions(v)), 'ERR_JWT_SIGNATURE');
  });
});

describe('rfc7520-4.5-compact (detached content)', () => {
  const v = verifiable.find((vector) => vector.id === 'rfc7520-4.5-compact')!;
  const key = verifyKeyOf(v);

  it('verifies with the detached payload given as bytes', async () => {
    expectVerified(v, await verifyJws(v.token, key, { detachedPayload: utf8(v.detached_payload!) }));
  });

  it('fails with ERR_JWT_SIGNATURE when the detached payload is not supplied', async () => {
    await expectCode(verifyJws(v.token, key), 'ERR_JWT_SIGNATURE');
  });

  it('with the content put back in, is the RFC 7520 §4.4 token and verifies as an ordinary JWS', async () => {
    const attached = attachedToken(v);
    expect(attached).toBe(verifiable.find((vector) => vector.id === 'rfc7520-4.4-compact')!.token);
    expectVerified(v, await verifyJws(attached, key));
  });

  it('refuses a detached payload for a token that carries one (ERR_JWT_MALFORMED)', async () => {
    await expectCode(verifyJws(attachedToken(v), key, { detachedPayload: v.detached_payload! }), 'ERR_JWT_MALFORMED');
  });
});

const asymmetricVectors = verifiable.filter((v) => v.key!.kty !== 'oct');
const secretVectors = verifiable.filter((v) => v.key!.kty === 'oct');

describe.each(rows(asymmetricVectors))('%s (%s): public key as PEM', (_id, _alg, v) => {
  it('verifies with the public key as an SPKI PEM string', async () => {
    const pem = spkiPem(verifyKeyOf(v));
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expectVerified(v, await verifyJws(v.token, pem, jwsOptions(v)));
    const [header, payload, signature] = segments(v.token);
    await expectCode(verifyJws(`${header}.${payload}.${flipFirst(signature)}`, pem, jwsOptions(v)), 'ERR_JWT_SIGNATURE');
  });
});

describe.each(rows(secretVectors))('%s (%s): secret as bytes', (_id, _alg, v) => {
  it('verifies with the secret as raw bytes', async () => {
    const secret = new Uint8Array(Buffer.from(verifyKeyOf(v).k!, 'base64url'));
    expectVerified(v, await verifyJws(v.token, secret, jwsOptions(v)));
    const [header, payload, signature] = segments(v.token);
    await expectCode(verifyJws(`${header}.${payload}.${flipFirst(signature)}`, secret, jwsOptions(v)), 'ERR_JWT_SIGNATURE');
  });
});

describe.each(rows(verifiable))('%s (%s): CryptoKey and importKey', (_id, _alg, v) => {
  const asymmetric = v.key!.kty !== 'oct';

  it('verifies with a WebCrypto CryptoKey', async () => {
    const cryptoKey = await cryptoKeyOf(v);
    expectVerified(v, await verifyJws(v.token, cryptoKey, jwsOptions(v)));
    const [header, payload, signature] = segments(v.token);
    await expectCode(verifyJws(`${header}.${payload}.${flipFirst(signature)}`, cryptoKey, jwsOptions(v)), 'ERR_JWT_SIGNATURE');
  });

  it('verifies with a Key from importKey', async () => {
    const key = await importKey(verifyKeyOf(v), v.alg as Alg);
    expect(key.alg).toBe(v.alg);
    expect(key.type).toBe(asymmetric ? 'public' : 'secret');
    expectVerified(v, await verifyJws(v.token, key, jwsOptions(v)));
  });
});

describe.each(rows(jwtVectors))('%s (%s): verify (JWT claims)', (_id, _alg, v) => {
  const key = verifyKeyOf(v);
  const { exp, verify_at: verifyAt } = v.jwt;

  it('verifies at jwt.verify_at with the expected header and claims', async () => {
    const result = await verify(v.token, key, { now: verifyAt });
    expect(result.payload).toStrictEqual(v.expected.payload_json);
    expect(result.header).toStrictEqual(v.expected.protected_header);
  });

  it('still verifies one second before exp, and with `now` as a Date', async () => {
    expect((await verify(v.token, key, { now: exp - 1 })).payload).toStrictEqual(v.expected.payload_json);
    expect((await verify(v.token, key, { now: new Date(verifyAt * 1000) })).payload).toStrictEqual(v.expected.payload_json);
  });

  it('fails with ERR_JWT_EXPIRED at jwt.exp', async () => {
    const error = await expectCode(verify(v.token, key, { now: exp }), 'ERR_JWT_EXPIRED');
    expect(error).toBeInstanceOf(JwtExpiredError);
    expect((error as JwtExpiredError).expiredAt).toEqual(new Date(exp * 1000));
  });

  it('fails with ERR_JWT_EXPIRED at the current time', async () => {
    await expectCode(verify(v.token, key), 'ERR_JWT_EXPIRED');
  });

  it('fails with ERR_JWT_SIGNATURE when one signature character is changed', async () => {
    const [header, payload, signature] = segments(v.token);
    await expectCode(verify(`${header}.${payload}.${flipFirst(signature)}`, key, { now: verifyAt }), 'ERR_JWT_SIGNATURE');
  });

  it('fails with ERR_JWT_SIGNATURE (not EXPIRED) when exp is pushed into the future', async () => {
    const [header, , signature] = segments(v.token);
    const extended = v.expected.payload.replace(String(exp), '4102444800'); // 2100-01-01
    expect(extended).not.toBe(v.expected.payload);
    const forged = `${header}.${b64u(extended)}.${signature}`;
    await expectCode(verify(forged, key), 'ERR_JWT_SIGNATURE');
    await expectCode(verify(forged, key, { now: verifyAt }), 'ERR_JWT_SIGNATURE');
  });
});

describe.each(rows(nonJwtVectors))('%s (%s): verify', (_id, _alg, v) => {
  it('refuses a payload that is not a JSON claims set (ERR_JWT_MALFORMED)', async () => {
    expect(() => JSON.parse(v.expected.payload) as unknown).toThrow();
    await expectCode(verify(v.token, verifyKeyOf(v)), 'ERR_JWT_MALFORMED');
  });
});

describe.each(rows(reproducible))('%s (%s): signJws reproduces the token', (_id, _alg, v) => {
  it('signing the payload with the header gives the exact token', async () => {
    const { alg, ...rest } = v.expected.protected_header;
    const token = await signJws(v.expected.payload, signKeyOf(v), { alg: alg as Alg, header: rest });
    expect(token).toBe(attachedToken(v));
    if (v.detached_payload !== undefined) {
      const [header, , signature] = segments(token);
      expect(`${header}..${signature}`).toBe(v.token);
    }
  });

  it('the payload given as bytes gives the same token', async () => {
    const { alg, ...rest } = v.expected.protected_header;
    const token = await signJws(utf8(v.expected.payload), signKeyOf(v), { alg: alg as Alg, header: rest });
    expect(token).toBe(attachedToken(v));
  });
});

/** Reproducible vectors whose header is exactly `{alg, kid}` with the signing JWK's own kid. */
const kidFromJwk = reproducible.filter((v) => {
  const header = v.expected.protected_header;
  return Object.keys(header).join() === 'alg,kid' && header.kid === signKeyOf(v).kid;
});

describe.each(rows(kidFromJwk))('%s (%s): signJws takes the kid from the JWK', (_id, _alg, v) => {
  it('reproduces the token when the header names no kid', async () => {
    const token = await signJws(v.expected.payload, signKeyOf(v), { alg: v.alg as Alg });
    expect(token).toBe(attachedToken(v));
  });
});

describe.each(rows(nonCanonical))('%s (%s): header bytes jwtkit cannot re-emit', (_id, _alg, v) => {
  const key = verifyKeyOf(v);

  it('has a protected header whose raw bytes are not JSON.stringify output, and still verifies', async () => {
    const [header] = segments(v.token);
    expect(unb64u(header)).toBe(v.expected.protected_header_raw);
    expect(JSON.stringify(v.expected.protected_header)).not.toBe(v.expected.protected_header_raw);
    expectVerified(v, await verifyJws(v.token, key, jwsOptions(v)));
  });

  it('re-signing gives a different token that verifies to the same header and payload', async () => {
    const { alg, ...rest } = v.expected.protected_header;
    const token = await signJws(v.expected.payload, signKeyOf(v), { alg: alg as Alg, header: rest });
    expect(token).not.toBe(v.token);
    expect(segments(token)[1]).toBe(segments(v.token)[1]);
    expect(JSON.parse(unb64u(segments(token)[0]))).toStrictEqual({ alg, ...rest });
    expectVerified(v, await verifyJws(token, key));
  });
});

describe.each(rows(unsecured))('%s (alg %s): rejected by default', (_id, _alg, v) => {
  const otherKeys: [string, KeyInput][] = [
    ['RSA public JWK', verifyKeyOf(rfc7515.find((vector) => vector.id === 'rfc7515-A.2')!)],
    ['EC public JWK', verifyKeyOf(rfc7515.find((vector) => vector.id === 'rfc7515-A.3')!)],
    ['OKP public JWK', verifyKeyOf(rfc8037.find((vector) => vector.id === 'rfc8037-A.5')!)],
    ['secret string', 'a secret that is longer than thirty-two bytes, for HS256'],
  ];

  it('is the RFC example: header {"alg":"none"} and an empty signature', () => {
    const [header, , signature] = segments(v.token);
    expect(unb64u(header)).toBe(v.expected.protected_header_raw);
    expect(v.expected.protected_header).toStrictEqual({ alg: 'none' });
    expect(signature).toBe('');
  });

  it('verifyJws rejects it with ERR_JWT_ALGORITHM (HS256 secret JWK)', async () => {
    await expectCode(verifyJws(v.token, hs256Secret), 'ERR_JWT_ALGORITHM');
  });

  it('verifyJws rejects it with ERR_JWT_ALGORITHM even when algorithms lists every supported alg', async () => {
    await expectCode(verifyJws(v.token, hs256Secret, { algorithms: [...ALGS] }), 'ERR_JWT_ALGORITHM');
  });

  it('verify rejects it with ERR_JWT_ALGORITHM at jwt.verify_at', async () => {
    await expectCode(verify(v.token, hs256Secret, { now: v.jwt!.verify_at }), 'ERR_JWT_ALGORITHM');
  });

  it('verify rejects it with ERR_JWT_ALGORITHM even when algorithms lists every supported alg', async () => {
    await expectCode(verify(v.token, hs256Secret, { now: v.jwt!.verify_at, algorithms: [...ALGS] }), 'ERR_JWT_ALGORITHM');
  });

  it.each(otherKeys)('verifyJws and verify reject it with any key: %s', async (_name, key) => {
    await expectCode(verifyJws(v.token, key), 'ERR_JWT_ALGORITHM');
    await expectCode(verify(v.token, key, { now: v.jwt!.verify_at }), 'ERR_JWT_ALGORITHM');
  });

  it('a key resolver is never consulted', async () => {
    const resolver = vi.fn(() => hs256Secret);
    await expectCode(verifyJws(v.token, resolver), 'ERR_JWT_ALGORITHM');
    await expectCode(verify(v.token, resolver, { now: v.jwt!.verify_at }), 'ERR_JWT_ALGORITHM');
    expect(resolver).not.toHaveBeenCalled();
  });

  it.each(['None', 'NONE', 'nOnE'])('the same token with alg %s is rejected too', async (spelling) => {
    const [, payload] = segments(v.token);
    const token = `${b64u(JSON.stringify({ alg: spelling }))}.${payload}.`;
    await expectCode(verifyJws(token, hs256Secret, { algorithms: [...ALGS] }), 'ERR_JWT_ALGORITHM');
    await expectCode(verify(token, hs256Secret, { now: v.jwt!.verify_at }), 'ERR_JWT_ALGORITHM');
  });
});
