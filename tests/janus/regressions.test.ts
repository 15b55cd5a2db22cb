// Regression tests for the bugs the explorer found in the design and in our code
// (docs/protocol.md §13, R1–R3, and the monitor's false positive after a replacement).
import { describe, expect, it } from 'vitest';
import { staticView } from '../support/static-view';
import { Simulation } from '../../src/kernel';
import { janus, janusConfig, JanusMonitors, type JanusState } from '../../src/protocols/janus';
import { handleElectorHeartbeat } from '../../src/protocols/janus/elector';
import { handleElectorChange, handleElectorHeartbeatResponse, onElectionTimeout } from '../../src/protocols/janus/node';
import type { DataNodeState, ElectorState } from '../../src/protocols/janus/state';
import { cfg3, dataNode, elector, fakeCtx, logOf, set } from './helpers';

describe('R1: a data node switches to a newer elector epoch from any lower one (§9)', () => {
  it('a node two epochs behind accepts the retried replacement', () => {
    const s = dataNode('D2', { electorEpoch: 0, currentTerm: 3 });
    const ctx = fakeCtx('D2');
    handleElectorChange(ctx, s, { type: 'ElectorChange', newEpoch: 2, newElector: 'E', installer: 'D1' }, cfg3);
    expect(s.electorEpoch).toBe(2);
    expect(ctx.sentOf('ElectorChangeAck')[0]!.msg).toMatchObject({ ok: true, newEpoch: 2, term: 3 });
  });

  it('a replacement retried after a second elector failure completes and the cluster commits again', () => {
    // The explorer's counterexample, as a script: the elector fails, the leader fails, a
    // replacement starts while a data node is down, the elector is replaced again, then all heal.
    const sim = new Simulation(janus, { seed: 11, config: janusConfig(3), trace: 'light' });
    sim.runUntil(1200);
    const leader = sim.nodeIds.find((id) => sim.state<DataNodeState>(id).role === 'leader' && id !== 'E')!;
    const others = ['D1', 'D2', 'D3'].filter((id) => id !== leader);
    sim.apply({ type: 'crash', node: 'E' });
    sim.runUntil(1300);
    sim.apply({ type: 'crash', node: leader });
    sim.runUntil(1400);
    sim.apply({ type: 'operator', name: 'replaceElector', node: others[0]! });
    sim.runUntil(2000);
    sim.apply({ type: 'crash', node: 'E' });
    sim.apply({ type: 'operator', name: 'replaceElector', node: others[1]! });
    sim.runUntil(2500);
    sim.apply({ type: 'healAll' });
    sim.apply({ type: 'operator', name: 'replaceElector', node: others[0]! });
    sim.runUntil(6000);
    const e = sim.state<ElectorState>('E');
    expect(e.installed).toBe(true);
    const epochs = new Set(['D1', 'D2', 'D3'].map((id) => sim.state<DataNodeState>(id).electorEpoch));
    expect([...epochs]).toEqual([e.electorEpoch]);
    const w = sim.apply({ type: 'write', node: others[1]! });
    expect(w?.write?.status).toBe('appended');
    sim.runUntil(7000);
    const lead = ['D1', 'D2', 'D3'].map((id) => sim.state<DataNodeState>(id)).find((s) => s.role === 'leader')!;
    expect(lead.commitIndex).toBe(lead.log.length);
    expect(sim.violations).toEqual([]);
  });
});

describe('R2: an elector reply that names the node leader of a higher term is its grant (§4.4)', () => {
  it('a heartbeat reply that overtakes the grow grant makes the leader lead the new term', () => {
    const s = dataNode('D2', { currentTerm: 4, role: 'leader', leaderId: 'D2', replicationSet: set('D2'), log: logOf(1, 2, 4) });
    s.joining = { node: 'D1', joinFrom: 3 };
    const ctx = fakeCtx('D2');
    handleElectorHeartbeatResponse(ctx, s, { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 5, leaderId: 'D2', replicationSet: set('D1', 'D2') }, cfg3);
    expect(s.role).toBe('leader');
    expect(s.currentTerm).toBe(5);
    expect(s.replicationSet).toBe(set('D1', 'D2'));
    expect(s.joining).toBeNull();
    expect(ctx.sentOf('AppendEntries').length).toBeGreaterThan(0);
  });

  it('a reply naming another node still deposes the leader (blanket rule)', () => {
    const s = dataNode('D2', { currentTerm: 4, role: 'leader', leaderId: 'D2', replicationSet: set('D1', 'D2') });
    handleElectorHeartbeatResponse(fakeCtx('D2'), s, { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 5, leaderId: 'D1', replicationSet: set('D1') }, cfg3);
    expect(s.role).toBe('follower');
    expect(s.leaderId).toBe('D1');
  });

  it('a reply of another elector epoch is ignored', () => {
    const s = dataNode('D2', { currentTerm: 4, role: 'leader', leaderId: 'D2', electorEpoch: 1 });
    handleElectorHeartbeatResponse(fakeCtx('D2'), s, { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 9, leaderId: 'D2', replicationSet: set('D2') }, cfg3);
    expect(s.currentTerm).toBe(4);
  });
});

