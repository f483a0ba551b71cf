import { encode } from '@auth/core/jwt';
import { EncryptJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { authjsEncryptionKey, readAuthjsSession, sessionCookieName, sessionToken } from '../examples/authjs-session.js';
import { expectCode } from './helpers.js';

/** examples/authjs-session.ts reads cookies made by @auth/core's own `encode`, with only AUTH_SECRET. */

const AUTH_SECRET = 'test-only-auth-secret-0123456789abcdef';

describe('examples/authjs-session', () => {
  it.each([false, true])('reads a session cookie made by @auth/core encode (secure: %s)', async (secure) => {
    const name = sessionCookieName(secure);
    const token = await encode({ token: { name: 'Ada', email: 'ada@example.com', sub: 'user-1' }, secret: AUTH_SECRET, salt: name });
    const session = await readAuthjsSession(`theme=dark; ${name}=${token}`, AUTH_SECRET, { secure });
    expect(session).toMatchObject({ name: 'Ada', email: 'ada@example.com', sub: 'user-1' });
    expect(session!.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('joins a chunked cookie (name.0, name.1, …) in order', async () => {
    const name = sessionCookieName(false);
    const token = await encode({ token: { sub: 'user-2', blob: 'x'.repeat(3_000) }, secret: AUTH_SECRET, salt: name });
    const third = Math.ceil(token.length / 3);
    const header = `${name}.1=${token.slice(third, 2 * third)}; ${name}.0=${token.slice(0, third)}; ${name}.2=${token.slice(2 * third)}`;
    expect(sessionToken(header, name)).toBe(token);
    expect(await readAuthjsSession(header, AUTH_SECRET)).toMatchObject({ sub: 'user-2' });
  });

  it('reads an older A256GCM cookie (32-byte derived key)', async () => {
    const name = sessionCookieName(false);
    const key = await authjsEncryptionKey(AUTH_SECRET, name, 'A256GCM');
    const token = await new EncryptJWT({ sub: 'user-5' }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setExpirationTime('1h').encrypt(key);
    expect(await readAuthjsSession(`${name}=${token}`, AUTH_SECRET)).toMatchObject({ sub: 'user-5' });
  });

  it('a wrong AUTH_SECRET is ERR_JWE_DECRYPTION; no cookie is null', async () => {
    const name = sessionCookieName(false);
    const token = await encode({ token: { sub: 'user-3' }, secret: AUTH_SECRET, salt: name });
    await expectCode(readAuthjsSession(`${name}=${token}`, 'another-secret-0123456789abcdef'), 'ERR_JWE_DECRYPTION');
    expect(await readAuthjsSession('theme=dark', AUTH_SECRET)).toBeNull();
  });

  it('an expired session is ERR_JWT_EXPIRED', async () => {
    const name = sessionCookieName(false);
    const token = await encode({ token: { sub: 'user-4' }, secret: AUTH_SECRET, salt: name, maxAge: -60 });
    await expectCode(readAuthjsSession(`${name}=${token}`, AUTH_SECRET), 'ERR_JWT_EXPIRED');
  });
});
