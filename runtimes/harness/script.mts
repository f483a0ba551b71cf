/**
 * The harness for runtimes that run a script file: Node (ESM), Deno and Bun. `jwtkit` resolves
 * through the scratch project's node_modules, by the runtime's own export conditions.
 */
import * as jwtkit from 'jwtkit';
import { runConformance } from './conformance.mjs';
import fixtures from './fixtures.mjs';

console.log(`JWTKIT_REPORT ${JSON.stringify(await runConformance(jwtkit, fixtures))}`);
