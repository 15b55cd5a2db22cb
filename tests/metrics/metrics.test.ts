// Cost metrics on small scripted runs with fixed 10 ms links (no jitter, loss or duplicates),
// so every figure below can be checked by hand from the trace (see the comments).

import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/metrics';
import { createTimeline } from '../../src/protocols/registry';
import type { Timeline } from '../../src/kernel';
import { spaceTimeWindow } from '../../src/store/spacetime';

const FIXED = { latencyMin: 10, latencyJitter: 0, tailProb: 0, loss: 0, dup: 0 };
const run = () => createTimeline({ protocol: 'janus-3+1', seed: 1, link: FIXED });

describe('traffic', () => {
  // Seed 1: D1's election timer fires at 428, E grants term 1 at 438, D1 leads at 448 and
  // sends HB to D2, D3 (39 B each) and an ElectorHeartbeat (14 B) to E at 448, 498, 548, 598.
  it('counts messages and bytes per node, per link and at the elector (to 620 ms)', () => {
    const tl = run();
    tl.advanceTo(620);
    const m = computeMetrics(tl);
    expect(m.upTo).toBe(32);
    // D1: TermRequest 16 + 4 rounds × (39 + 39 + 14) = 16 + 368.
    expect(m.sent.D1).toMatchObject({ msgs: 13, bytes: 384, dataMsgs: 0, controlMsgs: 13 });
    // E: Grant 16 + 4 ElectorHeartbeatResponses × 15.
    expect(m.sent.E).toMatchObject({ msgs: 5, bytes: 76 });
    // E received the TermRequest (16) and 4 heartbeats (14): 72 B. D2 received 4 HB: 156 B.
    expect(m.received.E!.bytes).toBe(72);
    expect(m.received.D2!.bytes).toBe(156);
    expect(m.received.D3!.bytes).toBe(156);
    // D1 received the Grant 16, 8 acks × 20 and 4 EHB✓ × 15 = 236.
    expect(m.received.D1!.bytes).toBe(236);
    expect(m.links['D1→D2']).toMatchObject({ msgs: 4, bytes: 156 });
    expect(m.links['D1→E']).toMatchObject({ msgs: 5, bytes: 72 });
    expect(m.elector!.dataNodeMeanBytes).toBeCloseTo((236 + 156 + 156) / 3, 9);
    expect(m.elector!.ratio).toBeCloseTo(72 / ((236 + 156 + 156) / 3), 9);
    expect(m.unresolved).toBe(0);
    // Availability: no leader until 448, then RF 3.
    expect(m.availability.noLeaderMs).toBe(448);
    expect(m.availability.rfTime).toEqual({ none: 448, '3': 172 });
    // Durable: empty logs (8 + 1 + 4 + 8 = 21 B) and the 18-byte elector.
    expect(m.durable).toEqual({ D1: 21, D2: 21, D3: 21, E: 18 });
  });

  it('agrees with a direct count of the trace', () => {
    const tl = run();
    tl.advanceTo(2000);
    const m = computeMetrics(tl);
    let bytes = 0;
    let n = 0;
    for (const ev of tl.trace.slice(0, tl.sim.eventCount))
      for (const env of ev.sent) {
        n++;
        bytes += tl.protocol.messageInfo(env.msg).bytes;
      }
    expect(m.total.msgs).toBe(n);
    expect(m.total.bytes).toBe(bytes);
  });
});

function crashScript(): Timeline {
  const tl = run();
  tl.advanceTo(1000);
  tl.act({ type: 'write', node: 'D1', command: 'x' });
  tl.advanceTo(1100);
  tl.act({ type: 'crash', node: 'D1' });
  tl.advanceTo(3000);
  tl.act({ type: 'write', node: 'D2', command: 'y' });
  tl.advanceTo(3300);
  return tl;
}

