// The checker's compact queue (src/checker/check.ts, `keepStates`): past a number of waiting states,
// a state waits as its number only and is remade from its recorded step when its turn comes. That
// is how the goal bounds' frontiers of millions of states fit in memory. A remade state must be the
// very state found: with nothing kept whole, a check explores the same states per depth, the same
// transitions, and finds the same shortest counterexample as with everything kept.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker, type CheckSetup } from '../../src/checker/check';

const run = (setup: CheckSetup, keepStates: number) => {
  const c = new Checker(REGISTRY, { ...setup, keepStates });
  const p = c.run();
  return { remade: c.remade, p };
};

describe('compact queue: states remade from their steps', () => {
  const cases: CheckSetup[] = [
    { protocol: 'janus-2+1', bounds: { maxTerm: 1, maxLog: 1, maxCrashes: 1, maxInFlight: 2 } },
    { protocol: 'janus-2+1', bounds: { maxTerm: 2, maxLog: 0, maxOperators: 1, maxInFlight: 1 } },
    { protocol: 'janus-3+1', bounds: { maxTerm: 1, maxLog: 0, maxInFlight: 2 } },
    { protocol: 'raft-3', bounds: { maxTerm: 1, maxLog: 1, maxInFlight: 2 }, symmetry: false },
  ];
  for (const setup of cases)
    it(`${setup.protocol} ${JSON.stringify(setup.bounds)}: the same exploration with no state kept whole`, () => {
      const whole = run(setup, Infinity);
      const compact = run(setup, 0);
      expect(whole.remade).toBe(0);
      // Every state but the initial one waited as a number and was remade (states outside the
      // constraint are not queued, so at most that many).
      expect(compact.remade).toBeGreaterThan(whole.p.states / 2);
      expect(compact.p.verdict).toBe('ok');
      expect({ states: compact.p.states, transitions: compact.p.transitions, perDepth: compact.p.statesPerDepth, deadlocks: compact.p.deadlocks }).toEqual({
        states: whole.p.states,
        transitions: whole.p.transitions,
        perDepth: whole.p.statesPerDepth,
        deadlocks: whole.p.deadlocks,
      });
    }, 120_000);

  it('a mixed queue (some kept, the rest remade) finds the same shortest counterexample', () => {
    const setup: CheckSetup = { protocol: 'raft-3', mutant: 'no-up-to-date-check', bounds: { maxTerm: 2, maxLog: 1, maxInFlight: 3 } };
    const whole = run(setup, Infinity);
    const mixed = run(setup, 500);
    expect(whole.p.verdict).toBe('violation');
    expect(mixed.remade).toBeGreaterThan(0);
    expect(mixed.p.verdict).toBe('violation');
    expect(mixed.p.finding?.property).toBe(whole.p.finding?.property);
    expect(mixed.p.finding?.path).toEqual(whole.p.finding?.path);
    expect(mixed.p.states).toBe(whole.p.states);
  }, 120_000);
});
