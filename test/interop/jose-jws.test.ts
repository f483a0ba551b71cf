/**
 * Interop with jose@6 beyond compact JWTs: the JWS JSON serializations (flattened and general,
 * unprotected headers) and RFC 7797 `b64: false` in the flattened form, both ways.
 */
import { generateKeyPairSync } from 'node:crypto';
import { FlattenedSign, GeneralSign, type JWK, flattenedVerify, generalVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { type Jwk, type JwsJson, createLocalJwks, signJwsJson, verifyJwsJson } from '../../src/index.js';
import { expectCode, keysFor } from '../helpers.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const utf8 = (value: string): Uint8Array => new TextEncoder().encode(value);

const secret = new Uint8Array(keysFor('HS256').signKey as Uint8Array);
const secretJwk: Jwk = { kty: 'oct', kid: 'hs', k: Buffer.from(secret).toString('base64url') };
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecPrivate = { ...(ec.privateKey.export({ format: 'jwk' }) as Jwk), kid: 'ec' };
const ecPublic = { ...(ec.publicKey.export({ format: 'jwk' }) as Jwk), kid: 'ec' };
const ed = generateKeyPairSync('ed25519');
const edPrivate = { ...(ed.privateKey.export({ format: 'jwk' }) as Jwk), kid: 'ed' };
const edPublic = { ...(ed.publicKey.export({ format: 'jwk' }) as Jwk), kid: 'ed' };
const jwks = createLocalJwks({ keys: [ecPublic, edPublic, secretJwk] });

const joseKey = (jwk: Jwk, alg: string) => importJWK(jwk as JWK, alg);

describe('flattened JWS', () => {
  it('jose → jwtkit, with an unprotected header', async () => {
    const jws = await new FlattenedSign(utf8('from jose'))
      .setProtectedHeader({ alg: 'ES256', typ: 'example' })
      .setUnprotectedHeader({ kid: 'ec' })
      .sign(await joseKey(ecPrivate, 'ES256'));
    const result = await verifyJwsJson(jws as JwsJson, jwks);
    expect(text(result.payload)).toBe('from jose');
    expect(result.header).toStrictEqual({ alg: 'ES256', typ: 'example' });
    expect(result.unprotectedHeader).toStrictEqual({ kid: 'ec' });
  });

  it('jwtkit → jose, with an unprotected header', async () => {
    const jws = await signJwsJson('from jwtkit', [{ key: ecPrivate, header: { typ: 'example' }, unprotectedHeader: { kid: 'ec' } }]);
    const result = await flattenedVerify(jws as never, await joseKey(ecPublic, 'ES256'));
    expect(text(result.payload)).toBe('from jwtkit');
    expect(result.protectedHeader).toStrictEqual({ alg: 'ES256', typ: 'example' });
    expect(result.unprotectedHeader).toStrictEqual({ kid: 'ec' });
  });

  it('jose → jwtkit and back with the fully-specified Ed25519 alg', async () => {
    const jws = await new FlattenedSign(utf8('ed')).setProtectedHeader({ alg: 'Ed25519', kid: 'ed' }).sign(await joseKey(edPrivate, 'Ed25519'));
    expect(text((await verifyJwsJson(jws as JwsJson, jwks)).payload)).toBe('ed');
    const ours = await signJwsJson('ed', [{ key: edPrivate, alg: 'Ed25519' }]);
    expect(text((await flattenedVerify(ours as never, await joseKey(edPublic, 'Ed25519'))).payload)).toBe('ed');
  });
});

describe('general JWS (several signatures)', () => {
  it('jose → jwtkit: every signature verifies', async () => {
    const sign = new GeneralSign(utf8('two signers'));
    sign
      .addSignature(await joseKey(ecPrivate, 'ES256'))
      .setProtectedHeader({ alg: 'ES256' })
      .setUnprotectedHeader({ kid: 'ec' });
    sign.addSignature(secret).setProtectedHeader({ alg: 'HS256', kid: 'hs' });
    const jws = await sign.sign();
    const result = await verifyJwsJson(jws as JwsJson, jwks, { requireAll: true });
    expect(text(result.payload)).toBe('two signers');
    expect(result.signatures.map((s) => s.verified)).toEqual([true, true]);
  });

  it('jwtkit → jose: jose verifies each signature with its key', async () => {
    const jws = await signJwsJson('two signers', [
      { key: ecPrivate, unprotectedHeader: { kid: 'ec' } },
      { key: secretJwk, alg: 'HS256' },
    ]);
    expect(text((await generalVerify(jws as never, await joseKey(ecPublic, 'ES256'))).payload)).toBe('two signers');
    const viaSecret = await generalVerify(jws as never, secret);
    expect(viaSecret.protectedHeader).toStrictEqual({ alg: 'HS256', kid: 'hs' });
  });

  it('a jose JWS with one signature changed fails in jwtkit (ERR_JWT_SIGNATURE)', async () => {
    const sign = new GeneralSign(utf8('x'));
    sign.addSignature(await joseKey(ecPrivate, 'ES256')).setProtectedHeader({ alg: 'ES256', kid: 'ec' });
    sign.addSignature(secret).setProtectedHeader({ alg: 'HS256', kid: 'hs' });
    const jws = await sign.sign();
    const signature = jws.signatures[1]!.signature;
    jws.signatures[1]!.signature = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    await expectCode(verifyJwsJson(jws as JwsJson, jwks), 'ERR_JWT_SIGNATURE');
  });
});

describe('b64: false (RFC 7797) in the flattened form', () => {
  it('jose → jwtkit: jose leaves the payload out, jwtkit takes it detached or put back in', async () => {
    const jws = await new FlattenedSign(utf8('$.02')).setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] }).sign(secret);
    expect(jws.payload).toBe('');
    expect(text((await verifyJwsJson(jws as JwsJson, secret, { detachedPayload: '$.02' })).payload)).toBe('$.02');
    expect(text((await verifyJwsJson({ ...jws, payload: '$.02' } as JwsJson, secret)).payload)).toBe('$.02');
    await expectCode(verifyJwsJson({ ...jws, payload: '$.03' } as JwsJson, secret), 'ERR_JWT_SIGNATURE');
  });

  it('jwtkit → jose: attached and detached', async () => {
    const attached = await signJwsJson('$.02', [{ key: secret }], { b64: false });
    expect(text((await flattenedVerify(attached as never, secret)).payload)).toBe('$.02');
    const detached = (await signJwsJson('$.02', [{ key: secret }], { b64: false, detached: true })) as object;
    expect(text((await flattenedVerify({ ...detached, payload: '$.02' } as never, secret)).payload)).toBe('$.02');
  });
});
