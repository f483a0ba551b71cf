import type { EcdhCurve } from './types.js';
import { decodeBytes, encodeBytes } from '../util/base64url.js';

/** Bytes of a coordinate of each ECDH curve: the field size rounded up to bytes (P-521: 66), also the size of the shared secret. */
export const COORDINATE_BYTES: Readonly<Record<EcdhCurve, number>> = { 'P-256': 32, 'P-384': 48, 'P-521': 66, X25519: 32 };

/**
 * An ECDH public JWK's point: SEC1 uncompressed (0x04 ‖ x ‖ y), or X25519's 32 bytes. Each
 * coordinate must be strict base64url of the curve's full size (RFC 7518 §6.2.1.2, RFC 8037 §2),
 * which node:crypto's JWK import does not insist on. Throws a plain Error, as a backend's own
 * refusal: the caller decides what a bad key means (ERR_KEY, or ERR_JWE_DECRYPTION for an epk).
 */
export function publicPoint(curve: EcdhCurve, jwk: JsonWebKey): Uint8Array {
  const size = COORDINATE_BYTES[curve];
  const coordinate = (text: unknown): Uint8Array => {
    let bytes: Uint8Array | undefined;
    try {
      bytes = typeof text === 'string' ? decodeBytes(text) : undefined;
    } catch {
      // Not base64url: refused below.
    }
    if (bytes?.length !== size) throw new Error(`${curve} coordinates are ${size} bytes of base64url`);
    return bytes;
  };
  if (curve === 'X25519') return coordinate(jwk.x);
  const point = new Uint8Array(1 + 2 * size);
  point[0] = 4; // uncompressed
  point.set(coordinate(jwk.x), 1);
  point.set(coordinate(jwk.y), 1 + size);
  return point;
}

/**
 * EPHEMERAL_EXPORT: why neither backend exports a freshly generated ephemeral key as a JWK. On
 * Node 20 (20.20.2 here), `npm run bench` hung 3 times in about 20 runs in a native deadlock
 * (gdb): node's JWK export holds the key's mutex while it allocates, a garbage collection then
 * finalizes the finished key-generation job, and that job's destructor takes the same mutex. So the
 * Node backend has generateKeyPairSync encode the public JWK inside the job, and the WebCrypto
 * backend exports the raw point (on Node a thread-pool job: the lock is not held on the main thread).
 */

/** The public JWK members (kty, crv, x, y) of a raw point as `publicPoint` makes it. */
export function pointJwk(curve: EcdhCurve, point: Uint8Array): JsonWebKey {
  if (curve === 'X25519') return { kty: 'OKP', crv: curve, x: encodeBytes(point) };
  const size = COORDINATE_BYTES[curve];
  return { kty: 'EC', crv: curve, x: encodeBytes(point.subarray(1, 1 + size)), y: encodeBytes(point.subarray(1 + size)) };
}
