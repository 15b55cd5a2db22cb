// The liveness sanity check's recovery goal (src/checker/liveness.ts step 3, CheckProfile.recovery):
// from a sampled state not yet recovered, every node down restarted and no further fault, a state
// the plug-in calls recovered (Janus: the elector's R is every data node again) must be reachable.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { checkTarget, type CheckTarget } from '../../src/checker/check';
import { livenessCheck } from '../../src/checker/liveness';
import type { CheckProfile } from '../../src/contracts';

const BOUNDS = { maxTerm: 2, maxLog: 0, maxOperators: 1, maxInFlight: 2 };
const target = (mutant?: string) => checkTarget(REGISTRY, { protocol: 'janus-2+1', mutant, bounds: BOUNDS });
const withProfile = (t: CheckTarget, profile: CheckProfile): CheckTarget => ({ ...t, profile });

describe('liveness sanity check: recovery', () => {
  it('Janus 2+1 with one elector replacement: R grows back from every sample not yet recovered', () => {
    const r = livenessCheck(target(), { samples: 120, seed: 1 });
    // Samples past a replacement (not yet installed, or R shrunk) ran a recovery search.
    expect(r.recoveries).toBeGreaterThan(0);
    expect(r.failures).toEqual([]);
  }, 240_000);

  it('a goal never reached is a finding under the plug-in\'s property name, with every node up', () => {
    const t = target();
    const never: CheckProfile = { ...t.profile, recovery: { property: 'NeverRecovered', unrestored: () => 'never' } };
    const r = livenessCheck(withProfile(t, never), { samples: 3, seed: 1, maxStates: 500 });
    expect(r.recoveries).toBe(3);
    const rec = r.failures.filter((f) => f.property === 'NeverRecovered');
    expect(rec.length).toBe(3);
    for (const f of rec) {
      expect(f.failed).toEqual([]);
      expect(f.message).toContain('NeverRecovered: never');
    }
  }, 240_000);

  it('quiet timers are not fired in the recovery search: with every timer quiet nothing is recovered from a state that needs one', () => {
    const t = target();
    const goal = t.profile.recovery!;
    const allQuiet: CheckProfile = { ...t.profile, recovery: { ...goal, quiet: () => true } };
    const loud = livenessCheck(t, { samples: 60, seed: 1 });
    const quiet = livenessCheck(withProfile(t, allQuiet), { samples: 60, seed: 1 });
    expect(loud.failures.filter((f) => f.property === goal.property)).toEqual([]);
    // The same samples; with no timer the elector replacement or growth cannot finish.
    expect(quiet.recoveries).toBe(loud.recoveries);
    expect(quiet.failures.filter((f) => f.property === goal.property).length).toBeGreaterThan(0);
  }, 240_000);
});
