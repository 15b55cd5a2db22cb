// Raft as the page lists it before loading it (a LazyPlugin, src/contracts/registry.ts): its id,
// title and shapes (timers, mutants) from config.ts; `load()` imports the plug-in (plugin.ts),
// which builds its shapes from these same stubs.

import type { TimingKnob } from '../../contracts/plugin';
import type { LazyPlugin, ShapeStub } from '../../contracts/registry';
import { DEFAULT_TIMING, MUTANTS, TIMING_HELP, type RaftTiming } from './config';

// preVote and checkQuorum are switches: 0 (off) or 1 (on).
const SWITCHES = new Set<keyof RaftTiming>(['preVote', 'checkQuorum']);
const timing: TimingKnob[] = (Object.keys(DEFAULT_TIMING) as (keyof RaftTiming)[]).map((key) => ({
  key,
  default: DEFAULT_TIMING[key],
  help: TIMING_HELP[key],
  ...(SWITCHES.has(key) ? { min: 0, max: 1 } : {}),
}));

/** A Raft shape as the pickers list it. */
export const raftShapeStub = (n: 3 | 5): ShapeStub => ({
  id: `raft-${n}`,
  title: `Raft, ${n} servers (extended paper, Figure 2)`,
  timing,
  mutants: MUTANTS,
  explored: true,
  keepGoing: false,
});

export const RAFT_TITLE = 'Raft (extended paper, Figure 2)';

export const raftEntry: LazyPlugin = {
  id: 'raft',
  title: RAFT_TITLE,
  shapes: [raftShapeStub(3), raftShapeStub(5)],
  load: () => import('./plugin').then((m) => m.raftPlugin),
};
