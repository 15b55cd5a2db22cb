// A short explorer budget in CI: the real protocol passes every run of both shapes, the explorer
// is deterministic, and a failing run shrinks and replays.
import { describe, expect, it } from 'vitest';
import { executeRun, explore, planRun, runSeed } from '../../src/explorer/explorer';
import { profileOf } from '../../src/explorer/explorer';

describe('explorer', () => {
  for (const shape of ['janus-3+1', 'janus-2+1']) {
    it(`${shape}: 300 seeded runs, no violation and no liveness failure`, () => {
      const stats = explore({ profile: profileOf(shape)!, runs: 300, seed: 7, keepGoing: true }, () => performance.now());
      const f = stats.firstFailure;
      expect(f ? `${f.outcome.failure!.property}: ${f.outcome.failure!.message} (run seed ${f.seed})` : null).toBeNull();
      expect(stats.runs).toBe(300);
      // The heal phase must carry real promises, or the liveness check tests nothing.
      expect(Object.values(stats.promised).reduce((a, b) => a + b, 0)).toBeGreaterThan(150);
    });
  }

  it('a run is a function of its seed', () => {
    const profile = profileOf('janus-3+1')!;
    const seed = runSeed(42, 3);
    const a = executeRun(profile, planRun(profile, seed, null));
    const b = executeRun(profile, planRun(profile, seed, null));
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.events).toBe(b.events);
    expect(a.applied.length).toBeGreaterThan(0);
  });

  it('replaying the applied actions reproduces the run', () => {
    const profile = profileOf('janus-2+1')!;
    const plan = planRun(profile, runSeed(5, 1), null);
    const a = executeRun(profile, plan);
    const b = executeRun(profile, plan, a.applied);
    expect(b.traceHash).toBe(a.traceHash);
  });
});

import { ExploreSession } from '../../src/explorer/session';

describe('explore session (slices, as a page runs it)', () => {
  it('runs the same runs as explore and stops on a finding', () => {
    const profile = profileOf('janus-2+1')!;
    const session = new ExploreSession(profile, 1, 3000, 'elect-any');
    let slices = 0;
    let clock = 0;
    // A fake clock: each call advances 1 ms, so a slice of 5 ms is a handful of runs.
    while (!session.state.finished && slices < 10_000) {
      session.slice(5, () => clock++);
      slices++;
    }
    const stats = explore({ profile, runs: 3000, seed: 1, mutant: 'elect-any' }, () => performance.now());
    expect(session.state.finding?.seed).toBe(stats.firstFailure?.seed);
    expect(session.state.done).toBe(stats.runs);
    expect(slices).toBeGreaterThan(0);
    const shrunk = session.shrinkFinding(100);
    expect(shrunk!.length).toBeLessThanOrEqual(stats.firstFailure!.outcome.applied.length);
  });
});
