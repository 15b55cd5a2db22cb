// Fault coverage and the per-run budget (issue 13): a kernel that silently stopped duplicating
// messages fails the explorer's coverage check; a protocol that resends on every refusal ends in a
// reported, shrunk storm, not a hang.
import { describe, expect, it } from 'vitest';
import { Registry, type RunSpec } from '../../src/contracts';
import { Simulation, type Action, type SimOptions } from '../../src/kernel';
import { executeRun, explore, planRun, profileOf, runSeed, shrink, STORM } from '../../src/explorer/explorer';
import { faultCoverageFailure, runBudget } from '../../src/explorer/coverage';
import { REGISTRY } from '../../src/protocols/registry';
import { toyPlugin, toyProtocol, TOY_SHAPE, type ToyMessage } from '../support/toy-plugin';

/** A kernel double: links never duplicate (a `link` action's dup is silently ignored). */
class NoDupSimulation extends Simulation {
  override apply(a: Action) {
    if (a.type === 'link' && a.params.dup !== undefined) return super.apply({ ...a, params: { ...a.params, dup: 0 } });
    return super.apply(a);
  }
}
class NoDupRegistry extends Registry {
  override createSimulation(spec: RunSpec, extra: Partial<SimOptions> = {}): Simulation {
    return new NoDupSimulation(this.shape(spec.protocol).plugin.protocol, this.simOptions(spec, extra));
  }
}

describe('fault coverage', () => {
  const runs = 150;
  for (const shape of ['janus-3+1', 'janus-2+1']) {
    it(`${shape}: ${runs} runs meet every fault of the profile, each counted from the trace`, () => {
      const profile = profileOf(shape)!;
      const stats = explore({ profile, runs, seed: 1, keepGoing: true }, () => performance.now());
      expect(Object.keys(stats.faults).sort()).toEqual([...profile.faults!].sort());
      expect(stats.missingFaults).toEqual([]);
      expect(faultCoverageFailure(stats, runs)).toBeNull();
      // Each fault happens in some runs, not in all (the swarm leaves classes out).
      for (const f of ['loss', 'duplicate', 'one-way cut', 'crash in flight', 'timed cut expired']) {
        expect(stats.faults[f], f).toBeGreaterThan(0);
        expect(stats.faults[f], f).toBeLessThan(runs);
      }
    });
  }

  it('a kernel that never duplicates fails the coverage check of `npm run explore`', () => {
    const registry = new NoDupRegistry(REGISTRY.plugins);
    const profile = profileOf('janus-3+1', registry)!;
    const stats = explore({ profile, runs, seed: 1, keepGoing: true, registry }, () => performance.now());
    expect(stats.violations + stats.livenessFailures).toBe(0);
    expect(stats.faults.duplicate).toBe(0);
    expect(stats.missingFaults).toEqual(['duplicate']);
    expect(faultCoverageFailure(stats, runs)).toBe(`never happened in ${runs} runs: duplicate`);
    // The same seeds on the real kernel do duplicate.
    expect(explore({ profile, runs: 20, seed: 1, keepGoing: true }, () => performance.now()).faults.duplicate).toBeGreaterThan(0);
  });
});

// A protocol double: the toy, with followers that refuse every Replicate and a leader that
// resends on every refusal, to every follower (the bug class of issue 13: a stale leader
// resending on each refusal, 3,000,000 events by 2.3 s).
const stormProtocol: typeof toyProtocol = {
  ...toyProtocol,
  onMessage(ctx, s, from, m: ToyMessage, c) {
    if (m.type === 'Replicate' && s.role !== 'leader') {
      ctx.send(from, { type: 'Ack', ok: false, match: s.log.length });
      return;
    }
    toyProtocol.onMessage(ctx, s, from, m, c);
    if (m.type === 'Ack' && !m.ok && s.role === 'leader')
      for (const f of c.nodes) if (f !== from && f !== ctx.self) ctx.send(f, { type: 'Replicate', prevIndex: 0, entries: s.log.slice(0, c.maxBatch), commit: s.commitIndex });
  },
};
const stormRegistry = new Registry([{ ...toyPlugin, protocol: stormProtocol }]);

describe('per-run budget', () => {
  it('grows with the run length', () => {
    expect(runBudget(20_000, 4).events).toBeGreaterThan(runBudget(10_000, 4).events);
    expect(runBudget(20_000, 4).inFlight).toBeGreaterThan(runBudget(10_000, 4).inFlight);
  });

  it('a protocol that resends on every refusal ends in a reported storm, shrunk, not a hang', () => {
    const profile = profileOf(TOY_SHAPE, stormRegistry)!;
    const stats = explore({ profile, runs: 20, seed: 1, registry: stormRegistry }, () => performance.now());
    const f = stats.firstFailure;
    expect(f, 'no storm reported').not.toBeNull();
    const o = f!.outcome;
    expect(o.failure!.property).toBe(STORM);
    expect(o.failure!.kind).toBe('liveness');
    expect(o.failure!.message).toMatch(/past the run's budget/);
    expect(stats.storms).toBe(1);
    const budget = runBudget(o.plan.healAt + profile.settleMs + o.plan.livenessBound, 3);
    expect(o.events).toBeLessThanOrEqual(budget.events + 1);
    const s = shrink(profile, o, 40, undefined, stormRegistry);
    expect(s.outcome.failure!.property).toBe(STORM);
    expect(s.actions.length).toBeLessThan(o.applied.filter((p) => p.phase !== 'write').length);
    // The shrunk run replays as the same storm.
    expect(executeRun(profile, o.plan, s.outcome.applied, stormRegistry).failure?.property).toBe(STORM);
  }, 120_000);

  it('the real toy protocol, on the same seeds, has no storm', () => {
    const profile = profileOf(TOY_SHAPE, new Registry([toyPlugin]))!;
    for (let i = 0; i < 5; i++) {
      const o = executeRun(profile, planRun(profile, runSeed(1, i), null), undefined, new Registry([toyPlugin]));
      expect(o.failure?.property ?? null).not.toBe(STORM);
    }
  });
});
