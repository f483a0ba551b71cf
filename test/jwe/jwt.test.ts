import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Jwk, decrypt, decryptJwe, encrypt, encryptJwe, sign, verify } from '../../src/index.js';
import { expectCode } from '../helpers.js';
import { jweKeys } from './keys.js';

/** encrypt / decrypt: JWT claims built and validated exactly as sign / verify do it, same options and codes. */

const secret = new Uint8Array(32).fill(9);
const now = 1_700_000_000;

describe('encrypt → decrypt', () => {
  it('builds the claims as sign does, and validates them as verify does', async () => {
    const token = await encrypt({ role: 'admin' }, secret, { expiresIn: '5m', issuer: 'iss', audience: ['a', 'b'], subject: 'u1', jwtId: 'j1', now });
    const { header, payload } = await decrypt(token, secret, { issuer: 'iss', audience: 'b', subject: 'u1', now: now + 10 });
    expect(header).toMatchObject({ alg: 'dir', enc: 'A256GCM', typ: 'JWT' });
    expect(payload).toEqual({ role: 'admin', iat: now, exp: now + 300, iss: 'iss', aud: ['a', 'b'], sub: 'u1', jti: 'j1' });
  });

  it('the same codes as verify: expired, not before, wrong claim, bad option', async () => {
    const token = await encrypt({}, secret, { expiresIn: 60, notBefore: 10, issuer: 'iss', now });
    await expectCode(decrypt(token, secret, { now: now + 61 }), 'ERR_JWT_EXPIRED');
    await expectCode(decrypt(token, secret, { now: now + 5 }), 'ERR_JWT_NOT_BEFORE');
    await expectCode(decrypt(token, secret, { issuer: 'other', now: now + 20 }), 'ERR_JWT_CLAIM');
    await expectCode(decrypt(token, secret, { maxAge: 'soon' as '1m', now: now + 20 }), 'ERR_INVALID_ARGUMENT');
    await expectCode(encrypt({}, secret, { expiresIn: '120' as '1m' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(encrypt({ iss: 'a' }, secret, { issuer: 'b' }), 'ERR_INVALID_ARGUMENT');
  });

  it('a resolver gets the protected header and picks the key by kid', async () => {
    const keys: Record<string, Uint8Array> = { old: new Uint8Array(32).fill(1), new: new Uint8Array(32).fill(2) };
    const token = await encrypt({ sub: 'x' }, keys.new!, { kid: 'new' });
    const seen: unknown[] = [];
    const { payload } = await decrypt(token, (header) => {
      seen.push(header.kid);
      return keys[header.kid as string]!;
    });
    expect(payload.sub).toBe('x');
    expect(seen).toEqual(['new']);
  });

  it('the validate guard runs on the decrypted payload', async () => {
    const token = await encrypt({ n: 1 }, secret);
    await expectCode(decrypt(token, secret, { validate: () => false as unknown as object }), 'ERR_JWT_CLAIM');
  });

  it.each(['RSA-OAEP-256', 'ECDH-ES+A256KW', 'A256KW'] as const)('with %s', async (alg) => {
    const { encryptKey, decryptKey } = jweKeys(alg, 'A256GCM');
    const token = await encrypt({ sub: alg }, encryptKey, { alg, enc: 'A256CBC-HS512' });
    expect((await decrypt(token, decryptKey)).payload.sub).toBe(alg);
  });
});

describe('nested JWT (RFC 7519 §5.2): sign, then encrypt with cty "JWT"', () => {
  it('reads as two plain calls each way, and the inner signature and claims are verified', async () => {
    const signingKey = new Uint8Array(64).fill(5);
    const { encryptKey, decryptKey } = jweKeys('RSA-OAEP-256', 'A256GCM');
    const token = await encryptJwe(await sign({ sub: 'u1' }, signingKey, { issuer: 'me', expiresIn: '1h' }), encryptKey, { cty: 'JWT' });

    const { plaintext } = await decryptJwe(token, decryptKey);
    const { payload } = await verify(new TextDecoder().decode(plaintext), signingKey, { issuer: 'me' });
    expect(payload.sub).toBe('u1');

    await expectCode(verify(new TextDecoder().decode(plaintext), new Uint8Array(64).fill(6)), 'ERR_JWT_SIGNATURE');
    // decrypt alone says the plaintext is a nested JWT rather than letting a signed token through unverified.
    expect((await expectCode(decrypt(token, decryptKey), 'ERR_JWT_MALFORMED')).message).toMatch(/nested/);
  });

  it('RFC 7520 §6: decrypts with the RSA-OAEP key, then the PS256 inner JWT verifies at its time and is expired now', async () => {
    interface NestedVector {
      id: string;
      token: string;
      key: { private_jwk: Jwk };
      inner: { key: { public_jwk: Jwk } };
      jwt: { verify_at: number };
      expected: { inner_payload_json: object };
    }
    const vectors = JSON.parse(readFileSync(new URL('../vectors/rfc7520-jwe.json', import.meta.url), 'utf8')) as { vectors: NestedVector[] };
    const vector = vectors.vectors.find((v) => v.id === 'rfc7520-6-compact')!;
    const { header, plaintext } = await decryptJwe(vector.token, vector.key.private_jwk);
    expect(header.cty).toBe('JWT');
    const inner = new TextDecoder().decode(plaintext);
    const { payload } = await verify(inner, vector.inner.key.public_jwk, { now: vector.jwt.verify_at });
    expect(payload).toEqual(vector.expected.inner_payload_json);
    await expectCode(verify(inner, vector.inner.key.public_jwk), 'ERR_JWT_EXPIRED');
  });
});
