import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

const coreEntry = fileURLToPath(new URL('src/index.ts', import.meta.url));
const subpathSources = fileURLToPath(new URL('src/sessions/', import.meta.url));

/**
 * Subpath entries (jwtkit/sessions) reach the core through '../index.js'. In the build that import
 * becomes the package's own name, so dist/sessions.* load dist/index.* instead of carrying a second
 * copy of the core: one Key class, one JwtError class, one key cache.
 */
const coreAsPackage: Plugin = {
  name: 'core-as-package',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(subpathSources)) return undefined;
      const target = resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
      return target === coreEntry ? { path: 'jwtkit', external: true } : undefined;
    });
  },
};

export default defineConfig({
  entry: { index: 'src/index.ts', sessions: 'src/sessions/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'es2022',
  treeshake: true,
  esbuildPlugins: [coreAsPackage],
});
