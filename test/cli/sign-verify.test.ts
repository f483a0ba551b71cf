import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeCli, jwtkit, tempDirForFile } from './cli.js';

/** decode, sign and verify through the built bin: stdin and argument forms, --json, exit statuses. */

const ISS = 'https://auth.example.com';
const AUD = 'api';

describeCli('jwtkit sign / verify / decode', () => {
  const dir = tempDirForFile();
  let keys: string;
  let token: string;

  beforeAll(async () => {
    keys = join(dir(), 'es256');
    expect((await jwtkit(['keygen', 'ES256', '--out-dir', keys, '--kid', 'k1'])).status).toBe(0);
    const signed = await jwtkit([
      'sign',
      '--key',
      join(keys, 'private.pem'),
      '--alg',
      'ES256',
      '--exp',
      '5m',
      '--iss',
      ISS,
      '--aud',
      AUD,
      '--sub',
      'alice',
      '--claim',
      'role=admin',
      '--claim',
      'n=[1,2]',
      '--kid',
      'k1',
    ]);
    expect(signed.status, signed.stderr).toBe(0);
    token = signed.stdout.trim();
  });

  it('signs the claims it is given, and verifies them from stdin (exit 0, payload on stdout)', async () => {
    const result = await jwtkit(['verify', '--key', join(keys, 'public.pem'), '--alg', 'ES256', '--iss', ISS, '--aud', AUD, '--json'], { input: `${token}\n` });
    expect(result.status).toBe(0);
    const { valid, header, payload } = result.json<{ valid: boolean; header: Record<string, unknown>; payload: Record<string, unknown> }>();
    expect(valid).toBe(true);
    expect(header).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'k1' });
    expect(payload).toMatchObject({ iss: ISS, aud: AUD, sub: 'alice', role: 'admin', n: [1, 2] });
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
  });

  it('verifies a token given as an argument with a JWK, and prints the payload', async () => {
    const result = await jwtkit(['verify', token, '--key', join(keys, 'public.jwk.json'), '--alg', 'ES256', '--iss', ISS, '--aud', AUD]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('"sub": "alice"');
    expect(result.stdout).toMatch(/exp .*expires in \d+m( \d+s)?/);
  });

  it('verifies against a JWK set file, picking the key by kid; says to pin --alg when none was given', async () => {
    const set = join(dir(), 'set.json');
    const built = await jwtkit(['jwks', join(keys, 'public.jwk.json')]);
    writeFileSync(set, built.stdout);
    const result = await jwtkit(['verify', token, '--key', set, '--iss', ISS, '--aud', AUD]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('--alg ES256');
  });

  it('rejects a tampered token with exit 1 and ERR_JWT_SIGNATURE', async () => {
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'mallory', iss: ISS, aud: AUD })).toString('base64url')}.${signature}`;
    const result = await jwtkit(['verify', forged, '--key', join(keys, 'public.pem'), '--alg', 'ES256', '--iss', ISS, '--aud', AUD, '--json']);
    expect(result.status).toBe(1);
    expect(result.json<{ error: { code: string; exit: number } }>().error).toMatchObject({ code: 'ERR_JWT_SIGNATURE', exit: 1 });
  });

  it('rejects an expired token with exit 1, saying how long ago it expired, on one line', async () => {
    const expired = await jwtkit([
      'sign',
      '--key',
      join(keys, 'private.jwk.json'),
      '--alg',
      'ES256',
      '--claim',
      `exp=${Math.floor(Date.now() / 1000) - 7200}`,
      '--iss',
      ISS,
      '--aud',
      AUD,
    ]);
    const result = await jwtkit(['verify', '--key', join(keys, 'public.pem'), '--alg', 'ES256', '--iss', ISS, '--aud', AUD], { input: expired.stdout });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/expired 2h( \d+m)? ago.*\(ERR_JWT_EXPIRED\)\n$/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects the wrong issuer or audience with exit 1 and ERR_JWT_CLAIM', async () => {
    for (const flags of [
      ['--iss', 'https://other.example.com', '--aud', AUD],
      ['--iss', ISS, '--aud', 'other'],
    ]) {
      const result = await jwtkit(['verify', token, '--key', join(keys, 'public.pem'), '--alg', 'ES256', ...flags, '--json']);
      expect(result.status).toBe(1);
      expect(result.json<{ error: { code: string } }>().error.code).toBe('ERR_JWT_CLAIM');
    }
  });

  it('requires --iss and --aud unless --no-iss / --no-aud say so (exit 2)', async () => {
    const key = ['--key', join(keys, 'public.pem'), '--alg', 'ES256'];
    expect((await jwtkit(['verify', token, ...key, '--aud', AUD])).status).toBe(2);
    expect((await jwtkit(['verify', token, ...key, '--iss', ISS])).status).toBe(2);
    expect((await jwtkit(['verify', token, ...key, '--iss', ISS, '--no-iss', '--aud', AUD])).status).toBe(2);
    const skipped = await jwtkit(['verify', token, ...key, '--no-iss', '--no-aud', '--json']);
    expect(skipped.status).toBe(0);
    expect(skipped.json<{ valid: boolean }>().valid).toBe(true);
  });

  it('refuses keys of the wrong kind with exit 3: a private key to verify, a public key to sign, a key that cannot do --alg', async () => {
    const privateToVerify = await jwtkit(['verify', token, '--key', join(keys, 'private.pem'), '--iss', ISS, '--aud', AUD, '--json']);
    const publicToSign = await jwtkit(['sign', '--key', join(keys, 'public.pem'), '--alg', 'ES256', '--json']);
    const wrongAlg = await jwtkit(['verify', token, '--key', join(keys, 'public.pem'), '--alg', 'RS256', '--iss', ISS, '--aud', AUD, '--json']);
    const wrongAlgSign = await jwtkit(['sign', '--key', join(keys, 'private.pem'), '--alg', 'HS256', '--json']);
    for (const result of [privateToVerify, publicToSign, wrongAlg, wrongAlgSign]) {
      expect(result.status).toBe(3);
      expect(result.json<{ error: { code: string } }>().error.code).toBe('ERR_KEY');
    }
  });

  it('a JWE alg as --alg is a usage error (exit 2), as any alg sign and verify do not take, even with a key for it', async () => {
    const rsa = join(dir(), 'rsa-oaep');
    await jwtkit(['keygen', 'RS256', '--out-dir', rsa]);
    const sign = await jwtkit(['sign', '--key', join(rsa, 'private.pem'), '--alg', 'RSA-OAEP-256', '--json']);
    const verify = await jwtkit(['verify', token, '--key', join(rsa, 'public.pem'), '--alg', 'RSA-OAEP-256', '--iss', ISS, '--aud', AUD, '--json']);
    // And with a key that does not fit the JWE alg either: still the alg's fault, read before the key.
    const ec = join(dir(), 'ec-for-oaep');
    await jwtkit(['keygen', 'ES256', '--out-dir', ec]);
    const signEc = await jwtkit(['sign', '--key', join(ec, 'private.pem'), '--alg', 'RSA-OAEP-256', '--json']);
    const signSecret = await jwtkit(['sign', '--secret-env', 'S', '--alg', 'A256GCM', '--json'], { env: { S: 'x'.repeat(64) } });
    for (const result of [sign, verify, signEc, signSecret]) {
      expect(result.status).toBe(2);
      expect(result.json<{ error: { code: string } }>().error.code).toBe('ERR_USAGE');
    }
  });

  it('a token whose alg the key cannot do is rejected (exit 1, ERR_JWT_ALGORITHM)', async () => {
    const other = join(dir(), 'rsa');
    await jwtkit(['keygen', 'RS256', '--out-dir', other]);
    const result = await jwtkit(['verify', token, '--key', join(other, 'public.pem'), '--iss', ISS, '--aud', AUD, '--json']);
    expect(result.status).toBe(1);
    expect(result.json<{ error: { code: string } }>().error.code).toBe('ERR_JWT_ALGORITHM');
  });

  it('takes an HMAC secret from the environment, a file or stdin (one trailing newline dropped)', async () => {
    const secret = 's'.repeat(40);
    const file = join(dir(), 'secret.txt');
    writeFileSync(file, `${secret}\n`);
    const signed = await jwtkit(['sign', '--secret-env', 'JWT_SECRET', '--alg', 'HS256', '--iss', ISS, '--aud', AUD, '--exp', '1h'], {
      env: { JWT_SECRET: secret },
    });
    expect(signed.status, signed.stderr).toBe(0);
    const hs = signed.stdout.trim();
    const checks = ['--alg', 'HS256', '--iss', ISS, '--aud', AUD];
    expect((await jwtkit(['verify', hs, '--secret-file', file, ...checks])).status).toBe(0);
    expect((await jwtkit(['verify', hs, '--secret-stdin', ...checks], { input: `${secret}\n` })).status).toBe(0);
    const wrong = await jwtkit(['verify', hs, '--secret-stdin', ...checks, '--json'], { input: 'x'.repeat(40) });
    expect(wrong.status).toBe(1);
    expect(wrong.json<{ error: { code: string } }>().error.code).toBe('ERR_JWT_SIGNATURE');
  });

  it('refuses a secret passed as an argument, before doing anything else (exit 2), and never echoes it', async () => {
    for (const args of [
      ['verify', 'x.y.z', '--secret', 'hunter2-hunter2'],
      ['sign', '--alg', 'HS256', '--secret=hunter2-hunter2'],
    ]) {
      const result = await jwtkit(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('--secret-env');
      expect(result.stderr + result.stdout).not.toContain('hunter2');
    }
  });

  it('sign takes claims from a file (or stdin) under the flags, and refuses a missing --alg (exit 2)', async () => {
    const signed = await jwtkit(['sign', '--key', join(keys, 'private.pem'), '--alg', 'ES256', '--claims', '-', '--sub', 'bob', '--json'], {
      input: '{"sub":"alice","tenant":7}',
    });
    expect(signed.status).toBe(0);
    expect(signed.json<{ payload: Record<string, unknown> }>().payload).toMatchObject({ sub: 'bob', tenant: 7 });
    expect(signed.stderr).toBe(''); // --json: no notes
    expect((await jwtkit(['sign', '--key', join(keys, 'private.pem')])).status).toBe(2);
  });

  it('decode shows header, payload and times from stdin or an argument, and says nothing was verified', async () => {
    const human = await jwtkit(['decode'], { input: token });
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('NOT VERIFIED');
    expect(human.stdout).toMatch(/exp {2}\d{4}-\d\d-\d\dT.*\(expires in \d+m( \d+s)?\)/);
    const json = await jwtkit(['decode', token, '--json']);
    expect(json.json()).toMatchObject({ verified: false, kind: 'JWS', header: { alg: 'ES256', kid: 'k1' }, payload: { sub: 'alice' } });
  });

  it('decode shows only the protected header of a JWE (five segments)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' })).toString('base64url');
    const result = await jwtkit(['decode', `${header}.a2V5.aXY.Y2lwaGVy.dGFn`, '--json']);
    expect(result.status).toBe(0);
    expect(result.json()).toEqual({ verified: false, kind: 'JWE', header: { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' } });
  });

  it('decode of something that is not a token: exit 1, ERR_JWT_MALFORMED', async () => {
    const result = await jwtkit(['decode', 'not-a-token', '--json']);
    expect(result.status).toBe(1);
    expect(result.json<{ error: { code: string } }>().error.code).toBe('ERR_JWT_MALFORMED');
  });
});
