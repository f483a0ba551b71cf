import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Hash, type Jwk, exportJwk, generateKeyPair, generateSecret, thumbprint, thumbprintUri } from '../../src/index.js';
import { expectCode } from '../helpers.js';

/** JWK thumbprints against the RFC 7638 §3.1 and RFC 8037 A.3 vectors (test/vectors/, unchanged). */

interface ThumbprintVector {
  id: string;
  type: string;
  hash: string;
  key: { public_jwk: Jwk; private_jwk: Jwk | null };
  expected: { thumbprint: string; thumbprint_input: string; thumbprint_uri?: string };
}

function thumbprintVectors(file: string): ThumbprintVector[] {
  const { vectors } = JSON.parse(readFileSync(new URL(`../vectors/${file}`, import.meta.url), 'utf8')) as { vectors: ThumbprintVector[] };
  return vectors.filter((vector) => vector.type === 'JWK-thumbprint');
}

const vectors = [...thumbprintVectors('rfc7638.json'), ...thumbprintVectors('rfc8037.json')];

describe('vector selection', () => {
  it('finds the RFC 7638 §3.1 and RFC 8037 A.3 thumbprints', () => {
    expect(vectors.map((vector) => vector.id)).toEqual(['rfc7638-3.1', 'rfc8037-A.3']);
  });
});

describe.each(vectors.map((vector) => [vector.id, vector] as const))('%s', (_id, vector) => {
  it('gives the RFC thumbprint for the public JWK (its kid, alg and other members ignored)', async () => {
    expect(await thumbprint(vector.key.public_jwk, vector.hash as Hash)).toBe(vector.expected.thumbprint);
    expect(await thumbprint(vector.key.public_jwk)).toBe(vector.expected.thumbprint);
    expect(await thumbprint({ ...vector.key.public_jwk, kid: 'other', use: 'sig', extra: 1 })).toBe(vector.expected.thumbprint);
  });

  it('gives the same thumbprint for the private JWK, when the RFC has one', async () => {
    if (vector.key.private_jwk === null) {
      expect(vector.id).toBe('rfc7638-3.1'); // the only vector without a private key
      return;
    }
    expect(await thumbprint(vector.key.private_jwk)).toBe(vector.expected.thumbprint);
  });

  it('gives the RFC 9278 URI', async () => {
    const uri = await thumbprintUri(vector.key.public_jwk);
    expect(uri).toBe(`urn:ietf:params:oauth:jwk-thumbprint:sha-256:${vector.expected.thumbprint}`);
    if (vector.expected.thumbprint_uri !== undefined) expect(uri).toBe(vector.expected.thumbprint_uri);
  });
});

describe('thumbprint', () => {
  const rsa = vectors[0]!.key.public_jwk;

  it('hashes with SHA-384 and SHA-512 when asked, named sha-384 / sha-512 in the URI', async () => {
    const input = vectors[0]!.expected.thumbprint_input;
    expect(await thumbprint(rsa, 'SHA-384')).toBe(createHash('sha384').update(input).digest('base64url'));
    const sha512 = createHash('sha512').update(input).digest('base64url');
    expect(await thumbprint(rsa, 'SHA-512')).toBe(sha512);
    expect(await thumbprintUri(rsa, 'SHA-512')).toBe(`urn:ietf:params:oauth:jwk-thumbprint:sha-512:${sha512}`);
  });

  it('is the same for both halves of a generated pair, and can serve as the kid', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const publicJwk = await exportJwk(publicKey);
    expect(await thumbprint(await exportJwk(privateKey))).toBe(await thumbprint(publicJwk));
    expect(await thumbprint(publicJwk)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('covers oct keys (k and kty)', async () => {
    const jwk = await exportJwk(await generateSecret('HS256', { extractable: true }));
    const input = JSON.stringify({ k: jwk.k, kty: 'oct' });
    expect(await thumbprint(jwk)).toBe(createHash('sha256').update(input).digest('base64url'));
  });

  it.each<[string, unknown]>([
    ['no kty', { n: 'AQAB', e: 'AQAB' }],
    ['an unknown kty', { kty: 'XYZ', x: 'AA' }],
    ['a missing required member', { kty: 'EC', crv: 'P-256', x: 'AA' }],
    ['a required member that is not a string', { kty: 'RSA', n: 5, e: 'AQAB' }],
    ['a kty from Object.prototype', { kty: 'constructor' }],
    ['not an object', 'kty'],
  ])('refuses a JWK with %s (ERR_KEY)', async (_name, jwk) => {
    await expectCode(thumbprint(jwk as Jwk), 'ERR_KEY');
    await expectCode(thumbprintUri(jwk as Jwk), 'ERR_KEY');
  });

  it.each(['SHA-1', 'sha-256', 'MD5', ''])('refuses the hash %j (ERR_INVALID_ARGUMENT)', async (hash) => {
    await expectCode(thumbprint(rsa, hash as Hash), 'ERR_INVALID_ARGUMENT');
    await expectCode(thumbprintUri(rsa, hash as Hash), 'ERR_INVALID_ARGUMENT');
  });
});
