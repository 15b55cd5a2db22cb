export * from './types';
export { Simulation, ActionError, rngStreamsFor, type SimOptions, type Snapshot, type TraceLevel, type RngStreams } from './sim';
export { Timeline, ReplayError, type TimelineOptions, type Cursor } from './timeline';
export { Prng } from './prng';
export { TraceHash, strDigest } from './hash';
export { DEFAULT_LINK, drawLatency } from './network';
