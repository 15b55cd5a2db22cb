// Following a timeline's trace with an incremental accumulator, with periodic checkpoints, so a
// long session costs work proportional to what changed, not to the whole run. Pure TypeScript.
//
// API (for the store):
//
//   const f = new TraceFollower(() => new CoverageCounter());        // or a MetricsAccumulator
//   const acc = f.at(tl.trace, tl.sim.eventCount);                   // the accumulator over [0, cursor)
//   ... the cursor moves ...
//   f.at(tl.trace, tl.sim.eventCount);                               // pushes only the new events
//   f.invalidateFrom(k);    // a fork at event k (optional: forks are also detected by themselves)
//   f.reset();              // forget everything (a new run)
//
// * Forward (the cursor moved on): the live accumulator is pushed the events since its position.
// * Back (a seek): it restarts from a copy of the nearest checkpoint at or before the target and
//   pushes the events from there; checkpoints are taken every `every` events (default 1024), so
//   a seek costs at most `every` events. A forward jump past a checkpoint starts from it too.
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

function agrees(trace: readonly TraceEvent[], count: number, key: string): boolean {
  return count === 0 || (count <= trace.length && eventKey(trace[count - 1]!) === key);
}

export class TraceFollower<A extends TraceAccumulator<A>> {
  private live: A | null = null;
  private liveKey = '';
  /** checkpoints[j] covers exactly (j + 1) * every events. */
  private checkpoints: { acc: A; key: string }[] = [];
  /** Events pushed so far, over the follower's life (for tests and benchmarks). */
  pushed = 0;

  constructor(
    private readonly make: () => A,
    readonly every = 1024,
  ) {
    if (!(every >= 1)) throw new Error('checkpoint spacing must be at least 1');
  }

  /** The accumulator over events [0, upTo) of `trace` (upTo is clamped to the trace). */
  at(trace: readonly TraceEvent[], upTo: number): A {
    upTo = Math.max(0, Math.min(Math.floor(upTo), trace.length));
    const cps = this.checkpoints;
    while (cps.length && !agrees(trace, cps[cps.length - 1]!.acc.count, cps[cps.length - 1]!.key)) cps.pop();
    let acc = this.live;
    if (acc && (acc.count > upTo || !agrees(trace, acc.count, this.liveKey))) acc = null;
    const j = Math.min(Math.floor(upTo / this.every), cps.length) - 1;
    if (j >= 0 && (!acc || acc.count < cps[j]!.acc.count)) acc = cps[j]!.acc.checkpoint();
    if (!acc) acc = this.make();
    while (acc.count < upTo) {
      const from = acc.count;
      const to = Math.min(upTo, (Math.floor(from / this.every) + 1) * this.every);
      acc.push(trace.slice(from, to));
      this.pushed += to - from;
      if (to % this.every === 0 && to / this.every === cps.length + 1) cps.push({ acc: acc.checkpoint(), key: eventKey(trace[to - 1]!) });
    }
    this.live = acc;
    this.liveKey = upTo ? eventKey(trace[upTo - 1]!) : '';
    return acc;
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
