/**
 * The conformance checks every runtime of the matrix runs, unchanged. This file runs INSIDE the
 * runtime under test (Node, Deno, Bun, workerd, Vercel's edge-runtime, Chromium), so it uses only
 * web-standard globals, and it takes the jwtkit module as the runtime's own harness loaded it
 * (`import`, `require`, or a bundler), so the same checks see whichever build the runtime picked.
 *
 * Every check is named; a failed check never stops the others, and the report says which failed.
 */
import type * as JwtkitModule from 'jwtkit';
import type { Alg, Duration, Jwk, JwsJson } from 'jwtkit';

type Jwtkit = typeof JwtkitModule;

/** Key material for one alg, made by the matrix (node:crypto) before any runtime starts. */
export interface KeyFixture {
  alg: Alg;
  /** PKCS#8 PEM, or the HMAC secret. */
  signKey: string;
  /** Each form the public key (or the secret) is verified with: SPKI PEM and public JWK. */
  verifyKeys: { form: string; key: string | Jwk }[];
}

/** One compact JWS from the RFCs (test/vectors), reduced to what the checks need. */
export interface VectorFixture {
  id: string;
  alg: string;
  token: string;
  verifyKey: Jwk;
  signKey?: Jwk;
  detachedPayload?: string;
  /** The token with detached content put back in (the token itself otherwise). */
  attachedToken: string;
  header: Record<string, unknown>;
  payload: string;
  /** For JWT vectors: the claims, and when they are valid (RFC 7519 §3.1 and friends expired in 2011). */
  jwt?: { claims: Record<string, unknown>; exp: number; verifyAt: number };
  /** signJws must give the exact token (deterministic alg, header serialized as JSON.stringify does). */
  reproducible: boolean;
  /** `verify`: the RFC says it verifies; `reject`: an unsecured (`alg: none`) example jwtkit must refuse. */
  expectation: 'verify' | 'reject';
}

/** A JWS JSON serialization from the RFCs (flattened or general, RFC 7797 included), with one key per signature. */
export interface JsonVectorFixture {
  id: string;
  token: Record<string, unknown>;
  /** Each signature's verification JWK, with the kid its header names. */
  keys: Jwk[];
  payload: string;
  detachedPayload?: string;
}

/** One compact JWE from the RFCs (test/vectors): RSA1_5 ones must be refused, the others decrypt. */
export interface JweVectorFixture {
  id: string;
  alg: string;
  enc: string;
  token: string;
  key: Jwk;
  plaintext: string;
  protectedHeader: Record<string, unknown>;
}

export interface Fixtures {
  keys: KeyFixture[];
  jsonVectors: JsonVectorFixture[];
  jweVectors: JweVectorFixture[];
  /** An RSA public key (SPKI PEM), to show an HS256 token is not checked against it. */
  rsaPublicKey: string;
  vectors: VectorFixture[];
}

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface Report {
  /** `cryptoBackend` as exported by the jwtkit build this runtime loaded. */
  backend: string;
  /** Whether this runtime's WebCrypto has ML-DSA (FIPS 204); the ML-DSA checks differ by it. */
  mlDsa: boolean;
  /** How many checks were planned; a report with fewer results than this was cut short. */
  planned: number;
  checks: Check[];
}

type Step = [name: string, run: () => unknown];

