/**
 * node:crypto KeyObjects as keys. The Node build takes one wherever it takes a key (sign, verify
 * and a resolver's answer, signJws/verifyJws, the JSON serializations, importKey, encrypt/decrypt,
 * encryptJwe/decryptJwe), with the rules of its material (key-alg-table.test.ts has every alg);
 * the WebCrypto build refuses it with ERR_KEY everywhere.
 */
import { createHmac, createSecretKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cryptoBackend,
  decode,
  decrypt,
  decryptJwe,
  encrypt,
  encryptJwe,
  importKey,
  sign,
  signJws,
  signJwsJson,
  verify,
  verifyJws,
  verifyJwsJson,
} from '../../src/index.js';
import { expectCode } from '../helpers.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const secret = createSecretKey(new Uint8Array(32).fill(7).map((b, i) => b ^ i));
const pem = (key: typeof ec.privateKey) => key.export({ type: key.type === 'public' ? 'spki' : 'pkcs8', format: 'pem' }) as string;
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe.runIf(cryptoBackend === 'node')('Node build: a KeyObject is a key everywhere', () => {
  it('sign and verify, with the alg chosen by the key kind when none is given', async () => {
    const token = await sign({ sub: 'ko' }, ec.privateKey);
    expect(decode(token).header.alg).toBe('ES256');
    expect((await verify(token, ec.publicKey)).payload.sub).toBe('ko');
    // The same token checks out against the PEM of that KeyObject: one rule for both forms.
    expect((await verify(token, pem(ec.publicKey))).payload.sub).toBe('ko');
    expect((await verify(await sign({ sub: 'hs' }, secret, { alg: 'HS256' }), secret)).payload.sub).toBe('hs');
  });

  it('a key resolver may answer with KeyObjects', async () => {
    const token = await sign({}, ed.privateKey, { alg: 'Ed25519' });
    expect((await verify(token, async () => [rsa.publicKey, ed.publicKey])).header.alg).toBe('Ed25519');
  });

  it('signJws / verifyJws, b64: false included', async () => {
    const jws = await signJws('payload.with.dots', rsa.privateKey, { alg: 'PS256', b64: false, detached: true });
    expect(text((await verifyJws(jws, rsa.publicKey, { detachedPayload: 'payload.with.dots' })).payload)).toBe('payload.with.dots');
  });

  it('the JSON serializations: one signer per KeyObject', async () => {
    const jws = await signJwsJson('both', [
      { key: ec.privateKey, header: { kid: 'ec' } },
      { key: ed.privateKey, alg: 'Ed25519', header: { kid: 'ed' } },
    ]);
    const result = await verifyJwsJson(jws, (header) => (header.kid === 'ec' ? ec.publicKey : ed.publicKey));
    expect(result.signatures.map((signature) => signature.verified)).toEqual([true, true]);
  });

  it('importKey binds a KeyObject to one alg as it binds PEM', async () => {
    const key = await importKey(rsa.publicKey, 'RS384');
    expect([key.alg, key.type, key.operations]).toEqual(['RS384', 'public', ['verify']]);
  });

  it('JWE: encrypt / decrypt and encryptJwe / decryptJwe, with RSA, EC and secret KeyObjects', async () => {
    const rsaToken = await encrypt({ sub: 'rsa' }, rsa.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' });
    expect((await decrypt(rsaToken, rsa.privateKey)).payload.sub).toBe('rsa');
    const ecToken = await encryptJwe('ec', ec.publicKey, { alg: 'ECDH-ES', enc: 'A128GCM' });
    expect(text((await decryptJwe(ecToken, ec.privateKey)).plaintext)).toBe('ec');
    const kek = createSecretKey(new Uint8Array(16).fill(3));
    const kwToken = await encryptJwe('kw', kek, { alg: 'A128KW', enc: 'A128GCM' });
    expect(text((await decryptJwe(kwToken, kek)).plaintext)).toBe('kw');
  });

  it('keeps the rules of its material: size, type, curve, direction', async () => {
    await expectCode(sign({}, createSecretKey(new Uint8Array(31).fill(1)), { alg: 'HS256' }), 'ERR_KEY');
    await expectCode(sign({}, rsa.publicKey, { alg: 'RS256' }), 'ERR_KEY');
    await expectCode(sign({}, ec.privateKey, { alg: 'ES384' }), 'ERR_KEY');
    await expectCode(verify(await sign({}, rsa.privateKey, { alg: 'RS256' }), ec.publicKey), 'ERR_JWT_ALGORITHM');
    await expectCode(verify(await sign({}, ec.privateKey), ec.privateKey), 'ERR_KEY');
    const tooSmall = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await expectCode(sign({}, tooSmall.privateKey, { alg: 'RS256' }), 'ERR_KEY');
    // A secret KeyObject holding a public key's PEM is never an HMAC secret: an HS256 token "signed" with that PEM is refused.
    const pemBytes = Buffer.from(pem(rsa.publicKey));
    const forged = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}`;
    const mac = createHmac('sha256', pemBytes).update(forged).digest('base64url');
    await expectCode(verify(`${forged}.${mac}`, createSecretKey(pemBytes)), 'ERR_KEY');
    await expectCode(encryptJwe('x', ed.publicKey, { alg: 'ECDH-ES', enc: 'A128GCM' }), 'ERR_KEY');
  });
});

describe.runIf(cryptoBackend === 'webcrypto')('WebCrypto build: a KeyObject is refused with ERR_KEY', () => {
  it('by sign, verify, importKey and the JWE functions alike', async () => {
    const token = await sign({}, pem(ec.privateKey));
    await expectCode(sign({}, ec.privateKey), 'ERR_KEY');
    await expectCode(sign({}, secret, { alg: 'HS256' }), 'ERR_KEY');
    await expectCode(verify(token, ec.publicKey), 'ERR_KEY');
    await expectCode(importKey(ec.publicKey, 'ES256'), 'ERR_KEY');
    await expectCode(encrypt({}, rsa.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), 'ERR_KEY');
  });
});
