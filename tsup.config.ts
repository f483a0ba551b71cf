import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { type Options, defineConfig } from 'tsup';
import { nodeVariant } from './build/node-variants.js';

/**
 * Two builds of the core, differing only in the modules with a `*.node.ts` twin
 * (build/node-variants.ts):
 * - dist/index.{js,cjs}: WebCrypto, for browsers, Deno, Bun, Workers, Vercel Edge (the default);
 * - dist/node.{js,cjs}: node:crypto, picked by the package's `node` export condition.
 * Subpaths (dist/sessions.*, dist/stores/redis.*) and the command line (dist/cli.js) are built once: they import the core by the package's name, so
 * each runtime's export conditions give them the same core build the app gets.
 * The type declarations are the same for both builds and are emitted once.
 */
const nodeVariants: Plugin = {
  name: 'jwtkit-node-variants',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const twin = nodeVariant(args.path, args.resolveDir);
      return twin === undefined ? undefined : { path: twin };
    });
  },
};

const coreEntry = fileURLToPath(new URL('src/index.ts', import.meta.url));
const subpathSources = ['src/sessions/', 'src/stores/', 'src/client/', 'src/cli/'].map((folder) => fileURLToPath(new URL(folder, import.meta.url)));

/**
 * Subpath entries (jwtkit/sessions, jwtkit/stores/redis) reach the core through '../index.js'. In the build that import
 * becomes the package's own name, so dist/sessions.* load the core instead of carrying a second
 * copy of it: one Key class, one JwtError class, one key cache.
 */
const coreAsPackage: Plugin = {
  name: 'core-as-package',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!subpathSources.some((folder) => args.importer.startsWith(folder))) return undefined;
      const target = resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
      return target === coreEntry ? { path: 'jwtkit', external: true } : undefined;
    });
  },
};

// No shared chunks: a subpath inlines the few util functions it uses (no error classes: those it takes from 'jwtkit'),
// so it never loads a chunk of the web build next to the node build.
const shared: Options = { format: ['esm', 'cjs'], splitting: false, sourcemap: false, target: 'es2022', treeshake: true };

export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      sessions: 'src/sessions/index.ts',
      'sessions/express': 'src/sessions/express-request.ts',
      'stores/redis': 'src/stores/redis.ts',
      client: 'src/client/index.ts',
    },
    dts: true,
    clean: true,
    esbuildPlugins: [coreAsPackage],
  },
  { ...shared, entry: { node: 'src/index.ts' }, dts: false, platform: 'node', removeNodeProtocol: false, esbuildPlugins: [nodeVariants] },
  // The `jwtkit` command line (package.json `bin`): Node only, ESM, and it loads the core by the package's name,
  // so it runs on the node:crypto build users get from `import 'jwtkit'`.
  {
    ...shared,
    format: ['esm'],
    entry: { cli: 'src/cli/main.ts' },
    dts: false,
    platform: 'node',
    removeNodeProtocol: false,
    banner: { js: '#!/usr/bin/env node' },
    esbuildPlugins: [coreAsPackage],
  },
]);
