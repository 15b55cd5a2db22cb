export * from './types';
export { Simulation, ActionError, rngStreamsFor, type SimOptions, type Snapshot, type TraceLevel, type RngStreams } from './sim';
export { Timeline, ReplayError, type TimelineOptions, type Cursor } from './timeline';
export { Prng } from './prng';
export { TraceHash, strDigest } from './hash';
export { DEFAULT_LINK, drawLatency } from './network';
export { UntimedModel, DEFAULT_BOUNDS, type UntimedBounds, type UntimedEncoding, type UntimedOptions, type UntimedState, type UntimedAction, type UntimedActionKind, type NodeRec, type MsgRec } from './untimed';
export { Encoder, fmix, permutations } from './encoder';
