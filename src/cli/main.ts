/// <reference types="node" />
/**
 * The `jwtkit` command line (package.json `bin`, built to dist/cli.js). It uses the library's
 * public API only, loaded by the package's name: the same node:crypto build `import 'jwtkit'` gives.
 */
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2));
