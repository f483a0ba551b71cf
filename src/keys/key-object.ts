import { JwtKeyError } from '../errors.js';

/**
 * What a key that is no string, bytes, CryptoKey, JWK or Key holds: in the WebCrypto build,
 * nothing. A node:crypto KeyObject is refused with a message that says so, rather than converted
 * with its `export()`: the conversion would put code in every sign/verify bundle for the one
 * runtime family (Deno, Workers with nodejs_compat) that runs this build and has KeyObjects, and
 * their `export()` does not cover every key type. The Node build's twin (key-object.node.ts) takes it.
 *
 * @param notAKey the message for anything else (what the caller's function takes).
 */
export function keyObjectMaterial(material: unknown, notAKey: string): string | Uint8Array {
  throw new JwtKeyError(notAKey);
}
