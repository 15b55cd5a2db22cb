// One test per data-node rule of PROTOCOL.md (§3, §4.1, §4.2, §4.4, §4.5 reply side, §5, §6.2,
// §8, §9), each driving the exported handler of src/protocols/janus/node.ts with a fake context.
import { describe, expect, it } from 'vitest';
import type { JanusConfig } from '../../src/protocols/janus/config';
import {
  advanceCommit,
  crashDataNode,
  handleAppendEntries,
  handleAppendEntriesResponse,
  handleElectorAck,
  handleElectorChange,
  handleElectorHeartbeatResponse,
  handleTermResponse,
  onCatchUpCheck,
  onClientWrite,
  onElectionTimeout,
  onHeartbeat,
  onTermRequestRetry,
  startDataNode,
  startElectorChange,
  TIMER,
} from '../../src/protocols/janus/node';
import type { Entry, NodeSet } from '../../src/protocols/janus/messages';
import { slotOf, type DataNodeState } from '../../src/protocols/janus/state';
import { ae, aeResp, cfg2, cfg3, dataNode, fakeCtx, logOf, set, termResp, type FakeCtx } from './helpers';

const ALL = set('D1', 'D2', 'D3');

/** A node made leader of `term` by a grant (§4.4), with its context cleared. */
function leader(opts: { id?: string; term?: number; R?: NodeSet; log?: Entry[]; config?: JanusConfig; now?: number } = {}): { s: DataNodeState; ctx: FakeCtx } {
  const id = opts.id ?? 'D1';
  const term = opts.term ?? 2;
  const config = opts.config ?? cfg3;
  const s = dataNode(id, { currentTerm: term - 1, log: opts.log ?? [] }, config);
  const ctx = fakeCtx(id, opts.now ?? 1000);
  handleTermResponse(ctx, s, termResp({ term, leaderId: id, replicationSet: opts.R ?? ALL }), config);
  expect(s.role).toBe('leader');
  ctx.reset();
  return { s, ctx };
}

describe('§3 blanket rule (data nodes)', () => {
  it('a message with a higher term sets currentTerm and replicationSet, makes the node a follower, then is processed', () => {
    const { s, ctx } = leader({ term: 2, log: logOf(1, 2) });
    s.joining = { node: 'D3', joinFrom: 2 };
    handleAppendEntries(ctx, s, ae({ term: 5, leaderId: 'D2', replicationSet: set('D2', 'D3'), prevLogIndex: 2, prevLogTerm: 2 }), cfg3);
    expect(s.currentTerm).toBe(5);
    expect(s.replicationSet).toBe(set('D2', 'D3'));
    expect(s.role).toBe('follower');
    expect(s.leaderId).toBe('D2');
    expect(s.joining).toBeNull(); // leader state dropped
    expect(ctx.timers.has(TIMER.heartbeat)).toBe(false);
    expect(ctx.timers.has(TIMER.catchUp)).toBe(false);
    // ... then processed: the AppendEntries was answered with success in the new term.
    const [r] = ctx.sentOf('AppendEntriesResponse');
    expect(r!.msg).toMatchObject({ term: 5, success: true, matchIndex: 2, replicationSet: set('D2', 'D3') });
  });

  it('a message with a lower term is answered with the own (term, replicationSet) and otherwise ignored', () => {
    const s = dataNode('D2', { currentTerm: 4, replicationSet: set('D2', 'D3'), log: logOf(1), leaderId: 'D3' });
    const ctx = fakeCtx('D2');
    handleAppendEntries(ctx, s, ae({ term: 3, leaderId: 'D1', prevLogIndex: 1, prevLogTerm: 1, entries: [{ term: 3, index: 2, command: 'x' }], leaderCommit: 2 }), cfg3);
    expect(ctx.sent).toEqual([{ to: 'D1', msg: { type: 'AppendEntriesResponse', term: 4, from: 'D2', replicationSet: set('D2', 'D3'), success: false, matchIndex: 0 } }]);
    expect(s.log).toEqual(logOf(1));
    expect(s.leaderId).toBe('D3');
    expect(s.commitIndex).toBe(0);
  });

  it('a deposed leader steps down on an ElectorHeartbeatResponse of a higher term (§4.5)', () => {
    const { s, ctx } = leader({ term: 2 });
    handleElectorHeartbeatResponse(ctx, s, { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 3, leaderId: 'D2', replicationSet: set('D2', 'D3') }, cfg3);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 3, replicationSet: set('D2', 'D3'), leaderId: 'D2' });
  });

  it('an ElectorHeartbeatResponse of the same term changes nothing', () => {
    const { s, ctx } = leader({ term: 2 });
    handleElectorHeartbeatResponse(ctx, s, { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 2, leaderId: 'D1', replicationSet: ALL }, cfg3);
    expect(s).toMatchObject({ role: 'leader', currentTerm: 2 });
  });
});

