/**
 * The timing loop shared by the Node bench (run.ts) and the browser bench (browser-page.ts): plain
 * JavaScript with `performance.now`, so the same code measures in both places.
 */

export type Op = () => unknown;

export interface RaceSettings {
  /** Interleaved rounds per contender. */
  rounds: number;
  /** Milliseconds per contender per round. */
  roundMs: number;
}

/**
 * Runs `op` repeatedly for about `ms` milliseconds; ops per second. Every result is awaited, a
 * synchronous library's too: the async public API is what is compared, and awaiting a plain value
 * costs every contender the same microtask.
 */
export async function measure(op: Op, ms: number): Promise<number> {
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 16; i++) await op();
    count += 16;
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Interleaved rounds of every contender; the median ops/s of each. */
export async function race(contenders: Record<string, Op>, { rounds, roundMs }: RaceSettings): Promise<Record<string, number>> {
  const names = Object.keys(contenders);
  for (const name of names) await measure(contenders[name]!, roundMs / 2); // warm-up
  const samples = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round, so no contender always runs right after the same other one.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!;
      samples.get(name)!.push(await measure(contenders[name]!, roundMs));
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples.get(name)!)]));
}

/** A function that returns the next of `items` at each call, round and round: distinct inputs, no per-token memo can help. */
export function cycle<T>(items: readonly T[]): () => T {
  let index = 0;
  return () => {
    const item = items[index]!;
    index = index + 1 === items.length ? 0 : index + 1;
    return item;
  };
}

export interface Row {
  alg: string;
  op: string;
  results: Record<string, number>;
}

export function formatOps(value: number | undefined): string {
  if (value === undefined) return '–';
  return value >= 10_000 ? `${(value / 1000).toFixed(0)}k` : value >= 1000 ? `${(value / 1000).toFixed(1)}k` : value.toFixed(0);
}

export function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`;
}

/** A Markdown table: one column per contender, then one per named ratio `[title, numerator, denominator]`. */
export function table(rows: readonly Row[], columns: readonly string[], ratios: readonly (readonly [string, string, string])[]): string {
  const lines = [
    `| alg | op | ${columns.join(' | ')} | ${ratios.map(([title]) => title).join(' | ')} |`,
    `|---|---|${columns.map(() => '---:').join('|')}|${ratios.map(() => '---:').join('|')}|`,
  ];
  for (const { alg, op, results } of rows) {
    const cells = columns.map((name) => formatOps(results[name]));
    const ratioCells = ratios.map(([, a, b]) => ratio(results[a], results[b]));
    lines.push(`| ${alg} | ${op} | ${cells.join(' | ')} | ${ratioCells.join(' | ')} |`);
  }
  return lines.join('\n');
}
