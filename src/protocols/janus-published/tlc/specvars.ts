// The published spec's variables, computed from a run of the `janus-published` mode: the bridge
// for TLC import (comparison) and JSON export. Kernel ids D1, D2, E are the spec's d1, d2, e1.

import type { Envelope, TraceEvent } from '../../../kernel/types';
import { KERNEL_ID, SPEC_NAME } from '../config';
import type { LogEntry, Md, PubMessage } from '../messages';
import type { PubState } from '../state';
import type { TlcRecord, TlcValue } from './value';

/** The variables this mode maps, in the order differences are reported. */
export const SPEC_VARS = ['Term', 'Role', 'ReplicationFactor', 'CurrentLeader', 'LoggedIdx', 'CommittedIdx', 'DmlLog', 'Messages', 'NumFailures', 'ActivatedNode'] as const;
export type SpecVar = (typeof SPEC_VARS)[number];
/** The variables written by the exporter (ActivatedNode is TLC debugging only and left out). */
export const EXPORT_VARS: readonly SpecVar[] = ['LoggedIdx', 'CommittedIdx', 'Term', 'Role', 'ReplicationFactor', 'CurrentLeader', 'DmlLog', 'NumFailures', 'Messages'];

export const specName = (id: string): string => SPEC_NAME[id] ?? id;
export const kernelId = (name: string): string | undefined => KERNEL_ID[name];

export const mdValue = (m: Md): TlcRecord => ({ term: m.term, index: m.index });
/** The spec's data is 0 or 1; a command that is an integer is written as a number, any other as a string. */
export const dataValue = (d: string): TlcValue => (/^-?\d{1,15}$/.test(d) ? Number(d) : d);
export const entryValue = (e: LogEntry): TlcRecord => ({ metadata: mdValue(e.metadata), data: dataValue(e.data) });

/** A message in flight as the spec's record (`source`, `destination`, `rpc_type` and the message's fields). */
export function messageValue(env: Envelope): TlcRecord {
  const m = env.msg as PubMessage;
  const out: TlcRecord = { source: specName(env.from), destination: specName(env.to), rpc_type: m.type, term: m.term, RF: m.RF };
  switch (m.type) {
    case 'InitWorkload':
      out.logged_index = mdValue(m.logged_index);
      break;
    case 'InitWorkload Resp':
      out.logged_index = mdValue(m.logged_index);
      out.ok = m.ok;
      break;
    case 'AppendEntries RF1':
      out.committed_idx = mdValue(m.committed_idx);
      out.logentry_md = mdValue(m.logentry_md);
      break;
    case 'AppendEntries RF2':
      out.committed_idx = mdValue(m.committed_idx);
      out.logentry = entryValue(m.logentry);
      break;
    case 'AppendEntries RF1 Resp':
    case 'AppendEntries RF2 Resp':
      out.logged_idx = mdValue(m.logged_idx);
      out.committed_idx = mdValue(m.committed_idx);
      out.ok = m.ok;
      break;
    case 'SwitchToRF1':
    case 'SwitchToRF2 P2':
      out.committed_idx = mdValue(m.committed_idx);
      break;
    case 'SwitchToRF1 Resp':
    case 'SwitchToRF1Leader Resp':
      out.committed_idx = mdValue(m.committed_idx);
      out.ok = m.ok;
      break;
    case 'SwitchToRF1Leader':
    case 'SwitchToRF2 P1 Resp':
      out.logged_idx = mdValue(m.logged_idx);
      out.committed_idx = mdValue(m.committed_idx);
      break;
    case 'SwitchToRF2 P1':
      out.logged_idx = mdValue(m.logged_idx);
      out.committed_idx = mdValue(m.committed_idx);
      out.dml_log = m.dml_log.map(entryValue);
      break;
  }
  return out;
}

export interface RunView {
  nodeIds: readonly string[];
  state(id: string): unknown;
  messages(): Envelope[];
}

/** The spec's variables for the current state of a run. */
export function specState(view: RunView, numFailures: number, activatedNode?: string): Record<SpecVar, TlcValue> {
  const fn = (f: (s: PubState) => TlcValue | undefined, dataOnly = false): TlcRecord => {
    const out: TlcRecord = {};
    for (const id of view.nodeIds) {
      const s = view.state(id) as PubState;
      if (dataOnly && s.kind !== 'data') continue;
      const v = f(s);
      if (v !== undefined) out[specName(id)] = v;
    }
    return out;
  };
  return {
    Term: fn((s) => s.term),
    Role: fn((s) => s.role),
    ReplicationFactor: fn((s) => s.replicationFactor),
    CurrentLeader: fn((s) => (s.currentLeader === 'unknown' || s.currentLeader === 'none' ? s.currentLeader : specName(s.currentLeader))),
    LoggedIdx: fn((s) => (s.kind === 'data' ? mdValue(s.loggedIdx) : undefined), true),
    CommittedIdx: fn((s) => mdValue(s.committedIdx)),
    DmlLog: fn((s) => (s.kind === 'data' ? s.dmlLog.map(entryValue) : undefined), true),
    Messages: view.messages().map(messageValue),
    NumFailures: numFailures,
    ActivatedNode: activatedNode ?? 'none',
  };
}

/**
 * The ghost NumFailures after an event: a failure (crash, HardReset, Restart) sets it to 1, and
 * LeaderProcessAckSwitchToRF2_P1 resets it to 0, as the spec's actions do. The kernel itself does
 * not limit failures.
 */
export function numFailuresAfter(prev: number, ev: TraceEvent | null | undefined): number {
  if (!ev || ev.error) return prev;
  const a = ev.action;
  if (a.type === 'crash' || (a.type === 'operator' && (a.name === 'HardReset' || a.name === 'Restart'))) return 1;
  if (ev.probes.includes('LeaderProcessAckSwitchToRF2_P1')) return 0;
  return prev;
}

/** The spec's ActivatedNode for an event: the acting node, or "environment" for network steps. */
export function activatedNodeOf(ev: TraceEvent | null | undefined): string {
  if (!ev) return 'none';
  const a = ev.action;
  if (a.type === 'drop' || a.type === 'duplicate' || a.type === 'cut' || a.type === 'heal' || a.type === 'healAll' || a.type === 'link') return 'environment';
  return ev.node ? specName(ev.node) : 'environment';
}
