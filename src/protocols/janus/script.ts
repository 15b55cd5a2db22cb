// What the script language (docs/script-format.md) needs of our design: `shape 3+1 | 2+1`, the
// canonical state line of each node (the `state` command), each message's fields as `msgs` and
// `log` print them and message filters match them, and the operator's own command
// `replace-elector` (the bootstrap is `operator bootstrap`).

import type { Action, Simulation } from '../../kernel';
import type { ScriptFields, ScriptHooks } from '../../contracts/plugin';
import type { JanusMessage, NodeSet } from './messages';
import { formatSet, isBlank, size, type DataNodeState, type ElectorState, type JanusState } from './state';

function formatDataNode(id: string, up: string, s: DataNodeState): string {
  const log = s.log.length ? s.log.map((e) => `${e.index}:t${e.term}:${e.command}`).join(' ') : '-';
  const R = formatSet(s.replicationSet).replace(/ /g, '');
  // A crashed node has only its durable state (§8): no role, no commitIndex.
  const vol = (up === 'down' ? '-' : s.role).padEnd(9);
  const commit = up === 'down' ? '-' : String(s.commitIndex);
  // A leader bringing a node back (§6.2) shows it: `join D3@5` = joining D3, joinFrom 5.
  const join = up !== 'down' && s.joining ? ` join ${s.joining.node}@${s.joining.joinFrom}` : '';
  // A node without its bootstrap marker (REJOIN.md, docs/protocol.md §14) says so.
  const blank = isBlank(s) ? ' blank' : '';
  return `${id} ${up} ${vol} term ${s.currentTerm} R ${R.padEnd(10)} RF ${size(s.replicationSet)} commit ${commit} epoch ${s.electorEpoch}${join}${blank} log ${log}`;
}

function formatElector(id: string, up: string, e: ElectorState): string {
  const R = e.installed ? formatSet(e.replicationSet).replace(/ /g, '') : '-';
  return `${id}  ${up} ${'elector'.padEnd(9)} epoch ${e.electorEpoch} term ${e.currentTerm} leader ${e.leaderId ?? '-'} R ${R} ${e.installed ? 'installed' : 'uninstalled'}`;
}

/** One line per node, in a fixed format. */
export function formatJanusState(sim: Simulation): string[] {
  return sim.nodeIds.map((id) => {
    const s = sim.state<JanusState>(id);
    const up = sim.isUp(id) ? 'up  ' : 'down';
    return s.kind === 'elector' ? formatElector(id, up, s) : formatDataNode(id, up, s);
  });
}

/** A set as the state lines print it: `{D1,D2}`. */
const set = (r: NodeSet): string => formatSet(r).replace(/ /g, '');

/** A message's fields, short and without spaces: `R` is a replication set, `prev` and entries are `index:tTerm`. */
export function janusMessageFields(msg: unknown): ScriptFields {
  const m = msg as JanusMessage;
  switch (m.type) {
    case 'AppendEntries':
      return {
        term: m.term,
        R: set(m.replicationSet),
        prev: `${m.prevLogIndex}:t${m.prevLogTerm}`,
        entries: m.entries.length ? m.entries.map((e) => `${e.index}:t${e.term}:${e.command}`).join(',') : '-',
        commit: m.leaderCommit,
      };
    case 'AppendEntriesResponse':
      return { term: m.term, R: set(m.replicationSet), success: m.success, match: m.matchIndex };
    case 'TermRequest':
      // A rejoin carries no R' but the blank node's incarnation (REJOIN.md §3).
      if (m.kind === 'rejoin') return { kind: m.kind, term: m.term, epoch: m.electorEpoch, inc: m.incarnation ?? 0 };
      return { kind: m.kind, term: m.term, R: set(m.replicationSet), epoch: m.electorEpoch };
    case 'TermResponse':
      if (m.incarnation) return { granted: m.granted, term: m.term, leader: m.leaderId, R: set(m.replicationSet), epoch: m.electorEpoch, inc: m.incarnation };
      return { granted: m.granted, term: m.term, leader: m.leaderId, R: set(m.replicationSet), epoch: m.electorEpoch };
    case 'ElectorHeartbeat':
      return { term: m.term, leader: m.leaderId, epoch: m.electorEpoch };
    case 'ElectorHeartbeatResponse':
      return { term: m.term, leader: m.leaderId, R: set(m.replicationSet), epoch: m.electorEpoch };
    case 'ElectorChange':
      return { epoch: m.newEpoch, elector: m.newElector, installer: m.installer };
    case 'ElectorChangeAck':
      return { epoch: m.newEpoch, ok: m.ok, term: m.term, R: set(m.replicationSet) };
    case 'InstallElector':
      return { epoch: m.electorEpoch, term: m.term, R: set(m.replicationSet) };
  }
}

export const janusScript: ScriptHooks = {
  shapes: { '3+1': 'janus-3+1', '2+1': 'janus-2+1' },
  formatState: formatJanusState,
  messageFields: janusMessageFields,
  commands: {
    /** `replace-elector [D2] [zombie]`: elector replacement (§9) with D2 as installer. */
    'replace-elector'(args, sim, ctx) {
      const node = args.find((a) => a !== 'zombie');
      const action: Action = { type: 'operator', name: 'replaceElector' };
      if (node !== undefined) action.node = node;
      if (args.includes('zombie')) action.args = { zombie: true };
      if (ctx) return ctx.act(action);
      const before = sim.eventCount;
      sim.apply(action);
      const err = sim.trace[before]?.error;
      return err ? `error: ${err}` : null;
    },
  },
};
