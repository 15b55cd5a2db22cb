// The store boundary, checked on the sources: components import only the store, the contracts and
// other UI modules (never the kernel, a protocol's folder, the explorer or the scenario code),
// no UI file reads the Timeline or the Simulation, and nothing in src/ui or src/store names a
// protocol or a node of the page's registry.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return files(p);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

const rel = (p: string) => relative(SRC, p).replace(/\\/g, '/');
const UI = files(join(SRC, 'ui'));
const STORE = files(join(SRC, 'store'));

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
}

describe('the store boundary', () => {
  it('UI modules import only the store, the contracts, other UI modules and libraries', () => {
    const bad: string[] = [];
    for (const f of UI)
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue; // react, d3, zustand …
        const target = rel(join(f, '..', spec));
        if (!/^(store|contracts|ui)(\/|$)/.test(target)) bad.push(`${rel(f)} imports ${spec}`);
      }
    expect(bad).toEqual([]);
  });

  it('no UI module reads the Timeline, the Simulation or the trace', () => {
    const bad: string[] = [];
    for (const f of UI) {
      const text = readFileSync(f, 'utf8');
      for (const [re, what] of [
        [/\.timeline\b/, 'the timeline'],
        [/\bsim\.\w/, 'the simulation'],
        [/\btrace\[/, 'the trace'],
        [/\btl\./, 'a timeline'],
      ] as const)
        if (re.test(text)) bad.push(`${rel(f)} reads ${what}`);
    }
    expect(bad).toEqual([]);
  });

  it('nothing in src/ui or src/store names a protocol, a shape or a node of the registry', () => {
    const names = new Set<string>();
    for (const p of REGISTRY.plugins) names.add(p.id);
    for (const s of Object.values(REGISTRY.shapes)) {
      names.add(s.id);
      for (const id of REGISTRY.createSimulation({ protocol: s.id, seed: 1 }).nodeIds) names.add(id);
    }
    const bad: string[] = [];
    for (const f of [...UI, ...STORE]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(['"`])([^'"`\n$]{1,40})\1/g)) if (names.has(m[2]!)) bad.push(`${rel(f)}: ${m[0]}`);
    }
    expect(bad).toEqual([]);
  });
});
