// Configuration of a Raft cluster: its size, the timers (ms), the two optional settings etcd's
// raft offers (`preVote`, `checkQuorum`), and an optional mutant (a deliberately broken rule, for
// checking that the monitors and the explorer can fail). README.md in this folder documents them.

import type { NodeId } from '../../kernel/types';

export interface RaftTiming {
  /** Leader: AppendEntries to every follower (empty when it has nothing new: a heartbeat). */
  heartbeatInterval: number;
  /** Follower or candidate: start an election after this much silence (random in [min, max]). */
  electionTimeoutMin: number;
  electionTimeoutMax: number;
  /**
   * 1: PreVote (Ongaro's dissertation §9.6, etcd's `PreVote`): a server first asks whether it
   * could win before it raises its term. 0: off (the default).
   */
  preVote: number;
  /**
   * 1: CheckQuorum (dissertation §6.2, etcd's `CheckQuorum`): a leader that has not heard from a
   * majority within an election timeout steps down, and a server that heard from a leader within
   * the minimum election timeout ignores RequestVote (the paper's §6, dissertation §4.2.3).
   * 0: off (the default).
   */
  checkQuorum: number;
}

export const DEFAULT_TIMING: RaftTiming = {
  heartbeatInterval: 50,
  electionTimeoutMin: 150,
  electionTimeoutMax: 300,
  preVote: 0,
  checkQuorum: 0,
};

export const TIMING_HELP: Record<keyof RaftTiming, string> = {
  heartbeatInterval: 'How often the leader sends AppendEntries to each follower (empty if it has nothing new: a heartbeat).',
  electionTimeoutMin: 'Shortest silence after which a follower or candidate starts an election (§5.2).',
  electionTimeoutMax: 'Longest such silence; each server draws its timeout at random in the range, anew each time (§5.2).',
  preVote: '1 = PreVote on (dissertation §9.6): ask for a pre-vote before raising the term; 0 = off.',
  checkQuorum: '1 = CheckQuorum on (dissertation §6.2): a leader cut off from a majority steps down, and a server ignores RequestVote while it hears a leader; 0 = off.',
};

/** Deliberately broken rules, each caught by the monitors (tests/raft/mutants.test.ts). */
export const MUTANTS = {
  'forget-vote': 'votedFor is not kept: a server grants its vote to every up-to-date candidate of a term, so twice in one term (breaks Figure 2, RequestVote receiver rule 2, §5.2).',
  'no-up-to-date-check': 'A vote is granted without checking that the candidate\'s log is at least as up-to-date (breaks §5.4.1).',
  'commit-old-term': 'The leader commits an entry of an older term by counting its replicas (breaks §5.4.2, Figure 8).',
  'keep-conflicting-suffix': 'A follower overwrites a conflicting entry in place but keeps the entries after it (breaks Figure 2, AppendEntries receiver rule 3).',
  'volatile-term': 'currentTerm (and the votedFor of it) is not kept across a restart: the server comes back at term 0 (breaks Figure 2, persistent state).',
  'quorum-off-by-one': 'A majority is counted as ⌊N/2⌋ servers instead of ⌊N/2⌋+1, for votes and for commits (breaks §5.2 and §5.3).',
} as const;

export type MutantName = keyof typeof MUTANTS;

export interface RaftConfig {
  /** Number of servers: 3 (raft-3) or 5 (raft-5). */
  servers: 3 | 5;
  timing: RaftTiming;
  /** At most this many entries per AppendEntries. */
  maxBatch: number;
  mutant: MutantName | null;
}

export function raftConfig(servers: 3 | 5, over: { timing?: Partial<RaftTiming>; maxBatch?: number; mutant?: MutantName | null } = {}): RaftConfig {
  const timing = { ...DEFAULT_TIMING, ...(over.timing ?? {}) };
  // A range read backwards is read as its two ends.
  if (timing.electionTimeoutMax < timing.electionTimeoutMin) timing.electionTimeoutMax = timing.electionTimeoutMin;
  return { servers, timing, maxBatch: over.maxBatch ?? 64, mutant: over.mutant ?? null };
}

/** S1 … Sn. */
export function serverIds(config: { servers: number }): NodeId[] {
  return Array.from({ length: config.servers }, (_, i) => `S${i + 1}`);
}

/** Servers needed for a majority (§5.2): ⌊N/2⌋+1 (one fewer under the quorum-off-by-one mutant). */
export function quorum(config: RaftConfig): number {
  const q = Math.floor(config.servers / 2) + 1;
  return config.mutant === 'quorum-off-by-one' ? q - 1 : q;
}

export const preVoteOn = (config: RaftConfig): boolean => config.timing.preVote >= 1;
export const checkQuorumOn = (config: RaftConfig): boolean => config.timing.checkQuorum >= 1;
