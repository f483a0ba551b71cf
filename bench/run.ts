/**
 * `npm run bench [-- --quick] [-- --only HS256,ES256] [-- --save]`: jwtkit (both builds) against fast-jwt,
 * jose, jsonwebtoken and the raw node:crypto and WebCrypto floors, in one process. Every
 * contender of one (alg, op) runs in turn, round after round (interleaved), so a noisy machine
 * slows all of them alike; the table shows each one's median ops/s and the ratios that matter.
 * Operations run one after another (no concurrency), as in a request handler. `--save` also
 * writes the output to bench/RESULTS.md.
 */
import { constants, createHmac, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createSigner, createVerifier } from 'fast-jwt';
import * as jose from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import type * as Jwtkit from '../src/index.js';
import { keyMaterial } from './keys.js';

// The built package, both builds (`npm run bench` builds first); typed by the source they come from.
const jwtkitNode = (await import('../dist/node.js' as string)) as typeof Jwtkit;
const jwtkitWeb = (await import('../dist/index.js' as string)) as typeof Jwtkit;

type Op = () => unknown;
type BenchAlg = 'HS256' | 'RS256' | 'PS256' | 'ES256' | 'EdDSA';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const save = args.includes('--save');
const onlyIndex = args.indexOf('--only');
const ALGS: BenchAlg[] = onlyIndex >= 0 ? (args[onlyIndex + 1]!.split(',') as BenchAlg[]) : ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'];
const ROUNDS = quick ? 5 : 9;
const ROUND_MS = quick ? 80 : 250;

const PAYLOAD = { sub: '1234567890', name: 'John Doe', admin: true, iat: 1_700_000_000, exp: 4_000_000_000 };
const encoder = new TextEncoder();

/** Runs `op` repeatedly for about `ms` milliseconds; ops per second. Async ops are awaited one by one. */
async function measure(op: Op, ms: number): Promise<number> {
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 16; i++) {
      const result = op();
      if (result instanceof Promise) await result;
    }
    count += 16;
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Interleaved rounds of every contender; the median ops/s of each. */
async function race(contenders: Record<string, Op>): Promise<Record<string, number>> {
  const names = Object.keys(contenders);
  for (const name of names) await measure(contenders[name]!, ROUND_MS / 2); // warm-up
  const samples = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round, so no contender always runs right after the same other one.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!;
      samples.get(name)!.push(await measure(contenders[name]!, ROUND_MS));
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples.get(name)!)]));
}