describe('availability and cost per entry', () => {
  // x appended at 1000 on D1, committed by D1 at 1020 (D3's ack). D1 crashes at 1100.
  // D2 is granted term 2 with R = {D2, D3} at 1642. y appended on D2 at 3000, committed at 3020
  // (the first commit of term 2).
  it('measures commit latency, failover, time without a leader and at each RF', () => {
    const tl = crashScript();
    expect(tl.protocol.summary(tl.sim.state('D2')).role).toBe('leader');
    const m = computeMetrics(tl);
    const a = m.availability;
    expect(a.commitLatency).toMatchObject({ count: 2, median: 20, max: 20 });
    expect(a.failovers).toEqual([{ node: 'D1', term: 1, crashAt: 1100, toLeader: 542, toCommit: 1920 }]);
    expect(a.failoverMs).toBe(1920);
    expect(a.failoverToLeaderMs).toBe(542);
    // No leader in [0, 448) and [1100, 1642).
    expect(a.noLeaderMs).toBe(448 + 542);
    expect(a.rfTime).toEqual({ none: 990, '3': 1100 - 448, '2': 3300 - 1642 });
    expect(m.committed).toBe(2);
    // x is on D1 (down, on disk), D2, D3; y on D2, D3: (3 + 2) / 2.
    expect(m.perEntry!.copies).toBe(2.5);
    expect(m.perEntry!.msgs).toBe(m.total.msgs / 2);
    expect(m.perEntry!.dataBytes).toBe(m.total.dataBytes / 2);
    // D1's log holds x (21 + 8 + 8 + 4 + 1); D2 and D3 hold x and y.
    expect(m.durable).toEqual({ D1: 42, D2: 63, D3: 63, E: 18 });
    expect(m.durableData).toBe(168);
    expect(m.durableElector).toBe(18);
    expect(m.probes).toEqual({ takeover: 2 });
  });

  it('a write that is still uncommitted has no latency yet', () => {
    const tl = crashScript();
    tl.seek(287); // just after y's append (event 286)
    const m = computeMetrics(tl);
    expect(m.availability.commitLatency.count).toBe(1);
    expect(m.availability.uncommittedWrites).toBe(1);
  });
});

describe('incremental computation', () => {
  it('gives the same figures moving forward, back and after a fork as a fresh computation', () => {
    const tl = crashScript();
    const end = computeMetrics(tl);
    tl.seek(120);
    const mid = computeMetrics(tl);
    const fresh = crashScript();
    fresh.seek(120);
    expect(mid).toEqual(computeMetrics(fresh));
    tl.seek(tl.trace.length, 3300);
    expect(computeMetrics(tl)).toEqual(end);
    // Fork at 120 with a different action: the accumulator must not reuse the old future.
    tl.seek(120);
    tl.act({ type: 'crash', node: 'D3' });
    tl.advanceTo(3300);
    const forked = computeMetrics(tl);
    const again = crashScript();
    again.seek(120);
    again.act({ type: 'crash', node: 'D3' });
    again.advanceTo(3300);
    expect(forked).toEqual(computeMetrics(again));
    expect(forked).not.toEqual(end);
  });

  it('recovers the size of messages lost with a crashed receiver', () => {
    const tl = run();
    tl.advanceTo(1000);
    // Crash D2 just after D1 sent it a heartbeat: the message dies with D2.
    while (!tl.trace[tl.sim.eventCount - 1]!.sent.length || tl.trace[tl.sim.eventCount - 1]!.node !== 'D1') tl.step();
    const inFlight = tl.sim.messages().filter((e) => e.to === 'D2');
    tl.act({ type: 'crash', node: 'D2' });
    const ev = tl.trace[tl.sim.eventCount - 1]!;
    expect(ev.dropped.length).toBe(1);
    const m = computeMetrics(tl);
    expect(m.unresolved).toBe(0);
    // Read from the trace, not re-derived by a replay: the very envelope that was in flight.
    expect(ev.dropped[0]).toBe(inFlight[0]);
    expect(tl.protocol.messageInfo(ev.dropped[0]!.msg).bytes).toBe(39);
    // The space-time diagram ends its arrow at the crash.
    const a = spaceTimeWindow(tl, ev.t, ev.t).arrows.find((x) => x.id === ev.dropped[0]!.id)!;
    expect([a.end, a.endEvent, a.recv, a.to, a.bytes]).toEqual(['crash', ev.i, ev.t, 'D2', 39]);
  });
});

describe('the published spec (janus-published)', () => {
  // The published design sends AppendEntries RF2 to the elector too: its bytes received are data,
  // not control. Durable state is every spec variable (the elector: CommittedIdx, Term, RF and
  // CurrentLeader = 26 B).
  it('reads logs and durable state through the node view, and shows the elector receiving log data', () => {
    const tl = createTimeline({ protocol: 'janus-published', seed: 3, link: FIXED });
    tl.advanceTo(3000);
    const leader = ['D1', 'D2'].find((id) => tl.protocol.summary(tl.sim.state(id)).role === 'leader')!;
    for (let i = 0; i < 3; i++) {
      tl.act({ type: 'write', node: leader, command: `w${i}` });
      tl.advanceTo(tl.now + 100);
    }
    const m = computeMetrics(tl);
    expect(m.durable.E).toBe(26);
    // Each data node: 43 B of variables + per entry 16 B metadata, 4 B length and the data.
    const log = (tl.sim.state(leader) as { dmlLog: { data: string }[] }).dmlLog;
    expect(m.durable[leader]).toBe(43 + log.reduce((n, e) => n + 20 + e.data.length, 0));
    expect(m.elector!.received.dataMsgs).toBeGreaterThanOrEqual(3);
    expect(m.committed).toBeGreaterThanOrEqual(3);
  });
});
