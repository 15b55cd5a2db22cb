// What the page shows of a Raft server: the card's fields and lines, the panels' words (the five
// properties, the four message types and their colours, a legend of the abbreviations), no
// operator buttons (Raft has no operator actions), and the "Why?" texts (explain.ts).

import type { NodeView, ProtocolView, RunView } from '../../contracts/view';
import { explainEntry, explainServer, ruleName } from './explain';
import { PROPERTY_TEXT } from './invariants';
import { MESSAGE_TYPES } from './messages';
import { type RaftState } from './state';

function nodeView(st: unknown): NodeView {
  const s = st as RaftState;
  const n = s.nextIndex.length;
  const lines = [`term ${s.currentTerm} · commit ${s.commitIndex} · log ${s.log.length}`, `voted for ${s.votedFor ?? '—'}`];
  if (s.role === 'leader') lines.push(`match ${s.matchIndex.map((m, i) => (i === s.slot ? null : `S${i + 1}:${m}`)).filter(Boolean).join(' ')}`);
  else if (s.leaderId) lines.push(`leader ${s.leaderId}`);
  else if (s.role !== 'follower') lines.push(`votes ${s.votes.filter(Boolean).length} of ${Math.floor(n / 2) + 1}`);
  return {
    id: s.id,
    kind: 'data',
    role: s.role,
    leader: s.role === 'leader',
    term: s.currentTerm,
    // Raft replicates every entry to every server.
    rf: n,
    commitIndex: Math.min(s.commitIndex, s.log.length),
    log: s.log,
    leaderId: s.leaderId,
    replicationSet: null,
    lines,
  };
}

/** The leader of the highest term among the up servers (it decides commits). */
function leaderState(run: RunView): RaftState | null {
  let best: RaftState | null = null;
  for (const id of run.nodeIds) {
    const s = run.state(id) as RaftState;
    if (s.role === 'leader' && run.isUp(id) && (!best || s.currentTerm > best.currentTerm)) best = s;
  }
  return best;
}

/** Rare paths the coverage badges always list. */
export const PROBES = [
  'election timed out without a winner',
  'vote refused: log not up-to-date',
  'nextIndex back-off',
  'conflicting suffix deleted',
  'older-term entry waits (Figure 8)',
  'stale leader steps down',
  'pre-vote won',
  'vote ignored in lease',
  'check quorum step-down',
] as const;

export const MESSAGE_COLORS: Record<string, string> = {
  RequestVote: '#f28e2c',
  RequestVoteResponse: '#edc949',
  AppendEntries: '#4e79a7',
  AppendEntriesResponse: '#59a14f',
};

export const raftView: ProtocolView = {
  node: nodeView,
  vocabulary: {
    properties: PROPERTY_TEXT,
    messageTypes: MESSAGE_TYPES,
    messageColors: MESSAGE_COLORS,
    legend: [
      { term: 'S1 … S5', meaning: 'the servers; each keeps the replicated log, and one of them leads each term' },
      { term: 'term', meaning: 'currentTerm: the election period the server is in; its colour marks log entries' },
      { term: 'commit', meaning: 'commitIndex: the highest log index the server knows is committed' },
      { term: 'log', meaning: 'the number of entries in the server\'s log' },
      { term: 'voted for', meaning: 'votedFor: the candidate the server voted for in its current term (— none yet)' },
      { term: 'match', meaning: 'matchIndex (leader): the highest index known stored on each follower' },
      { term: 'votes', meaning: '(pre-)candidate: the votes it has, of the majority it needs' },
      { term: 'precandidate', meaning: 'PreVote on: a server asking whether it could win before it raises its term' },
      { term: 'RV / RV✓ / RV✗', meaning: 'RequestVote and its response (vote granted or refused)' },
      { term: 'PreVote / Pre✓ / Pre✗', meaning: 'RequestVote with preVote set, and its response (PreVote on)' },
      { term: 'AE×n / HB', meaning: 'AppendEntries carrying n entries / carrying none (a heartbeat)' },
      { term: 'AE✓ / AE✗', meaning: 'AppendEntriesResponse: the follower stored the entries / its log did not match at prevLogIndex' },
    ],
    kinds: { data: 'A Raft server keeps the replicated log; the leader of a term takes client writes and replicates them.' },
    commitRule: 'The leader commits an entry of its own term once a majority of the servers have stored it; the entries before it commit with it.',
  },
  operatorButtons: () => [],
  probes: PROBES,
  why: {
    node: (id, run) => explainServer(run.state(id) as RaftState, run.isUp(id), { servers: run.nodeIds.length }),
    entry(node, index, run) {
      return [explainEntry(run.state(node) as RaftState, index, leaderState(run), run.nodeIds.length)];
    },
    ruleName,
  },
};
