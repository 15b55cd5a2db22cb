// What the pointer is over, shared between views: a message (envelope id) or a trace event
// (index). The space-time diagram sets it; the event log and the cluster view may read it to
// highlight the same message or event. A tiny store of its own so hovering re-renders nothing
// else.

import { create } from 'zustand';

export interface HoverState {
  /** Envelope id of the hovered message, or null. */
  msg: number | null;
  /** Index of the hovered trace event, or null. */
  event: number | null;
  setHover(h: { msg?: number | null; event?: number | null }): void;
  clear(): void;
}

export const useHover = create<HoverState>((set) => ({
  msg: null,
  event: null,
  setHover: (h) => set({ msg: h.msg ?? null, event: h.event ?? null }),
  clear: () => set({ msg: null, event: null }),
}));
