import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as jose from 'jose';

/** The algs the bench can run: every JWS alg the peers share. */
export const BENCH_ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type BenchAlg = (typeof BENCH_ALGS)[number];

const CURVES = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' } as const;
const PEM = { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as const;

/** A fresh PEM key pair for a public-key alg. */
export function pemPair(alg: Exclude<BenchAlg, `HS${string}`>): { privateKey: string; publicKey: string } {
  const { publicKeyEncoding, privateKeyEncoding } = PEM;
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding });
  if (alg.startsWith('ES')) return generateKeyPairSync('ec', { namedCurve: CURVES[alg as keyof typeof CURVES], publicKeyEncoding, privateKeyEncoding });
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding });
}

/** The WebCrypto import parameters of an alg. */
export function webAlgorithm(alg: BenchAlg): { name: string; hash?: string; namedCurve?: string } {
  const hash = `SHA-${alg.slice(2)}`;
  if (alg === 'EdDSA') return { name: 'Ed25519' };
  if (alg.startsWith('HS')) return { name: 'HMAC', hash };
  if (alg.startsWith('RS')) return { name: 'RSASSA-PKCS1-v1_5', hash };
  if (alg.startsWith('PS')) return { name: 'RSA-PSS', hash };
  return { name: 'ECDSA', namedCurve: CURVES[alg as keyof typeof CURVES] };
}

/** Fresh keys per bench run, in the forms each contender takes: PEM (or secret bytes), CryptoKeys, jose keys. */
export function keyMaterial(alg: BenchAlg) {
  const isHmac = alg.startsWith('HS');
  const pair = isHmac ? undefined : pemPair(alg as Exclude<BenchAlg, `HS${string}`>);
  // RFC 7518 §3.2: a secret as long as the hash.
  const secret = new Uint8Array(randomBytes(Number(alg.slice(2)) / 8 || 32));
  const signKey: string | Uint8Array = pair ? pair.privateKey : secret;
  const verifyKey: string | Uint8Array = pair ? pair.publicKey : secret;
  const algorithm = webAlgorithm(alg);

  return {
    signKey,
    verifyKey,
    /** WebCrypto keys for the raw WebCrypto floor. */
    async webKeys(): Promise<{ sign: CryptoKey; verify: CryptoKey }> {
      if (!pair) {
        const key = await crypto.subtle.importKey('raw', secret, algorithm, false, ['sign', 'verify']);
        return { sign: key, verify: key };
      }
      const der = (key: ReturnType<typeof createPublicKey>, type: 'spki' | 'pkcs8') => new Uint8Array(key.export({ format: 'der', type }));
      return {
        sign: await crypto.subtle.importKey('pkcs8', der(createPrivateKey(pair.privateKey), 'pkcs8'), algorithm, false, ['sign']),
        verify: await crypto.subtle.importKey('spki', der(createPublicKey(pair.publicKey), 'spki'), algorithm, false, ['verify']),
      };
    },
    /** The keys jose takes. */
    async joseKeys(): Promise<{ sign: CryptoKey | Uint8Array; verify: CryptoKey | Uint8Array }> {
      if (!pair) return { sign: secret, verify: secret };
      return { sign: await jose.importPKCS8(pair.privateKey, alg), verify: await jose.importSPKI(pair.publicKey, alg) };
    },
  };
}
