import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as jose from 'jose';

/** Fresh keys per bench run, in the forms each contender takes: PEM (or secret bytes), CryptoKeys, jose keys. */
export function keyMaterial(alg: 'HS256' | 'RS256' | 'PS256' | 'ES256' | 'EdDSA') {
  const pem = { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as const;
  const pair: { privateKey: string; publicKey: string } | undefined =
    alg === 'HS256'
      ? undefined
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: pem.publicKeyEncoding, privateKeyEncoding: pem.privateKeyEncoding })
        : alg === 'EdDSA'
          ? generateKeyPairSync('ed25519', { publicKeyEncoding: pem.publicKeyEncoding, privateKeyEncoding: pem.privateKeyEncoding })
          : generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: pem.publicKeyEncoding, privateKeyEncoding: pem.privateKeyEncoding });
  const secret = new Uint8Array(randomBytes(32));
  const signKey: string | Uint8Array = pair ? pair.privateKey : secret;
  const verifyKey: string | Uint8Array = pair ? pair.publicKey : secret;
  const webAlgorithm = {
    HS256: { name: 'HMAC', hash: 'SHA-256' },
    RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
    ES256: { name: 'ECDSA', namedCurve: 'P-256' },
    EdDSA: { name: 'Ed25519' },
  }[alg];

  return {
    signKey,
    verifyKey,
    /** WebCrypto keys for the raw WebCrypto floor. */
    async webKeys(): Promise<{ sign: CryptoKey; verify: CryptoKey }> {
      if (!pair) {
        const key = await crypto.subtle.importKey('raw', secret, webAlgorithm, false, ['sign', 'verify']);
        return { sign: key, verify: key };
      }
      const der = (key: ReturnType<typeof createPublicKey>, type: 'spki' | 'pkcs8') => new Uint8Array(key.export({ format: 'der', type }));
      return {
        sign: await crypto.subtle.importKey('pkcs8', der(createPrivateKey(pair.privateKey), 'pkcs8'), webAlgorithm, false, ['sign']),
        verify: await crypto.subtle.importKey('spki', der(createPublicKey(pair.publicKey), 'spki'), webAlgorithm, false, ['verify']),
      };
    },
    /** The keys jose takes. */
    async joseKeys(): Promise<{ sign: CryptoKey | Uint8Array; verify: CryptoKey | Uint8Array }> {
      if (!pair) return { sign: secret, verify: secret };
      return { sign: await jose.importPKCS8(pair.privateKey, alg), verify: await jose.importSPKI(pair.publicKey, alg) };
    },
  };
}
