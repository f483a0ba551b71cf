import { keyTools } from '../backend/index.js';
import { JwtError, JwtKeyError } from '../errors.js';
import { encodeBytes } from '../util/base64url.js';
import { type Jwk, keyMembers } from './jwk.js';
import { Key, backendKey, jweFactsOf } from './key.js';
import { encodePem } from './pem.js';

/**
 * Keys out: a JWK (to publish a public key in a JWK set, or to store a key) and PEM (SPKI for
 * public keys, PKCS#8 for private keys). Public keys always export; private keys and secrets
 * only when generated with `extractable: true` (see Key.extractable).
 */

function exportable(key: unknown): Key {
  if (!(key instanceof Key)) throw new JwtKeyError('export needs a Key from importKey(), generateKeyPair() or generateSecret()');
  if (!key.extractable) {
    throw new JwtKeyError(`this ${key.type} key is not extractable: generate it with { extractable: true } to export it`);
  }
  return key;
}

async function exportFromBackend(key: Key, format: 'raw' | 'spki' | 'pkcs8' | 'jwk'): Promise<Uint8Array | JsonWebKey> {
  try {
    return await keyTools.exportKey(backendKey(key), format);
  } catch (error) {
    if (error instanceof JwtError) throw error;
    throw new JwtKeyError(`this ${key.type} key could not be exported`, { cause: error });
  }
}

/**
 * The key as a JWK: its key members plus `alg` (the one alg the Key is for; for a `dir` secret its
 * enc), `use: "enc"` for a JWE key, and its `kid`, if it has one. Members the runtime adds (`key_ops`,
 * `ext`) are left out, so every backend gives the same JWK.
 *
 * @throws ERR_KEY: not a Key, or a private key or secret that is not extractable.
 * @example
 * ```ts
 * const { publicKey } = await generateKeyPair('ES256');
 * const jwks = { keys: [{ ...(await exportJwk(publicKey)), use: 'sig' }] }; // publish at your jwks_uri
 * ```
 */
export async function exportJwk(key: Key): Promise<Jwk> {
  const checked = exportable(key);
  // A JWE key says so (`use: "enc"`), and a JWE secret is its own bytes (no backend key holds it).
  const jwe = jweFactsOf(checked);
  const secret = jwe?.secret ?? (checked.type === 'secret' ? ((await exportFromBackend(checked, 'raw')) as Uint8Array) : undefined);
  const members: Jwk = secret ? { kty: 'oct', k: encodeBytes(secret) } : (keyMembers((await exportFromBackend(checked, 'jwk')) as Jwk) as Jwk);
  const jwk: Jwk = { ...members, alg: checked.alg, ...(jwe ? { use: 'enc' } : {}) };
  if (checked.kid !== undefined) jwk.kid = checked.kid;
  return jwk;
}

/**
 * The key as PEM: `PUBLIC KEY` (SPKI) for a public key, `PRIVATE KEY` (PKCS#8) for a private key. Secrets have no PEM form.
 *
 * @throws ERR_KEY: not a Key, a secret (no PEM form), or a private key that is not extractable.
 * @example
 * ```ts
 * const { privateKey } = await generateKeyPair('RS256', { extractable: true });
 * const pem = await exportPem(privateKey); // '-----BEGIN PRIVATE KEY-----…'
 * ```
 */
export async function exportPem(key: Key): Promise<string> {
  const checked = exportable(key);
  if (checked.type === 'secret') throw new JwtKeyError('a secret has no PEM form: use exportJwk');
  const label = checked.type === 'public' ? 'PUBLIC KEY' : 'PRIVATE KEY';
  const der = (await exportFromBackend(checked, checked.type === 'public' ? 'spki' : 'pkcs8')) as Uint8Array;
  return encodePem(label, der);
}
