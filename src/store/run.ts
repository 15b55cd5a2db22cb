// How the store reads a timeline's events: `timeline.eventAt(i)` and `timeline.events(from, to)`
// when the kernel offers them (a bounded trace window may have let go of old events: then
// `eventAt` answers undefined), else the trace array. Only the store reads the run; the panels
// get published views and the store's queries.

import type { Timeline, TraceEvent } from '../kernel';

interface EventAccess {
  eventAt?(i: number): TraceEvent | undefined;
  events?(from: number, to: number): readonly TraceEvent[];
}

/** Event `i` of the known run, or undefined (out of range, or no longer kept). */
export function eventAt(tl: Timeline, i: number): TraceEvent | undefined {
  const a = tl as unknown as EventAccess;
  if (typeof a.eventAt === 'function') return a.eventAt(i);
  return i >= 0 ? tl.trace[i] : undefined;
}

/** Events [from, to) that are still kept, in order. */
export function eventsIn(tl: Timeline, from: number, to: number): readonly TraceEvent[] {
  const a = tl as unknown as EventAccess;
  from = Math.max(0, from);
  if (to <= from) return [];
  if (typeof a.events === 'function') return a.events(from, to);
  return tl.trace.slice(from, to);
}

/** Number of known events (past and future). */
export const knownEvents = (tl: Timeline): number => tl.length;
