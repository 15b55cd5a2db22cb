// Raft's rules, one at a time, through the entry point `step` (Figure 2 of the extended paper):
// the term handled first, then the role's function; elections, votes, replication, the commit
// rule of §5.4.2, crash and restart, client writes, PreVote and CheckQuorum.
import { describe, expect, it } from 'vitest';
import { crashServer, onClientWrite, startServer, TIMER } from '../../src/protocols/raft/node';
import { config, deliver, fakeCtx, log, server } from './helpers';

describe('the term first (etcd Step)', () => {
  it('a higher term in any message makes the server a follower of that term, with votedFor cleared', () => {
    const c = config();
    const s = server('S1', c, { role: 'leader', currentTerm: 3, votedFor: 'S1', leaderId: 'S1' });
    const ctx = fakeCtx('S1');
    deliver(ctx, s, 'S2', { type: 'AppendEntriesResponse', term: 5, success: false, matchIndex: 0, lastLogIndex: 0 }, c);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 5, votedFor: null, leaderId: null });
    expect(ctx.cleared).toContain(TIMER.heartbeat);
    expect(ctx.timers.has(TIMER.election)).toBe(true);
    expect(ctx.notes.map((n) => n.rule)).toContain('Fig2');
  });

  it('AppendEntries of a higher term names the leader', () => {
    const c = config();
    const s = server('S2', c, { currentTerm: 1 });
    const ctx = fakeCtx('S2');
    deliver(ctx, s, 'S3', { type: 'AppendEntries', term: 4, leaderId: 'S3', prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 }, c);
    expect(s).toMatchObject({ currentTerm: 4, leaderId: 'S3', role: 'follower' });
    expect(ctx.sentOf('AppendEntriesResponse')[0]!.msg).toMatchObject({ term: 4, success: true, matchIndex: 0 });
  });

  it('a request of a lower term is refused with currentTerm, so a stale leader or candidate learns it', () => {
    const c = config();
    const s = server('S2', c, { currentTerm: 7, log: log(1, 2) });
    const ctx = fakeCtx('S2');
    deliver(ctx, s, 'S1', { type: 'AppendEntries', term: 6, leaderId: 'S1', prevLogIndex: 2, prevLogTerm: 2, entries: [], leaderCommit: 2 }, c);
    deliver(ctx, s, 'S3', { type: 'RequestVote', term: 5, candidateId: 'S3', lastLogIndex: 9, lastLogTerm: 6, preVote: false }, c);
    expect(ctx.sentOf('AppendEntriesResponse')[0]).toMatchObject({ to: 'S1', msg: { term: 7, success: false } });
    expect(ctx.sentOf('RequestVoteResponse')[0]).toMatchObject({ to: 'S3', msg: { term: 7, voteGranted: false } });
    expect(s).toMatchObject({ currentTerm: 7, votedFor: null, leaderId: null, commitIndex: 0 });
  });

  it('a response of a lower term is ignored', () => {
    const c = config();
    const s = server('S1', c, { role: 'candidate', currentTerm: 4, votedFor: 'S1' });
    s.votes[0] = true;
    const ctx = fakeCtx('S1');
    deliver(ctx, s, 'S2', { type: 'RequestVoteResponse', term: 3, voteGranted: true, preVote: false }, c);
    expect(s.role).toBe('candidate');
    expect(s.votes).toEqual([true, false, false]);
  });
});

