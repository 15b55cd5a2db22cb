// A Raft server's state, as Figure 2 of the extended paper lists it. Persistent state (currentTerm,
// votedFor, log) survives a crash; the volatile state is rebuilt. A few volatile fields of our own
// (leaderId, the votes collected, the election timer's bookkeeping) are marked as such.

import type { NodeId } from '../../kernel/types';
import { entrySize, type Entry } from './messages';

/** etcd's StateType: follower, pre-candidate (PreVote), candidate, leader. */
export type Role = 'follower' | 'precandidate' | 'candidate' | 'leader';

export interface RaftState {
  id: NodeId;
  /** Position of this server among S1 … Sn (S1 = 0). */
  slot: number;
  // --- persistent on all servers (Figure 2)
  currentTerm: number;
  votedFor: NodeId | null;
  /** log[i - 1] is the entry at index i. Entries are immutable objects. */
  log: Entry[];
  // --- volatile on all servers (Figure 2)
  commitIndex: number;
  lastApplied: number;
  // --- volatile, ours
  role: Role;
  /** The leader of currentTerm this server knows of (for redirects, §8), or null. */
  leaderId: NodeId | null;
  /** Candidate or pre-candidate: which servers granted its (pre-)vote, by slot. */
  votes: boolean[];
  /** Leader (CheckQuorum): which servers answered since the last check, by slot (etcd's RecentActive). */
  recentActive: boolean[];
  /** When this server last heard AppendEntries from the leader of its term (CheckQuorum's lease). */
  lastLeaderContact: number;
  // --- volatile on leaders (Figure 2), by slot; reinitialized after election
  nextIndex: number[];
  matchIndex: number[];
}

export const slotOf = (id: NodeId): number => Number(id.slice(1)) - 1;
export const idOf = (slot: number): NodeId => `S${slot + 1}`;

export const lastIndex = (s: RaftState): number => s.log.length;
export const lastTerm = (s: RaftState): number => (s.log.length ? s.log[s.log.length - 1]!.term : 0);
/** The term of the entry at `index` (0 for index 0), or -1 when the log has no such entry. */
export const termAt = (s: RaftState, index: number): number => (index === 0 ? 0 : index <= s.log.length ? s.log[index - 1]!.term : -1);

/**
 * The durable state on disk, in README.md's encoding: currentTerm u64, votedFor u8 (0 = none,
 * k = Sk), log length u64, then each entry as on the wire (term u64, index u64, length u32,
 * UTF-8 command).
 */
export function durableBytes(s: RaftState): number {
  let n = 8 + 1 + 8;
  for (const e of s.log) n += entrySize(e);
  return n;
}