/** Runs every check against `jwtkit` (the module as this runtime loaded it). */
export async function runConformance(jwtkit: Jwtkit, fixtures: Fixtures): Promise<Report> {
  const mlDsa = await runtimeHasMlDsa();
  const steps: Step[] = [
    ...exportChecks(jwtkit),
    ...fixtures.keys.flatMap((fixture) => algChecks(jwtkit, fixture)),
    ...cryptoKeyChecks(jwtkit),
    ...fixtures.vectors.flatMap((vector) => vectorChecks(jwtkit, vector)),
    ...fixtures.jsonVectors.map((vector) => jsonVectorCheck(jwtkit, vector)),
    ...fixtures.jweVectors.map((vector) => jweVectorCheck(jwtkit, vector)),
    ...jweChecks(jwtkit),
    ...errorCodeChecks(jwtkit, fixtures),
    ...(mlDsa ? ML_DSA_ALGS.flatMap((alg) => mlDsaChecks(jwtkit, alg)) : mlDsaAbsentChecks(jwtkit)),
    ...keySetChecks(jwtkit, fixtures, mlDsa),
  ];
  const checks: Check[] = [];
  for (const [name, run] of steps) {
    try {
      await run();
      checks.push({ name, ok: true });
    } catch (error) {
      checks.push({ name, ok: false, detail: describe(error) });
    }
  }
  return { backend: String(jwtkit.cryptoBackend), mlDsa, planned: steps.length, checks };
}

// ---------------------------------------------------------------------------------------------
// The checks

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'conformance';
/** Non-ASCII text, so each runtime's TextEncoder/TextDecoder and base64url path is exercised. */
const TEXT = 'héllo wörld 🌍 ✓';

function exportChecks(jwtkit: Jwtkit): Step[] {
  return [
    [
      'exports: sign, verify, decode, signJws, verifyJws, importKey, JwtError, cryptoBackend',
      () => {
        for (const name of ['sign', 'verify', 'decode', 'signJws', 'verifyJws', 'importKey', 'JwtError'] as const) {
          assert(typeof jwtkit[name] === 'function', `${name} is ${typeof jwtkit[name]}, not a function`);
        }
        assert(['node', 'webcrypto'].includes(jwtkit.cryptoBackend), `cryptoBackend is ${String(jwtkit.cryptoBackend)}`);
      },
    ],
  ];
}

/** Every alg signs and verifies, with each form of its verification key; a changed signature fails. */
function algChecks(jwtkit: Jwtkit, fixture: KeyFixture): Step[] {
  const { alg } = fixture;
  const signed = (): Promise<string> =>
    jwtkit.sign({ sub: 'conformance', alg, text: TEXT }, fixture.signKey, { alg, expiresIn: '5m', issuer: ISSUER, audience: AUDIENCE });
  const steps = fixture.verifyKeys.map(({ form, key }): Step => [
    `${alg}: sign, then verify with the ${form}`,
    async () => {
      const token = await signed();
      const { header, payload } = await jwtkit.verify(token, key, { algorithms: [alg], issuer: ISSUER, audience: AUDIENCE });
      equal(header, { alg, typ: 'JWT' }, 'verified header');
      equal([payload.sub, payload.alg, payload.text], ['conformance', alg, TEXT], 'verified claims');
      equal(jwtkit.decode(token).payload.text, TEXT, 'decoded claim');
    },
  ]);
  steps.push([
    `${alg}: a changed signature is ERR_JWT_SIGNATURE`,
    async () => {
      const [header, payload, signature] = (await signed()).split('.') as [string, string, string];
      await expectCode(jwtkit, jwtkit.verify(`${header}.${payload}.${flipFirst(signature)}`, fixture.verifyKeys[0]!.key), 'ERR_JWT_SIGNATURE');
    },
  ]);
  return steps;
}

/** Keys the runtime's own WebCrypto made, passed to jwtkit as CryptoKeys. */
function cryptoKeyChecks(jwtkit: Jwtkit): Step[] {
  const roundTrip = async (alg: Alg, signKey: CryptoKey, verifyKey: CryptoKey): Promise<void> => {
    const token = await jwtkit.sign({ sub: 'cryptokey' }, await jwtkit.importKey(signKey, alg), { alg });
    equal((await jwtkit.verify(token, verifyKey, { algorithms: [alg] })).payload.sub, 'cryptokey', 'verified sub');
  };
  return [
    [
      'HS256: a WebCrypto HMAC CryptoKey signs and verifies',
      async () => {
        const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']);
        await roundTrip('HS256', key, key);
      },
    ],
    [
      'ES256: a WebCrypto ECDSA P-256 key pair signs and verifies',
      async () => {
        const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
        await roundTrip('ES256', pair.privateKey, pair.publicKey);
      },
    ],
    [
      'EdDSA: a WebCrypto Ed25519 key pair signs and verifies',
      async () => {
        const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
        await roundTrip('EdDSA', pair.privateKey, pair.publicKey);
      },
    ],
  ];
}

