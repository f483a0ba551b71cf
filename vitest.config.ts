import { defineConfig } from 'vitest/config';

/**
 * The whole suite runs twice, once per crypto backend: `web` (WebCrypto, what browsers and edge
 * runtimes get) and `node` (node:crypto, what the package's `node` condition gets). The node
 * project swaps src/backend/index.ts for index.node.ts, exactly as the Node build does.
 */
const nodeBackend = { find: /^(.*\/backend)\/index\.js$/, replacement: '$1/index.node.ts' };

export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'web', include: ['test/**/*.test.ts'], env: { JWTKIT_BACKEND: 'web' } } },
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], env: { JWTKIT_BACKEND: 'node' } }, resolve: { alias: [nodeBackend] } },
    ],
  },
});
