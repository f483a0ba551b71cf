import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, each importing only from the layers above it in this list (ARCHITECTURE.md):
 *
 *   errors.ts, algorithms.ts,         leaves: errors, the JWS and JWE alg tables, pure helpers
 *   jwe-algorithms.ts, util/
 *   backend/                          the only code that calls crypto.subtle / node:crypto
 *   keys/                             key material, every key ↔ alg rule (keys/fit.ts), Key and its
 *                                     operations: the only layer that reaches backend/
 *   jws/                              JWS, knowing nothing of JWTs
 *   jwt/, jwe/                        JWT claims; JWE
 *   jwks/                             JWK sets, local and remote
 *   index.ts                          the public core entry (names the backend: cryptoBackend)
 *   sessions/, stores/, client/, cli/ built on the public API only: '../index.js', which the build
 *                                     maps to the package ('jwtkit', tsup.config.ts), so there is one
 *                                     JwtError and one Key class; plus util/ helpers, inlined, which
 *                                     hold no classes or state. stores/ may also use sessions/.
 *                                     The one exception: sessions/errors.ts, the sessions' error classes,
 *                                     is bundled with the core (index.ts exports it) and reached only
 *                                     through ../index.js, so each error is one class for both entries.
 *
 * `no-restricted-imports` below makes a wrong import a lint error; test/lint/layers.test.ts shows
 * it failing on one (or try: echo "import '../jwt/verify.js';" | npx eslint --stdin --stdin-filename src/jws/x.ts).
 */
const CORE_FOLDERS = ['backend', 'keys', 'jws', 'jwt', 'jwe', 'jwks'];
const ABOVE_CORE = ['sessions', 'stores', 'client', 'cli'];
const not = (folders) => `^\\.\\./(${folders.join('|')})/`;
const BACKEND_ONLY_FROM_KEYS = { regex: not(['backend']), message: 'only keys/ reaches the crypto backend: use Key (keys/key.ts) and keys/import.ts' };
const PUBLIC_API_ONLY = 'layers above the core import it through the public entry only (../index.js, built as jwtkit)';
// Imported directly, sessions/errors.ts would be bundled a second time into jwtkit/sessions: a second class of each error.
const SESSION_ERRORS_FROM_CORE = {
  regex: '^\\./errors\\.js$',
  message: "the sessions' errors come through ../index.js (one class for jwtkit and jwtkit/sessions)",
};

/** For each folder of src/: the imports it may not make, as regexes over the import path. */
const LAYER_RULES = [
  { files: ['src/util/**/*.ts'], patterns: [{ regex: not([...CORE_FOLDERS, ...ABOVE_CORE]), message: 'util/ is a leaf: pure helpers only' }] },
  {
    files: ['src/backend/**/*.ts'],
    patterns: [
      { regex: not([...CORE_FOLDERS.filter((folder) => folder !== 'backend'), ...ABOVE_CORE]), message: 'backend/ knows only algorithms, errors and util/' },
    ],
  },
  {
    files: ['src/keys/**/*.ts'],
    patterns: [{ regex: not(['jws', 'jwt', 'jwe', 'jwks', ...ABOVE_CORE]), message: 'keys/ is below jws/, jwt/, jwe/ and jwks/' }],
  },
  {
    files: ['src/jws/**/*.ts'],
    patterns: [BACKEND_ONLY_FROM_KEYS, { regex: not(['jwt', 'jwe', 'jwks', ...ABOVE_CORE]), message: 'jws/ knows nothing of JWTs, JWE or JWK sets' }],
  },
  // jwt/ sits on both JOSE forms: JWTs are signed (jws/) or encrypted (jwe/, encrypt/decrypt in jwt/).
  {
    files: ['src/jwt/**/*.ts'],
    patterns: [BACKEND_ONLY_FROM_KEYS, { regex: not(['jwks', ...ABOVE_CORE]), message: 'jwt/ is below jwks/ and the layers built on the public API' }],
  },
  // jwe/ calls the backend's JWE primitives (backend jweTools) until Key owns encrypt/decrypt too.
  {
    files: ['src/jwe/**/*.ts'],
    patterns: [{ regex: not(['jwt', 'jwks', ...ABOVE_CORE]), message: 'jwe/ is below jwks/ and the layers built on the public API' }],
  },
  { files: ['src/jwks/**/*.ts'], patterns: [BACKEND_ONLY_FROM_KEYS, { regex: not(ABOVE_CORE), message: 'jwks/ is below the layers built on the public API' }] },
  {
    files: ['src/*.ts'],
    ignores: ['src/index.ts'],
    patterns: [
      { regex: '^\\./(?!errors\\.js$|algorithms\\.js$|(jwks|sessions)/errors\\.js$)', message: 'errors.ts, algorithms.ts and jwe-algorithms.ts are leaves' },
      // errors.ts names every layer's error classes in the AnyJwtError union: as types, never loading those layers.
      {
        regex: '^\\./(jwks|sessions)/errors\\.js$',
        allowTypeImports: true,
        caseSensitive: true,
        message: "errors.ts takes the layers' error classes as types only (import type)",
      },
    ],
  },
  // The core entry loads none of the layers built on it, but for their error classes (sessions/errors.ts), bundled with it so both entries share one class.
  {
    files: ['src/index.ts'],
    patterns: [{ regex: '^\\./(sessions/(?!errors\\.js$)|stores/|client/|cli/)', message: 'the core entry does not load the layers built on it' }],
  },
  { files: ['src/cli/*.ts'], patterns: [{ regex: '^\\.\\./(?!index\\.js$|util/)', message: PUBLIC_API_ONLY }] },
  {
    files: ['src/sessions/*.ts'],
    ignores: ['src/sessions/errors.ts'],
    patterns: [{ regex: '^\\.\\./(?!index\\.js$|util/)', message: PUBLIC_API_ONLY }, SESSION_ERRORS_FROM_CORE],
  },
  // The sessions' errors are the core bundle's (index.ts exports them): built on the core's JwtError alone.
  {
    files: ['src/sessions/errors.ts'],
    patterns: [{ regex: '^(?!\\.\\./errors\\.js$)', message: "sessions/errors.ts is bundled with the core: it imports the core's errors.ts only" }],
  },
  // jwtkit/client runs in browsers only: no Node module may creep in either.
  {
    files: ['src/client/**/*.ts'],
    patterns: [
      { regex: '^\\.\\./(?!index\\.js$|util/)', message: PUBLIC_API_ONLY },
      { regex: '^node:', message: 'jwtkit/client runs in browsers' },
    ],
  },
  { files: ['src/cli/*/*.ts'], patterns: [{ regex: '^\\.\\./\\.\\./(?!index\\.js$|util/)', message: PUBLIC_API_ONLY }] },
  {
    files: ['src/stores/*.ts'],
    patterns: [
      { regex: '^\\.\\./(?!index\\.js$|util/|sessions/)', message: PUBLIC_API_ONLY },
      { ...SESSION_ERRORS_FROM_CORE, regex: '^\\.\\./sessions/errors\\.js$' },
    ],
  },
];

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
  // One config per layer: a later config's no-restricted-imports replaces an earlier one's, so each file gets exactly one.
  ...LAYER_RULES.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    // typescript-eslint's version of the rule: the same checks, plus allowTypeImports.
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  })),
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
  {
    // The formatter (prettier, .prettierrc.json; `npm run lint` checks it, `npm run format` applies
    // it) wraps code at 160 columns; this catches what it cannot wrap: comments and long strings.
    rules: { 'max-len': ['error', { code: 160, ignoreUrls: true }] },
  },
);
