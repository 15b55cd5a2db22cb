// Why the published spec declares no symmetry (src/protocols/janus-published/check.ts): its data
// nodes are not interchangeable. From the initial state, D2 asking D1 for the first term wins
// (equal logs: the spec's tie-break lets d2 win over d1) while the mirrored step, D1 asking D2,
// is refused, so renaming D1 ↔ D2 would merge states whose futures differ.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { checkTarget } from '../../src/checker/check';
import type { UntimedState } from '../../src/kernel';

describe('the published spec: data nodes not interchangeable', () => {
  it('declares no symmetric nodes', () => {
    const t = checkTarget(REGISTRY, { protocol: 'janus-published', bounds: { maxTerm: 1, maxLog: 0 } });
    expect(t.profile.encoding(t.model.config).symmetric ?? []).toEqual([]);
  });

  it('InitWorkload D2→D1 is granted, the mirrored D1→D2 refused', () => {
    const t = checkTarget(REGISTRY, { protocol: 'janus-published', bounds: { maxTerm: 1, maxLog: 0 } });
    const ids = t.model.nodeIds;
    const term = (s: UntimedState, id: string) => (s.nodes[ids.indexOf(id)]!.state as { term: number }).term;
    const ask = (from: string, to: string): UntimedState => {
      let s = t.model.init();
      const fire = t.model.actions(s).find((a) => a.kind === 'fire' && ids[a.node] === from && (a.timer ?? '').includes('lection'));
      expect(fire, `${from}'s election timer`).toBeDefined();
      s = t.model.next(s, fire!)!;
      const deliver = t.model.actions(s).find((a) => a.kind === 'deliver' && ids[s.msgs[a.msg!]!.from] === from && ids[s.msgs[a.msg!]!.to] === to);
      expect(deliver, `InitWorkload ${from}→${to}`).toBeDefined();
      return t.model.next(s, deliver!)!;
    };
    // The receiver moves to term 1 only when it grants.
    expect(term(ask('D2', 'D1'), 'D1')).toBe(1);
    expect(term(ask('D1', 'D2'), 'D2')).toBe(0);
  });
});
