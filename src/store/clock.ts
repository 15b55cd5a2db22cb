// The high-frequency channel of a lab: the virtual clock, the messages in flight and the recent
// losses, updated on every animation frame while playing. Only what draws time (the clock, the
// timeline slider, the messages layer, the space-time cursor) follows it, so a frame does not
// re-render the slow panels (they follow the lab store's published views).

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DropView, MessageView } from './views';

export interface ClockState {
  /** Virtual time at the cursor, ms. */
  now: number;
  /** Furthest virtual time known in this future, ms. */
  horizon: number;
  /** Events applied. */
  events: number;
  /** Messages in flight, in id order (the same array until the cursor passes an event). */
  messages: readonly MessageView[];
  /** Messages lost in the last few hundred virtual ms, newest first. */
  drops: readonly DropView[];
}

export const createClockStore = (): StoreApi<ClockState> => createStore<ClockState>()(() => ({ now: 0, horizon: 0, events: 0, messages: [], drops: [] }));