describe('§4.1 AppendEntries', () => {
  it('step 1: a lower term is refused with own term and set', () => {
    const s = dataNode('D3', { currentTerm: 3, replicationSet: set('D1', 'D3') });
    const ctx = fakeCtx('D3');
    handleAppendEntries(ctx, s, ae({ term: 2, leaderId: 'D2' }), cfg3);
    expect(ctx.sent).toHaveLength(1);
    expect(ctx.sent[0]!.to).toBe('D2');
    expect(ctx.sent[0]!.msg).toMatchObject({ success: false, term: 3, replicationSet: set('D1', 'D3') });
    expect(s.currentTerm).toBe(3);
  });

  it('step 2: a candidate of the same term becomes follower, leaderId := L, electionDeadline reset', () => {
    const s = dataNode('D2', { currentTerm: 2, role: 'candidate', lastLeaderContact: 0 });
    s.pendingRequest = { type: 'TermRequest', kind: 'takeover', from: 'D2', term: 2, electorEpoch: 0, replicationSet: set('D2', 'D3') };
    const ctx = fakeCtx('D2', 1234);
    ctx.timers.set(TIMER.retry, 1400);
    handleAppendEntries(ctx, s, ae({ term: 2, leaderId: 'D1' }), cfg3);
    expect(s.role).toBe('follower');
    expect(s.leaderId).toBe('D1');
    expect(s.pendingRequest).toBeNull();
    expect(ctx.timers.has(TIMER.retry)).toBe(false);
    expect(s.lastLeaderContact).toBe(1234);
  });

  it('step 3: prevLogIndex beyond the log is refused with matchIndex 0', () => {
    const s = dataNode('D2', { currentTerm: 1, log: logOf(1) });
    const ctx = fakeCtx('D2');
    handleAppendEntries(ctx, s, ae({ term: 1, prevLogIndex: 3, prevLogTerm: 1, entries: [{ term: 1, index: 4, command: 'x' }] }), cfg3);
    expect(ctx.sent[0]!.msg).toMatchObject({ success: false, matchIndex: 0 });
    expect(s.log).toEqual(logOf(1));
  });

  it('step 3: prevLogTerm mismatch refused with matchIndex 0', () => {
    const s = dataNode('D2', { currentTerm: 3, log: logOf(1, 2) });
    const ctx = fakeCtx('D2');
    handleAppendEntries(ctx, s, ae({ term: 3, prevLogIndex: 2, prevLogTerm: 3, entries: [{ term: 3, index: 3, command: 'x' }], leaderCommit: 3 }), cfg3);
    expect(ctx.sent[0]!.msg).toMatchObject({ success: false, matchIndex: 0 });
    expect(s.log).toEqual(logOf(1, 2));
    expect(s.commitIndex).toBe(0);
  });

  it('step 3: conflicting suffix is truncated, no truncation without conflict', () => {
    // Conflict at index 3: the local entries 3 and 4 (term 2) go, the leader's entry 3 (term 3) comes.
    const s = dataNode('D2', { currentTerm: 3, log: logOf(1, 1, 2, 2) });
    const ctx = fakeCtx('D2');
    const e3: Entry = { term: 3, index: 3, command: 'new3' };
    handleAppendEntries(ctx, s, ae({ term: 3, prevLogIndex: 2, prevLogTerm: 1, entries: [e3] }), cfg3);
    expect(s.log).toEqual([...logOf(1, 1), e3]);
    expect(ctx.sent[0]!.msg).toMatchObject({ success: true, matchIndex: 3 });

    // No conflict: a stale, shorter AppendEntries that agrees with the log truncates nothing.
    const t = dataNode('D3', { currentTerm: 1, log: logOf(1, 1, 1, 1) });
    const ctx2 = fakeCtx('D3');
    handleAppendEntries(ctx2, t, ae({ term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [logOf(1, 1)[1]!] }), cfg3);
    expect(t.log).toEqual(logOf(1, 1, 1, 1));
    expect(ctx2.sent[0]!.msg).toMatchObject({ success: true, matchIndex: 2 });
  });

  it('step 3: missing entries are appended after the matching prefix', () => {
    const s = dataNode('D2', { currentTerm: 1, log: logOf(1) });
    const ctx = fakeCtx('D2');
    handleAppendEntries(ctx, s, ae({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: logOf(1, 1, 1) }), cfg3);
    expect(s.log).toEqual(logOf(1, 1, 1));
  });

  it('step 4: commitIndex = max(commitIndex, min(leaderCommit, prevLogIndex+len))', () => {
    // min picks prevLogIndex + len (3) over leaderCommit (5).
    const a = dataNode('D2', { currentTerm: 1, log: logOf(1, 1) });
    handleAppendEntries(fakeCtx('D2'), a, ae({ term: 1, prevLogIndex: 2, prevLogTerm: 1, entries: [{ term: 1, index: 3, command: 'x' }], leaderCommit: 5 }), cfg3);
    expect(a.commitIndex).toBe(3);
    // min picks leaderCommit (2) over prevLogIndex + len (3).
    const b = dataNode('D2', { currentTerm: 1, log: logOf(1, 1) });
    handleAppendEntries(fakeCtx('D2'), b, ae({ term: 1, prevLogIndex: 2, prevLogTerm: 1, entries: [{ term: 1, index: 3, command: 'x' }], leaderCommit: 2 }), cfg3);
    expect(b.commitIndex).toBe(2);
    // An empty heartbeat only vouches for prevLogIndex, even if the local log is longer.
    const c = dataNode('D2', { currentTerm: 1, log: logOf(1, 1, 1, 1) });
    handleAppendEntries(fakeCtx('D2'), c, ae({ term: 1, prevLogIndex: 1, prevLogTerm: 1, leaderCommit: 4 }), cfg3);
    expect(c.commitIndex).toBe(1);
    // max: a stale AppendEntries never lowers the commit index.
    const d = dataNode('D2', { currentTerm: 1, log: logOf(1, 1, 1, 1), commitIndex: 4 });
    handleAppendEntries(fakeCtx('D2'), d, ae({ term: 1, prevLogIndex: 1, prevLogTerm: 1, leaderCommit: 1 }), cfg3);
    expect(d.commitIndex).toBe(4);
  });

  it('step 5: success replies matchIndex = prevLogIndex + entries.length', () => {
    const s = dataNode('D2', { currentTerm: 1, log: logOf(1, 1, 1, 1, 1) });
    const ctx = fakeCtx('D2');
    handleAppendEntries(ctx, s, ae({ term: 1, prevLogIndex: 2, prevLogTerm: 1, entries: logOf(1, 1, 1).slice(2) }), cfg3);
    expect(ctx.sent).toEqual([{ to: 'D1', msg: { type: 'AppendEntriesResponse', term: 1, from: 'D2', replicationSet: ALL, success: true, matchIndex: 3 } }]);
  });

  it('a node outside R is handled exactly the same way', () => {
    const s = dataNode('D3', { currentTerm: 2, replicationSet: set('D1', 'D2'), log: logOf(1, 3) });
    const ctx = fakeCtx('D3');
    handleAppendEntries(ctx, s, ae({ term: 4, replicationSet: set('D1', 'D2'), prevLogIndex: 1, prevLogTerm: 1, entries: [{ term: 4, index: 2, command: 'y' }], leaderCommit: 2 }), cfg3);
    expect(s.log.map((e) => e.term)).toEqual([1, 4]);
    expect(s.commitIndex).toBe(2);
    expect(ctx.sent[0]!.msg).toMatchObject({ success: true, matchIndex: 2, term: 4 });
  });
});