describe('R3: a follower outside its own R asks the elector when no leader speaks (§5)', () => {
  it('it sends an ElectorHeartbeat query instead of a takeover', () => {
    const s = dataNode('D1', { currentTerm: 4, replicationSet: set('D2'), leaderId: 'D2', lastLeaderContact: 0 });
    const ctx = fakeCtx('D1', 1000);
    onElectionTimeout(ctx, s, cfg3);
    expect(ctx.sentOf('TermRequest')).toEqual([]);
    expect(ctx.sentOf('ElectorHeartbeat')[0]!.msg).toMatchObject({ term: 4, leaderId: 'D1' });
  });

  it('the reply tells it that it is in R, and it may then take over', () => {
    const s = dataNode('D1', { currentTerm: 4, replicationSet: set('D2'), leaderId: 'D2', lastLeaderContact: 0 });
    const ctx = fakeCtx('D1', 1000);
    handleElectorHeartbeatResponse(ctx, s, { type: 'ElectorHeartbeatResponse', electorEpoch: 0, term: 6, leaderId: 'D2', replicationSet: set('D1', 'D2') }, cfg3);
    expect(s.currentTerm).toBe(6);
    expect(s.replicationSet).toBe(set('D1', 'D2'));
    ctx.now = 2000;
    onElectionTimeout(ctx, s, cfg3);
    expect(ctx.sentOf('TermRequest')[0]!.msg).toMatchObject({ kind: 'takeover', replicationSet: set('D1') });
  });

  it("the elector does not count a follower's query as the leader's heartbeat (§4.5)", () => {
    const e = elector({ currentTerm: 6, leaderId: 'D2', replicationSet: set('D1', 'D2'), lastHeardFromLeaderAt: 100 });
    const ctx = fakeCtx('E', 900);
    handleElectorHeartbeat(ctx, e, { type: 'ElectorHeartbeat', term: 6, leaderId: 'D2', electorEpoch: 0 }, 'D1');
    expect(e.lastHeardFromLeaderAt).toBe(100);
    handleElectorHeartbeat(ctx, e, { type: 'ElectorHeartbeat', term: 6, leaderId: 'D2', electorEpoch: 0 }, 'D2');
    expect(e.lastHeardFromLeaderAt).toBe(900);
  });
});

describe('monitor: grants of a replaced elector that no node took are void (§9, §10)', () => {
  const viewOf = (states: JanusState[]) => staticView(states);

  it('the new elector may grant a term the old one granted to nobody', () => {
    const m = new JanusMonitors(cfg3);
    const d = ['D1', 'D2', 'D3'].map((id) => dataNode(id, { currentTerm: 2, replicationSet: set('D1', 'D2') }));
    const old = elector({ currentTerm: 3, leaderId: 'D2', replicationSet: set('D2') });
    expect(m.afterEvent(viewOf([...d, old]), [0, 1, 2, 3], 0)).toEqual([]);
    const fresh = elector({ electorEpoch: 1, currentTerm: 3, leaderId: 'D1', replicationSet: set('D1', 'D2') });
    expect(m.afterEvent(viewOf([...d, fresh]), [3], 1)).toEqual([]);
  });

  it('a data node holding a set that the elector contradicts is still a violation', () => {
    const m = new JanusMonitors(cfg3);
    const d = ['D1', 'D2', 'D3'].map((id) => dataNode(id, { currentTerm: 3, replicationSet: set('D2') }));
    const e = elector({ electorEpoch: 1, currentTerm: 3, leaderId: 'D1', replicationSet: set('D1', 'D2') });
    const v = m.afterEvent(viewOf([...d, e]), [0, 3], 0);
    expect(v.map((x) => x.property)).toEqual(['ReplicationFactorSafety']);
  });
});
