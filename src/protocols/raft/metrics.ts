// What the metrics page needs of Raft: the durable size of each server in README.md's encoding.

import type { MetricsHooks } from '../../contracts/plugin';
import { durableBytes, type RaftState } from './state';

/** currentTerm u64 + votedFor u8 + log length u64 + the log's entries (term u64, index u64, length u32, command). */
export function raftDurableBytes(state: unknown): number | null {
  return durableBytes(state as RaftState);
}

export const raftMetrics: MetricsHooks = { durableBytes: raftDurableBytes };
