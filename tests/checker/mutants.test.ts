// Every mutant of every protocol is found by the exhaustive checker (issue 15): each plug-in records,
// per mutant, the shape and bounds of a check that finds it, the property broken and the length of
// the shortest counterexample (CheckProfile.mutants), or null with the largest bounds checked when
// it is not found. The quick ones run here; all of them run in `npm run check:mutants`
// (docs/checking.md "Mutants").
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker } from '../../src/checker/check';

const plugins = REGISTRY.plugins.map((p) => ({ plugin: p, names: [...new Set(p.shapes.flatMap((s) => Object.keys(s.mutants)))] }));

describe('every mutant has recorded bounds', () => {
  for (const { plugin, names } of plugins) {
    it(`${plugin.id}: a check of each of its ${names.length} mutants, in one of its shapes that has it`, () => {
      const recorded = plugin.check?.mutants ?? {};
      // Nothing recorded for a mutant that does not exist.
      expect(Object.keys(recorded).filter((m) => !names.includes(m))).toEqual([]);
      for (const m of names) {
        const rec = recorded[m];
        expect(rec, `${plugin.id}: no bounds recorded for mutant ${m}`).toBeDefined();
        const shape = plugin.shapes.find((s) => s.id === rec!.shape);
        expect(shape, `${m}: shape ${rec!.shape} is not one of ${plugin.id}'s`).toBeDefined();
        expect(m in shape!.mutants).toBe(true);
        expect(rec!.why.length).toBeGreaterThan(0);
        if (rec!.property === null) {
          // Not found within bounds that finish: nothing to claim, and nothing the unit test runs.
          expect(rec!.length).toBeNull();
          expect(rec!.quick).toBe(false);
        } else expect(rec!.length).toBeGreaterThan(0);
      }
    });
  }

  it('the protocols without mutants declare no mutant checks (the goal is vacuous for them)', () => {
    for (const { plugin, names } of plugins) if (!names.length) expect(Object.keys(plugin.check?.mutants ?? {})).toEqual([]);
  });
});

describe('the quick mutants are found as recorded', () => {
  for (const { plugin, names } of plugins)
    for (const m of names) {
      const rec = plugin.check?.mutants?.[m];
      if (!rec?.quick) continue;
      it(`${m} in ${rec.shape}: ${rec.property} after ${rec.length} steps`, () => {
        const c = new Checker(REGISTRY, { protocol: rec.shape, mutant: m, bounds: rec.bounds, timing: rec.timing });
        const p = c.run();
        expect(p.verdict).toBe('violation');
        expect(p.finding!.kind).toBe('safety');
        expect(p.finding!.property).toBe(rec.property);
        expect(p.finding!.depth).toBe(rec.length);
        expect(p.finding!.path.length).toBe(rec.length);
      }, 120_000);
    }
});
