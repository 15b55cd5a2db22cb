// What the explorer's profile needs to know about disk loss (REJOIN.md, docs/protocol.md §14):
// which data nodes still hold the log for the elector, so whether any promise of progress is left.

import type { NodeId, Simulation } from '../../kernel';
import { ELECTOR } from './config';
import type { JanusMessage } from './messages';
import { has, isBlank, slotOf, type DataNodeState, type ElectorState } from './state';

/**
 * The members of the elector's R that are not blank, less what a takeover or shrink request still
 * in flight from a node that is now blank or down may yet make the elector grant (REJOIN.md §8
 * O-1 b: a request of a wiped node's earlier life can be granted after the wipe). When none is
 * left, the cluster stays down rather than lose committed entries: no progress is promised.
 */
export function logHolders(sim: Simulation, ids: readonly NodeId[]): NodeId[] {
  const e = sim.state<ElectorState>(ELECTOR);
  if (!e.installed) return ids.filter((id) => !isBlank(sim.state<DataNodeState>(id)));
  let set = e.replicationSet;
  for (const env of sim.messages()) {
    const m = env.msg as JanusMessage;
    if (env.to !== ELECTOR || env.fate === 'loss' || m.type !== 'TermRequest' || m.electorEpoch !== e.electorEpoch) continue;
    if (m.kind !== 'takeover' && m.kind !== 'shrink') continue;
    if (sim.isUp(env.from) && !isBlank(sim.state<DataNodeState>(env.from))) continue;
    set &= m.replicationSet;
  }
  return ids.filter((id) => has(set, slotOf(id)) && !isBlank(sim.state<DataNodeState>(id)));
}

/** The data nodes that are blank now (booted without their marker, not yet evicted). */
export function blankNodes(sim: Simulation, ids: readonly NodeId[]): NodeId[] {
  return ids.filter((id) => isBlank(sim.state<DataNodeState>(id)));
}
