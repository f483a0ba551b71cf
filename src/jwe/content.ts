import { jweTools } from '../backend/index.js';
import { JweDecryptionError } from '../errors.js';
import type { EncSpec } from '../jwe-algorithms.js';

/** Content encryption (RFC 7518 §5): AES-GCM or AES-CBC-HMAC-SHA2 under the CEK, the protected header as AAD. */

export interface EncryptedContent {
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

export async function encryptContent(spec: EncSpec, cek: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<EncryptedContent> {
  const iv = jweTools.randomBytes(spec.ivLength);
  if (spec.mode === 'cbc') return { iv, ...(await jweTools.cbcHmacEncrypt(cek, iv, plaintext, aad)) };
  const sealed = await jweTools.gcmEncrypt(cek, iv, plaintext, aad);
  const split = sealed.length - spec.tagLength;
  return { iv, ciphertext: sealed.subarray(0, split), tag: sealed.subarray(split) };
}

/**
 * Decrypts and authenticates. IV, tag and CEK must have exactly the lengths `enc` defines (GCM:
 * 96-bit IV, 128-bit tag: no truncated tags). Every failure is the one JweDecryptionError.
 */
export async function decryptContent(spec: EncSpec, cek: Uint8Array, content: EncryptedContent, aad: Uint8Array): Promise<Uint8Array> {
  const { iv, ciphertext, tag } = content;
  if (iv.length !== spec.ivLength || tag.length !== spec.tagLength || cek.length !== spec.cekLength) throw new JweDecryptionError();
  try {
    if (spec.mode === 'cbc') return await jweTools.cbcHmacDecrypt(cek, iv, ciphertext, tag, aad);
    const sealed = new Uint8Array(ciphertext.length + tag.length);
    sealed.set(ciphertext);
    sealed.set(tag, ciphertext.length);
    return await jweTools.gcmDecrypt(cek, iv, sealed, aad);
  } catch {
    throw new JweDecryptionError();
  }
}
