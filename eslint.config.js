import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'docs/api/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      // Unused arguments are allowed when they start with an underscore (callback shapes).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // noUncheckedIndexedAccess makes every indexed read optional; `!` marks the reads a bounds check guards.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // The library must run where Node's globals do not exist.
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require', '__dirname'],
    },
  },
  {
    // jwtkit/client runs in browsers only: no Node module may creep in.
    files: ['src/client/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'jwtkit/client runs in browsers' }] }] },
  },
  {
    // The runtime matrix's harness runs in browsers, workerd and edge-runtime too (runtimes/README.md).
    files: ['runtimes/harness/**/*.mts'],
    rules: { 'no-restricted-globals': ['error', 'Buffer', 'process', 'require', '__dirname'] },
  },
  {
    // The Node build's own modules (node:crypto backend, *.node.ts twins) may use Node's APIs.
    files: ['src/backend/node.ts', 'src/**/*.node.ts'],
    rules: { 'no-restricted-globals': ['error', 'process', 'require', '__dirname'] },
  },
  {
    // The `jwtkit` command line runs on Node only (package.json `bin`): it reads files, stdin, env and exit codes.
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', 'require', '__dirname'] },
  },
);
