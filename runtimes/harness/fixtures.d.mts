/** fixtures.mjs is written by the matrix (runtimes/fixtures.ts) into each scratch project. */
import type { Fixtures } from './conformance.mjs';

declare const fixtures: Fixtures;
export default fixtures;
