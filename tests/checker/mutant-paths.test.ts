// The runs that break grow-on-commit and stale-ack-counted, step by step through the checker's own
// untimed model (issue 15: both were not found until the 3+1 goal bound with 1–2 messages in flight;
// `npm run check:mutants` finds them, src/protocols/janus/mutant-checks.ts). Each step names the
// action as the model describes it; under the mutant the last step breaks CommittedOnReplicationSet,
// and the unmutated protocol, given the same steps, refuses the broken one.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { checkTarget } from '../../src/checker/check';
import type { UntimedState } from '../../src/kernel';

const label = (msg: unknown): string => {
  const { type, ...rest } = msg as { type: string };
  return `${type}${JSON.stringify(rest).replace(/"/g, '')}`;
};

/** Take the steps (each the first enabled action whose description contains it); the states after each, or the index of the first step not enabled. */
function walk(mutant: string | null, steps: readonly string[]): { states: UntimedState[]; missing: number | null; enabled: string[] } {
  const { model } = checkTarget(REGISTRY, { protocol: 'janus-3+1', mutant, bounds: { maxTerm: 5, maxLog: 2, maxCrashes: 1, maxWrites: 2 } });
  let s = model.init();
  const states: UntimedState[] = [];
  for (let k = 0; k < steps.length; k++) {
    const actions = model.actions(s);
    const said = actions.map((a) => model.describe(s, a, label));
    const i = said.findIndex((d) => d.includes(steps[k]!));
    if (i < 0) return { states, missing: k, enabled: said };
    s = model.next(s, actions[i]!)!;
    states.push(s);
  }
  return { states, missing: null, enabled: [] };
}

const violated = (s: UntimedState | undefined): string[] => (s?.violations ?? []).map((v) => v.property);

describe('grow-on-commit: a leader whose commit index lags grows R around a committed entry', () => {
  // D1 leads term 1 and shrinks R to itself (term 2), commits w1 alone, catches D2 up and asks to
  // grow R to {D1, D2}; it crashes and restarts before the grant, which still makes it leader of
  // term 3, now with commit index 0. Its catch-up check starts to join D3.
  const steps = [
    'D1: electionTimeout fires [timed out]',
    'deliver TermRequest{kind:takeover,from:D1',
    'deliver TermResponse{granted:true,electorEpoch:0,term:1',
    'D1: heartbeatInterval fires [timed out, timed out]',
    'deliver TermRequest{kind:shrink',
    'deliver TermResponse{granted:true,electorEpoch:0,term:2',
    'client write "w1" at D1',
    'D1: catchUpCheck fires [not yet]',
    'entries:[{term:2,index:1,command:w1}],leaderCommit:1} D1→D2',
    'deliver AppendEntriesResponse{term:2,from:D2',
    'crash D1',
    'restart D1',
    'deliver TermRequest{kind:grow,from:D1,term:2',
    'deliver TermResponse{granted:true,electorEpoch:0,term:3',
    'D1: catchUpCheck fires [not yet]',
  ];
  const grow = 'deliver TermRequest{kind:grow,from:D1,term:3';

  it('under the mutant the joiner "has caught up" to commit index 0 at once: E grants R = {D1, D2, D3} without w1', () => {
    const r = walk('grow-on-commit', [...steps, grow]);
    expect(r.missing).toBeNull();
    expect(r.states.slice(0, -1).every((s) => s.violations.length === 0)).toBe(true);
    expect(violated(r.states.at(-1))).toEqual(['CommittedOnReplicationSet']);
  });

  it('without it D1 must first bring D3 to its last log index: no grow request is in flight', () => {
    const r = walk(null, [...steps, grow]);
    expect(r.missing).toBe(steps.length);
    expect(r.states.every((s) => s.violations.length === 0)).toBe(true);
    expect(r.enabled.some((d) => d.includes('TermRequest{kind:grow'))).toBe(false);
    // D3 must match index 1 (w1) first: D1's AppendEntries to it (prevLogIndex 1) will back off.
    expect((r.states.at(-1)!.nodes[0]!.state as { joining: unknown }).joining).toEqual({ node: 'D3', joinFrom: 1 });
    expect(r.enabled.some((d) => d.startsWith('deliver AppendEntries{term:3,leaderId:D1') && d.endsWith('D1→D3'))).toBe(true);
  });
});

describe('stale-ack-counted: an ack of an older term commits an entry its sender no longer has', () => {
  // D1 leads term 1 and writes w1; D2's ack stays in flight. D3 takes over (term 2, R still every
  // node) and its w2 overwrites D2's index 1; D1 hears of term 2 and takes over again (term 3,
  // R = {D1, D2}); then D2's old ack arrives.
  const steps = [
    'D1: electionTimeout fires [timed out]',
    'deliver TermRequest',
    'deliver TermResponse',
    'client write "w1" at D1',
    'entries:[{term:1,index:1,command:w1}],leaderCommit:0} D1→D2',
    'D3: electionTimeout fires [timed out]',
    'D3→E [timed out]',
    'deliver TermResponse{granted:true,electorEpoch:0,term:2',
    'client write "w2" at D3',
    'entries:[{term:2,index:1,command:w2}],leaderCommit:0} D3→D2',
    'deliver AppendEntries{term:2,leaderId:D3,replicationSet:7,prevLogIndex:0,prevLogTerm:0,entries:[],leaderCommit:0} D3→D1',
    'D1: electionTimeout fires [timed out]',
    'D1→E [timed out]',
    'deliver TermResponse{granted:true,electorEpoch:0,term:3',
    'deliver AppendEntriesResponse{term:1,from:D2',
  ];

  for (const [mutant, broken] of [
    ['stale-ack-counted', ['CommittedOnReplicationSet']],
    [null, []],
  ] as const)
    it(`${mutant ?? 'unmutated'}: the term-1 ack, delivered in term 3, ${broken.length ? 'commits w1 while D2 holds w2' : 'is ignored'}`, () => {
      const r = walk(mutant, steps);
      expect(r.missing).toBeNull();
      expect(r.states.slice(0, -1).every((s) => s.violations.length === 0)).toBe(true);
      expect(violated(r.states.at(-1))).toEqual(broken);
      const d1 = r.states.at(-1)!.nodes[0]!.state as { commitIndex: number; currentTerm: number };
      expect(d1.currentTerm).toBe(3);
      expect(d1.commitIndex).toBe(broken.length ? 1 : 0);
    });
});
