// "Why?" for hoverable state: one plain sentence per question, naming the rule of
// docs/protocol.md behind it. Events explain themselves through the notes the handlers write
// (`event.notes`); this file answers for state: an entry that is or is not committed, a node's
// term and role, a node outside R, the elector's fields. Pure functions of node states.

import type { Note, NodeId } from '../../kernel/types';
import { formatSet, has, idOf, isBlank, setToIds, size, slotOf, type DataNodeState, type ElectorState, type JanusState } from './state';

/** Section titles of docs/protocol.md, for naming a rule next to its number. */
export const RULE_TITLES: Record<string, string> = {
  '2': 'State',
  '3': 'Messages and the blanket rule',
  '4.1': 'A data node receives AppendEntries',
  '4.2': 'The leader receives AppendEntriesResponse (AdvanceCommit)',
  '4.3': 'The elector receives TermRequest',
  '4.4': 'A data node receives TermResponse',
  '4.5': 'The elector receives ElectorHeartbeat',
  '5': 'Timers',
  '6': 'Changing the replication set',
  '6.1': 'Changing the replication set: down (shrink, takeover)',
  '6.2': 'Changing the replication set: up (grow)',
  '7': 'Commit rule by replication factor',
  '8': 'Crash and restart',
  '9': 'Elector replacement',
  '10': 'Safety',
  '11': 'Fault tolerance',
  '14': 'A data node that loses its disk',
};

/** "§4.3 The elector receives TermRequest" (or just "§x" for an unknown id). */
export function ruleName(rule: string): string {
  const t = RULE_TITLES[rule] ?? RULE_TITLES[rule.split('.')[0]!];
  return t ? `§${rule} ${t}` : `§${rule}`;
}

const list = (ids: NodeId[]): string => (ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`);

/**
 * Why entry `index` on node `nodeId` is or is not committed. `leader` is the current leader's
 * state (the one that decides commits), if any.
 */
export function explainEntry(nodeId: NodeId, node: DataNodeState, index: number, leader: DataNodeState | null): Note {
  if (index > node.log.length) return { rule: '4.1', text: `${nodeId} has no entry at index ${index} yet: the leader has not replicated it here.` };
  if (index <= node.commitIndex) {
    if (node.role === 'leader') {
      const others = setToIds(node.replicationSet).filter((id) => id !== nodeId);
      return {
        rule: '7',
        text: others.length
          ? `Index ${index} is committed: every other member of R = ${formatSet(node.replicationSet)} (${list(others)}) acked it in term ${node.currentTerm}.`
          : `Index ${index} is committed: R = ${formatSet(node.replicationSet)} (RF 1), the leader's own disk is enough.`,
      };
    }
    return { rule: '4.1', text: `Index ${index} is committed on ${nodeId}: the leader's commit index (${node.commitIndex} here) reached it in an AppendEntries.` };
  }
  if (leader && leader.role === 'leader') {
    const need = (leader.replicationSet | (leader.joining ? 1 << slotOf(leader.joining.node) : 0)) & ~(1 << leader.slot);
    if (index > leader.log.length) return { rule: '4.1', text: `Index ${index} on ${nodeId} is not in the leader ${leader.id}'s log: it will be overwritten.` };
    const waiting: NodeId[] = [];
    for (let i = 0; i < 8; i++) if (has(need, i) && (leader.matchIndex[i] ?? 0) < index) waiting.push(idOf(i));
    if (waiting.length) {
      const joiner = leader.joining && waiting.includes(leader.joining.node) ? ` (${leader.joining.node} is joining, so its ack is needed too)` : '';
      return {
        rule: '4.2',
        text: `Index ${index} is not committed yet: waiting for ${list(waiting)}'s ack (R = ${formatSet(leader.replicationSet)})${joiner}.`,
      };
    }
    if (index <= leader.commitIndex) return { rule: '4.1', text: `Index ${index} is committed on the leader ${leader.id}; ${nodeId} learns it with the next AppendEntries.` };
    return { rule: '4.2', text: `Index ${index} is acked by all of R = ${formatSet(leader.replicationSet)}; ${leader.id} commits it on its next AdvanceCommit.` };
  }
  return { rule: '7', text: `Index ${index} is not committed: there is no leader to collect acks from every member of R = ${formatSet(node.replicationSet)}.` };
}

/** Why a data node is in its term and role, and what it may or may not do. */
export function explainDataNode(nodeId: NodeId, s: DataNodeState, up: boolean): Note[] {
  const out: Note[] = [];
  if (!up) {
    out.push({ rule: '8', text: `${nodeId} is down: it keeps only its durable state (term ${s.currentTerm}, R = ${formatSet(s.replicationSet)}, ${s.log.length} log entries) and restarts as a follower.` });
    return out;
  }
  if (isBlank(s)) {
    out.push({
      rule: '14',
      text: `${nodeId} is blank: it booted without its bootstrap marker (its disk was lost). It never leads and never acks AppendEntries; it asks the elector to evict it from R (rejoin, incarnation ${s.incarnation}). The new term without it fences off its earlier life; then it is caught up and grown back like any node outside R.`,
    });
    return out;
  }
  const inR = has(s.replicationSet, s.slot);
  if (s.role === 'leader') {
    out.push({ rule: '4.4', text: `${nodeId} leads term ${s.currentTerm}: the elector granted it that term with R = ${formatSet(s.replicationSet)} (RF ${size(s.replicationSet)}).` });
    if (s.joining) out.push({ rule: '6.2', text: `${nodeId} is bringing ${s.joining.node} back: commits wait for its ack until the grow grant (joinFrom ${s.joining.joinFrom}).` });
  } else if (s.role === 'candidate') {
    out.push({ rule: '5', text: `${nodeId} is a candidate: its leader went silent, so it asked the elector for a new term and waits for the answer.` });
  } else {
    out.push({
      rule: '3',
      text: s.leaderId
        ? `${nodeId} follows ${s.leaderId} in term ${s.currentTerm}: it adopted that term and R = ${formatSet(s.replicationSet)} together from a message (blanket rule).`
        : `${nodeId} is a follower in term ${s.currentTerm} and knows no leader yet.`,
    });
  }
  if (!inR)
    out.push({ rule: '6.1', text: `${nodeId} may not start an election: it is not in its own replication set ${formatSet(s.replicationSet)}; it waits to be caught up and grown back by the leader.` });
  return out;
}

/** The elector's fields in plain words. */
export function explainElector(nodeId: NodeId, e: ElectorState, up: boolean): Note[] {
  const out: Note[] = [];
  if (!e.installed) {
    out.push({ rule: '9', text: `${nodeId} is a new elector (epoch ${e.electorEpoch}) not installed yet: it refuses every request until the installer hands it the term and R.` });
    return out;
  }
  out.push({
    rule: '2',
    text: `${nodeId} stores only epoch ${e.electorEpoch}, term ${e.currentTerm}, leader ${e.leaderId ?? 'none'} and R = ${formatSet(e.replicationSet)}: 18 bytes on disk, no log.`,
  });
  out.push({
    rule: '4.3',
    text: `${nodeId} grants a new term only to a member of R = ${formatSet(e.replicationSet)} proposing a subset of it (or to the leader growing R by one).`,
  });
  if (!up) out.push({ rule: '8', text: `${nodeId} is down: writes still commit, but no term can change until it restarts or is replaced.` });
  return out;
}

/** Why for any node. */
export function explainNode(nodeId: NodeId, s: JanusState, up: boolean): Note[] {
  return s.kind === 'elector' ? explainElector(nodeId, s, up) : explainDataNode(nodeId, s, up);
}
