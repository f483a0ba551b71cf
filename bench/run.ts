/**
 * `npm run bench [-- --quick] [-- --only HS256,ES256 | --all] [-- --no-browser] [-- --save]`: jwtkit
 * (both builds) against fast-jwt, @node-rs/jsonwebtoken (Rust), jose, jsonwebtoken and the raw
 * node:crypto and WebCrypto floors in one Node process, then the WebCrypto build against jose and
 * raw `crypto.subtle` inside headless Chromium (browser.ts). Every contender of one row runs in
 * turn, round after round (interleaved), so a noisy machine slows all of them alike; the tables
 * show each one's median ops/s and the ratios that matter. Calls run one after another and every
 * call is awaited, sync peers' included. `--save` writes the output to bench/RESULTS.md.
 */
import { constants, createHmac, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { createSigner, createVerifier } from 'fast-jwt';
import * as jose from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import type * as Jwtkit from '../src/index.js';
import { browserTable } from './browser.js';
import { type JweRow, JWE_ROWS, jweRows, jweTable } from './jwe.js';
import { BENCH_ALGS, type BenchAlg, keyMaterial, pemPair } from './keys.js';
import { type Op, type RaceSettings, type Row, cycle, race, table } from './race.js';

// The built package, both builds (`npm run bench` builds first); typed by the source they come from.
const jwtkitNode = (await import('../dist/node.js' as string)) as typeof Jwtkit;
const jwtkitWeb = (await import('../dist/index.js' as string)) as typeof Jwtkit;

/** The Rust binding (bench/package.json, `npm ci --prefix bench`), when its binary loads on this machine. */
interface RustBinding {
  signSync(claims: object, key: string | Uint8Array, header?: { algorithm?: string }): string;
  verifySync(token: string, key: string | Uint8Array, validation?: { algorithms?: string[] }): object;
}
function loadRust(): RustBinding | undefined {
  try {
    return createRequire(import.meta.url)('@node-rs/jsonwebtoken-linux-x64-gnu') as RustBinding;
  } catch {
    return undefined;
  }
}
const rust = loadRust();

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const save = args.includes('--save');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1]!.split(',') : undefined;
// --only takes JWS algs and JWE rows (dir+A256GCM, …) alike; without it, every JWE row runs.
const JWE: JweRow[] = only ? (only.filter((name) => JWE_ROWS.includes(name as JweRow)) as JweRow[]) : [...JWE_ROWS];
const ALGS: BenchAlg[] = only
  ? (only.filter((name) => !JWE_ROWS.includes(name as JweRow)) as BenchAlg[])
  : args.includes('--all')
    ? [...BENCH_ALGS]
    : ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'];
for (const alg of ALGS) if (!BENCH_ALGS.includes(alg)) throw new Error(`--only: unknown alg ${alg} (one of ${[...BENCH_ALGS, ...JWE_ROWS].join(', ')})`);
const SETTINGS: RaceSettings = quick ? { rounds: 5, roundMs: 80 } : { rounds: 9, roundMs: 250 };
/** Distinct tokens for the "different user per request" rows. */
const DISTINCT = quick ? 2_000 : 20_000;

const PAYLOAD = { sub: '1234567890', name: 'John Doe', admin: true, iat: 1_700_000_000, exp: 4_000_000_000 };
const encoder = new TextEncoder();

/** The floors: only the signature over a fixed signing input, nothing JWT around it. */
async function rawFloors(alg: BenchAlg, signingInput: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>) {
  const keys = keyMaterial(alg);
  const hash = alg === 'EdDSA' ? null : `sha${alg.slice(2)}`;
  const nodeOptions = (key: object) =>
    alg.startsWith('PS')
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 }
      : alg.startsWith('ES')
        ? { key, dsaEncoding: 'ieee-p1363' as const }
        : key;
  const web = await keys.webKeys();
  const { name } = web.sign.algorithm;
  const params = name === 'RSA-PSS' ? { name, saltLength: Number(alg.slice(2)) / 8 } : name === 'ECDSA' ? { name, hash: `SHA-${alg.slice(2)}` } : { name };
  const webSign = () => crypto.subtle.sign(params, web.sign, signingInput);
  const webVerify = () => crypto.subtle.verify(params, web.verify, signature, signingInput);
  if (alg.startsWith('HS')) {
    const secret = keys.signKey as Uint8Array;
    const hmac = () => createHmac(hash!, secret).update(signingInput).digest();
    return { nodeSign: hmac, nodeVerify: hmac, webSign, webVerify };
  }
  const privateKey = nodeOptions(createPrivateKey(keys.signKey as string)) as Parameters<typeof nodeSign>[2];
  const publicKey = nodeOptions(createPublicKey(keys.verifyKey as string)) as Parameters<typeof nodeVerify>[2];
  return {
    nodeSign: () => nodeSign(hash, signingInput, privateKey),
    nodeVerify: () => nodeVerify(hash, signingInput, publicKey, signature),
    webSign,
    webVerify,
  };
}

