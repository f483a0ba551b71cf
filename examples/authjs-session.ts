/**
 * Reading an Auth.js (next-auth v5) session cookie outside Next.js, with nothing but AUTH_SECRET.
 *
 * Auth.js keeps the session in a compact JWE: `dir` + `A256CBC-HS512` (older ones `A256GCM`). The
 * key is not AUTH_SECRET itself but HKDF-SHA-256 of it, with the cookie's name as salt and
 * `Auth.js Generated Encryption Key (<cookie name>)` as info: 64 bytes for A256CBC-HS512, 32 for
 * A256GCM. A cookie too big for one `Set-Cookie` is split into `<name>.0`, `<name>.1`, … and joined
 * back in order. Works on any runtime with Web Crypto (the key derivation) and jwtkit.
 */
import { type JwtPayload, decrypt } from '../src/index.js';

/** The session cookie's name: `__Secure-` on HTTPS (Auth.js's default for secure cookies). */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? '__Secure-' : ''}authjs.session-token`;
}

/** The cookies of a `Cookie` header, by name (first one wins, as browsers send the most specific first). */
function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const name = part.slice(0, equals).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(equals + 1).trim());
  }
  return cookies;
}

/** The session token: the cookie itself, or its chunks `name.0`, `name.1`, … joined in numeric order. */
export function sessionToken(cookieHeader: string, cookieName: string): string | undefined {
  const cookies = parseCookies(cookieHeader);
  const whole = cookies.get(cookieName);
  if (whole !== undefined) return whole;
  const chunks: string[] = [];
  for (let index = 0; cookies.has(`${cookieName}.${index}`); index++) chunks.push(cookies.get(`${cookieName}.${index}`)!);
  return chunks.length > 0 ? chunks.join('') : undefined;
}

/** Auth.js's key for one `enc`: HKDF-SHA-256(AUTH_SECRET, salt = cookie name, info = "Auth.js Generated Encryption Key (<name>)"). */
export async function authjsEncryptionKey(secret: string, cookieName: string, enc: 'A256CBC-HS512' | 'A256GCM'): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveBits']);
  const params = {
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new TextEncoder().encode(cookieName),
    info: new TextEncoder().encode(`Auth.js Generated Encryption Key (${cookieName})`),
  };
  return new Uint8Array(await crypto.subtle.deriveBits(params, material, enc === 'A256GCM' ? 256 : 512));
}

/**
 * The session claims of an Auth.js cookie, or null when there is no session cookie. A cookie that
 * does not decrypt or has expired throws a JwtError (ERR_JWE_DECRYPTION, ERR_JWT_EXPIRED, …).
 */
export async function readAuthjsSession(
  cookieHeader: string,
  authSecret: string,
  options: { secure?: boolean; cookieName?: string } = {},
): Promise<JwtPayload | null> {
  const cookieName = options.cookieName ?? sessionCookieName(options.secure ?? false);
  const token = sessionToken(cookieHeader, cookieName);
  if (token === undefined) return null;
  const keys = {
    'A256CBC-HS512': authjsEncryptionKey(authSecret, cookieName, 'A256CBC-HS512'),
    A256GCM: authjsEncryptionKey(authSecret, cookieName, 'A256GCM'),
  };
  // The resolver sees the protected header: the key length follows the token's enc.
  const { payload } = await decrypt(token, (header) => (header.enc === 'A256GCM' ? keys.A256GCM : keys['A256CBC-HS512']), {
    algorithms: ['dir'],
    encryptions: ['A256CBC-HS512', 'A256GCM'],
    clockTolerance: 15, // as Auth.js itself allows
  });
  return payload;
}