/** The RFC examples: each verifies (and, where deterministic, is reproduced); `alg: none` is refused. */
function vectorChecks(jwtkit: Jwtkit, v: VectorFixture): Step[] {
  const label = `RFC ${v.id} (${v.alg})`;
  if (v.expectation === 'reject') {
    return [[`${label}: refused with ERR_JWT_ALGORITHM`, () => expectCode(jwtkit, jwtkit.verifyJws(v.token, v.verifyKey), 'ERR_JWT_ALGORITHM')]];
  }
  const steps: Step[] = [
    [
      `${label}: verifies`,
      async () => {
        const options = v.detachedPayload === undefined ? {} : { detachedPayload: v.detachedPayload };
        const { header, payload } = await jwtkit.verifyJws(v.token, v.verifyKey, options);
        equal(header, v.header, 'header');
        equal(new TextDecoder().decode(payload), v.payload, 'payload');
      },
    ],
  ];
  const { jwt } = v;
  if (jwt) {
    steps.push(
      [
        `${label}: verify at its time gives its claims`,
        async () => equal((await jwtkit.verify(v.token, v.verifyKey, { now: jwt.verifyAt })).payload, jwt.claims, 'claims'),
      ],
      [`${label}: expired today (ERR_JWT_EXPIRED)`, () => expectCode(jwtkit, jwtkit.verify(v.token, v.verifyKey), 'ERR_JWT_EXPIRED')],
    );
  }
  const { signKey } = v;
  if (v.reproducible && signKey) {
    steps.push([
      `${label}: signJws reproduces the token`,
      async () => {
        const { alg, ...header } = v.header;
        equal(await jwtkit.signJws(v.payload, signKey, { alg: alg as Alg, header }), v.attachedToken, 'token');
      },
    ]);
  }
  return steps;
}

/** A JSON example verifies, every signature with its key from a JWK set; a changed signature fails the whole JWS. */
function jsonVectorCheck(jwtkit: Jwtkit, v: JsonVectorFixture): Step {
  return [
    `RFC ${v.id} (JSON): every signature verifies; one changed is ERR_JWT_SIGNATURE`,
    async () => {
      const keys = jwtkit.createLocalJwks({ keys: v.keys });
      const options = v.detachedPayload === undefined ? {} : { detachedPayload: v.detachedPayload };
      const result = await jwtkit.verifyJwsJson(v.token as unknown as JwsJson, keys, { ...options, requireAll: true });
      equal(new TextDecoder().decode(result.payload), v.payload, 'payload');
      const tampered = JSON.parse(JSON.stringify(v.token)) as { signature?: string; signatures?: { signature: string }[] };
      const target = tampered.signatures?.[0] ?? (tampered as { signature: string });
      target.signature = flipFirst(target.signature);
      await expectCode(jwtkit, jwtkit.verifyJwsJson(tampered as unknown as JwsJson, keys, options), 'ERR_JWT_SIGNATURE');
    },
  ];
}

