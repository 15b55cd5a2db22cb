// The liveness sanity check (src/checker/liveness.ts): from sampled reachable states, with the
// failures the plug-in promises to survive made permanent, a new commit is still reachable. The
// unmutated protocols pass at small bounds; a mutant that cannot commit once a server is down for
// good, and a plug-in that promises more than the protocol survives, are found.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { checkTarget, type CheckTarget } from '../../src/checker/check';
import { livenessCheck, livenessUnsupported } from '../../src/checker/liveness';
import { UntimedModel, type AnyProtocol } from '../../src/kernel';
import type { CheckProfile } from '../../src/contracts';

const SMALL = { maxTerm: 1, maxLog: 1, maxInFlight: 2 };
const target = (protocol: string) => checkTarget(REGISTRY, { protocol, bounds: SMALL });
const noTime = <T extends { seconds: number }>(r: T) => ({ ...r, seconds: 0 });

/** The same target with another protocol object or check profile (a stand-in plug-in). */
function variant(t: CheckTarget, over: { protocol?: AnyProtocol; profile?: CheckProfile }): CheckTarget {
  const protocol = over.protocol ?? t.shape.plugin.protocol;
  const profile = over.profile ?? t.profile;
  const config = t.model.config;
  const model = new UntimedModel(protocol, { config, bounds: t.bounds, encoding: profile.encoding(config), canWrite: (s) => profile.canWrite(s, t.bounds) });
  return { ...t, profile, model, shape: { ...t.shape, plugin: { ...t.shape.plugin, protocol, check: profile } } };
}

describe('liveness sanity check', () => {
  it.each(['janus-2+1', 'janus-3+1', 'raft-3'])('%s: from every sampled state, under every promised failure, a new commit is reachable', (protocol) => {
    const r = livenessCheck(target(protocol), { samples: protocol === 'janus-3+1' ? 4 : 8, seed: 7 });
    expect(r.failures).toEqual([]);
    expect(r.sampled).toBe(protocol === 'janus-3+1' ? 4 : 8);
    expect(r.ok + r.noPromise).toBe(r.sampled);
    expect(r.ok).toBeGreaterThan(0);
    // More searches than samples: permanent failures were tried, not only "no failure".
    expect(r.searches).toBeGreaterThan(r.ok);
    expect(r.deepest).toBeGreaterThan(0);
  }, 240_000);

  it('regression: Raft 3 sample 14 of seed 1 (S1 leads term 1 with w1, S2 a candidate, S3 down for good) reaches a commit within the term bound', () => {
    // Unbounded terms, the breadth-first search drowned in elections: 20,000 states without the
    // 9-step commit (S1 leads a later term and commits a write of its own) and a false finding.
    const r = livenessCheck(target('raft-3'), { samples: 15, seed: 1 });
    expect(r.failures).toEqual([]);
    expect(r.bound.maxTerm).toBe(SMALL.maxTerm + 2);
    expect(r.deepest).toBeGreaterThanOrEqual(9);
  }, 240_000);

  it('is deterministic for a seed, and other seeds sample other states', () => {
    const t = target('janus-2+1');
    const a = livenessCheck(t, { samples: 6, seed: 3 });
    const b = livenessCheck(t, { samples: 6, seed: 3 });
    const c = livenessCheck(t, { samples: 6, seed: 4 });
    expect(noTime(b)).toEqual(noTime(a));
    expect(c.statesSearched).not.toBe(a.statesSearched);
  }, 240_000);

  it("finds Raft's quorum-off-by-one mutant (a quorum of all three: no commit with one server down for good), with the path to the sample", () => {
    const setup = { samples: 4, seed: 1, maxStates: 3000 };
    const r = livenessCheck(checkTarget(REGISTRY, { protocol: 'raft-3', mutant: 'quorum-off-by-one', bounds: SMALL }), setup);
    expect(r.failures.length).toBeGreaterThan(0);
    for (const f of r.failures) {
      // Only with a server down for good: every server up, the mutant still commits.
      expect(f.failed.length).toBe(1);
      expect(f.steps.length).toBe(f.path.length);
      expect(f.steps[f.steps.length - 1]).toBe(`crash ${f.failed[0]}`);
      expect(f.message).toMatch(/No new commit/);
    }
    // The same samples of the unmutated Raft pass.
    expect(livenessCheck(target('raft-3'), setup).failures).toEqual([]);
  }, 240_000);

  it('finds a plug-in that promises to survive more than a Raft majority can (two of three servers down)', () => {
    const t = target('raft-3');
    const overpromise: CheckProfile = {
      ...t.profile,
      promisedFailures: (v) => (v.up.every(Boolean) ? [v.nodeIds.slice(0, 2)] : []),
    };
    const r = livenessCheck(variant(t, { profile: overpromise }), { samples: 2, seed: 1, maxStates: 2000 });
    expect(r.failures.length).toBe(r.sampled - r.noPromise);
    expect(r.failures.length).toBeGreaterThan(0);
    expect(r.failures[0]!.failed.length).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('says why a shape without a promise cannot be checked', () => {
    const t = target('janus-published');
    expect(livenessUnsupported(t.profile)).toMatch(/no liveness promise/);
    expect(() => livenessCheck(t, { samples: 1 })).toThrow(/declares no liveness promise/);
  });
});
