/**
 * The parts of AES_CBC_HMAC_SHA2 (RFC 7518 §5.2) that are the same in both backends: how the key
 * splits, which hash it uses, and the bytes the MAC covers. Pure; no crypto calls here.
 */
import type { Hash } from '../algorithms.js';

/** MAC_KEY is the first half of the key, ENC_KEY the second; the hash has the key's length (32 → SHA-256). */
export function splitCbcKey(key: Uint8Array): { macKey: Uint8Array; encKey: Uint8Array; hash: Hash } {
  const half = key.length / 2;
  return { macKey: key.subarray(0, half), encKey: key.subarray(half), hash: `SHA-${key.length * 8}` as Hash };
}

/** The MAC input: AAD ‖ IV ‖ ciphertext ‖ AL, AL being the AAD's length in bits as a 64-bit big-endian number. */
export function macInput(aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const out = new Uint8Array(aad.length + iv.length + ciphertext.length + 8);
  out.set(aad);
  out.set(iv, aad.length);
  out.set(ciphertext, aad.length + iv.length);
  const view = new DataView(out.buffer, out.length - 8);
  const bits = aad.length * 8;
  view.setUint32(0, Math.floor(bits / 2 ** 32));
  view.setUint32(4, bits >>> 0);
  return out;
}
