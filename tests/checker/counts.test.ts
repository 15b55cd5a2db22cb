// The checker's exact state counts at fixed bounds. A speed-up of the engine (encoding, symmetry,
// the visited set, the queue) must not change what is explored: these counts were recorded with the
// engine before the speed work of issue 15 (docs/checking.md "Figures"), and every step since
// keeps them (the elector-replacement row: since the operator fix, see there). A change in a protocol's handlers may change them too: then re-record them here,
// saying why in the commit.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker } from '../../src/checker/check';
import type { CheckBounds } from '../../src/contracts';

interface Pinned {
  protocol: string;
  bounds: Partial<CheckBounds>;
  symmetry: boolean;
  states: number;
  transitions: number;
  depth: number;
}

const PINNED: Pinned[] = [
  { protocol: 'janus-2+1', bounds: { maxTerm: 1, maxLog: 1, maxCrashes: 1, maxInFlight: 2 }, symmetry: true, states: 12_090, transitions: 71_420, depth: 20 },
  // With one elector replacement. Before the operator fix in src/kernel/untimed.ts (an operator
  // that ran answers null, which was taken for a refusal) no replacement ever ran: 4,641 states.
  // (maxTerm 2, maxLog 0, 2 in flight: 4,641 then, 90,428 now.)
  { protocol: 'janus-2+1', bounds: { maxTerm: 2, maxLog: 0, maxOperators: 1, maxInFlight: 1 }, symmetry: true, states: 1_912, transitions: 15_763, depth: 21 },
  // With symmetry, the sends lost past maxInFlight are chosen in the canonical renaming's link order
  // since the in-flight fix (src/kernel/untimed.ts canonicalSendOrder; before it, node order, which
  // no renaming respects: 4,537 states, 36,611 transitions, depth 15, fewer than its own classes).
  { protocol: 'janus-3+1', bounds: { maxTerm: 1, maxLog: 0, maxInFlight: 2 }, symmetry: true, states: 4_259, transitions: 35_102, depth: 17 },
  { protocol: 'janus-3+1', bounds: { maxTerm: 1, maxLog: 0, maxInFlight: 2 }, symmetry: false, states: 19_921, transitions: 162_033, depth: 15 },
  { protocol: 'raft-3', bounds: { maxTerm: 1, maxLog: 1, maxInFlight: 2 }, symmetry: false, states: 9_475, transitions: 17_614, depth: 19 },
  { protocol: 'janus-published', bounds: { maxTerm: 1, maxLog: 1, maxInFlight: 2 }, symmetry: true, states: 108, transitions: 587, depth: 10 },
];

describe('checker state counts at fixed bounds', () => {
  for (const c of PINNED)
    it(`${c.protocol} ${JSON.stringify(c.bounds)}${c.symmetry ? '' : ' without symmetry'}: ${c.states} states, ${c.transitions} transitions, depth ${c.depth}`, () => {
      const p = new Checker(REGISTRY, { protocol: c.protocol, bounds: c.bounds, symmetry: c.symmetry }).run();
      expect(p.verdict).toBe('ok');
      expect({ states: p.states, transitions: p.transitions, depth: p.depth }).toEqual({ states: c.states, transitions: c.transitions, depth: c.depth });
      expect(p.statesPerDepth.reduce((a, b) => a + b, 0)).toBe(p.states);
    }, 120_000);
});

describe('remembered local steps (UntimedModel memo)', () => {
  it('explore exactly what computing every step explores: the same states per depth and transitions, with a crash and an elector replacement', () => {
    for (const bounds of [{ maxTerm: 1, maxLog: 1, maxCrashes: 1, maxInFlight: 2 }, { maxTerm: 2, maxLog: 0, maxOperators: 1, maxInFlight: 1 }]) {
      const run = (memo: boolean) => {
        const c = new Checker(REGISTRY, { protocol: 'janus-2+1', bounds });
        if (!memo) c.target.model.memoCap = 0;
        const p = c.run();
        return { states: p.states, transitions: p.transitions, perDepth: p.statesPerDepth };
      };
      const on = run(true);
      expect(on.states).toBeGreaterThan(1000);
      expect(on).toEqual(run(false));
    }
  }, 120_000);
});
