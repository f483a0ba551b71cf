import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchors, display, links, markdownFiles } from './markdown.js';

/** Every relative link in the project's Markdown resolves, #anchors included. */
describe.runIf(process.env.JWTKIT_BACKEND !== 'node')('documentation links', () => {
  it('every relative link names a file that exists, and an anchor that its headings define', () => {
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

});
