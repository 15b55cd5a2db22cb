// The high-frequency channel: the virtual clock, updated on every animation frame. Only the
// components that draw time (the clock, the timeline slider, messages in flight) subscribe to
// it, so a frame does not re-render the slow panels (they follow `rev` in the lab store).

import { create } from 'zustand';

export interface ClockState {
  /** Virtual time at the cursor, ms. */
  now: number;
  /** Furthest virtual time known in this future, ms. */
  horizon: number;
}

export const useClock = create<ClockState>(() => ({ now: 0, horizon: 0 }));
