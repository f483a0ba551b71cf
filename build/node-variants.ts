import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The Node build differs from the WebCrypto build only in modules that have a `*.node.ts` twin
 * (src/backend/index.node.ts, src/util/bytes.node.ts): a relative import `./x.js` resolves to
 * `./x.node.ts` when that file exists. tsup (the package build) and vitest (the test project
 * `node`) both use this one rule, so what is tested is what ships.
 */
export function nodeVariant(specifier: string, fromDirectory: string): string | undefined {
  if (!specifier.startsWith('.') || !specifier.endsWith('.js')) return undefined;
  const twin = resolve(fromDirectory, specifier.replace(/\.js$/, '.node.ts'));
  return existsSync(twin) ? twin : undefined;
}