describe('elections (§5.2, §5.4.1)', () => {
  it('the election timer starts an election: next term, a vote for itself, RequestVote to every other server', () => {
    const c = config(5);
    const s = server('S3', c, { currentTerm: 2, log: log(1, 2) });
    const ctx = fakeCtx('S3');
    deliver(ctx, s, null, { type: 'MsgHup' }, c);
    expect(s).toMatchObject({ role: 'candidate', currentTerm: 3, votedFor: 'S3' });
    const rv = ctx.sentOf('RequestVote');
    expect(rv.map((x) => x.to)).toEqual(['S1', 'S2', 'S4', 'S5']);
    expect(rv[0]!.msg).toMatchObject({ term: 3, candidateId: 'S3', lastLogIndex: 2, lastLogTerm: 2, preVote: false });
    const t = ctx.timers.get(TIMER.election)! - ctx.now;
    expect(t).toBeGreaterThanOrEqual(c.timing.electionTimeoutMin);
    expect(t).toBeLessThanOrEqual(c.timing.electionTimeoutMax);
  });

  it('one vote per term: votedFor is kept, and a second candidate of the same term is refused', () => {
    const c = config();
    const s = server('S1', c, { currentTerm: 1 });
    const ctx = fakeCtx('S1');
    deliver(ctx, s, 'S2', { type: 'RequestVote', term: 2, candidateId: 'S2', lastLogIndex: 0, lastLogTerm: 0, preVote: false }, c);
    deliver(ctx, s, 'S3', { type: 'RequestVote', term: 2, candidateId: 'S3', lastLogIndex: 0, lastLogTerm: 0, preVote: false }, c);
    // The same candidate asking again (a duplicate) gets the same answer.
    deliver(ctx, s, 'S2', { type: 'RequestVote', term: 2, candidateId: 'S2', lastLogIndex: 0, lastLogTerm: 0, preVote: false }, c);
    expect(ctx.sentOf('RequestVoteResponse').map((x) => [x.to, x.msg.voteGranted])).toEqual([
      ['S2', true],
      ['S3', false],
      ['S2', true],
    ]);
    expect(s.votedFor).toBe('S2');
  });

  it('§5.4.1: a vote only for a log at least as up-to-date (last term first, then length)', () => {
    const c = config();
    const ask = (lastLogIndex: number, lastLogTerm: number) => {
      const s = server('S1', c, { currentTerm: 3, log: log(1, 2, 2) });
      const ctx = fakeCtx('S1');
      deliver(ctx, s, 'S2', { type: 'RequestVote', term: 4, candidateId: 'S2', lastLogIndex, lastLogTerm, preVote: false }, c);
      return ctx.sentOf('RequestVoteResponse')[0]!.msg.voteGranted;
    };
    expect(ask(3, 2)).toBe(true); // same last entry
    expect(ask(9, 2)).toBe(true); // longer, same last term
    expect(ask(1, 3)).toBe(true); // shorter, newer last term
    expect(ask(2, 2)).toBe(false); // shorter, same last term
    expect(ask(9, 1)).toBe(false); // longer, older last term
  });

  it('the candidate becomes leader on a majority, initializes nextIndex and matchIndex and sends heartbeats', () => {
    const c = config(5);
    const s = server('S1', c, { currentTerm: 1, log: log(1) });
    const ctx = fakeCtx('S1');
    deliver(ctx, s, null, { type: 'MsgHup' }, c);
    ctx.reset();
    deliver(ctx, s, 'S2', { type: 'RequestVoteResponse', term: 2, voteGranted: true, preVote: false }, c);
    deliver(ctx, s, 'S3', { type: 'RequestVoteResponse', term: 2, voteGranted: false, preVote: false }, c);
    expect(s.role).toBe('candidate');
    deliver(ctx, s, 'S4', { type: 'RequestVoteResponse', term: 2, voteGranted: true, preVote: false }, c);
    expect(s.role).toBe('leader');
    expect(s.nextIndex).toEqual([2, 2, 2, 2, 2]);
    expect(s.matchIndex).toEqual([0, 0, 0, 0, 0]);
    expect(ctx.sentOf('AppendEntries').map((x) => x.to)).toEqual(['S2', 'S3', 'S4', 'S5']);
    expect(ctx.sentOf('AppendEntries')[0]!.msg).toMatchObject({ term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [], leaderCommit: 0 });
    expect(ctx.cleared).toContain(TIMER.election);
    expect(ctx.timers.has(TIMER.heartbeat)).toBe(true);
  });

  it('a candidate that hears AppendEntries of its own term returns to follower', () => {
    const c = config();
    const s = server('S1', c, { role: 'candidate', currentTerm: 3, votedFor: 'S1' });
    const ctx = fakeCtx('S1');
    deliver(ctx, s, 'S2', { type: 'AppendEntries', term: 3, leaderId: 'S2', prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 }, c);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 3, votedFor: 'S1', leaderId: 'S2' });
  });
});

