// The store: the only thing the UI talks to. One store per lab (createLabStore), handed to the
// components through <LabProvider>; the views, queries and types the panels need.
export { LECTURE_SPEED, DEFAULT_HOP_MS, clampSpeed, speedToSlider, sliderToSpeed, formatSpeed, isLecturePace, nextPreset, SPEED_PRESETS } from './pace';
export { knobRange } from '../contracts';
export {
  createLabStore,
  selectScenario,
  SPEED_MIN,
  SPEED_MAX,
  DROP_FADE,
  type LabStore,
  type LabState,
  type LabOptions,
  type Scenario,
  type Notice,
  type ForkMark,
  type ShapeInfo,
  type GalleryItem,
  type ProtocolInfo,
  type TlcInfo,
  type ViolationAhead,
  type ClockState,
  type HoverState,
  type ExploreState,
  type TlcState,
} from './lab';
export { LabProvider, useLabApi, useLabStore, useClockStore, useHoverStore, useExploreStore, useTlcStore } from './context';
export { useEventLog, useLatestEvents, queryEvents, SCAN } from './queries';
// The space-time window's code (useSpaceTime, queryWindow, …) is imported from './spacetime' by the diagram's chunk only.
export type { Arrow, Mark, MarkKind, MsgEnd, WindowItems } from './spacetime';
export { messageColors, NEUTRAL, narrateViews, type NodeInfo, type LinkView, type MessageView, type PropertyView, type DropView, type TimerView, type ClockView } from './views';
export { tlcActions, type TlcActions } from './tlc';
export { playbackMachine, type PlaybackMode, type PlaybackEvent } from './playback';
export { startDriver } from './driver';
export { useShallow } from 'zustand/react/shallow';
export type { RunMetrics, Traffic } from '../metrics';
/** Every link's parameters unless a run sets them (the settings' defaults). */
export { DEFAULT_LINK } from '../kernel';
/** Kernel types the panels need, under the store's names. */
export type { TraceEvent as RunEvent, Note, NodeId, Action, Violation } from '../kernel';
export { tourControls, useTour, useTourApi, useTourSlice, MAX_STEP_MS, type TourState, type TourActions, type TourStore, type TourListItem, type Tour, type TourStep, type TourHighlights } from './tour';
