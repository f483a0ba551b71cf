import ts from 'typescript';
import { join, relative } from 'node:path';
import { root } from './markdown.js';

/**
 * The API reference's source: the TSDoc of every export of the public entries. Read with the
 * TypeScript compiler (the same declarations TypeDoc reads for `npm run docs`), and held to one
 * rule set so the reference has no holes:
 * - every export has a doc comment whose first line is a summary;
 * - every exported function, and every class that extends nothing, has an `@example` (an error
 *   subclass is shown by its base's);
 * - every exported function has `@throws` naming the `ERR_…` codes it can throw (or `@throws`
 *   saying it throws nothing, when it cannot).
 */

export const ENTRIES = ['src/index.ts', 'src/sessions/index.ts', 'src/sessions/express-request.ts', 'src/stores/redis.ts', 'src/client/index.ts'];

export interface ExportDoc {
  entry: string;
  name: string;
  /** Where the declaration is, as `src/file.ts:line`. */
  at: string;
  kind: 'function' | 'class' | 'subclass' | 'value' | 'type';
  summary: string;
  tags: Map<string, string[]>;
}

function kindOf(declaration: ts.Declaration): ExportDoc['kind'] {
  if (ts.isFunctionDeclaration(declaration)) return 'function';
  if (ts.isClassDeclaration(declaration)) return declaration.heritageClauses?.length ? 'subclass' : 'class';
  if (ts.isVariableDeclaration(declaration)) {
    const init = declaration.initializer;
    return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? 'function' : 'value';
  }
  return 'type';
}

function tagText(tag: ts.JSDocTag): string {
  return typeof tag.comment === 'string' ? tag.comment : (ts.getTextOfJSDocComment(tag.comment) ?? '');
}

/** Every export of the public entries with its documentation (an export re-exported by two entries is listed for each). */
export function exportDocs(): ExportDoc[] {
  const program = ts.createProgram(
    ENTRIES.map((entry) => join(root, entry)),
    { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true, types: [] },
  );
  const checker = program.getTypeChecker();
  const docs: ExportDoc[] = [];
  for (const entry of ENTRIES) {
    const source = program.getSourceFile(join(root, entry))!;
    const moduleSymbol = checker.getSymbolAtLocation(source)!;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      if (!declaration) continue;
      // A variable's comment sits on its statement; a function's on its first overload or itself.
      const host = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
      const jsDocs = ts.getJSDocCommentsAndTags(host).filter(ts.isJSDoc);
      const doc = jsDocs.at(-1);
      const summary = doc ? (typeof doc.comment === 'string' ? doc.comment : (ts.getTextOfJSDocComment(doc.comment) ?? '')) : '';
      const tags = new Map<string, string[]>();
      for (const tag of doc?.tags ?? []) tags.set(tag.tagName.text, [...(tags.get(tag.tagName.text) ?? []), tagText(tag)]);
      const file = declaration.getSourceFile();
      const line = file.getLineAndCharacterOfPosition(declaration.getStart()).line + 1;
      docs.push({ entry, name: exported.name, at: `${relative(root, file.fileName)}:${line}`, kind: kindOf(declaration), summary: summary.trim(), tags });
    }
  }
  return docs;
}

/** What an export's documentation lacks, one line per gap: `jwtkit › sign (src/jwt/sign.ts:12): no @example`. */
export function documentationGaps(docs: ExportDoc[]): string[] {
  const gaps: string[] = [];
  const seen = new Set<string>();
  for (const doc of docs) {
    if (seen.has(doc.at)) continue;
    seen.add(doc.at);
    const where = `${doc.entry.replace(/^src\//, '').replace(/\.ts$/, '')} › ${doc.name} (${doc.at})`;
    const missing: string[] = [];
    if (doc.summary === '') missing.push('a doc comment with a one-line summary');
    if ((doc.kind === 'function' || doc.kind === 'class') && !doc.tags.has('example')) missing.push('an @example');
    if (doc.kind === 'function') {
      const throws = doc.tags.get('throws') ?? [];
      if (throws.length === 0) missing.push('@throws with the ERR_… codes it throws (or "@throws nothing: …")');
      else if (!throws.some((text) => /ERR_[A-Z_]+|^\s*nothing\b/i.test(text))) missing.push('@throws naming its ERR_… codes');
    }
    if (missing.length > 0) gaps.push(`${where}: needs ${missing.join(', ')}`);
  }
  return gaps;
}
