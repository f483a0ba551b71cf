import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm test` on a machine without redis-server, nginx and chromium (simulated here with
 * JWTKIT_EXECUTABLE_PATH pointing at an empty folder): the tests that need them skip and the run
 * says so in one line; with CI set the run fails naming them. One service test file, node project
 * only, run as a child vitest: a few seconds, once (not per build).
 */

const root = fileURLToPath(new URL('../', import.meta.url));
const empty = mkdtempSync(join(tmpdir(), 'jwtkit-no-services-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

/** Runs vitest on test/stores/redis.test.ts with the programs hidden; resolves its exit code and output. */
function runWithoutServices(ci: boolean): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, JWTKIT_EXECUTABLE_PATH: empty, NO_COLOR: '1' };
  if (ci) env.CI = 'true';
  const vitest = join(root, 'node_modules/vitest/vitest.mjs');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', 'test/stores/redis.test.ts', '--project', 'node'], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.runIf(process.env.JWTKIT_BACKEND === 'node')('a machine without redis-server, nginx and chromium', () => {
  it('skips the tests that need them, passes, and says in one line what was skipped and how to run it', async () => {
    const { code, output } = await runWithoutServices(false);
    expect(code, output).toBe(0);
    expect(output).toMatch(/skipped/);
    const lines = output.split('\n').filter((line) => line.includes('apt-get install'));
    expect(lines).toEqual([
      'Skipped the tests that need redis-server, nginx and chromium (test/stores/redis.test.ts, test/e2e/): ' +
        'apt-get install redis-server nginx chromium, then npm test again.',
    ]);
  });

  it('with CI=true, fails the run naming the missing programs', async () => {
    const { code, output } = await runWithoutServices(true);
    expect(code).toBe(1);
    expect(output).toContain('CI is set, so redis-server, nginx and chromium must be installed');
    expect(output).not.toMatch(/Tests\s+\d+ passed/);
  });
});
