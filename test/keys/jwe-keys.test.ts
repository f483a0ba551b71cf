import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Enc,
  type Jwk,
  type KeyManagementAlg,
  decrypt,
  decryptJwe,
  encrypt,
  encryptJwe,
  exportJwk,
  exportPem,
  generateKeyPair,
  generateSecret,
  sign,
  verify,
} from '../../src/index.js';
import { expectCode } from '../helpers.js';

/** Keys for JWE algs (issue 12): generateKeyPair / generateSecret make them, encrypt/decrypt take them, exportJwk / exportPem give them out. */

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

describe('generateKeyPair for JWE algs', () => {
  it.each([
    ['RSA-OAEP', undefined],
    ['RSA-OAEP-256', undefined],
    ['RSA-OAEP-512', undefined],
    ['ECDH-ES', undefined],
    ['ECDH-ES', 'P-384'],
    ['ECDH-ES+A128KW', 'P-521'],
    ['ECDH-ES+A256KW', 'X25519'],
  ] as const)('%s (crv %s): the public key encrypts, the private key decrypts', async (alg, crv) => {
    const { publicKey, privateKey } = await generateKeyPair(alg, crv ? { crv } : undefined);
    expect([publicKey.alg, publicKey.type, publicKey.operations]).toEqual([alg, 'public', ['encrypt']]);
    expect([privateKey.alg, privateKey.type, privateKey.operations]).toEqual([alg, 'private', ['decrypt']]);
    const token = await encryptJwe('generated', publicKey);
    expect(headerOf(token).alg).toBe(alg);
    expect(text((await decryptJwe(token, privateKey)).plaintext)).toBe('generated');
    const jwt = await encrypt({ sub: 'a' }, publicKey, { enc: 'A128CBC-HS256' });
    expect((await decrypt(jwt, privateKey)).payload.sub).toBe('a');
  });

  it('ECDH-ES curves: P-256 by default, as crv says otherwise (the epk is on it)', async () => {
    for (const crv of [undefined, 'P-384', 'X25519'] as const) {
      const { publicKey } = await generateKeyPair('ECDH-ES', crv ? { crv } : {});
      expect((headerOf(await encryptJwe('x', publicKey)).epk as Jwk).crv).toBe(crv ?? 'P-256');
    }
  });

  it('exported JWKs carry alg and use "enc", and work as keys themselves (and with jose-shaped tools: node:crypto)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ECDH-ES+A256KW', { crv: 'X25519', extractable: true, kid: 'enc-1' });
    const publicJwk = await exportJwk(publicKey);
    expect(publicJwk).toMatchObject({ kty: 'OKP', crv: 'X25519', alg: 'ECDH-ES+A256KW', use: 'enc', kid: 'enc-1' });
    expect(publicJwk.d).toBeUndefined();
    const privateJwk = await exportJwk(privateKey);
    const token = await encryptJwe('x', publicJwk);
    expect(headerOf(token).kid).toBe('enc-1');
    expect(text((await decryptJwe(token, privateJwk)).plaintext)).toBe('x');
    const rsa = await generateKeyPair('RSA-OAEP-256', { extractable: true });
    expect(await exportJwk(rsa.publicKey)).toMatchObject({ kty: 'RSA', alg: 'RSA-OAEP-256', use: 'enc' });
    expect(text((await decryptJwe(await encryptJwe('y', await exportJwk(rsa.publicKey)), await exportJwk(rsa.privateKey))).plaintext)).toBe('y');
  });

  it('exportPem: SPKI and PKCS#8 that node:crypto reads, and that decrypt takes back', async () => {
    for (const [alg, crv, type] of [
      ['RSA-OAEP-256', undefined, 'rsa'],
      ['ECDH-ES', 'P-256', 'ec'],
      ['ECDH-ES', 'X25519', 'x25519'],
    ] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(crv ? { crv } : {}) });
      const [publicPem, privatePem] = [await exportPem(publicKey), await exportPem(privateKey)];
      const { createPublicKey, createPrivateKey } = await import('node:crypto');
      expect(createPublicKey(publicPem).asymmetricKeyType).toBe(type);
      expect(createPrivateKey(privatePem).asymmetricKeyType).toBe(type);
      expect(text((await decryptJwe(await encryptJwe('z', publicPem, { alg }), privatePem)).plaintext)).toBe('z');
    }
  });

  it('the private key exports only when generated extractable', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ECDH-ES');
    await expectCode(exportJwk(privateKey), 'ERR_KEY');
    expect((await exportJwk(publicKey)).kty).toBe('EC');
  });

  it('a key is for its one alg: another alg, or the wrong half, is refused', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256');
    await expectCode(encryptJwe('x', publicKey, { alg: 'RSA-OAEP' }), 'ERR_KEY');
    await expectCode(encryptJwe('x', privateKey), 'ERR_KEY');
    await expectCode(decryptJwe(await encryptJwe('x', publicKey), publicKey), 'ERR_KEY');
    const ecdh = await generateKeyPair('ECDH-ES+A128KW');
    await expectCode(encryptJwe('x', ecdh.publicKey, { alg: 'ECDH-ES' }), 'ERR_KEY');
  });

  it('bad crv: on another alg, or not an ECDH curve, is ERR_INVALID_ARGUMENT', async () => {
    await expectCode(generateKeyPair('ECDH-ES', { crv: 'Ed25519' as 'X25519' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(generateKeyPair('RSA-OAEP-256', { crv: 'P-256' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(generateKeyPair('ES256', { crv: 'P-384' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(generateKeyPair('A256KW' as KeyManagementAlg), 'ERR_INVALID_ARGUMENT');
    await expectCode(generateKeyPair('RSA-OAEP-256', { modulusLength: 1024 }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('generateSecret for JWE algs', () => {
  it.each([
    ['A128KW', 16],
    ['A192KW', 24],
    ['A256KW', 32],
    ['A128GCMKW', 16],
    ['A256GCMKW', 32],
  ] as const)('%s: a %d-byte secret that wraps and unwraps', async (alg, length) => {
    const secret = await generateSecret(alg, { extractable: true });
    const jwk = await exportJwk(secret);
    expect(jwk).toMatchObject({ kty: 'oct', alg, use: 'enc' });
    expect(Buffer.from(jwk.k!, 'base64url')).toHaveLength(length);
    if (alg.startsWith('A192')) return; // 192-bit AES: not on every runtime (docs/jwe.md)
    const token = await encryptJwe('wrapped', secret, { enc: 'A128GCM' });
    expect(headerOf(token).alg).toBe(alg);
    expect(text((await decryptJwe(token, secret)).plaintext)).toBe('wrapped');
    expect(text((await decryptJwe(token, jwk)).plaintext)).toBe('wrapped');
  });

  it.each([
    ['A128GCM', 16],
    ['A256GCM', 32],
    ['A128CBC-HS256', 32],
    ['A256CBC-HS512', 64],
  ] as const)('dir with %s: generateSecret(enc) gives its %d-byte CEK, for dir with that enc only', async (enc: Enc, length) => {
    const secret = await generateSecret(enc, { extractable: true });
    const jwk = await exportJwk(secret);
    expect(jwk).toMatchObject({ kty: 'oct', alg: enc, use: 'enc' });
    expect(Buffer.from(jwk.k!, 'base64url')).toHaveLength(length);
    const token = await encrypt({ sub: 'dir' }, secret);
    expect(headerOf(token)).toMatchObject({ alg: 'dir', enc });
    expect((await decrypt(token, secret)).payload.sub).toBe('dir');
    expect((await decrypt(token, jwk)).payload.sub).toBe('dir');
    const other: Enc = enc === 'A128GCM' ? 'A256GCM' : 'A128GCM';
    await expectCode(encryptJwe('x', secret, { enc: other }), 'ERR_KEY');
  });

  it('dir alone (its length follows enc) and PBES2 (a password is yours) are ERR_INVALID_ARGUMENT; so is a key-pair alg', async () => {
    expect((await expectCode(generateSecret('dir'), 'ERR_INVALID_ARGUMENT')).message).toMatch(/generateSecret\('A256GCM'\)/);
    await expectCode(generateSecret('PBES2-HS256+A128KW'), 'ERR_INVALID_ARGUMENT');
    await expectCode(generateSecret('RSA-OAEP-256'), 'ERR_INVALID_ARGUMENT');
    await expectCode(generateSecret('ECDH-ES'), 'ERR_INVALID_ARGUMENT');
  });

  it('a secret exports only when generated extractable, and has no PEM', async () => {
    const secret = await generateSecret('A256KW');
    await expectCode(exportJwk(secret), 'ERR_KEY');
    await expectCode(exportPem(await generateSecret('A256KW', { extractable: true })), 'ERR_KEY');
  });
});

describe('JWE keys and signature keys do not mix', () => {
  it('sign and verify refuse a JWE key (ERR_KEY), with or without an alg, never a crash', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RSA-OAEP-256');
    await expectCode(sign({}, privateKey), 'ERR_KEY');
    await expectCode(sign({}, privateKey, { alg: 'RS256' }), 'ERR_KEY');
    await expectCode(sign({}, await generateSecret('A256GCM')), 'ERR_KEY');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = await sign({}, rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { alg: 'RS256' });
    await expectCode(verify(token, publicKey), 'ERR_KEY');
  });

  it('encrypt and decrypt refuse a signature Key (ERR_KEY)', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    await expectCode(encryptJwe('x', publicKey), 'ERR_KEY');
    await expectCode(encryptJwe('x', await generateSecret('HS256')), 'ERR_KEY');
  });
});