describe('§4.2 AppendEntriesResponse', () => {
  it('step 1: a higher term makes the leader step down (blanket rule) and stops', () => {
    const { s, ctx } = leader({ term: 2, log: logOf(2) });
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 3, from: 'D2', replicationSet: set('D2', 'D3'), success: true, matchIndex: 1 }), cfg3);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 3, replicationSet: set('D2', 'D3') });
    expect(s.commitIndex).toBe(0);
    expect(ctx.sentOf('AppendEntries')).toHaveLength(0);
  });

  it('step 2: a lower-term response, or any response at a non-leader, is ignored', () => {
    const { s, ctx } = leader({ term: 3, log: logOf(3) });
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 2, from: 'D2', matchIndex: 1 }), cfg3);
    expect(s.matchIndex[slotOf('D2')]).toBe(0);
    const f = dataNode('D1', { currentTerm: 3, log: logOf(3) });
    const fctx = fakeCtx('D1');
    handleAppendEntriesResponse(fctx, f, aeResp({ term: 3, from: 'D2', matchIndex: 1 }), cfg3);
    expect(f.matchIndex[slotOf('D2')]).toBe(0);
    expect(f.commitIndex).toBe(0);
    expect(fctx.sent).toHaveLength(0);
  });

  it('step 3: success sets matchIndex := max(matchIndex, msg.matchIndex) and lastAckAt := now', () => {
    const { s, ctx } = leader({ term: 2, log: logOf(1, 1, 2), now: 1000 });
    ctx.now = 1100;
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 2, from: 'D2', matchIndex: 3 }), cfg3);
    expect(s.matchIndex[slotOf('D2')]).toBe(3);
    expect(s.lastAckAt[slotOf('D2')]).toBe(1100);
    // A reordered, older ack does not lower matchIndex.
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 2, from: 'D2', matchIndex: 1 }), cfg3);
    expect(s.matchIndex[slotOf('D2')]).toBe(3);
  });

  it('step 4: a refusal backs nextIndex off by one and resends from there (Raft back-off)', () => {
    const { s, ctx } = leader({ term: 3, log: logOf(1, 1, 2, 3) });
    expect(s.nextIndex[slotOf('D3')]).toBe(5);
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 3, from: 'D3', success: false, matchIndex: 0 }), cfg3);
    expect(s.nextIndex[slotOf('D3')]).toBe(4);
    const [m1] = ctx.sentOf('AppendEntries');
    expect(m1!.to).toBe('D3');
    expect(m1!.msg).toMatchObject({ prevLogIndex: 3, prevLogTerm: 2, entries: [s.log[3]] });
    ctx.reset();
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 3, from: 'D3', success: false, matchIndex: 0 }), cfg3);
    expect(s.nextIndex[slotOf('D3')]).toBe(3);
    expect(ctx.sentOf('AppendEntries')[0]!.msg).toMatchObject({ prevLogIndex: 2, prevLogTerm: 1, entries: s.log.slice(2) });
  });

  it('step 4: back-off never goes below index 1 (a whole packaged log is prevLogIndex = 0, D6)', () => {
    const { s, ctx } = leader({ term: 2, log: logOf(1) });
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 2, from: 'D2', success: false }), cfg3);
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 2, from: 'D2', success: false }), cfg3);
    expect(s.nextIndex[slotOf('D2')]).toBe(1);
    expect(ctx.sentOf('AppendEntries').at(-1)!.msg).toMatchObject({ prevLogIndex: 0, prevLogTerm: 0, entries: logOf(1) });
  });

  it('AdvanceCommit: at RF 3 a commit needs every other member of R', () => {
    const { s, ctx } = leader({ term: 1 });
    onClientWrite(ctx, s, 'x=1', cfg3);
    onClientWrite(ctx, s, 'y=2', cfg3);
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 1, from: 'D2', matchIndex: 2 }), cfg3);
    expect(s.commitIndex).toBe(0);
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 1, from: 'D3', matchIndex: 1 }), cfg3);
    expect(s.commitIndex).toBe(1); // min over need of matchIndex
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 1, from: 'D3', matchIndex: 2 }), cfg3);
    expect(s.commitIndex).toBe(2);
  });

  it('AdvanceCommit: a node outside R is not waited for', () => {
    const { s, ctx } = leader({ term: 2, R: set('D1', 'D2') });
    onClientWrite(ctx, s, 'x=1', cfg3);
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 2, from: 'D2', replicationSet: set('D1', 'D2'), matchIndex: 1 }), cfg3);
    expect(s.commitIndex).toBe(1);
  });

  it('AdvanceCommit: the joiner is waited for too (need = R ∪ {joining.node} \\ {L})', () => {
    const { s, ctx } = leader({ term: 2, R: set('D1', 'D2'), log: logOf(1, 1) });
    s.joining = { node: 'D3', joinFrom: 2 };
    onClientWrite(ctx, s, 'x=1', cfg3);
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 2, from: 'D2', replicationSet: set('D1', 'D2'), matchIndex: 3 }), cfg3);
    expect(s.commitIndex).toBe(0);
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 2, from: 'D3', replicationSet: set('D1', 'D2'), matchIndex: 1 }), cfg3);
    expect(s.commitIndex).toBe(1);
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 2, from: 'D3', replicationSet: set('D1', 'D2'), matchIndex: 3 }), cfg3);
    expect(s.commitIndex).toBe(3);
  });

  it('AdvanceCommit: with RF 1 and no joiner the commit index is the log length', () => {
    const { s, ctx } = leader({ term: 4, R: set('D2'), id: 'D2' });
    expect(onClientWrite(ctx, s, 'a', cfg3)).toEqual({ status: 'appended', index: 1 });
    expect(s.commitIndex).toBe(1);
    onClientWrite(ctx, s, 'b', cfg3);
    expect(s.commitIndex).toBe(2);
    // ... but not with a joiner.
    s.joining = { node: 'D3', joinFrom: 2 };
    onClientWrite(ctx, s, 'c', cfg3);
    expect(s.commitIndex).toBe(2);
  });

  it("AdvanceCommit: no Raft 'current-term entries only' restriction (§10): older-term entries commit on the acks", () => {
    const { s, ctx } = leader({ term: 3, R: set('D1', 'D2'), log: logOf(1, 2) });
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 3, from: 'D2', replicationSet: set('D1', 'D2'), matchIndex: 2 }), cfg3);
    expect(s.commitIndex).toBe(2);
  });

  it('AdvanceCommit never lowers the commit index', () => {
    const { s, ctx } = leader({ term: 2, R: set('D1', 'D2'), log: logOf(1, 1) });
    s.commitIndex = 2;
    advanceCommit(ctx, s, cfg3);
    expect(s.commitIndex).toBe(2);
  });
});