/** An RFC JWE example: decrypts to its plaintext, or (RSA1_5) is refused with ERR_JWT_ALGORITHM. */
function jweVectorCheck(jwtkit: Jwtkit, v: JweVectorFixture): Step {
  const label = `RFC ${v.id} (${v.alg} + ${v.enc})`;
  if (v.alg === 'RSA1_5') return [`${label}: refused with ERR_JWT_ALGORITHM`, () => expectCode(jwtkit, jwtkit.decryptJwe(v.token, v.key), 'ERR_JWT_ALGORITHM')];
  return [
    `${label}: decrypts${v.protectedHeader.zip ? ' (or says the runtime has no deflate-raw)' : ''}`,
    async () => {
      // PBES2 is never allowed by default: the caller lists it.
      const options = v.alg.startsWith('PBES2') ? { algorithms: [v.alg as 'PBES2-HS512+A256KW'] } : {};
      const decrypted = v.protectedHeader.zip
        ? await orMissing(jwtkit, () => jwtkit.decryptJwe(v.token, v.key, options), 'CompressionStream')
        : await jwtkit.decryptJwe(v.token, v.key, options);
      if (!decrypted) return;
      equal(decrypted.header, v.protectedHeader, 'header');
      equal(new TextDecoder().decode(decrypted.plaintext), v.plaintext, 'plaintext');
    },
  ];
}

/** The result of `action`, or undefined when it is ERR_JWT_ALGORITHM naming `missing` (a primitive this runtime lacks). */
async function orMissing<T>(jwtkit: Jwtkit, action: () => Promise<T>, missing: string): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    const refused = await expectCode(jwtkit, Promise.reject(error), 'ERR_JWT_ALGORITHM');
    assert(refused.message.includes(missing), `message: ${refused.message}`);
    return undefined;
  }
}

