/**
 * The CommonJS harness for Node: jwtkit is loaded with `require`, so Node picks the `require`
 * branch of the exports map; the shared checks (ES modules) are then loaded with import().
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jwtkit = require('jwtkit') as typeof import('jwtkit');

void (async () => {
  const { runConformance } = await import('./conformance.mjs');
  const { default: fixtures } = await import('./fixtures.mjs');
  console.log(`JWTKIT_REPORT ${JSON.stringify(await runConformance(jwtkit, fixtures))}`);
})();
