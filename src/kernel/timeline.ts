// A timeline is a seeded run plus its user actions. It can seek to any past moment (restore a
// snapshot, replay), and acting in the past forks a new future. Everything is deterministic, so
// a replayed event is the same event.
//
// Memory stays bounded however long the session (a page left running for hours):
// * the full per-event trace is kept only for a window of recent events, the last
//   `windowSize` before the known end (`windowStart` ≤ i < `length`); older events are
//   re-derived on demand, by replaying from a snapshot in a scratch simulation (the cursor does
//   not move), a block at a time with a small cache;
// * snapshots are dense near the end (every `snapshotEvery` events, the last `denseSnapshots`
//   of them) and evenly thinned further back (at most `oldSnapshots`, their spacing doubling as
//   the run grows), so their number is bounded;
// * the time of every known event is kept (8 bytes each), for seeking by time.
//
// Reading events: `eventAt(i)` and `events(from, to)` work for every known event. `trace` is the
// array the simulation writes into: it has an entry for each event of the window only (older
// entries are empty), so indexing it directly is only safe inside the window.

import { ActionError, Simulation, type SimOptions, type Snapshot } from './sim';
import type { Action, AnyProtocol, Time, TimedAction, TraceEvent } from './types';

export interface TimelineOptions extends Omit<SimOptions, 'traceArray'> {
  actions?: TimedAction[];
  /** Spacing of the dense snapshots near the end, in events (default 200). */
  snapshotEvery?: number;
  /** Events whose full trace is kept, before the known end (default 30,000). */
  windowSize?: number;
  /** Number of dense snapshots kept near the end (default 64). */
  denseSnapshots?: number;
  /** At most this many snapshots further back, evenly spaced (default 128). */
  oldSnapshots?: number;
}

export interface Cursor {
  /** Number of events applied. */
  index: number;
  t: Time;
}

export class ReplayError extends Error {
  constructor(
    message: string,
    readonly actionIndex: number,
  ) {
    super(message);
  }
}

/** Events re-derived together, and how many such blocks are cached. */
const BLOCK = 512;
const CACHED_BLOCKS = 8;

export class Timeline {
  readonly protocol: AnyProtocol;
  readonly options: TimelineOptions;
  sim: Simulation;
  /** The user actions of the run, ordered by `at`. */
  actions: TimedAction[];
  /**
   * The simulation's trace array: `trace.length` is the number of known events, but only the
   * window (`windowStart` ≤ i < `length`) has entries. Read events with `eventAt` / `events`.
   */
  readonly trace: TraceEvent[] = [];
  /** Furthest clock value reached in this future. */
  horizonTime: Time = 0;
  /** Number of forks so far (for the event log). */
  forks = 0;
  /** First event index whose full trace is kept. */
  windowStart = 0;

  private readonly every: number;
  private readonly windowSize: number;
  private readonly denseCount: number;
  private readonly maxOld: number;
  /** Snapshots near the end, every `every` events, in order. */
  private dense: Snapshot[] = [];
  /** Thinned snapshots further back, at multiples of `oldStride`, in order (the first is event 0). */
  private old: Snapshot[] = [];
  private oldStride: number;
  /** Time of every known event. */
  private times = new Float64Array(1024);
  /** Number of known events. */
  private known = 0;
  /** Index into `actions` of the next action to apply. */
  private nextAction = 0;
  /** Re-derived events by block, least recently used first. */
  private blocks = new Map<number, TraceEvent[]>();
  /** The simulation that re-derives old events (the cursor's simulation never moves for that). */
  private scratch: { sim: Simulation; next: number } | null = null;

  constructor(protocol: AnyProtocol, options: TimelineOptions) {
    this.protocol = protocol;
    this.options = options;
    this.every = Math.max(1, Math.floor(options.snapshotEvery ?? 200));
    this.windowSize = Math.max(1, Math.floor(options.windowSize ?? 30_000));
    this.denseCount = Math.max(1, Math.floor(options.denseSnapshots ?? 64));
    this.maxOld = Math.max(2, Math.floor(options.oldSnapshots ?? 128));
    this.oldStride = this.every;
    this.actions = (options.actions ?? []).slice().sort((a, b) => a.at - b.at);
    this.sim = new Simulation(protocol, { ...this.simOptions(), traceArray: this.trace });
    this.old.push(this.sim.snapshot());
  }

