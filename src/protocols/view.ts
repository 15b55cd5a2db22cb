// What the page shows of a node, whatever the protocol: the fields every card and the logs panel
// need (role, term, RF, commit point, log, leader), plus the card's text lines in the protocol's
// own vocabulary. One function per protocol id; the UI never reads a protocol's state directly,
// so a new protocol (Raft next) adds a view here and the cluster view, logs and controls follow.

import type { Action, AnyProtocol, NodeId } from '../kernel';
import { encodeElectorState, MESSAGE_TYPES as JANUS_MESSAGE_TYPES, PROPERTY_TEXT as JANUS_PROPERTY_TEXT, type JanusState } from './janus';
import { formatSet, size } from './janus/state';
import { PROPERTY_TEXT as PUB_PROPERTY_TEXT } from './janus-published/invariants';
import { fmtMd, MESSAGE_TYPES as PUB_MESSAGE_TYPES } from './janus-published/messages';
import type { PubState } from './janus-published/state';
import { OPERATOR_TEXT, type OperatorName } from './janus-published';
import { spontaneousSteps } from './janus-published/guards';

export interface ViewEntry {
  index: number;
  term: number;
  command: string;
}

export interface NodeView {
  id: NodeId;
  kind: 'data' | 'elector';
  role: string;
  term: number;
  /** Replication factor as the node believes it (0: unknown / not installed). */
  rf: number;
  /** Highest index the node knows committed, capped by its log (data nodes). */
  commitIndex: number;
  /** The replicated log (empty for the elector). */
  log: readonly ViewEntry[];
  /** The leader this node follows, if it names one. */
  leaderId: NodeId | null;
  /** Card lines under the header, in the protocol's words. */
  lines: string[];
}

type ViewFn = (s: unknown) => NodeView;

function janusView(st: unknown): NodeView {
  const s = st as JanusState;
  if (s.kind === 'elector') {
    return {
      id: s.id,
      kind: 'elector',
      role: 'elector',
      term: s.currentTerm,
      rf: s.installed ? size(s.replicationSet) : 0,
      commitIndex: 0,
      log: [],
      leaderId: s.leaderId,
      lines: [
        `epoch ${s.electorEpoch} · term ${s.currentTerm}`,
        `leader ${s.leaderId ?? '—'}`,
        `R ${formatSet(s.replicationSet)} · RF ${size(s.replicationSet)}`,
        `installed ${String(s.installed)} · state ${encodeElectorState(s).length} B`,
      ],
    };
  }
  const rf = size(s.replicationSet);
  return {
    id: s.id,
    kind: 'data',
    role: s.role,
    term: s.currentTerm,
    rf,
    commitIndex: s.commitIndex,
    log: s.log,
    leaderId: s.leaderId,
    lines: [
      `term ${s.currentTerm} · commit ${s.commitIndex} · log ${s.log.length}`,
      `R ${formatSet(s.replicationSet)}`,
      `RF ${rf}${s.leaderId && s.role !== 'leader' ? ` · leader ${s.leaderId}` : ''}`,
    ],
  };
}

/** The published spec's variables, named as in the spec (d1, d2, e1 are D1, D2, E here). */
function publishedView(st: unknown): NodeView {
  const s = st as PubState;
  const leaderId = s.currentLeader === 'unknown' || s.currentLeader === 'none' ? null : s.currentLeader;
  if (s.kind === 'elector') {
    return {
      id: s.id,
      kind: 'elector',
      role: 'elector',
      term: s.term,
      rf: s.replicationFactor,
      commitIndex: s.committedIdx.index,
      log: [],
      leaderId,
      lines: [`Term ${s.term} · RF ${s.replicationFactor}`, `CurrentLeader ${s.currentLeader}`, `CommittedIdx ${fmtMd(s.committedIdx)}`, 'no log (published spec)'],
    };
  }
  return {
    id: s.id,
    kind: 'data',
    role: s.role,
    term: s.term,
    rf: s.replicationFactor,
    commitIndex: Math.min(s.committedIdx.index, s.dmlLog.length),
    log: s.dmlLog.map((e) => ({ index: e.metadata.index, term: e.metadata.term, command: e.data })),
    leaderId,
    lines: [
      `Term ${s.term} · log ${s.dmlLog.length}`,
      `Logged ${fmtMd(s.loggedIdx)} · Comm ${fmtMd(s.committedIdx)}`,
      `RF ${s.replicationFactor} · leader ${s.currentLeader}`,
    ],
  };
}

const VIEWS: Record<string, ViewFn> = {
  janus: janusView,
  'janus-published': publishedView,
};

/** Register the view of another protocol (by its Protocol.id). */
export function registerView(protocolId: string, fn: ViewFn): void {
  VIEWS[protocolId] = fn;
}

