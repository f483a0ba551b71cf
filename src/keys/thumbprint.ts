import type { Hash, KeyType } from '../algorithms.js';
import { keyTools } from '../backend/index.js';
import { JwtArgumentError, JwtKeyError } from '../errors.js';
import { encodeBytes, utf8Encode } from '../util/base64url.js';
import { type Jwk, REQUIRED_MEMBERS, isJwk } from './jwk.js';

/**
 * JWK thumbprints (RFC 7638): the hash of the key's required members, in lexicographic order,
 * as JSON without whitespace. A public key and its private key have the same thumbprint, and
 * `kid`, `alg`, `use` never change it. The URI form is RFC 9278's.
 */

/** The hash names of the IANA "Named Information Hash Algorithm" registry, which RFC 9278 URIs use. */
const HASH_URI_NAMES: Readonly<Record<Hash, string>> = { 'SHA-256': 'sha-256', 'SHA-384': 'sha-384', 'SHA-512': 'sha-512' };

function checkHash(hash: unknown): Hash {
  if (typeof hash !== 'string' || !Object.hasOwn(HASH_URI_NAMES, hash)) throw new JwtArgumentError("hash must be 'SHA-256', 'SHA-384' or 'SHA-512'");
  return hash as Hash;
}

/** The RFC 7638 §3 input: the required members only, sorted, as compact JSON. */
function thumbprintInput(jwk: unknown): string {
  if (!isJwk(jwk)) throw new JwtKeyError('a thumbprint needs a JWK object with a "kty"');
  const members = Object.hasOwn(REQUIRED_MEMBERS, jwk.kty) ? REQUIRED_MEMBERS[jwk.kty as KeyType] : undefined;
  if (!members) throw new JwtKeyError('a thumbprint needs a JWK of kty RSA, EC, OKP or oct');
  const entries = members.map((name) => {
    const value = jwk[name];
    if (typeof value !== 'string' || value === '') throw new JwtKeyError(`the JWK has no "${name}" string, which its thumbprint needs`);
    return [name, value] as const;
  });
  return JSON.stringify(Object.fromEntries(entries));
}

/**
 * The JWK thumbprint of RFC 7638, base64url: e.g. to use as a `kid`. `hash` defaults to SHA-256.
 *
 * @throws ERR_KEY: a JWK without the members its kty requires.
 * @throws ERR_INVALID_ARGUMENT: a hash other than SHA-256/384/512.
 * @example
 * ```ts
 * const { publicKey } = await generateKeyPair('ES256');
 * const kid = await thumbprint(await exportJwk(publicKey));
 * ```
 */
export async function thumbprint(jwk: Jwk, hash: Hash = 'SHA-256'): Promise<string> {
  const checkedHash = checkHash(hash);
  const input = utf8Encode(thumbprintInput(jwk));
  let digest: Uint8Array;
  try {
    digest = await keyTools.digest(checkedHash, input);
  } catch (error) {
    // The runtime could not hash (e.g. no crypto.subtle outside a secure context).
    throw new JwtKeyError('the thumbprint could not be computed', { cause: error });
  }
  return encodeBytes(digest);
}

/**
 * The thumbprint as an RFC 9278 URI: `urn:ietf:params:oauth:jwk-thumbprint:sha-256:<thumbprint>`.
 *
 * @throws ERR_KEY: a JWK without the members its kty requires.
 * @throws ERR_INVALID_ARGUMENT: a hash other than SHA-256/384/512.
 * @example
 * ```ts
 * const uri = await thumbprintUri({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
 * // 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k'
 * ```
 */
export async function thumbprintUri(jwk: Jwk, hash: Hash = 'SHA-256'): Promise<string> {
  const checkedHash = checkHash(hash);
  return `urn:ietf:params:oauth:jwk-thumbprint:${HASH_URI_NAMES[checkedHash]}:${await thumbprint(jwk, checkedHash)}`;
}
