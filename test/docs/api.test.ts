import { describe, expect, it } from 'vitest';
import { documentationGaps, exportDocs } from './api-docs.js';

/**
 * The API reference (`npm run docs`, TypeDoc) has no holes: every export of jwtkit, jwtkit/sessions
 * and jwtkit/stores/redis is documented (see api-docs.ts for the rules). A failure lists each
 * export and exactly what its comment lacks.
 */
describe.runIf(process.env.JWTKIT_BACKEND === 'web')('API documentation', () => {
  it('every export has a summary; every function an @example and @throws with its ERR_ codes', () => {
    const docs = exportDocs();
    expect(docs.length).toBeGreaterThan(50);
    expect(documentationGaps(docs), 'document these exports (TSDoc on their declaration)').toEqual([]);
  }, 60_000);

  it('the check sees what is missing', () => {
    const bare = { entry: 'src/index.ts', name: 'example', at: 'src/example.ts:1', kind: 'function' as const, summary: '', tags: new Map<string, string[]>() };
    expect(documentationGaps([bare])).toEqual([
      'index › example (src/example.ts:1): needs a doc comment with a one-line summary, an @example, ' +
        '@throws with the ERR_… codes it throws (or "@throws nothing: …")',
    ]);
  });
});
