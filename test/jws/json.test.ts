/**
 * The JWS JSON serializations: every RFC 7515 App. A.6/A.7, RFC 7520 §4 (flattened and general,
 * §4.8's three signatures included) and RFC 7797 §4.2 example verifies, the deterministic ones are
 * reproduced by signJwsJson, and tampering with any member fails with the right code. The rules of
 * verifyJwsJson (several signatures, unprotected headers, b64) are pinned down on hand-made JWSs.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { type Jwk, type JwsJson, type KeyInput, createLocalJwks, importKey, signJwsJson, verifyJws, verifyJwsJson } from '../../src/index.js';
import { expectCode, keysFor } from '../helpers.js';
import { ALL_VECTORS, type Vector, rfc7797 } from '../vectors/load.js';

type Signature = { protected?: string; header?: Record<string, unknown>; signature: string };
type Token = { payload?: string; signatures?: Signature[] } & Partial<Signature>;

const json = [...ALL_VECTORS, ...rfc7797].filter((v) => v.type === 'JWS' && v.serialization !== 'compact' && v.expectations.verify === true);
const rows = json.map((v) => [v.id, v] as const);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const b64u = (value: string | Uint8Array): string => Buffer.from(value).toString('base64url');

/** The signatures of a JSON JWS, flattened or general, in order. */
function signaturesOf(token: Token): Signature[] {
  return token.signatures ?? [{ protected: token.protected, header: token.header, signature: token.signature! }];
}

/** A deep copy to tamper with. */
const copy = (token: unknown): Token => structuredClone(token) as Token;

/**
 * Each signature's verification key (public JWK or secret), with a kid: its own, the vector's, or
 * (RFC 7515 A.7 names the A.3 key only in the text) the one the signature's header names.
 */
function keysOf(v: Vector): Jwk[] {
  const entries = v.keys ?? [{ ...v.key!, for: 'signatures[0]', alg: v.alg as string }];
  return entries.map((entry, index) => {
    const jwk = (entry.kty === 'oct' ? entry.secret_jwk : entry.public_jwk)!;
    const named = expectedSignatures(v)[index]!;
    const kid = jwk.kid ?? entry.kid ?? named.header.kid ?? named.unprotectedHeader?.kid;
    return kid === undefined ? jwk : { ...jwk, kid: kid as string };
  });
}

/** The verify options a vector needs: its detached payload. */
function optionsOf(v: Vector): { detachedPayload?: string } {
  return typeof v.detached_payload === 'string' ? { detachedPayload: v.detached_payload } : {};
}

/** The RFC's headers for each signature. */
function expectedSignatures(v: Vector): { header: Record<string, unknown>; unprotectedHeader?: Record<string, unknown> }[] {
  const list = v.expected.signatures ?? [{ protected_header: v.expected.protected_header, unprotected_header: v.expected.unprotected_header }];
  return list.map((s) =>
    s.unprotected_header ? { header: s.protected_header ?? {}, unprotectedHeader: s.unprotected_header } : { header: s.protected_header ?? {} },
  );
}

/** Replaces the first character of base64url text with another letter (still valid base64url). */
const flip = (segment: string): string => (segment[0] === 'A' ? 'B' : 'A') + segment.slice(1);

describe('vector selection', () => {
  it('finds every JSON JWS example the RFCs give', () => {
    expect(json.map((v) => v.id)).toEqual([
      'rfc7515-A.6',
      'rfc7515-A.7',
      'rfc7520-4.1-general',
      'rfc7520-4.1-flattened',
      'rfc7520-4.2-general',
      'rfc7520-4.2-flattened',
      'rfc7520-4.3-general',
      'rfc7520-4.3-flattened',
      'rfc7520-4.4-general',
      'rfc7520-4.4-flattened',
      'rfc7520-4.5-general',
      'rfc7520-4.5-flattened',
      'rfc7520-4.6-general',
      'rfc7520-4.6-flattened',
      'rfc7520-4.7-general',
      'rfc7520-4.7-flattened',
      'rfc7520-4.8-general',
      'rfc7797-4.2-flattened',
    ]);
  });
});

