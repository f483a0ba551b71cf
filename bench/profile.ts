/**
 * `npm run bench:profile -- ALG OP [--browser]` (OP: sign or verify): where jwtkit's time goes.
 * Runs jwtkit's `createSigner` / `createVerifier` for 2 s under V8's sampling profiler — in this
 * Node process on the node:crypto build, or with `--browser` inside headless Chromium on the
 * WebCrypto build (through the DevTools protocol) — and prints the functions with the most self
 * time, and the same grouped by file. The evidence behind "where the time goes" in
 * docs/performance.md.
 */
import { Session } from 'node:inspector/promises';
import type * as Jwtkit from '../src/index.js';
import { withBrowserPage } from './browser.js';
import { type BenchAlg, keyMaterial } from './keys.js';
import { measure } from './race.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
}

const [alg, op] = process.argv.slice(2) as [BenchAlg, 'sign' | 'verify'];
const inBrowser = process.argv.includes('--browser');
if (!alg || (op !== 'sign' && op !== 'verify')) throw new Error('usage: npm run bench:profile -- ALG sign|verify [--browser]');
const MS = 2000;
const PAYLOAD = { sub: '1234567890', name: 'John Doe', admin: true, iat: 1_700_000_000, exp: 4_000_000_000 };

/** Self samples by function and by file, as percentages of all samples. */
function summarize(profile: Profile): string {
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const { callFrame, hitCount = 0 } of profile.nodes) {
    const file = callFrame.url.replace(/^.*\/(dist|src|node_modules)\//, '$1/') || '(native)';
    const name = `${callFrame.functionName || '(anonymous)'}  ${file}:${callFrame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hitCount);
    byFile.set(file, (byFile.get(file) ?? 0) + hitCount);
  }
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, hits]) => `  ${((100 * hits) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return `self time by function (top 25):\n${top(byFunction, 25)}\n\nby file:\n${top(byFile, 10)}`;
}

async function profileNode(): Promise<{ opsPerSecond: number; profile: Profile }> {
  const jwtkit = (await import('../dist/node.js' as string)) as typeof Jwtkit;
  const keys = keyMaterial(alg);
  const signer = jwtkit.createSigner(await jwtkit.importKey(keys.signKey, alg), { alg, iat: false });
  const verifier = jwtkit.createVerifier(await jwtkit.importKey(keys.verifyKey, alg), { algorithms: [alg] });
  const token = await signer(PAYLOAD);
  const run = op === 'sign' ? () => signer(PAYLOAD) : () => verifier(token);
  await measure(run, 500); // warm-up: profile the optimized code
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const opsPerSecond = await measure(run, MS);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return { opsPerSecond, profile: profile as Profile };
}

async function profileBrowser(): Promise<{ opsPerSecond: number; profile: Profile }> {
  const material = keyMaterial(alg);
  const form = (key: string | Uint8Array) => (typeof key === 'string' ? key : [...key]);
  const keys = { alg, signKey: form(material.signKey), verifyKey: form(material.verifyKey) };
  type Loop = { runLoop(keys: unknown, op: string, ms: number): Promise<number> };
  const result = await withBrowserPage(async (page) => {
    const loop = (ms: number) => page.evaluate(([k, o, m]) => (globalThis as unknown as Loop).runLoop(k, o, m), [keys, op, ms] as const);
    await loop(500); // warm-up
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const opsPerSecond = await loop(MS);
    const { profile } = await cdp.send('Profiler.stop');
    return { opsPerSecond, profile: profile as unknown as Profile };
  });
  if (typeof result === 'string') throw new Error(result);
  return result;
}

const { opsPerSecond, profile } = inBrowser ? await profileBrowser() : await profileNode();
console.log(
  `${alg} ${op}, jwtkit ${inBrowser ? 'WebCrypto build in Chromium' : 'node:crypto build on Node ' + process.version}: ` +
    `${Math.round(opsPerSecond).toLocaleString('en')} ops/s under the profiler\n`,
);
console.log(summarize(profile));
