// Configuration of a Janus cluster: its shape, the timers of PROTOCOL.md §5, and an optional
// mutant (a deliberately broken rule, for checking that the checker can fail).

import type { NodeId } from '../../kernel/types';

export interface JanusTiming {
  /** Leader: AppendEntries to every data node and ElectorHeartbeat to the elector. */
  heartbeatInterval: number;
  /** Follower in its own replication set: takeover after this much leader silence (random in range). */
  electionTimeoutMin: number;
  electionTimeoutMax: number;
  /** Leader: a member of R silent this long is shrunk out. */
  replicaTimeout: number;
  /** Elector: a takeover is granted only after the leader has been silent this long. */
  electorLeaderTimeout: number;
  /** Candidate or leader: resend an unanswered TermRequest. */
  termRequestRetry: number;
  /** Leader: look for a live node outside R to grow back. */
  catchUpCheck: number;
}

export const DEFAULT_TIMING: JanusTiming = {
  heartbeatInterval: 50,
  electionTimeoutMin: 300,
  electionTimeoutMax: 600,
  replicaTimeout: 300,
  electorLeaderTimeout: 400,
  termRequestRetry: 200,
  catchUpCheck: 1000,
};

export const TIMING_HELP: Record<keyof JanusTiming, string> = {
  heartbeatInterval: 'How often the leader sends AppendEntries (empty if nothing is new) and an ElectorHeartbeat.',
  electionTimeoutMin: 'Shortest leader silence after which a follower in R asks the elector to take over.',
  electionTimeoutMax: 'Longest such silence; each follower draws its timeout at random in the range.',
  replicaTimeout: 'A member of R that has not acked for this long is shrunk out by the leader.',
  electorLeaderTimeout: 'The elector grants a takeover only once the leader has been silent this long.',
  termRequestRetry: 'An unanswered TermRequest is sent again after this long.',
  catchUpCheck: 'How often the leader looks for a live node outside R to catch up and grow back.',
};

export const MUTANTS = {
  'elect-any': 'The elector grants takeover or shrink to any data node, for any set (breaks §4.3 eligibility).',
  'no-sticky-join': 'The leader stops waiting for the joiner once it has asked to grow (breaks §6.2 step 1).',
  'grow-any-term': 'The elector grants grow at any term, not only its current one (breaks §6.2 step 4).',
  'grow-follower-first': 'The leader and joiner move to the new term before the elector grants it, as published SwitchToRF2 P1 (breaks §6.2).',
  'grow-on-commit': 'The grow test uses the commit index at StartJoin instead of the last log index (breaks §6.2 step 3).',
  'old-elector-notices': 'A switched data node ignores only grants of another elector epoch, not refusals or heartbeat replies (breaks §9, RULES F3).',
  'skip-prev-log-term': 'A follower accepts AppendEntries without checking prevLogTerm (breaks §4.1 step 3).',
  'commit-on-majority': 'The leader commits once a majority of data nodes has the entry, not all of R (breaks §0 point 2).',
  'no-leader-learning': 'A replacement elector never learns the leader of its term (drops our rule R4).',
  'r4-any-term': 'A replacement elector learns a leader from a heartbeat of any term, not only its current one (breaks our rule R4).',
  'stale-ack-counted': 'A leader counts an AppendEntriesResponse of an older term of its own (breaks §4.2: acks count only from the current term).',
  'commit-past-match': 'A follower commits up to min(leaderCommit, its log length), past the prefix the leader verified (breaks §4.1 step 4).',
  'blank-acks': 'A blank data node (its disk lost) acknowledges AppendEntries like any node (breaks REJOIN.md §4.1 rule 2).',
  'blank-takes-grant': 'A blank data node takes a grant, or an elector reply naming it leader, as its own and leads (breaks REJOIN.md §4.1 rule 1).',
  'rejoin-no-fence': 'The elector evicts a blank node without opening a new term (breaks REJOIN.md §4.2: the new term is the fence).',
  'blank-reports': 'A blank data node switches to a new elector epoch and reports its empty (term, R) to the installer (breaks our rule R5: the replacement then misses the terms its earlier life held).',
  'rejoin-no-nonce': 'A blank node takes any grant as the answer to its rejoin, whatever incarnation it echoes (breaks REJOIN.md §4.1 rule 4).',
} as const;

export type MutantName = keyof typeof MUTANTS;

export interface JanusConfig {
  /** Number of data nodes: 3 (3+1) or 2 (2+1). */
  dataNodes: 2 | 3;
  timing: JanusTiming;
  /** At most this many entries per AppendEntries. */
  maxBatch: number;
  mutant: MutantName | null;
}

export function janusConfig(dataNodes: 2 | 3, over: Partial<Omit<JanusConfig, 'dataNodes'>> = {}): JanusConfig {
  return {
    dataNodes,
    timing: { ...DEFAULT_TIMING, ...(over.timing ?? {}) },
    maxBatch: over.maxBatch ?? 64,
    mutant: over.mutant ?? null,
  };
}

export const ELECTOR: NodeId = 'E';

/**
 * The cluster id the operator generated at bootstrap (REJOIN.md §5 step 1) and gives every data
 * node in its configuration. A disk whose marker carries another id (or another node id) is blank.
 */
export const CLUSTER_ID = '4a616e75734c6162';

export function dataNodeIds(config: JanusConfig): NodeId[] {
  return config.dataNodes === 2 ? ['D1', 'D2'] : ['D1', 'D2', 'D3'];
}
