import { asciiEncode, encodeBytes } from '../util/base64url.js';
import { type Key, signBytes } from './key.js';

/**
 * The unpadded base64url signature of a compact JWS's signing input (ASCII text), for the WebCrypto
 * build, where signing is asynchronous anyway: the input's bytes are signed and the signature encoded. The Node build's twin
 * (sign-text.node.ts) goes from text to text inside node:crypto instead.
 */
export async function signText(key: Key, input: string): Promise<string> {
  return encodeBytes(await signBytes(key, asciiEncode(input)));
}
