import { KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Alg, decrypt, encrypt, exportJwk, importKey, sign, signJws, verify, verifyJws } from '../../src/index.js';
import { expectCode } from '../helpers.js';

/**
 * A CryptoKey its owner made non-extractable stays one on the Node build too: node:crypto would
 * need KeyObject.from, which drops the restriction and which Node deprecates for such keys
 * (DEP0204: a warning on new Nodes, an error later). Its operations go through WebCrypto instead.
 */

const PARAMS: Partial<Record<Alg, RsaHashedKeyGenParams | EcKeyGenParams | HmacKeyGenParams | Algorithm>> = {
  HS256: { name: 'HMAC', hash: 'SHA-256' } as HmacKeyGenParams,
  ES256: { name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams,
  EdDSA: { name: 'Ed25519' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) } as RsaHashedKeyGenParams,
};

afterEach(() => vi.restoreAllMocks());

describe('a non-extractable CryptoKey', () => {
  it.each(Object.keys(PARAMS) as Alg[])('%s: signs and verifies (JWT and JWS), never turned into a KeyObject, never exported', async (alg) => {
    const generated = await crypto.subtle.generateKey(PARAMS[alg]!, false, ['sign', 'verify']);
    const [signingKey, verifyingKey] = 'privateKey' in generated ? [generated.privateKey, generated.publicKey] : [generated, generated];
    const from = vi.spyOn(KeyObject, 'from');

    const token = await sign({ sub: 'alice' }, signingKey, { alg, expiresIn: '5m' });
    expect((await verify(token, verifyingKey, { algorithms: [alg] })).payload.sub).toBe('alice');
    const jws = await signJws('hello', signingKey, { alg });
    expect(new TextDecoder().decode((await verifyJws(jws, verifyingKey, { algorithms: [alg] })).payload)).toBe('hello');
    // Through an imported Key too, and a wrong signature is still a wrong signature.
    const key = await importKey(signingKey, alg);
    await expectCode(
      verify(`${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(token.length - token.lastIndexOf('.') - 1)}`, verifyingKey, { algorithms: [alg] }),
      'ERR_JWT_SIGNATURE',
    );
    await expectCode(exportJwk(key), 'ERR_KEY');

    expect(from.mock.calls.filter(([cryptoKey]) => !cryptoKey.extractable)).toEqual([]);
  });
});

describe('a non-extractable CryptoKey for JWE', () => {
  const JWE_PARAMS = [
    ['RSA-OAEP-256', { name: 'RSA-OAEP', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, ['encrypt', 'decrypt']],
    ['ECDH-ES+A256KW', { name: 'ECDH', namedCurve: 'P-256' }, ['deriveBits']],
    ['ECDH-ES', { name: 'X25519' }, ['deriveBits']],
  ] as const;

  it.each(JWE_PARAMS)('%s: decrypts with a private key that stays non-extractable, never turned into a KeyObject', async (alg, params, usages) => {
    const { privateKey, publicKey } = (await crypto.subtle.generateKey(params, false, [...usages] as KeyUsage[])) as CryptoKeyPair;
    const from = vi.spyOn(KeyObject, 'from');
    const token = await encrypt({ sub: 'alice' }, publicKey, { alg, enc: 'A256GCM', expiresIn: '5m' });
    expect((await decrypt(token, privateKey, { algorithms: [alg] })).payload.sub).toBe('alice');
    await expectCode(decrypt(`${token.slice(0, -4)}AAAA`, privateKey, { algorithms: [alg] }), 'ERR_JWE_DECRYPTION');
    expect(from.mock.calls.filter(([cryptoKey]) => !cryptoKey.extractable)).toEqual([]);
  });
});
