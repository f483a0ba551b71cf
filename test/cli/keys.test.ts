import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { type Jwk, exportJwk, importKey, sign, thumbprint, verify } from '../../src/index.js';
import { serveJson, serveStatus, startJwksServerForTest } from '../jwks/server.js';
import { describeCli, jwtkit, tempDirForFile } from './cli.js';

/** keygen, thumbprint, jwks FILE... and jwks fetch URL through the built bin. */

const rfc7638 = JSON.parse(readFileSync(new URL('../vectors/rfc7638.json', import.meta.url), 'utf8')).vectors[0] as {
  key: { public_jwk: Jwk };
  expected: { thumbprint: string; thumbprint_uri: string };
};

describeCli('jwtkit keygen / thumbprint / jwks', () => {
  const dir = tempDirForFile();
  let ed: string;

  beforeAll(async () => {
    ed = join(dir(), 'ed');
    const result = await jwtkit(['keygen', 'EdDSA', '--out-dir', ed, '--json']);
    expect(result.status, result.stderr).toBe(0);
  });

  it('keygen writes private and public JWK and PEM, private files mode 0600, kid = thumbprint by default', async () => {
    const modes = Object.fromEntries(
      ['private.jwk.json', 'private.pem', 'public.jwk.json', 'public.pem'].map((name) => [name, statSync(join(ed, name)).mode & 0o777]),
    );
    expect(modes).toEqual({ 'private.jwk.json': 0o600, 'private.pem': 0o600, 'public.jwk.json': 0o644, 'public.pem': 0o644 });
    const publicJwk = JSON.parse(readFileSync(join(ed, 'public.jwk.json'), 'utf8')) as Jwk;
    const privateJwk = JSON.parse(readFileSync(join(ed, 'private.jwk.json'), 'utf8')) as Jwk;
    expect(publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(publicJwk.d).toBeUndefined();
    expect(publicJwk.kid).toBe(await thumbprint(publicJwk));
    expect(privateJwk.kid).toBe(publicJwk.kid);
    // The four files are one key pair: what the private PEM signs, the public JWK verifies, and the PEM is the JWK.
    const token = await sign({ sub: 'x' }, readFileSync(join(ed, 'private.pem'), 'utf8'), { alg: 'EdDSA' });
    expect((await verify(token, publicJwk)).payload.sub).toBe('x');
    const fromPem = await exportJwk(await importKey(readFileSync(join(ed, 'public.pem'), 'utf8'), 'EdDSA'));
    expect(fromPem.x).toBe(publicJwk.x);
  });

  it('keygen never overwrites (exit 3, nothing changed), makes HMAC secrets as a JWK, and refuses unknown algs (exit 2)', async () => {
    const before = readFileSync(join(ed, 'private.pem'), 'utf8');
    const again = await jwtkit(['keygen', 'EdDSA', '--out-dir', ed, '--json']);
    expect(again.status).toBe(3);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('ERR_FILE');
    expect(readFileSync(join(ed, 'private.pem'), 'utf8')).toBe(before);

    const hs = join(dir(), 'hs');
    const secret = await jwtkit(['keygen', 'HS384', '--out-dir', hs, '--kid', 'mac-1', '--json']);
    expect(secret.json()).toMatchObject({ alg: 'HS384', kid: 'mac-1', files: { 'secret.jwk.json': join(hs, 'secret.jwk.json') } });
    expect(statSync(join(hs, 'secret.jwk.json')).mode & 0o777).toBe(0o600);
    const jwk = JSON.parse(readFileSync(join(hs, 'secret.jwk.json'), 'utf8')) as Jwk;
    expect(Buffer.from(jwk.k as string, 'base64url')).toHaveLength(48);
    // The secret JWK is a key file for sign and verify, and its kid goes in the header.
    const hsToken = (await jwtkit(['sign', '--key', join(hs, 'secret.jwk.json'), '--alg', 'HS384', '--exp', '1m'])).stdout.trim();
    const checked = await jwtkit(['verify', hsToken, '--key', join(hs, 'secret.jwk.json'), '--alg', 'HS384', '--no-iss', '--no-aud', '--json']);
    expect(checked.json()).toMatchObject({ valid: true, header: { alg: 'HS384', kid: 'mac-1' } });

    expect((await jwtkit(['keygen', 'none', '--out-dir', join(dir(), 'none')])).status).toBe(2);
    expect((await jwtkit(['keygen'])).status).toBe(2);
  });

  it('thumbprint gives the RFC 7638 example thumbprint, in URI form with --uri, and the same for a public PEM', async () => {
    const file = join(dir(), 'rfc7638.jwk.json');
    writeFileSync(file, JSON.stringify(rfc7638.key.public_jwk));
    expect((await jwtkit(['thumbprint', file])).stdout).toBe(`${rfc7638.expected.thumbprint}\n`);
    expect((await jwtkit(['thumbprint', file, '--uri'])).stdout).toBe(`${rfc7638.expected.thumbprint_uri}\n`);
    const publicJwk = JSON.parse(readFileSync(join(ed, 'public.jwk.json'), 'utf8')) as Jwk;
    const fromPem = await jwtkit(['thumbprint', join(ed, 'public.pem'), '--json']);
    expect(fromPem.json()).toEqual({ thumbprints: [expect.objectContaining({ kty: 'OKP', thumbprint: publicJwk.kid })] });
    const fromStdin = await jwtkit(['thumbprint', '-'], { input: readFileSync(join(ed, 'private.jwk.json'), 'utf8') });
    expect(fromStdin.stdout).toBe(`${publicJwk.kid}\n`);
  });

  it('jwks FILE... makes a set of public keys and refuses private keys and secrets (exit 3)', async () => {
    const es = join(dir(), 'es');
    await jwtkit(['keygen', 'ES384', '--out-dir', es, '--kid', 'es-1']);
    const result = await jwtkit(['jwks', join(ed, 'public.pem'), join(es, 'public.jwk.json')]);
    expect(result.status, result.stderr).toBe(0);
    const set = result.json<{ keys: Jwk[] }>();
    const edKid = (JSON.parse(readFileSync(join(ed, 'public.jwk.json'), 'utf8')) as Jwk).kid;
    expect(set.keys.map((jwk) => [jwk.kid, jwk.kty])).toEqual([
      [edKid, 'OKP'],
      ['es-1', 'EC'],
    ]);
    expect(set.keys.every((jwk) => jwk.d === undefined)).toBe(true);

    for (const privateFile of [join(ed, 'private.jwk.json'), join(ed, 'private.pem'), join(dir(), 'hs', 'secret.jwk.json')]) {
      const refused = await jwtkit(['jwks', join(es, 'public.pem'), privateFile]);
      expect(refused.status).toBe(3);
      expect(refused.stdout).toBe('');
    }
  });

  it('jwks fetch URL shows kids, algs, sizes, usability and cache headers of a served set', async () => {
    const rsa = join(dir(), 'rsa');
    await jwtkit(['keygen', 'RS256', '--out-dir', rsa, '--kid', 'rsa-1']);
    const keys = [
      JSON.parse(readFileSync(join(rsa, 'public.jwk.json'), 'utf8')),
      JSON.parse(readFileSync(join(ed, 'public.jwk.json'), 'utf8')),
      { kty: 'EC', crv: 'P-256', kid: 'enc-1', use: 'enc', x: 'AAAA', y: 'AAAA' },
      // No use, but pinned to an encryption alg: it imports for it, yet never verifies.
      { ...JSON.parse(readFileSync(join(rsa, 'public.jwk.json'), 'utf8')), kid: 'enc-2', alg: 'RSA-OAEP-256' },
    ];
    const server = await startJwksServerForTest(serveJson({ keys }, { 'cache-control': 'public, max-age=600', etag: '"v7"' }));
    const result = await jwtkit(['jwks', 'fetch', server.url, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const report = result.json<{ status: number; headers: Record<string, string>; keys: Array<Record<string, unknown>> }>();
    expect(report.status).toBe(200);
    expect(report.headers).toMatchObject({ 'cache-control': 'public, max-age=600', etag: '"v7"' });
    expect(report.keys).toEqual([
      expect.objectContaining({ kid: 'rsa-1', kty: 'RSA', alg: 'RS256', size: '2048 bits', usable: true }),
      expect.objectContaining({ kty: 'OKP', alg: 'EdDSA', size: 'Ed25519', usable: true }),
      expect.objectContaining({ kid: 'enc-1', use: 'enc', usable: 'use is enc, not sig' }),
      expect.objectContaining({ kid: 'enc-2', alg: 'RSA-OAEP-256', usable: 'alg RSA-OAEP-256 is not a signature alg: this key never verifies' }),
    ]);
    const human = await jwtkit(['jwks', 'fetch', server.url]);
    expect(human.stdout).toContain('cache-control  public, max-age=600');
    expect(human.stdout).toMatch(/kid rsa-1 {2}RSA 2048 bits {2}alg RS256 .*usable/);
  });

  it('jwks fetch: an HTTP error or a body that is no JWK set is exit 3 with its code; a plain-http remote URL is exit 2', async () => {
    const failing = await startJwksServerForTest(serveStatus(404));
    const notFound = await jwtkit(['jwks', 'fetch', failing.url, '--json']);
    expect(notFound.status).toBe(3);
    expect(notFound.json<{ error: { code: string } }>().error.code).toBe('ERR_JWKS_FETCH');
    failing.handler = serveJson({ keys: 'none' });
    const invalid = await jwtkit(['jwks', 'fetch', failing.url, '--json']);
    expect(invalid.status).toBe(3);
    expect(invalid.json<{ error: { code: string } }>().error.code).toBe('ERR_JWKS_INVALID');
    expect((await jwtkit(['jwks', 'fetch', 'http://example.com/jwks.json'])).status).toBe(2);
  });

  it('verify --jwks URL picks the key from a served set by kid', async () => {
    const publicJwk = JSON.parse(readFileSync(join(ed, 'public.jwk.json'), 'utf8')) as Jwk;
    const server = await startJwksServerForTest(serveJson({ keys: [publicJwk] }));
    const token = (await jwtkit(['sign', '--key', join(ed, 'private.jwk.json'), '--alg', 'EdDSA', '--iss', 'me', '--aud', 'api', '--exp', '1m'])).stdout.trim();
    const result = await jwtkit(['verify', token, '--jwks', server.url, '--alg', 'EdDSA', '--iss', 'me', '--aud', 'api', '--json']);
    expect(result.status, result.stdout).toBe(0);
    expect(result.json<{ header: { kid: string } }>().header.kid).toBe(publicJwk.kid);
    server.handler = serveJson({ keys: [] });
    const unknownKid = await jwtkit(['verify', token, '--jwks', server.url, '--alg', 'EdDSA', '--iss', 'me', '--aud', 'api', '--json']);
    expect(unknownKid.status).toBe(1);
    expect(unknownKid.json<{ error: { code: string } }>().error.code).toBe('ERR_JWKS_NO_MATCH');
  });
});
