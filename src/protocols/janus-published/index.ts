// The published Janus 2+1 spec (akneni/Janus, TLA-plus-spec/Janus.tla, version B, "Last modified
// Sat Sep 06 2025") as a kernel plug-in: data nodes D1, D2 (the spec's d1, d2) and elector E (e1).
// Every spec action is a handler; every "may fire at any time" action is driven by a timer and is
// also an operator action a user can take by hand.

import type { Ctx, NodeSpec, OperatorContext, Protocol } from '../../kernel/types';
import { DATA_NODES, ELECTOR, pubConfig, type PubConfig } from './config';
import { electorOnMessage, hardResetElector, startElector } from './elector';
import { PubMonitors } from './invariants';
import { messageDigest, messageInfo, fmtMd, type PubMessage } from './messages';
import {
  dataClientWrite,
  dataOnMessage,
  FollowerSendInitWorkload,
  FollowerSendSwitchToRF1Leader,
  hardResetData,
  LeaderSendAE_RF1,
  LeaderSendAE_RF2,
  LeaderSendSwitchToRF1,
  LeaderSendSwitchToRF2_P1,
  onDataTimer,
  restartedData,
  startData,
  whyNotAppend,
  whyNotInitWorkload,
  whyNotSwitchToRF1,
  whyNotSwitchToRF1Leader,
  whyNotSwitchToRF2,
} from './node';
import { cloneState, initData, initElectorState, type PubDataState, type PubElectorState, type PubState } from './state';

export const PUBLISHED_VERSION = 1;

/**
 * Operator actions: the spec's spontaneous actions, taken by hand now, plus the failure steps
 * the spec defines (HardReset) or that TLC runs add (MCRestart), applied atomically with the
 * messages in flight kept, exactly as in the spec.
 */
export const OPERATORS = [
  'FollowerSendInitWorkload',
  'FollowerSendSwitchToRF1Leader',
  'LeaderSendSwitchToRF1',
  'LeaderSendSwitchToRF2_P1',
  'LeaderSendAE_RF2',
  'LeaderSendAE_RF1',
  'ElectorChooseOk',
  'HardReset',
  'Restart',
] as const;
export type OperatorName = (typeof OPERATORS)[number];

/** One line per operator action, for menus: `{node}` is replaced by the node id. */
export const OPERATOR_TEXT: Record<OperatorName, string> = {
  FollowerSendInitWorkload: '{node} sends InitWorkload now (follower at term 0 → candidate)',
  FollowerSendSwitchToRF1Leader: '{node} sends SwitchToRF1Leader now (follower → candidate, asks E to take over)',
  LeaderSendSwitchToRF1: '{node} sends SwitchToRF1 now (leader with RF 2 asks E to drop the follower)',
  LeaderSendSwitchToRF2_P1: '{node} sends SwitchToRF2 P1 now (leader with RF 1 ships its whole log to bring the other back)',
  LeaderSendAE_RF2: '{node} appends an entry and sends AppendEntries RF2 (args.data, default "0")',
  LeaderSendAE_RF1: '{node} appends an entry and sends AppendEntries RF1 (args.data, default "0")',
  ElectorChooseOk: "E's free choice ok for the next SwitchToRF1Leader (args.ok: true = leader presumed dead, false = alive)",
  HardReset: '{node} loses its disk and restarts at once (the spec\'s HardReset; messages in flight are kept)',
  Restart: '{node} restarts at once with its disk (TLC\'s MCRestart: a data node comes back as a follower)',
};

function dataArg(op: { args?: Record<string, unknown> }): string | Error {
  const d = op.args?.data;
  if (d === undefined) return '0';
  if (typeof d === 'number' && Number.isFinite(d)) return String(d);
  if (typeof d === 'string' && d.length <= 200) return d;
  return new Error('args.data must be a number or a string of at most 200 characters');
}

