// The checker must be able to fail: each Raft mutant breaks one rule of the paper on purpose and
// is caught by the explorer within its default budget (3000 runs), and its counterexample shrinks.
// One mutant, commit-old-term (§5.4.2), needs the Figure 8 schedule, which the explorer's random
// faults do not build within the budget (src/protocols/raft/README.md, "Mutants"): the golden
// script tests/golden/raft-mutant-commit-old-term.txt drives it by hand, checked here too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNS, explore, profileOf, shrink } from '../../src/explorer/explorer';
import { MUTANTS } from '../../src/protocols/raft/config';
import { PROPERTIES } from '../../src/protocols/raft/invariants';
import { MUTANT_SHAPES } from '../../src/protocols/raft/plugin';
import { runScript } from '../../src/testing/script';
import { registry } from './helpers';

/** Mutants the explorer is not expected to catch on its own, with the script that shows each. */
const BY_SCRIPT: Record<string, string> = { 'commit-old-term': 'raft-mutant-commit-old-term.txt' };

const golden = (f: string) => readFileSync(join(__dirname, '..', 'golden', f), 'utf8');

describe('Raft mutants are caught', () => {
  it('every mutant has a shape to be hunted in, and there are at least six', () => {
    expect(Object.keys(MUTANT_SHAPES).sort()).toEqual(Object.keys(MUTANTS).sort());
    expect(Object.keys(MUTANTS).length).toBeGreaterThanOrEqual(6);
  });

  for (const [mutant, shape] of Object.entries(MUTANT_SHAPES)) {
    if (BY_SCRIPT[mutant]) continue;
    it(`${mutant} (${shape}) within ${DEFAULT_RUNS} runs`, () => {
      const profile = profileOf(shape, registry)!;
      const stats = explore({ profile, runs: DEFAULT_RUNS, seed: 1, mutant, registry }, () => performance.now());
      expect(stats.firstFailure, `${mutant} was not caught in ${DEFAULT_RUNS} runs`).not.toBeNull();
      const outcome = stats.firstFailure!.outcome;
      expect(outcome.failure!.kind).toBe('safety');
      expect(PROPERTIES).toContain(outcome.failure!.property);
      const shrunk = shrink(profile, outcome, 200, undefined, registry);
      expect(shrunk.outcome.failure?.property).toBe(outcome.failure!.property);
      expect(shrunk.actions.length).toBeLessThanOrEqual(outcome.applied.length);
      console.log(
        `[mutant] ${mutant} on ${shape}: caught at run ${stats.runs} by ${outcome.failure!.property}; ` +
          `shrunk counterexample: ${shrunk.actions.length} actions, ${shrunk.outcome.events} events`,
      );
    });
  }

  it('commit-old-term: the Figure 8 schedule, driven by hand, breaks Leader Completeness and State Machine Safety', () => {
    const text = golden(BY_SCRIPT['commit-old-term']!);
    expect(text).toMatch(/^mutant commit-old-term$/m);
    const broken = runScript(text, { registry });
    expect([...new Set(broken.sim.violations.map((v) => v.property))]).toEqual(['LeaderCompleteness', 'StateMachineSafety']);
    // The same schedule without the mutant breaks nothing: S1 does not commit b=2 at (c).
    const sound = runScript(text.replace(/^mutant commit-old-term\n/m, ''), { registry });
    expect(sound.sim.violations).toEqual([]);
  });
});
