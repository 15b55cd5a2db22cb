// What the page and the metrics read of Raft: the card, the vocabulary, the "Why?" texts, message
// sizes in the documented encoding, durable bytes, and the core's purity (no clock, no Math.random).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../src/protocols/raft/invariants';
import { encodedSize, messageInfo, MESSAGE_TYPES } from '../../src/protocols/raft/messages';
import { raftPlugin } from '../../src/protocols/raft/plugin';
import { config, log, server } from './helpers';

const view = raftPlugin.view;
const run = (states: ReturnType<typeof server>[], down: string[] = []) => ({
  nodeIds: states.map((s) => s.id),
  state: (id: string) => states.find((s) => s.id === id)!,
  isUp: (id: string) => !down.includes(id),
});

describe('Raft view', () => {
  it('a card per server: kind data, role, leader flag, term, commitIndex, log, leaderId, no replication set, lines', () => {
    const c = config(3);
    const f = server('S2', c, { currentTerm: 3, votedFor: 'S2', leaderId: 'S1', log: log(1, 2, 3, 3, 3, 3), commitIndex: 5 });
    expect(view.node(f)).toMatchObject({
      id: 'S2',
      kind: 'data',
      role: 'follower',
      leader: false,
      term: 3,
      commitIndex: 5,
      leaderId: 'S1',
      replicationSet: null,
      lines: ['term 3 · commit 5 · log 6', 'voted for S2', 'leader S1'],
    });
    expect(view.node(f).log).toHaveLength(6);
    const l = server('S1', c, { role: 'leader', leaderId: 'S1', currentTerm: 3, votedFor: 'S1', matchIndex: [0, 4, 2] });
    expect(view.node(l)).toMatchObject({ leader: true, lines: ['term 3 · commit 0 · log 0', 'voted for S1', 'match S2:4 S3:2'] });
    expect(view.node(server('S3', c)).lines[1]).toBe('voted for —');
  });

  it('the vocabulary: the five properties with a sentence each, the four message types with colours, a legend', () => {
    expect(Object.keys(view.vocabulary.properties)).toEqual([...PROPERTIES]);
    for (const t of Object.values(view.vocabulary.properties)) expect(t).toMatch(/^[A-Z].*\.$/);
    expect(view.vocabulary.messageTypes).toEqual(['RequestVote', 'RequestVoteResponse', 'AppendEntries', 'AppendEntriesResponse']);
    for (const t of MESSAGE_TYPES) expect(view.vocabulary.messageColors?.[t]).toMatch(/^#/);
    const legend = view.vocabulary.legend!.map((x) => x.term).join(' ');
    for (const abbr of ['RV', 'AE', 'HB', 'PreVote', 'commit', 'voted for', 'match']) expect(legend).toContain(abbr);
    expect(view.operatorButtons(run([]))).toEqual([]);
  });

  it('"Why?": an older-term entry stored on a majority but not committed cites §5.4.2 (Figure 8)', () => {
    const c = config(5);
    const leader = server('S1', c, { role: 'leader', leaderId: 'S1', currentTerm: 4, log: log(1, 2), commitIndex: 1, matchIndex: [0, 2, 2, 1, 1] });
    const f = server('S2', c, { currentTerm: 4, leaderId: 'S1', log: log(1, 2), commitIndex: 1 });
    const others = ['S3', 'S4', 'S5'].map((id) => server(id, c, { currentTerm: 4, log: log(1) }));
    const r = run([leader, f, ...others]);
    const [why] = view.why!.entry('S2', 2, r);
    expect(why!.rule).toBe('5.4.2');
    expect(why!.text).toMatch(/term 2, older than the leader's term 4/);
    expect(view.why!.ruleName('5.4.2')).toMatch(/Figure 8/);
    // Not yet on a majority: waiting for acknowledgements.
    leader.matchIndex = [0, 2, 1, 1, 1];
    expect(view.why!.entry('S1', 2, r)[0]!.text).toMatch(/needs a majority of 3/);
    // Committed, on the leader.
    expect(view.why!.entry('S1', 1, r)[0]!.text).toMatch(/is committed/);
    expect(view.why!.node('S3', run([leader, f, ...others], ['S3']))[0]!.text).toMatch(/persistent state/);
    expect(view.why!.node('S1', r)[0]!.rule).toBe('5.2');
  });

  it('message sizes follow the documented encoding; AppendEntries with entries is data', () => {
    const rv = { type: 'RequestVote', term: 1, candidateId: 'S1', lastLogIndex: 0, lastLogTerm: 0, preVote: false } as const;
    const ae = { type: 'AppendEntries', term: 1, leaderId: 'S1', prevLogIndex: 0, prevLogTerm: 0, entries: log(1, 1), leaderCommit: 0 } as const;
    expect(encodedSize(rv)).toBe(27);
    expect(encodedSize({ type: 'RequestVoteResponse', term: 1, voteGranted: true, preVote: false })).toBe(11);
    expect(encodedSize({ type: 'AppendEntriesResponse', term: 1, success: true, matchIndex: 1, lastLogIndex: 0 })).toBe(26);
    // 38 + 2 entries × (8 + 8 + 4 + 2 bytes of "c1"/"c2").
    expect(messageInfo(ae)).toEqual({ type: 'AppendEntries', label: 'AE×2', kind: 'data', entries: 2, bytes: 38 + 2 * 22 });
    expect(messageInfo({ ...ae, entries: [] })).toMatchObject({ label: 'HB', kind: 'control', entries: 0, bytes: 38 });
    expect(messageInfo({ ...rv, preVote: true }).label).toBe('PreVote');
  });

  it('durable bytes: currentTerm, votedFor and the log', () => {
    const c = config(3);
    expect(raftPlugin.metrics!.durableBytes(server('S1', c))).toBe(17);
    expect(raftPlugin.metrics!.durableBytes(server('S1', c, { log: [{ index: 1, term: 1, command: 'é' }] }))).toBe(17 + 20 + 2);
  });

  it('shapes raft-3 and raft-5 with a one-line help per knob; PreVote and CheckQuorum off by default', () => {
    expect(raftPlugin.shapes.map((s) => s.id)).toEqual(['raft-3', 'raft-5']);
    for (const s of raftPlugin.shapes) for (const k of s.timing) expect(k.help).not.toMatch(/\n/);
    const cfg = raftPlugin.shapes[0]!.config({ protocol: 'raft-3', seed: 1 }) as ReturnType<typeof config>;
    expect(cfg.timing).toMatchObject({ preVote: 0, checkQuorum: 0 });
    expect((raftPlugin.shapes[1]!.config({ protocol: 'raft-5', seed: 1, timing: { preVote: 1 } }) as ReturnType<typeof config>).timing.preVote).toBe(1);
  });

  it('the core reads no clock and no Math.random', () => {
    const dir = join(__dirname, '../../src/protocols/raft');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const code = readFileSync(join(dir, f), 'utf8').replace(/\/\/.*$/gm, '');
      expect(code, f).not.toMatch(/Math\.random|Date\.now|new Date|performance\.now/);
      for (const m of code.matchAll(/from '([^']+)'/g)) expect(m[1], `${f} imports ${m[1]}`).toMatch(/^\.\/|^\.\.\/\.\.\/(kernel|contracts)(\/|$)/);
    }
  });
});