describe.each(rows)('%s: verifyJwsJson', (_id, v) => {
  const keys = keysOf(v);
  const jwks = createLocalJwks({ keys });
  const token = v.token as Token;
  const expected = expectedSignatures(v);

  it('verifies every signature with a JWK set resolver, also as JSON text, even with requireAll', async () => {
    for (const input of [token as JwsJson, JSON.stringify(token)]) {
      const result = await verifyJwsJson(input, jwks, { ...optionsOf(v), requireAll: true });
      expect(text(result.payload)).toBe(v.expected.payload);
      expect(result.signatures).toStrictEqual(expected.map((s) => ({ ...s, verified: true })));
      expect(result.header).toStrictEqual(expected[0]!.header);
      expect(result.unprotectedHeader).toStrictEqual(expected[0]!.unprotectedHeader);
    }
  });

  it.each(keys.map((key, index) => [index, key] as const))(
    'verifies signature %i with its own key given directly; the others are skipped',
    async (index, key) => {
      const result = await verifyJwsJson(token as JwsJson, key, optionsOf(v));
      expect(result.signatures.map((s) => s.verified)).toEqual(keys.map((_, i) => i === index));
      expect(result.header).toStrictEqual(expected[index]!.header);
    },
  );

  it('fails with ERR_JWT_SIGNATURE when the payload member changes', async () => {
    if (token.payload === undefined) {
      await expectCode(verifyJwsJson(token as JwsJson, jwks, { detachedPayload: `${v.detached_payload} ` }), 'ERR_JWT_SIGNATURE');
      return;
    }
    const tampered = copy(token);
    tampered.payload = v.id.startsWith('rfc7797') ? '$.03' : flip(token.payload);
    await expectCode(verifyJwsJson(tampered as JwsJson, jwks), 'ERR_JWT_SIGNATURE');
  });

  it.each(signaturesOf(token).map((_, index) => [index] as const))(
    'fails with ERR_JWT_SIGNATURE when signature %i changes (even if another verifies)',
    async (index) => {
      const tampered = copy(token);
      const target = signaturesOf(tampered)[index]!;
      const changed = flip(target.signature);
      if (tampered.signatures) tampered.signatures[index]!.signature = changed;
      else tampered.signature = changed;
      await expectCode(verifyJwsJson(tampered as JwsJson, jwks, optionsOf(v)), 'ERR_JWT_SIGNATURE');
    },
  );

  it.each(signaturesOf(token).flatMap((s, index) => (s.protected ? [[index] as const] : [])))(
    'fails with ERR_JWT_SIGNATURE when protected header %i is re-serialized (same JSON, other bytes)',
    async (index) => {
      const tampered = copy(token);
      const target = tampered.signatures ? tampered.signatures[index]! : tampered;
      target.protected = b64u(`${Buffer.from(target.protected!, 'base64url').toString()} `);
      await expectCode(verifyJwsJson(tampered as JwsJson, jwks, optionsOf(v)), 'ERR_JWT_SIGNATURE');
    },
  );

  it('fails with ERR_JWT_MALFORMED when a protected member is repeated in the unprotected header', async () => {
    const tampered = copy(token);
    const target = tampered.signatures ? tampered.signatures[0]! : tampered;
    target.header = { ...target.header, ...(target.protected ? { alg: expected[0]!.header.alg } : { typ: 'x' }) };
    if (!target.protected) target.protected = b64u('{"typ":"x"}');
    await expectCode(verifyJwsJson(tampered as JwsJson, jwks, optionsOf(v)), 'ERR_JWT_MALFORMED');
  });

  it('fails with ERR_JWT_MALFORMED when crit or b64 is put in an unprotected header', async () => {
    for (const extra of [{ crit: ['b64'] }, { b64: true }]) {
      const tampered = copy(token);
      const target = tampered.signatures ? tampered.signatures[0]! : tampered;
      target.header = { ...target.header, ...extra };
      await expectCode(verifyJwsJson(tampered as JwsJson, jwks, optionsOf(v)), 'ERR_JWT_MALFORMED');
    }
  });

  it('an unprotected kid is not covered: changed, the JWK set finds no key (ERR_JWKS_NO_MATCH); a key given directly still verifies', async (context) => {
    // Only where every signature names its key in the unprotected header.
    if (!signaturesOf(token).every((s) => s.header?.kid !== undefined)) return context.skip();
    const tampered = copy(token);
    for (const s of signaturesOf(tampered)) if (s.header) s.header.kid = 'someone else';
    if (!tampered.signatures) tampered.header = signaturesOf(tampered)[0]!.header;
    await expectCode(verifyJwsJson(tampered as JwsJson, jwks, optionsOf(v)), 'ERR_JWKS_NO_MATCH');
    expect((await verifyJwsJson(tampered as JwsJson, keys[0]!, optionsOf(v))).signatures[0]!.verified).toBe(true);
  });
});

