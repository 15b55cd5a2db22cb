// Each mutant of RULES.md breaks exactly the rule its unit test checks: the same input as the rule
// test, under the mutant, gives the broken behaviour. So the rule tests can fail.
import { describe, expect, it } from 'vitest';
import { janusConfig, type MutantName } from '../../src/protocols/janus/config';
import { handleElectorHeartbeat, handleTermRequest } from '../../src/protocols/janus/elector';
import { handleAppendEntries, handleAppendEntriesResponse, handleElectorHeartbeatResponse, handleTermResponse, onClientWrite, onHeartbeat, startJoin } from '../../src/protocols/janus/node';
import { slotOf } from '../../src/protocols/janus/state';
import { ae, aeResp, dataNode, elector, fakeCtx, logOf, set, termReq, termResp } from './helpers';

const cfg = (m: MutantName | null) => janusConfig(3, { mutant: m });

describe('mutants break the rule they are named for', () => {
  it('skip-prev-log-term: §4.1 step 3 prevLogTerm mismatch is accepted', () => {
    const run = (m: MutantName | null) => {
      const s = dataNode('D2', { currentTerm: 3, log: logOf(1, 2) });
      const ctx = fakeCtx('D2');
      handleAppendEntries(ctx, s, ae({ term: 3, prevLogIndex: 2, prevLogTerm: 3, entries: [{ term: 3, index: 3, command: 'x' }] }), cfg(m));
      return ctx.sentOf('AppendEntriesResponse')[0]!.msg.success;
    };
    expect(run(null)).toBe(false);
    expect(run('skip-prev-log-term')).toBe(true);
  });

  it('elect-any: §4.3 takeover by a node outside R is granted', () => {
    const run = (m: MutantName | null) => {
      const e = elector({ currentTerm: 3, leaderId: 'D1', replicationSet: set('D1', 'D2') });
      const ctx = fakeCtx('E', 10_000);
      handleTermRequest(ctx, e, termReq({ kind: 'takeover', from: 'D3', replicationSet: set('D3') }), cfg(m));
      return (ctx.sent[0]!.msg as { granted: boolean }).granted;
    };
    expect(run(null)).toBe(false);
    expect(run('elect-any')).toBe(true);
  });

  it('grow-any-term: §4.3 grow at an old term is granted', () => {
    const run = (m: MutantName | null) => {
      const e = elector({ currentTerm: 3, leaderId: 'D1', replicationSet: set('D1', 'D2') });
      const ctx = fakeCtx('E');
      handleTermRequest(ctx, e, termReq({ kind: 'grow', from: 'D1', term: 2, replicationSet: set('D1', 'D2', 'D3') }), cfg(m));
      return (ctx.sent[0]!.msg as { granted: boolean }).granted;
    };
    expect(run(null)).toBe(false);
    expect(run('grow-any-term')).toBe(true);
  });

  it('grow-on-commit: §6.2 step 3 joinFrom is the commit index, not the last log index', () => {
    const run = (m: MutantName | null) => {
      const s = dataNode('D1', { currentTerm: 1, log: logOf(1, 1, 1) }, cfg(m));
      const ctx = fakeCtx('D1');
      handleTermResponse(ctx, s, termResp({ term: 2, leaderId: 'D1', replicationSet: set('D1', 'D2') }), cfg(m));
      s.commitIndex = 1;
      startJoin(ctx, s, 'D3', cfg(m));
      return s.joining?.joinFrom;
    };
    expect(run(null)).toBe(3);
    expect(run('grow-on-commit')).toBe(1);
  });

  it('no-sticky-join: §6.2 step 1 a silent joiner is dropped locally instead of by a new term', () => {
    const run = (m: MutantName | null) => {
      const s = dataNode('D1', { currentTerm: 1, log: logOf(1) }, cfg(m));
      const ctx = fakeCtx('D1', 1000);
      handleTermResponse(ctx, s, termResp({ term: 2, leaderId: 'D1', replicationSet: set('D1', 'D2') }), cfg(m));
      s.joining = { node: 'D3', joinFrom: 1 };
      ctx.now = 1400;
      s.lastAckAt[slotOf('D2')] = 1400;
      onHeartbeat(ctx, s, cfg(m));
      return { joining: s.joining, asked: ctx.sentOf('TermRequest').length };
    };
    expect(run(null)).toEqual({ joining: { node: 'D3', joinFrom: 1 }, asked: 1 });
    expect(run('no-sticky-join')).toEqual({ joining: null, asked: 0 });
  });

  it('old-elector-notices: §4.4/§9 a refusal of another epoch is taken', () => {
    const run = (m: MutantName | null) => {
      const s = dataNode('D2', { currentTerm: 1, electorEpoch: 1 });
      handleTermResponse(fakeCtx('D2'), s, termResp({ electorEpoch: 0, granted: false, term: 5, leaderId: 'D1', replicationSet: set('D1') }), cfg(m));
      return s.currentTerm;
    };
    expect(run(null)).toBe(1);
    expect(run('old-elector-notices')).toBe(5);
  });

  it('commit-on-majority: §4.2 AdvanceCommit commits without every member of R', () => {
    const run = (m: MutantName | null) => {
      const s = dataNode('D1', { currentTerm: 1 }, cfg(m));
      const ctx = fakeCtx('D1');
      handleTermResponse(ctx, s, termResp({ term: 2, leaderId: 'D1', replicationSet: set('D1', 'D2', 'D3') }), cfg(m));
      onClientWrite(ctx, s, 'x', cfg(m));
      handleAppendEntriesResponse(ctx, s, aeResp({ term: 2, from: 'D2', matchIndex: 1 }), cfg(m));
      return s.commitIndex;
    };
    expect(run(null)).toBe(0);
    expect(run('commit-on-majority')).toBe(1);
  });

  it('r4-any-term: R4 a replacement elector takes an older term\'s heartbeat as its leader\'s, and R2 crowns the sender', () => {
    // E' (epoch 1) was installed at term 3 with R = {D1,D2,D3} and no leader. D1 is still at term 2,
    // outside its own R {D2,D3} (it was grown back while away): its R3 query claims itself, at term 2.
    const run = (m: MutantName | null) => {
      const e = elector({ electorEpoch: 1, currentTerm: 3, leaderId: null, replicationSet: set('D1', 'D2', 'D3') });
      const ctx = fakeCtx('E');
      handleElectorHeartbeat(ctx, e, { type: 'ElectorHeartbeat', term: 2, leaderId: 'D1', electorEpoch: 1 }, 'D1', cfg(m));
      const reply = ctx.sentOf('ElectorHeartbeatResponse')[0]!.msg;
      const d1 = dataNode('D1', { currentTerm: 2, replicationSet: set('D2', 'D3'), electorEpoch: 1 }, cfg(m));
      handleElectorHeartbeatResponse(fakeCtx('D1'), d1, reply, cfg(m));
      return { learned: e.leaderId, d1: `${d1.role} of term ${d1.currentTerm}` };
    };
    expect(run(null)).toEqual({ learned: null, d1: 'follower of term 3' });
    expect(run('r4-any-term')).toEqual({ learned: 'D1', d1: 'leader of term 3' });
  });
});
