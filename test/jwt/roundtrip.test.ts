import { describe, expect, it } from 'vitest';
import { type Alg, decode, importKey, sign, signJws, verify, verifyJws } from '../../src/index.js';
import { ALGS, expectCode, keysFor } from '../helpers.js';

/** Replaces one base64url character of a segment with another valid one, keeping the length. */
function tamper(token: string, segment: 0 | 1 | 2): string {
  const parts = token.split('.');
  const text = parts[segment]!;
  const index = Math.floor(text.length / 2);
  parts[segment] = text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1);
  return parts.join('.');
}

const SAME_KEY_OTHER_ALG: Partial<Record<Alg, Alg>> = {
  HS256: 'HS512',
  HS384: 'HS256',
  HS512: 'HS384',
  RS256: 'PS256',
  RS384: 'RS256',
  RS512: 'PS512',
  PS256: 'RS256',
  PS384: 'PS256',
  PS512: 'RS512',
  EdDSA: 'Ed25519',
  Ed25519: 'EdDSA',
};

describe.each(ALGS)('%s', (alg) => {
  const { signKey, verifyKey } = keysFor(alg);

  it('signs and verifies a JWT round trip with raw key material', async () => {
    const token = await sign({ sub: 'user-1', roles: ['admin'] }, signKey, { alg, expiresIn: '5m', issuer: 'jwtkit-test' });
    const { header, payload } = await verify<{ roles: string[] }>(token, verifyKey, { issuer: 'jwtkit-test' });
    expect(header).toEqual({ alg, typ: 'JWT' });
    expect(payload.sub).toBe('user-1');
    expect(payload.roles).toEqual(['admin']);
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it('signs and verifies with keys from importKey', async () => {
    const token = await sign({ n: 1 }, await importKey(signKey, alg), { alg });
    const { payload } = await verify(token, await importKey(verifyKey, alg));
    expect(payload.n).toBe(1);
    expect(decode(token).header.alg).toBe(alg);
  });

  it('signs and verifies arbitrary bytes through the JWS layer', async () => {
    const bytes = new Uint8Array([0, 255, 1, 254, 10, 13]);
    const token = await signJws(bytes, signKey, { alg, header: { cty: 'application/octet-stream' } });
    const { header, payload } = await verifyJws(token, verifyKey);
    expect(header).toEqual({ alg, cty: 'application/octet-stream' });
    expect(payload).toEqual(bytes);
  });

  it('rejects a tampered signature, payload or header', async () => {
    const token = await sign({ sub: 'user-1' }, signKey, { alg });
    await expectCode(verify(tamper(token, 2), verifyKey), 'ERR_JWT_SIGNATURE');
    const forgedPayload = token.replace(token.split('.')[1]!, Buffer.from('{"sub":"admin"}').toString('base64url'));
    await expectCode(verify(forgedPayload, verifyKey), 'ERR_JWT_SIGNATURE');
    const forgedHeader = token.replace(token.split('.')[0]!, Buffer.from(`{"alg":"${alg}","typ":"JWT","x":1}`).toString('base64url'));
    await expectCode(verify(forgedHeader, verifyKey), 'ERR_JWT_SIGNATURE');
  });

  it('rejects a signature that was cut short or extended', async () => {
    const token = await sign({}, signKey, { alg });
    const [h, p, s] = token.split('.');
    const signature = Buffer.from(s!, 'base64url');
    await expectCode(verify(`${h}.${p}.${signature.subarray(0, signature.length - 1).toString('base64url')}`, verifyKey), 'ERR_JWT_SIGNATURE');
    await expectCode(verify(`${h}.${p}.${Buffer.concat([signature, Buffer.from([0])]).toString('base64url')}`, verifyKey), 'ERR_JWT_SIGNATURE');
    await expectCode(verify(`${h}.${p}.`, verifyKey), 'ERR_JWT_SIGNATURE');
  });
});

// Keys that can do several algs (HS*, RS*/PS*, EdDSA/Ed25519) verify only the algs allowed; an EC
// key has one alg per curve, so it has no such pair.
describe.each(Object.entries(SAME_KEY_OTHER_ALG) as Array<[Alg, Alg]>)('%s key', (alg, other) => {
  it(`refuses a token signed with the same key as ${other} when only ${alg} is allowed`, async () => {
    const keys = alg.startsWith('HS') ? keysFor('HS512') : keysFor(alg); // 64 bytes: long enough for every HS*
    const token = await sign({}, keys.signKey, { alg: other });
    await expectCode(verify(token, keys.verifyKey, { algorithms: [alg] }), 'ERR_JWT_ALGORITHM');
    expect((await verify(token, keys.verifyKey, { algorithms: [alg, other] })).header.alg).toBe(other);
  });
});

describe('defaults', () => {
  it('picks the alg from the key when none is given', async () => {
    const expected = { HS256: 'HS256', RS256: 'RS256', ES256: 'ES256', ES384: 'ES384', ES512: 'ES512', EdDSA: 'EdDSA' } as const;
    for (const [from, alg] of Object.entries(expected)) {
      const token = await sign({}, keysFor(from as keyof typeof expected).signKey);
      expect(decode(token).header.alg, from).toBe(alg);
    }
  });

  it('puts typ JWT, iat now and the kid option in the header and payload', async () => {
    const { signKey } = keysFor('HS256');
    const token = await sign({ a: 1 }, signKey, { kid: 'k1', now: new Date('2030-01-01T00:00:00Z') });
    const { header, payload } = decode(token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k1' });
    expect(payload).toEqual({ a: 1, iat: 1893456000 });
  });

  it('finds the key with a resolver given the header', async () => {
    const keys = { a: keysFor('ES256'), b: keysFor('EdDSA') };
    const token = await sign({}, keys.b.signKey, { kid: 'b' });
    const seen: string[] = [];
    const { header } = await verify(token, (h) => {
      seen.push(String(h.kid));
      return keys[h.kid as 'a' | 'b'].verifyKey;
    });
    expect(header.alg).toBe('EdDSA');
    expect(seen).toEqual(['b']);
  });
});