  private simOptions(): SimOptions {
    const o: Partial<TimelineOptions> = { ...this.options };
    delete o.actions;
    delete o.snapshotEvery;
    delete o.windowSize;
    delete o.denseSnapshots;
    delete o.oldSnapshots;
    return o as SimOptions;
  }

  get cursor(): Cursor {
    return { index: this.sim.eventCount, t: this.sim.now };
  }

  get now(): Time {
    return this.sim.now;
  }

  /** Number of known events (past and future). */
  get length(): number {
    return this.known;
  }

  // ---------------------------------------------------------------- reading events

  /** Time of known event `i`. */
  timeAt(i: number): Time {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`event ${i} is not known (0–${this.length - 1})`);
    return this.times[i]!;
  }

  /** Known event `i`: from the window, else re-derived (the same event: same hash-relevant fields). */
  eventAt(i: number): TraceEvent {
    if (!(Number.isInteger(i) && i >= 0 && i < this.length)) throw new RangeError(`event ${i} is not known (0–${this.length - 1})`);
    if (i >= this.windowStart) return this.trace[i]!;
    const b = Math.floor(i / BLOCK);
    return this.block(b)[i - b * BLOCK]!;
  }

  /** Known events [from, to), clamped to the run. Old ones are re-derived a block at a time. */
  events(from: number, to: number): TraceEvent[] {
    from = Math.max(0, Math.floor(from));
    to = Math.min(this.length, Math.ceil(to));
    const out: TraceEvent[] = [];
    let i = from;
    while (i < to && i < this.windowStart) {
      const b = Math.floor(i / BLOCK);
      const evs = this.block(b);
      const end = Math.min(to, this.windowStart, (b + 1) * BLOCK);
      for (; i < end; i++) out.push(evs[i - b * BLOCK]!);
    }
    for (; i < to; i++) out.push(this.trace[i]!);
    return out;
  }

  /** Events of block `b` (before the window), re-derived in the scratch simulation and cached. */
  private block(b: number): TraceEvent[] {
    const hit = this.blocks.get(b);
    if (hit) {
      this.blocks.delete(b);
      this.blocks.set(b, hit);
      return hit;
    }
    if (this.options.trace === 'off') throw new Error('the timeline keeps no trace (trace level off)');
    const from = b * BLOCK;
    const to = Math.min((b + 1) * BLOCK, this.windowStart);
    let sc = this.scratch;
    if (!sc || sc.sim.eventCount > from || this.snapshotBefore(from).eventCount > sc.sim.eventCount) {
      const snap = this.snapshotBefore(from);
      if (!sc) {
        // Keeps no trace of its own (the block list is the cache), checks nothing, never halts.
        sc = { sim: new Simulation(this.protocol, { ...this.simOptions(), keepTrace: false, monitors: false, stopOnViolation: false }), next: 0 };
        this.scratch = sc;
      }
      sc.sim.restore(snap, { monitors: false });
      sc.next = this.firstActionFrom(snap.eventCount);
    }
    const evs: TraceEvent[] = [];
    while (sc.sim.eventCount < to) {
      const i = sc.sim.eventCount;
      const ev = this.stepSim(sc.sim, sc);
      if (!ev || sc.sim.eventCount !== i + 1) throw new Error(`replay stopped at event ${i}, before ${to}`);
      if (i >= from) evs.push(ev);
    }
    this.blocks.set(b, evs);
    if (this.blocks.size > CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    return evs;
  }

  // ---------------------------------------------------------------- snapshots

  /** The latest snapshot at or before event `index`. */
  private snapshotBefore(index: number): Snapshot {
    const d = this.dense;
    if (d.length && d[0]!.eventCount <= index) {
      let lo = 0;
      let hi = d.length;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (d[mid]!.eventCount <= index) lo = mid;
        else hi = mid;
      }
      return d[lo]!;
    }
    const o = this.old;
    let lo = 0;
    let hi = o.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (o[mid]!.eventCount <= index) lo = mid;
      else hi = mid;
    }
    return o[lo]!;
  }

  private lastSnapshotIndex(): number {
    const d = this.dense;
    return d.length ? d[d.length - 1]!.eventCount : this.old[this.old.length - 1]!.eventCount;
  }

  private maybeSnapshot(): void {
    const n = this.sim.eventCount;
    if (n % this.every !== 0 || n <= this.lastSnapshotIndex()) return;
    this.dense.push(this.sim.snapshot());
    // Snapshots that leave the dense zone are kept only on the old stride, which doubles to keep
    // at most maxOld of them: evenly spread over the run's old history.
    while (this.dense.length > this.denseCount) {
      const s = this.dense.shift()!;
      if (s.eventCount % this.oldStride !== 0) continue;
      this.old.push(s);
      while (this.old.length > this.maxOld) {
        this.oldStride *= 2;
        this.old = this.old.filter((x) => x.eventCount % this.oldStride === 0);
      }
    }
  }

  // ---------------------------------------------------------------- moving

  /** After the cursor's simulation made event `eventCount - 1`. */
  private afterEvent(): void {
    const i = this.sim.eventCount - 1;
    if (i >= this.known) {
      // A new event at the end of the known run: record its time, slide the window.
      this.known = i + 1;
      if (i >= this.times.length) {
        const t = new Float64Array(this.times.length * 2);
        t.set(this.times);
        this.times = t;
      }
      this.times[i] = this.sim.now;
      const trace = this.trace as (TraceEvent | undefined)[];
      while (this.windowStart < this.known - this.windowSize) trace[this.windowStart++] = undefined;
    } else if (i < this.windowStart) (this.trace as (TraceEvent | undefined)[])[i] = undefined; // replaying old history: keep nothing
    this.maybeSnapshot();
    if (this.sim.now > this.horizonTime) this.horizonTime = this.sim.now;
  }

  /** Index of the first action at or after event `eventCount` (actions are ordered by `at`). */
  private firstActionFrom(eventCount: number): number {
    let lo = 0;
    let hi = this.actions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.actions[mid]!.at < eventCount) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Advance `sim` by one event: the user action due at this index (actions[at.next]) if any,
   * else the next scheduled event; `at.next` moves past an applied action. Returns the event (as
   * step and apply do). Throws ReplayError when the action cannot be applied.
   */
  private stepSim(sim: Simulation, at: { next: number }): TraceEvent | null | undefined {
    const next = at.next;
    const a = this.actions[next];
    if (a && a.at === sim.eventCount) {
      if (a.t < sim.now) throw new ReplayError(`action ${next + 1} is set at ${a.t} ms, before the clock (${sim.now} ms)`, next);
      const due = sim.nextEventTime();
      if (due !== null && due < a.t) throw new ReplayError(`action ${next + 1} at ${a.t} ms skips an event due at ${due} ms`, next);
      sim.now = a.t;
      let ev: TraceEvent | null;
      try {
        ev = sim.apply(a.action);
      } catch (e) {
        if (e instanceof ActionError) throw new ReplayError(`action ${next + 1} (${a.action.type}) cannot be applied: ${e.message}`, next);
        throw e;
      }
      at.next = next + 1;
      return ev ?? undefined;
    }
    return sim.step();
  }

  /** Apply the scheduled user action if it is due at this event index. */
  private applyDueAction(): boolean {
    const a = this.actions[this.nextAction];
    if (!a || a.at !== this.sim.eventCount) return false;
    const at = { next: this.nextAction };
    this.stepSim(this.sim, at);
    this.nextAction = at.next;
    this.afterEvent();
    return true;
  }

  /** Advance by one event (a due user action or the next scheduled event). Returns false if nothing happened. */
  step(): boolean {
    if (this.applyDueAction()) return true;
    const next = this.nextPendingAction();
    const t = this.sim.nextEventTime();
    if (t === null && !next) return false;
    if (this.sim.halted) return false;
    if (t === null) return false;
    this.sim.step();
    this.afterEvent();
    return true;
  }

  private nextPendingAction(): TimedAction | undefined {
    return this.actions[this.nextAction];
  }

  /** Advance the clock to `t`, applying every due event and action. */
  advanceTo(t: Time, maxEvents = Infinity): void {
    let n = 0;
    while (n < maxEvents) {
      const pending = this.nextPendingAction();
      if (pending && pending.at === this.sim.eventCount) {
        // A user action holds the clock at its time until it is applied.
        if (pending.t > t) break;
        this.applyDueAction();
        n++;
        continue;
      }
      if (this.sim.halted) return;
      const next = this.sim.nextEventTime();
      if (next === null || next > t) break;
      this.sim.step();
      this.afterEvent();
      n++;
    }
    if (n < maxEvents && t > this.sim.now) {
      this.sim.now = t;
      if (t > this.horizonTime) this.horizonTime = t;
    }
  }

  /** Go to a given event index (and optionally a clock time after it). */
  seek(index: number, t?: Time): void {
    index = Math.max(0, Math.floor(index));
    const cur = this.sim.eventCount;
    const snap = this.snapshotBefore(index);
    // Restore when going back, or when a snapshot lies between the cursor and the target (a
    // long jump forward is a restore, not a replay of everything in between).
    if (index < cur || (index === cur && t !== undefined && t < this.sim.now) || snap.eventCount > cur) {
      this.sim.restore(snap);
      this.nextAction = this.firstActionFrom(snap.eventCount);
    }
    while (this.sim.eventCount < index) if (!this.step()) break;
    if (t !== undefined && t > this.sim.now) {
      const next = this.sim.nextEventTime();
      const pending = this.nextPendingAction();
      let limit = t;
      if (next !== null) limit = Math.min(limit, next);
      if (pending && pending.at === this.sim.eventCount) limit = Math.min(limit, pending.t);
      this.sim.now = Math.max(this.sim.now, limit);
    }
  }

  /** Go to the last moment at or before time t. */
  seekTime(t: Time): void {
    this.seek(this.upperBoundTime(t), t);
  }

  /** Number of known events with time ≤ t (binary search over the event times). */
  upperBoundTime(t: Time, hi = this.length): number {
    let lo = 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Number of known events with time < t. */
  lowerBoundTime(t: Time, hi = this.length): number {
    let lo = 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** True when the cursor is before the end of the known future. */
  get inPast(): boolean {
    return this.sim.eventCount < this.known || this.nextAction < this.actions.length;
  }

  /**
   * Apply a user action at the cursor. If the cursor is in the past, the future is discarded
   * (a fork). Throws ActionError, changing nothing, if the action cannot be applied.
   */
  act(action: Action): { event: TraceEvent | null; forked: boolean } {
    const reason = this.sim.validate(action);
    if (reason) throw new ActionError(reason);
    const forked = this.inPast;
    if (forked) this.truncateFuture();
    const timed: TimedAction = { at: this.sim.eventCount, t: this.sim.now, action };
    this.actions.push(timed);
    this.nextAction = this.actions.length - 1;
    this.applyDueAction();
    if (forked) this.forks++;
    return { event: this.trace[timed.at] ?? null, forked };
  }

  private truncateFuture(): void {
    const k = this.sim.eventCount;
    if (this.trace.length > k) this.trace.length = k;
    this.known = k;
    if (this.windowStart > k) this.windowStart = k;
    this.actions = this.actions.filter((a, i) => i < this.nextAction && a.at < k);
    this.nextAction = this.actions.length;
    this.dense = this.dense.filter((s) => s.eventCount <= k);
    this.old = this.old.filter((s) => s.eventCount <= k);
    // Re-derived events may belong to the discarded future's blocks: forget them.
    this.blocks.clear();
    this.scratch = null;
    this.horizonTime = this.sim.now;
  }

  /** Memory figures, for tests and benchmarks: snapshots and full trace events retained. */
  get retained(): { snapshots: number; denseSnapshots: number; oldSnapshots: number; events: number; cachedEvents: number } {
    let cached = 0;
    for (const b of this.blocks.values()) cached += b.length;
    return { snapshots: this.dense.length + this.old.length, denseSnapshots: this.dense.length, oldSnapshots: this.old.length, events: this.length - this.windowStart, cachedEvents: cached };
  }

  /** The number of snapshots kept (bounded). */
  get snapshotCount(): number {
    return this.dense.length + this.old.length;
  }
}
