import { readFileSync } from 'node:fs';
import { display, prose } from './markdown.js';

/**
 * Figures that were measured (bytes, ops/s, requests/s, µs, ratios) must say how to measure them
 * again: somewhere in their section (heading to heading) a command (`npm run …`, `npx …`) or a link
 * to bench/RESULTS.md. Limits and spec sizes are written with other units (KiB, bytes, bits), so
 * they are not caught.
 */
const FIGURE = /\d[\d,.]*\s?(?:B|KB|MB|ops\/s|requests\/s|µs)(?![\w/])|\d×/;
const COMMAND = /`(?:npm run|npx) [^`]+`|bench\/RESULTS\.md/;

/** Figures without a command in their section, as `file:line: text`. */
export function unsourcedFigures(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const raw = text.split('\n');
  const visible = prose(text);
  const found: string[] = [];
  let start = 0;
  const flush = (end: number) => {
    const hasCommand = raw.slice(start, end).some((line) => COMMAND.test(line));
    for (let i = start; i < end; i++) if (FIGURE.test(visible[i]!) && !hasCommand) found.push(`${display(file)}:${i + 1}: ${raw[i]!.trim().slice(0, 100)}`);
  };
  raw.forEach((line, index) => {
    if (/^#{1,6}\s/.test(line) && visible[index] !== '') {
      flush(index);
      start = index;
    }
  });
  flush(raw.length);
  return found;
}