describe('§4.4 TermResponse', () => {
  it('a response of another elector epoch is ignored, grants and refusals alike (RULES F3)', () => {
    const s = dataNode('D2', { currentTerm: 1, electorEpoch: 1 });
    const ctx = fakeCtx('D2');
    handleTermResponse(ctx, s, termResp({ electorEpoch: 0, granted: true, term: 5, leaderId: 'D2', replicationSet: set('D2') }), cfg3);
    expect(s).toMatchObject({ currentTerm: 1, role: 'follower', replicationSet: ALL });
    handleTermResponse(ctx, s, termResp({ electorEpoch: 0, granted: false, term: 6, leaderId: 'D1', replicationSet: set('D1') }), cfg3);
    expect(s).toMatchObject({ currentTerm: 1, replicationSet: ALL, leaderId: null });
    expect(ctx.sent).toHaveLength(0);
  });

  it('a response with term ≤ currentTerm is ignored (a grant does not survive into a node already at that term)', () => {
    const s = dataNode('D2', { currentTerm: 3, role: 'candidate', replicationSet: set('D2', 'D3') });
    const ctx = fakeCtx('D2');
    handleTermResponse(ctx, s, termResp({ granted: true, term: 3, leaderId: 'D2', replicationSet: set('D2') }), cfg3);
    expect(s).toMatchObject({ currentTerm: 3, role: 'candidate', replicationSet: set('D2', 'D3') });
    handleTermResponse(ctx, s, termResp({ granted: true, term: 2, leaderId: 'D2', replicationSet: set('D2') }), cfg3);
    expect(s.role).toBe('candidate');
    expect(ctx.sent).toHaveLength(0);
  });

  it('granted → leader with matchIndex 0, nextIndex len+1, joining null, AppendEntries to all data nodes at once', () => {
    const s = dataNode('D2', { currentTerm: 1, log: logOf(1, 1, 1), role: 'candidate' });
    s.matchIndex = [3, 3, 3];
    s.joining = { node: 'D1', joinFrom: 1 };
    const ctx = fakeCtx('D2');
    handleTermResponse(ctx, s, termResp({ term: 2, leaderId: 'D2', replicationSet: set('D2', 'D3') }), cfg3);
    expect(s).toMatchObject({ role: 'leader', currentTerm: 2, leaderId: 'D2', replicationSet: set('D2', 'D3'), joining: null });
    expect(s.matchIndex).toEqual([0, 0, 0]);
    expect(s.nextIndex).toEqual([4, 4, 4]);
    const aes = ctx.sentOf('AppendEntries');
    expect(aes.map((x) => x.to).sort()).toEqual(['D1', 'D3']); // every data node, in R or not
    for (const x of aes) expect(x.msg).toMatchObject({ term: 2, leaderId: 'D2', replicationSet: set('D2', 'D3'), prevLogIndex: 3, prevLogTerm: 1, entries: [] });
    expect(ctx.timers.has(TIMER.heartbeat)).toBe(true);
  });

  it('granted with RF 1 → AdvanceCommit commits the whole local log at once', () => {
    const s = dataNode('D1', { currentTerm: 2, log: logOf(1, 2, 2) });
    handleTermResponse(fakeCtx('D1'), s, termResp({ term: 3, leaderId: 'D1', replicationSet: set('D1') }), cfg3);
    expect(s.role).toBe('leader');
    expect(s.commitIndex).toBe(3);
  });

  it('refused with a higher term → follower of that term, with its set and leader', () => {
    const s = dataNode('D3', { currentTerm: 1, role: 'candidate' });
    const ctx = fakeCtx('D3');
    handleTermResponse(ctx, s, termResp({ granted: false, term: 4, leaderId: 'D1', replicationSet: set('D1', 'D2') }), cfg3);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 4, replicationSet: set('D1', 'D2'), leaderId: 'D1', pendingRequest: null });
  });

  it('a refused leader with a higher term steps down', () => {
    const { s, ctx } = leader({ term: 2 });
    handleTermResponse(ctx, s, termResp({ granted: false, term: 3, leaderId: 'D3', replicationSet: set('D3') }), cfg3);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 3, replicationSet: set('D3'), leaderId: 'D3' });
    expect(ctx.timers.has(TIMER.heartbeat)).toBe(false);
  });
});

