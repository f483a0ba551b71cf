import { resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import { type Options, defineConfig } from 'tsup';

/**
 * Two builds of the same source, differing in one module (src/backend/index.ts):
 * - dist/index.{js,cjs}: WebCrypto, for browsers, Deno, Bun, Workers, Vercel Edge (the default);
 * - dist/node.{js,cjs}: node:crypto, picked by the package's `node` export condition.
 * The type declarations are the same for both and are emitted once.
 */
const nodeBackend: Plugin = {
  name: 'jwtkit-node-backend',
  setup(build) {
    build.onResolve({ filter: /\/backend\/index\.js$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path.replace(/index\.js$/, 'index.node.ts')),
    }));
  },
};

const shared: Options = { format: ['esm', 'cjs'], sourcemap: false, target: 'es2022', treeshake: true };

export default defineConfig([
  { ...shared, entry: { index: 'src/index.ts' }, dts: true, clean: true },
  { ...shared, entry: { node: 'src/index.ts' }, dts: false, platform: 'node', removeNodeProtocol: false, esbuildPlugins: [nodeBackend] },
]);
