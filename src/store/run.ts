// How the store reads a timeline's events: `timeline.eventAt(i)` and `timeline.events(from, to)`
// (the kernel keeps the full trace for a window of recent events and re-derives older ones on
// demand). Only the store reads the run; the panels get published views and the store's queries.

import type { Timeline, TraceEvent } from '../kernel';

/** Event `i` of the known run (re-derived by the kernel if older than its kept window), or undefined out of range. */
export function eventAt(tl: Timeline, i: number): TraceEvent | undefined {
  return i >= 0 && i < tl.length ? tl.eventAt(i) : undefined;
}

/** Events [from, to) of the known run, in order. */
export function eventsIn(tl: Timeline, from: number, to: number): readonly TraceEvent[] {
  from = Math.max(0, from);
  if (to <= from) return [];
  return tl.events(from, to);
}

/** Number of known events (past and future). */
export const knownEvents = (tl: Timeline): number => tl.length;