describe('§5 timers', () => {
  it('electionTimeout: a follower in its own R asks for takeover with R\' = R \\ {leader}', () => {
    const s = dataNode('D2', { currentTerm: 3, leaderId: 'D1', lastLeaderContact: 0 });
    const ctx = fakeCtx('D2', 700);
    onElectionTimeout(ctx, s, cfg3);
    expect(s.role).toBe('candidate');
    const [req] = ctx.sentOf('TermRequest');
    expect(req!.to).toBe('E');
    expect(req!.msg).toEqual({ type: 'TermRequest', kind: 'takeover', from: 'D2', term: 3, electorEpoch: 0, replicationSet: set('D2', 'D3') });
    expect(ctx.timers.get(TIMER.retry)).toBe(700 + cfg3.timing.termRequestRetry);
  });

  it("electionTimeout: with the leader unknown, R' = R", () => {
    const s = dataNode('D3', { currentTerm: 0, leaderId: null, lastLeaderContact: 0 });
    const ctx = fakeCtx('D3', 700);
    onElectionTimeout(ctx, s, cfg3);
    expect(ctx.sentOf('TermRequest')[0]!.msg.replicationSet).toBe(ALL);
  });

  it('electionTimeout: a node outside its own replicationSet never starts an election', () => {
    const s = dataNode('D3', { currentTerm: 3, replicationSet: set('D1', 'D2'), lastLeaderContact: 0 });
    const ctx = fakeCtx('D3', 5000);
    onElectionTimeout(ctx, s, cfg3);
    expect(s.role).toBe('follower');
    expect(ctx.sentOf('TermRequest')).toHaveLength(0);
    // Deviation R3 (docs/protocol.md): it may only ask E for the current (term, R).
    expect(ctx.sent.every((x) => x.msg.type === 'ElectorHeartbeat')).toBe(true);
    expect(ctx.timers.has(TIMER.election)).toBe(true); // it keeps waiting to be caught up
  });

  it('electionTimeout: no takeover while the leader was heard within the timeout', () => {
    const s = dataNode('D2', { currentTerm: 1, leaderId: 'D1', lastLeaderContact: 900 });
    const ctx = fakeCtx('D2', 1000);
    onElectionTimeout(ctx, s, cfg3);
    expect(ctx.sent).toHaveLength(0);
    expect(s.role).toBe('follower');
    expect(ctx.timers.get(TIMER.election)).toBeGreaterThan(1000);
  });

  it('electionTimeout is drawn at random in [electionTimeoutMin, electionTimeoutMax]', () => {
    const draws = new Set<number>();
    for (let seed = 1; seed <= 60; seed++) {
      const ctx = fakeCtx('D1', 0, seed);
      startDataNode(ctx, dataNode('D1'), cfg3);
      const t = ctx.timers.get(TIMER.election)!;
      expect(t).toBeGreaterThanOrEqual(cfg3.timing.electionTimeoutMin);
      expect(t).toBeLessThanOrEqual(cfg3.timing.electionTimeoutMax);
      draws.add(t);
    }
    expect(draws.size).toBeGreaterThan(20);
  });

  it('heartbeatInterval: AppendEntries to every data node (in R or not) and an ElectorHeartbeat', () => {
    const { s, ctx } = leader({ term: 2, R: set('D1', 'D2'), log: logOf(1) });
    ctx.now = 1050;
    s.lastAckAt = [1050, 1050, 1050];
    onHeartbeat(ctx, s, cfg3);
    expect(ctx.sentOf('AppendEntries').map((x) => x.to).sort()).toEqual(['D2', 'D3']);
    expect(ctx.sentOf('ElectorHeartbeat')).toEqual([{ to: 'E', msg: { type: 'ElectorHeartbeat', term: 2, leaderId: 'D1', electorEpoch: 0 } }]);
    expect(ctx.timers.get(TIMER.heartbeat)).toBe(1050 + cfg3.timing.heartbeatInterval);
    expect(ctx.sentOf('TermRequest')).toHaveLength(0);
  });

  it('replicaTimeout: members of R silent that long are shrunk out, R\' = R \\ {all such n}', () => {
    const { s, ctx } = leader({ term: 2, now: 1000 });
    ctx.now = 1000 + cfg3.timing.replicaTimeout;
    s.lastAckAt[slotOf('D2')] = ctx.now - 10;
    onHeartbeat(ctx, s, cfg3);
    expect(ctx.sentOf('TermRequest')[0]!.msg).toMatchObject({ kind: 'shrink', from: 'D1', term: 2, replicationSet: set('D1', 'D2') });
    // Both silent: shrink to {L}.
    const b = leader({ term: 2, now: 1000 });
    b.ctx.now = 1000 + cfg3.timing.replicaTimeout;
    onHeartbeat(b.ctx, b.s, cfg3);
    expect(b.ctx.sentOf('TermRequest')[0]!.msg).toMatchObject({ kind: 'shrink', replicationSet: set('D1') });
  });

  it('replicaTimeout: a silent node outside R does not trigger a shrink', () => {
    const { s, ctx } = leader({ term: 2, R: set('D1', 'D2'), now: 1000 });
    ctx.now = 2000;
    s.lastAckAt[slotOf('D2')] = 1990;
    onHeartbeat(ctx, s, cfg3);
    expect(ctx.sentOf('TermRequest')).toHaveLength(0);
  });

  it('termRequestRetry: resends the outstanding TermRequest', () => {
    const s = dataNode('D2', { currentTerm: 3, leaderId: 'D1', lastLeaderContact: 0 });
    const ctx = fakeCtx('D2', 700);
    onElectionTimeout(ctx, s, cfg3);
    const first = ctx.sentOf('TermRequest')[0]!.msg;
    ctx.reset();
    ctx.now = 900;
    onTermRequestRetry(ctx, s, cfg3);
    expect(ctx.sentOf('TermRequest')).toEqual([{ to: 'E', msg: first }]);
    expect(ctx.timers.get(TIMER.retry)).toBe(900 + cfg3.timing.termRequestRetry);
    // Nothing outstanding, nothing resent.
    const t = dataNode('D3');
    const c2 = fakeCtx('D3');
    onTermRequestRetry(c2, t, cfg3);
    expect(c2.sent).toHaveLength(0);
  });

  it('catchUpCheck: a live node outside R starts a join (StartJoin) and is sent entries', () => {
    const { s, ctx } = leader({ term: 2, R: set('D1', 'D2'), log: logOf(1, 2) });
    ctx.now = 1500;
    s.lastAckAt[slotOf('D3')] = 1450; // D3 answers AppendEntries
    s.nextIndex[slotOf('D3')] = 1;
    onCatchUpCheck(ctx, s, cfg3);
    expect(s.joining).toEqual({ node: 'D3', joinFrom: 2 });
    expect(ctx.sentOf('AppendEntries').filter((x) => x.to === 'D3')).toHaveLength(1);
    expect(ctx.timers.get(TIMER.catchUp)).toBe(1500 + cfg3.timing.catchUpCheck);
  });

  it('catchUpCheck: a silent node outside R is not joined', () => {
    const { s, ctx } = leader({ term: 2, R: set('D1', 'D2'), log: logOf(1, 2), now: 1000 });
    ctx.now = 5000;
    s.lastAckAt[slotOf('D2')] = 4990;
    onCatchUpCheck(ctx, s, cfg3);
    expect(s.joining).toBeNull();
  });
});

