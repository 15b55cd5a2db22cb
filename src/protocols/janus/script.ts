// What the golden-script language needs of our design: `shape 3+1 | 2+1`, the canonical state
// line of each node (the `state` command), and the operator's own command `replace-elector`.

import type { Simulation } from '../../kernel';
import type { ScriptHooks } from '../../contracts/plugin';
import { formatSet, size, type DataNodeState, type ElectorState, type JanusState } from './state';

function formatDataNode(id: string, up: string, s: DataNodeState): string {
  const log = s.log.length ? s.log.map((e) => `${e.index}:t${e.term}:${e.command}`).join(' ') : '-';
  const R = formatSet(s.replicationSet).replace(/ /g, '');
  // A crashed node has only its durable state (§8): no role, no commitIndex.
  const vol = (up === 'down' ? '-' : s.role).padEnd(9);
  const commit = up === 'down' ? '-' : String(s.commitIndex);
  // A leader bringing a node back (§6.2) shows it: `join D3@5` = joining D3, joinFrom 5.
  const join = up !== 'down' && s.joining ? ` join ${s.joining.node}@${s.joining.joinFrom}` : '';
  return `${id} ${up} ${vol} term ${s.currentTerm} R ${R.padEnd(10)} RF ${size(s.replicationSet)} commit ${commit} epoch ${s.electorEpoch}${join} log ${log}`;
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

export const janusScript: ScriptHooks = {
  shapes: { '3+1': 'janus-3+1', '2+1': 'janus-2+1' },
  formatState: formatJanusState,
  commands: {
    /** `replace-elector D2 [zombie]`: elector replacement (§9) with D2 as installer. */
    'replace-elector'(args, sim) {
      const before = sim.eventCount;
      sim.apply({ type: 'operator', name: 'replaceElector', node: args[0], args: { zombie: args.includes('zombie') } });
      const err = sim.trace[before]?.error;
      return err ? `error: ${err}` : null;
    },
  },
};
