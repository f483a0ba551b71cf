/**
 * The runtime matrix: packs jwtkit, installs the tarball into a scratch project per runtime, runs
 * the shared conformance checks on each runtime and the packaging checks on the tarball, and
 * prints one line per runtime, every failed check (named by runtime and check), and the sizes.
 *
 *   npm run test:runtimes                   # everything
 *   npm run test:runtimes -- deno           # one runtime (names below; `node22` = node22-esm + node22-cjs)
 *   npm run test:runtimes -- packaging bun  # several
 *
 * The runtimes and tools come from runtimes/package.json (`npm ci --prefix runtimes`, run here
 * when runtimes/node_modules is missing); Chromium is Debian's /usr/bin/chromium.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUNTIMES_DIR, run } from './exec.js';

const PACKAGING = 'packaging';

interface Outcome {
  target: string;
  version: string;
  backend: string;
  /** Whether the runtime has ML-DSA (its checks differ by it); '-' where nothing ran. */
  mlDsa: string;
  passed: number;
  total: number;
  failures: string[];
}

async function main(): Promise<number> {
  await installRuntimesIfMissing();
  // Loaded only now: they import the packages runtimes/ installs.
  const { TARGETS, EXPECTED_BACKEND } = await import('./targets.js');
  const { packagingChecks, SIZE_BUDGET_BYTES, SIZE_TARGET_BYTES } = await import('./packaging.js');
  const { makeFixtures, fixturesModule } = await import('./fixtures.js');
  const { packTarball, scratchProject } = await import('./scratch.js');

  const names = [...TARGETS.map((target) => target.name), PACKAGING];
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((word) => !names.some((name) => name === word || name.startsWith(`${word}-`)));
  if (unknown.length > 0) {
    console.error(`unknown runtime ${unknown.join(', ')}; choose from: ${names.join(', ')} (or node20, node22, node24)`);
    return 2;
  }
  const selected = (name: string): boolean => wanted.length === 0 || wanted.some((word) => name === word || name.startsWith(`${word}-`));

  const base = mkdtempSync(join(tmpdir(), 'jwtkit-runtimes-'));
  const started = Date.now();
  console.log(`packing jwtkit (npm pack) into ${base}`);
  const tarball = await packTarball(base);
  const fixtures = fixturesModule(makeFixtures());
  const projects = new Map<string, Promise<string>>();
  const project = (name: string): Promise<string> => {
    if (!projects.has(name)) projects.set(name, scratchProject(base, name, tarball, fixtures));
    return projects.get(name)!;
  };

  const outcomes: Outcome[] = [];
  for (const target of TARGETS.filter((t) => selected(t.name))) {
    const expected = EXPECTED_BACKEND[target.name];
    const outcome: Outcome = { target: target.name, version: '?', backend: '?', mlDsa: '?', passed: 0, total: 0, failures: [] };
    try {
      outcome.version = await target.version();
      const report = await target.conform(await project(target.project));
      outcome.backend = report.backend;
      outcome.mlDsa = report.mlDsa ? 'ML-DSA' : 'no ML-DSA';
      outcome.total = report.planned + 1;
      outcome.passed = report.checks.filter((check) => check.ok).length;
      for (const check of report.checks.filter((c) => !c.ok)) outcome.failures.push(`${check.name}: ${check.detail ?? 'failed'}`);
      if (report.checks.length !== report.planned) outcome.failures.push(`the run stopped after ${report.checks.length} of ${report.planned} checks`);
      if (report.backend === expected) outcome.passed += 1;
      else outcome.failures.push(`backend: expected the ${expected} build, got ${report.backend}`);
    } catch (error) {
      outcome.failures.push(`run: ${error instanceof Error ? error.message : String(error)}`);
    }
    outcomes.push(outcome);
    printOutcome(outcome, target.how);
  }

  let sizeLine: string | undefined;
  if (selected(PACKAGING)) {
    const outcome: Outcome = { target: PACKAGING, version: 'tarball', backend: '-', mlDsa: '-', passed: 0, total: 0, failures: [] };
    try {
      const { checks, sizes } = await packagingChecks(tarball, await project(PACKAGING));
      outcome.total = checks.length;
      outcome.passed = checks.filter((check) => check.ok).length;
      for (const check of checks.filter((c) => !c.ok)) outcome.failures.push(`${check.name}: ${check.detail ?? 'failed'}`);
      if (sizes) {
        sizeLine =
          `size (sign + verify + decode, esbuild --minify for the browser, gzip -9): jwtkit ${sizes.jwtkit} B, ` +
          `jose ${sizes.jose} B (SignJWT + jwtVerify + decodeJwt); target ${SIZE_TARGET_BYTES} B, enforced ceiling ${SIZE_BUDGET_BYTES} B`;
      }
    } catch (error) {
      outcome.failures.push(`run: ${error instanceof Error ? error.message : String(error)}`);
    }
    outcomes.push(outcome);
    printOutcome(outcome, 'publint, @arethetypeswrong/cli, npx jwtkit, Node-free WebCrypto build, sideEffects, size, tree-shaking');
  }

  const failed = outcomes.filter((outcome) => outcome.failures.length > 0);
  if (sizeLine) console.log(`\n${sizeLine}`);
  if (failed.length > 0) {
    console.log('\nFailures:');
    for (const outcome of failed) for (const failure of outcome.failures) console.log(`✗ ${outcome.target} › ${indent(failure)}`);
    console.log(`\nscratch projects kept for a look: ${base}`);
  } else {
    rmSync(base, { recursive: true, force: true });
  }
  console.log(`\n(${Math.round((Date.now() - started) / 1000)} s)`);
  console.log(`runtimes: ${outcomes.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0 ? 0 : 1;
}

function printOutcome(outcome: Outcome, how: string): void {
  const mark = outcome.failures.length === 0 ? '✓' : '✗';
  console.log(
    `${mark} ${outcome.target.padEnd(13)} ${outcome.version.padEnd(28)} ${outcome.backend.padEnd(9)} ${outcome.mlDsa.padEnd(9)} ` +
      `${outcome.passed}/${outcome.total} checks  (${how})`,
  );
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n    ');
}

/** A fresh checkout has no runtimes yet: install them from runtimes/package-lock.json. */
async function installRuntimesIfMissing(): Promise<void> {
  if (existsSync(join(RUNTIMES_DIR, 'node_modules', '.package-lock.json'))) return;
  console.log('installing the runtimes (npm ci --prefix runtimes)…');
  await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: RUNTIMES_DIR, timeoutMs: 600_000 });
}

process.exitCode = await main();
