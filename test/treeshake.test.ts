import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { SIZE_BUDGET_BYTES } from '../build/size-budget.js';

/**
 * The built ESM entry (dist/, made by `npm test`) as a bundler sees it: `import { sign, verify,
 * decode }` stays under the size ceiling (build/size-budget.ts) and leaves out key generation and
 * export, thumbprints and JWK sets.
 */

const root = fileURLToPath(new URL('../', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** What an app importing `names` from jwtkit (or `from`) ships: bundled, tree-shaken and minified by esbuild. */
async function bundle(names: string[], from = JSON.stringify(entry)): Promise<string> {
  const result = await build({
    stdin: { contents: `export { ${names.join(', ')} } from ${from};`, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Text only each feature's code contains. */
const MARKERS: [feature: string, exportName: string, marker: string][] = [
  ['remote JWK sets', 'createRemoteJwks', 'jwtkit:jwks:'],
  ['local JWK sets', 'createLocalJwks', 'not a JWK set'],
  ['JWK set errors', 'JwksFetchError', 'ERR_JWKS_FETCH'],
  ['thumbprints', 'thumbprintUri', 'jwk-thumbprint'],
  ['key generation', 'generateKeyPair', 'modulusLength must be'],
  ['key export', 'exportPem', 'is not extractable'],
  ['JWS JSON verification', 'verifyJwsJson', 'its signatures only in'],
  ['JWS JSON signing', 'signJwsJson', 'exactly one signer'],
  ['protected headers of any JOSE object', 'decodeProtectedHeader', 'a compact JWS has 3'],
  ['unencoded payloads (RFC 7797)', 'signJws', 'use detached: true'],
  ['crit extensions (a JWS)', 'verifyJws', 'only when "crit" lists it'],
  ['JWE decryption', 'decrypt', 'Bleichenbacher'],
  ['JWE encryption', 'encryptJwe', 'p2c must be'],
  ['JWE primitives', 'decryptJwe', 'deflate-raw'],
];

describe('tree-shaking', () => {
  it.each(MARKERS)('%s: %s brings its code in (so the check below can see it)', async (_feature, name, marker) => {
    expect(await bundle([name])).toContain(marker);
  });

  it('import { sign, verify, decode } leaves every one of them out', async () => {
    const code = await bundle(['sign', 'verify', 'decode']);
    for (const [, , marker] of MARKERS) expect(code).not.toContain(marker);
  });

  // The runtime matrix checks the same figure on the installed tarball (runtimes/packaging.ts).
  it(`import { sign, verify, decode } is at most ${SIZE_BUDGET_BYTES} B minified and gzipped`, async () => {
    const gzipped = gzipSync(await bundle(['sign', 'verify', 'decode']), { level: 9 }).length;
    expect(gzipped, `${gzipped} B: a change made sign/verify/decode bigger; see build/size-budget.ts`).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
  });

  // Measured and printed, not asserted: what reading an encrypted JWT costs next to jose.
  it('decrypt alone, measured beside jose compactDecrypt + jwtDecrypt', async () => {
    const gzipped = async (code: Promise<string>) => gzipSync(await code).length;
    const ours = await gzipped(bundle(['decrypt']));
    const jose = await gzipped(bundle(['compactDecrypt', 'jwtDecrypt'], '"jose"'));
    console.log(`decrypt bundle: jwtkit ${ours} B gzipped, jose compactDecrypt+jwtDecrypt ${jose} B gzipped`);
    expect(ours).toBeGreaterThan(0);
  });

  // Measured and printed (docs/runtimes.md): importKey takes JWE algs too, so it carries the JWE key rules.
  it('importKey + verify, measured', async () => {
    const gzipped = gzipSync(await bundle(['importKey', 'verify']), { level: 9 }).length;
    console.log(`importKey + verify bundle: jwtkit ${gzipped} B gzipped`);
    expect(gzipped).toBeGreaterThan(0);
  });
});
