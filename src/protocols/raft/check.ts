// Exhaustive checking of Raft (src/checker, docs/checking.md): bounds, the state constraint, the
// canonical encoding of server states, messages and the monitors' ghost facts, and the symmetry of
// the servers: S1…Sn are interchangeable (no rule of node.ts reads a server's name or position
// other than to address it), so any renaming of them maps a run to a run.
//
// Every field of a server is written (renaming each server name or position through the Encoder)
// except `lastLeaderContact`, the clock's field: the untimed view never moves the clock, so it
// reads 0 there, and CheckQuorum's lease reads it only through ctx.elapsed, which the checker
// answers both ways. A field this file does not know is written generically (`enc.rest`), so a new
// field is never silently left out.

import type { Encoder, MonitorSet } from '../../kernel';
import type { CheckProfile } from '../../contracts/checking';
import { serverIds, type RaftConfig } from './config';
import type { Entry, RaftMessage } from './messages';
import type { RaftState } from './state';
import { raftPromisedFailures } from './liveness';
import { RAFT_MUTANT_CHECKS } from './mutant-checks';

const ROLE = { follower: 1, precandidate: 2, candidate: 3, leader: 4 } as Record<string, number>;

/** Fields of a server the encoding writes (or leaves out on purpose: the clock's). Others are written generically. */
export const RAFT_FIELDS = new Set([
  'id', 'slot', 'currentTerm', 'votedFor', 'log', 'commitIndex', 'lastApplied', 'role', 'leaderId', 'votes', 'recentActive',
  'lastLeaderContact', 'nextIndex', 'matchIndex',
]);

export function encodeRaftServer(st: unknown, enc: Encoder): void {
  const s = st as RaftState;
  enc.id(s.id);
  enc.node(s.slot);
  enc.num(s.currentTerm);
  enc.id(s.votedFor);
  enc.entries(s.log);
  enc.num(s.commitIndex);
  enc.num(s.lastApplied);
  const r = ROLE[s.role];
  if (r === undefined) enc.str(s.role);
  else enc.num(r);
  enc.id(s.leaderId);
  // Arrays by server position: in the renamed order (and order-free in the symmetry's sort key).
  enc.perNode(s.votes, (x) => enc.bool(x));
  enc.perNode(s.recentActive, (x) => enc.bool(x));
  enc.perNode(s.nextIndex, (x) => enc.num(x));
  enc.perNode(s.matchIndex, (x) => enc.num(x));
  enc.rest(s, RAFT_FIELDS);
}

export function encodeRaftMessage(mm: unknown, enc: Encoder): void {
  const m = mm as RaftMessage;
  switch (m.type) {
    case 'RequestVote':
      enc.num(1);
      enc.num(m.term);
      enc.id(m.candidateId);
      enc.num(m.lastLogIndex);
      enc.num(m.lastLogTerm);
      enc.bool(m.preVote);
      return enc.rest(m, RV_FIELDS);
    case 'RequestVoteResponse':
      enc.num(2);
      enc.num(m.term);
      enc.bool(m.voteGranted);
      enc.bool(m.preVote);
      return enc.rest(m, RVR_FIELDS);
    case 'AppendEntries':
      enc.num(3);
      enc.num(m.term);
      enc.id(m.leaderId);
      enc.num(m.prevLogIndex);
      enc.num(m.prevLogTerm);
      enc.entries(m.entries);
      enc.num(m.leaderCommit);
      return enc.rest(m, AE_FIELDS);
    case 'AppendEntriesResponse':
      enc.num(4);
      enc.num(m.term);
      enc.bool(m.success);
      enc.num(m.matchIndex);
      enc.num(m.lastLogIndex);
      return enc.rest(m, AER_FIELDS);
    default:
      enc.value(m);
  }
}
const RV_FIELDS = new Set(['type', 'term', 'candidateId', 'lastLogIndex', 'lastLogTerm', 'preVote']);
const RVR_FIELDS = new Set(['type', 'term', 'voteGranted', 'preVote']);
const AE_FIELDS = new Set(['type', 'term', 'leaderId', 'prevLogIndex', 'prevLogTerm', 'entries', 'leaderCommit']);
const AER_FIELDS = new Set(['type', 'term', 'success', 'matchIndex', 'lastLogIndex']);

/**
 * The ghost facts of RaftMonitors that the properties read later (their history), renamed: the
 * leader of each term and the committed entries. Left out, as in the generic encoding before: the
 * monitors' ghost votes of past terms (RaftMonitors.votes), which only LeaderVotedByMajority reads
 * when a server becomes leader. Unmutated and without lost disks a server votes once per term and
 * keeps it, so a new leader's grants are its ghost votes whatever the merged past; under a mutant
 * (forget-vote, volatile-term) or --wipes two states that differ only there are merged, so a
 * violation of that property may be found later than it could be, or not within the bounds (a finding is still a real
 * path). Writing them grows raft-3 maxTerm 2/maxLog 0/2 in flight from 54,913 to 101,911 states.
 */
interface RaftGhost {
  leaders: Map<number, string>;
  committed: ({ entry: Entry; term: number } | undefined)[];
}

export function encodeRaftGhost(mon: MonitorSet<unknown>, enc: Encoder): void {
  const g = mon as unknown as RaftGhost;
  // The leader of each term, by term (insertion order differs between paths).
  const terms = [...g.leaders.keys()].sort((a, b) => a - b);
  enc.num(terms.length);
  for (const t of terms) {
    enc.num(t);
    enc.id(g.leaders.get(t));
  }
  enc.num(g.committed.length);
  for (const c of g.committed) {
    if (!c) enc.num(-1);
    else {
      enc.num(c.entry.term);
      enc.str(c.entry.command);
      enc.num(c.term);
    }
  }
}

export const raftCheck: CheckProfile = {
  bounds: { maxTerm: 2, maxLog: 1, maxCrashes: 0, maxCopies: 1, maxWrites: 1 },
  encoding: (config) => ({
    node: encodeRaftServer,
    message: encodeRaftMessage,
    ghost: encodeRaftGhost,
    symmetric: serverIds(config as RaftConfig),
  }),
  within: (states, bounds) => states.every((s) => (s as RaftState).currentTerm <= bounds.maxTerm),
  canWrite: (st, bounds) => {
    const s = st as RaftState;
    return s.role === 'leader' && s.log.length < bounds.maxLog;
  },
  stepProperties: [
    {
      name: 'LeaderAppendOnly',
      check(before, after) {
        const a = before as RaftState;
        const b = after as RaftState;
        if (a.role !== 'leader' || b.role !== 'leader' || a.currentTerm !== b.currentTerm) return null;
        if (b.log.length < a.log.length) return `Leader ${b.id} of term ${b.currentTerm} shortened its log.`;
        for (let i = 0; i < a.log.length; i++) if (a.log[i]!.term !== b.log[i]!.term || a.log[i]!.command !== b.log[i]!.command) return `Leader ${b.id} overwrote entry ${i + 1}.`;
        return null;
      },
    },
  ],
  replayTiming: { heartbeatInterval: 1e7, electionTimeoutMax: 1e7 },
  progress: (states) => Math.max(0, ...states.map((s) => (s as RaftState).commitIndex)),
  promisedFailures: raftPromisedFailures,
  mutants: RAFT_MUTANT_CHECKS,
};
