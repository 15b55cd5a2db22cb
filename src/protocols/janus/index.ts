// The Janus N+1 protocol (PROTOCOL.md), as a kernel plug-in. One folder, the house shape:
// messages, node handlers (data node and elector), invariants.

import type { ClientWriteResult, Ctx, NodeSpec, OperatorContext, Protocol } from '../../kernel/types';
import { dataNodeIds, ELECTOR, janusConfig, type JanusConfig } from './config';
import { crashElector, electorOnMessage, initElector, newUninstalledElector, startElector } from './elector';
import { JanusMonitors } from './invariants';
import { messageDigest, messageInfo, type JanusMessage } from './messages';
import {
  crashDataNode,
  dataNodeOnMessage,
  dataNodeOnTimer,
  initDataNode,
  onClientWrite,
  startDataNode,
  startElectorChange,
} from './node';
import { durableBytes, formatSet, isBlank, size, type DataNodeState, type ElectorState, type JanusState } from './state';
import { backup, bootstrap, restoreBackup } from './bootstrap';

export const JANUS_VERSION = 1;

const ROLE_CODE = { follower: 1, candidate: 2, leader: 3 } as const;

/** Operator action: replace the elector (§9), through `node` as installer. */
function replaceElector(
  op: { node?: string; args?: Record<string, unknown> },
  ctx: OperatorContext<JanusState, JanusMessage>,
  config: JanusConfig,
): string | null {
  const installer = op.node ?? dataNodeIds(config).find((id) => ctx.isUp(id));
  if (!installer || installer === ELECTOR) return 'elector replacement needs a data node as installer';
  if (!ctx.isUp(installer)) return `the installer ${installer} is down`;
  const e = ctx.state(ELECTOR) as ElectorState;
  const dataEpochs = dataNodeIds(config).map((id) => (ctx.state(id) as DataNodeState).electorEpoch);
  let epoch: number;
  if (!e.installed && e.electorEpoch >= 0) {
    // A replacement is already under way: run it again with the same epoch (acks are idempotent).
    epoch = e.electorEpoch;
    if (!ctx.isUp(ELECTOR)) ctx.replaceState(ELECTOR, e);
  } else {
    epoch = Math.max(e.electorEpoch, ...dataEpochs) + 1;
    const zombie = op.args?.zombie === true && ctx.isUp(ELECTOR) && e.installed ? { ...e, zombie: null } : null;
    ctx.replaceState(ELECTOR, newUninstalledElector(ELECTOR, epoch, zombie));
  }
  ctx.runAt(installer, (c, s) => startElectorChange(c as Ctx<JanusMessage>, s as DataNodeState, epoch, config));
  return null;
}

export const janus: Protocol<JanusState, JanusMessage, JanusConfig> = {
  id: 'janus',
  title: 'Janus N+1 (our design, PROTOCOL.md)',
  version: JANUS_VERSION,
  nodes(config): NodeSpec[] {
    return [...dataNodeIds(config).map((id) => ({ id, kind: 'data' })), { id: ELECTOR, kind: 'elector' }];
  },
  init(node, config) {
    return node.kind === 'elector' ? initElector(node.id, config) : initDataNode(node.id, config);
  },
  start(ctx, state, config) {
    if (state.kind === 'elector') startElector(ctx, state);
    else startDataNode(ctx, state, config);
  },
  crash(state, _node, config, wipe) {
    return state.kind === 'elector' ? crashElector(state, config, wipe) : crashDataNode(state, config, wipe);
  },
  onMessage(ctx, state, from, msg, config) {
    if (state.kind === 'elector') electorOnMessage(ctx, state, from, msg, config);
    else dataNodeOnMessage(ctx, state, msg, config);
  },
  onTimer(ctx, state, timer, config) {
    if (state.kind === 'data') dataNodeOnTimer(ctx, state, timer, config);
  },
  onClientWrite(ctx, state, command, config): ClientWriteResult {
    if (state.kind === 'elector') return { status: 'rejected', reason: 'the elector keeps no log; write to a data node' };
    return onClientWrite(ctx, state, command, config);
  },
  operators: ['replaceElector', 'bootstrap', 'backup', 'restoreBackup'],
  operator(op, ctx, config) {
    if (op.name === 'replaceElector') return replaceElector(op, ctx, config);
    if (op.name === 'bootstrap') return bootstrap(ctx, config);
    if (op.name === 'backup') return backup(op, ctx, config);
    if (op.name === 'restoreBackup') return restoreBackup(op, ctx, config);
    return `unknown operator action ${op.name}`;
  },
  clone(s) {
    if (s.kind === 'elector') return { ...s, zombie: s.zombie ? { ...s.zombie } : null };
    return {
      ...s,
      log: s.log.slice(),
      matchIndex: s.matchIndex.slice(),
      nextIndex: s.nextIndex.slice(),
      lastAckAt: s.lastAckAt.slice(),
      joining: s.joining ? { ...s.joining } : null,
      installer: s.installer ? { ...s.installer, acks: s.installer.acks.slice() } : null,
    };
  },
  digest(s) {
    if (s.kind === 'elector')
      return (s.currentTerm * 131 + s.replicationSet * 7 + (s.leaderId ? s.leaderId.charCodeAt(1) : 0) + s.electorEpoch * 977 + (s.installed ? 1 : 0)) | 0;
    return (s.currentTerm * 131 + ROLE_CODE[s.role] * 17 + s.commitIndex * 7919 + s.log.length * 104729 + s.replicationSet * 3 + s.electorEpoch * 977 + (s.marker ? 0 : 5 + s.incarnation)) | 0;
  },
  messageDigest,
  messageInfo,
  summary(s): Record<string, string | number | boolean | null> {
    if (s.kind === 'elector')
      return {
        kind: 'elector',
        term: s.currentTerm,
        leaderId: s.leaderId,
        replicationSet: s.installed ? formatSet(s.replicationSet) : '—',
        rf: s.installed ? size(s.replicationSet) : 0,
        electorEpoch: s.electorEpoch,
        installed: s.installed,
        bytes: durableBytes(s),
      };
    return {
      kind: 'data',
      role: s.role,
      term: s.currentTerm,
      leaderId: s.leaderId,
      replicationSet: formatSet(s.replicationSet),
      rf: size(s.replicationSet),
      commitIndex: s.commitIndex,
      logLength: s.log.length,
      electorEpoch: s.electorEpoch,
      joining: s.joining ? s.joining.node : null,
      blank: isBlank(s),
    };
  },
  monitors(config) {
    return new JanusMonitors(config);
  },
};

export { janusConfig };
export * from './config';
export * from './messages';
export * from './state';
export { PROPERTIES, PROPERTY_TEXT, JanusMonitors } from './invariants';
