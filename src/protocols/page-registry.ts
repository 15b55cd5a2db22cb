// The page's registry (docs/architecture.md, "The page's registry"). It lists the same plug-ins,
// in the same order, as registry.ts, but only the default shape's core (our design's core.ts, run
// through its entry.ts) is in the start bundle: every plug-in is a lazy entry (each folder's
// entry.ts: id, title, shapes as the pickers list them, and `load()`; ours also carries its core,
// so the default run starts at once), loaded before a run of its shape is built (the store, the
// scenario links, the Compare view and the TLC tab await `registry.load`). The page's build
// resolves `src/protocols/registry.ts` to this file (vite.config.ts), so the page's modules that
// default to `REGISTRY` get this one; Node (scripts, tests) and the check worker get registry.ts.
// With registry.ts, the only files that name protocols.

import { Registry, type RunSpec, type ShapeEntry } from '../contracts';
import type { ComparePreset } from '../contracts/compare';
import type { SimOptions, TimedAction } from '../kernel';
import { janusEntry } from './janus/entry';
import { publishedEntry } from './janus-published/entry';
import { raftEntry } from './raft/entry';

// Side by side (src/compare, docs/compare.md): the same workload and role-mapped faults.
export const COMPARISONS: readonly ComparePreset[] = [
  {
    id: 'janus3-vs-raft5',
    title: 'Janus 3+1 vs Raft 5 (two failures tolerated)',
    text: 'Three full replicas and an elector against five full replicas: both are said to survive two failures.',
    left: 'janus-3+1',
    right: 'raft-5',
    claimsAgainstRight: true,
    script: 'leader-crash',
  },
  {
    id: 'janus2-vs-raft3',
    title: 'Janus 2+1 vs Raft 3 (one failure tolerated)',
    text: 'Two full replicas and an elector against three full replicas: both are said to survive one failure.',
    left: 'janus-2+1',
    right: 'raft-3',
    claimsAgainstRight: true,
    script: 'leader-crash',
  },
  {
    id: 'ours-vs-published',
    title: 'Our design vs the published spec (2+1)',
    text: 'The same 2+1 cluster under our design (PROTOCOL.md) and under the published TLA+ spec of September 2025.',
    left: 'janus-2+1',
    right: 'janus-published',
    claimsAgainstRight: false,
    script: 'leader-crash',
  },
];

export const REGISTRY = new Registry([janusEntry, publishedEntry, raftEntry], { comparisons: COMPARISONS });

/** The helpers registry.ts exports, over `registry` (the same names in both files). */
export function registryHelpers(registry: Registry) {
  return {
    /** Every loaded shape by id. */
    PROTOCOLS: registry.shapes,
    /** What a fresh page runs. */
    DEFAULT_SHAPE: registry.defaultShape,
    protocolEntry: (id: string): ShapeEntry => registry.shape(id),
    simOptions: (spec: RunSpec, extra: Partial<SimOptions> = {}): SimOptions => registry.simOptions(spec, extra),
    createSimulation: (spec: RunSpec, extra: Partial<SimOptions> = {}) => registry.createSimulation(spec, extra),
    createTimeline: (spec: RunSpec, actions: TimedAction[] = [], extra: Partial<SimOptions> & { snapshotEvery?: number } = {}) => registry.createTimeline(spec, actions, extra),
  };
}

export type { RunSpec, ShapeEntry };
/** @deprecated name kept for old imports: a registered shape. */
export type ProtocolEntry = ShapeEntry;

export const { PROTOCOLS, DEFAULT_SHAPE, protocolEntry, simOptions, createSimulation, createTimeline } = registryHelpers(REGISTRY);
