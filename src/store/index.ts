export { useLab, selectScenario, narrate, DEFAULT_SPEC, SPEED_MIN, SPEED_MAX, playbackActor, type LabState, type Scenario, type Notice, type ForkMark } from './lab';
export { useClock } from './clock';
export { playbackMachine, type PlaybackMode, type PlaybackEvent } from './playback';
export { startDriver } from './driver';
