// The registry of Node scripts, tests and the check worker: every plug-in loaded, in the order
// the page's registry (page-registry.ts) lists them, with its comparisons. With page-registry.ts,
// the only files that name protocols: each protocol is one plug-in folder, and a new one is one
// folder plus one line here and one in page-registry.ts (its plug-in, or its lazy entry.ts).
// Runs are built through the registry (createTimeline / createSimulation), so nothing reaches
// around the engine. The page's build resolves this file to page-registry.ts (vite.config.ts).

import { Registry } from '../contracts';
import { janusPlugin } from './janus/plugin';
import { publishedPlugin } from './janus-published/plugin';
import { raftPlugin } from './raft/plugin';
import { COMPARISONS, registryHelpers } from './page-registry';

export const REGISTRY = new Registry([janusPlugin, publishedPlugin, raftPlugin], { comparisons: COMPARISONS });

export type { RunSpec, ShapeEntry, ProtocolEntry } from './page-registry';

export const { PROTOCOLS, DEFAULT_SHAPE, protocolEntry, simOptions, createSimulation, createTimeline } = registryHelpers(REGISTRY);
