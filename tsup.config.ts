import type { Plugin } from 'esbuild';
import { type Options, defineConfig } from 'tsup';
import { nodeVariant } from './build/node-variants.js';

/**
 * Two builds of the same source, differing only in the modules with a `*.node.ts` twin
 * (build/node-variants.ts):
 * - dist/index.{js,cjs}: WebCrypto, for browsers, Deno, Bun, Workers, Vercel Edge (the default);
 * - dist/node.{js,cjs}: node:crypto, picked by the package's `node` export condition.
 * The type declarations are the same for both and are emitted once.
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

const shared: Options = { format: ['esm', 'cjs'], sourcemap: false, target: 'es2022', treeshake: true };

export default defineConfig([
  { ...shared, entry: { index: 'src/index.ts' }, dts: true, clean: true },
  { ...shared, entry: { node: 'src/index.ts' }, dts: false, platform: 'node', removeNodeProtocol: false, esbuildPlugins: [nodeVariants] },
]);
