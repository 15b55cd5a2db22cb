// What the script language (docs/script-format.md, src/testing/script.ts) needs of Raft: the
// canonical state line of each server (the `state` command), and each message's fields as `msgs`
// and `log` print them and message filters match them. `shape raft-3 | raft-5` names the shape ids.

import type { Simulation } from '../../kernel';
import type { ScriptFields, ScriptHooks } from '../../contracts/plugin';
import type { Entry, RaftMessage } from './messages';
import type { RaftState } from './state';

const entries = (es: readonly Entry[]): string => (es.length ? es.map((e) => `${e.index}:t${e.term}:${e.command}`).join(' ') : '-');

/**
 * One line per server: up/down, role (`-` when down: only the persistent state survives),
 * currentTerm, votedFor, the leader it knows, commitIndex (`-` when down), and the log as
 * `index:tTerm:command`.
 */
export function formatRaftState(sim: Simulation): string[] {
  return sim.nodeIds.map((id) => {
    const s = sim.state<RaftState>(id);
    const up = sim.isUp(id);
    const role = (up ? s.role : '-').padEnd(12);
    const lead = up ? (s.leaderId ?? '-') : '-';
    return `${id} ${up ? 'up  ' : 'down'} ${role} term ${s.currentTerm} vote ${(s.votedFor ?? '-').padEnd(2)} lead ${lead.padEnd(2)} commit ${up ? s.commitIndex : '-'} log ${entries(s.log)}`;
  });
}

/** A message's fields, short and without spaces: `prev` and `last` are `index:tTerm`, entries `index:tTerm:command`. */
export function raftMessageFields(msg: unknown): ScriptFields {
  const m = msg as RaftMessage;
  switch (m.type) {
    case 'RequestVote':
      return { term: m.term, last: `${m.lastLogIndex}:t${m.lastLogTerm}`, preVote: m.preVote };
    case 'RequestVoteResponse':
      return { term: m.term, granted: m.voteGranted, preVote: m.preVote };
    case 'AppendEntries':
      return { term: m.term, prev: `${m.prevLogIndex}:t${m.prevLogTerm}`, entries: entries(m.entries).replace(/ /g, ','), commit: m.leaderCommit };
    case 'AppendEntriesResponse':
      return m.success ? { term: m.term, success: true, match: m.matchIndex } : { term: m.term, success: false, last: m.lastLogIndex };
  }
}

export const raftScript: ScriptHooks = {
  // `shape raft-3` and `shape raft-5` name the registry's shape ids themselves (the interpreter
  // falls back to shape ids), so Raft needs no short aliases.
  shapes: {},
  formatState: formatRaftState,
  messageFields: raftMessageFields,
  conditions: {
    /** Every up server has the same commitIndex as the leader of the highest term. */
    converged: (v) => {
      const up = v.dataNodes.filter((id) => v.up(id));
      const leaders = v.leaders();
      if (!leaders.length) return false;
      const c = v.s(leaders[0]!).commitIndex;
      return up.every((id) => v.s(id).commitIndex === c);
    },
  },
};
