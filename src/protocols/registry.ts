// The registry: the only file that names the protocols. Each protocol is one plug-in folder; this
// list is the page's, the CLI's and the tests' default registry. A new protocol is one folder plus
// one line here. Runs are built through the registry (createTimeline / createSimulation), so
// nothing reaches around the engine.

import { Registry, type ShapeEntry, type RunSpec } from '../contracts';
import type { SimOptions, TimedAction } from '../kernel';
import { janusPlugin } from './janus/plugin';
import { publishedPlugin } from './janus-published/plugin';
import { raftPlugin } from './raft/plugin';

export const REGISTRY = new Registry([janusPlugin, publishedPlugin, raftPlugin]);

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