describe('§6.2 grow', () => {
  it('StartJoin sets joinFrom to the last log index; grow is asked only once matchIndex[n] ≥ joinFrom (not commitIndex)', () => {
    const { s, ctx } = leader({ term: 3, R: set('D1', 'D2'), log: logOf(1, 1, 2, 3, 3) });
    // D2 acked everything so far except the last two: the commit index (3) lags the log (5).
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 3, from: 'D2', replicationSet: set('D1', 'D2'), matchIndex: 3 }), cfg3);
    expect(s.commitIndex).toBe(3);
    s.lastAckAt[slotOf('D3')] = ctx.now;
    onCatchUpCheck(ctx, s, cfg3);
    expect(s.joining).toEqual({ node: 'D3', joinFrom: 5 });
    ctx.reset();
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 3, from: 'D3', replicationSet: set('D1', 'D2'), matchIndex: 3 }), cfg3);
    expect(ctx.sentOf('TermRequest')).toHaveLength(0); // caught up to commitIndex, not to joinFrom
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 3, from: 'D3', replicationSet: set('D1', 'D2'), matchIndex: 5 }), cfg3);
    expect(ctx.sentOf('TermRequest').map((x) => x.msg)).toEqual([
      { type: 'TermRequest', kind: 'grow', from: 'D1', term: 3, electorEpoch: 0, replicationSet: ALL },
    ]);
  });

  it('joining is sticky: a silent joiner is not dropped locally; the leader asks for a new term instead', () => {
    const { s, ctx } = leader({ term: 3, R: set('D1', 'D2'), log: logOf(1), now: 1000 });
    s.lastAckAt[slotOf('D3')] = 1000;
    onCatchUpCheck(ctx, s, cfg3);
    expect(s.joining?.node).toBe('D3');
    ctx.reset();
    ctx.now = 1000 + cfg3.timing.replicaTimeout + 5;
    s.lastAckAt[slotOf('D2')] = ctx.now; // D2 is fine, only the joiner is silent
    onHeartbeat(ctx, s, cfg3);
    expect(s.joining?.node).toBe('D3'); // still waited for in this term
    expect(ctx.sentOf('TermRequest')[0]!.msg).toMatchObject({ kind: 'shrink', term: 3, replicationSet: set('D1', 'D2') });
    onClientWrite(ctx, s, 'x', cfg3);
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 3, from: 'D2', replicationSet: set('D1', 'D2'), matchIndex: 2 }), cfg3);
    expect(s.commitIndex).toBe(0); // the joiner's ack is still needed
    // The join ends only when the leader leaves the term.
    handleTermResponse(ctx, s, termResp({ term: 4, leaderId: 'D1', replicationSet: set('D1', 'D2') }), cfg3);
    expect(s.joining).toBeNull();
    expect(s.commitIndex).toBe(0);
  });

  it('the grow grant makes the joiner a member: R ∪ {n}, new term, joining cleared', () => {
    const { s, ctx } = leader({ term: 3, R: set('D1', 'D2'), log: logOf(1) });
    s.joining = { node: 'D3', joinFrom: 1 };
    handleTermResponse(ctx, s, termResp({ term: 4, leaderId: 'D1', replicationSet: ALL }), cfg3);
    expect(s).toMatchObject({ role: 'leader', currentTerm: 4, replicationSet: ALL, joining: null });
  });
});

