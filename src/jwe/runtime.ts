import { jweTools } from '../backend/index.js';
import { JwtAlgorithmError } from '../errors.js';
import { ENCRYPTIONS, type Enc, type KeyAlgSpec, kekBits } from '../jwe-algorithms.js';

/**
 * What this runtime's crypto lacks: 192-bit AES is missing from Chromium's WebCrypto (and so from
 * browsers, Workers and Deno built on it). Asked once, by trying it, and said plainly
 * (ERR_JWT_ALGORITHM), instead of failing as a decryption error that would look like a bad token.
 */

let aes192: Promise<boolean> | undefined;

async function probeAes192(): Promise<boolean> {
  try {
    await jweTools.gcmEncrypt(new Uint8Array(24), new Uint8Array(12), new Uint8Array(0), new Uint8Array(0));
    return true;
  } catch {
    return false;
  }
}

/** Throws ERR_JWT_ALGORITHM when `alg` or `enc` needs 192-bit AES and this runtime has none. */
export async function checkRuntimeSupport(spec: KeyAlgSpec, enc: Enc): Promise<void> {
  const needs192 = kekBits(spec) === 192 ? spec.alg : ENCRYPTIONS[enc].aesBits === 192 ? enc : undefined;
  if (needs192 === undefined) return;
  aes192 ??= probeAes192();
  if (!(await aes192)) throw new JwtAlgorithmError(`this runtime's crypto has no 192-bit AES, so it cannot do ${needs192}`);
}

let deflateRaw: Promise<boolean> | undefined;

async function probeDeflate(): Promise<boolean> {
  try {
    await jweTools.deflate(new Uint8Array(1));
    return true;
  } catch {
    return false;
  }
}

/** Throws ERR_JWT_ALGORITHM when this runtime cannot do `zip: "DEF"` (no CompressionStream('deflate-raw'), as on Vercel's edge-runtime). */
export async function checkZipSupport(): Promise<void> {
  deflateRaw ??= probeDeflate();
  if (!(await deflateRaw)) throw new JwtAlgorithmError('this runtime has no CompressionStream("deflate-raw"), so it cannot do zip "DEF"');
}
