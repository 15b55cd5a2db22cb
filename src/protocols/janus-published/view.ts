// What the page shows of the published spec's nodes (the plug-in's view): the spec's variables,
// named as in the spec, its message types, and the spec's own steps as buttons.

import { colorsByType, withClocks, type DisplayClock, type NodeView, type OperatorButton, type ProtocolView, type RunView } from '../../contracts/view';
import { spontaneousSteps } from './guards';
import { OPERATOR_TEXT, type OperatorName } from './index';
import { PROPERTY_TEXT } from './invariants';
import { fmtMd, MESSAGE_TYPES } from './messages';
import type { PubElectorState, PubState } from './state';
import type { PubConfig } from './config';

/** The published spec's variables, named as in the spec (d1, d2, e1 are D1, D2, E here). */
/**
 * ElectorAckSwitchToRF1Leader: the elector's choice `ok` is TRUE once it has not heard from its
 * leader for `electorLeaderTimeout` (checked when the request arrives; no timer is armed). Shown
 * as a clock while the guards before it (term > 0, RF = 2) let a takeover through.
 */
function silenceClock(s: PubElectorState, config: unknown): DisplayClock[] {
  const timing = (config as Partial<PubConfig> | undefined)?.timing;
  if (!timing || !(s.term > 0) || s.replicationFactor !== 2) return [];
  return [{ name: 'electorLeaderTimeout', label: 'leader silence', what: 'SwitchToRF1Leader ok = TRUE', since: s.lastHeardFromLeaderAt, duration: timing.electorLeaderTimeout }];
}

function nodeView(st: unknown, config?: unknown): NodeView {
  const s = st as PubState;
  const leaderId = s.currentLeader === 'unknown' || s.currentLeader === 'none' ? null : s.currentLeader;
  if (s.kind === 'elector') {
    return {
      id: s.id,
      kind: 'elector',
      role: 'elector',
      leader: false,
      term: s.term,
      rf: s.replicationFactor,
      commitIndex: s.committedIdx.index,
      log: [],
      leaderId,
      replicationSet: null,
      lines: [`Term ${s.term} · RF ${s.replicationFactor}`, `CurrentLeader ${s.currentLeader}`, `CommittedIdx ${fmtMd(s.committedIdx)}`, 'no log (published spec)'],
      ...withClocks(silenceClock(s, config)),
    };
  }
  return {
    id: s.id,
    kind: 'data',
    role: s.role,
    leader: s.role === 'leader',
    term: s.term,
    rf: s.replicationFactor,
    commitIndex: Math.min(s.committedIdx.index, s.dmlLog.length),
    log: s.dmlLog.map((e) => ({ index: e.metadata.index, term: e.metadata.term, command: e.data })),
    leaderId,
    replicationSet: null,
    lines: [
      `Term ${s.term} · log ${s.dmlLog.length}`,
      `Logged ${fmtMd(s.loggedIdx)} · Comm ${fmtMd(s.committedIdx)}`,
      `RF ${s.replicationFactor} · leader ${s.currentLeader}`,
    ],
  };
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



export const publishedView: ProtocolView = {
  node: nodeView,
  vocabulary: {
    properties: PROPERTY_TEXT,
    messageTypes: MESSAGE_TYPES,
    messageColors: colorsByType(MESSAGE_TYPES),
    legend: [
      { term: 'E', meaning: "the spec's elector (e1): keeps Term, RF, CurrentLeader and CommittedIdx; in this design it receives log data" },
      { term: 'D1, D2', meaning: "the spec's data nodes (d1, d2): they keep DmlLog" },
      { term: 'Term', meaning: 'the leadership period' },
      { term: 'RF', meaning: 'ReplicationFactor: 2 (both data nodes) or 1 (the leader alone)' },
      { term: 'Logged / Comm', meaning: 'LoggedIdx and CommittedIdx as (term, index)' },
    ],
    kinds: {
      data: 'A data node keeps DmlLog; the leader among them takes client writes.',
      elector: "The published spec's elector hands out terms; in this design it also receives log data (AppendEntries RF1).",
    },
    kindNotes: { elector: 'holds no log · receives log data (AppendEntries RF1)' },
    commitRule: 'With RF 2 an entry commits once both data nodes have logged it; with RF 1 the leader alone logs it and the elector records the commit point (CommittedIdx).',
  },
  operatorButtons: publishedOperators,
};
