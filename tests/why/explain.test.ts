// "Why?" for state (protocols/janus/explain.ts) on scripted runs, and the event causes the UI
// falls back to when the protocol wrote no note.

import { describe, expect, it } from 'vitest';
import { explainDataNode, explainElector, explainEntry, ruleName } from '../../src/protocols/janus/explain';
import type { DataNodeState, ElectorState } from '../../src/protocols/janus/state';
import { createTimeline } from '../../src/protocols/registry';
import { kernelWhy } from '../../src/ui/why/Why';

const FIXED = { latencyMin: 10, latencyJitter: 0, tailProb: 0, loss: 0, dup: 0 };

describe('explain', () => {
  it('an entry waiting for acks names who it waits for and R; once acked it is committed', () => {
    const tl = createTimeline({ protocol: 'janus-3+1', seed: 1, link: FIXED });
    tl.advanceTo(1000); // D1 leads term 1 with R = {D1, D2, D3}
    tl.act({ type: 'cut', from: 'D1', to: 'D3' });
    tl.act({ type: 'write', node: 'D1', command: 'x' });
    tl.advanceTo(1040); // D2 acked at 1020, D3 never got it
    const d1 = tl.sim.state('D1') as DataNodeState;
    const n = explainEntry('D1', d1, 1, d1);
    expect(n).toEqual({ rule: '4.2', text: "Index 1 is not committed yet: waiting for D3's ack (R = {D1, D2, D3})." });
    expect(explainEntry('D1', d1, 2, d1).text).toBe('D1 has no entry at index 2 yet: the leader has not replicated it here.');
    tl.act({ type: 'heal', from: 'D1', to: 'D3' });
    tl.advanceTo(1200);
    const after = tl.sim.state('D1') as DataNodeState;
    expect(explainEntry('D1', after, 1, after)).toEqual({ rule: '7', text: 'Index 1 is committed: every other member of R = {D1, D2, D3} (D2 and D3) acked it in term 1.' });
  });

  it('a node outside its own R may not start an election; the elector explains its 18 bytes', () => {
    const tl = createTimeline({ protocol: 'janus-3+1', seed: 1, link: FIXED });
    tl.advanceTo(1000);
    tl.act({ type: 'crash', node: 'D3' });
    tl.advanceTo(2000); // D1 shrinks R to {D1, D2}
    tl.act({ type: 'restart', node: 'D3' });
    tl.advanceTo(2100); // D3 adopts term 2 and R = {D1, D2} from the leader's AppendEntries
    const d3 = tl.sim.state('D3') as DataNodeState;
    expect(d3.replicationSet).toBe(0b011);
    const notes = explainDataNode('D3', d3, true);
    expect(notes.map((x) => x.rule)).toContain('6.1');
    expect(notes.find((x) => x.rule === '6.1')!.text).toMatch(/^D3 may not start an election: it is not in its own replication set \{D1, D2\}/);
    const e = tl.sim.state('E') as ElectorState;
    expect(explainElector('E', e, true)[0]!.text).toBe('E stores only epoch 0, term 2, leader D1 and R = {D1, D2}: 18 bytes on disk, no log.');
  });

  it('names rules with their docs/protocol.md titles', () => {
    expect(ruleName('4.3')).toBe('§4.3 The elector receives TermRequest');
    expect(ruleName('6.1')).toBe('§6.1 Changing the replication set: down (shrink, takeover)');
    expect(ruleName('99')).toBe('§99');
  });

  it('kernel events without notes get a cause naming a rule', () => {
    const tl = createTimeline({ protocol: 'janus-3+1', seed: 1, link: FIXED });
    tl.advanceTo(500);
    tl.act({ type: 'crash', node: 'D2' });
    tl.advanceTo(700);
    const crash = tl.trace.find((e) => e.action.type === 'crash')!;
    expect(kernelWhy(crash)[0]!.rule).toBe('8');
    const drop = tl.trace.find((e) => e.action.type === 'drop' && e.dropReason === 'down')!;
    expect(kernelWhy(drop)[0]!.text).toBe('D2 is down, so the message to it was lost: messages in flight to a crashed node are lost.');
  });
});
