import { jweTools } from '../backend/index.js';
import { utf8Encode } from '../util/base64url.js';

/**
 * The Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256, as ECDH-ES uses it (RFC 7518 §4.6.2):
 * rounds of SHA-256(counter ‖ Z ‖ OtherInfo) until `keyLength` bytes, where OtherInfo is
 * AlgorithmID ‖ PartyUInfo ‖ PartyVInfo ‖ SuppPubInfo, each of the first three length-prefixed.
 */

function uint32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

function lengthPrefixed(data: Uint8Array): Uint8Array[] {
  return [uint32(data.length), data];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Derives `keyLength` bytes from the shared secret `z`. `algorithmId` is the `enc` for ECDH-ES
 * direct key agreement, the `alg` for ECDH-ES+AxxxKW.
 */
export async function concatKdf(z: Uint8Array, keyLength: number, algorithmId: string, apu: Uint8Array, apv: Uint8Array): Promise<Uint8Array> {
  const otherInfo = concat([...lengthPrefixed(utf8Encode(algorithmId)), ...lengthPrefixed(apu), ...lengthPrefixed(apv), uint32(keyLength * 8)]);
  const rounds = Math.ceil(keyLength / 32);
  const output: Uint8Array[] = [];
  for (let round = 1; round <= rounds; round++) output.push(await jweTools.digest('SHA-256', concat([uint32(round), z, otherInfo])));
  return concat(output).subarray(0, keyLength);
}
