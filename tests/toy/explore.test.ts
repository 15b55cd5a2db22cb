// The explorer on the toy plug-in, through its own registry: 200 seeded runs of the real toy
// find nothing (and carry real promises, so the liveness check tests something), each mutant is
// caught and shrinks, and the page's session runs the same runs.

import { describe, expect, it } from 'vitest';
import { allMutants, executeRun, explore, exploredShapes, mutantShape, planRun, profileOf, runSeed, shrink } from '../../src/explorer/explorer';
import { ExploreSession } from '../../src/explorer/session';
import { TOY_MUTANTS, TOY_PROPERTIES, TOY_SHAPE, toyPlugin, toyRegistry } from '../support/toy-plugin';

const registry = toyRegistry;
const profile = () => profileOf(TOY_SHAPE, registry)!;

describe('explorer on the toy plug-in', () => {
  it('finds its shape and mutants through the registry', () => {
    expect(exploredShapes(registry)).toEqual([TOY_SHAPE]);
    expect(allMutants(registry).map((m) => m.mutant).sort()).toEqual(Object.keys(TOY_MUTANTS).sort());
    for (const m of Object.keys(TOY_MUTANTS)) expect(mutantShape(m, registry)).toBe(TOY_SHAPE);
  });

  it('200 seeded runs: no violation, no liveness failure, and most runs promise progress', () => {
    const stats = explore({ profile: profile(), runs: 200, seed: 3, keepGoing: true, registry }, () => performance.now());
    const f = stats.firstFailure;
    expect(f ? `${f.outcome.failure!.property}: ${f.outcome.failure!.message} (run seed ${f.seed})` : null).toBeNull();
    expect(stats.runs).toBe(200);
    expect(stats.violations).toBe(0);
    expect(stats.livenessFailures).toBe(0);
    const promised = Object.values(stats.promised).reduce((a, b) => a + b, 0);
    expect(promised).toBeGreaterThan(100);
    expect(Object.keys(stats.promised).sort()).toEqual(['full', 'one-follower']);
    // The rare paths were taken.
    for (const p of toyPlugin.view.probes!) expect(stats.coverage[p] ?? 0, p).toBeGreaterThan(0);
  });

  it('a run is a function of its seed, and replaying its actions reproduces it', () => {
    const p = profile();
    const plan = planRun(p, runSeed(8, 2), null);
    const a = executeRun(p, plan, undefined, registry);
    expect(executeRun(p, planRun(p, runSeed(8, 2), null), undefined, registry).traceHash).toBe(a.traceHash);
    expect(executeRun(p, plan, a.applied, registry).traceHash).toBe(a.traceHash);
    expect(a.applied.length).toBeGreaterThan(0);
  });

  it('the liveness check bites: a leader that never stops waiting for a dead follower fails it', () => {
    const p = profile();
    let k = 0;
    let plan = planRun(p, runSeed(4, k), null);
    while (plan.healKind !== 'one-follower') plan = planRun(p, runSeed(4, ++k), null);
    const sound = executeRun(p, plan, undefined, registry);
    expect(sound.promise).toMatch(/down for good/);
    expect(sound.failure).toBeNull();
    const stuck = { ...plan, spec: { ...plan.spec, timing: { ...plan.spec.timing, followerTimeout: 1e9 } } };
    const o = executeRun(p, stuck, undefined, registry);
    expect(o.failure).toMatchObject({ kind: 'liveness', property: 'Liveness' });
  });

  for (const mutant of Object.keys(TOY_MUTANTS)) {
    it(`the ${mutant} mutant is caught, and its counterexample shrinks`, () => {
      const p = profile();
      const stats = explore({ profile: p, runs: 300, seed: 1, mutant, registry }, () => performance.now());
      expect(stats.firstFailure, `${mutant} was not caught in 300 runs`).not.toBeNull();
      const outcome = stats.firstFailure!.outcome;
      expect(outcome.failure!.kind).toBe('safety');
      expect(TOY_PROPERTIES).toContain(outcome.failure!.property);
      const shrunk = shrink(p, outcome, 150, undefined, registry);
      expect(shrunk.outcome.failure?.property).toBe(outcome.failure!.property);
      expect(shrunk.actions.length).toBeLessThanOrEqual(outcome.applied.length);
    });
  }

  it("the page's session runs the same runs and finds the same first failure", () => {
    const session = new ExploreSession(profile(), 1, 300, 'volatile-log', false, registry);
    let clock = 0;
    while (!session.state.finished) session.slice(5, () => clock++);
    const stats = explore({ profile: profile(), runs: 300, seed: 1, mutant: 'volatile-log', registry }, () => performance.now());
    expect(session.state.finding?.seed).toBe(stats.firstFailure?.seed);
    expect(session.state.done).toBe(stats.runs);
    expect(session.shrinkFinding(100)!.length).toBeLessThanOrEqual(stats.firstFailure!.outcome.applied.length);
  });
});
