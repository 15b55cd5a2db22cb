// What the pointer is over, shared between views of one lab: a message (envelope id) or a trace
// event (index). The space-time diagram sets it; the event log may read it to highlight the same
// message or event. A tiny store of its own so hovering re-renders nothing else.

import { createStore, type StoreApi } from 'zustand/vanilla';

export interface HoverState {
  /** Envelope id of the hovered message, or null. */
  msg: number | null;
  /** Index of the hovered trace event, or null. */
  event: number | null;
  setHover(h: { msg?: number | null; event?: number | null }): void;
  clear(): void;
}

export const createHoverStore = (): StoreApi<HoverState> =>
  createStore<HoverState>()((set) => ({
    msg: null,
    event: null,
    setHover: (h) => set({ msg: h.msg ?? null, event: h.event ?? null }),
    clear: () => set({ msg: null, event: null }),
  }));
