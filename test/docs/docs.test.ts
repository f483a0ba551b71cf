import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unsourcedFigures } from './claims.js';
import { checkedBlocks, typeCheckBlocks } from './code-blocks.js';
import { anchors, display, links, markdownFiles, root } from './markdown.js';

/**
 * Docs that cannot drift: the README and docs/ are checked against the code on every `npm test`.
 * Run once (web project): none of it depends on the build flavour.
 */
describe.runIf(process.env.JWTKIT_BACKEND === 'web')('documentation', () => {
  it('every ```ts block type-checks against the built package (one tsc run; ```ts nocheck skips a block)', () => {
    if (!existsSync(join(root, 'dist/index.d.ts'))) throw new Error('dist/ is missing: npm test builds it (or npm run build)');
    const blocks = checkedBlocks();
    expect(blocks.length).toBeGreaterThan(10);
    // A block that must fail, in the same run: proves the check sees the package's real exports.
    const control = { file: join(root, 'docs/control.md'), line: 1, info: 'ts', code: "import { notAnExport } from 'jwtkit';" };
    const errors = typeCheckBlocks([...blocks, control]);
    const controlErrors = errors.filter((error) => error.startsWith('docs/control.md:'));
    expect(controlErrors, errors.join('\n')).toHaveLength(1);
    expect(controlErrors[0]).toMatch(/notAnExport/);
    expect(errors.filter((error) => !controlErrors.includes(error))).toEqual([]);
  }, 120_000);

  it('every relative link names a file that exists, and an anchor its headings define', () => {
    const broken: string[] = [];
    const anchorCache = new Map<string, Set<string>>();
    const anchorsOf = (file: string) => anchorCache.get(file) ?? anchorCache.set(file, anchors(readFileSync(file, 'utf8'))).get(file)!;
    for (const file of markdownFiles()) {
      for (const link of links(file)) {
        if (/^[a-z]+:/i.test(link.target)) continue; // https:, mailto:
        const [path, anchor] = link.target.split('#') as [string, string | undefined];
        const target = path === '' ? file : join(dirname(file), decodeURI(path));
        const where = `${display(file)}:${link.line} → ${link.target}`;
        if (!existsSync(target)) broken.push(`${where}: no such file`);
        else if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(target).has(anchor)) broken.push(`${where}: no heading with that anchor`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every measured figure (B, ops/s, µs, ×) names the command that measures it in its section', () => {
    const files = markdownFiles().filter((file) => file === join(root, 'README.md') || file.startsWith(join(root, 'docs/')));
    expect(files.flatMap(unsourcedFigures), 'add the command (`npm run …`) or a link to bench/RESULTS.md to the section').toEqual([]);
  });

  it("guides and examples tell the client's faults from the server's with isClientError, not a bare instanceof JwtError", () => {
    // `instanceof JwtError` alone is also true for ERR_KEY and ERR_INVALID_ARGUMENT (the server's own
    // mistakes): a handler that answers 401 to it blames the client for them. A check of one code is fine.
    const bare = /instanceof JwtError\)/;
    const examples = readdirSync(join(root, 'examples'))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(root, 'examples', name));
    const found = [
      ...checkedBlocks()
        .filter((block) => bare.test(block.code))
        .map((block) => `${display(block.file)}:${block.line}`),
      ...examples.filter((file) => bare.test(readFileSync(file, 'utf8'))).map(display),
    ];
    expect(found).toEqual([]);
  });
});
