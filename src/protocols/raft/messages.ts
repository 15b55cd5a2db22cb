// Raft's messages, named and shaped as the RPCs of the extended Raft paper (Figure 2): RequestVote
// and AppendEntries with their responses. Two additions, each documented in README.md:
//   - `preVote` on RequestVote and its response: the PreVote phase (dissertation §9.6) reuses the
//     RequestVote RPC with this flag (etcd sends it as MsgPreVote / MsgPreVoteResp).
//   - AppendEntriesResponse carries `matchIndex` (on success: the last index the follower now
//     holds in agreement with the leader; etcd's MsgAppResp Index) and `lastLogIndex` (on a
//     refusal: the follower's last index, etcd's RejectHint), so that a duplicated or reordered
//     response is read correctly and a follower far behind is found in one step.
// Local messages (MsgHup, MsgBeat, MsgCheckQuorum) are etcd's ticks: a timer arrives as a message
// through the same entry point (node.ts `step`); they are never sent on the wire.

import type { MessageInfo, NodeId } from '../../kernel/types';
import { utf8Length } from '../../contracts/encoding';

export interface Entry {
  index: number;
  term: number;
  command: string;
}

export interface RequestVote {
  type: 'RequestVote';
  /** The candidate's term (for a pre-vote: the term it would campaign in, currentTerm + 1). */
  term: number;
  candidateId: NodeId;
  lastLogIndex: number;
  lastLogTerm: number;
  preVote: boolean;
}

export interface RequestVoteResponse {
  type: 'RequestVoteResponse';
  /** currentTerm, for the candidate to update itself (a granted pre-vote echoes the asked term). */
  term: number;
  voteGranted: boolean;
  preVote: boolean;
}

export interface AppendEntries {
  type: 'AppendEntries';
  term: number;
  leaderId: NodeId;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: Entry[];
  leaderCommit: number;
}

export interface AppendEntriesResponse {
  type: 'AppendEntriesResponse';
  term: number;
  success: boolean;
  /** Success: prevLogIndex + entries.length (the last index known to match the leader's). 0 on a refusal. */
  matchIndex: number;
  /** Refusal: the follower's last log index (a hint for nextIndex). 0 on success. */
  lastLogIndex: number;
}

export type RaftMessage = RequestVote | RequestVoteResponse | AppendEntries | AppendEntriesResponse;

/** etcd's local messages: timer ticks, stepped like any message but never sent. */
export type LocalMessage = { type: 'MsgHup' } | { type: 'MsgBeat' } | { type: 'MsgCheckQuorum' };

export const MESSAGE_TYPES: readonly RaftMessage['type'][] = ['RequestVote', 'RequestVoteResponse', 'AppendEntries', 'AppendEntriesResponse'];

const TYPE_CODE: Record<RaftMessage['type'], number> = {
  RequestVote: 1,
  RequestVoteResponse: 2,
  AppendEntries: 3,
  AppendEntriesResponse: 4,
};

export { utf8Length };

/** One log entry in the encoding below: term u64, index u64, length u32, UTF-8 command. */
export const entrySize = (e: Entry): number => 8 + 8 + 4 + utf8Length(e.command);

/**
 * Size in bytes under this encoding (README.md, "Encoding"): message type u8, term u64, a server
 * id u8 (S3 = 3), an index u64, a boolean u8, an entry count u32, each entry as `entrySize`.
 *   RequestVote           type, term, candidateId, lastLogIndex, lastLogTerm, preVote   27 B
 *   RequestVoteResponse   type, term, voteGranted, preVote                            11 B
 *   AppendEntries         type, term, leaderId, prevLogIndex, prevLogTerm, leaderCommit,
 *                         entry count, entries                                        38 B + entries
 *   AppendEntriesResponse type, term, success, matchIndex, lastLogIndex               26 B
 */
export function encodedSize(m: RaftMessage): number {
  switch (m.type) {
    case 'RequestVote':
      return 1 + 8 + 1 + 8 + 8 + 1;
    case 'RequestVoteResponse':
      return 1 + 8 + 1 + 1;
    case 'AppendEntries': {
      let n = 1 + 8 + 1 + 8 + 8 + 8 + 4;
      for (const e of m.entries) n += entrySize(e);
      return n;
    }
    case 'AppendEntriesResponse':
      return 1 + 8 + 1 + 8 + 8;
  }
}

/** Short labels for the picture (README.md lists them in the legend too). */
export function label(m: RaftMessage): string {
  switch (m.type) {
    case 'RequestVote':
      return m.preVote ? 'PreVote' : 'RV';
    case 'RequestVoteResponse':
      return `${m.preVote ? 'Pre' : 'RV'}${m.voteGranted ? '✓' : '✗'}`;
    case 'AppendEntries':
      return m.entries.length ? `AE×${m.entries.length}` : 'HB';
    case 'AppendEntriesResponse':
      return m.success ? 'AE✓' : 'AE✗';
  }
}

export function messageInfo(m: RaftMessage): MessageInfo {
  const entries = m.type === 'AppendEntries' ? m.entries.length : 0;
  return { type: m.type, label: label(m), kind: entries > 0 ? 'data' : 'control', entries, bytes: encodedSize(m) };
}

export function messageDigest(m: RaftMessage): number {
  let h = Math.imul(TYPE_CODE[m.type] ^ m.term, 0x01000193);
  switch (m.type) {
    case 'RequestVote':
      h = Math.imul(h ^ (m.lastLogIndex * 31 + m.lastLogTerm * 7 + (m.preVote ? 1 : 0) + m.candidateId.charCodeAt(1) * 977), 0x01000193);
      break;
    case 'RequestVoteResponse':
      h = Math.imul(h ^ ((m.voteGranted ? 1 : 0) + (m.preVote ? 2 : 0)), 0x01000193);
      break;
    case 'AppendEntries':
      h = Math.imul(h ^ (m.prevLogIndex * 31 + m.prevLogTerm * 131 + m.entries.length * 7 + m.leaderCommit * 7919), 0x01000193);
      break;
    case 'AppendEntriesResponse':
      h = Math.imul(h ^ (m.matchIndex * 2 + m.lastLogIndex * 131 + (m.success ? 1 : 0)), 0x01000193);
      break;
  }
  return h >>> 0;
}