const asFastKey = (key: string | Uint8Array) => (typeof key === 'string' ? key : Buffer.from(key));

async function benchAlg(alg: BenchAlg): Promise<Row[]> {
  const keys = keyMaterial(alg);
  const nodeSignKey = await jwtkitNode.importKey(keys.signKey, alg);
  const nodeVerifyKey = await jwtkitNode.importKey(keys.verifyKey, alg);
  const webSignKey = await jwtkitWeb.importKey(keys.signKey, alg);
  const webVerifyKey = await jwtkitWeb.importKey(keys.verifyKey, alg);
  const joseKeys = await keys.joseKeys();
  const token = await jwtkitNode.sign(PAYLOAD, nodeSignKey, { alg });
  const [headerSegment, payloadSegment, signatureSegment] = token.split('.') as [string, string, string];
  const signingInput = encoder.encode(`${headerSegment}.${payloadSegment}`);
  const floors = await rawFloors(alg, signingInput, Uint8Array.from(Buffer.from(signatureSegment, 'base64url')));
  // Distinct tokens: a different user per request, as real traffic is (only a verified-token cache may remember one).
  const distinct = Array.from({ length: DISTINCT }, (_, i) => jwtkitNode.sign({ ...PAYLOAD, sub: `user-${i}` }, nodeSignKey, { alg }));
  const tokens = await Promise.all(distinct);

  const fastSign = createSigner({ key: asFastKey(keys.signKey), algorithm: alg, noTimestamp: true });
  const fastVerify = createVerifier({ key: asFastKey(keys.verifyKey), algorithms: [alg] });
  const fastVerifyCached = createVerifier({ key: asFastKey(keys.verifyKey), algorithms: [alg], cache: true });
  // jwtkit's factories are the counterpart of fast-jwt's createSigner/createVerifier: options and key handled once.
  const nodeSigner = jwtkitNode.createSigner(nodeSignKey, { alg, iat: false });
  const webSigner = jwtkitWeb.createSigner(webSignKey, { alg, iat: false });
  const nodeVerifier = jwtkitNode.createVerifier(nodeVerifyKey, { algorithms: [alg] });
  const webVerifier = jwtkitWeb.createVerifier(webVerifyKey, { algorithms: [alg] });
  const nodeCachedVerifier = jwtkitNode.createVerifier(nodeVerifyKey, { algorithms: [alg], cache: { size: 1000 } });
  const webCachedVerifier = jwtkitWeb.createVerifier(webVerifyKey, { algorithms: [alg], cache: { size: 1000 } });
  const jsonwebtokenOk = alg !== 'EdDSA';
  const rustKeys = { sign: asFastKey(keys.signKey), verify: asFastKey(keys.verifyKey) };

  const sign: Record<string, Op> = {
    'jwtkit (node)': () => nodeSigner(PAYLOAD),
    'jwtkit (webcrypto)': () => webSigner(PAYLOAD),
    'fast-jwt': () => fastSign(PAYLOAD),
    ...(rust ? { '@node-rs': () => rust.signSync(PAYLOAD, rustKeys.sign, { algorithm: alg }) } : {}),
    jose: () => new jose.SignJWT(PAYLOAD).setProtectedHeader({ alg, typ: 'JWT' }).sign(joseKeys.sign),
    ...(jsonwebtokenOk ? { jsonwebtoken: () => jsonwebtoken.sign(PAYLOAD, asFastKey(keys.signKey), { algorithm: alg as 'HS256', noTimestamp: true }) } : {}),
    'raw node:crypto': floors.nodeSign,
    'raw WebCrypto': floors.webSign,
  };
  const verifiers = (next: () => string): Record<string, Op> => ({
    'jwtkit (node)': () => nodeVerifier(next()),
    'jwtkit (webcrypto)': () => webVerifier(next()),
    'fast-jwt': () => fastVerify(next()),
    ...(rust ? { '@node-rs': () => rust.verifySync(next(), rustKeys.verify, { algorithms: [alg] }) } : {}),
    jose: () => jose.jwtVerify(next(), joseKeys.verify, { algorithms: [alg] }),
    ...(jsonwebtokenOk ? { jsonwebtoken: () => jsonwebtoken.verify(next(), asFastKey(keys.verifyKey), { algorithms: [alg as 'HS256'] }) } : {}),
  });
  const verify: Record<string, Op> = { ...verifiers(() => token), 'raw node:crypto': floors.nodeVerify, 'raw WebCrypto': floors.webVerify };
  const cached: Record<string, Op> = {
    'jwtkit (node)': () => nodeCachedVerifier(token),
    'jwtkit (webcrypto)': () => webCachedVerifier(token),
    'fast-jwt': () => fastVerifyCached(token),
  };
  return [
    { alg, op: 'sign', results: await race(sign, SETTINGS) },
    { alg, op: 'verify', results: await race(verify, SETTINGS) },
    { alg, op: `verify (${DISTINCT.toLocaleString('en')} distinct)`, results: await race(verifiers(cycle(tokens)), SETTINGS) },
    { alg, op: 'verify (cached)', results: await race(cached, SETTINGS) },
  ];
}

