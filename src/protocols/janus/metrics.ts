// What the metrics page needs of our design: the durable size of each node (docs/protocol.md,
// "Message encoding" and §2), and the claims of the Janus README to set beside measured figures.

import type { MetricsHooks } from '../../contracts/plugin';
import type { JanusState } from './state';

/** Data nodes: log + metadata (term, role, epoch, R); the elector: its 18 bytes (§2). */
export function janusDurableBytes(state: unknown): number | null {
  const s = state as JanusState;
  if (s.kind === 'elector') return 18;
  let n = 8 + 1 + 4 + 8;
  for (const e of s.log) n += 8 + 8 + 4 + e.command.length;
  return n;
}

export const janusMetrics: MetricsHooks = {
  durableBytes: janusDurableBytes,
  // The README's five claims, in its order (its comparison table and "Why Janus?"). The Compare
  // view (src/compare) gives each a verdict against Raft on the same workload.
  claims: [
    { id: 'consistency', text: 'Janus gives the same strong consistency as Raft and Paxos', source: 'Janus README, comparison table ("Strong Consistency")' },
    { id: 'hardware', text: 'Janus requires 1/3 less hardware than Raft and Paxos', source: 'Janus README, "Why Janus?"' },
    { id: 'bandwidth', text: 'Janus requires 1/2 less bandwidth than Raft and Paxos', source: 'Janus README, "Why Janus?"' },
    { id: 'implementation', text: 'Janus is complex to reason about and even more so to implement', source: 'Janus README, "Why Janus?" and "Ease of Implementation"' },
    { id: 'failover', text: 'a failed node is not considered online until it is back and has caught up, so recovery takes meaningfully longer than with Raft/Paxos', source: 'Janus README, "Why Janus?"' },
  ],
};
