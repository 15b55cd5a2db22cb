// Raft as one plug-in: the core and its two shapes (raft-3, raft-5), the view, the explorer
// profile and the mutants, the script hooks and the metrics hooks.

import { raftCheck } from './check';
import type { ProtocolPlugin, ShapeDef } from '../../contracts/plugin';
import { raftConfig, type MutantName, type RaftTiming } from './config';
import { RAFT_TITLE, raftShapeStub } from './entry';
import { raftProfile } from './explore';
import { raft } from './index';
import { raftMetrics } from './metrics';
import { raftScript } from './script';
import { RAFT_TOURS } from './tours';
import { raftView } from './view';

function shape(n: 3 | 5): ShapeDef {
  // Id, title, timers and mutants as the page lists them before loading (entry.ts).
  const { id, title, timing, mutants } = raftShapeStub(n);
  return {
    id,
    title,
    timing,
    mutants,
    config: (spec) => raftConfig(n, { timing: (spec.timing ?? {}) as Partial<RaftTiming>, mutant: (spec.mutant ?? null) as MutantName | null }),
    explorer: raftProfile(n),
  };
}

/**
 * Which shape each mutant is hunted in (tests/raft/mutants.test.ts). commit-old-term needs the
 * Figure 8 schedule: the explorer finds it in raft-3 (first at runs 11401, 10697 and 2910 of master
 * seeds 1, 2 and 3), not within 3000 runs of seed 1 in either shape; its golden script shows it
 * (README.md, "Mutants").
 */
export const MUTANT_SHAPES: Record<MutantName, string> = {
  'forget-vote': 'raft-5',
  'no-up-to-date-check': 'raft-5',
  'commit-old-term': 'raft-3',
  'keep-conflicting-suffix': 'raft-5',
  'volatile-term': 'raft-5',
  'quorum-off-by-one': 'raft-5',
};

export const raftPlugin: ProtocolPlugin = {
  check: raftCheck,
  id: raft.id,
  title: RAFT_TITLE,
  protocol: raft,
  shapes: [shape(3), shape(5)],
  view: raftView,
  mutantShapes: MUTANT_SHAPES,
  script: raftScript,
  metrics: raftMetrics,
  tours: () => RAFT_TOURS,
};
