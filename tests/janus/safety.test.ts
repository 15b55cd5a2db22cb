// The safety monitors (PROPERTIES) over seeded random runs with faults: the real rules never
// break them, and a deliberately broken rule (a mutant from RULES.md) is caught, so the check
// itself can fail.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/kernel/prng';
import type { Simulation } from '../../src/kernel/sim';
import { createSimulation } from '../../src/protocols/registry';
import { randomFaults } from './random-faults';

function randomRun(run: number, mutant: string | null): Simulation {
  const rng = new Prng(5000 + run);
  const shape = run % 3 === 0 ? 2 : 3;
  const sim = createSimulation({ protocol: `janus-${shape}+1`, seed: 900 + run, mutant }, { trace: 'off' });
  randomFaults(sim, rng, { steps: 60, untilViolation: true, tail: true, replace: true, heal: true });
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
