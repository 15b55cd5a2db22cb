// One test per action of the published spec (Janus.tla, version B), named after the action.
// Each drives the mode by hand and checks the variables the spec's action assigns.
import { describe, expect, it } from 'vitest';
import { Hand, md } from './harness';

describe('published spec actions', () => {
  // The set-ups: each a point of a run that a test starts from, built on the one before.

  /** InitWorkload done: D2 leads term 1 with RF 2. */
  function elected(): Hand {
    const h = new Hand();
    h.elect();
    return h;
  }

  /** D2 (term 1, RF 2) sent SwitchToRF1 carrying committed (0,0), then committed a and b: E learns committed (1,1). */
  function staleSwitchToRF1(): Hand {
    const h = elected();
    h.op('LeaderSendSwitchToRF1', 'D2'); // carries committed (0,0)
    h.replicate('D2', 'a');
    h.replicate('D2', 'b'); // E learns committed (1,1)
    return h;
  }

  /** D2 (term 1, RF 2, a committed) asked the elector to switch to RF 1; the elector granted term 2. */
  function rf1Granted(): Hand {
    const h = elected();
    h.replicate('D2', 'a');
    h.op('LeaderSendSwitchToRF1', 'D2');
    h.deliver('SwitchToRF1', 'E');
    return h;
  }

  /** ...and D2 took the grant: it leads term 2 with RF 1. */
  function rf1ByElector(): Hand {
    const h = rf1Granted();
    h.deliver('SwitchToRF1 Resp', 'D2');
    return h;
  }

  /** D2 leads term 1 with RF 2 and a committed; D1 became a candidate and asks the elector to lead with RF 1. */
  function candidateAsks(): Hand {
    const h = elected();
    h.replicate('D2', 'a');
    h.op('FollowerSendSwitchToRF1Leader', 'D1');
    return h;
  }

  /** ...and the elector answered it with `ok` chosen by hand. */
  function candidateAnswered(ok: boolean): Hand {
    const h = candidateAsks();
    h.op('ElectorChooseOk', 'E', { ok });
    h.deliver('SwitchToRF1Leader', 'E');
    return h;
  }

  /** ...ok = TRUE, and D1 took the grant: it leads term 2 with RF 1. */
  function rf1Leader(): Hand {
    const h = candidateAnswered(true);
    h.deliver('SwitchToRF1Leader Resp', 'D1');
    return h;
  }

  /** The RF 1 leader D1 appended an entry and shipped its whole log to D2 (SwitchToRF2 P1). */
  function p1Sent(): Hand {
    const h = rf1Leader();
    h.op('LeaderSendSwitchToRF2_P1', 'D1', { data: 1 });
    return h;
  }

  /** ...and D2 took it: it created term 3 with RF 2. */
  function p1Acked(): Hand {
    const h = p1Sent();
    h.deliver('SwitchToRF2 P1', 'D2');
    return h;
  }

  it('FollowerSendInitWorkload: a follower at term 0 becomes candidate and asks the other data node', () => {
    const h = new Hand();
    const ev = h.op('FollowerSendInitWorkload', 'D1');
    expect(ev.probes).toContain('FollowerSendInitWorkload');
    expect(h.d('D1').role).toBe('candidate');
    const [m] = h.inFlight('InitWorkload', 'D2');
    expect(m!.msg).toEqual({ type: 'InitWorkload', term: 0, RF: 2, logged_index: md(0, 0) });
    // The guard: a candidate (or a node past term 0) cannot send it again.
    const again = h.sim.apply({ type: 'operator', name: 'FollowerSendInitWorkload', node: 'D1' })!;
    expect(again.error).toMatch(/not enabled: D1 is a candidate/);
  });

  it('FollowerAckInitWorkload: equal logs, d2 asking d1 wins; the voter moves to term m.term + 1 with the sender as leader', () => {
    const h = new Hand();
    h.op('FollowerSendInitWorkload', 'D2');
    const ev = h.deliver('InitWorkload', 'D1');
    expect(ev.probes).toContain('FollowerAckInitWorkload');
    expect(h.d('D1')).toMatchObject({ term: 1, currentLeader: 'D2', role: 'follower' });
    expect(h.inFlight('InitWorkload Resp', 'D2')[0]!.msg).toMatchObject({ term: 1, ok: true, RF: 2 });
    // d1 asking d2 loses the tie: d2 stays at term 0 and says no.
    const h2 = new Hand();
    h2.op('FollowerSendInitWorkload', 'D1');
    h2.deliver('InitWorkload', 'D2');
    expect(h2.d('D2')).toMatchObject({ term: 0, currentLeader: 'none' });
    expect(h2.inFlight('InitWorkload Resp', 'D1')[0]!.msg).toMatchObject({ term: 0, ok: false });
  });

  it('CandidateProcessAckInitWorkload_OK: the candidate becomes leader of the granted term with the reply RF', () => {
    const h = new Hand();
    h.op('FollowerSendInitWorkload', 'D2');
    h.deliver('InitWorkload', 'D1');
    const ev = h.deliver('InitWorkload Resp', 'D2');
    expect(ev.probes).toContain('CandidateProcessAckInitWorkload_OK');
    expect(h.d('D2')).toMatchObject({ role: 'leader', term: 1, replicationFactor: 2, currentLeader: 'D2' });
    expect(h.e.term).toBe(0); // the elector plays no part in InitWorkload
  });

  it('CandidateProcessAckInitWorkload_NACK: a refused candidate goes back to follower', () => {
    const h = new Hand();
    h.op('FollowerSendInitWorkload', 'D1');
    h.deliver('InitWorkload', 'D2');
    const ev = h.deliver('InitWorkload Resp', 'D1');
    expect(ev.probes).toContain('CandidateProcessAckInitWorkload_NACK');
    expect(h.d('D1')).toMatchObject({ role: 'follower', term: 0 });
  });

  it('LeaderSendAE_RF2: a client write appends and sends the entry to the follower and to the elector', () => {
    const h = elected();
    const ev = h.write('D2', '1');
    expect(ev.probes).toContain('LeaderSendAE_RF2');
    expect(ev.write).toMatchObject({ status: 'appended', index: 1 });
    expect(h.d('D2').dmlLog).toEqual([{ metadata: md(1, 1), data: '1' }]);
    expect(h.d('D2').loggedIdx).toEqual(md(1, 1));
    expect(h.inFlight('AppendEntries RF2', 'D1')).toHaveLength(1);
    expect(h.inFlight('AppendEntries RF2', 'E')).toHaveLength(1);
    expect(h.sim.messages().map((e) => e.to)).toEqual(['D1', 'E']); // the follower's copy first, as the spec appends
  });

  it('FollowerAckAE_RF2: accepts only index LoggedIdx + 1, takes the leader\'s committed index, acks with the entry', () => {
    const h = elected();
    h.write('D2', 'a');
    h.write('D2', 'b');
    // Deliver the second entry first: refused (no catch-up, no prevLogTerm check).
    const refused = h.deliver('AppendEntries RF2', 'D1', 'last');
    expect(refused.probes).toContain('AppendEntries RF2 refused (no catch-up)');
    expect(h.d('D1').dmlLog).toHaveLength(0);
    expect(h.inFlight('AppendEntries RF2 Resp', 'D2')[0]!.msg).toMatchObject({ ok: false, logged_idx: md(0, 0) });
    const ev = h.deliver('AppendEntries RF2', 'D1');
    expect(ev.probes).toContain('FollowerAckAE_RF2');
    expect(h.d('D1')).toMatchObject({ loggedIdx: md(1, 1), committedIdx: md(0, 0), currentLeader: 'D2' });
    expect(h.inFlight('AppendEntries RF2 Resp', 'D2')[1]!.msg).toMatchObject({ ok: true, logged_idx: md(1, 1) });
  });

  it('ElectorProcessAE_RF2: the elector adopts the higher term, RF and leader, and raises its committed index; no reply', () => {
    const h = elected();
    h.replicate('D2', 'a');
    expect(h.e).toMatchObject({ term: 1, replicationFactor: 2, currentLeader: 'D2', committedIdx: md(0, 0) });
    h.write('D2', 'b');
    const before = h.sim.messages().length;
    const ev = h.deliver('AppendEntries RF2', 'E');
    expect(ev.probes).toContain('ElectorProcessAE_RF2');
    expect(h.e.committedIdx).toEqual(md(1, 1)); // the leader's previous commit point
    expect(h.sim.messages().length).toBe(before - 1);
  });

  it('LeaderProcessAckAE_RF2_OK: one follower ack commits up to the acked index', () => {
    const h = elected();
    h.write('D2', 'a');
    h.deliver('AppendEntries RF2', 'D1');
    const ev = h.deliver('AppendEntries RF2 Resp', 'D2');
    expect(ev.probes).toContain('LeaderProcessAckAE_RF2_OK');
    expect(h.d('D2').committedIdx).toEqual(md(1, 1));
  });

  it('LeaderProcessAckAE_RF2_NACK: a refusal at the same term changes nothing, and nothing is resent', () => {
    const h = elected();
    h.write('D2', 'a');
    h.write('D2', 'b');
    h.deliver('AppendEntries RF2', 'D1', 'last');
    const n = h.sim.messages().length;
    const ev = h.deliver('AppendEntries RF2 Resp', 'D2');
    expect(ev.probes).toContain('LeaderProcessAckAE_RF2_NACK');
    expect(h.d('D2')).toMatchObject({ role: 'leader', term: 1, committedIdx: md(0, 0) });
    expect(h.sim.messages().length).toBe(n - 1);
  });

  it('LeaderSendSwitchToRF1: a leader with RF 2 asks the elector, with its committed index', () => {
    const h = elected();
    const ev = h.op('LeaderSendSwitchToRF1', 'D2');
    expect(ev.probes).toContain('LeaderSendSwitchToRF1');
    expect(h.inFlight('SwitchToRF1', 'E')[0]!.msg).toEqual({ type: 'SwitchToRF1', term: 1, RF: 2, committed_idx: md(0, 0) });
    expect(h.sim.apply({ type: 'operator', name: 'LeaderSendSwitchToRF1', node: 'D1' })!.error).toMatch(/not a leader/);
  });

  it('ElectorAckSwitchToRF1: term m.term + 1 with RF 1 and the sender as leader, even when it answers ok = FALSE', () => {
    const h = staleSwitchToRF1();
    expect(h.inFlight('SwitchToRF1', 'E')[0]!.msg).toMatchObject({ committed_idx: md(0, 0) });
    expect(h.e.committedIdx).toEqual(md(1, 1));
    const ev = h.deliver('SwitchToRF1', 'E');
    expect(ev.probes).toContain('ElectorAckSwitchToRF1');
    expect(h.e).toMatchObject({ term: 2, replicationFactor: 1, currentLeader: 'D2' });
    expect(h.inFlight('SwitchToRF1 Resp', 'D2')[0]!.msg).toMatchObject({ ok: false, term: 2, RF: 1 });
    // The elector at term 0 answers no switch request.
    const h2 = elected();
    h2.op('LeaderSendSwitchToRF1', 'D2');
    const ignored = h2.deliver('SwitchToRF1', 'E');
    expect(ignored.probes).toContain('message not enabled (discarded)');
    expect(h2.e.term).toBe(0);
  });

  it('LeaderProcessSwitchToRF1_OK: the leader adopts the new term with RF 1 and stays leader', () => {
    const h = rf1Granted();
    const ev = h.deliver('SwitchToRF1 Resp', 'D2');
    expect(ev.probes).toContain('LeaderProcessSwitchToRF1_OK');
    expect(h.d('D2')).toMatchObject({ role: 'leader', term: 2, replicationFactor: 1 });
  });

  it('LeaderProcessSwitchToRF1_NACK: refused at a higher term, the leader steps down; E still lists it as leader', () => {
    const h = staleSwitchToRF1();
    h.deliver('SwitchToRF1', 'E');
    const ev = h.deliver('SwitchToRF1 Resp', 'D2');
    expect(ev.probes).toContain('LeaderProcessSwitchToRF1_NACK');
    expect(h.d('D2')).toMatchObject({ role: 'follower', term: 2, replicationFactor: 1, currentLeader: 'unknown' });
    expect(h.e.currentLeader).toBe('D2');
  });

  it('LeaderSendAE_RF1: at RF 1 a write appends and sends only (term, index) to the elector', () => {
    const h = rf1ByElector();
    const send = h.write('D2', 'b');
    expect(send.probes).toContain('LeaderSendAE_RF1');
    expect(h.d('D2').loggedIdx).toEqual(md(2, 2));
    expect(h.inFlight('AppendEntries RF1', 'E')[0]!.msg).toEqual({ type: 'AppendEntries RF1', term: 2, RF: 1, committed_idx: md(1, 1), logentry_md: md(2, 2) });
    expect(h.inFlight('AppendEntries RF2', 'D1')).toHaveLength(0); // no data goes anywhere
  });

  it('ElectorAckAE_RF1: the elector raises its committed index to the leader\'s previous commit point and acks', () => {
    const h = rf1ByElector();
    h.write('D2', 'b');
    const ack = h.deliver('AppendEntries RF1', 'E');
    expect(ack.probes).toContain('ElectorAckAE_RF1');
    expect(h.e.committedIdx).toEqual(md(1, 1));
    expect(h.inFlight('AppendEntries RF1 Resp', 'D2')[0]!.msg).toEqual({ type: 'AppendEntries RF1 Resp', term: 2, RF: 1, logged_idx: md(2, 2), committed_idx: md(1, 1), ok: true });
  });

  it('LeaderProcessAckAE_RF1_OK: the elector\'s ack commits the entry', () => {
    const h = rf1ByElector();
    h.write('D2', 'b');
    h.deliver('AppendEntries RF1', 'E');
    const ok = h.deliver('AppendEntries RF1 Resp', 'D2');
    expect(ok.probes).toContain('LeaderProcessAckAE_RF1_OK');
    expect(h.d('D2').committedIdx).toEqual(md(2, 2));
  });

  it('LeaderProcessAckAE_RF1_NACK: an elector ahead of the leader\'s committed index refuses', () => {
    const h = rf1ByElector();
    h.write('D2', 'b'); // AE RF1 carrying committed (1,1)
    const first = h.inFlight('AppendEntries RF1', 'E')[0]!;
    h.apply({ type: 'duplicate', msg: first.id }); // DupMsg
    h.deliver('AppendEntries RF1', 'E');
    h.deliver('AppendEntries RF1 Resp', 'D2'); // commits (2,2)
    h.write('D2', 'c'); // carries committed (2,2)
    h.deliver('AppendEntries RF1', 'E', 'last');
    expect(h.e.committedIdx).toEqual(md(2, 2));
    h.deliver('AppendEntries RF1', 'E'); // the stale copy, committed (1,1) < (2,2)
    const resp = h.inFlight('AppendEntries RF1 Resp', 'D2');
    expect(resp.map((e) => (e.msg as { ok: boolean }).ok)).toEqual([true, false]);
    h.deliver('AppendEntries RF1 Resp', 'D2'); // the ok one
    const nack = h.deliver('AppendEntries RF1 Resp', 'D2');
    expect(nack.probes).toContain('LeaderProcessAckAE_RF1_NACK');
    expect(h.d('D2')).toMatchObject({ role: 'leader', term: 2 });
  });

  it('FollowerSendSwitchToRF1Leader: a follower at term > 0 becomes candidate and asks the elector', () => {
    const h = elected();
    const ev = h.op('FollowerSendSwitchToRF1Leader', 'D1');
    expect(ev.probes).toContain('FollowerSendSwitchToRF1Leader');
    expect(h.d('D1').role).toBe('candidate');
    expect(h.inFlight('SwitchToRF1Leader', 'E')[0]!.msg).toEqual({ type: 'SwitchToRF1Leader', term: 1, RF: 2, logged_idx: md(0, 0), committed_idx: md(0, 0) });
  });

  it('ElectorAckSwitchToRF1Leader: with RF = 2 and ok, grants term + 1 with RF 1; with RF 1 the TODO guard blocks', () => {
    const h = candidateAsks();
    h.op('ElectorChooseOk', 'E', { ok: true });
    const ev = h.deliver('SwitchToRF1Leader', 'E');
    expect(ev.probes).toContain('ElectorAckSwitchToRF1Leader');
    expect(h.e).toMatchObject({ term: 2, replicationFactor: 1, currentLeader: 'D1' });
    expect(h.inFlight('SwitchToRF1Leader Resp', 'D1')[0]!.msg).toMatchObject({ ok: true, term: 2, RF: 1 });
    // Now RF = 1 at the elector: D2's request is blocked by the guard.
    h.op('LeaderSendSwitchToRF1', 'D2'); // (irrelevant traffic) D2 still thinks it leads term 1
    h.apply({ type: 'operator', name: 'Restart', node: 'D2' });
    h.op('FollowerSendSwitchToRF1Leader', 'D2');
    const blocked = h.deliver('SwitchToRF1Leader', 'E');
    expect(blocked.probes).toContain('RF = 2 guard blocks SwitchToRF1Leader');
    expect(h.e.term).toBe(2);
    // Without a choice by hand the elector uses its timer: it heard from D2 just now, so ok = FALSE.
    const h2 = candidateAsks();
    h2.deliver('SwitchToRF1Leader', 'E');
    expect(h2.inFlight('SwitchToRF1Leader Resp', 'D1')[0]!.msg).toMatchObject({ ok: false, term: 1 });
  });

  it('CandidateProcessSwitchToRF1Leader_OK: the candidate becomes leader with RF 1', () => {
    const h = candidateAnswered(true);
    const ev = h.deliver('SwitchToRF1Leader Resp', 'D1');
    expect(ev.probes).toContain('CandidateProcessSwitchToRF1Leader_OK');
    expect(h.d('D1')).toMatchObject({ role: 'leader', term: 2, replicationFactor: 1, currentLeader: 'D1' });
  });

  it('CandidateProcessSwitchToRF1Leader_NACK: a refused candidate becomes a follower', () => {
    const h = candidateAnswered(false);
    const ev = h.deliver('SwitchToRF1Leader Resp', 'D1');
    expect(ev.probes).toContain('CandidateProcessSwitchToRF1Leader_NACK');
    expect(h.d('D1')).toMatchObject({ role: 'follower', term: 1 });
  });

  it('LeaderSendSwitchToRF2_P1: the RF 1 leader appends an entry and ships its whole log', () => {
    const h = rf1Leader();
    const ev = h.op('LeaderSendSwitchToRF2_P1', 'D1', { data: 1 });
    expect(ev.probes).toContain('LeaderSendSwitchToRF2_P1');
    const m = h.inFlight('SwitchToRF2 P1', 'D2')[0]!.msg;
    expect(m).toMatchObject({ term: 2, RF: 1, logged_idx: md(2, 2), committed_idx: md(0, 0) });
    expect(m.type === 'SwitchToRF2 P1' && m.dml_log.map((e) => e.metadata)).toEqual([md(1, 1), md(2, 2)]);
  });

  it('FollowerAckSwitchToRF2_P1: receiver-first: the joiner creates term m.term + 1 with RF 2 and takes the shipped log', () => {
    const h = p1Sent();
    const ev = h.deliver('SwitchToRF2 P1', 'D2');
    expect(ev.probes).toContain('FollowerAckSwitchToRF2_P1');
    expect(h.d('D2')).toMatchObject({ term: 3, replicationFactor: 2, role: 'follower', currentLeader: 'D1', loggedIdx: md(2, 2) });
    expect(h.d('D2').dmlLog).toHaveLength(2);
    expect(h.e).toMatchObject({ term: 2, replicationFactor: 1 }); // the elector has not heard yet
  });

  it('LeaderProcessAckSwitchToRF2_P1: the leader follows to the new term, commits the shipped log and sends P2', () => {
    const h = p1Acked();
    const ev = h.deliver('SwitchToRF2 P1 Resp', 'D1');
    expect(ev.probes).toContain('LeaderProcessAckSwitchToRF2_P1');
    expect(h.d('D1')).toMatchObject({ role: 'leader', term: 3, replicationFactor: 2, committedIdx: md(2, 2) });
    expect(h.inFlight('SwitchToRF2 P2', 'E')[0]!.msg).toEqual({ type: 'SwitchToRF2 P2', term: 3, RF: 2, committed_idx: md(2, 2) });
  });

  it('ElectorAckSwitchToRF2_P2: the elector learns the joiner\'s term with RF 2', () => {
    const h = p1Acked();
    h.deliver('SwitchToRF2 P1 Resp', 'D1');
    const ev = h.deliver('SwitchToRF2 P2', 'E');
    expect(ev.probes).toContain('ElectorAckSwitchToRF2_P2');
    expect(h.e).toMatchObject({ term: 3, replicationFactor: 2, currentLeader: 'D1', committedIdx: md(2, 2) });
    expect(h.properties).toEqual([]);
  });

  it('DupMsg and DropMsg: the kernel duplicates a message (appended last) or loses it', () => {
    const h = new Hand();
    h.op('FollowerSendInitWorkload', 'D1');
    const [m] = h.inFlight('InitWorkload', 'D2');
    h.apply({ type: 'duplicate', msg: m!.id });
    expect(h.inFlight('InitWorkload', 'D2')).toHaveLength(2);
    h.apply({ type: 'drop', msg: m!.id });
    expect(h.inFlight('InitWorkload', 'D2')).toHaveLength(1);
  });

  it('HardReset: a data node loses its disk (CurrentLeader := OtherDataNode); the elector goes back to term 0, RF 2, "unknown"', () => {
    const h = elected();
    h.replicate('D2', 'a');
    h.write('D2', 'b');
    const inFlight = h.sim.messages().length;
    h.op('HardReset', 'D1');
    expect(h.d('D1')).toMatchObject({ term: 0, role: 'follower', replicationFactor: 2, currentLeader: 'D2', loggedIdx: md(0, 0), committedIdx: md(0, 0), dmlLog: [] });
    expect(h.sim.messages().length).toBe(inFlight); // the spec's HardReset keeps messages
    h.op('HardReset', 'E');
    expect(h.e).toMatchObject({ term: 0, replicationFactor: 2, currentLeader: 'unknown', committedIdx: md(0, 0) });
    // The kernel's crash with disk loss reaches the same state (and drops messages to the node).
    h.apply({ type: 'crash', node: 'D2', wipe: true });
    expect(h.d('D2')).toMatchObject({ term: 0, currentLeader: 'D1', dmlLog: [] });
  });

  it('Restart (MCRestart): a data node comes back as a follower with its disk', () => {
    const h = elected();
    h.replicate('D2', 'a');
    h.op('Restart', 'D2');
    expect(h.d('D2')).toMatchObject({ role: 'follower', term: 1, replicationFactor: 2, loggedIdx: md(1, 1), committedIdx: md(1, 1) });
    expect(h.d('D2').dmlLog).toHaveLength(1);
    h.apply({ type: 'crash', node: 'D1' });
    h.apply({ type: 'restart', node: 'D1' });
    expect(h.d('D1')).toMatchObject({ role: 'follower', term: 1, loggedIdx: md(1, 1) });
  });
});
