// Interned node records and messages (src/kernel/untimed.ts internRec/internMsg): across a check,
// equal records at a node are one object, and equal messages on a link one record, so a queued
// state keeps no copy of its own. The monitors then see equal logs made on other paths (other
// entry objects): LeaderAppendOnly must compare entries by value, or it reports a leader that
// changed nothing (the Janus and Raft monitors compared them as objects before interning).
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker, checkTarget } from '../../src/checker/check';
import type { NodeRec, MsgRec, UntimedState } from '../../src/kernel';
import { JanusMonitors, type JanusState } from '../../src/protocols/janus';
import { RaftMonitors } from '../../src/protocols/raft/invariants';
import { staticView } from '../support/static-view';
import { cfg3, dataNode, elector, logOf, set } from '../janus/helpers';
import { config as raftConfig, log as raftLog, server, viewOf as raftView } from '../raft/helpers';

describe('interned records and messages', () => {
  for (const protocol of ['janus-3+1', 'raft-3'])
    it(`${protocol}: one record object per node and value, one message record per link, value and count`, () => {
      const t = checkTarget(REGISTRY, { protocol, bounds: { maxTerm: 1, maxLog: 1, maxCrashes: 1, maxInFlight: 2 } });
      const m = t.model;
      const recs: Map<string, Set<NodeRec>>[] = m.nodeIds.map(() => new Map());
      const msgs = new Map<string, Set<MsgRec>>();
      const fp = new Int32Array(2);
      const seen = new Set<string>();
      let level: UntimedState[] = [m.init()];
      let states = 0;
      while (level.length && states < 5000) {
        const next: UntimedState[] = [];
        for (const s of level)
          m.successors(s, (_a, n) => {
            m.fingerprint(n, fp);
            const k = `${fp[0]},${fp[1]}`;
            if (seen.has(k)) return;
            seen.add(k);
            states++;
            next.push(n);
            n.nodes.forEach((r, i) => {
              const key = m.canonicalNode(r);
              const group = recs[i]!.get(key) ?? new Set();
              group.add(r);
              recs[i]!.set(key, group);
            });
            for (const x of n.msgs) {
              const key = `${x.from}>${x.to}:${x.count}:${m.canonicalMessage(x.msg)}`;
              const group = msgs.get(key) ?? new Set();
              group.add(x);
              msgs.set(key, group);
            }
          });
        level = next;
      }
      expect(states).toBeGreaterThan(1000);
      const values = recs.reduce((a, r) => a + r.size, 0);
      const objects = recs.reduce((a, r) => a + [...r.values()].reduce((b, g) => b + g.size, 0), 0);
      expect(values).toBeGreaterThan(10);
      expect(objects).toBe(values);
      const msgObjects = [...msgs.values()].reduce((b, g) => b + g.size, 0);
      expect(msgs.size).toBeGreaterThan(5);
      expect(msgObjects).toBe(msgs.size);
    }, 120_000);

  it('a mutant is still found at its recorded length (elect-any, janus-2+1: CommittedOnReplicationSet in 11 steps; counts.test.ts pins the state counts)', () => {
    const p = new Checker(REGISTRY, { protocol: 'janus-2+1', mutant: 'elect-any', bounds: { maxTerm: 2, maxLog: 1, maxInFlight: 3 } }).run();
    expect(p.verdict).toBe('violation');
    expect(p.finding?.property).toBe('CommittedOnReplicationSet');
    expect(p.finding?.depth).toBe(11);
  }, 120_000);
});

describe('LeaderAppendOnly compares entries by value', () => {
  it('Janus: a leader whose log is an equal copy (other objects) changed nothing; an overwrite is still found', () => {
    const m = new JanusMonitors(cfg3);
    const d = ['D1', 'D2', 'D3'].map((id) => dataNode(id, { currentTerm: 2, replicationSet: set('D1', 'D2') }));
    Object.assign(d[0]!, { role: 'leader', leaderId: 'D1', log: logOf(1, 2) });
    const e = elector({ currentTerm: 2, leaderId: 'D1', replicationSet: set('D1', 'D2') });
    const states: JanusState[] = [...d, e];
    expect(m.afterEvent(staticView(states), [0, 1, 2, 3], 0)).toEqual([]);
    states[0] = { ...d[0]!, log: logOf(1, 2) };
    expect(m.afterEvent(staticView(states), [0], 1)).toEqual([]);
    states[0] = { ...d[0]!, log: [logOf(1, 2)[0]!, { term: 2, index: 2, command: 'other' }] };
    expect(m.afterEvent(staticView(states), [0], 2).map((v) => v.property)).toContain('LeaderAppendOnly');
  });

  it('Raft: the same', () => {
    const c = raftConfig(3);
    const states = [0, 1, 2].map((i) => server(`S${i + 1}`, c));
    const m = new RaftMonitors(c);
    Object.assign(states[0]!, { currentTerm: 2, votedFor: 'S1' });
    Object.assign(states[1]!, { currentTerm: 2, votedFor: 'S1' });
    expect(m.afterEvent(raftView(states), [0, 1, 2], 0)).toEqual([]);
    states[0] = { ...states[0]!, role: 'leader', log: raftLog(1, 2) };
    expect(m.afterEvent(raftView(states), [0], 1)).toEqual([]);
    states[0] = { ...states[0]!, log: raftLog(1, 2) };
    expect(m.afterEvent(raftView(states), [0], 2)).toEqual([]);
    states[0] = { ...states[0]!, log: [raftLog(1, 2)[0]!, { term: 2, index: 2, command: 'other' }] };
    expect(m.afterEvent(raftView(states), [0], 3).map((v) => v.property)).toContain('LeaderAppendOnly');
  });
});
