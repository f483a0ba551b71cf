import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CodeBlock, codeBlocks, display, markdownFiles, root } from './markdown.js';

/**
 * Type-checks the TypeScript blocks of the docs against the built package (dist/), as a user's
 * project would see `jwtkit`, `jwtkit/sessions` and `jwtkit/stores/redis`. Every block is its own
 * module (its names do not leak into the next block); the names examples take as given (`db`,
 * `req`, `privatePem`…) are declared in CONTEXT below. One tsc run for all blocks.
 */

/** ```ts blocks, except those marked ```ts nocheck (deliberately partial). */
export function checkedBlocks(): CodeBlock[] {
  return markdownFiles()
    .flatMap((file) => codeBlocks(file))
    .filter(({ info }) => /^(ts|typescript)\b/.test(info) && !/\bnocheck\b/.test(info));
}

const dir = join(root, 'node_modules/.cache/jwtkit-docs-check');

/**
 * What the blocks take as given, so a block can show the one call it is about: the app's own
 * database and framework objects, key material loaded elsewhere, a sessions instance made in an
 * earlier block. Nothing here is jwtkit's own: its types come from the built package.
 */
const CONTEXT = `declare const privatePem: string;
declare const publicPem: string;
declare const secret: string;
declare const token: string;
declare const user: { id: string; role: string };
declare const db: { users: { find(id: string): Promise<{ role: string; disabled?: boolean } | null> } };
declare const req: import('node:http').IncomingMessage & { auth?: Record<string, unknown> };
declare const res: import('node:http').ServerResponse;
declare const request: Request;
declare const app: { get(path: string, ...handlers: ((req: any, res: any, next: (error?: unknown) => void) => unknown)[]): void };
declare const auth: import('jwtkit/sessions').Sessions<{ role: string }>;
declare const cookie: { path: string };

/** Cloudflare's module of bindings, as far as the JWK set example uses it (a KV namespace). */
declare module 'cloudflare:workers' {
  export const env: {
    JWKS_CACHE: {
      get(key: string): Promise<string | null>;
      put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
    };
  };
}
`;

/** Writes the blocks and a tsconfig, runs tsc once, and returns its errors as `file.md:line: message`. */
export function typeCheckBlocks(blocks: CodeBlock[]): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'context.d.ts'), CONTEXT);
  blocks.forEach((block, index) => writeFileSync(join(dir, `block${index}.ts`), `${block.code}\nexport {};\n`));
  const dist = (file: string) => join(root, 'dist', file);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM'],
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        paths: {
          jwtkit: [dist('index.d.ts')],
          'jwtkit/sessions': [dist('sessions.d.ts')],
          'jwtkit/sessions/express': [dist('sessions/express.d.ts')],
          'jwtkit/stores/redis': [dist('stores/redis.d.ts')],
        },
      },
      files: ['context.d.ts', ...blocks.map((_, index) => `block${index}.ts`)],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
    encoding: 'utf8',
  });
  const errors = `${tsc.stdout}${tsc.stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const at = /block(\d+)\.ts\((\d+),\d+\): (.*)$/.exec(line);
      if (!at) return line;
      const block = blocks[Number(at[1])]!;
      return `${display(block.file)}:${block.line + Number(at[2])}: ${at[3]}`;
    });
  if (tsc.status !== 0 && errors.length === 0) errors.push(`tsc exited ${tsc.status}`);
  return errors;
}
