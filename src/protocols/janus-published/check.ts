// Exhaustive checking of the published 2+1 spec (src/checker, docs/checking.md). States are
// encoded generically (every field; the clock's fields read 0 in the untimed view).
//
// No symmetry: the spec's data nodes are not interchangeable. InitWorkload's tie-break names them
// (equal logs: only d2 asking d1 wins, node.ts `idWins`; SPEC-2PLUS1.md §1 and §3.1), so D2 can
// win the first election from equal logs and D1 cannot, and renaming D1 ↔ D2 does not map runs
// to runs (tests/checker/published-symmetry.test.ts). The tie-break matters whenever a data node
// is at term 0, which a lost disk brings back, so not even the states past term 0 are symmetric
// under --wipes.

import type { MonitorSet } from '../../kernel';
import type { CheckProfile } from '../../contracts/checking';
import type { LogEntry } from './messages';
import type { PubState } from './state';

interface PubGhost {
  committed: Map<number, { entry: LogEntry; term: number }>;
}

export const publishedCheck: CheckProfile = {
  bounds: { maxTerm: 3, maxLog: 1, maxCrashes: 0, maxCopies: 1, maxWrites: 1 },
  encoding: () => ({
    ghost: (mon: MonitorSet<unknown>, enc) => {
      const g = mon as unknown as PubGhost;
      const rows = [...g.committed].sort((a, b) => a[0] - b[0]).map(([i, c]) => [i, c.entry, c.term]);
      enc.value(rows);
    },
  }),
  within: (states, bounds) => states.every((s) => (s as PubState).term <= bounds.maxTerm),
  canWrite: (st, bounds) => {
    const s = st as PubState;
    return s.kind === 'data' && s.role === 'leader' && s.dmlLog.length < bounds.maxLog;
  },
  replayTiming: { electionTimeoutMax: 1e7, catchUpCheck: 1e7 },
  progress: (states) => Math.max(0, ...states.map((s) => ((s as PubState).kind === 'data' ? (s as PubState).committedIdx.index : 0))),
};
