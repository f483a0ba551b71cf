import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * The package as users load it: `npm test` builds dist/ first (tsup), then these tests load the
 * built ESM and CJS entries through package.json's `exports`, by package name.
 */

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const require = createRequire(new URL('package.json', root));

describe('package', () => {
  it('has no runtime dependencies', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('ships ESM, CJS and type declarations for both', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/node.js', 'dist/node.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
      expect(existsSync(new URL(file, root)), `${file} (run npm run build)`).toBe(true);
    }
  });

  it('works through require("jwtkit") (CJS)', async () => {
    const jwtkit = require('jwtkit');
    const secret = 'a'.repeat(32);
    const token = await jwtkit.sign({ sub: 'cjs' }, secret);
    expect((await jwtkit.verify(token, secret)).payload.sub).toBe('cjs');
    expect(new jwtkit.JwtError('ERR_KEY', 'x').code).toBe('ERR_KEY');
  });

  it('works through import("jwtkit") (ESM)', async () => {
    const name = 'jwtkit'; // a variable, so type-checking does not need dist/ to exist yet
    const jwtkit = await import(name);
    const secret = 'b'.repeat(32);
    const token = await jwtkit.sign({ sub: 'esm' }, secret);
    expect((await jwtkit.verify(token, secret)).payload.sub).toBe('esm');
    expect(jwtkit.decode(token).header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('gives Node the node:crypto build, through require and import', async () => {
    expect(require('jwtkit').cryptoBackend).toBe('node');
    const name = 'jwtkit';
    expect((await import(name)).cryptoBackend).toBe('node');
  });

  it('keeps node:crypto out of the WebCrypto build and WebCrypto out of the Node build', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs']) {
      expect(readFileSync(new URL(file, root), 'utf8')).not.toMatch(/node:|\bBuffer\b/);
    }
    for (const file of ['dist/node.js', 'dist/node.cjs']) {
      expect(readFileSync(new URL(file, root), 'utf8')).not.toMatch(/\bsubtle\b/);
    }
  });
});