describe('§8 crash and restart', () => {
  it('a crash keeps term, R, log and epoch, and loses role, commitIndex and leader state', () => {
    const { s, ctx } = leader({ term: 5, R: set('D1', 'D3'), log: logOf(1, 5) });
    s.electorEpoch = 2;
    handleAppendEntriesResponse(ctx, s, aeResp({ term: 5, from: 'D3', replicationSet: set('D1', 'D3'), matchIndex: 2 }), cfg3);
    expect(s.commitIndex).toBe(2);
    s.joining = { node: 'D2', joinFrom: 2 };
    const after = crashDataNode(s, cfg3, false);
    expect(after).toMatchObject({ currentTerm: 5, replicationSet: set('D1', 'D3'), log: logOf(1, 5), electorEpoch: 2 });
    expect(after).toMatchObject({ role: 'follower', leaderId: null, commitIndex: 0, joining: null, pendingRequest: null, installer: null });
    expect(after.matchIndex).toEqual([0, 0, 0]);
    // The durable log is a copy, not shared with the dead process.
    s.log.push({ term: 5, index: 3, command: 'late' });
    expect(after.log).toHaveLength(2);
  });

  it('a wipe loses the disk too, its marker with it; the operator starts the node with the current elector epoch (REJOIN.md §5 step 2)', () => {
    const s = dataNode('D2', { currentTerm: 4, log: logOf(1), electorEpoch: 1 });
    expect(crashDataNode(s, cfg3, true)).toMatchObject({ currentTerm: 0, log: [], electorEpoch: 1, replicationSet: ALL, marker: null });
  });

  it('a restarted leader is not leader again of the same term (a duplicated grant is ignored)', () => {
    const { s } = leader({ term: 2 });
    const r = crashDataNode(s, cfg3, false);
    const ctx = fakeCtx('D1', 5000);
    startDataNode(ctx, r, cfg3);
    expect(ctx.timers.has(TIMER.election)).toBe(true);
    handleTermResponse(ctx, r, termResp({ term: 2, leaderId: 'D1', replicationSet: ALL }), cfg3);
    expect(r.role).toBe('follower');
    expect(ctx.sent).toHaveLength(0);
    // Nor does an elector heartbeat reply that still names it leader of that term.
    handleElectorHeartbeatResponse(ctx, r, { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 2, leaderId: 'D1', replicationSet: ALL }, cfg3);
    expect(r.role).toBe('follower');
    expect(r.currentTerm).toBe(2);
  });

  it('after a restart the commit index is relearned from the next AppendEntries', () => {
    const s = crashDataNode(dataNode('D2', { currentTerm: 2, log: logOf(1, 2, 2), commitIndex: 3 }), cfg3, false);
    expect(s.commitIndex).toBe(0);
    handleAppendEntries(fakeCtx('D2'), s, ae({ term: 2, prevLogIndex: 3, prevLogTerm: 2, leaderCommit: 3 }), cfg3);
    expect(s.commitIndex).toBe(3);
  });
});

