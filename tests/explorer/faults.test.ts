// The fault-phase machinery both explorer profiles plan with.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/kernel';
import { FaultPhase } from '../../src/contracts/faults';

describe('FaultPhase', () => {
  it('returns its actions time-ordered and leaves anything at or past its end to the heal', () => {
    const phase = new FaultPhase(new Prng(1), 1000);
    phase.at(999.9994, { type: 'write', node: 'D1' }); // rounds to 999.999: kept
    phase.at(1000, { type: 'write', node: 'D2' });
    phase.at(1200, { type: 'crash', node: 'D1' });
    phase.at(10, { type: 'crash', node: 'D3' });
    expect(phase.actions().map((a) => [a.t, a.action.type])).toEqual([
      [10, 'crash'],
      [999.999, 'write'],
    ]);
  });

  it('draws moments only inside the phase, about `rate` per second', () => {
    const phase = new FaultPhase(new Prng(2), 10_000);
    const moments: number[] = [];
    phase.poisson(5, (t) => moments.push(t));
    expect(moments.every((t, i) => t > 0 && t < 10_000 && (i === 0 || t > moments[i - 1]!))).toBe(true);
    expect(moments.length).toBeGreaterThan(30);
    expect(moments.length).toBeLessThan(70);
    phase.poisson(0, () => moments.push(-1));
    expect(moments).not.toContain(-1);
  });

  it('cuts links between two different nodes only', () => {
    const phase = new FaultPhase(new Prng(3), 20_000);
    phase.partitions(5, ['D1', 'D2', 'E'], 1500);
    const cuts = phase.actions().map((a) => a.action);
    expect(cuts.length).toBeGreaterThan(50);
    for (const c of cuts) {
      if (c.type !== 'cut') throw new Error(`not a cut: ${c.type}`);
      expect(c.from).not.toBe(c.to);
      expect(c.duration).toBeGreaterThanOrEqual(100);
      expect(c.duration).toBeLessThanOrEqual(1500);
    }
  });

  it('puts loss and duplication on every directed link, or nothing when both are 0', () => {
    const phase = new FaultPhase(new Prng(4), 1000);
    phase.lossyLinks(['D1', 'D2', 'E'], 0, 0);
    expect(phase.actions()).toEqual([]);
    phase.lossyLinks(['D1', 'D2', 'E'], 0.1, 0);
    expect(phase.actions().length).toBe(6);
  });
});
