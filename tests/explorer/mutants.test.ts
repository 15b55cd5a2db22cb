// The checker must be able to fail: every mutant of RULES.md (and ours) is caught within the
// explorer's default budget through its general knobs and patterns, and its counterexample shrinks.
// Issue 13's two (master seed 1): stale-ack-counted at run 440 (pattern leaderReturn),
// commit-past-match at run 467 (maxBatch knob).
import { describe, expect, it } from 'vitest';
import { explore, shrink } from '../../src/explorer/explorer';
import { DEFAULT_RUNS, profileOf, STORM } from '../../src/explorer/explorer';
import { MUTANT_SHAPES } from '../../src/protocols/janus/plugin';
import { MUTANTS } from '../../src/protocols/janus';

describe('mutants are caught', () => {
  it('every mutant has a shape to be hunted in', () => {
    expect(Object.keys(MUTANT_SHAPES).sort()).toEqual(Object.keys(MUTANTS).sort());
  });

  for (const [mutant, shape] of Object.entries(MUTANT_SHAPES)) {
    it(`${mutant} (${shape})`, () => {
      const profile = profileOf(shape)!;
      const stats = explore({ profile, runs: DEFAULT_RUNS, seed: 1, mutant }, () => performance.now());
      expect(stats.firstFailure, `${mutant} was not caught in ${DEFAULT_RUNS} runs`).not.toBeNull();
      const outcome = stats.firstFailure!.outcome;
      // Caught by a property, not by a run that merely broke its budget.
      expect(outcome.failure!.property).not.toBe(STORM);
      const shrunk = shrink(profile, outcome, 200);
      expect(shrunk.outcome.failure?.property).toBe(outcome.failure!.property);
      expect(shrunk.actions.length).toBeLessThanOrEqual(outcome.applied.length);
      console.log(
        `[mutant] ${mutant} on ${shape}: caught at run ${stats.runs} by ${outcome.failure!.property}; ` +
          `shrunk counterexample: ${shrunk.actions.length} actions, ${shrunk.outcome.events} events`,
      );
    });
  }
});
