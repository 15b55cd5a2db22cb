// The safety monitors, driven by hand with states that break each property (and states that
// look alike but are legal), so each monitor is shown able to fail and not to cry wolf.
import { describe, expect, it } from 'vitest';
import { RaftMonitors } from '../../src/protocols/raft/invariants';
import type { RaftState } from '../../src/protocols/raft/state';
import { config, log, server, viewOf } from './helpers';

function cluster(n: 3 | 5 = 3) {
  const c = config(n);
  const states: RaftState[] = Array.from({ length: n }, (_, i) => server(`S${i + 1}`, c));
  const m = new RaftMonitors(c);
  let event = 0;
  /** Apply a change to some servers, then run the monitors on them as one event. */
  const act = (fn: () => void, ...touched: number[]) => {
    fn();
    return m.afterEvent(viewOf(states), touched, event++).map((v) => v.property);
  };
  return { states, m, act };
}

describe('Raft monitors', () => {
  it('Election Safety: two leaders of one term; leaders of different terms are fine', () => {
    const { states: [a, b, c], act } = cluster();
    act(() => [a, b].forEach((x) => Object.assign(x!, { currentTerm: 2, votedFor: 'S1' })), 0, 1);
    expect(act(() => Object.assign(a!, { role: 'leader', currentTerm: 2 }), 0)).toEqual([]);
    act(() => [b, c].forEach((x) => Object.assign(x!, { currentTerm: 3, votedFor: 'S2' })), 1, 2);
    expect(act(() => Object.assign(b!, { role: 'leader', currentTerm: 3 }), 1)).toEqual([]);
    // The second leader of term 2 cannot hold a majority of that term's votes either.
    expect(act(() => Object.assign(b!, { role: 'leader', currentTerm: 2 }), 1)).toEqual(['ElectionSafety', 'LeaderVotedByMajority']);
  });

  it("Leader Voted By Majority (Raft's counterpart of Janus's LeaderInReplicationSet): a leader with its own vote alone", () => {
    const { states: [a, b], act } = cluster();
    act(() => Object.assign(a!, { currentTerm: 2, votedFor: 'S1' }), 0);
    expect(act(() => Object.assign(a!, { role: 'leader' }), 0)).toEqual(['LeaderVotedByMajority']);
    const { states: [c, d], act: act2 } = cluster();
    act2(() => [c, d].forEach((x) => Object.assign(x!, { currentTerm: 2, votedFor: 'S1' })), 0, 1);
    expect(act2(() => Object.assign(c!, { role: 'leader' }), 0)).toEqual([]);
    expect(b).toBeDefined();
  });

  it('Leader Append-Only: a leader that deletes or overwrites an entry in its term; appending and stepping down are fine', () => {
    const { states: [a], act } = cluster();
    act(() => Object.assign(a!, { role: 'leader', currentTerm: 2, log: log(1, 2) }), 0);
    expect(act(() => a!.log.push({ index: 3, term: 2, command: 'x' }), 0)).toEqual([]);
    expect(act(() => (a!.log[1] = { index: 2, term: 2, command: 'other' }), 0)).toEqual(['LeaderAppendOnly']);
    const { states: [b], act: act2 } = cluster();
    act2(() => Object.assign(b!, { role: 'leader', currentTerm: 2, log: log(1, 2) }), 0);
    act2(() => Object.assign(b!, { role: 'follower', currentTerm: 3 }), 0);
    expect(act2(() => (b!.log.length = 1), 0)).toEqual([]);
  });

  it('Log Matching: an entry of the same index and term after different entries, found even when written in place', () => {
    const { states: [a, b], act } = cluster();
    act(() => (a!.log = log(1, 1, 2)), 0);
    expect(act(() => (b!.log = log(1, 1)), 1)).toEqual([]);
    // b's entry 2 is replaced in place by one of another term; its entry 3 then matches a's by term.
    expect(act(() => b!.log.push({ index: 3, term: 2, command: 'c3' }), 1)).toEqual([]);
    expect(act(() => (b!.log[1] = { index: 2, term: 2, command: 'different' }), 1)).toEqual(['LogMatching']);
  });

  it('State Machine Safety and Leader Completeness: an index committed twice with different entries, a leader without a committed entry', () => {
    const { states: [a, b, c], act } = cluster();
    expect(act(() => Object.assign(a!, { currentTerm: 2, log: log(1, 2), commitIndex: 2 }), 0)).toEqual([]);
    // A later leader without entry 2 (elected by b and c).
    act(() => [b, c].forEach((x) => Object.assign(x!, { currentTerm: 3, votedFor: 'S2' })), 1, 2);
    expect(act(() => Object.assign(b!, { role: 'leader', currentTerm: 3, log: log(1, 3) }), 1)).toEqual(['LeaderCompleteness']);
    expect(act(() => Object.assign(c!, { currentTerm: 3, log: log(1, 3), commitIndex: 2 }), 2)).toEqual(['StateMachineSafety']);
  });

  it('a commit after the election of a later leader that lacks the entry is Leader Completeness too', () => {
    const { states: [a, b], act } = cluster();
    act(() => Object.assign(b!, { role: 'leader', currentTerm: 5, log: log(1) }), 1);
    expect(act(() => Object.assign(a!, { currentTerm: 4, log: log(1, 4), commitIndex: 2 }), 0)).toEqual(['LeaderCompleteness']);
  });

  it('a restart that forgets commitIndex, then relearns it, is not a second commit; a clone keeps its own ghost state', () => {
    const { states: [a], m, act } = cluster();
    act(() => Object.assign(a!, { currentTerm: 1, log: log(1, 1), commitIndex: 2 }), 0);
    const copy = m.clone();
    expect(act(() => (a!.commitIndex = 0), 0)).toEqual([]);
    expect(act(() => (a!.commitIndex = 2), 0)).toEqual([]);
    expect(copy.committedEntries().length).toBe(3);
    expect(m.committedEntries()[2]!.entry.command).toBe('c2');
  });
});
