// Regression: an explorer finding's link must open in the lab. The Janus profile draws maxBatch
// (spec.timing.maxBatch), which the shape did not list as a setting, so every finding of a run
// with a drawn batch size was refused as "a timer janus-3+1 does not have" (found by
// e2e/explore.spec.ts: "Copy link" of commit-on-majority at seed 1 opened without the violation).
import { describe, expect, it } from 'vitest';
import { exploredShapes, planRun, profileOf } from '../../src/explorer/explorer';
import { findingScenario } from '../../src/explorer/link';
import { openLink, scenarioUrl } from '../../src/scenario/link';

describe('every planned run of every explored shape opens from its link', () => {
  for (const shape of exploredShapes()) {
    it(shape, async () => {
      const profile = profileOf(shape)!;
      for (let seed = 1; seed <= 12; seed++) {
        const plan = planRun(profile, seed);
        // The fault phase only: enough to carry every setting the plan drew.
        const { scenario, traceHash } = findingScenario(plan, plan.actions.slice(0, 3), null);
        const url = await scenarioUrl('http://127.0.0.1/', scenario, { traceHash });
        const r = await openLink(url.slice(url.indexOf('#')));
        expect(r.ok ? null : r.error, `${shape} seed ${seed}`).toBeNull();
        if (r.ok) expect(r.timeline.sim.traceHash).toBe(traceHash);
      }
    }, 120_000);
  }
});

describe('a link is checked against the range each setting declares', () => {
  it('a 0/1 switch may be 0 or 1, not 2', async () => {
    const { REGISTRY } = await import('../../src/protocols/registry');
    const { checkSemantics } = await import('../../src/scenario/open');
    const shape = Object.values(REGISTRY.shapes).find((s) => s.timing.some((k) => k.min === 0));
    expect(shape, 'a shape with a 0/1 switch').toBeDefined();
    const sw = shape!.timing.find((k) => k.min === 0)!;
    const sc = (timing: Record<string, number>) => ({ version: 1, spec: { protocol: shape!.id, seed: 1, timing }, actions: [], cursor: 0 }) as never;
    expect(checkSemantics(sc({ [sw.key]: 0 }))).toBeNull();
    expect(checkSemantics(sc({ [sw.key]: 2 }))?.message).toMatch(new RegExp(`sets ${sw.key} to 2; .* allows 0 to 1`));
  });
});
