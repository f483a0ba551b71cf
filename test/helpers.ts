import { createHmac, generateKeyPairSync } from 'node:crypto';
import { expect } from 'vitest';
import type { Alg, JwtErrorCode } from '../src/index.js';
import { JwtError } from '../src/index.js';

/** Runs `action` and asserts it fails with a JwtError carrying `code`; returns the error for more checks. */
export async function expectCode(action: Promise<unknown> | (() => unknown), code: JwtErrorCode): Promise<JwtError> {
  let error: unknown;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected a JwtError with ${code}`).toBeInstanceOf(JwtError);
  expect((error as JwtError).code).toBe(code);
  return error as JwtError;
}

/** Whether this runtime can make an ML-DSA key: asked of WebCrypto directly, not of jwtkit. */
export async function runtimeHasMlDsa(): Promise<boolean> {
  try {
    await crypto.subtle.generateKey({ name: 'ML-DSA-44' } as AlgorithmIdentifier, false, ['sign', 'verify']);
    return true;
  } catch {
    return false;
  }
}

/** Every alg jwtkit supports. */
export const ALGS: Alg[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export interface PemPair {
  privateKey: string;
  publicKey: string;
}

const pairs = new Map<string, PemPair>();

/** A fresh (per test run) PEM key pair or secret for `alg`: secrets are the alg's minimum length. */
export function keysFor(alg: Alg): { signKey: string | Uint8Array; verifyKey: string | Uint8Array } {
  if (alg.startsWith('HS')) {
    const secret = new Uint8Array(Number(alg.slice(2)) / 8).map((_, i) => (i * 7 + 3) & 255);
    return { signKey: secret, verifyKey: secret };
  }
  const pair = pemPair(alg);
  return { signKey: pair.privateKey, verifyKey: pair.publicKey };
}

/** A PEM key pair (SPKI / PKCS#8) for an asymmetric alg, generated once per run. */
export function pemPair(alg: Alg): PemPair {
  const kind = alg.startsWith('RS') || alg.startsWith('PS') ? 'rsa' : alg.startsWith('ES') ? `ec-${alg}` : 'ed25519';
  const cached = pairs.get(kind);
  if (cached) return cached;
  const curve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg as 'ES256'];
  const pem = { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as const;
  const pair: PemPair =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: pem.publicKeyEncoding, privateKeyEncoding: pem.privateKeyEncoding })
      : kind === 'ed25519'
        ? generateKeyPairSync('ed25519', { publicKeyEncoding: pem.publicKeyEncoding, privateKeyEncoding: pem.privateKeyEncoding })
        : generateKeyPairSync('ec', { namedCurve: curve!, publicKeyEncoding: pem.publicKeyEncoding, privateKeyEncoding: pem.privateKeyEncoding });
  pairs.set(kind, pair);
  return pair;
}

/** A validly signed HS256 token whose payload nests `depth` arrays: {"sub":"a","deep":[[[…]]]}. */
export function nestedToken(depth: number, key: Uint8Array): string {
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  const signingInput = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(`{"sub":"a","deep":${'['.repeat(depth)}${']'.repeat(depth)}}`)}`;
  return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
}

/** A small deterministic generator (mulberry32) of numbers in [0, 1), so a randomized test's failure is the same at every run. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
