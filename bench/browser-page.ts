/**
 * The browser half of the bench, bundled by esbuild (browser.ts) with the WebCrypto build of jwtkit
 * and jose's browser build, and run inside headless Chromium: the same rows as the Node table,
 * against jose and a raw `crypto.subtle` floor: the WebCrypto call plus the JSON work a JWT
 * cannot skip.
 */
import * as jose from 'jose';
// The WebCrypto build, bundled from source by esbuild (browser.ts) as an app's bundler would bundle
// dist/index.js: the same modules (no *.node.ts twins), and the root type check needs no dist/.
import * as built from '../src/index.js';
import { type Op, type RaceSettings, type Row, measure, race } from './race.js';

const jwtkit = built;
type Alg = import('../src/index.js').Alg;

export interface BrowserKeys {
  alg: string;
  /** PKCS#8 and SPKI PEM, or the HMAC secret's bytes. */
  signKey: string | number[];
  verifyKey: string | number[];
}

const PAYLOAD = { sub: '1234567890', name: 'John Doe', admin: true, iat: 1_700_000_000, exp: 4_000_000_000 };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
function derOf(pem: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (char) => char.charCodeAt(0));
}

function webParams(alg: string): { import: AlgorithmIdentifier & Record<string, unknown>; sign: AlgorithmIdentifier & Record<string, unknown> } {
  const bits = Number(alg.slice(2));
  const hash = `SHA-${bits}`;
  if (alg === 'EdDSA') return { import: { name: 'Ed25519' }, sign: { name: 'Ed25519' } };
  if (alg.startsWith('HS')) return { import: { name: 'HMAC', hash }, sign: { name: 'HMAC' } };
  if (alg.startsWith('RS')) return { import: { name: 'RSASSA-PKCS1-v1_5', hash }, sign: { name: 'RSASSA-PKCS1-v1_5' } };
  if (alg.startsWith('PS')) return { import: { name: 'RSA-PSS', hash }, sign: { name: 'RSA-PSS', saltLength: bits / 8 } };
  const namedCurve = bits === 512 ? 'P-521' : `P-${bits}`;
  return { import: { name: 'ECDSA', namedCurve }, sign: { name: 'ECDSA', hash } };
}

async function rawKeys(keys: BrowserKeys, params: ReturnType<typeof webParams>): Promise<{ sign: CryptoKey; verify: CryptoKey }> {
  if (Array.isArray(keys.signKey)) {
    const key = await crypto.subtle.importKey('raw', Uint8Array.from(keys.signKey), params.import, false, ['sign', 'verify']);
    return { sign: key, verify: key };
  }
  return {
    sign: await crypto.subtle.importKey('pkcs8', derOf(keys.signKey), params.import, false, ['sign']),
    verify: await crypto.subtle.importKey('spki', derOf(keys.verifyKey as string), params.import, false, ['verify']),
  };
}

async function benchAlg(keys: BrowserKeys, settings: RaceSettings): Promise<Row[]> {
  const alg = keys.alg as Alg;
  const material = (key: string | number[]) => (Array.isArray(key) ? Uint8Array.from(key) : key);
  const signer = jwtkit.createSigner(await jwtkit.importKey(material(keys.signKey), alg), { alg, iat: false });
  const verifier = jwtkit.createVerifier(await jwtkit.importKey(material(keys.verifyKey), alg), { algorithms: [alg] });
  const joseSign = Array.isArray(keys.signKey) ? Uint8Array.from(keys.signKey) : await jose.importPKCS8(keys.signKey, alg);
  const joseVerify = Array.isArray(keys.verifyKey) ? Uint8Array.from(keys.verifyKey) : await jose.importSPKI(keys.verifyKey, alg);
  const params = webParams(alg);
  const raw = await rawKeys(keys, params);
  const token = await signer(PAYLOAD);

  // The floor (the "raw crypto.subtle + JSON.parse"): the WebCrypto call on bytes made
  // beforehand, plus the JSON work a JWT cannot skip (stringify to sign, parse after verifying).
  const dot = token.lastIndexOf('.');
  const signingInput = encoder.encode(token.slice(0, dot));
  const signature = fromBase64url(token.slice(dot + 1));
  const payloadJson = decoder.decode(fromBase64url(token.slice(token.indexOf('.') + 1, dot)));
  const rawSign = async () => {
    JSON.stringify(PAYLOAD);
    return crypto.subtle.sign(params.sign, raw.sign, signingInput);
  };
  const rawVerify = async () => {
    if (!(await crypto.subtle.verify(params.sign, raw.verify, signature, signingInput))) throw new Error('raw verify failed');
    return JSON.parse(payloadJson);
  };
  const sign: Record<string, Op> = {
    'jwtkit (webcrypto)': () => signer(PAYLOAD),
    jose: () => new jose.SignJWT(PAYLOAD).setProtectedHeader({ alg, typ: 'JWT' }).sign(joseSign),
    'raw crypto.subtle (+ JSON)': rawSign,
  };
  const verify: Record<string, Op> = {
    'jwtkit (webcrypto)': () => verifier(token),
    jose: () => jose.jwtVerify(token, joseVerify, { algorithms: [alg] }),
    'raw crypto.subtle (+ JSON)': rawVerify,
  };
  return [
    { alg, op: 'sign', results: await race(sign, settings) },
    { alg, op: 'verify', results: await race(verify, settings) },
  ];
}

/** Called by browser.ts through playwright's `page.evaluate`. */
async function runBench(keys: BrowserKeys[], settings: RaceSettings): Promise<Row[]> {
  const rows: Row[] = [];
  for (const entry of keys) rows.push(...(await benchAlg(entry, settings)));
  return rows;
}

(globalThis as unknown as { runBench: typeof runBench }).runBench = runBench;

/** Called by profile.ts: runs one op of one alg for `ms` milliseconds (under the profiler). */
async function runLoop(keys: BrowserKeys, op: 'sign' | 'verify', ms: number): Promise<number> {
  const alg = keys.alg as Alg;
  const material = (key: string | number[]) => (Array.isArray(key) ? Uint8Array.from(key) : key);
  const signer = jwtkit.createSigner(await jwtkit.importKey(material(keys.signKey), alg), { alg, iat: false });
  const verifier = jwtkit.createVerifier(await jwtkit.importKey(material(keys.verifyKey), alg), { algorithms: [alg] });
  const token = await signer(PAYLOAD);
  const run: Op = op === 'sign' ? () => signer(PAYLOAD) : () => verifier(token);
  return measure(run, ms);
}

(globalThis as unknown as { runLoop: typeof runLoop }).runLoop = runLoop;
