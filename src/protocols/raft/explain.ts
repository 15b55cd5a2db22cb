// "Why?" for Raft's state: a server's role and term, and whether a log entry is committed (and if
// not, what it waits for), in plain sentences citing the extended Raft paper's sections (and
// Ongaro's dissertation for PreVote and CheckQuorum). Events explain themselves through the notes
// the handlers write; this file answers for state. Pure functions of server states.

import type { Note, NodeId } from '../../kernel/types';
import { idOf, lastIndex, lastTerm, termAt, type RaftState } from './state';

/** Section titles, for naming a rule beside its number. 'D…' sections are the dissertation's. */
export const RULE_TITLES: Record<string, string> = {
  Fig2: 'Figure 2: the rules in brief (all servers: a newer term makes a server a follower)',
  '5.1': '§5.1 Raft basics: terms',
  '5.2': '§5.2 Leader election',
  '5.3': '§5.3 Log replication',
  '5.4': '§5.4 Safety',
  '5.4.1': '§5.4.1 Election restriction: only an up-to-date log wins votes',
  '5.4.2': '§5.4.2 Committing entries from previous terms (Figure 8)',
  '5.4.3': '§5.4.3 Safety argument',
  '5.5': '§5.5 Follower and candidate crashes',
  '5.6': '§5.6 Timing and availability',
  '6': '§6 Cluster membership changes: servers ignore RequestVote while they hear a leader',
  '8': '§8 Client interaction',
  'D4.2.3': 'Dissertation §4.2.3 Disruptive servers',
  'D6.2': 'Dissertation §6.2 Routing requests to the leader (CheckQuorum)',
  'D9.6': 'Dissertation §9.6 Preventing disruptions when a server rejoins the cluster (PreVote)',
};

export function ruleName(rule: string): string {
  return RULE_TITLES[rule] ?? (rule ? `§${rule}` : '');
}

const list = (ids: NodeId[]): string => (ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`);

/** Which servers hold index `index` as far as the leader knows (itself and matchIndex ≥ index). */
function holders(leader: RaftState, index: number, config: { servers: number }): NodeId[] {
  const out: NodeId[] = [];
  for (let i = 0; i < config.servers; i++) if (i === leader.slot ? lastIndex(leader) >= index : leader.matchIndex[i]! >= index) out.push(idOf(i));
  return out;
}

/**
 * Why entry `index` on server `node` is or is not committed. `leader` is the state of the leader
 * of the highest term among the up servers, if any; `n` the cluster size.
 */
export function explainEntry(s: RaftState, index: number, leader: RaftState | null, n: number): Note {
  const majority = Math.floor(n / 2) + 1;
  if (index > s.log.length) return { rule: '5.3', text: `${s.id} has no entry at index ${index} yet: the leader has not replicated it here.` };
  const e = s.log[index - 1]!;
  if (index <= s.commitIndex) {
    if (s.role === 'leader')
      return {
        rule: e.term === s.currentTerm ? '5.3' : '5.4.2',
        text:
          e.term === s.currentTerm
            ? `Index ${index} (term ${e.term}) is committed: a majority (${majority} of ${n}) stored it, and it is of the leader's own term.`
            : `Index ${index} (term ${e.term}) is committed: an entry of the leader's term ${s.currentTerm} after it is stored on a majority, which commits every entry before it (§5.4.2).`,
      };
    return { rule: '5.3', text: `Index ${index} (term ${e.term}) is committed on ${s.id}: the leader's commit index in an AppendEntries reached it.` };
  }
  if (!leader) return { rule: '5.2', text: `Index ${index} (term ${e.term}) is not known committed here, and no leader is up to commit it: an election comes first.` };
  if (termAt(leader, index) !== e.term)
    return {
      rule: '5.3',
      text: `Index ${index} on ${s.id} (term ${e.term}) differs from the leader ${leader.id}'s ${index <= leader.log.length ? `(term ${termAt(leader, index)})` : '(it has none)'}: it is not committed, and the leader's AppendEntries will delete it.`,
    };
  if (index <= leader.commitIndex) return { rule: '5.3', text: `Index ${index} is committed on the leader ${leader.id}; ${s.id} learns it with the next AppendEntries.` };
  const have = holders(leader, index, { servers: n });
  if (have.length < majority)
    return {
      rule: '5.3',
      text: `Index ${index} (term ${e.term}) is not committed yet: the leader ${leader.id} knows it is stored on ${list(have)} (${have.length} of ${n}); it needs a majority of ${majority}.`,
    };
  if (e.term !== leader.currentTerm)
    return {
      rule: '5.4.2',
      text: `Index ${index} is stored on a majority (${list(have)}) but is of term ${e.term}, older than the leader's term ${leader.currentTerm}: a leader never commits an older term's entry by counting replicas, since a later leader could still overwrite it (Figure 8). It is committed together with the first entry of term ${leader.currentTerm} that a majority stores.`,
    };
  return { rule: '5.3', text: `Index ${index} is stored on a majority (${list(have)}); the leader ${leader.id} commits it when it next counts its acknowledgements.` };
}

/** Why a server is in its role and term. */
export function explainServer(s: RaftState, up: boolean, config: { servers: number }): Note[] {
  const out: Note[] = [];
  if (!up) {
    out.push({
      rule: '5.5',
      text: `${s.id} is down: it keeps only its persistent state (currentTerm ${s.currentTerm}, votedFor ${s.votedFor ?? 'none'}, ${s.log.length} log entries) and restarts as a follower that relearns commitIndex from the leader.`,
    });
    return out;
  }
  const majority = Math.floor(config.servers / 2) + 1;
  switch (s.role) {
    case 'leader':
      out.push({ rule: '5.2', text: `${s.id} leads term ${s.currentTerm}: a majority (${majority} of ${config.servers}) voted for it. It takes client writes and sends AppendEntries to every server.` });
      break;
    case 'candidate':
      out.push({
        rule: '5.2',
        text: `${s.id} is a candidate in term ${s.currentTerm}: its election timer ran out without hearing a leader, so it voted for itself and asks for votes (it has ${s.votes.filter(Boolean).length} of the ${majority} it needs).`,
      });
      break;
    case 'precandidate':
      out.push({
        rule: 'D9.6',
        text: `${s.id} is a pre-candidate: it asks whether a majority would vote for it in term ${s.currentTerm + 1} before raising its own term (PreVote), so a server that cannot win does not disturb the cluster.`,
      });
      break;
    case 'follower':
      out.push({
        rule: '5.2',
        text: s.leaderId
          ? `${s.id} follows ${s.leaderId}, the leader of term ${s.currentTerm}; each AppendEntries from it restarts the election timer.`
          : `${s.id} is a follower in term ${s.currentTerm} and knows no leader; if none speaks before its randomized election timer runs out, it starts an election.`,
      });
  }
  out.push({
    rule: '5.4.1',
    text: `${s.id}'s log ends at index ${lastIndex(s)} of term ${lastTerm(s)}; it ${s.votedFor ? `voted for ${s.votedFor}` : 'has not voted'} in term ${s.currentTerm}, and votes only for a candidate whose log is at least as up-to-date.`,
  });
  return out;
}
