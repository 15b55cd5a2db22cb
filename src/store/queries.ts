// The store's queries over the run, for the panels that show more than the cursor's views: the
// event log, the latest explained events and the metrics (the space-time diagram's window is in
// spacetime.ts). Each is recomputed once per published revision, and the event queries read only
// the events since their last answer when the cursor moves on.

import { useMemo } from 'react';
import type { Timeline, TraceEvent } from '../kernel';
import { useLabApi, useLabStore } from './context';
import type { LabStore } from './lab';
import { eventAt } from './run';

/** How far back an event query looks, in events. */
export const SCAN = 20_000;

interface EventCache {
  tl: Timeline;
  forks: number;
  end: number;
  /** How many matches it keeps (newest first). */
  cap: number;
  list: TraceEvent[];
}

const caches = new WeakMap<LabStore, Map<string, EventCache>>();

/**
 * The newest events up to the cursor that `match`, newest first, at most `limit` (and whether
 * there are more), looking back at most SCAN events. `key` names the filter: answers are kept per
 * key, and moving the cursor on reads only the new events.
 */
export function queryEvents(store: LabStore, rev: number, key: string, match: (ev: TraceEvent) => boolean, limit: number): { events: readonly TraceEvent[]; more: boolean; rev: number } {
  const tl = store.getState().timeline;
  const end = tl.sim.eventCount;
  const want = limit + 1;
  let byKey = caches.get(store);
  if (!byKey) caches.set(store, (byKey = new Map()));
  let c = byKey.get(key);
  if (c && c.tl === tl && c.forks === tl.forks && c.cap >= want && end >= c.end && end - c.end <= SCAN) {
    if (end > c.end) {
      const fresh: TraceEvent[] = [];
      for (let i = end - 1; i >= c.end && fresh.length < c.cap; i--) {
        const ev = eventAt(tl, i);
        if (ev && match(ev)) fresh.push(ev);
      }
      c.list = fresh.concat(c.list).slice(0, c.cap);
      c.end = end;
    }
  } else {
    const list: TraceEvent[] = [];
    for (let i = end - 1; i >= 0 && i >= end - SCAN && list.length < want; i--) {
      const ev = eventAt(tl, i);
      if (!ev) break;
      if (match(ev)) list.push(ev);
    }
    c = { tl, forks: tl.forks, end, cap: want, list };
    byKey.set(key, c);
  }
  return { events: c.list.slice(0, limit), more: c.list.length > limit, rev };
}

/** The event log's lines: events up to the cursor touching `node` ('all') with message type `type` ('all', 'none': no message). */
export function useEventLog(node: string, type: string, limit: number) {
  const api = useLabApi();
  const rev = useLabStore((s) => s.rev);
  return useMemo(() => {
    const s = api.getState();
    const match = (ev: TraceEvent) => {
      if (node !== 'all' && ev.node !== node && ev.msg?.from !== node && ev.msg?.to !== node) return false;
      const mt = s.eventType(ev);
      return type === 'none' ? mt === null : type === 'all' || mt === type;
    };
    return queryEvents(api, rev, `log:${node}:${type}`, match, limit);
  }, [api, rev, node, type, limit]);
}

const notable = (ev: TraceEvent) => ev.notes.length > 0 || ev.action.type === 'crash' || ev.action.type === 'restart' || ev.action.type === 'drop';

/** The latest events up to the cursor: the explained ones (notes, crashes, restarts, drops), or all. */
export function useLatestEvents(all: boolean, limit: number): readonly TraceEvent[] {
  const api = useLabApi();
  const rev = useLabStore((s) => s.rev);
  return useMemo(() => queryEvents(api, rev, all ? 'latest:all' : 'latest:notable', all ? () => true : notable, limit).events, [api, rev, all, limit]);
}

