/**
 * Which jwtkit build is faster on this runtime: node:crypto (dist/node.js) or WebCrypto
 * (dist/index.js), for HS256 and ES256 sign + verify. A measurement to decide the package's
 * `bun` and `deno` export conditions, not a test: run it with `npm run bench:backends`, which
 * builds dist/ and runs this file on Bun, Deno and Node (all three run TypeScript here).
 *
 * Both builds are imported by file path (not through `exports`), so each runtime runs both. Keys
 * are made with WebCrypto and passed as PEM text, which each build imports once and caches.
 */
export {};

type Build = typeof import('../src/index.js');
type Alg = 'HS256' | 'ES256';

// By variable, so type-checking does not need dist/ to exist (both builds have the API of src/).
const NODE_BUILD = '../dist/node.js';
const WEB_BUILD = '../dist/index.js';

const ROUNDS = 5;
/** Iterations per round: enough for ~0.2–0.5 s per round on a slow shared machine. */
const ITERATIONS: Record<Alg, number> = { HS256: 4000, ES256: 800 };

function pem(type: 'PRIVATE' | 'PUBLIC', der: ArrayBuffer): string {
  const base64 = btoa(String.fromCharCode(...new Uint8Array(der)));
  return `-----BEGIN ${type} KEY-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END ${type} KEY-----\n`;
}

async function keys(): Promise<Record<Alg, { signKey: string; verifyKey: string }>> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const secret = 'a benchmark secret that is at least thirty-two bytes long';
  return {
    HS256: { signKey: secret, verifyKey: secret },
    ES256: {
      signKey: pem('PRIVATE', await crypto.subtle.exportKey('pkcs8', pair.privateKey)),
      verifyKey: pem('PUBLIC', await crypto.subtle.exportKey('spki', pair.publicKey)),
    },
  };
}

/** Microseconds per sign + verify, over `iterations` sequential operations. */
async function measure(build: Build, alg: Alg, key: { signKey: string; verifyKey: string }, iterations: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const token = await build.sign({ sub: 'bench', i }, key.signKey, { alg });
    await build.verify(token, key.verifyKey, { algorithms: [alg] });
  }
  return ((performance.now() - started) * 1000) / iterations;
}

function runtimeName(): string {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } }; process?: { version: string } };
  if (g.Bun) return `Bun ${g.Bun.version}`;
  if (g.Deno) return `Deno ${g.Deno.version.deno}`;
  return `Node ${g.process?.version ?? '?'}`;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const material = await keys();
const builds: [string, Build][] = [
  ['node:crypto', (await import(NODE_BUILD)) as Build],
  ['WebCrypto', (await import(WEB_BUILD)) as Build],
];
console.log(`${runtimeName()}: µs per sign + verify (median of ${ROUNDS} rounds; lower is faster)`);
for (const alg of ['HS256', 'ES256'] as const) {
  // Warm both builds up (key import and cache, JIT), then interleave rounds so drift hits both alike.
  for (const [, build] of builds) await measure(build, alg, material[alg], ITERATIONS[alg] / 4);
  const results = new Map<string, number[]>(builds.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, build] of builds) results.get(name)!.push(await measure(build, alg, material[alg], ITERATIONS[alg]));
  }
  const [nodeUs, webUs] = builds.map(([name]) => median(results.get(name)!)) as [number, number];
  const verdict = nodeUs < webUs ? `node:crypto ${(webUs / nodeUs).toFixed(2)}× faster` : `WebCrypto ${(nodeUs / webUs).toFixed(2)}× faster`;
  console.log(`  ${alg}: node:crypto ${nodeUs.toFixed(1)} µs, WebCrypto ${webUs.toFixed(1)} µs → ${verdict}`);
}
