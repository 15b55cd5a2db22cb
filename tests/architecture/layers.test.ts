// The layers of docs/architecture.md, checked on the source. Every .ts/.tsx file under src/ belongs
// to one unit: src/kernel, src/contracts, src/protocols (the files directly in it, e.g. registry.ts),
// each src/protocols/<plugin> folder, src/explorer, src/scenario, src/metrics, src/testing,
// src/store, src/ui (with its subfolders) and src/main.tsx ('app'). Only relative imports count
// (`import … from`, `export … from`, `import('…')`): packages are not units.
//
// Rules: (a) no import cycle between units; (b) the kernel imports no other unit; (c) the contracts
// import only the kernel; (d) a plug-in folder imports only the kernel, the contracts and itself;
// (e) the UI imports only the store, the contracts' types and itself; (f) outside the plug-in
// folders and the two registries (protocols/registry.ts: every plug-in loaded, for Node and the
// check worker; protocols/page-registry.ts: the page's, with lazy entries), no string literal
// names a protocol or a node.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

const rel = (abs: string): string => relative(ROOT, abs).split(sep).join('/');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** The unit of a path under the repository root (posix, e.g. `src/protocols/janus/node.ts`). */
export function unitOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] !== 'src') return `outside src (${path})`;
  if (parts.length === 2) return 'app';
  if (parts[1] === 'protocols') return parts.length === 3 ? 'protocols' : `protocols/${parts[2]}`;
  return parts[1]!;
}

const isPlugin = (unit: string): boolean => unit.startsWith('protocols/');

/** A relative specifier resolved to a file (or the path itself when nothing matches, e.g. a stylesheet). */
function resolveImport(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  return base;
}

interface Import {
  from: string;
  to: string;
  line: number;
  /** `import type …` / `export type … from`: erased at compile time. */
  typeOnly: boolean;
}

interface Literal {
  file: string;
  line: number;
  value: string;
}

interface Parsed {
  imports: Import[];
  literals: Literal[];
}

/** Relative imports and string literals of one file, read with TypeScript's parser (comments are not code). */
function parse(abs: string): Parsed {
  const text = readFileSync(abs, 'utf8');
  const sf = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, abs.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const file = rel(abs);
  const imports: Import[] = [];
  const literals: Literal[] = [];
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const addImport = (spec: ts.Node, typeOnly: boolean) => {
    if (!ts.isStringLiteralLike(spec) || !spec.text.startsWith('.')) return;
    imports.push({ from: file, to: rel(resolveImport(abs, spec.text)), line: lineOf(spec), typeOnly });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n)) {
      const c = n.importClause;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!c.namedBindings && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      addImport(n.moduleSpecifier, typeOnly);
      return;
    }
    if (ts.isExportDeclaration(n) && n.moduleSpecifier) {
      const typeOnly = n.isTypeOnly || (!!n.exportClause && ts.isNamedExports(n.exportClause) && n.exportClause.elements.length > 0 && n.exportClause.elements.every((e) => e.isTypeOnly));
      addImport(n.moduleSpecifier, typeOnly);
      return;
    }
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0]) addImport(n.arguments[0], false);
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) addImport(n.argument.literal, true);
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) literals.push({ file, line: lineOf(n), value: n.text });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { imports, literals };
}

type Cross = Import & { fromUnit: string; toUnit: string };

/** Imports that cross from one unit to another. */
const crossing = (imports: Import[]): Cross[] =>
  imports.map((i) => ({ ...i, fromUnit: unitOf(i.from), toUnit: unitOf(i.to) })).filter((i) => i.fromUnit !== i.toUnit);

const FILES = walk(SRC);
const PARSED = new Map(FILES.map((f) => [rel(f), parse(f)]));
const CROSS = crossing([...PARSED.values()].flatMap((p) => p.imports));

const show = (i: Cross) => `${i.from}:${i.line} → ${i.to} (${i.toUnit}${i.typeOnly ? ', type only' : ''})`;

/** Cross-unit imports of units matching `from` whose target unit is not allowed. */
function offenders(from: (unit: string) => boolean, allowed: (i: Cross) => boolean, cross: Cross[] = CROSS): string[] {
  return cross.filter((i) => from(i.fromUnit) && !allowed(i)).map(show);
}

