// Operator actions on data-node disks (REJOIN.md §5, docs/protocol.md §14).
// * bootstrap: once per cluster, on every data node write the initial state and then the marker,
//   and start the elector at (epoch 0, term 0, leader none, R = all). The lab's runs start
//   bootstrapped (every marker written at t = 0), so the action is for a cluster whose data nodes
//   are all blank: every disk was lost.
// * backup / restoreBackup: the operator copies a data node's disk, and later restores a stopped
//   node from that copy and starts it. Restoring it *with* its marker is what REJOIN.md §5 step 3
//   forbids (an undetectable rollback, §8 O-4); `marker=false` restores it without, as the rule
//   says, and the node rejoins as blank.

import type { OperatorContext } from '../../kernel/types';
import { dataNodeIds, ELECTOR, type JanusConfig } from './config';
import { initElector } from './elector';
import type { JanusMessage } from './messages';
import { initDataNode } from './node';
import { isBlank, type DataNodeState, type DiskImage, type JanusState } from './state';

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

type Op = { node?: string; args?: Record<string, unknown> };

function dataNode(op: Op, ctx: OperatorContext<JanusState, JanusMessage>, config: JanusConfig, verb: string): string | DataNodeState {
  if (!op.node || !dataNodeIds(config).includes(op.node)) return `${verb} needs a data node (${dataNodeIds(config).join(', ')})`;
  return ctx.state(op.node) as DataNodeState;
}

/** The operator copies a running data node's disk (its marker included) to the backup store. */
export function backup(op: Op, ctx: OperatorContext<JanusState, JanusMessage>, config: JanusConfig): string | null {
  const s = dataNode(op, ctx, config, 'a backup');
  if (typeof s === 'string') return s;
  if (!ctx.isUp(s.id)) return `${s.id} is down: in the lab the operator backs up a running node`;
  ctx.runAt(s.id, (_c, st) => {
    const d = st as DataNodeState;
    const image: DiskImage = { currentTerm: d.currentTerm, replicationSet: d.replicationSet, log: d.log.slice(), electorEpoch: d.electorEpoch, marker: d.marker, incarnation: d.incarnation };
    d.backup = image;
  });
  return null;
}

/**
 * The operator restores a stopped data node's disk from its backup and starts it. With the marker
 * (the default) the node cannot tell it went back in time; `marker=false` leaves the marker out,
 * and the node boots blank.
 */
export function restoreBackup(op: Op, ctx: OperatorContext<JanusState, JanusMessage>, config: JanusConfig): string | null {
  const s = dataNode(op, ctx, config, 'a restore');
  if (typeof s === 'string') return s;
  if (ctx.isUp(s.id)) return `${s.id} is up: the operator restores the disk of a stopped node`;
  if (!s.backup) return `there is no backup of ${s.id}: take one first (operator backup ${s.id})`;
  const withMarker = op.args?.marker !== false;
  const restored: DataNodeState = { ...initDataNode(s.id, config), ...s.backup, log: s.backup.log.slice(), marker: withMarker ? s.backup.marker : null, backup: s.backup };
  ctx.replaceState(s.id, restored);
  return null;
}