const NODE_HASH = { HS256: 'sha256', RS256: 'sha256', PS256: 'sha256', ES256: 'sha256', EdDSA: null } as const;
const WEB_PARAMS = {
  HS256: { name: 'HMAC' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
} as const;

/** The floors: only the signature over a fixed signing input, nothing JWT around it. */
async function rawFloors(alg: BenchAlg, signingInput: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>) {
  const keys = keyMaterial(alg);
  const nodeOptions = (key: object) =>
    alg === 'PS256' ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  const web = await keys.webKeys();
  const params = WEB_PARAMS[alg];
  if (alg === 'HS256') {
    const secret = keys.signKey as Uint8Array;
    return {
      nodeSign: () => createHmac('sha256', secret).update(signingInput).digest(),
      nodeVerify: () => createHmac('sha256', secret).update(signingInput).digest(),
      webSign: () => crypto.subtle.sign(params, web.sign, signingInput),
      webVerify: () => crypto.subtle.verify(params, web.verify, signature, signingInput),
    };
  }
  const privateKey = nodeOptions(createPrivateKey(keys.signKey as string)) as Parameters<typeof nodeSign>[2];
  const publicKey = nodeOptions(createPublicKey(keys.verifyKey as string)) as Parameters<typeof nodeVerify>[2];
  return {
    nodeSign: () => nodeSign(NODE_HASH[alg], signingInput, privateKey),
    nodeVerify: () => nodeVerify(NODE_HASH[alg], signingInput, publicKey, signature),
    webSign: () => crypto.subtle.sign(params, web.sign, signingInput),
    webVerify: () => crypto.subtle.verify(params, web.verify, signature, signingInput),
  };
}

interface Row {
  alg: BenchAlg;
  op: 'sign' | 'verify' | 'verify (cached)';
  results: Record<string, number>;
}

async function benchAlg(alg: BenchAlg): Promise<Row[]> {
  const keys = keyMaterial(alg);
  const joseAlg = alg;
  const nodeSignKey = await jwtkitNode.importKey(keys.signKey, alg);
  const nodeVerifyKey = await jwtkitNode.importKey(keys.verifyKey, alg);
  const webSignKey = await jwtkitWeb.importKey(keys.signKey, alg);
  const webVerifyKey = await jwtkitWeb.importKey(keys.verifyKey, alg);
  const joseKeys = await keys.joseKeys();
  const token = await jwtkitNode.sign(PAYLOAD, nodeSignKey, { alg });
  const [headerSegment, payloadSegment, signatureSegment] = token.split('.') as [string, string, string];
  const signingInput = encoder.encode(`${headerSegment}.${payloadSegment}`);
  const floors = await rawFloors(alg, signingInput, Uint8Array.from(Buffer.from(signatureSegment, 'base64url')));

  const fastKey = (key: string | Uint8Array) => (typeof key === 'string' ? key : Buffer.from(key));
  const fastSign = createSigner({ key: fastKey(keys.signKey), algorithm: alg, noTimestamp: true });
  const fastVerify = createVerifier({ key: fastKey(keys.verifyKey), algorithms: [alg] });
  const fastVerifyCached = createVerifier({ key: fastKey(keys.verifyKey), algorithms: [alg], cache: true });
  // jwtkit's factories are the counterpart of fast-jwt's createSigner/createVerifier: options and key handled once.
  const nodeSigner = jwtkitNode.createSigner(nodeSignKey, { alg, iat: false });
  const webSigner = jwtkitWeb.createSigner(webSignKey, { alg, iat: false });
  const nodeVerifier = jwtkitNode.createVerifier(nodeVerifyKey, { algorithms: [alg] });
  const webVerifier = jwtkitWeb.createVerifier(webVerifyKey, { algorithms: [alg] });
  const nodeCachedVerifier = jwtkitNode.createVerifier(nodeVerifyKey, { algorithms: [alg], cache: { size: 1000 } });
  const webCachedVerifier = jwtkitWeb.createVerifier(webVerifyKey, { algorithms: [alg], cache: { size: 1000 } });
  const jsonwebtokenOk = alg !== 'EdDSA';

  const sign: Record<string, Op> = {
    'jwtkit (node)': () => nodeSigner(PAYLOAD),
    'jwtkit (webcrypto)': () => webSigner(PAYLOAD),
    'fast-jwt': () => fastSign(PAYLOAD),
    jose: () => new jose.SignJWT(PAYLOAD).setProtectedHeader({ alg: joseAlg, typ: 'JWT' }).sign(joseKeys.sign),
    ...(jsonwebtokenOk ? { jsonwebtoken: () => jsonwebtoken.sign(PAYLOAD, fastKey(keys.signKey), { algorithm: alg as 'HS256', noTimestamp: true }) } : {}),
    'raw node:crypto': floors.nodeSign,
    'raw WebCrypto': floors.webSign,
  };
  const verify: Record<string, Op> = {
    'jwtkit (node)': () => nodeVerifier(token),
    'jwtkit (webcrypto)': () => webVerifier(token),
    'fast-jwt': () => fastVerify(token),
    jose: () => jose.jwtVerify(token, joseKeys.verify, { algorithms: [joseAlg] }),
    ...(jsonwebtokenOk ? { jsonwebtoken: () => jsonwebtoken.verify(token, fastKey(keys.verifyKey), { algorithms: [alg as 'HS256'] }) } : {}),
    'raw node:crypto': floors.nodeVerify,
    'raw WebCrypto': floors.webVerify,
  };
  const cached: Record<string, Op> = {
    'jwtkit (node)': () => nodeCachedVerifier(token),
    'jwtkit (webcrypto)': () => webCachedVerifier(token),
    'fast-jwt': () => fastVerifyCached(token),
  };
  return [
    { alg, op: 'sign', results: await race(sign) },
    { alg, op: 'verify', results: await race(verify) },
    { alg, op: 'verify (cached)', results: await race(cached) },
  ];
}

const COLUMNS = ['jwtkit (node)', 'jwtkit (webcrypto)', 'fast-jwt', 'jose', 'jsonwebtoken', 'raw node:crypto', 'raw WebCrypto'];

function formatOps(value: number | undefined): string {
  if (value === undefined) return '–';
  return value >= 10_000 ? `${(value / 1000).toFixed(0)}k` : value >= 1000 ? `${(value / 1000).toFixed(1)}k` : value.toFixed(0);
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`;
}

function table(rows: Row[]): string {
  const lines = [
    `| alg | op | ${COLUMNS.join(' | ')} | node/fast-jwt | node/raw node | web/raw web | web/jose |`,
    `|---|---|${COLUMNS.map(() => '---:').join('|')}|---:|---:|---:|---:|`,
  ];
  for (const { alg, op, results } of rows) {
    const r = (name: string) => results[name];
    const floors = op === 'verify (cached)' ? ['–', '–'] : [ratio(r('jwtkit (node)'), r('raw node:crypto')), ratio(r('jwtkit (webcrypto)'), r('raw WebCrypto'))];
    lines.push(
      `| ${alg} | ${op} | ${COLUMNS.map((name) => formatOps(r(name))).join(' | ')} | ${ratio(r('jwtkit (node)'), r('fast-jwt'))} | ${floors[0]} | ${floors[1]} | ${ratio(r('jwtkit (webcrypto)'), r('jose'))} |`,
    );
  }
  return lines.join('\n');
}

const heading = [
  `jwtkit bench: ${quick ? 'quick' : 'full'} run, ${ROUNDS} interleaved rounds of ${ROUND_MS} ms per contender; ops/s (median).`,
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${new Date().toISOString().slice(0, 10)}`,
].join('\n');
console.log(`${heading}\n`);
const rows: Row[] = [];
for (const alg of ALGS) {
  rows.push(...(await benchAlg(alg)));
  process.stderr.write(`  ${alg} done\n`);
}
const output = `${heading}\n\n${table(rows)}\n`;
console.log(output);
if (save) {
  const command = `npm run bench${args.length > 1 ? ` -- ${args.filter((arg) => arg !== '--save').join(' ')}` : ''}`;
  writeFileSync(new URL('RESULTS.md', import.meta.url), `# Benchmark results\n\nOne run of \`${command}\`, as printed:\n\n${output}`);
}
