import { JwtKeyError } from '../errors.js';
import { isKeyObject, looksLikeKeyMaterial } from './key-like.js';

/**
 * key-object.ts for the Node build (build/node-variants.ts): a node:crypto KeyObject is a key. Its
 * material comes out in a form the caller could have passed, so every rule is that form's: a
 * secret's bytes (the HMAC minimum length), a public key as SPKI PEM, a private key as PKCS#8 PEM
 * (the key type and curve decide the algs). Read once per KeyObject (the key cache holds objects
 * weakly). Anything else is no key: ERR_KEY with `notAKey`.
 */
export function keyObjectMaterial(material: unknown, notAKey: string): string | Uint8Array {
  if (!isKeyObject(material)) throw new JwtKeyError(notAKey);
  const { type } = material;
  if (type !== 'secret') return material.export({ format: 'pem', type: type === 'public' ? 'spki' : 'pkcs8' } as never) as string;
  const secret = material.export() as Uint8Array;
  // Said to be a secret, so never read as the PEM it may hold; and key material is never an HMAC secret.
  if (looksLikeKeyMaterial(secret))
    throw new JwtKeyError('this secret KeyObject holds a key, not an HMAC secret: pass the key as a public or private KeyObject');
  return secret;
}
