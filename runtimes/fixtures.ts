/**
 * The data every runtime checks against, made once per matrix run: fresh key pairs (node:crypto,
 * so no runtime under test generates its own fixtures) and the compact JWS examples from the
 * project's copy of the RFC vectors (test/vectors/, selected as test/vectors/rfc-vectors.test.ts does).
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { Alg, Jwk } from '../src/index.js';
import { ALL_VECTORS, COMPACT_JWE_VECTORS, type CompactVector, type Vector, isCompactJws, rfc7797 } from '../test/vectors/load.js';
import type { Fixtures, JsonVectorFixture, KeyFixture, VectorFixture } from './harness/conformance.mjs';

export function makeFixtures(): Fixtures {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve });
  const pairs: Record<string, { privateKey: KeyObject; publicKey: KeyObject }> = {
    RSA: rsa,
    ES256: ec('P-256'),
    ES384: ec('P-384'),
    ES512: ec('P-521'),
    OKP: generateKeyPairSync('ed25519'),
  };
  const asymmetric = (alg: Alg, pair: { privateKey: KeyObject; publicKey: KeyObject }): KeyFixture => ({
    alg,
    signKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    verifyKeys: [
      { form: 'SPKI PEM', key: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string },
      { form: 'public JWK', key: pair.publicKey.export({ format: 'jwk' }) as Jwk },
    ],
  });
  const secret = (alg: Alg): KeyFixture => {
    // Text of exactly the alg's minimum length (32/48/64 bytes), used as its UTF-8 bytes.
    const text = randomBytes(64)
      .toString('base64url')
      .slice(0, Number(alg.slice(2)) / 8);
    return { alg, signKey: text, verifyKeys: [{ form: 'secret', key: text }] };
  };
  return {
    keys: [
      ...(['HS256', 'HS384', 'HS512'] as const).map(secret),
      ...(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const).map((alg) => asymmetric(alg, pairs.RSA!)),
      ...(['ES256', 'ES384', 'ES512'] as const).map((alg) => asymmetric(alg, pairs[alg]!)),
      ...(['EdDSA', 'Ed25519'] as const).map((alg) => asymmetric(alg, pairs.OKP!)),
    ],
    rsaPublicKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    vectors: rfcVectors(),
    jsonVectors: jsonVectors(),
    jweVectors: COMPACT_JWE_VECTORS,
  };
}

/** The fixtures as an ES module, which every harness imports (and bundlers inline). */
export function fixturesModule(fixtures: Fixtures): string {
  return `export default ${JSON.stringify(fixtures)};\n`;
}

// ---------------------------------------------------------------------------------------------
// RFC vectors: the compact JWS examples, as in test/vectors/rfc-vectors.test.ts

function rfcVectors(): VectorFixture[] {
  const compact = ALL_VECTORS.filter(isCompactJws);
  const selected = compact.filter((v) => v.expectations.verify === true || v.expectations.reject_by_default === true);
  if (selected.length < 10) throw new Error(`only ${selected.length} compact RFC vectors found in test/vectors`);
  // The unsecured examples have no key and must be refused whatever the key: they get RFC 7515 A.1's secret.
  const anyKey = ALL_VECTORS.find((v) => v.id === 'rfc7515-A.1')?.key?.secret_jwk;
  if (!anyKey) throw new Error('rfc7515-A.1 (HS256) not found in test/vectors');
  return selected.map((v) => toFixture(v, anyKey));
}

function toFixture(v: CompactVector, anyKey: Jwk): VectorFixture {
  const { alg, token } = v;
  const header = v.expected.protected_header;
  const key = v.key ?? undefined;
  const verifyKey = key?.kty === 'oct' ? key.secret_jwk : key?.public_jwk;
  const signKey = (key?.kty === 'oct' ? key.secret_jwk : key?.private_jwk) ?? undefined;
  const [h, , s] = token.split('.');
  const deterministic = /^(HS|RS)\d{3}$/.test(alg) || alg === 'EdDSA';
  const canonicalHeader = JSON.stringify(header) === v.expected.protected_header_raw;
  return {
    id: v.id,
    alg,
    token,
    verifyKey: verifyKey ?? anyKey,
    ...(signKey ? { signKey } : {}),
    ...(v.detached_payload === undefined ? {} : { detachedPayload: v.detached_payload }),
    attachedToken: v.detached_payload_b64u === undefined ? token : `${h}.${v.detached_payload_b64u}.${s}`,
    header,
    payload: v.expected.payload,
    ...(v.jwt && v.expectations.verify ? { jwt: { claims: v.expected.payload_json!, exp: v.jwt.exp, verifyAt: v.jwt.verify_at } } : {}),
    reproducible: v.expectations.reproducible === true && deterministic && canonicalHeader,
    expectation: v.expectations.verify === true ? 'verify' : 'reject',
  };
}

// ---------------------------------------------------------------------------------------------
// RFC vectors: the JWS JSON serializations, as in test/jws/json.test.ts

function jsonVectors(): JsonVectorFixture[] {
  const selected = [...ALL_VECTORS, ...rfc7797].filter((v) => v.type === 'JWS' && v.serialization !== 'compact' && v.expectations.verify === true);
  if (selected.length < 18) throw new Error(`only ${selected.length} JSON JWS vectors found in test/vectors`);
  return selected.map((v) => ({
    id: v.id,
    token: v.token as Record<string, unknown>,
    keys: jsonKeys(v),
    payload: v.expected.payload!,
    ...(typeof v.detached_payload === 'string' ? { detachedPayload: v.detached_payload } : {}),
  }));
}

/** Each signature's verification JWK, with a kid: its own, the vector's, or the one its header names. */
function jsonKeys(v: Vector): Jwk[] {
  const entries = v.keys ?? [{ ...v.key!, for: 'signatures[0]', alg: String(v.alg) }];
  const named = v.expected.signatures ?? [{ protected_header: v.expected.protected_header, unprotected_header: v.expected.unprotected_header }];
  return entries.map((entry, index) => {
    const jwk = (entry.kty === 'oct' ? entry.secret_jwk : entry.public_jwk)!;
    const kid = jwk.kid ?? entry.kid ?? named[index]?.protected_header?.kid ?? named[index]?.unprotected_header?.kid;
    return kid === undefined ? jwk : { ...jwk, kid: kid as string };
  });
}