describe('replication (§5.3)', () => {
  const ae = (prevLogIndex: number, prevLogTerm: number, entries: ReturnType<typeof log>, leaderCommit = 0, term = 3) =>
    ({ type: 'AppendEntries', term, leaderId: 'S1', prevLogIndex, prevLogTerm, entries, leaderCommit }) as const;

  it('refuses when the log has no entry at prevLogIndex with prevLogTerm, with its last index as a hint', () => {
    const c = config();
    const s = server('S2', c, { currentTerm: 3, log: log(1, 1) });
    const ctx = fakeCtx('S2');
    deliver(ctx, s, 'S1', ae(4, 3, []), c);
    deliver(ctx, s, 'S1', ae(2, 2, []), c);
    expect(ctx.sentOf('AppendEntriesResponse').map((x) => x.msg)).toEqual([
      { type: 'AppendEntriesResponse', term: 3, success: false, matchIndex: 0, lastLogIndex: 2 },
      { type: 'AppendEntriesResponse', term: 3, success: false, matchIndex: 0, lastLogIndex: 2 },
    ]);
    expect(s.log).toHaveLength(2);
  });

  it('deletes a conflicting entry and all that follow it, then appends', () => {
    const c = config();
    const s = server('S2', c, { currentTerm: 3, log: log(1, 1, 1, 1) });
    const ctx = fakeCtx('S2');
    const leader = log(1, 3, 3);
    deliver(ctx, s, 'S1', ae(1, 1, leader.slice(1)), c);
    expect(s.log.map((e) => e.term)).toEqual([1, 3, 3]);
    expect(ctx.probes).toContain('conflicting suffix deleted');
    expect(ctx.sentOf('AppendEntriesResponse')[0]!.msg).toMatchObject({ success: true, matchIndex: 3 });
  });

  it('an old AppendEntries whose entries it already holds deletes nothing', () => {
    const c = config();
    const s = server('S2', c, { currentTerm: 3, log: log(1, 3, 3) });
    const ctx = fakeCtx('S2');
    deliver(ctx, s, 'S1', ae(0, 0, log(1, 3)), c);
    expect(s.log).toHaveLength(3);
    expect(ctx.sentOf('AppendEntriesResponse')[0]!.msg).toMatchObject({ success: true, matchIndex: 2 });
  });

  it('commitIndex = min(leaderCommit, index of last new entry), never backwards', () => {
    const c = config();
    const s = server('S2', c, { currentTerm: 3, log: log(1, 1, 2, 2, 2) });
    const ctx = fakeCtx('S2');
    // The last new entry is index 2: entries after it are not known to match the leader's.
    deliver(ctx, s, 'S1', ae(1, 1, log(1, 1).slice(1), 5), c);
    expect(s.commitIndex).toBe(2);
    deliver(ctx, s, 'S1', ae(4, 2, [], 4), c);
    expect(s.commitIndex).toBe(4);
    deliver(ctx, s, 'S1', ae(1, 1, [], 1), c);
    expect(s.commitIndex).toBe(4);
  });

  it('the leader backs off nextIndex on a refusal (by one, or to the end of a shorter log) and resends', () => {
    const c = config(3, { heartbeatInterval: 50 });
    const s = server('S1', c, { role: 'leader', leaderId: 'S1', currentTerm: 3, log: log(1, 1, 2, 3, 3), nextIndex: [6, 6, 6], matchIndex: [0, 0, 0] });
    const ctx = fakeCtx('S1');
    deliver(ctx, s, 'S2', { type: 'AppendEntriesResponse', term: 3, success: false, matchIndex: 0, lastLogIndex: 9 }, c);
    expect(s.nextIndex[1]).toBe(5);
    deliver(ctx, s, 'S3', { type: 'AppendEntriesResponse', term: 3, success: false, matchIndex: 0, lastLogIndex: 2 }, c);
    expect(s.nextIndex[2]).toBe(3);
    const resent = ctx.sentOf('AppendEntries');
    expect(resent.map((x) => [x.to, x.msg.prevLogIndex, x.msg.entries.length])).toEqual([
      ['S2', 4, 1],
      ['S3', 2, 3],
    ]);
  });
});

describe('the commit rule (Figure 2, §5.4.2)', () => {
  it('a majority holding an entry of an older term does not commit it; an entry of the current term does, with all before it', () => {
    const c = config(5);
    const s = server('S1', c, { role: 'leader', leaderId: 'S1', currentTerm: 4, log: log(1, 2), nextIndex: [3, 3, 3, 3, 3], matchIndex: [0, 0, 0, 0, 0] });
    const ctx = fakeCtx('S1');
    const ack = (from: string, matchIndex: number) => deliver(ctx, s, from, { type: 'AppendEntriesResponse', term: 4, success: true, matchIndex, lastLogIndex: 0 }, c);
    ack('S2', 2);
    ack('S3', 2);
    expect(s.commitIndex).toBe(0);
    expect(ctx.notes.some((n) => n.rule === '5.4.2')).toBe(true);
    onClientWrite(ctx, s, 'x', c);
    ack('S2', 3);
    expect(s.commitIndex).toBe(0);
    ack('S3', 3);
    expect(s.commitIndex).toBe(3);
  });

  it('the commit-old-term mutant commits it by counting replicas', () => {
    const c = config(5, {}, 'commit-old-term');
    const s = server('S1', c, { role: 'leader', leaderId: 'S1', currentTerm: 4, log: log(1, 2), nextIndex: [3, 3, 3, 3, 3], matchIndex: [0, 0, 0, 0, 0] });
    const ctx = fakeCtx('S1');
    for (const from of ['S2', 'S3']) deliver(ctx, s, from, { type: 'AppendEntriesResponse', term: 4, success: true, matchIndex: 2, lastLogIndex: 0 }, c);
    expect(s.commitIndex).toBe(2);
  });
});