describe.each(json.filter((v) => v.expectations.reproducible === true).map((v) => [v.id, v] as const))('%s: signJwsJson reproduces it', (_id, v) => {
  const token = v.token as Token;
  const signatures = signaturesOf(token);

  it('signing the payload with the same headers gives the exact JWS', async (context) => {
    // RFC 7520 §4.7 has "alg" only in the unprotected header, which jwtkit never writes.
    if (signatures.some((s) => s.protected === undefined)) return context.skip();
    const [entry] = v.keys ?? [{ ...v.key!, for: 'signatures[0]', alg: v.alg as string }];
    const signKey = (entry!.kty === 'oct' ? entry!.secret_jwk : entry!.private_jwk)!;
    const { alg, ...header } = JSON.parse(Buffer.from(signatures[0]!.protected!, 'base64url').toString()) as Record<string, unknown>;
    const unencoded = header.b64 === false;
    delete header.b64;
    delete header.crit;
    const unprotectedHeader = signatures[0]!.header;
    const signed = await signJwsJson(
      typeof v.detached_payload === 'string' ? v.detached_payload : v.expected.payload!,
      [{ key: signKey, alg: alg as 'HS256', header, ...(unprotectedHeader ? { unprotectedHeader } : {}) }],
      {
        serialization: token.signatures ? 'general' : 'flattened',
        detached: token.payload === undefined,
        b64: !unencoded,
      },
    );
    expect(signed).toStrictEqual(token);
  });
});

describe('several signatures (RFC 7520 §4.8)', () => {
  const v = json.find((vector) => vector.id === 'rfc7520-4.8-general')!;
  const token = v.token as Token;
  const keys = keysOf(v);

  it('a resolver that finds only some keys: those verify, the rest are reported unverified', async () => {
    const resolver = vi.fn((header: Record<string, unknown>) => (header.alg === 'HS256' ? keys[2] : undefined));
    const result = await verifyJwsJson(token as JwsJson, resolver);
    expect(result.signatures.map((s) => s.verified)).toEqual([false, false, true]);
    expect(result.header).toStrictEqual({ alg: 'HS256', kid: '018c0ae5-4d9b-471b-bfd6-eef314bc7037' });
    expect(resolver).toHaveBeenCalledTimes(3);
    // The resolver sees each signature's joint header: the unprotected kid of the first one.
    expect(resolver.mock.calls[0]![0]).toStrictEqual({ alg: 'RS256', kid: 'bilbo.baggins@hobbiton.example' });
    await expectCode(verifyJwsJson(token as JwsJson, resolver, { requireAll: true }), 'ERR_KEY');
  });

  it('a resolver that finds no key for any signature: ERR_KEY; one that throws something else: that error', async () => {
    await expectCode(
      verifyJwsJson(token as JwsJson, () => []),
      'ERR_KEY',
    );
    await expectCode(
      verifyJwsJson(token as JwsJson, () => null),
      'ERR_KEY',
    );
    const boom = new Error('store down');
    await expect(verifyJwsJson(token as JwsJson, () => Promise.reject(boom))).rejects.toBe(boom);
  });

  it('a key found for a signature that does not verify fails the whole JWS, whatever the others', async () => {
    const wrongRsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as Jwk;
    const resolver = (header: Record<string, unknown>) => (header.alg === 'RS256' ? wrongRsa : header.alg === 'HS256' ? keys[2] : undefined);
    await expectCode(verifyJwsJson(token as JwsJson, resolver), 'ERR_JWT_SIGNATURE');
  });

  it('algorithms leaves the other signatures out (skipped, not failed)', async () => {
    const result = await verifyJwsJson(token as JwsJson, createLocalJwks({ keys }), { algorithms: ['ES512'] });
    expect(result.signatures.map((s) => s.verified)).toEqual([false, true, false]);
    await expectCode(verifyJwsJson(token as JwsJson, createLocalJwks({ keys }), { algorithms: ['ES512'], requireAll: true }), 'ERR_JWT_ALGORITHM');
    await expectCode(verifyJwsJson(token as JwsJson, createLocalJwks({ keys }), { algorithms: ['PS256'] }), 'ERR_JWT_ALGORITHM');
  });

  it('a signature with alg "none" is never counted', async () => {
    const tampered = copy(token);
    tampered.signatures!.push({ protected: b64u('{"alg":"none"}'), signature: '' });
    const result = await verifyJwsJson(tampered as JwsJson, createLocalJwks({ keys }));
    expect(result.signatures.map((s) => s.verified)).toEqual([true, true, true, false]);
    await expectCode(verifyJwsJson(tampered as JwsJson, createLocalJwks({ keys }), { requireAll: true }), 'ERR_JWT_ALGORITHM');
  });
});