function operator(op: { name: string; node?: string; args?: Record<string, unknown> }, ctx: OperatorContext<PubState, PubMessage>): string | null {
  const name = op.name as OperatorName;
  const node = op.node ?? (name === 'ElectorChooseOk' ? ELECTOR : undefined);
  if (!node) return `${name} needs a node`;
  if (!ctx.isUp(node)) return `${node} is down`;
  const s = ctx.state(node);
  if (name === 'HardReset') {
    ctx.replaceState(node, s.kind === 'data' ? hardResetData(s) : hardResetElector(s));
    ctx.runAt(node, (c) => {
      c.probe('HardReset');
      c.note('HardReset', () =>
        s.kind === 'data'
          ? `${node} lost its disk and restarted at term 0 with an empty log (the spec's HardReset; messages in flight are kept).`
          : `E lost its disk and restarted at term 0 with RF 2 and leader "unknown" (the spec's HardReset): a stale message can teach it an old term again (P2).`,
      );
    });
    return null;
  }
  if (name === 'Restart') {
    if (s.kind !== 'data') return 'Restart (MCRestart) is defined for data nodes; crash and restart the elector instead';
    ctx.replaceState(node, restartedData(s));
    ctx.runAt(node, (c) => {
      c.probe('Restart');
      c.note('Restart', () => `${node} restarted with its disk as a follower of term ${s.term} (TLC's MCRestart; messages in flight are kept).`);
    });
    return null;
  }
  if (name === 'ElectorChooseOk') {
    if (s.kind !== 'elector') return 'ElectorChooseOk is an elector action (node E)';
    const ok = op.args?.ok;
    if (typeof ok !== 'boolean') return 'args.ok must be true or false';
    ctx.runAt(node, (c, st) => {
      (st as PubElectorState).voteOverride = ok;
      c.note('SwitchToRF1Leader', () => `E will answer its next SwitchToRF1Leader with ok = ${ok ? 'TRUE' : 'FALSE'} (chosen by hand).`);
    });
    return null;
  }
  if (s.kind !== 'data') return `${name} is a data-node action (D1 or D2)`;
  const c = (f: (cx: Ctx<PubMessage>, st: PubDataState) => void) => ctx.runAt(node, (cx, st) => f(cx as Ctx<PubMessage>, st as PubDataState));
  switch (name) {
    case 'FollowerSendInitWorkload': {
      const why = whyNotInitWorkload(s);
      if (why) return `FollowerSendInitWorkload is not enabled: ${why}`;
      c((cx, st) => FollowerSendInitWorkload(cx, st));
      return null;
    }
    case 'FollowerSendSwitchToRF1Leader': {
      const why = whyNotSwitchToRF1Leader(s);
      if (why) return `FollowerSendSwitchToRF1Leader is not enabled: ${why}`;
      c((cx, st) => FollowerSendSwitchToRF1Leader(cx, st));
      return null;
    }
    case 'LeaderSendSwitchToRF1': {
      const why = whyNotSwitchToRF1(s);
      if (why) return `LeaderSendSwitchToRF1 is not enabled: ${why}`;
      c((cx, st) => LeaderSendSwitchToRF1(cx, st));
      return null;
    }
    case 'LeaderSendSwitchToRF2_P1': {
      const why = whyNotSwitchToRF2(s);
      if (why) return `LeaderSendSwitchToRF2_P1 is not enabled: ${why}`;
      const d = dataArg(op);
      if (d instanceof Error) return d.message;
      c((cx, st) => LeaderSendSwitchToRF2_P1(cx, st, d));
      return null;
    }
    case 'LeaderSendAE_RF2':
    case 'LeaderSendAE_RF1': {
      const rf = name === 'LeaderSendAE_RF2' ? 2 : 1;
      const why = whyNotAppend(s, rf);
      if (why) return `${name} is not enabled: ${why}`;
      const d = dataArg(op);
      if (d instanceof Error) return d.message;
      c((cx, st) => void (rf === 2 ? LeaderSendAE_RF2(cx, st, d) : LeaderSendAE_RF1(cx, st, d)));
      return null;
    }
    default:
      return `unknown operator action ${String(op.name).slice(0, 40)}`;
  }
}

const ROLE_CODE = { follower: 1, candidate: 2, leader: 3, elector: 4 } as const;
const leaderCode = (l: string) => (l === 'D1' ? 1 : l === 'D2' ? 2 : l === 'unknown' ? 3 : 0);

export const janusPublished: Protocol<PubState, PubMessage, PubConfig> = {
  id: 'janus-published',
  title: 'Janus 2+1 — published spec (Sep 2025)',
  version: PUBLISHED_VERSION,
  nodes(): NodeSpec[] {
    return [...DATA_NODES.map((id) => ({ id, kind: 'data' })), { id: ELECTOR, kind: 'elector' }];
  },
  init(node) {
    return node.kind === 'elector' ? initElectorState(node.id) : initData(node.id);
  },
  start(ctx, state, config) {
    if (state.kind === 'elector') startElector(ctx, state);
    else startData(ctx, state, config);
  },
  crash(state, _node, _config, wipe) {
    if (state.kind === 'elector') return wipe ? hardResetElector(state) : { ...state, voteOverride: null };
    return wipe ? hardResetData(state) : restartedData(state);
  },
  onMessage(ctx, state, from, msg, config) {
    if (state.kind === 'elector') electorOnMessage(ctx, state, from, msg, config);
    else dataOnMessage(ctx, state, from, msg, config);
  },
  onTimer(ctx, state, timer, config) {
    if (state.kind === 'data') onDataTimer(ctx, state, timer, config);
  },
  onClientWrite(ctx, state, command) {
    if (state.kind === 'elector') return { status: 'rejected', reason: 'the elector keeps no log; write to a data node' };
    return dataClientWrite(ctx, state, command);
  },
  operators: OPERATORS,
  operator,
  clone: cloneState,
  digest(s) {
    const h = s.term * 131 + ROLE_CODE[s.role] * 17 + s.replicationFactor * 7 + leaderCode(s.currentLeader) * 3 + s.committedIdx.index * 7919 + s.committedIdx.term * 613;
    if (s.kind === 'elector') return h | 0;
    return (h + s.dmlLog.length * 104729 + s.loggedIdx.term * 257) | 0;
  },
  messageDigest,
  messageInfo,
  summary(s): Record<string, string | number | boolean | null> {
    const base = {
      kind: s.kind,
      role: s.role,
      term: s.term,
      rf: s.replicationFactor,
      leaderId: s.currentLeader === 'unknown' || s.currentLeader === 'none' ? null : s.currentLeader,
      currentLeader: s.currentLeader,
      committedIdx: fmtMd(s.committedIdx),
      commitIndex: s.committedIdx.index,
    };
    if (s.kind === 'elector') return base;
    return { ...base, loggedIdx: fmtMd(s.loggedIdx), logLength: s.dmlLog.length };
  },
  monitors(config) {
    return new PubMonitors(config);
  },
};

export { pubConfig };
export * from './config';
export * from './messages';
export * from './state';
export { PROPERTIES, PROPERTY_TEXT, PubMonitors } from './invariants';
export { stuckWithoutLeader, receiveEnabled, spontaneousSteps } from './guards';
