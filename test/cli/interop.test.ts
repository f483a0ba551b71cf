import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, importJWK, importPKCS8, importSPKI, jwtVerify } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { beforeAll, expect, it } from 'vitest';
import { describeCli, jwtkit, tempDirForFile } from './cli.js';

/** Tokens made by jose and jsonwebtoken pass `jwtkit verify`; tokens made by `jwtkit sign` pass theirs. */

const ISS = 'https://issuer.example.com';
const AUD = 'https://api.example.com';
const SECRET = 'interop-secret-that-is-at-least-32-bytes';

describeCli('jwtkit and other libraries', () => {
  const dir = tempDirForFile();
  let rsa: string;
  let es: string;
  let secretFile: string;

  beforeAll(async () => {
    rsa = join(dir(), 'rsa');
    es = join(dir(), 'es');
    secretFile = join(dir(), 'secret.txt');
    writeFileSync(secretFile, SECRET);
    const made = await Promise.all([jwtkit(['keygen', 'RS256', '--out-dir', rsa]), jwtkit(['keygen', 'ES256', '--out-dir', es])]);
    for (const result of made) expect(result.status, result.stderr).toBe(0);
  });

  const read = (path: string): string => readFileSync(path, 'utf8');
  const verifyArgs = (alg: string, key: string[]): string[] => ['verify', ...key, '--alg', alg, '--iss', ISS, '--aud', AUD, '--json'];

  it('verifies tokens signed by jose (ES256 with a PKCS#8 key, RS256 with a JWK)', async () => {
    const esToken = await new SignJWT({ scope: 'read' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(ISS)
      .setAudience(AUD)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importPKCS8(read(join(es, 'private.pem')), 'ES256'));
    const rsToken = await new SignJWT({ scope: 'write' })
      .setProtectedHeader({ alg: 'RS256', kid: 'r' })
      .setIssuer(ISS)
      .setAudience(AUD)
      .setExpirationTime('5m')
      .sign(await importJWK(JSON.parse(read(join(rsa, 'private.jwk.json'))), 'RS256'));
    const esResult = await jwtkit(verifyArgs('ES256', ['--key', join(es, 'public.pem')]), { input: esToken });
    const rsResult = await jwtkit([...verifyArgs('RS256', ['--key', join(rsa, 'public.jwk.json')]), rsToken]);
    expect(esResult.status, esResult.stdout).toBe(0);
    expect(esResult.json<{ payload: { scope: string } }>().payload.scope).toBe('read');
    expect(rsResult.status, rsResult.stdout).toBe(0);
    expect(rsResult.json<{ payload: { scope: string } }>().payload.scope).toBe('write');
  });

  it('verifies tokens signed by jsonwebtoken (HS256 with a secret file, RS256 with PEM), and rejects its expired ones', async () => {
    const hs = jsonwebtoken.sign({ n: 1 }, SECRET, { algorithm: 'HS256', issuer: ISS, audience: AUD, expiresIn: '5m' });
    const rs = jsonwebtoken.sign({ n: 2 }, read(join(rsa, 'private.pem')), { algorithm: 'RS256', issuer: ISS, audience: AUD, expiresIn: '5m' });
    const old = jsonwebtoken.sign({ n: 3, iat: Math.floor(Date.now() / 1000) - 3600 }, SECRET, {
      algorithm: 'HS256',
      issuer: ISS,
      audience: AUD,
      expiresIn: '5m',
    });
    expect((await jwtkit([...verifyArgs('HS256', ['--secret-file', secretFile]), hs])).json()).toMatchObject({ valid: true, payload: { n: 1 } });
    expect((await jwtkit([...verifyArgs('RS256', ['--key', join(rsa, 'public.pem')]), rs])).json()).toMatchObject({ valid: true, payload: { n: 2 } });
    const expired = await jwtkit([...verifyArgs('HS256', ['--secret-file', secretFile]), old]);
    expect(expired.status).toBe(1);
    expect(expired.json<{ error: { code: string } }>().error.code).toBe('ERR_JWT_EXPIRED');
  });

  it("jose and jsonwebtoken verify jwtkit sign's tokens (ES256, RS256, HS256)", async () => {
    const claims = ['--iss', ISS, '--aud', AUD, '--sub', 'alice', '--exp', '5m', '--claim', 'roles=["admin"]'];
    const [esToken, rsToken, hsToken] = (
      await Promise.all([
        jwtkit(['sign', '--key', join(es, 'private.jwk.json'), '--alg', 'ES256', ...claims]),
        jwtkit(['sign', '--key', join(rsa, 'private.pem'), '--alg', 'RS256', ...claims]),
        jwtkit(['sign', '--secret-env', 'SECRET', '--alg', 'HS256', ...claims], { env: { SECRET } }),
      ])
    ).map((result) => result.stdout.trim());
    const esVerified = await jwtVerify(esToken!, await importSPKI(read(join(es, 'public.pem')), 'ES256'), { issuer: ISS, audience: AUD });
    expect(esVerified.payload).toMatchObject({ sub: 'alice', roles: ['admin'] });
    expect(esVerified.protectedHeader.kid).toBe(JSON.parse(read(join(es, 'private.jwk.json'))).kid);
    expect(jsonwebtoken.verify(rsToken!, read(join(rsa, 'public.pem')), { algorithms: ['RS256'], issuer: ISS, audience: AUD })).toMatchObject({ sub: 'alice' });
    expect(jsonwebtoken.verify(hsToken!, SECRET, { algorithms: ['HS256'], issuer: ISS, audience: AUD })).toMatchObject({ roles: ['admin'] });
  });
});
