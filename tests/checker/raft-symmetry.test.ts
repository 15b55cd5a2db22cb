// Symmetry reduction for Raft (src/protocols/raft/check.ts): S1…Sn are interchangeable, and the
// explicit encoding renames every server name and position inside states, messages and the
// monitors' ghost facts. Sound means: symmetric states canonicalise to one; the reduced check
// visits exactly one state per symmetry class of the full state space; without symmetry the counts
// are those of the generic encoding before it (recorded below); the mutants are still found with
// the same shortest length.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker, checkTarget } from '../../src/checker/check';
import { Prng, type UntimedAction, type UntimedState } from '../../src/kernel';
import type { CheckBounds } from '../../src/contracts';
import { symmetryClasses } from '../support/symmetry-classes';

const target = (symmetry: boolean, bounds: Partial<CheckBounds> = { maxTerm: 2, maxLog: 1, maxCrashes: 1, maxDrops: 1, maxDuplicates: 1, maxCopies: 2, maxInFlight: 4 }) =>
  checkTarget(REGISTRY, { protocol: 'raft-3', symmetry, bounds });

const fingerprint = (t: ReturnType<typeof target>, s: UntimedState): string => {
  const fp = new Int32Array(2);
  t.model.fingerprint(s, fp);
  return `${fp[0]},${fp[1]}`;
};

describe('Raft symmetry: state identity', () => {
  it('symmetric states canonicalise to one: S1, S2 or S3 starting an election give one state with symmetry, three without', () => {
    for (const sym of [true, false]) {
      const t = target(sym);
      const s0 = t.model.init();
      const fire = t.model.actions(s0).filter((a) => a.kind === 'fire' && a.timer === 'electionTimeout');
      expect(fire.map((a) => a.node)).toEqual([0, 1, 2]);
      const after = fire.map((a) => t.model.next(s0, a)!);
      expect(new Set(after.map((s) => t.model.canonical(s))).size).toBe(sym ? 1 : 3);
      expect(new Set(after.map((s) => fingerprint(t, s))).size).toBe(sym ? 1 : 3);
    }
  });

  it('a walk and its mirror (any renaming of S1, S2, S3) reach states with one canonical form and one fingerprint at every step', () => {
    const t = target(true);
    const renamings = [
      [1, 0, 2],
      [0, 2, 1],
      [2, 0, 1],
    ];
    for (let seed = 1; seed <= 6; seed++) {
      const rng = new Prng(seed);
      const r = renamings[seed % renamings.length]!;
      let s = t.model.init();
      let m = t.model.init();
      for (let k = 0; k < 14; k++) {
        const acts = t.model.actions(s);
        if (!acts.length) break;
        const a: UntimedAction = acts[rng.int(0, acts.length - 1)]!;
        const before = s;
        s = t.model.next(s, a)!;
        const want = t.model.canonical(s);
        // The mirrored action: the same kind at the renamed node (for a message: the renamed link), reaching the mirrored state.
        const link = a.msg !== undefined ? before.msgs[a.msg]! : null;
        const cands = t.model.actions(m).filter(
          (b) =>
            b.kind === a.kind &&
            b.node === r[a.node] &&
            b.choices === a.choices &&
            b.timer === a.timer &&
            (link === null || (m.msgs[b.msg!]!.from === r[link.from] && m.msgs[b.msg!]!.to === r[link.to])),
        );
        const hit = cands.map((b) => t.model.next(m, b)!).find((x) => t.model.canonical(x) === want);
        expect(hit, `seed ${seed}: no mirrored step for ${t.model.describe(before, a)}`).toBeDefined();
        expect(fingerprint(t, hit!)).toBe(fingerprint(t, s));
        m = hit!;
      }
    }
  });

  it('the reduced check visits exactly one state per symmetry class (maxTerm 1, maxLog 0, messages in flight unbounded)', () => {
    const bounds = { maxTerm: 1, maxLog: 0 };
    const exact = symmetryClasses('raft-3', bounds, 'plain');
    const on = new Checker(REGISTRY, { protocol: 'raft-3', bounds, symmetry: true }).run();
    const off = new Checker(REGISTRY, { protocol: 'raft-3', bounds, symmetry: false }).run();
    expect(off.states).toBe(exact.states);
    expect(on.states).toBe(exact.classes);
    expect({ states: exact.states, classes: exact.classes }).toEqual({ states: 29_554, classes: 4_960 });
    expect(on.depth).toBe(off.depth);
  }, 120_000);
});

describe('Raft symmetry: the check', () => {
  // Recorded with the generic encoding (every field, no symmetry) before the explicit one.
  const BEFORE: { bounds: Partial<CheckBounds>; states: number; transitions: number; depth: number }[] = [
    { bounds: { maxTerm: 1, maxLog: 1, maxInFlight: 2 }, states: 9_475, transitions: 17_614, depth: 19 },
    { bounds: { maxTerm: 2, maxLog: 0, maxInFlight: 2 }, states: 54_913, transitions: 111_324, depth: 26 },
    { bounds: { maxTerm: 1, maxLog: 0, maxCrashes: 1, maxInFlight: 3 }, states: 46_567, transitions: 107_230, depth: 16 },
  ];
  for (const b of BEFORE)
    it(`without symmetry the counts are unchanged: ${JSON.stringify(b.bounds)} ${b.states} states`, () => {
      const p = new Checker(REGISTRY, { protocol: 'raft-3', bounds: b.bounds, symmetry: false }).run();
      expect(p.verdict).toBe('ok');
      expect({ states: p.states, transitions: p.transitions, depth: p.depth }).toEqual({ states: b.states, transitions: b.transitions, depth: b.depth });
    }, 120_000);

  it('every mutant found today is found with symmetry, with the same property and the same shortest length, in fewer states', () => {
    const recorded = REGISTRY.plugins.find((p) => p.id === 'raft')!.check!.mutants!;
    let found = 0;
    for (const [mutant, rec] of Object.entries(recorded)) {
      if (rec.property === null || !rec.quick) continue;
      const run = (symmetry: boolean) => new Checker(REGISTRY, { protocol: rec.shape, mutant, bounds: rec.bounds, symmetry }).run();
      const on = run(true);
      const off = run(false);
      for (const p of [on, off]) {
        expect(p.verdict, mutant).toBe('violation');
        expect(p.finding!.property, mutant).toBe(rec.property);
      }
      expect(on.finding!.depth, mutant).toBe(rec.length);
      // With an in-flight bound, --no-symmetry loses overflowing sends in handler order, a different
      // model from the symmetric one (canonical order), so its shortest path may differ (commit-old-term,
      // 1 in flight: 25 with symmetry, 27 without); unbounded, the two are the same model.
      if (rec.bounds.maxInFlight === undefined) {
        expect(off.finding!.depth, mutant).toBe(rec.length);
        expect(on.states, mutant).toBeLessThanOrEqual(off.states);
      }
      found++;
    }
    expect(found).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