/** The node's view; throws if the protocol has none (a programming error, not user input). */
export function nodeView(protocol: AnyProtocol, state: unknown): NodeView {
  const fn = VIEWS[protocol.id];
  if (!fn) throw new Error(`no view for protocol '${protocol.id}'`);
  return fn(state);
}

/** The up data node that leads the highest term, if any. */
export function leaderView(protocol: AnyProtocol, ids: readonly NodeId[], state: (id: NodeId) => unknown, isUp: (id: NodeId) => boolean): NodeView | null {
  let best: NodeView | null = null;
  for (const id of ids) {
    if (!isUp(id)) continue;
    const v = nodeView(protocol, state(id));
    if (v.kind === 'data' && v.role === 'leader' && (!best || v.term > best.term)) best = v;
  }
  return best;
}

/** A protocol's words for the panels: what each monitored property means, and its message types. */
export interface Vocabulary {
  properties: Readonly<Record<string, string>>;
  messageTypes: readonly string[];
}

const VOCABULARY: Record<string, Vocabulary> = {
  janus: { properties: JANUS_PROPERTY_TEXT, messageTypes: JANUS_MESSAGE_TYPES },
  'janus-published': { properties: PUB_PROPERTY_TEXT, messageTypes: PUB_MESSAGE_TYPES },
};

export function vocabulary(protocol: AnyProtocol): Vocabulary {
  return VOCABULARY[protocol.id] ?? { properties: {}, messageTypes: [] };
}

/** An operator action offered as a button: a protocol's own step taken by hand. */
export interface OperatorButton {
  label: string;
  action: Action;
  /** Why it cannot be taken now, or null. */
  disabled: string | null;
  title: string;
}

export interface RunView {
  nodeIds: readonly NodeId[];
  state(id: NodeId): unknown;
  isUp(id: NodeId): boolean;
}

const SEND_LABEL: Partial<Record<OperatorName, string>> = {
  FollowerSendInitWorkload: 'sends InitWorkload now',
  FollowerSendSwitchToRF1Leader: 'sends SwitchToRF1Leader now',
  LeaderSendSwitchToRF1: 'sends SwitchToRF1 now',
  LeaderSendSwitchToRF2_P1: 'sends SwitchToRF2 P1 now',
  LeaderSendAE_RF2: 'appends, sends AppendEntries RF2',
  LeaderSendAE_RF1: 'appends, sends AppendEntries RF1',
};

function publishedOperators(run: RunView): OperatorButton[] {
  const out: OperatorButton[] = [];
  const text = (name: OperatorName, node: string) => OPERATOR_TEXT[name].replace('{node}', node);
  for (const id of run.nodeIds) {
    const s = run.state(id) as PubState;
    if (s.kind !== 'data') continue;
    const up = run.isUp(id);
    const enabled = new Set(up ? spontaneousSteps(s) : []);
    for (const name of Object.keys(SEND_LABEL) as OperatorName[]) {
      out.push({
        label: `${id} ${SEND_LABEL[name]!}`,
        action: { type: 'operator', name, node: id },
        disabled: !up ? `${id} is down` : enabled.has(name) ? null : `not enabled now: ${id} is ${s.role} of term ${s.term} with RF ${s.replicationFactor}`,
        title: text(name, id),
      });
    }
  }
  const e = run.nodeIds.find((id) => (run.state(id) as PubState).kind === 'elector');
  if (e) {
    for (const ok of [true, false])
      out.push({
        label: `E answers next SwitchToRF1Leader ok = ${ok ? 'TRUE' : 'FALSE'}`,
        action: { type: 'operator', name: 'ElectorChooseOk', node: e, args: { ok } },
        disabled: run.isUp(e) ? null : 'E is down',
        title: OPERATOR_TEXT.ElectorChooseOk,
      });
  }
  for (const id of run.nodeIds) {
    const data = (run.state(id) as PubState).kind === 'data';
    out.push({ label: `HardReset ${id}`, action: { type: 'operator', name: 'HardReset', node: id }, disabled: run.isUp(id) ? null : `${id} is down`, title: text('HardReset', id) });
    if (data) out.push({ label: `Restart ${id} now`, action: { type: 'operator', name: 'Restart', node: id }, disabled: run.isUp(id) ? null : `${id} is down`, title: text('Restart', id) });
  }
  return out;
}

/** The operator actions a protocol offers, for the controls panel. */
export function operatorButtons(protocol: AnyProtocol, run: RunView): OperatorButton[] {
  if (protocol.id === 'janus-published') return publishedOperators(run);
  if (protocol.id === 'janus')
    return [{ label: 'Replace elector', action: { type: 'operator', name: 'replaceElector' }, disabled: null, title: 'The operator installs a new elector (PROTOCOL.md §9)' }];
  return [];
}
