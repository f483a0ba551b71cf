/**
 * The package as a user gets it: `npm pack` of the repository, installed from the tarball into a
 * fresh scratch project per runtime (in the system temp dir, so no node_modules or package.json of
 * this repository is above it), together with the shared harness and the run's fixtures.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { ROOT, RUNTIMES_DIR, run } from './exec.js';

const HARNESS_DIR = join(RUNTIMES_DIR, 'harness');

/** Packs the repository (its `prepack` builds dist/) into `dir`; returns the tarball's path. */
export async function packTarball(dir: string): Promise<string> {
  await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, timeoutMs: 120_000 });
  const tarballs = readdirSync(dir).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack left ${tarballs.length} tarballs in ${dir}`);
  return join(dir, tarballs[0]!);
}

/**
 * A scratch project with the tarball installed (`npm install <tarball>`), the harness transpiled
 * to plain JavaScript (conformance.mjs, script.mjs, script.cjs, worker.mjs, edge.mjs, browser.mjs)
 * and the fixtures module. Returns its directory.
 */
export async function scratchProject(base: string, name: string, tarball: string, fixtures: string): Promise<string> {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `scratch-${name}`, private: true, type: 'module' }, null, 2)}\n`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', '--loglevel=error', tarball], {
    cwd: dir,
    timeoutMs: 120_000,
  });
  for (const file of readdirSync(HARNESS_DIR)) {
    const match = /^(.*)\.(mts|cts)$/.exec(file);
    if (!match || file.endsWith('.d.mts')) continue;
    const format = match[2] === 'cts' ? 'cjs' : 'esm';
    const { code } = transformSync(readFileSync(join(HARNESS_DIR, file), 'utf8'), { loader: 'ts', format, target: 'es2022', sourcefile: file });
    writeFileSync(join(dir, `${match[1]}.${format === 'cjs' ? 'cjs' : 'mjs'}`), code);
  }
  writeFileSync(join(dir, 'fixtures.mjs'), fixtures);
  return dir;
}