/** JWE on this runtime's crypto: round trips, one error for a changed token, and 192-bit AES either works or is said to be missing. */
function jweChecks(jwtkit: Jwtkit): Step[] {
  const secret = new Uint8Array(32).map((_, i) => i * 7 + 1);
  return [
    [
      'JWE: encrypt → decrypt (dir + A256GCM, A256KW + A256CBC-HS512)',
      async () => {
        const token = await jwtkit.encrypt({ sub: 'jwe', text: TEXT }, secret, { expiresIn: '5m' });
        equal((await jwtkit.decrypt(token, secret)).payload.text, TEXT, 'decrypted claim');
        const wrapped = await jwtkit.encryptJwe(TEXT, secret, { alg: 'A256KW', enc: 'A256CBC-HS512' });
        equal(new TextDecoder().decode((await jwtkit.decryptJwe(wrapped, secret)).plaintext), TEXT, 'plaintext');
      },
    ],
    [
      'JWE: zip "DEF" round trip, or ERR_JWT_ALGORITHM naming the missing CompressionStream',
      async () => {
        const wrapped = await orMissing(jwtkit, () => jwtkit.encryptJwe(TEXT.repeat(20), secret, { alg: 'A256KW', zip: 'DEF' }), 'CompressionStream');
        if (wrapped) equal(new TextDecoder().decode((await jwtkit.decryptJwe(wrapped, secret)).plaintext), TEXT.repeat(20), 'plaintext');
      },
    ],
    [
      'JWE: ECDH-ES+A256KW on X25519 with a key pair this runtime made',
      async () => {
        const pair = (await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
        const token = await jwtkit.encryptJwe(TEXT, pair.publicKey, { alg: 'ECDH-ES+A256KW' });
        equal(new TextDecoder().decode((await jwtkit.decryptJwe(token, pair.privateKey)).plaintext), TEXT, 'plaintext');
      },
    ],
    [
      'JWE: a changed tag is ERR_JWE_DECRYPTION',
      async () => {
        const parts = (await jwtkit.encryptJwe('x', secret, { alg: 'dir', enc: 'A256GCM' })).split('.');
        parts[4] = flipFirst(parts[4]!);
        await expectCode(jwtkit, jwtkit.decryptJwe(parts.join('.'), secret), 'ERR_JWE_DECRYPTION');
      },
    ],
    [
      'JWE: A192GCM and A192KW work, or are ERR_JWT_ALGORITHM naming the missing 192-bit AES',
      async () => {
        const key = secret.subarray(0, 24);
        const token = await orMissing(jwtkit, () => jwtkit.encryptJwe('x', key, { alg: 'A192KW', enc: 'A192GCM' }), '192-bit AES');
        if (token) equal(new TextDecoder().decode((await jwtkit.decryptJwe(token, key)).plaintext), 'x', 'plaintext');
      },
    ],
  ];
}

/** The refusals users match on, each with its documented code. */
function errorCodeChecks(jwtkit: Jwtkit, fixtures: Fixtures): Step[] {
  const secret = fixtures.keys.find((key) => key.alg === 'HS256')!.signKey;
  const hs256 = (options: Parameters<Jwtkit['sign']>[2] = {}): Promise<string> => jwtkit.sign({ sub: 'errors' }, secret, { alg: 'HS256', ...options });
  return [
    [
      'alg none is ERR_JWT_ALGORITHM',
      () => expectCode(jwtkit, jwtkit.verify(`${b64u('{"alg":"none"}')}.${b64u('{"sub":"x"}')}.`, secret), 'ERR_JWT_ALGORITHM'),
    ],
    ['sign with alg none is ERR_JWT_ALGORITHM', () => expectCode(jwtkit, jwtkit.sign({}, secret, { alg: 'none' as Alg }), 'ERR_JWT_ALGORITHM')],
    [
      'an HS256 token checked against an RSA public key is ERR_JWT_ALGORITHM',
      async () => expectCode(jwtkit, jwtkit.verify(await hs256(), fixtures.rsaPublicKey), 'ERR_JWT_ALGORITHM'),
    ],
    [
      'a changed payload is ERR_JWT_SIGNATURE',
      async () => {
        const [header, , signature] = (await hs256()).split('.');
        await expectCode(jwtkit, jwtkit.verify(`${header}.${b64u('{"sub":"admin"}')}.${signature}`, secret), 'ERR_JWT_SIGNATURE');
      },
    ],
    [
      'an expired token is ERR_JWT_EXPIRED',
      async () => {
        const error = await expectCode(jwtkit, jwtkit.verify(await hs256({ now: 1_000_000, expiresIn: '1h' }), secret), 'ERR_JWT_EXPIRED');
        assert(error instanceof jwtkit.JwtExpiredError, 'not a JwtExpiredError');
        equal((error as InstanceType<Jwtkit['JwtExpiredError']>).expiredAt.getTime(), (1_000_000 + 3600) * 1000, 'expiredAt');
      },
    ],
    [
      'a token not yet valid is ERR_JWT_NOT_BEFORE',
      async () => expectCode(jwtkit, jwtkit.verify(await hs256({ notBefore: '1h' }), secret), 'ERR_JWT_NOT_BEFORE'),
    ],
    [
      'a wrong audience is ERR_JWT_CLAIM',
      async () => expectCode(jwtkit, jwtkit.verify(await hs256({ audience: 'a' }), secret, { audience: 'b' }), 'ERR_JWT_CLAIM'),
    ],
    [
      'malformed tokens are ERR_JWT_MALFORMED (verify and decode)',
      async () => {
        await expectCode(jwtkit, jwtkit.verify('not-a-token', secret), 'ERR_JWT_MALFORMED');
        await expectCode(jwtkit, jwtkit.verify(`${b64u('{"alg":"HS256"}')}.e30.+/==`, secret), 'ERR_JWT_MALFORMED');
        await expectCode(jwtkit, () => jwtkit.decode('a.b'), 'ERR_JWT_MALFORMED');
      },
    ],
    ['a short HMAC secret is ERR_KEY', () => expectCode(jwtkit, jwtkit.sign({}, 'sixteen byte key', { alg: 'HS256' }), 'ERR_KEY')],
    ['a duration without a unit is ERR_INVALID_ARGUMENT', () => expectCode(jwtkit, hs256({ expiresIn: '120' as Duration }), 'ERR_INVALID_ARGUMENT')],
  ];
}

// ---------------------------------------------------------------------------------------------
// ML-DSA (FIPS 204): where the runtime has it, every parameter set end to end; elsewhere, the clear errors

const ML_DSA_ALGS = ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const;

/** Whether this runtime's WebCrypto makes ML-DSA keys: jwtkit's feature detection, asked independently. */
async function runtimeHasMlDsa(): Promise<boolean> {
  try {
    await crypto.subtle.generateKey({ name: 'ML-DSA-44' }, false, ['sign', 'verify']);
    return true;
  } catch {
    return false;
  }
}

/** SHA-256 of UTF-8 text, base64url: an RFC 7638 thumbprint computed here, not by jwtkit. */
async function sha256b64u(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function mlDsaChecks(jwtkit: Jwtkit, alg: (typeof ML_DSA_ALGS)[number]): Step[] {
  const pair = (): ReturnType<Jwtkit['generateKeyPair']> => jwtkit.generateKeyPair(alg, { extractable: true, kid: `k-${alg}` });
  return [
    [
      `${alg}: generate, sign a JWT, verify it with the exported AKP JWK; a changed signature is ERR_JWT_SIGNATURE`,
      async () => {
        const { privateKey, publicKey } = await pair();
        const token = await jwtkit.sign({ sub: alg, text: TEXT }, privateKey, { expiresIn: '5m' });
        const jwk = await jwtkit.exportJwk(publicKey);
        equal([jwk.kty, jwk.alg, typeof jwk.pub, jwk.priv], ['AKP', alg, 'string', undefined], 'public JWK');
        const { header, payload } = await jwtkit.verify(token, jwk);
        equal([header.alg, header.kid, payload.text], [alg, `k-${alg}`, TEXT], 'verified');
        const [h, p, s] = token.split('.') as [string, string, string];
        await expectCode(jwtkit, jwtkit.verify(`${h}.${p}.${flipFirst(s)}`, jwk), 'ERR_JWT_SIGNATURE');
      },
    ],
    [
      `${alg}: the private AKP JWK (priv) imports and signs; its thumbprint is RFC 7638 over alg, kty, pub`,
      async () => {
        const { privateKey, publicKey } = await pair();
        const privateJwk = await jwtkit.exportJwk(privateKey);
        equal([typeof privateJwk.priv, privateJwk.alg], ['string', alg], 'private JWK');
        const signer = await jwtkit.importKey(privateJwk, alg);
        const token = await jwtkit.signJws('payload', signer);
        equal(new TextDecoder().decode((await jwtkit.verifyJws(token, publicKey)).payload), 'payload', 'payload');
        const publicJwk = await jwtkit.exportJwk(publicKey);
        const expected = await sha256b64u(`{"alg":"${alg}","kty":"AKP","pub":"${String(publicJwk.pub)}"}`);
        equal([await jwtkit.thumbprint(publicJwk), await jwtkit.thumbprint(privateJwk)], [expected, expected], 'thumbprints');
      },
    ],
    [
      `${alg}: a key of another parameter set, or a token under another ML-DSA alg, is refused`,
      async () => {
        const { privateKey, publicKey } = await pair();
        const jwk = await jwtkit.exportJwk(publicKey);
        const other = ML_DSA_ALGS.find((name) => name !== alg)!;
        await expectCode(jwtkit, jwtkit.importKey(jwk, other), 'ERR_KEY');
        const token = await jwtkit.signJws('x', privateKey);
        const [, p, s] = token.split('.');
        // As for an ES384 token against a P-256 key: the token's alg does not fit the key's kind (keys/fit.ts).
        await expectCode(jwtkit, jwtkit.verifyJws(`${b64u(JSON.stringify({ alg: other }))}.${p}.${s}`, jwk), 'ERR_JWT_ALGORITHM');
      },
    ],
  ];
}

/** A well-formed AKP public JWK (random bytes: a runtime without ML-DSA never parses them). */
function fakeAkpJwk(kid: string): Jwk {
  const pub = new Uint8Array(1312).map((_, i) => (i * 37 + 11) & 255);
  return {
    kty: 'AKP',
    alg: 'ML-DSA-44',
    kid,
    pub: btoa(String.fromCharCode(...pub))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, ''),
  };
}

function mlDsaAbsentChecks(jwtkit: Jwtkit): Step[] {
  const token = `${b64u('{"alg":"ML-DSA-44"}')}.${b64u('{}')}.${b64u('x'.repeat(2420))}`;
  return [
    ['ML-DSA absent: generateKeyPair is ERR_KEY', () => expectCode(jwtkit, jwtkit.generateKeyPair('ML-DSA-44'), 'ERR_KEY')],
    ['ML-DSA absent: verifying with an AKP JWK is ERR_KEY', () => expectCode(jwtkit, jwtkit.verify(token, fakeAkpJwk('pq')), 'ERR_KEY')],
    [
      'ML-DSA absent: an ML-DSA token against an EC key is ERR_JWT_ALGORITHM',
      async () => {
        const { publicKey } = await jwtkit.generateKeyPair('ES256');
        await expectCode(jwtkit, jwtkit.verify(token, publicKey), 'ERR_JWT_ALGORITHM');
      },
    ],
  ];
}

/**
 * A JWK set mixing an AKP (ML-DSA) key, a key type nobody knows and a good EC key: the set keeps
 * serving the EC key, and the ML-DSA key where the runtime has ML-DSA.
 */
function keySetChecks(jwtkit: Jwtkit, fixtures: Fixtures, mlDsa: boolean): Step[] {
  const ec = fixtures.keys.find((key) => key.alg === 'ES256')!;
  const ecJwk = { ...(ec.verifyKeys.find((key) => key.form === 'public JWK')!.key as Jwk), kid: 'ec' };
  const unknown = { kty: 'QKD', kid: 'future', x: 'AAAA' };
  return [
    [
      `a JWK set with an AKP key, an unknown kty and an EC key serves the EC key${mlDsa ? ' and the ML-DSA key' : ''}`,
      async () => {
        const pq = mlDsa ? await jwtkit.generateKeyPair('ML-DSA-65', { kid: 'pq' }) : undefined;
        const akp = pq ? await jwtkit.exportJwk(pq.publicKey) : fakeAkpJwk('pq');
        const keys = jwtkit.createLocalJwks({ keys: [akp, unknown as Jwk, ecJwk] });
        const ecToken = await jwtkit.sign({ sub: 'ec' }, ec.signKey, { alg: 'ES256', kid: 'ec' });
        equal((await jwtkit.verify(ecToken, keys)).payload.sub, 'ec', 'EC token through the set');
        if (pq) equal((await jwtkit.verify(await jwtkit.sign({ sub: 'pq' }, pq.privateKey), keys)).payload.sub, 'pq', 'ML-DSA token through the set');
      },
    ],
  ];
}

// ---------------------------------------------------------------------------------------------
// Assertions (no test framework runs inside every one of these runtimes)

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Deep equality by canonical JSON (key order ignored). */
function equal(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [canonical(actual), canonical(expected)];
  assert(a === e, `${what}: expected ${e}, got ${a}`);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : 1)))
      : inner,
  );
}

/** Awaits `action` and asserts it fails with a JwtError carrying `code`; returns the error. */
async function expectCode(jwtkit: Jwtkit, action: Promise<unknown> | (() => unknown), code: string): Promise<Error> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    assert(error instanceof jwtkit.JwtError, `expected ${code}, got a non-JwtError: ${describe(error)}`);
    assert(error.code === code, `expected ${code}, got ${error.code}`);
    return error;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}${'code' in error ? ` ${String(error.code)}` : ''}: ${error.message}`;
  return String(error);
}

/** base64url of UTF-8 text, with web-standard APIs only. */
function b64u(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Replaces the first character of a base64url segment with another letter (still valid base64url). */
function flipFirst(segment: string): string {
  return (segment[0] === 'A' ? 'B' : 'A') + segment.slice(1);
}
