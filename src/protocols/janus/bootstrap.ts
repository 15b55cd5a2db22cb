// The bootstrap, an operator action (REJOIN.md §5 step 1, docs/protocol.md §14): once per cluster,
// on every data node write the initial state and then the marker, and start the elector at
// (epoch 0, term 0, leader none, R = all). The lab's runs start bootstrapped (every marker written
// at t = 0), so the action is for a cluster whose data nodes are all blank: every disk was lost.

import type { OperatorContext } from '../../kernel/types';
import { dataNodeIds, ELECTOR, type JanusConfig } from './config';
import { initElector } from './elector';
import type { JanusMessage } from './messages';
import { initDataNode } from './node';
import { isBlank, type DataNodeState, type JanusState } from './state';

/** Returns an error for a cluster that is already bootstrapped, else writes the disks and starts every node. */
export function bootstrap(ctx: OperatorContext<JanusState, JanusMessage>, config: JanusConfig): string | null {
  const ids = dataNodeIds(config);
  const marked = ids.filter((id) => !isBlank(ctx.state(id) as DataNodeState));
  if (marked.length)
    return `the cluster is already bootstrapped: ${marked.join(', ')} ${marked.length === 1 ? 'holds its' : 'hold their'} marker (bootstrap runs once, when every data node is blank)`;
  // The initial state of every data node, marker last (REJOIN.md §2.1), then the elector.
  for (const id of ids) ctx.replaceState(id, initDataNode(id, config));
  ctx.replaceState(ELECTOR, initElector(ELECTOR, config));
  return null;
}
