import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The compile-time tests (`expectTypeOf`, `@ts-expect-error`) are compiled by `npm test`, not only
 * by `npm run typecheck`: vitest runs test files without type-checking them, so a type test that
 * no longer holds (an interface refused by createSessions, `req.auth` gone, a code that stops
 * narrowing) would pass here unseen. One tsc run over every test file that has such checks.
 */

const root = new URL('../', import.meta.url).pathname;
const dir = join(root, 'node_modules/.cache/jwtkit-type-tests');

/** Test files with compile-time checks. */
function typeTestFiles(): string[] {
  const files = (readdirSync(join(root, 'test'), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(root, 'test', file));
  return files.filter((file) => /\bexpectTypeOf\b|@ts-expect-error/.test(readFileSync(file, 'utf8')));
}

describe.runIf(process.env.JWTKIT_BACKEND === 'web')('type tests', () => {
  it('every test file with expectTypeOf or @ts-expect-error compiles (one tsc run, with a control that must fail)', () => {
    const files = typeTestFiles();
    expect(files.map((file) => relative(root, file))).toEqual(
      expect.arrayContaining(['test/sessions/types.test.ts', 'test/sessions/express-types.test.ts', 'test/errors.test.ts']),
    );
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // A deliberate type error: proves the run reports what it finds.
    writeFileSync(join(dir, 'control.ts'), "export const control: number = 'not a number';\n");
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(root, 'tsconfig.test.json'), include: [], files: [...files, join(dir, 'control.ts')] }),
    );
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
      encoding: 'utf8',
    });
    const errors = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors.filter((line) => line.includes('control.ts'))).toHaveLength(1);
    expect(errors.filter((line) => !line.includes('control.ts'))).toEqual([]);
  }, 180_000);
});
