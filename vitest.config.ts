import { dirname } from 'node:path';
import type { Plugin } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';
import { nodeVariant } from './build/node-variants.js';

/**
 * The whole suite runs twice, once per build: `web` (WebCrypto, what browsers and edge runtimes
 * get) and `node` (node:crypto and Buffer, what the package's `node` condition gets). The node
 * project swaps in the `*.node.ts` twins exactly as the Node build does (build/node-variants.ts).
 */
const nodeVariants: Plugin = {
  name: 'jwtkit-node-variants',
  enforce: 'pre',
  resolveId(source, importer) {
    return importer === undefined ? undefined : nodeVariant(source, dirname(importer));
  },
};

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // One line when redis-server or nginx is missing (their tests skip), or a failure with CI set: test/services.ts.
    globalSetup: ['test/services.setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'web', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/e2e/**'], env: { JWTKIT_BACKEND: 'web' } },
      },
      {
        extends: true,
        plugins: [nodeVariants],
        test: { name: 'node', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/e2e/**'], env: { JWTKIT_BACKEND: 'node' } },
      },
      // The production layout (real redis-server, nginx and app processes): once, after the others, one file at a time.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], sequence: { groupOrder: 1 }, fileParallelism: false, hookTimeout: 60_000 } },
    ],
  },
});
