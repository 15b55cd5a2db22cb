// The registry: the only file that names the protocols. Each protocol is one plug-in folder; this
// list is the page's, the CLI's and the tests' default registry. A new protocol is one folder plus
// one line here. Runs are built through the registry (createTimeline / createSimulation), so
// nothing reaches around the engine.

import { Registry, type ShapeEntry, type RunSpec } from '../contracts';
import type { SimOptions, TimedAction } from '../kernel';
import { janusPlugin } from './janus/plugin';
import { publishedPlugin } from './janus-published/plugin';
import { raftPlugin } from './raft/plugin';

export const REGISTRY = new Registry([janusPlugin, publishedPlugin, raftPlugin], {
  // Side by side (src/compare, docs/compare.md): the same workload and role-mapped faults.
  comparisons: [
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
  ],
});

export type { RunSpec, ShapeEntry };
/** @deprecated name kept for old imports: a registered shape. */
export type ProtocolEntry = ShapeEntry;

/** Every registered shape by id. */
export const PROTOCOLS = REGISTRY.shapes;
/** What a fresh page runs. */
export const DEFAULT_SHAPE = REGISTRY.defaultShape;

export const protocolEntry = (id: string): ShapeEntry => REGISTRY.shape(id);
export const simOptions = (spec: RunSpec, extra: Partial<SimOptions> = {}): SimOptions => REGISTRY.simOptions(spec, extra);
export const createSimulation = (spec: RunSpec, extra: Partial<SimOptions> = {}) => REGISTRY.createSimulation(spec, extra);
export const createTimeline = (spec: RunSpec, actions: TimedAction[] = [], extra: Partial<SimOptions> & { snapshotEvery?: number } = {}) =>
  REGISTRY.createTimeline(spec, actions, extra);
