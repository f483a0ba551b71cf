import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Jwk, exportJwk, exportPem, importKey } from '../../src/index.js';
import { expectCode, pemPair } from '../helpers.js';

/** Which keys export, and what exportJwk / exportPem give for keys made elsewhere. */

const KEY_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'];
const publicMembers = (jwk: object): Record<string, unknown> => Object.fromEntries(Object.entries(jwk).filter(([name]) => KEY_MEMBERS.includes(name)));

describe('exportJwk / exportPem of imported keys', () => {
  it.each(['RS256', 'PS384', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const)(
    '%s: a public PEM exports to the JWK node:crypto gives, and back to the same PEM',
    async (alg) => {
      const { publicKey } = pemPair(alg);
      const key = await importKey(publicKey, alg);
      expect(key.extractable).toBe(true);
      const jwk = await exportJwk(key);
      expect(jwk.alg).toBe(alg);
      expect(publicMembers(jwk)).toEqual(publicMembers(createPublicKey(publicKey).export({ format: 'jwk' })));
      expect(await exportPem(key)).toBe(publicKey);
      expect(await exportPem(await importKey(jwk, alg))).toBe(publicKey);
    },
  );

  it('keeps the kid of an imported public JWK', async () => {
    const jwk = { ...(createPublicKey(pemPair('ES256').publicKey).export({ format: 'jwk' }) as Jwk), kid: 'k-1', use: 'sig' };
    expect(await exportJwk(await importKey(jwk, 'ES256'))).toEqual({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, alg: 'ES256', kid: 'k-1' });
  });

  it('refuses to export imported private keys and secrets (ERR_KEY): the caller already holds that material', async () => {
    const { privateKey } = pemPair('ES256');
    const imported = await importKey(privateKey, 'ES256');
    expect(imported.extractable).toBe(false);
    await expectCode(exportJwk(imported), 'ERR_KEY');
    await expectCode(exportPem(imported), 'ERR_KEY');
    const privateJwk = createPrivateKey(privateKey).export({ format: 'jwk' }) as Jwk;
    await expectCode(exportJwk(await importKey(privateJwk, 'ES256')), 'ERR_KEY');
    await expectCode(exportJwk(await importKey('s'.repeat(32), 'HS256')), 'ERR_KEY');
  });

  it('exports a CryptoKey-backed Key exactly when the CryptoKey is extractable', async () => {
    const params = { name: 'ECDSA', namedCurve: 'P-256' };
    const sealed = await crypto.subtle.generateKey(params, false, ['sign', 'verify']);
    const open = await crypto.subtle.generateKey(params, true, ['sign', 'verify']);
    await expectCode(exportPem(await importKey(sealed.privateKey, 'ES256')), 'ERR_KEY');
    // WebCrypto makes generated public keys extractable whatever the flag.
    expect(await exportPem(await importKey(sealed.publicKey, 'ES256'))).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const pem = await exportPem(await importKey(open.privateKey, 'ES256'));
    expect(createPrivateKey(pem).asymmetricKeyType).toBe('ec');
  });

  it('refuses what is not a Key (ERR_KEY): material must be imported first', async () => {
    const { publicKey } = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await expectCode(exportJwk(publicKey as never), 'ERR_KEY');
    await expectCode(exportPem({ kty: 'oct', k: 'AAAA' } as never), 'ERR_KEY');
    await expectCode(exportJwk(undefined as never), 'ERR_KEY');
  });
});
