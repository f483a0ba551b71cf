import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptJwe, encryptJwe, sign, type Jwk } from '../../src/index.js';
import { expectCode } from '../helpers.js';

/** X25519 keys as SPKI / PKCS#8 PEM for ECDH-ES (RFC 8410 §3, id-X25519), as node:crypto and openssl write them. */

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A key pair from node:crypto: PEM both ways, and the same keys as JWKs. */
function nodePair() {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicJwk: publicKey.export({ format: 'jwk' }) as Jwk,
    privateJwk: privateKey.export({ format: 'jwk' }) as Jwk,
  };
}

describe('X25519 PEM keys for ECDH-ES', () => {
  it.each(['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW'] as const)('%s: encrypts to an SPKI PEM, decrypts with the PKCS#8 PEM', async (alg) => {
    const { publicPem, privatePem } = nodePair();
    const token = await encryptJwe('to an X25519 PEM', publicPem, { alg, enc: 'A256GCM' });
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { epk: { kty: string; crv: string } };
    expect(header.epk).toMatchObject({ kty: 'OKP', crv: 'X25519' });
    expect(text((await decryptJwe(token, privatePem)).plaintext)).toBe('to an X25519 PEM');
  });

  it('the PEM and the JWK of one key are the same key (either encrypts, either decrypts), PEM as text or bytes', async () => {
    const { publicPem, privatePem, publicJwk, privateJwk } = nodePair();
    const toJwk = await encryptJwe('x', publicJwk, { alg: 'ECDH-ES+A256KW' });
    expect(text((await decryptJwe(toJwk, new TextEncoder().encode(privatePem))).plaintext)).toBe('x');
    const toPem = await encryptJwe('y', new TextEncoder().encode(publicPem), { alg: 'ECDH-ES+A256KW' });
    expect(text((await decryptJwe(toPem, privateJwk)).plaintext)).toBe('y');
  });

  it('its default alg is ECDH-ES, and a wrong private key does not decrypt', async () => {
    const { publicPem } = nodePair();
    const token = await encryptJwe('x', publicPem);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).alg).toBe('ECDH-ES');
    await expectCode(decryptJwe(token, nodePair().privatePem), 'ERR_JWE_DECRYPTION');
  });

  it('the public PEM cannot decrypt, the private one cannot encrypt, and an X25519 key never signs', async () => {
    const { publicPem, privatePem } = nodePair();
    const token = await encryptJwe('x', publicPem);
    await expectCode(decryptJwe(token, publicPem), 'ERR_KEY');
    await expectCode(encryptJwe('x', privatePem), 'ERR_KEY');
    await expectCode(sign({}, privatePem), 'ERR_KEY');
  });

  it('an Ed25519 PEM is still refused for JWE (a signing key)', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    await expectCode(encryptJwe('x', publicKey.export({ type: 'spki', format: 'pem' }) as string), 'ERR_KEY');
  });
});

const opensslAvailable = spawnSync('openssl', ['version']).status === 0;

describe.skipIf(!opensslAvailable)('X25519 PEM keys from openssl (needs the openssl binary; skipped without it)', () => {
  it('openssl genpkey X25519 (PKCS#8) and its pkey -pubout (SPKI) round-trip ECDH-ES+A256KW', async () => {
    const privatePem = execFileSync('openssl', ['genpkey', '-algorithm', 'X25519'], { encoding: 'utf8' });
    const publicPem = execFileSync('openssl', ['pkey', '-pubout'], { input: privatePem, encoding: 'utf8' });
    const token = await encryptJwe('from openssl', publicPem, { alg: 'ECDH-ES+A256KW', enc: 'A128CBC-HS256' });
    expect(text((await decryptJwe(token, privatePem)).plaintext)).toBe('from openssl');
  });
});