describe('an alg only in the unprotected header is never trusted on its own', () => {
  const secret = new Uint8Array(64).map((_, i) => i * 3 + 1); // long enough for HS256, HS384 and HS512
  const payload = b64u('pay');
  const jws = { payload, header: { alg: 'HS256' }, signature: createHmac('sha256', secret).update(`.${payload}`).digest('base64url') };

  it('with a key that can do several algs, it is ERR_JWT_ALGORITHM', async () => {
    await expectCode(verifyJwsJson(jws, secret), 'ERR_JWT_ALGORITHM');
  });

  it('verifies when the caller fixed the alg: algorithms, or a key pinned to it', async () => {
    expect(text((await verifyJwsJson(jws, secret, { algorithms: ['HS256'] })).payload)).toBe('pay');
    expect(text((await verifyJwsJson(jws, await importKey(secret, 'HS256'))).payload)).toBe('pay');
    expect(text((await verifyJwsJson(jws, { kty: 'oct', k: b64u(secret), alg: 'HS256' })).payload)).toBe('pay');
  });

  it('another alg in its place finds the pinned key unable to do it', async () => {
    const swapped = { ...jws, header: { alg: 'HS512' } };
    await expectCode(verifyJwsJson(swapped, await importKey(secret, 'HS256')), 'ERR_JWT_ALGORITHM');
    await expectCode(verifyJwsJson(swapped, secret, { algorithms: ['HS512'] }), 'ERR_JWT_SIGNATURE');
  });
});