describe('§9 elector replacement (data-node side)', () => {
  const change = { type: 'ElectorChange' as const, newEpoch: 1, newElector: 'E', installer: 'D1' };

  it('ElectorChange at epoch e: durably switch to e+1 and ack ok with (currentTerm, replicationSet)', () => {
    const s = dataNode('D2', { currentTerm: 4, replicationSet: set('D1', 'D2') });
    const ctx = fakeCtx('D2');
    handleElectorChange(ctx, s, change, cfg3);
    expect(s.electorEpoch).toBe(1);
    expect(ctx.sent).toEqual([{ to: 'D1', msg: { type: 'ElectorChangeAck', from: 'D2', newEpoch: 1, ok: true, term: 4, replicationSet: set('D1', 'D2') } }]);
    expect(crashDataNode(s, cfg3, false).electorEpoch).toBe(1); // durable
  });

  it('ElectorChange when already at e+1: re-ack; a node already past that epoch refuses and keeps its epoch', () => {
    const s = dataNode('D2', { electorEpoch: 1 });
    const ctx = fakeCtx('D2');
    handleElectorChange(ctx, s, change, cfg3);
    expect(ctx.sent[0]!.msg).toMatchObject({ ok: true, newEpoch: 1 });
    expect(s.electorEpoch).toBe(1);
    const t = dataNode('D3', { electorEpoch: 3 });
    const c2 = fakeCtx('D3');
    handleElectorChange(c2, t, change, cfg3);
    expect(t.electorEpoch).toBe(3);
    expect(c2.sent[0]!.msg).toMatchObject({ ok: false });
  });

  it('the installer asks every data node, waits for all N acks, then installs at the highest term and its R', () => {
    const s = dataNode('D1', { currentTerm: 3, replicationSet: set('D1', 'D2') });
    const ctx = fakeCtx('D1');
    startElectorChange(ctx, s, 1, cfg3);
    expect(s.electorEpoch).toBe(1); // the installer switches itself
    expect(ctx.sentOf('ElectorChange').map((x) => x.to).sort()).toEqual(['D2', 'D3']);
    handleElectorAck(ctx, s, { type: 'ElectorChangeAck', from: 'D3', newEpoch: 1, ok: true, term: 2, replicationSet: set('D1', 'D3') });
    expect(ctx.sentOf('InstallElector')).toHaveLength(0);
    handleElectorAck(ctx, s, { type: 'ElectorChangeAck', from: 'D2', newEpoch: 1, ok: true, term: 4, replicationSet: set('D2') });
    expect(ctx.sentOf('InstallElector')).toEqual([{ to: 'E', msg: { type: 'InstallElector', electorEpoch: 1, term: 4, replicationSet: set('D2') } }]);
  });

  it('a refused ack (ok = false) does not count', () => {
    const s = dataNode('D1', {}, cfg2);
    const ctx = fakeCtx('D1');
    startElectorChange(ctx, s, 1, cfg2);
    handleElectorAck(ctx, s, { type: 'ElectorChangeAck', from: 'D2', newEpoch: 1, ok: false, term: 9, replicationSet: set('D2') });
    expect(ctx.sentOf('InstallElector')).toHaveLength(0);
  });

  it('after switching, a node ignores the old elector: grants, refusals and heartbeat replies', () => {
    const s = dataNode('D1', { currentTerm: 0 });
    handleElectorChange(fakeCtx('D1'), s, { ...change, installer: 'D2' }, cfg3);
    const ctx = fakeCtx('D1');
    handleTermResponse(ctx, s, termResp({ electorEpoch: 0, granted: true, term: 1, leaderId: 'D1', replicationSet: set('D1') }), cfg3);
    handleTermResponse(ctx, s, termResp({ electorEpoch: 0, granted: false, term: 2, leaderId: 'D2', replicationSet: set('D2') }), cfg3);
    handleElectorHeartbeatResponse(ctx, s, { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 3, leaderId: 'D3', replicationSet: set('D3') }, cfg3);
    expect(s).toMatchObject({ currentTerm: 0, role: 'follower', replicationSet: ALL, leaderId: null });
    // A grant of its own epoch is taken.
    handleTermResponse(ctx, s, termResp({ electorEpoch: 1, granted: true, term: 1, leaderId: 'D1', replicationSet: ALL }), cfg3);
    expect(s.role).toBe('leader');
  });
});
