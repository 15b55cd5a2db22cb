// Coverage badges' counts: how often each coverage probe (a rare protocol path, `ctx.probe`) was
// hit in a run up to the cursor, counted incrementally. Pure TypeScript, protocol-agnostic.
//
// API (for the store and the badges):
//
//   const counter = new CoverageCounter();
//   counter.push(events);               // the events since the last push, in order; O(new events)
//   counter.counts();                   // ReadonlyMap probe → hits (a fresh copy)
//   counter.count;                      // events consumed
//
//   // Following a timeline with seeks and forks (checkpoints every 1024 events):
//   const f = new TraceFollower(() => new CoverageCounter());
//   f.at(tl, tl.sim.eventCount).counts();
//
//   // Or, with a cache per timeline (what the page can call on every render):
//   coverageAt(tl)                      // counts over [0, cursor)
//   badgeNames(counts, plugin.view.probes)   // the badges to draw: the plug-in's always-listed
//                                            // probes first, then any other probe hit
//
// Cost per update: the events pushed since the previous call; after a seek back, at most 1024
// events from the nearest checkpoint. A counter's copy (`checkpoint`) costs O(distinct probes).

import type { Timeline, TraceEvent } from '../kernel';
import { TraceFollower, type TraceAccumulator } from './follow';

export class CoverageCounter implements TraceAccumulator<CoverageCounter> {
  private n = 0;
  private hits = new Map<string, number>();

  get count(): number {
    return this.n;
  }

  push(events: readonly TraceEvent[]): void {
    for (const ev of events) this.pushEvent(ev);
  }

  /** Consume one event (the next one). */
  pushEvent(ev: TraceEvent): void {
    if (ev.i !== this.n) throw new Error(`coverage: expected event ${this.n}, got event ${ev.i}`);
    for (const p of ev.probes) this.hits.set(p, (this.hits.get(p) ?? 0) + 1);
    this.n++;
  }

  /** Hits per probe over the events consumed, in order of first hit. */
  counts(): ReadonlyMap<string, number> {
    return new Map(this.hits);
  }

  /** Hits of one probe (0 if never hit). */
  hitsOf(probe: string): number {
    return this.hits.get(probe) ?? 0;
  }

  clone(): CoverageCounter {
    const c = new CoverageCounter();
    c.n = this.n;
    c.hits = new Map(this.hits);
    return c;
  }

  checkpoint(): CoverageCounter {
    return this.clone();
  }
}

const followers = new WeakMap<Timeline, TraceFollower<CoverageCounter>>();

/** Probe hits over events [0, upTo) of the timeline (default: its cursor), cached per timeline. */
export function coverageAt(tl: Timeline, upTo = tl.sim.eventCount): ReadonlyMap<string, number> {
  let f = followers.get(tl);
  if (!f) {
    f = new TraceFollower(() => new CoverageCounter());
    followers.set(tl, f);
  }
  return f.at(tl, upTo).counts();
}

/** The badges to show: the always-listed probes (a plug-in's `view.probes`), then every other probe hit. */
export function badgeNames(counts: ReadonlyMap<string, number>, always: readonly string[] = []): string[] {
  return [...always, ...[...counts.keys()].filter((k) => !always.includes(k))];
}
