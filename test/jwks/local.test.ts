import { describe, expect, it } from 'vitest';
import {
  type Alg,
  type Jwk,
  type Key,
  createLocalJwks,
  decode,
  exportJwk,
  generateKeyPair,
  generateSecret,
  sign,
  signJws,
  verify,
  verifyJws,
} from '../../src/index.js';
import { expectCode } from '../helpers.js';

/** createLocalJwks: a JWK set in memory as the key of verify, with selection by kid, alg, kty and crv. */

const NOW = 1_700_000_000;
const decodeHeader = (token: string) => decode(token).header;

async function pair(alg: Alg, kid?: string): Promise<{ privateKey: Key; jwk: Jwk }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, kid === undefined ? {} : { kid });
  return { privateKey, jwk: await exportJwk(publicKey) };
}

describe('createLocalJwks', async () => {
  const a = await pair('ES256', 'a');
  const b = await pair('ES256', 'b');
  const rsa = await pair('RS256', 'r');
  const ed = await pair('EdDSA', 'e');
  const jwks = { keys: [a.jwk, b.jwk, rsa.jwk, ed.jwk] };

  it('verifies tokens of every key in the set, chosen by kid', async () => {
    const keySet = createLocalJwks(jwks);
    for (const { privateKey } of [a, b, rsa, ed]) {
      const token = await sign({ sub: privateKey.kid }, privateKey, { now: NOW });
      expect((await verify(token, keySet, { now: NOW })).payload.sub).toBe(privateKey.kid);
    }
    expect(new TextDecoder().decode((await verifyJws(await signJws('bytes', b.privateKey), keySet)).payload)).toBe('bytes');
  });

  it('a token whose kid names another key fails with ERR_JWT_SIGNATURE, not by trying the rest', async () => {
    const token = await sign({}, a.privateKey, { kid: 'b', now: NOW });
    await expectCode(verify(token, createLocalJwks(jwks), { now: NOW }), 'ERR_JWT_SIGNATURE');
  });

  it('without a kid, tries every key that fits the alg', async () => {
    const unnamed = await Promise.all([pair('ES256'), pair('ES256'), pair('EdDSA'), pair('RS256')]);
    const keySet = createLocalJwks({ keys: unnamed.map(({ jwk }) => jwk) });
    for (const { privateKey } of unnamed) {
      const token = await sign({ n: 1 }, privateKey, { now: NOW });
      expect(decodeHeader(token)).not.toHaveProperty('kid');
      expect((await verify(token, keySet, { now: NOW })).payload.n).toBe(1);
    }
    const stranger = await pair('ES256');
    await expectCode(verify(await sign({}, stranger.privateKey, { now: NOW }), keySet, { now: NOW }), 'ERR_JWT_SIGNATURE');
  });

  it('fails with ERR_JWKS_NO_MATCH for an unknown kid, or an alg no key of the set can do', async () => {
    const keySet = createLocalJwks(jwks);
    await expectCode(verify(await sign({}, a.privateKey, { kid: 'unknown', now: NOW }), keySet, { now: NOW }), 'ERR_JWKS_NO_MATCH');
    const es384 = await pair('ES384', 'a'); // the kid of an ES256 key, but another curve
    await expectCode(verify(await sign({}, es384.privateKey, { now: NOW }), keySet, { now: NOW }), 'ERR_JWKS_NO_MATCH');
    const hs256 = await sign({}, await generateSecret('HS256', { kid: 'r' }), { now: NOW }); // the RSA key's kid, as an HMAC token
    await expectCode(verify(hs256, keySet, { now: NOW }), 'ERR_JWKS_NO_MATCH');
  });

  it('honours each JWK alg: an RS256 key is not tried for a PS256 token', async () => {
    const token = await sign({}, (await generateKeyPair('PS256', { kid: 'r' })).privateKey, { now: NOW });
    await expectCode(verify(token, createLocalJwks(jwks), { now: NOW }), 'ERR_JWKS_NO_MATCH');
  });

  it('skips keys it cannot verify with, and still uses the rest', async () => {
    const unusable: unknown[] = [
      { ...a.jwk, use: 'enc' },
      { ...a.jwk, alg: 'ECDH-ES' },
      { ...a.jwk, key_ops: ['sign'] },
      { ...a.jwk, crv: 'secp256k1' },
      { kty: 'OKP', crv: 'X25519', x: 'AAAA', kid: 'a' },
      { kty: 'RSA', kid: 'a', x5c: ['MIIB'] },
      { ...a.jwk, kid: 42 },
      { ...a.jwk, d: 'private-part' },
      { kty: 'XYZ', kid: 'a' },
      'not a key',
      null,
    ];
    const keySet = createLocalJwks({ keys: [...unusable, b.jwk] as Jwk[] });
    await expectCode(verify(await sign({}, a.privateKey, { now: NOW }), keySet, { now: NOW }), 'ERR_JWKS_NO_MATCH');
    expect((await verify(await sign({ ok: 1 }, b.privateKey, { now: NOW }), keySet, { now: NOW })).payload.ok).toBe(1);
  });

  it('holds HMAC secrets too, so they can rotate by kid', async () => {
    const secret = await generateSecret('HS256', { kid: 'h1', extractable: true });
    const keySet = createLocalJwks({ keys: [await exportJwk(secret), a.jwk] });
    expect((await verify(await sign({ h: 1 }, secret, { now: NOW }), keySet, { now: NOW })).payload.h).toBe(1);
  });

  it("copies the set: later changes to the caller's objects change nothing", async () => {
    const mutable: { keys: Jwk[] } = { keys: [{ ...a.jwk, key_ops: ['verify'] }] };
    const keySet = createLocalJwks(mutable);
    mutable.keys[0]!.kid = 'changed';
    mutable.keys[0]!.key_ops![0] = 'sign';
    mutable.keys.push(b.jwk);
    expect((await verify(await sign({}, a.privateKey, { now: NOW }), keySet, { now: NOW })).header.kid).toBe('a');
    await expectCode(verify(await sign({}, b.privateKey, { now: NOW }), keySet, { now: NOW }), 'ERR_JWKS_NO_MATCH');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array of keys', [a.jwk]],
    ['an object without keys', { key: [a.jwk] }],
    ['keys that is not an array', { keys: a.jwk }],
  ])('refuses %s with ERR_JWKS_INVALID', (_name, value) => {
    expect(() => createLocalJwks(value as never)).toThrow(expect.objectContaining({ code: 'ERR_JWKS_INVALID' }));
  });
});