/** Strongly connected components of the unit graph with more than one unit, each with one cycle through it. */
function unitCycles(cross: Cross[] = CROSS): string[] {
  const edges = new Map<string, Map<string, Cross>>();
  for (const i of cross) {
    if (!edges.has(i.fromUnit)) edges.set(i.fromUnit, new Map());
    const m = edges.get(i.fromUnit)!;
    if (!m.has(i.toUnit)) m.set(i.toUnit, i);
  }
  const units = [...new Set(cross.flatMap((i) => [i.fromUnit, i.toUnit]))].sort();
  // Tarjan's algorithm.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const sccs: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of [...(edges.get(v)?.keys() ?? [])].sort()) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) sccs.push(c.sort());
    }
  };
  for (const u of units) if (!idx.has(u)) strong(u);
  // One shortest cycle per component, from its first unit, with the import behind each step.
  return sccs.map((scc) => {
    const inScc = new Set(scc);
    const start = scc[0]!;
    const prev = new Map<string, string>();
    const queue = [start];
    let last: string | null = null;
    while (queue.length && last === null) {
      const v = queue.shift()!;
      for (const w of [...(edges.get(v)?.keys() ?? [])].sort()) {
        if (!inScc.has(w)) continue;
        if (w === start) {
          last = v;
          break;
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = last!; v !== start; v = prev.get(v)!) path.splice(1, 0, v);
    path.push(start);
    const steps = path.slice(1).map((to, k) => `    ${show(edges.get(path[k]!)!.get(to)!)}`);
    return `cycle ${path.join(' → ')} (units in this loop: ${scc.join(', ')}):\n${steps.join('\n')}`;
  });
}

// Every protocol id, shape id and node name the registry knows (so a new plug-in is covered too),
// plus the historical ids the rule was written against.
const PROTOCOL_IDS = [
  ...new Set(['janus', 'janus-3+1', 'janus-2+1', 'janus-published', ...REGISTRY.plugins.map((p) => p.id), ...Object.keys(REGISTRY.shapes)]),
];
const NODE_NAMES = [
  ...new Set(['E', 'D1', 'D2', 'D3', ...Object.values(REGISTRY.shapes).flatMap((sh) => sh.plugin.protocol.nodes(sh.config({ protocol: sh.id, seed: 1 })).map((n: { id: string }) => n.id))]),
];
/** Test files may name the protocols they test; the rule is about the lab's own code. */
const isTestFile = (file: string) => /\.test\.tsx?$/.test(file);

describe('layers (docs/architecture.md)', () => {
  it('reads the source: every unit is found and the parser sees imports of every kind', () => {
    const units = new Set(FILES.map((f) => unitOf(rel(f))));
    for (const u of ['kernel', 'contracts', 'protocols', 'explorer', 'scenario', 'store', 'ui', 'app']) expect(units, u).toContain(u);
    expect([...units].some(isPlugin)).toBe(true);
    expect(unitOf('src/ui/tlc/TlcView.tsx')).toBe('ui');
    expect(unitOf('src/protocols/registry.ts')).toBe('protocols');
    expect(unitOf('src/protocols/janus-published/tlc/export.ts')).toBe('protocols/janus-published');
    expect(unitOf('src/main.tsx')).toBe('app');
    const p = parse(join(ROOT, 'tests/architecture/fixture.tsx'));
    expect(p.imports.map((i) => `${i.to}${i.typeOnly ? ' (type)' : ''}`)).toEqual([
      'src/kernel/types.ts (type)',
      'src/kernel/index.ts',
      'src/contracts/index.ts (type)',
      'src/kernel/prng.ts',
      'src/kernel/sim.ts',
    ]);
    expect(p.literals.map((l) => l.value).filter((v) => !v.startsWith('.'))).toEqual(['D1', 'janus-2+1', 'E']);
  });

  it('the rules can fail: a made-up loop and a made-up kernel import are reported, with the files behind them', () => {
    const made = crossing([
      { from: 'src/kernel/sim.ts', to: 'src/contracts/plugin.ts', line: 3, typeOnly: false },
      { from: 'src/contracts/plugin.ts', to: 'src/protocols/registry.ts', line: 4, typeOnly: true },
      { from: 'src/protocols/registry.ts', to: 'src/kernel/index.ts', line: 5, typeOnly: false },
      { from: 'src/ui/App.tsx', to: 'src/store/index.ts', line: 6, typeOnly: false },
      { from: 'src/store/index.ts', to: 'src/store/lab.ts', line: 7, typeOnly: false },
    ]);
    expect(unitCycles(made)).toEqual([
      'cycle contracts → protocols → kernel → contracts (units in this loop: contracts, kernel, protocols):\n' +
        '    src/contracts/plugin.ts:4 → src/protocols/registry.ts (protocols, type only)\n' +
        '    src/protocols/registry.ts:5 → src/kernel/index.ts (kernel)\n' +
        '    src/kernel/sim.ts:3 → src/contracts/plugin.ts (contracts)',
    ]);
    expect(offenders((u) => u === 'kernel', () => false, made)).toEqual(['src/kernel/sim.ts:3 → src/contracts/plugin.ts (contracts)']);
  });

  it('(a) no import cycle between units', () => {
    const cycles = unitCycles();
    expect(cycles, `import cycles between units:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('(b) src/kernel imports no other unit', () => {
    const bad = offenders((u) => u === 'kernel', () => false);
    expect(bad, `the kernel imports other units:\n${bad.join('\n')}`).toEqual([]);
  });

  it('(c) src/contracts imports only the kernel', () => {
    const bad = offenders((u) => u === 'contracts', (i) => i.toUnit === 'kernel');
    expect(bad, `the contracts import more than the kernel:\n${bad.join('\n')}`).toEqual([]);
  });

  it('(d) a protocols/<plugin> folder imports only the kernel, the contracts and itself', () => {
    const bad = offenders(isPlugin, (i) => i.toUnit === 'kernel' || i.toUnit === 'contracts');
    expect(bad, `plug-in folders import another plug-in, the registry or the lab:\n${bad.join('\n')}`).toEqual([]);
  });

  it("(e) src/ui imports only the store, the contracts' types and itself (no kernel, no plug-in folder)", () => {
    const bad = offenders((u) => u === 'ui', (i) => i.toUnit === 'store' || (i.toUnit === 'contracts' && i.typeOnly));
    expect(bad, `the UI imports past the store:\n${bad.join('\n')}`).toEqual([]);
  });

  it('(f) outside the plug-in folders, the two registries and test files, no string literal names a protocol, a shape or a node', () => {
    const names = new Set([...PROTOCOL_IDS, ...NODE_NAMES]);
    const registries = new Set(['src/protocols/registry.ts', 'src/protocols/page-registry.ts']);
    const bad = [...PARSED.entries()]
      .filter(([file]) => !isPlugin(unitOf(file)) && !registries.has(file) && !isTestFile(file))
      .flatMap(([, p]) => p.literals.filter((l) => names.has(l.value)).map((l) => `${l.file}:${l.line} '${l.value}'`));
    expect(bad, `protocol ids or node names written outside the plug-ins:\n${bad.join('\n')}`).toEqual([]);
  });
});
