// Regression (issue 14): "per committed entry" divided election and heartbeat traffic by the
// entries. Messages are now counted by purpose, read from the trace's causality, and per-entry
// costs are the replication messages alone.

import { describe, expect, it } from 'vitest';
import { leaderView } from '../../src/contracts';
import { computeMetrics, PURPOSES } from '../../src/metrics';
import { REGISTRY } from '../../src/protocols/registry';

function oneWrite(shape: string) {
  const tl = REGISTRY.createTimeline({ protocol: shape, seed: 1 });
  tl.advanceTo(1500);
  const plugin = REGISTRY.shape(shape).plugin;
  const leader = leaderView(plugin.view, { nodeIds: tl.sim.nodeIds, state: (id) => tl.sim.state(id), isUp: (id) => tl.sim.isUp(id) })!;
  tl.act({ type: 'write', node: leader.id, command: 'x=1' });
  tl.advanceTo(3000);
  return { m: computeMetrics(tl, tl.sim.eventCount, plugin), leader: leader.id, tl };
}

describe('traffic by purpose', () => {
  it('one write in Raft 3: the entry costs its AppendEntries and their replies, not the election and 3 s of heartbeats', () => {
    const { m } = oneWrite('raft-3');
    expect(m.committed).toBe(1);
    const r = m.perEntry!.replication;
    expect(r.dataMsgs).toBeGreaterThanOrEqual(2);
    expect(r.dataMsgs).toBeLessThanOrEqual(4);
    expect(r.controlMsgs).toBe(r.dataMsgs); // one reply per AppendEntries with the entry
    expect(m.perEntry!.msgs).toBeGreaterThan(5 * r.msgs); // the old figure: every message of the run
    expect(m.purposes.election.msgs).toBeGreaterThan(0);
    expect(m.purposes.heartbeat.msgs).toBeGreaterThan(0);
  });

  it('the purposes add up to the whole traffic, data and control apart', () => {
    for (const shape of ['janus-3+1', 'raft-5']) {
      const { m } = oneWrite(shape);
      for (const f of ['msgs', 'bytes', 'dataMsgs', 'dataBytes', 'controlMsgs', 'controlBytes'] as const)
        expect(PURPOSES.reduce((n, p) => n + m.purposes[p][f], 0), `${shape} ${f}`).toBe(m.total[f]);
    }
  });

  it("the leader's share is what the leader sent for replication", () => {
    const { m, leader } = oneWrite('janus-3+1');
    expect(m.leaderReplication.dataBytes).toBe(m.purposes.replication.dataBytes);
    expect(m.leaderReplication.bytes).toBeLessThanOrEqual(m.sent[leader]!.bytes);
  });

  it('the same purposes after a seek back and forth (messages in flight keep their purpose)', () => {
    const { tl } = oneWrite('raft-5');
    const plugin = REGISTRY.shape('raft-5').plugin;
    const end = computeMetrics(tl, tl.sim.eventCount, plugin);
    tl.seek(Math.floor(tl.sim.eventCount / 2));
    computeMetrics(tl, tl.sim.eventCount, plugin);
    tl.seek(tl.length);
    expect(computeMetrics(tl, tl.sim.eventCount, plugin).purposes).toEqual(end.purposes);
  });
});
