// The safety monitors (PROPERTIES) over seeded random runs with faults: the real rules never
// break them, and a deliberately broken rule (a mutant from RULES.md) is caught, so the check
// itself can fail.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/kernel/prng';
import type { Action } from '../../src/kernel/types';
import type { Simulation } from '../../src/kernel/sim';
import { createSimulation } from '../../src/protocols/registry';

function randomRun(run: number, mutant: string | null): Simulation {
  const rng = new Prng(5000 + run);
  const shape = run % 3 === 0 ? 2 : 3;
  const sim = createSimulation({ protocol: `janus-${shape}+1`, seed: 900 + run, mutant }, { trace: 'off' });
  const data = sim.nodeIds.filter((id) => id !== 'E');
  const all = sim.nodeIds;
  for (let step = 0; step < 60 && !sim.violations.length; step++) {
    sim.runUntil(sim.now + rng.int(10, 300));
    const r = rng.next();
    const n = rng.pick(data);
    const m = rng.pick(all);
    const other = rng.pick(all.filter((x) => x !== m));
    let a: Action | null = null;
    if (r < 0.3) a = { type: 'write', node: n, command: `k${step}` };
    else if (r < 0.42) a = { type: 'crash', node: m };
    else if (r < 0.55) a = { type: 'restart', node: m };
    else if (r < 0.63) a = { type: 'cut', from: m, to: other, both: rng.chance(0.5), duration: rng.int(50, 1500) };
    else if (r < 0.7) a = { type: 'link', from: m, to: other, both: true, params: { loss: rng.next() * 0.4, dup: rng.next() * 0.4, tailProb: rng.next() * 0.3 } };
    else if (r < 0.73) a = { type: 'operator', name: 'replaceElector', node: n, args: { zombie: rng.chance(0.5) } };
    else if (r < 0.8) {
      const msgs = sim.messages();
      if (msgs.length) a = { type: 'duplicate', msg: rng.pick(msgs).id };
    } else if (r < 0.84) a = { type: 'healAll' };
    if (a && sim.validate(a) === null) sim.apply(a);
  }
  if (!sim.violations.length) {
    sim.apply({ type: 'healAll' });
    sim.runUntil(sim.now + 3000);
  }
  return sim;
}

describe('safety under random faults (crashes, cuts, loss, duplication, writes, elector replacement)', () => {
  it('the real rules: no property is ever violated, and the runs do make progress', () => {
    let committedRuns = 0;
    let terms = 0;
    for (let run = 0; run < 120; run++) {
      const sim = randomRun(run, null);
      expect(sim.violations, `run ${run}: ${sim.violations[0]?.message}`).toEqual([]);
      const commits = sim.nodeIds.filter((id) => id !== 'E').map((id) => sim.state<{ commitIndex: number }>(id).commitIndex);
      if (Math.max(...commits) > 0) committedRuns++;
      terms += sim.state<{ currentTerm: number }>('E').currentTerm;
    }
    expect(committedRuns).toBeGreaterThan(100);
    expect(terms).toBeGreaterThan(120 * 3);
  });

  for (const mutant of ['commit-on-majority', 'elect-any', 'grow-follower-first', 'no-sticky-join']) {
    it(`mutant ${mutant} is caught by the monitors`, () => {
      let found = -1;
      for (let run = 0; run < 150 && found < 0; run++) if (randomRun(run, mutant).violations.length) found = run;
      expect(found).toBeGreaterThanOrEqual(0);
    });
  }
});