/** How cost grows: a 4 KB payload, a 100-key JWK set, and the first call with a key never seen before. */
async function growthRows(): Promise<Row[]> {
  const rows: Row[] = [];

  // HS256 over a 50-claim, about 4 KB payload.
  const secret = keyMaterial('HS256').signKey as Uint8Array;
  const big: Record<string, unknown> = { ...PAYLOAD };
  for (let i = 0; i < 45; i++) big[`claim_${i}`] = `value-${i}-${'x'.repeat(60)}`;
  const bigToken = await jwtkitNode.sign(big, secret, { alg: 'HS256' });
  const nodeVerifier = jwtkitNode.createVerifier(secret, { algorithms: ['HS256'] });
  const fastVerify = createVerifier({ key: Buffer.from(secret), algorithms: ['HS256'] });
  rows.push({
    alg: 'HS256',
    op: `verify, ${(bigToken.length / 1024).toFixed(1)} KB token`,
    results: await race(
      {
        'jwtkit (node)': () => nodeVerifier(bigToken),
        'fast-jwt': () => fastVerify(bigToken),
        ...(rust ? { '@node-rs': () => rust.verifySync(bigToken, Buffer.from(secret), { algorithms: ['HS256'] }) } : {}),
        jose: () => jose.jwtVerify(bigToken, secret, { algorithms: ['HS256'] }),
      },
      SETTINGS,
    ),
  });

  // RS256 through a JWK set of 1 and of 100 keys, looked up by kid (the identity-provider case).
  for (const size of [1, 100]) {
    const pairs = Array.from({ length: size }, () => pemPair('RS256'));
    const jwks = {
      keys: await Promise.all(pairs.map(async ({ publicKey }, i) => ({ ...(await jose.exportJWK(createPublicKey(publicKey))), kid: `k${i}`, alg: 'RS256' }))),
    };
    const kid = `k${size - 1}`;
    const jwksToken = await jwtkitNode.sign(PAYLOAD, pairs[size - 1]!.privateKey, { alg: 'RS256', kid });
    const nodeJwks = jwtkitNode.createVerifier(jwtkitNode.createLocalJwks(jwks as never), { algorithms: ['RS256'] });
    const joseJwks = jose.createLocalJWKSet(jwks as jose.JSONWebKeySet);
    const pemByKid = new Map(pairs.map(({ publicKey }, i) => [`k${i}`, publicKey]));
    const fastJwks = createVerifier({ key: async (decoded: { header: Record<string, string> }) => pemByKid.get(decoded.header.kid!)!, algorithms: ['RS256'] });
    rows.push({
      alg: 'RS256',
      op: `verify, ${size}-key JWK set`,
      results: await race(
        {
          'jwtkit (node)': () => nodeJwks(jwksToken),
          'fast-jwt': () => fastJwks(jwksToken),
          jose: () => jose.jwtVerify(jwksToken, joseJwks, { algorithms: ['RS256'] }),
        },
        SETTINGS,
      ),
    });
  }

  // ES256 with a PEM key seen for the first time at each call: parse, import, verify. 300 keys, more than jwtkit's 256-entry key cache.
  const fresh = Array.from({ length: 300 }, () => {
    const { privateKey, publicKey } = pemPair('ES256');
    return { privateKey, publicKey };
  });
  const freshTokens = await Promise.all(fresh.map(({ privateKey }) => jwtkitNode.sign(PAYLOAD, privateKey, { alg: 'ES256' })));
  const pairAt = (next: () => number) => () => {
    const i = next();
    return { token: freshTokens[i]!, pem: fresh[i]!.publicKey };
  };
  const indexes = Array.from({ length: fresh.length }, (_, i) => i);
  // Each contender walks the keys on its own, so every call of every contender meets a key it has not seen for 299 calls.
  const next = {
    node: pairAt(cycle(indexes)),
    fast: pairAt(cycle(indexes)),
    rust: pairAt(cycle(indexes)),
    jose: pairAt(cycle(indexes)),
    jsonwebtoken: pairAt(cycle(indexes)),
  };
  rows.push({
    alg: 'ES256',
    op: 'verify, new PEM key each call',
    results: await race(
      {
        'jwtkit (node)': () => {
          const { token, pem } = next.node();
          return jwtkitNode.verify(token, pem, { algorithms: ['ES256'] });
        },
        'fast-jwt': () => {
          const { token, pem } = next.fast();
          return createVerifier({ key: pem, algorithms: ['ES256'] })(token);
        },
        ...(rust
          ? {
              '@node-rs': () => {
                const { token, pem } = next.rust();
                return rust.verifySync(token, pem, { algorithms: ['ES256'] });
              },
            }
          : {}),
        jose: async () => {
          const { token, pem } = next.jose();
          return jose.jwtVerify(token, await jose.importSPKI(pem, 'ES256'), { algorithms: ['ES256'] });
        },
        jsonwebtoken: () => {
          const { token, pem } = next.jsonwebtoken();
          return jsonwebtoken.verify(token, pem, { algorithms: ['ES256'] });
        },
      },
      SETTINGS,
    ),
  });
  return rows;
}

