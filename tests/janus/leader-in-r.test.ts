// Monitor LeaderInReplicationSet (issue 13): a leader is a member of the R of its term. Before it
// existed, "D1 leads term 2 with R = {D2}" (two bugs together) was noticed only by the liveness check.
import { describe, expect, it } from 'vitest';
import { staticView } from '../support/static-view';
import { JanusMonitors, type JanusState } from '../../src/protocols/janus';
import { cfg3, dataNode, elector, set } from './helpers';

const viewOf = (states: JanusState[]) => staticView(states);

describe('monitor: a leader is a member of the replication set of its term', () => {
  it('holds for a leader in its R', () => {
    const m = new JanusMonitors(cfg3);
    const d = ['D1', 'D2', 'D3'].map((id) => dataNode(id, { currentTerm: 2, replicationSet: set('D1', 'D2') }));
    d[0]!.role = 'leader';
    d[0]!.leaderId = 'D1';
    const e = elector({ currentTerm: 2, leaderId: 'D1', replicationSet: set('D1', 'D2') });
    expect(m.afterEvent(viewOf([...d, e]), [0, 1, 2, 3], 0)).toEqual([]);
  });

  it('fails for "D1 leads term 2 with R = {D2}"', () => {
    const m = new JanusMonitors(cfg3);
    const d = ['D1', 'D2', 'D3'].map((id) => dataNode(id, { currentTerm: 2, replicationSet: set('D2') }));
    d[0]!.role = 'leader';
    d[0]!.leaderId = 'D1';
    const e = elector({ currentTerm: 2, leaderId: 'D1', replicationSet: set('D2') });
    const v = m.afterEvent(viewOf([...d, e]), [0, 1, 2, 3], 0);
    expect(v.map((x) => x.property)).toEqual(['LeaderInReplicationSet']);
    expect(v[0]!.message).toBe('D1 leads term 2 with R = {D2}, which does not contain it.');
  });
});
