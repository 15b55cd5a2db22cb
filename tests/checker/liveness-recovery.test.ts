// The liveness sanity check's recovery goal (src/checker/liveness.ts step 3, CheckProfile.recovery):
// from a sampled state not yet recovered, every node down restarted and no further fault, a state
// the plug-in calls recovered (Janus: the elector's R is every data node again) must be reachable.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker, checkTarget, replayPath, type CheckTarget } from '../../src/checker/check';
import { livenessCheck, sampleCheckedStates } from '../../src/checker/liveness';
import type { CheckProfile } from '../../src/contracts';
import type { UntimedAction } from '../../src/kernel';

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

// Mutant no-leader-learning (issue 15): the replacement elector never learns its leader, so R never
// grows back. The run: D1 leads, shrinks R to {D1} (term 2), and installs a new elector (epoch 1,
// term 2, R = {D1}, no leader).
/** D1 takes over term 1, then shrinks R to {D1} (term 2). */
const D1_ALONE = [
  'D1: electionTimeout fires [timed out]',
  'deliver TermRequest',
  'deliver TermResponse',
  'D1: heartbeatInterval fires [timed out]',
  'deliver TermRequest{kind:shrink',
  'deliver TermResponse{granted:true,electorEpoch:0,term:2',
];
const REPLACED_AFTER_SHRINK = [
  ...D1_ALONE,
  'operator replaceElector via D1',
  'deliver ElectorChange',
  'deliver ElectorChangeAck',
  'deliver InstallElector',
];

function pathOf(t: CheckTarget, steps: readonly string[]): UntimedAction[] {
  const m = t.model;
  const label = (msg: unknown) => {
    const { type, ...rest } = msg as { type: string };
    return `${type}${JSON.stringify(rest).replace(/"/g, '')}`;
  };
  let s = m.init();
  const path: UntimedAction[] = [];
  for (const step of steps) {
    const actions = m.actions(s);
    const a = actions.find((x) => m.describe(s, x, label).includes(step));
    if (!a) throw new Error(`not enabled: ${step}`);
    path.push(a);
    s = m.next(s, a)!;
  }
  return path;
}

describe('liveness sanity check: no-leader-learning', () => {
  // The walk needs more than 2 messages in flight; the recovery search has no such bound anyway.
  const wide = (mutant?: string) => checkTarget(REGISTRY, { protocol: 'janus-2+1', mutant, bounds: { maxTerm: 2, maxLog: 0, maxOperators: 1 } });

  it('after a replacement that follows a shrink, R never grows back under the mutant: the whole fault-free search is a finding', () => {
    const t = wide('no-leader-learning');
    const r = livenessCheck(t, { samples: 1, from: [pathOf(t, REPLACED_AFTER_SHRINK)], maxStates: 1_000_000 });
    expect(r.failures.map((f) => [f.property, f.exhausted])).toEqual([['Recovery', true]]);
    expect(r.failures[0]!.message).toContain("the elector's R is still {D1}");
    expect(r.failures[0]!.steps.length).toBe(REPLACED_AFTER_SHRINK.length);
  }, 240_000);

  it('without the mutant the new elector learns D1 from its heartbeat and grants the grow', () => {
    const t = wide();
    const r = livenessCheck(t, { samples: 1, from: [pathOf(t, REPLACED_AFTER_SHRINK)] });
    expect(r.recoveries).toBe(1);
    expect(r.failures).toEqual([]);
  });

  it("the leader's silence checks are quiet while every node answers: with them loud the mutant escapes through a shrink that teaches the elector its leader", () => {
    const t = wide('no-leader-learning');
    const goal = t.profile.recovery!;
    // Only the election timers quiet, as before: a heartbeat that finds the joiner silent asks for a
    // new term, which the new elector grants, and so learns its leader.
    const electionOnly: CheckProfile = { ...t.profile, recovery: { ...goal, quiet: (v, node, timer) => goal.quiet!(v, node, timer, []) } };
    const r = livenessCheck(withProfile(t, electionOnly), { samples: 1, from: [pathOf(t, REPLACED_AFTER_SHRINK)], maxStates: 1_000_000 });
    expect(r.failures).toEqual([]);
    expect(r.recoveries).toBe(1);
  }, 240_000);

  it('janusQuietTimer: a silence answer is quiet for the leader of the elector\'s term while every data node is up and none is blank', () => {
    const t = wide();
    const m = t.model;
    let s = m.init();
    for (const a of pathOf(t, REPLACED_AFTER_SHRINK)) s = m.next(s, a)!;
    const v = { nodeIds: m.nodeIds, states: s.nodes.map((n) => n.state), up: s.nodes.map((n) => n.up), messages: [] };
    const quiet = t.profile.recovery!.quiet!;
    expect(quiet(v, 'D1', 'heartbeatInterval', [true])).toBe(true);
    expect(quiet(v, 'D1', 'heartbeatInterval', [false])).toBe(false);
    expect(quiet(v, 'D1', 'catchUpCheck', [true])).toBe(true);
    expect(quiet(v, 'D2', 'electionTimeout', [])).toBe(true);
    // D2 down: D1 may find it silent.
    expect(quiet({ ...v, up: v.up.map((u, i) => (m.nodeIds[i] === 'D2' ? false : u)) }, 'D1', 'heartbeatInterval', [true])).toBe(false);
    // D2 blank (lost its disk): it never acks, so D1's shrink stays possible.
    const blank = v.states.map((x) => ((x as { id?: string }).id === 'D2' ? { ...(x as object), marker: null } : x));
    expect(quiet({ ...v, states: blank }, 'D1', 'heartbeatInterval', [true])).toBe(false);
  });
});

