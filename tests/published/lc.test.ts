// Leader Completeness in both forms (RULES.md F1): the spec's formula compares a leader's term with
// the entry's term; Raft's compares it with the term the entry was committed in.
import { readSample } from '../support/tlc-samples';
import { describe, expect, it } from 'vitest';
import { replayTlcTrace } from '../../src/protocols/janus-published/tlc/replay';
import { Hand } from './harness';

describe('LeaderCompleteness, both forms', () => {
  it('F1: after the elector loses its disk, an entry of term 1 committed in term 2 breaks only the spec\'s formula', () => {
    const h = new Hand();
    h.elect(); // D2 leads term 1
    h.write('D2', 'e'); // (1,1): the copy for D1 is lost, the elector learns term 1
    h.apply({ type: 'drop', msg: h.inFlight('AppendEntries RF2', 'D1')[0]!.id });
    h.deliver('AppendEntries RF2', 'E');
    // D1 takes over: term 2 with RF 1, without (1,1).
    h.op('FollowerSendSwitchToRF1Leader', 'D1');
    h.op('ElectorChooseOk', 'E', { ok: true });
    h.deliver('SwitchToRF1Leader', 'E');
    h.deliver('SwitchToRF1Leader Resp', 'D1');
    expect(h.d('D1')).toMatchObject({ role: 'leader', term: 2, dmlLog: [] });
    // P2: the elector loses its disk; D2's next entry teaches it term 1 again; D2 switches to RF 1 and gets term 2 too.
    h.op('HardReset', 'E');
    h.write('D2', 'f');
    h.deliver('AppendEntries RF2', 'E');
    h.op('LeaderSendSwitchToRF1', 'D2');
    h.deliver('SwitchToRF1', 'E');
    h.deliver('SwitchToRF1 Resp', 'D2');
    expect(h.d('D2')).toMatchObject({ role: 'leader', term: 2, replicationFactor: 1 });
    expect(h.properties).toContain('LeaderSafety');
    expect(h.properties).not.toContain('LeaderCompleteness');
    // D2 commits through the elector in term 2: (1,1) becomes committed in term 2.
    h.write('D2', 'g');
    h.deliver('AppendEntries RF1', 'E');
    h.deliver('AppendEntries RF1 Resp', 'D2');
    expect(h.d('D2').committedIdx).toEqual({ term: 2, index: 3 });
    const v = h.sim.violations.find((x) => x.property === 'LeaderCompleteness');
    expect(v?.message).toMatch(/D1 leads term 2 without entry \(1,1\)/);
    // Raft's form holds: the entry was committed in term 2, and D1 leads term 2, not a later one.
    expect(h.properties).not.toContain('LeaderCompletenessRaft');
  });

  it('P3: a wiped follower elected without a committed entry breaks both forms', () => {
    const r = replayTlcTrace(readSample('p3-data-disk-loss-leader-completeness.txt'));
    const props = r.violations.map((v) => v.property);
    expect(props).toContain('LeaderCompleteness');
    expect(props).toContain('LeaderCompletenessRaft');
  });
});
