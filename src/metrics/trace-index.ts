// An index of a run's messages, built from a Timeline's trace: for every envelope id, when and
// by which event it was sent, and how it ended (delivered, dropped, lost with a crash, or still
// in flight). Shared by the cost metrics and the space-time diagram. Pure TypeScript.
//
// Each trace event carries the envelopes it sent and the envelopes it lost with a crashed
// receiver (`event.sent`, `event.dropped`), so every record has its envelope from its send
// event on: nothing is looked up elsewhere and nothing is replayed.
//
// Bounded like the timeline: it indexes the events of the timeline's window (`tl.windowStart` on)
// and forgets messages that were sent and ended before it. A message sent before the window that
// ends inside it has a record with `sendEvent` -1, like a message sent at boot.

import type { Envelope, Timeline, TraceEvent } from '../kernel';

export type MsgEnd = 'deliver' | 'drop' | 'crash' | 'flight';

export interface MsgRecord {
  id: number;
  /** Index of the trace event that sent it. */
  sendEvent: number;
  /** Index of the event that delivered or dropped it (or the crash that lost it), -1 if none known. */
  endEvent: number;
  end: MsgEnd;
  env: Envelope;
}

export class TraceIndex {
  readonly msgs = new Map<number, MsgRecord>();
  /** Ids in order of their send event. */
  readonly order: number[] = [];
  /** Largest (end time − send time) seen, ms: how far back a window must look for arrows. */
  maxSpan = 0;
  private scanned = 0;
  private lastKey = '';
  /** The timeline's fork count when last updated: a fork rebuilds the index. */
  private forks = -1;
  /** Window start the index was last pruned to. */
  private prunedTo = 0;

  constructor(readonly tl: Timeline) {}

  /** Bring the index up to date with the timeline's known trace (rebuilds after a fork). */
  update(): this {
    const tl = this.tl;
    const tr = tl.trace;
    const len = tl.length;
    const start = tl.windowStart;
    if (tl.forks !== this.forks || this.scanned > len || (this.scanned > start && eventKey(tr[this.scanned - 1]!) !== this.lastKey)) this.reset();
    this.forks = tl.forks;
    if (this.scanned < start) this.scanned = start; // older events are outside the window
    // Forget what the window left behind, a few thousand events at a time.
    if (start - this.prunedTo >= PRUNE_EVERY) this.prune(start);
    for (let i = this.scanned; i < len; i++) this.add(tr[i]!);
    this.scanned = len;
    if (len > start) this.lastKey = eventKey(tr[len - 1]!);
    return this;
  }

  private reset(): void {
    this.msgs.clear();
    this.order.length = 0;
    this.maxSpan = 0;
    this.scanned = 0;
    this.prunedTo = 0;
  }

  /** Drop the records of messages sent and ended before event `start`. */
  private prune(start: number): void {
    const keep: number[] = [];
    for (const id of this.order) {
      const r = this.msgs.get(id);
      if (!r) continue;
      if (r.endEvent >= 0 && r.endEvent < start) this.msgs.delete(id);
      else keep.push(id);
    }
    for (const [id, r] of this.msgs) if (r.sendEvent < 0 && r.endEvent >= 0 && r.endEvent < start) this.msgs.delete(id);
    this.order.length = 0;
    for (const id of keep) this.order.push(id);
    this.prunedTo = start;
  }

  private add(ev: TraceEvent): void {
    for (const env of ev.sent) {
      this.msgs.set(env.id, { id: env.id, sendEvent: ev.i, endEvent: -1, end: 'flight', env });
      this.order.push(env.id);
    }
    const m = ev.msg;
    if (m && (ev.action.type === 'deliver' || ev.action.type === 'drop')) {
      let r = this.msgs.get(m.id);
      if (!r) {
        r = { id: m.id, sendEvent: -1, endEvent: -1, end: 'flight', env: m };
        this.msgs.set(m.id, r);
      }
      r.env = m;
      r.endEvent = ev.i;
      r.end = ev.action.type === 'deliver' ? 'deliver' : 'drop';
      this.maxSpan = Math.max(this.maxSpan, ev.t - m.sentAt);
    }
    for (const env of ev.dropped) {
      const r = this.msgs.get(env.id);
      if (!r) continue;
      r.endEvent = ev.i;
      r.end = 'crash';
      this.maxSpan = Math.max(this.maxSpan, ev.t - env.sentAt);
    }
  }

  /** Time a message was sent. */
  sentAt(r: MsgRecord): number {
    return r.env.sentAt;
  }

  /** Time a message ended (delivery, drop, crash), or null if it has not ended in the known trace. */
  endAt(r: MsgRecord): number | null {
    return r.endEvent >= 0 ? this.tl.timeAt(r.endEvent) : null;
  }
}

function eventKey(ev: TraceEvent): string {
  return `${ev.i}:${ev.t}:${ev.action.type}:${ev.node ?? ''}:${ev.msg?.id ?? ''}:${ev.sent.length ? ev.sent[0]!.id : ''}`;
}

/** Pruning cost is one pass over the records: done once the window moved this many events. */
const PRUNE_EVERY = 4096;

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

/** First index in `trace` whose time is ≥ t (binary search; the trace is ordered by time). */
export function lowerBoundTime(trace: readonly TraceEvent[], t: number, hi = trace.length): number {
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trace[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in `trace` whose time is > t. */
export function upperBoundTime(trace: readonly TraceEvent[], t: number, hi = trace.length): number {
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trace[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
