// Regression (found while reaching the mutants of issue 15): the untimed view never took an
// operator action. The operator answers null when it ran, and `operator(...) ?? 'no operator
// actions'` read that null as a refusal, so `--operators N` explored exactly the states of
// `--operators 0` (Janus 2+1, maxTerm 1, maxLog 0, 2 in flight: 471 states both ways).
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker, checkTarget } from '../../src/checker/check';

const BOUNDS = { maxTerm: 1, maxLog: 0, maxInFlight: 2 };

describe('operator actions in the untimed view', () => {
  it('an offered operator action is enabled, taken, and counted against maxOperators', () => {
    const t = checkTarget(REGISTRY, { protocol: 'janus-2+1', bounds: { ...BOUNDS, maxOperators: 1 } });
    const s0 = t.model.init();
    const ops = t.model.actions(s0).filter((a) => a.kind === 'operator');
    expect(ops.length).toBeGreaterThan(0);
    const s1 = t.model.next(s0, ops[0]!);
    expect(s1).not.toBeNull();
    expect(s1!.ops).toBe(1);
    // The budget is spent: no further operator action.
    expect(t.model.actions(s1!).filter((a) => a.kind === 'operator')).toEqual([]);
    const none = checkTarget(REGISTRY, { protocol: 'janus-2+1', bounds: { ...BOUNDS, maxOperators: 0 } });
    expect(none.model.actions(none.model.init()).filter((a) => a.kind === 'operator')).toEqual([]);
  });

  it('one operator action reaches states that none does not', () => {
    const run = (maxOperators: number) => new Checker(REGISTRY, { protocol: 'janus-2+1', bounds: { ...BOUNDS, maxOperators } }).run();
    const without = run(0);
    const with1 = run(1);
    expect(without.verdict).toBe('ok');
    expect(with1.verdict).toBe('ok');
    expect(with1.states).toBeGreaterThan(without.states);
  }, 120_000);
});
