// What the page's start bundle can contain (issue 11, js_at_start_kb ≤ 150): the modules src/main.tsx
// reaches through static imports, with src/protocols/registry.ts resolved to page-registry.ts as
// the page's build does (vite.config.ts). The code loaded on demand (docs/ui.md, "Figures") must not
// be among them: one static import from the start path would put it back in the start bundle.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REGISTRY = join(ROOT, 'src/protocols/registry.ts');
const PAGE_REGISTRY = join(ROOT, 'src/protocols/page-registry.ts');

/** Static, value imports and re-exports of a file (not `import type`, not `import()`). */
function staticImports(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  for (const st of src.statements) {
    if (ts.isImportDeclaration(st)) {
      if (st.importClause?.isTypeOnly) continue;
      const named = st.importClause?.namedBindings;
      if (st.importClause && !st.importClause.name && named && ts.isNamedImports(named) && named.elements.length && named.elements.every((e) => e.isTypeOnly)) continue;
      out.push((st.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && !st.isTypeOnly) {
      out.push((st.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null; // a package
  const base = resolve(dirname(from), spec.replace(/\?.*$/, ''));
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(c) && /\.tsx?$/.test(c)) return c === REGISTRY ? PAGE_REGISTRY : c;
  return null;
}

function startGraph(): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [join(ROOT, 'src/main.tsx')];
  while (todo.length) {
    const f = todo.pop()!;
    if (files.has(f)) continue;
    files.add(f);
    for (const spec of staticImports(f)) {
      const r = resolveLocal(f, spec);
      if (r) todo.push(r);
      else if (!spec.startsWith('.')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return { files: new Set([...files].map((f) => relative(ROOT, f).split('\\').join('/'))), packages };
}

describe("the page's start graph", () => {
  const g = startGraph();

  it('reaches the page, the store, the default shape\'s core and the lazy entries', () => {
    for (const f of ['src/ui/App.tsx', 'src/store/lab.ts', 'src/protocols/page-registry.ts', 'src/protocols/janus/core.ts', 'src/scenario/url.ts', 'src/scenario/export.ts']) expect(g.files, f).toContain(f);
    expect(g.files).not.toContain('src/protocols/registry.ts');
    expect([...g.packages].sort()).toEqual(['react', 'react-dom', 'xstate', 'zustand']);
  });

  it('does not reach what loads on demand: whole plug-ins, the script language, tour and link builders, valibot, the menus, the Compare view', () => {
    const lazy = [
      'src/protocols/janus/plugin.ts',
      'src/protocols/janus/gallery.ts',
      'src/protocols/janus/tours.ts',
      'src/protocols/janus/explore.ts',
      'src/protocols/janus/check.ts',
      'src/testing/script.ts',
      'src/scenario/tour.ts',
      'src/scenario/gallery.ts',
      'src/scenario/link.ts',
      'src/scenario/compact.ts',
      'src/scenario/open.ts',
      'src/scenario/schema.ts',
      'src/scenario/file.ts',
      'src/scenario/translate.ts',
      'src/ui/cluster/Menus.tsx',
      'src/ui/compare/CompareApp.tsx',
      'src/compare/sources.ts',
    ];
    expect(lazy.filter((f) => g.files.has(f))).toEqual([]);
    expect([...g.files].filter((f) => /^src\/protocols\/(?!janus\/|page-registry)[^/]+\/(?!entry\.ts|config\.ts)/.test(f))).toEqual([]);
    expect(g.packages.has('valibot')).toBe(false);
    expect(g.packages.has('d3')).toBe(false);
  });
});
