// Following a timeline's trace with an incremental accumulator, with periodic checkpoints, so a
// long session costs work proportional to what changed, not to the whole run. Pure TypeScript.
//
// API (for the store):
//
//   const f = new TraceFollower(() => new CoverageCounter());        // or a MetricsAccumulator
//   const acc = f.at(tl, tl.sim.eventCount);                         // the accumulator over [0, cursor)
//   ... the cursor moves ...
//   f.at(tl, tl.sim.eventCount);                                     // pushes only the new events
//
// The follower reads events through an EventSource: a Timeline (its `eventAt`/`events` re-derive
// events older than the kernel's kept window) or, in tests, a plain array of events.
//   f.invalidateFrom(k);    // a fork at event k (optional: forks are also detected by themselves)
//   f.reset();              // forget everything (a new run)
//
// * Forward (the cursor moved on): the live accumulator is pushed the events since its position.
// * Back (a seek): it restarts from a copy of the nearest checkpoint at or before the target and
//   pushes the events from there; checkpoints are taken every `every` events (default 1024) and
//   thinned further back (the last DENSE stay, older ones are halved when there are more than
//   MAX_CHECKPOINTS), so memory stays bounded and a seek near the end costs at most `every`
//   events, further back at most the spacing there. A forward jump past a checkpoint starts from it.
// * A fork (acting in the past replaces the future): checkpoints and the live accumulator whose
//   last event no longer matches the trace (by `eventKey`) are dropped; `invalidateFrom` says it
//   outright. Replaying the same future after a seek yields equal events, which keep matching.
//
// `at` returns the live accumulator: read it (snapshot, counts), never push into it.

import type { TraceEvent } from '../kernel';

/** What the follower needs of an accumulator. */
export interface TraceAccumulator<A> {
  /** Events consumed so far: the accumulator covers trace events [0, count). */
  readonly count: number;
  /** Consume the next events, in order (events[0].i === count). */
  push(events: readonly TraceEvent[]): void;
  /**
   * A copy to keep as a checkpoint, or to go on from one. It may share append-only storage with
   * the original (the follower only ever pushes into one of them).
   */
  checkpoint(): A;
}

/** A key of an event that changes when a fork replaces it (index, time, action, node, messages). */
export function eventKey(ev: TraceEvent): string {
  const s = ev.sent[0];
  return `${ev.i}:${ev.t}:${ev.action.type}:${ev.node ?? ''}:${ev.msg?.id ?? ''}:${ev.sent.length}:${s ? `${s.id}@${s.deliverAt}` : ''}:${ev.probes.length}:${ev.error ?? ''}`;
}

/** Where the follower reads events: a Timeline, or an array of events. */
export interface EventSource {
  readonly length: number;
  eventAt(i: number): TraceEvent;
  events(from: number, to: number): readonly TraceEvent[];
}

function sourceOf(x: EventSource | readonly TraceEvent[]): EventSource {
  if (!Array.isArray(x)) return x as EventSource;
  const arr = x as readonly TraceEvent[];
  return { length: arr.length, eventAt: (i) => arr[i]!, events: (from, to) => arr.slice(from, to) };
}

function agrees(src: EventSource, count: number, key: string): boolean {
  return count === 0 || (count <= src.length && eventKey(src.eventAt(count - 1)) === key);
}

/** Checkpoints kept near the end at full density, and at most in all. */
const DENSE = 32;
const MAX_CHECKPOINTS = 96;

export class TraceFollower<A extends TraceAccumulator<A>> {
  private live: A | null = null;
  private liveKey = '';
  /** Sorted by the number of events they cover (each a multiple of `every`). */
  private checkpoints: { acc: A; key: string }[] = [];
  /** Events pushed so far, over the follower's life (for tests and benchmarks). */
  pushed = 0;

  constructor(
    private readonly make: () => A,
    readonly every = 1024,
  ) {
    if (!(every >= 1)) throw new Error('checkpoint spacing must be at least 1');
  }

  /** The accumulator over events [0, upTo) of the source (upTo is clamped to its length). */
  at(source: EventSource | readonly TraceEvent[], upTo: number): A {
    const src = sourceOf(source);
    upTo = Math.max(0, Math.min(Math.floor(upTo), src.length));
    const cps = this.checkpoints;
    while (cps.length && !agrees(src, cps[cps.length - 1]!.acc.count, cps[cps.length - 1]!.key)) cps.pop();
    let acc = this.live;
    if (acc && (acc.count > upTo || !agrees(src, acc.count, this.liveKey))) acc = null;
    // The nearest checkpoint at or before upTo (checkpoints are sorted by count).
    let lo = 0;
    let hi = cps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cps[mid]!.acc.count <= upTo) lo = mid + 1;
      else hi = mid;
    }
    const cp = lo > 0 ? cps[lo - 1]! : null;
    if (cp && (!acc || acc.count < cp.acc.count)) acc = cp.acc.checkpoint();
    if (!acc) acc = this.make();
    while (acc.count < upTo) {
      const from = acc.count;
      const to = Math.min(upTo, (Math.floor(from / this.every) + 1) * this.every);
      acc.push(src.events(from, to));
      this.pushed += to - from;
      if (to % this.every === 0 && (!cps.length || to > cps[cps.length - 1]!.acc.count)) {
        cps.push({ acc: acc.checkpoint(), key: eventKey(src.eventAt(to - 1)) });
        this.thin();
      }
    }
    this.live = acc;
    this.liveKey = upTo ? eventKey(src.eventAt(upTo - 1)) : '';
    return acc;
  }

  /** Keep the last DENSE checkpoints; halve the older ones when there are too many. */
  private thin(): void {
    const cps = this.checkpoints;
    if (cps.length <= MAX_CHECKPOINTS) return;
    const old = cps.length - DENSE;
    const kept = cps.slice(0, old).filter((_, k) => k % 2 === 1);
    this.checkpoints = [...kept, ...cps.slice(old)];
  }

  /** The trace changed from event `index` on (a fork there): forget what was built past it. */
  invalidateFrom(index: number): void {
    while (this.checkpoints.length && this.checkpoints[this.checkpoints.length - 1]!.acc.count > index) this.checkpoints.pop();
    if (this.live && this.live.count > index) this.live = null;
  }

  /** Forget everything. */
  reset(): void {
    this.live = null;
    this.liveKey = '';
    this.checkpoints = [];
  }

  /** Checkpoints kept (for tests and benchmarks). */
  get checkpointCount(): number {
    return this.checkpoints.length;
  }
}
