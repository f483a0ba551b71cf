import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EncryptJWT, importPKCS8, importSPKI, jwtDecrypt } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { describeCli, jwtkit, tempDirForFile } from './cli.js';

/** encrypt and decrypt through the built bin, and against jose both ways. */

const ISS = 'https://app.example';
const AUD = 'api';

describeCli('jwtkit encrypt / decrypt', () => {
  const dir = tempDirForFile();
  let rsa: string;
  let token: string;

  beforeAll(async () => {
    rsa = join(dir(), 'rsa');
    expect((await jwtkit(['keygen', 'RS256', '--out-dir', rsa])).status).toBe(0);
    const encrypted = await jwtkit([
      'encrypt',
      '--key',
      join(rsa, 'public.pem'),
      '--exp',
      '5m',
      '--iss',
      ISS,
      '--aud',
      AUD,
      '--sub',
      'alice',
      '--claim',
      'email=ada@example.com',
      '--json',
    ]);
    expect(encrypted.status, encrypted.stdout + encrypted.stderr).toBe(0);
    token = encrypted.json<{ token: string }>().token;
  });

  it('encrypts for a public RSA key (RSA-OAEP-256 + A256GCM by default) and decrypts with the private key from stdin', async () => {
    expect(token.split('.')).toHaveLength(5);
    const result = await jwtkit(['decrypt', '--key', join(rsa, 'private.pem'), '--alg', 'RSA-OAEP-256', '--iss', ISS, '--aud', AUD, '--json'], {
      input: token,
    });
    expect(result.status, result.stdout).toBe(0);
    expect(result.json()).toMatchObject({ valid: true, header: { alg: 'RSA-OAEP-256', enc: 'A256GCM' }, payload: { sub: 'alice', email: 'ada@example.com' } });
  });

  it('decrypt requires --iss and --aud (exit 2); the wrong key is ERR_JWE_DECRYPTION (exit 1); a public key cannot decrypt (exit 3)', async () => {
    expect((await jwtkit(['decrypt', token, '--key', join(rsa, 'private.pem'), '--aud', AUD])).status).toBe(2);
    const other = join(dir(), 'other');
    await jwtkit(['keygen', 'RS256', '--out-dir', other]);
    const wrongKey = await jwtkit(['decrypt', token, '--key', join(other, 'private.pem'), '--iss', ISS, '--aud', AUD, '--json']);
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.json<{ error: { code: string } }>().error.code).toBe('ERR_JWE_DECRYPTION');
    const publicKey = await jwtkit(['decrypt', token, '--key', join(rsa, 'public.pem'), '--iss', ISS, '--aud', AUD, '--json']);
    expect(publicKey.status).toBe(3);
    expect(publicKey.json<{ error: { code: string } }>().error.code).toBe('ERR_KEY');
  });

  it('a shared secret from the environment: dir encryption, decrypted with the same secret; decode shows the header only', async () => {
    const env = { CEK: 'k'.repeat(32) };
    const encrypted = await jwtkit(['encrypt', '--secret-env', 'CEK', '--alg', 'dir', '--enc', 'A256GCM', '--claim', 'n=1'], { env });
    expect(encrypted.status, encrypted.stderr).toBe(0);
    const jwe = encrypted.stdout.trim();
    const decrypted = await jwtkit(['decrypt', jwe, '--secret-env', 'CEK', '--no-iss', '--no-aud', '--json'], { env });
    expect(decrypted.json()).toMatchObject({ valid: true, payload: { n: 1 } });
    const decoded = await jwtkit(['decode', jwe, '--json']);
    expect(decoded.json()).toEqual({ verified: false, kind: 'JWE', header: { alg: 'dir', enc: 'A256GCM', typ: 'JWT' } });
  });

  it("jose decrypts jwtkit encrypt's tokens, and jwtkit decrypt reads jose's", async () => {
    const { payload } = await jwtDecrypt(token, await importPKCS8(readFileSync(join(rsa, 'private.pem'), 'utf8'), 'RSA-OAEP-256'), {
      issuer: ISS,
      audience: AUD,
    });
    expect(payload).toMatchObject({ sub: 'alice', email: 'ada@example.com' });
    const fromJose = await new EncryptJWT({ scope: 'read' })
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256' })
      .setIssuer(ISS)
      .setAudience(AUD)
      .setExpirationTime('5m')
      .encrypt(await importSPKI(readFileSync(join(rsa, 'public.pem'), 'utf8'), 'RSA-OAEP-256'));
    const result = await jwtkit([
      'decrypt',
      fromJose,
      '--key',
      join(rsa, 'private.pem'),
      '--alg',
      'RSA-OAEP-256',
      '--enc',
      'A128CBC-HS256',
      '--iss',
      ISS,
      '--aud',
      AUD,
      '--json',
    ]);
    expect(result.status, result.stdout).toBe(0);
    expect(result.json<{ payload: { scope: string } }>().payload.scope).toBe('read');
  });
});
