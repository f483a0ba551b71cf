/**
 * The browser table of `npm run bench`: bundles browser-page.ts (jwtkit's WebCrypto build, jose's
 * browser build, the shared race loop) with esbuild, serves it from 127.0.0.1 and runs it in
 * Debian's headless Chromium through playwright-core (bench/package.json; never a downloaded
 * browser). Where Chromium or playwright-core is missing, the table is one line saying so.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import type { BrowserKeys } from './browser-page.js';
import { type BenchAlg, keyMaterial } from './keys.js';
import { type RaceSettings, type Row, table } from './race.js';

const CHROMIUM = '/usr/bin/chromium';
// playwright gives the browser a fresh temporary profile of its own.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const COLUMNS = ['jwtkit (webcrypto)', 'jose', 'raw crypto.subtle (+ JSON)'];
const RATIOS = [
  ['web/raw', 'jwtkit (webcrypto)', 'raw crypto.subtle (+ JSON)'],
  ['web/jose', 'jwtkit (webcrypto)', 'jose'],
] as const;

/**
 * The little of playwright-core's API the bench uses, typed here: playwright-core lives in bench/'s
 * own npm project, and the root type check must pass without it.
 */
interface Page {
  goto(url: string): Promise<unknown>;
  waitForFunction(check: () => boolean): Promise<unknown>;
  evaluate<R, A>(run: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  context(): { newCDPSession(page: Page): Promise<{ send(method: string, params?: object): Promise<Record<string, unknown>> }> };
}
interface Playwright {
  chromium: { launch(options: { executablePath: string; args: string[] }): Promise<{ newPage(): Promise<Page>; version(): string; close(): Promise<void> }> };
}

/**
 * Runs `use` on a page of headless Chromium that has loaded browser-page.ts (its `runBench` and
 * `runLoop`), served from 127.0.0.1. Where Chromium or playwright-core is missing: a line saying so.
 */
export async function withBrowserPage<T>(use: (page: Page, version: string) => Promise<T>): Promise<T | string> {
  let playwright: Playwright;
  try {
    playwright = createRequire(import.meta.url)('playwright-core') as Playwright;
  } catch {
    return 'Skipped: playwright-core is not installed (`npm ci --prefix bench`).';
  }
  if (!existsSync(CHROMIUM)) return `Skipped: ${CHROMIUM} is missing (apt-get install -y chromium).`;

  const bundle = await build({
    entryPoints: [new URL('browser-page.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const script = bundle.outputFiles[0]!.text;
  const server = createServer((request, response) => {
    if (request.url === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'runBench' in globalThis);
    return await use(page, browser.version());
  } finally {
    await browser.close();
    server.close();
  }
}

/** The Chromium table: the rows of `algs` measured in the page. */
export async function browserTable(algs: readonly BenchAlg[], settings: RaceSettings): Promise<string> {
  const keys: BrowserKeys[] = algs.map((alg) => {
    const material = keyMaterial(alg);
    const form = (key: string | Uint8Array) => (typeof key === 'string' ? key : [...key]);
    return { alg, signKey: form(material.signKey), verifyKey: form(material.verifyKey) };
  });
  const result = await withBrowserPage(async (page, version) => {
    const rows = await page.evaluate(
      ([keys, settings]) => (globalThis as unknown as { runBench(k: unknown, s: unknown): Promise<Row[]> }).runBench(keys, settings),
      [keys, settings] as const,
    );
    return `## Chromium ${version}, in a page\n\n${table(rows, COLUMNS, RATIOS)}`;
  });
  return result.startsWith('## ') ? result : `## Chromium\n\n${result}`;
}
