// Monitor LeaderInReplicationSet for the published spec (issue 13 item 5; Janus's monitor of the same
// name). The spec's replication set of a term is fixed by the term's creator: RF 2 = both data
// nodes; RF 1 = the node the elector granted the term to. It catches the amnesiac elector's second
// grant of a term even when the first leader has stepped down (the spec's LeaderSafety formula,
// a state formula, does not), and runs after the older monitors so a root they see is reported first.
import { describe, expect, it } from 'vitest';
import { staticView } from '../support/static-view';
import { initData, initElectorState, pubConfig, PubMonitors, type PubDataState, type PubElectorState, type PubState } from '../../src/protocols/janus-published';

const viewOf = (states: PubState[]) => staticView(states);
const data = (id: string, over: Partial<PubDataState>): PubDataState => ({ ...initData(id), ...over });
const elector = (over: Partial<PubElectorState>): PubElectorState => ({ ...initElectorState('E'), ...over });
const props = (m: PubMonitors, states: PubState[], touched: number[], event: number) => m.afterEvent(viewOf(states), touched, event).map((v) => v.property);

describe('janus-published monitor: a leader is a member of the replication set of its term', () => {
  it('holds for the grantee of an RF 1 term, and for any leader of an RF 2 term', () => {
    const m = new PubMonitors(pubConfig());
    const e = elector({ term: 2, replicationFactor: 1, currentLeader: 'D2' });
    expect(props(m, [data('D1', { term: 1 }), data('D2', { term: 1 }), e], [2], 0)).toEqual([]);
    const d2 = data('D2', { term: 2, replicationFactor: 1, role: 'leader', currentLeader: 'D2' });
    expect(props(m, [data('D1', { term: 1 }), d2, e], [1], 1)).toEqual([]);
    // P1 creates term 3 with RF 2 at the joiner (receiver-first): both data nodes are in it.
    const d1 = data('D1', { term: 3, replicationFactor: 2, currentLeader: 'D2' });
    expect(props(m, [d1, d2, e], [0], 2)).toEqual([]);
    expect(props(m, [d1, { ...d2, term: 3, replicationFactor: 2 }, e], [1], 3)).toEqual([]);
  });

  it('fails alone when the amnesiac elector grants a term a second time after its first leader stepped down (P2)', () => {
    const m = new PubMonitors(pubConfig());
    const d1 = data('D1', { term: 1 });
    let d2 = data('D2', { term: 2, replicationFactor: 1, role: 'leader', currentLeader: 'D2' });
    let e = elector({ term: 2, replicationFactor: 1, currentLeader: 'D2' });
    expect(props(m, [d1, d2, e], [2], 0)).toEqual([]);
    expect(props(m, [d1, d2, e], [1], 1)).toEqual([]);
    d2 = { ...d2, role: 'follower', currentLeader: 'unknown' };
    e = initElectorState('E'); // HardReset: term 0
    expect(props(m, [d1, d2, e], [1, 2], 2)).toEqual([]);
    e = elector({ term: 2, replicationFactor: 1, currentLeader: 'D1' }); // term 2 granted again, to D1
    const l = data('D1', { term: 2, replicationFactor: 1, role: 'leader', currentLeader: 'D1' });
    const v = m.afterEvent(viewOf([l, d2, e]), [0, 2], 3);
    expect(v.map((x) => x.property)).toEqual(['LeaderInReplicationSet']);
    expect(v[0]!.message).toBe('D1 leads term 2, whose replication set is {D2} (RF 1, granted to D2), which does not contain it.');
  });

  it('two leaders of one term at once: LeaderSafety is reported first', () => {
    const m = new PubMonitors(pubConfig());
    const d2 = data('D2', { term: 2, replicationFactor: 1, role: 'leader', currentLeader: 'D2' });
    expect(props(m, [data('D1', { term: 1 }), d2, elector({ term: 2, replicationFactor: 1, currentLeader: 'D2' })], [1, 2], 0)).toEqual([]);
    const d1 = data('D1', { term: 2, replicationFactor: 1, role: 'leader', currentLeader: 'D1' });
    expect(props(m, [d1, d2, elector({ term: 2, replicationFactor: 1, currentLeader: 'D1' })], [0, 2], 1)).toEqual(['LeaderSafety', 'LeaderInReplicationSet']);
  });
});