describe('liveness samples drawn from the check\'s own states', () => {
  it('distinct states, uniformly by discovery number, the same for a seed; every one when asked for more than there are', () => {
    const c = new Checker(REGISTRY, { protocol: 'janus-2+1', bounds: { maxTerm: 1, maxLog: 0, maxInFlight: 2 } });
    c.run();
    const n = c.progress().states;
    const fps = (paths: UntimedAction[][]) =>
      paths.map((p) => {
        const st = replayPath(c.target.model, p).at(-1)!;
        const fp = new Int32Array(2);
        c.target.model.fingerprint(st, fp);
        return `${fp[0]},${fp[1]}`;
      });
    const a = sampleCheckedStates(c, 20, 7);
    expect(a.length).toBe(20);
    expect(new Set(fps(a)).size).toBe(20);
    expect(fps(sampleCheckedStates(c, 20, 7))).toEqual(fps(a));
    expect(fps(sampleCheckedStates(c, 20, 8))).not.toEqual(fps(a));
    const all = sampleCheckedStates(c, n + 5, 1);
    expect(all.length).toBe(n);
    expect(new Set(fps(all)).size).toBe(n);
    // Deeper states are drawn too, not only those near the start.
    expect(Math.max(...a.map((p) => p.length))).toBeGreaterThan(3);
  });

  it('the liveness check takes the given paths as its samples', () => {
    const c = new Checker(REGISTRY, { protocol: 'janus-2+1', bounds: BOUNDS });
    c.run();
    const from = sampleCheckedStates(c, 5, 1);
    const r = livenessCheck(c.target, { samples: 5, from });
    expect(r.sampled).toBe(5);
    expect(r.failures).toEqual([]);
  }, 240_000);
});

describe('liveness sanity check: recovery is searched only where it is promised', () => {
  // D1 leads, shrinks R to {D1} (term 2), commits w1 alone and loses its disk: no member of R that
  // still has its disk is left, and REJOIN.md §8 O-1 keeps the cluster down rather than lose w1.
  const LAST_HOLDER_WIPED = [...D1_ALONE, 'client write "w1" at D1', 'crash D1 (disk lost)'];
  const wiped = () => checkTarget(REGISTRY, { protocol: 'janus-2+1', bounds: { maxTerm: 2, maxLog: 1, maxCrashes: 1, maxWipes: 1 } });

  it('the last holder of the log wiped: no recovery is promised, so none is searched', () => {
    const t = wiped();
    const r = livenessCheck(t, { samples: 1, from: [pathOf(t, LAST_HOLDER_WIPED)] });
    expect(r.unpromised).toBe(1);
    expect(r.recoveries).toBe(0);
    expect(r.failures).toEqual([]);
  });

  it('without the promise the same sample is a finding: R never becomes whole again', () => {
    const t = wiped();
    const { promised: _promised, ...rest } = t.profile.recovery!;
    const r = livenessCheck(withProfile(t, { ...t.profile, recovery: rest }), { samples: 1, from: [pathOf(t, LAST_HOLDER_WIPED)] });
    expect(r.unpromised).toBe(0);
    expect(r.failures.map((f) => f.property)).toEqual(['Recovery']);
  });

  it('janusRecoveryPromised: promised with a member of R up and not blank; not with the elector uninstalled and a node blank', () => {
    const t = wiped();
    const m = t.model;
    let s = m.init();
    const path = pathOf(t, LAST_HOLDER_WIPED);
    for (const a of path.slice(0, -1)) s = m.next(s, a)!;
    const v = { nodeIds: m.nodeIds, states: s.nodes.map((n) => n.state), up: s.nodes.map((n) => n.up), messages: [] };
    const promised = t.profile.recovery!.promised!;
    expect(promised(v)).toBe(true);
    const d1Blank = v.states.map((x) => ((x as { id?: string }).id === 'D1' ? { ...(x as object), marker: null } : x));
    expect(promised({ ...v, states: d1Blank })).toBe(false);
    const d2Blank = v.states.map((x) => ((x as { id?: string }).id === 'D2' ? { ...(x as object), marker: null } : x));
    expect(promised({ ...v, states: d2Blank })).toBe(true);
    const uninstalled = d2Blank.map((x) => ((x as { kind?: string }).kind === 'elector' ? { ...(x as object), installed: false } : x));
    expect(promised({ ...v, states: uninstalled })).toBe(false);
    // The elector lost its disk (uninstalled), nobody blank: only a replacement under way can install it.
    const lostElector = v.states.map((x) => ((x as { kind?: string }).kind === 'elector' ? { ...(x as object), installed: false } : x));
    expect(promised({ ...v, states: lostElector })).toBe(false);
    const replacing = lostElector.map((x) => ((x as { id?: string }).id === 'D2' ? { ...(x as object), installer: { newEpoch: 1 } } : x));
    expect(promised({ ...v, states: replacing })).toBe(true);
  });
});