const COLUMNS = ['jwtkit (node)', 'jwtkit (webcrypto)', 'fast-jwt', '@node-rs', 'jose', 'jsonwebtoken', 'raw node:crypto', 'raw WebCrypto'];
const RATIOS = [
  ['node/fast-jwt', 'jwtkit (node)', 'fast-jwt'],
  ['node/@node-rs', 'jwtkit (node)', '@node-rs'],
  ['node/raw node', 'jwtkit (node)', 'raw node:crypto'],
  ['web/raw web', 'jwtkit (webcrypto)', 'raw WebCrypto'],
  ['web/jose', 'jwtkit (webcrypto)', 'jose'],
] as const;

const heading = [
  `jwtkit bench: ${quick ? 'quick' : 'full'} run, ${SETTINGS.rounds} interleaved rounds of ${SETTINGS.roundMs} ms per contender; ops/s (median).`,
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${new Date().toISOString().slice(0, 10)}`,
  rust ? '' : '@node-rs/jsonwebtoken is not installed (`npm ci --prefix bench`, Linux x64 only): its column is empty.',
]
  .filter(Boolean)
  .join('\n');
console.log(`${heading}\n`);
const rows: Row[] = [];
for (const alg of ALGS) {
  rows.push(...(await benchAlg(alg)));
  process.stderr.write(`  ${alg} done\n`);
}
if (onlyIndex < 0) {
  rows.push(...(await growthRows()));
  process.stderr.write('  growth rows done\n');
}
let output = `${heading}\n\n## Node\n\n${table(rows, COLUMNS, RATIOS)}\n`;
console.log(`## Node\n\n${table(rows, COLUMNS, RATIOS)}\n`);
if (JWE.length > 0) {
  const jwe = `## JWE (Node)\n\n${jweTable(await jweRows(JWE, jwtkitNode, jwtkitWeb, SETTINGS))}\n`;
  console.log(jwe);
  output += `\n${jwe}`;
}
if (!args.includes('--no-browser') && ALGS.length > 0) {
  const browser = await browserTable(ALGS, SETTINGS);
  console.log(browser);
  output += `\n${browser}\n`;
}
if (save) {
  const command = `npm run bench${args.length > 1 ? ` -- ${args.filter((arg) => arg !== '--save').join(' ')}` : ''}`;
  writeFileSync(new URL('RESULTS.md', import.meta.url), `# Benchmark results\n\nOne run of \`${command}\`, as printed:\n\n${output}`);
}
