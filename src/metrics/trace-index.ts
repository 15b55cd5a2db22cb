// A running figure of a run's messages, followed along a Timeline's events: the longest time any
// message took from its send to its end (delivery, drop, or loss with a crashed receiver). The
// space-time window uses it to know how far before a window a message that crosses it can have
// been sent. Pure TypeScript.
//
// Memory is O(1) whatever the run's length: no record per message is kept (a long session makes
// millions of them). Each end event carries its envelope (`event.msg`, `event.dropped`), and so
// its send time, so the span is read from the end event alone. Events are read through
// `timeline.events(from, to)` (never `timeline.trace[i]`, emptied outside the kept window); when
// followed as the run grows (the store does), every new event is read once, from the window.

import type { TimedAction, Timeline, TraceEvent } from '../kernel';

/** Events read at a time while catching up. */
const CHUNK = 2048;

export class TraceIndex {
  /**
   * Largest (end time − send time) of the messages that ended in the known run, ms: a message
   * that ended at or after time t was sent at or after t − maxSpan. A running maximum: after a
   * fork it still counts the discarded future's messages (an upper bound, which is all it is for).
   */
  maxSpan = 0;
  /** Events [0, scanned) have been read. */
  private scanned = 0;
  private forks: number;
  /** User actions already seen (after a fork, the first unseen one is where the run changed). */
  private seen = new WeakSet<TimedAction>();
  private seenCount = 0;

  constructor(readonly tl: Timeline) {
    this.forks = tl.forks;
  }

  /** Bring the index up to date with the timeline's known events (after a fork, from its point). */
  update(): this {
    const tl = this.tl;
    const actions = tl.actions;
    if (tl.forks !== this.forks) {
      // A fork at event k keeps the actions before k (the same objects) and adds its own at k:
      // the first action not seen before is at or before every changed event.
      let m = actions.length;
      while (m > 0 && !this.seen.has(actions[m - 1]!)) m--;
      if (m < actions.length) this.scanned = Math.min(this.scanned, actions[m]!.at);
      this.forks = tl.forks;
      this.seenCount = m;
    }
    for (let i = this.seenCount; i < actions.length; i++) this.seen.add(actions[i]!);
    this.seenCount = actions.length;
    const end = tl.length;
    if (this.scanned > end) this.scanned = end;
    for (let from = this.scanned; from < end; from += CHUNK) for (const ev of tl.events(from, Math.min(end, from + CHUNK))) this.add(ev);
    this.scanned = end;
    return this;
  }

  private add(ev: TraceEvent): void {
    const m = ev.msg;
    if (m && (ev.action.type === 'deliver' || ev.action.type === 'drop') && ev.t - m.sentAt > this.maxSpan) this.maxSpan = ev.t - m.sentAt;
    for (const env of ev.dropped) if (ev.t - env.sentAt > this.maxSpan) this.maxSpan = ev.t - env.sentAt;
  }

  /** What the index holds: per-message records (none, whatever the run's length) and events read. */
  get retained(): { records: number; scanned: number } {
    return { records: 0, scanned: this.scanned };
  }
}

const cache = new WeakMap<Timeline, TraceIndex>();

/** The (cached, incrementally updated) index of a timeline. */
export function traceIndex(tl: Timeline): TraceIndex {
  let ix = cache.get(tl);
  if (!ix) {
    ix = new TraceIndex(tl);
    cache.set(tl, ix);
  }
  return ix.update();
}