describe('crash, restart and client writes', () => {
  it('a crash keeps currentTerm, votedFor and the log; a wiped disk keeps nothing', () => {
    const c = config();
    const s = server('S2', c, { role: 'leader', currentTerm: 5, votedFor: 'S2', leaderId: 'S2', log: log(1, 5), commitIndex: 2, lastApplied: 2 });
    expect(crashServer(s, c, false)).toMatchObject({ currentTerm: 5, votedFor: 'S2', log: s.log, role: 'follower', commitIndex: 0, lastApplied: 0, leaderId: null });
    expect(crashServer(s, c, true)).toMatchObject({ currentTerm: 0, votedFor: null, log: [], role: 'follower' });
    expect(crashServer(s, config(3, {}, 'volatile-term'), false)).toMatchObject({ currentTerm: 0, votedFor: null, log: s.log });
  });

  it('a restarted server arms its randomized election timer', () => {
    const c = config();
    const ctx = fakeCtx('S1');
    startServer(ctx, server('S1', c), c);
    expect(ctx.timers.has(TIMER.election)).toBe(true);
  });

  it('a write to the leader is appended at the next index of its term; a follower redirects; without a known leader it is rejected', () => {
    const c = config();
    const leader = server('S1', c, { role: 'leader', leaderId: 'S1', currentTerm: 2, log: log(1), nextIndex: [2, 2, 1], matchIndex: [0, 1, 0] });
    const ctx = fakeCtx('S1');
    expect(onClientWrite(ctx, leader, 'x=1', c)).toEqual({ status: 'appended', index: 2 });
    expect(leader.log[1]).toEqual({ index: 2, term: 2, command: 'x=1' });
    // Sent at once to S2 (its nextIndex is the new index), not to S3 (it is behind: the heartbeat catches it up).
    expect(ctx.sentOf('AppendEntries').map((x) => x.to)).toEqual(['S2']);
    expect(onClientWrite(fakeCtx('S2'), server('S2', c, { leaderId: 'S1', currentTerm: 2 }), 'y', c)).toEqual({ status: 'redirect', to: 'S1' });
    expect(onClientWrite(fakeCtx('S3'), server('S3', c), 'y', c).status).toBe('rejected');
  });
});

