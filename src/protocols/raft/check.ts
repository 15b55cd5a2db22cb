// Exhaustive checking of Raft (src/checker, docs/checking.md). States are encoded generically
// (every field, node names as names; the clock's fields read 0 in the untimed view), so no
// symmetry is declared: arrays indexed by server would need renaming too.

import type { MonitorSet } from '../../kernel';
import type { CheckProfile } from '../../contracts/checking';
import type { Entry } from './messages';
import type { RaftState } from './state';
import { raftPromisedFailures } from './liveness';
import { RAFT_MUTANT_CHECKS } from './mutant-checks';

interface RaftGhost {
  leaders: Map<number, string>;
  committed: ({ entry: Entry; term: number } | undefined)[];
}

export const raftCheck: CheckProfile = {
  bounds: { maxTerm: 2, maxLog: 1, maxCrashes: 0, maxCopies: 1, maxWrites: 1 },
  encoding: () => ({
    ghost: (mon: MonitorSet<unknown>, enc) => {
      const g = mon as unknown as RaftGhost;
      enc.value(g.leaders);
      enc.value(g.committed.map((c) => (c ? [c.entry.term, c.entry.command, c.term] : null)));
    },
  }),
  within: (states, bounds) => states.every((s) => (s as RaftState).currentTerm <= bounds.maxTerm),
  canWrite: (st, bounds) => {
    const s = st as RaftState;
    return s.role === 'leader' && s.log.length < bounds.maxLog;
  },
  stepProperties: [
    {
      name: 'LeaderAppendOnly',
      check(before, after) {
        const a = before as RaftState;
        const b = after as RaftState;
        if (a.role !== 'leader' || b.role !== 'leader' || a.currentTerm !== b.currentTerm) return null;
        if (b.log.length < a.log.length) return `Leader ${b.id} of term ${b.currentTerm} shortened its log.`;
        for (let i = 0; i < a.log.length; i++) if (a.log[i]!.term !== b.log[i]!.term || a.log[i]!.command !== b.log[i]!.command) return `Leader ${b.id} overwrote entry ${i + 1}.`;
        return null;
      },
    },
  ],
  replayTiming: { heartbeatInterval: 1e7, electionTimeoutMax: 1e7 },
  progress: (states) => Math.max(0, ...states.map((s) => (s as RaftState).commitIndex)),
  promisedFailures: raftPromisedFailures,
  mutants: RAFT_MUTANT_CHECKS,
};
