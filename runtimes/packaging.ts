/**
 * Checks of the packed tarball itself: publint and @arethetypeswrong/cli find nothing, `npx jwtkit` runs, the
 * WebCrypto build never names Node's globals or modules, `sideEffects: false`, tree-shaking, and
 * the size budget (printed next to jose's equivalent).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import type { Check } from './harness/conformance.mjs';
import { ROOT, RUNTIMES_DIR, run } from './exec.js';

import { SIZE_BUDGET_BYTES, SIZE_TARGET_BYTES } from '../build/size-budget.js';

export { SIZE_BUDGET_BYTES, SIZE_TARGET_BYTES };

/** What the WebCrypto build must never reference: it runs where none of these exist. */
const NODE_ONLY = /\bnode:[a-z_]+|\bBuffer\b|\bprocess\b/;

/**
 * Strings that only jwtkit's crypto code holds: WebCrypto calls (`subtle`), the WebCrypto algorithm
 * names of the alg table, and an ASN.1 object identifier of the key parser (rsaEncryption).
 */
const CRYPTO_MARKERS = ['subtle', 'RSASSA-PKCS1-v1_5', 'ECDSA', '2a864886f70d010101'];

export interface Sizes {
  jwtkit: number;
  jose: number;
}

/** Runs the packaging checks against `tarball`, installed in scratch project `dir`. */
export async function packagingChecks(tarball: string, dir: string): Promise<{ checks: Check[]; sizes?: Sizes }> {
  const installed = join(dir, 'node_modules', 'jwtkit');
  const checks: Check[] = [];
  const check = async (name: string, body: () => Promise<string | undefined>): Promise<void> => {
    try {
      const problem = await body();
      checks.push(problem === undefined ? { name, ok: true } : { name, ok: false, detail: problem });
    } catch (error) {
      checks.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error) });
    }
  };

  await check('publint reports nothing (suggestions included)', async () => {
    const { messages, pkg } = await publint({ pack: { tarball: new Uint8Array(readFileSync(tarball)).buffer }, level: 'suggestion', strict: true });
    return messages.length === 0 ? undefined : messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`).join('\n');
  });

  await check('@arethetypeswrong/cli reports nothing (node10, node16 CJS and ESM, bundler)', async () => {
    await run(join(RUNTIMES_DIR, 'node_modules', '.bin', 'attw'), [tarball, '--format', 'ascii', '--no-color'], { cwd: dir, timeoutMs: 120_000 });
    return undefined;
  });

  await check('npx jwtkit --help and --version work in a project that installed the tarball (package.json bin)', async () => {
    const npx = { cwd: dir, timeoutMs: 60_000, env: { NO_COLOR: '1' } };
    const help = await run('npx', ['--no-install', 'jwtkit', '--help'], npx);
    const version = await run('npx', ['--no-install', 'jwtkit', '--version'], npx);
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
    if (!/^Usage: jwtkit <command>/.test(help.stdout) || !help.stdout.includes('  verify ')) return `npx jwtkit --help printed:\n${help.stdout}${help.stderr}`;
    return version.stdout.trim() === pkg.version ? undefined : `npx jwtkit --version printed "${version.stdout.trim()}", not ${pkg.version}`;
  });

  await check('package.json says sideEffects: false', async () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { sideEffects?: unknown };
    return pkg.sideEffects === false ? undefined : `sideEffects is ${JSON.stringify(pkg.sideEffects)}`;
  });

  await check('the WebCrypto build (dist/index.js, dist/index.cjs, a browser bundle) never references node:*, Buffer or process', async () => {
    const browserBundle = (await bundle("export * from 'jwtkit';", dir, { minify: false })).text;
    const files = {
      'dist/index.js': readFileSync(join(installed, 'dist/index.js'), 'utf8'),
      'dist/index.cjs': readFileSync(join(installed, 'dist/index.cjs'), 'utf8'),
      'browser bundle': browserBundle,
    };
    const found = Object.entries(files).flatMap(([file, text]) => {
      const match = NODE_ONLY.exec(text);
      return match ? [`${file}: "${match[0]}" in …${text.slice(Math.max(0, match.index - 40), match.index + 40)}…`] : [];
    });
    return found.length === 0 ? undefined : found.join('\n');
  });

  let sizes: Sizes | undefined;
  await check(`size: import { sign, verify, decode } from 'jwtkit' is at most ${SIZE_BUDGET_BYTES} B minified and gzipped`, async () => {
    const jwtkit = await bundle("export { sign, verify, decode } from 'jwtkit';", dir);
    const jose = await bundle("export { SignJWT, jwtVerify, decodeJwt } from 'jose';", ROOT);
    sizes = { jwtkit: jwtkit.gzipped, jose: jose.gzipped };
    if (jwtkit.gzipped > SIZE_TARGET_BYTES)
      console.log(`  ! size: ${jwtkit.gzipped} B is over the ${SIZE_TARGET_BYTES} B target (enforced ceiling ${SIZE_BUDGET_BYTES} B)`);
    if (jwtkit.gzipped <= SIZE_BUDGET_BYTES) return undefined;
    return `${jwtkit.gzipped} B is over the budget of ${SIZE_BUDGET_BYTES} B; the largest modules (minified bytes, before gzip):\n${await largestModules()}`;
  });

  await check("tree-shaking: import { decode } from 'jwtkit' bundles no crypto code", async () => {
    const { text, gzipped } = await bundle("export { decode } from 'jwtkit';", dir);
    const found = CRYPTO_MARKERS.filter((marker) => text.includes(marker));
    if (found.length === 0) return undefined;
    const markers = found.map((marker) => `"${marker}"`).join(', ');
    const largest = await largestModules('decode');
    return `the decode-only bundle (${gzipped} B gzipped) contains ${markers}; the same import bundled from src/ keeps only:\n${largest}`;
  });

  return { checks, ...(sizes ? { sizes } : {}) };
}

/** Bundles `source` for the browser as an application would (esbuild, minified), and gzips it (level 9). */
async function bundle(source: string, resolveDir: string, options: { minify?: boolean } = {}): Promise<{ text: string; gzipped: number; metafile: Metafile }> {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'js' },
    bundle: true,
    minify: options.minify ?? true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]!.text;
  return { text, gzipped: gzipSync(text, { level: 9 }).length, metafile: result.metafile };
}

/**
 * Where the bytes come from: the same bundle built from src/ (dist/ is one file per build, so only
 * the sources can say which module costs what), largest first.
 */
async function largestModules(names = 'sign, verify, decode', count = 8): Promise<string> {
  const { metafile } = await bundle(`export { ${names} } from './src/index.ts';`, ROOT);
  const output = Object.values(metafile.outputs)[0]!;
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, count)
    .map(([file, input]) => `  ${String(input.bytesInOutput).padStart(6)}  ${file}`)
    .join('\n');
}
