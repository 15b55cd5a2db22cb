// The failures Raft promises to survive, for the checker's liveness sanity check
// (src/checker/liveness.ts, docs/checking.md "Liveness"): §5 and §5.6 of the extended paper, as
// the explorer's profile reads it (explore.ts `promise`): while a majority of the servers is up
// (and the network among it works), a leader is elected and commits. Servers already down count
// as failed; one more may fail for good when a majority still remains.

import type { NodeId } from '../../kernel';
import type { LivenessView } from '../../contracts/checking';

export function raftPromisedFailures(v: LivenessView): NodeId[][] {
  const n = v.nodeIds.length;
  const majority = Math.floor(n / 2) + 1;
  const up = v.nodeIds.filter((_, i) => v.up[i]);
  const out: NodeId[][] = [];
  if (up.length >= majority) out.push([]);
  if (up.length - 1 >= majority) for (const id of up) out.push([id]);
  return out;
}