describe('verifyJwsJson input', () => {
  const secret = keysFor('HS256').signKey as Uint8Array;
  const flattened = async (): Promise<Token> => (await signJwsJson('hello', [{ key: secret }])) as Token;

  it.each([
    ['text that is not JSON', () => '{"payload"'],
    ['JSON that is not an object', () => '[1]'],
    ['a number', () => 42],
    ['no signature member', async () => ({ ...(await flattened()), signature: undefined })],
    ['a signature that is not base64url', async () => ({ ...(await flattened()), signature: 'a+b' })],
    ['a protected member that is not a string', async () => ({ ...(await flattened()), protected: 1 })],
    ['neither protected nor header', async () => ({ payload: (await flattened()).payload, signature: (await flattened()).signature })],
    ['an unprotected header that is not an object', async () => ({ ...(await flattened()), header: 'x' })],
    ['a payload that is not a string', async () => ({ ...(await flattened()), payload: 1 })],
    ['no payload and no detachedPayload', async () => ({ ...(await flattened()), payload: undefined })],
    ['an empty signatures array', () => ({ payload: 'aGk', signatures: [] })],
    ['signatures that is not an array', () => ({ payload: 'aGk', signatures: {} })],
    ['a signature that is not an object', () => ({ payload: 'aGk', signatures: ['x'] })],
    [
      'general and flattened members mixed',
      async () => ({ ...(await flattened()), signatures: [{ protected: (await flattened()).protected, signature: (await flattened()).signature }] }),
    ],
    [
      'b64 that differs between signatures',
      async () => ({
        payload: 'aGk',
        signatures: [
          { protected: b64u('{"alg":"HS256"}'), signature: 'AA' },
          { protected: b64u('{"alg":"HS256","b64":false,"crit":["b64"]}'), signature: 'AA' },
        ],
      }),
    ],
  ])('refuses %s with ERR_JWT_MALFORMED', async (_name, make) => {
    await expectCode(verifyJwsJson((await make()) as JwsJson, secret), 'ERR_JWT_MALFORMED');
  });

  it('a payload both in the JWS and detached: ERR_JWT_MALFORMED', async () => {
    await expectCode(verifyJwsJson((await flattened()) as JwsJson, secret, { detachedPayload: 'hello' }), 'ERR_JWT_MALFORMED');
  });

  it('maxTokenLength caps the text and the object alike (default 16,384)', async () => {
    const big = (await signJwsJson('x'.repeat(13_000), [{ key: secret }])) as JwsJson;
    await expectCode(verifyJwsJson(big, secret), 'ERR_JWT_MALFORMED');
    await expectCode(verifyJwsJson(JSON.stringify(big), secret), 'ERR_JWT_MALFORMED');
    expect((await verifyJwsJson(big, secret, { maxTokenLength: 20_000 })).payload).toHaveLength(13_000);
  });

  it.each([
    ['an unknown option', { detached: true }],
    ['requireAll that is not a boolean', { requireAll: 'yes' }],
    ['a bad algorithms', { algorithms: [] }],
    ['a bad detachedPayload', { detachedPayload: 1 }],
  ])('refuses %s with ERR_INVALID_ARGUMENT', async (_name, options) => {
    await expectCode(verifyJwsJson((await flattened()) as JwsJson, secret, options as never), 'ERR_INVALID_ARGUMENT');
  });

  it('hands back copies: changing the result changes nothing the next call sees', async () => {
    const jws = { ...(await flattened()), header: { kid: 'k' } } as JwsJson;
    const first = await verifyJwsJson(jws, secret);
    first.unprotectedHeader!.kid = 'changed';
    first.payload[0] = 0;
    const second = await verifyJwsJson(jws, secret);
    expect(second.unprotectedHeader).toStrictEqual({ kid: 'k' });
    expect(text(second.payload)).toBe('hello');
  });
});