describe('PreVote (dissertation §9.6) and CheckQuorum (§6.2)', () => {
  it('a pre-candidate asks for term + 1 without raising its own term or voting', () => {
    const c = config(3, { preVote: 1 });
    const s = server('S1', c, { currentTerm: 4, votedFor: 'S2' });
    const ctx = fakeCtx('S1');
    deliver(ctx, s, null, { type: 'MsgHup' }, c);
    expect(s).toMatchObject({ role: 'precandidate', currentTerm: 4, votedFor: 'S2' });
    expect(ctx.sentOf('RequestVote')[0]!.msg).toMatchObject({ term: 5, preVote: true });
    // A granted pre-vote echoes term 5 and does not move S1 to it; a majority starts the real election.
    deliver(ctx, s, 'S3', { type: 'RequestVoteResponse', term: 5, voteGranted: true, preVote: true }, c);
    expect(s).toMatchObject({ role: 'candidate', currentTerm: 5, votedFor: 'S1' });
  });

  it('a pre-vote request changes nothing at the receiver', () => {
    const c = config(3, { preVote: 1 });
    const s = server('S2', c, { currentTerm: 4, votedFor: 'S3', leaderId: 'S3' });
    const ctx = fakeCtx('S2');
    deliver(ctx, s, 'S1', { type: 'RequestVote', term: 5, candidateId: 'S1', lastLogIndex: 0, lastLogTerm: 0, preVote: true }, c);
    expect(s).toMatchObject({ currentTerm: 4, votedFor: 'S3', leaderId: 'S3', role: 'follower' });
    expect(ctx.sentOf('RequestVoteResponse')[0]!.msg).toEqual({ type: 'RequestVoteResponse', term: 5, voteGranted: true, preVote: true });
  });

  it('under CheckQuorum a server that heard from its leader within the minimum election timeout ignores RequestVote', () => {
    const c = config(3, { checkQuorum: 1, electionTimeoutMin: 150 });
    const s = server('S2', c, { currentTerm: 4, leaderId: 'S3', lastLeaderContact: 950 });
    const ctx = fakeCtx('S2', 1000);
    deliver(ctx, s, 'S1', { type: 'RequestVote', term: 5, candidateId: 'S1', lastLogIndex: 9, lastLogTerm: 9, preVote: false }, c);
    expect(s.currentTerm).toBe(4);
    expect(ctx.sent).toEqual([]);
    // Without CheckQuorum it adopts the term and votes.
    const plain = server('S2', config(), { currentTerm: 4, leaderId: 'S3', lastLeaderContact: 950 });
    const ctx2 = fakeCtx('S2', 1000);
    deliver(ctx2, plain, 'S1', { type: 'RequestVote', term: 5, candidateId: 'S1', lastLogIndex: 9, lastLogTerm: 9, preVote: false }, config());
    expect(plain).toMatchObject({ currentTerm: 5, votedFor: 'S1' });
  });

  it('a leader that heard from no majority since the last check steps down', () => {
    const c = config(5, { checkQuorum: 1 });
    const s = server('S1', c, { role: 'leader', leaderId: 'S1', currentTerm: 2 });
    const ctx = fakeCtx('S1');
    deliver(ctx, s, 'S2', { type: 'AppendEntriesResponse', term: 2, success: true, matchIndex: 0, lastLogIndex: 0 }, c);
    deliver(ctx, s, 'S3', { type: 'AppendEntriesResponse', term: 2, success: true, matchIndex: 0, lastLogIndex: 0 }, c);
    deliver(ctx, s, null, { type: 'MsgCheckQuorum' }, c);
    expect(s.role).toBe('leader');
    deliver(ctx, s, 'S2', { type: 'AppendEntriesResponse', term: 2, success: true, matchIndex: 0, lastLogIndex: 0 }, c);
    deliver(ctx, s, null, { type: 'MsgCheckQuorum' }, c);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 2, leaderId: null });
  });
});

describe('regressions', () => {
  it('adopting a newer term from a RequestVote it refuses does not restart the election timer (Figure 2)', () => {
    const c = config(5);
    const s = server('S2', c, { currentTerm: 3, log: log(1, 3) });
    const ctx = fakeCtx('S2', 1000);
    ctx.timers.set(TIMER.election, 1100);
    deliver(ctx, s, 'S1', { type: 'RequestVote', term: 4, candidateId: 'S1', lastLogIndex: 1, lastLogTerm: 1, preVote: false }, c);
    expect(s.currentTerm).toBe(4);
    expect(ctx.sentOf('RequestVoteResponse')[0]!.msg.voteGranted).toBe(false);
    expect(ctx.timers.get(TIMER.election)).toBe(1100);
    // Granting a vote does restart it.
    deliver(ctx, s, 'S3', { type: 'RequestVote', term: 5, candidateId: 'S3', lastLogIndex: 2, lastLogTerm: 3, preVote: false }, c);
    expect(ctx.timers.get(TIMER.election)).toBeGreaterThanOrEqual(1000 + c.timing.electionTimeoutMin);
  });

  it('a follower that lost its disk is caught up from index 1 (nextIndex goes below what it had acknowledged)', async () => {
    const { runScript } = await import('../../src/testing/script');
    const { registry } = await import('./helpers');
    const run = runScript(
      ['shape raft-3', 'seed 1', 'run-until leader=S1 max 3000', 'run 100', 'write S1 a', 'write S1 b', 'write S1 c', 'run 300', 'crash S3 wipe', 'restart S3', 'run 1000', 'state'].join('\n'),
      { registry },
    );
    const state = run.outputs.at(-1)!.output.split('\n');
    const s3 = state.find((l) => l.startsWith('S3'))!;
    expect(s3).toMatch(/commit 3 log 1:t\d+:a 2:t\d+:b 3:t\d+:c$/);
  });
});
