// The playback modes of the visualizer, as an xstate machine. The store sends it events; the
// animation driver runs only while it is in `playing`.
//
//   paused ──PLAY──▶ playing ──PAUSE──▶ paused
//     │  ▲             │ VIOLATION
//   STEP STEP_DONE      ▼
//     ▼  │        stoppedOnViolation ──PLAY──▶ playing
//   stepping            (SCRUB from any mode ▶ scrubbing ──SCRUB_END──▶ paused)

import { setup } from 'xstate';

export type PlaybackMode = 'paused' | 'playing' | 'stepping' | 'scrubbing' | 'stoppedOnViolation';

export type PlaybackEvent =
  | { type: 'PLAY' }
  | { type: 'PAUSE' }
  | { type: 'TOGGLE' }
  | { type: 'STEP' }
  | { type: 'STEP_DONE' }
  | { type: 'SCRUB' }
  | { type: 'SCRUB_END' }
  | { type: 'VIOLATION' }
  | { type: 'RESET' };

export const playbackMachine = setup({
  types: { events: {} as PlaybackEvent },
}).createMachine({
  id: 'playback',
  initial: 'paused',
  on: {
    SCRUB: '.scrubbing',
    RESET: '.paused',
  },
  states: {
    paused: {
      on: { PLAY: 'playing', TOGGLE: 'playing', STEP: 'stepping' },
    },
    playing: {
      on: { PAUSE: 'paused', TOGGLE: 'paused', STEP: 'stepping', VIOLATION: 'stoppedOnViolation' },
    },
    stepping: {
      on: { STEP_DONE: 'paused', VIOLATION: 'stoppedOnViolation' },
    },
    scrubbing: {
      on: { SCRUB_END: 'paused', PLAY: 'playing', TOGGLE: 'playing' },
    },
    stoppedOnViolation: {
      on: { PLAY: 'playing', TOGGLE: 'playing', PAUSE: 'paused', STEP: 'stepping' },
    },
  },
});