describe('signJwsJson', () => {
  const secret = keysFor('HS256').signKey as Uint8Array;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecPrivate = { ...(ec.privateKey.export({ format: 'jwk' }) as Jwk), kid: 'ec-1' };
  const ecPublic = { ...(ec.publicKey.export({ format: 'jwk' }) as Jwk), kid: 'ec-1' };
  const header = (segment: string | undefined): unknown => JSON.parse(Buffer.from(segment!, 'base64url').toString());

  it('one signer: flattened, with the key kid in the protected header; it verifies as a compact JWS too', async () => {
    const jws = (await signJwsJson('hi', [{ key: ecPrivate, header: { typ: 'example' } }])) as Token;
    expect(Object.keys(jws)).toEqual(['payload', 'protected', 'signature']);
    expect(header(jws.protected)).toStrictEqual({ alg: 'ES256', typ: 'example', kid: 'ec-1' });
    expect(text((await verifyJws(`${jws.protected}.${jws.payload}.${jws.signature}`, ecPublic)).payload)).toBe('hi');
  });

  it('several signers: general, each with its own key, alg and headers; all verify', async () => {
    const jws = (await signJwsJson(utf8('multi'), [
      { key: ecPrivate, unprotectedHeader: { kid: 'ec-1', note: 'not covered' } },
      { key: secret, alg: 'HS256', header: { kid: 'hs-1' } },
    ])) as Token;
    expect(Object.keys(jws)).toEqual(['payload', 'signatures']);
    expect(jws.signatures!.map((s) => header(s.protected))).toStrictEqual([{ alg: 'ES256' }, { alg: 'HS256', kid: 'hs-1' }]);
    expect(jws.signatures![0]!.header).toStrictEqual({ kid: 'ec-1', note: 'not covered' });
    const keys: Jwk[] = [ecPublic, { kty: 'oct', kid: 'hs-1', k: b64u(secret) }];
    const result = await verifyJwsJson(jws as JwsJson, createLocalJwks({ keys }), { requireAll: true });
    expect(result.signatures.map((s) => s.verified)).toEqual([true, true]);
  });

  it("serialization: 'general' with one signer; 'flattened' with several is refused", async () => {
    expect(Object.keys(await signJwsJson('x', [{ key: secret }], { serialization: 'general' }))).toEqual(['payload', 'signatures']);
    await expectCode(signJwsJson('x', [{ key: secret }, { key: secret }], { serialization: 'flattened' }), 'ERR_INVALID_ARGUMENT');
  });

  it('b64: false puts the payload in as its own text, detached leaves it out', async () => {
    const unencoded = (await signJwsJson('$.02', [{ key: secret }], { b64: false })) as Token;
    expect(unencoded.payload).toBe('$.02');
    expect(header(unencoded.protected)).toStrictEqual({ alg: 'HS256', b64: false, crit: ['b64'] });
    expect(text((await verifyJwsJson(unencoded as JwsJson, secret)).payload)).toBe('$.02');
    const detached = (await signJwsJson(new Uint8Array([0xff, 0]), [{ key: secret }, { key: ecPrivate }], { b64: false, detached: true })) as Token;
    expect(detached.payload).toBeUndefined();
    expect((await verifyJwsJson(detached as JwsJson, secret, { detachedPayload: new Uint8Array([0xff, 0]) })).signatures.map((s) => s.verified)).toEqual([
      true,
      false,
    ]);
    await expectCode(signJwsJson(new Uint8Array([0xff]), [{ key: secret }], { b64: false }), 'ERR_INVALID_ARGUMENT');
  });

  it.each([
    ['no signers', [], undefined],
    ['signers that is not an array', { key: 'x' }, undefined],
    ['a signer that is not an object', ['secret'], undefined],
    ['an unknown signer member', [{ key: 'k'.repeat(32), kid: 'x' }], undefined],
    ['alg in the unprotected header', [{ key: 'k'.repeat(32), unprotectedHeader: { alg: 'HS256' } }], undefined],
    ['crit in the unprotected header', [{ key: 'k'.repeat(32), unprotectedHeader: { crit: ['b64'] } }], undefined],
    ['b64 in the unprotected header', [{ key: 'k'.repeat(32), unprotectedHeader: { b64: false } }], undefined],
    ['a name in both headers', [{ key: 'k'.repeat(32), header: { typ: 'a' }, unprotectedHeader: { typ: 'b' } }], undefined],
    ['an unprotected header that is not an object', [{ key: 'k'.repeat(32), unprotectedHeader: 'x' }], undefined],
    ['crit in the protected header', [{ key: 'k'.repeat(32), header: { crit: ['x'] } }], undefined],
    ['an unknown option', [{ key: 'k'.repeat(32) }], { alg: 'HS256' }],
    ['a bad serialization', [{ key: 'k'.repeat(32) }], { serialization: 'compact' }],
  ])('refuses %s with ERR_INVALID_ARGUMENT', async (_name, signers, options) => {
    await expectCode(signJwsJson('x', signers as never, options as never), 'ERR_INVALID_ARGUMENT');
  });

  it('a kid in the unprotected header keeps the key kid out of the protected one (never in both)', async () => {
    const jws = (await signJwsJson('x', [{ key: ecPrivate, unprotectedHeader: { kid: 'other' } }])) as Token;
    expect(header(jws.protected)).toStrictEqual({ alg: 'ES256' });
    expect(jws.header).toStrictEqual({ kid: 'other' });
  });

  it('a public key cannot sign (ERR_KEY)', async () => {
    await expectCode(signJwsJson('x', [{ key: ecPublic as KeyInput }]), 'ERR_KEY');
  });
});
