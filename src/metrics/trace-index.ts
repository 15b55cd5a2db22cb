// An index of a run's messages, built from a Timeline's trace: for every envelope id, when and
// by which event it was sent, and how it ended (delivered, dropped, lost with a crash, or still
// in flight). Shared by the cost metrics and the space-time diagram. Pure TypeScript.
//
// Each trace event carries the envelopes it sent and the envelopes it lost with a crashed
// receiver (`event.sent`, `event.dropped`), so every record has its envelope from its send
// event on: nothing is looked up elsewhere and nothing is replayed.

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

  constructor(readonly tl: Timeline) {}

  /** Bring the index up to date with the timeline's known trace (rebuilds after a fork). */
  update(): this {
    const tr = this.tl.trace;
    if (this.scanned > tr.length || (this.scanned > 0 && eventKey(tr[this.scanned - 1]!) !== this.lastKey)) this.reset();
    for (let i = this.scanned; i < tr.length; i++) this.add(tr[i]!);
    this.scanned = tr.length;
    if (tr.length) this.lastKey = eventKey(tr[tr.length - 1]!);
    return this;
  }

  private reset(): void {
    this.msgs.clear();
    this.order.length = 0;
    this.maxSpan = 0;
    this.scanned = 0;
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
    return r.endEvent >= 0 ? this.tl.trace[r.endEvent]!.t : null;
  }
}

function eventKey(ev: TraceEvent): string {
  return `${ev.i}:${ev.t}:${ev.action.type}:${ev.node ?? ''}:${ev.msg?.id ?? ''}:${ev.sent.length ? ev.sent[0]!.id : ''}`;
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
