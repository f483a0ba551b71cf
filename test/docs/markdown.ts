import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's Markdown as the docs tests see it: which files, their fenced code blocks, their
 * links and their headings' anchors. Trusted input (our own files), read once.
 */

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** README, the root guides and everything under docs/ (generated API pages excepted), plus the tool READMEs. */
export function markdownFiles(): string[] {
  const rootFiles = readdirSync(root).filter((name) => name.endsWith('.md'));
  const docs = existsSync(join(root, 'docs')) ? walk(join(root, 'docs')).filter((file) => !file.startsWith(join(root, 'docs/api/'))) : [];
  const extra = ['bench/README.md', 'runtimes/README.md', 'test/vectors/README.md'].filter((file) => existsSync(join(root, file)));
  return [...rootFiles.map((name) => join(root, name)), ...docs, ...extra.map((file) => join(root, file))];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

export const display = (file: string) => relative(root, file);

export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string after the fence: `ts`, `ts nocheck`, `sh`, … */
  info: string;
  code: string;
}

/** The fenced blocks of a Markdown text (``` or longer fences). */
export function codeBlocks(file: string, text = readFileSync(file, 'utf8')): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith(fence); i++) body.push(lines[i]!);
    blocks.push({ file, line: start + 1, info: open[2]!.trim(), code: body.join('\n') });
  }
  return blocks;
}

/** The text outside fenced blocks and inline code spans, line by line (line numbers kept). */
export function prose(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && line.startsWith(fence)) fence = undefined;
      return '';
    }
    if (marker !== undefined) {
      fence = marker;
      return '';
    }
    return line.replace(/`+[^`]*`+/g, '``');
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a Markdown text defines: its headings (duplicates numbered as GitHub does). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  let fence = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fence = !fence;
    const heading = fence ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

export interface Link {
  file: string;
  line: number;
  target: string;
}

/** The links of a Markdown text, outside code: `[text](target)`. */
export function links(file: string, text = readFileSync(file, 'utf8')): Link[] {
  return prose(text).flatMap((line, index) => [...line.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => ({ file, line: index + 1, target: match[1]! })));
}
