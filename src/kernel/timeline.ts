// A timeline is a seeded run plus its user actions, with snapshots every `snapshotEvery`
// events. It can seek to any past moment (restore the nearest snapshot, replay), and acting in
// the past forks a new future. Everything is deterministic, so a replayed event is the same
// event: the timeline checks that as it goes.

import { ActionError, Simulation, type SimOptions, type Snapshot } from './sim';
import type { Action, AnyProtocol, Time, TimedAction, TraceEvent } from './types';

export interface TimelineOptions extends Omit<SimOptions, 'traceArray'> {
  actions?: TimedAction[];
  snapshotEvery?: number;
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

export class Timeline {
  readonly protocol: AnyProtocol;
  readonly options: TimelineOptions;
  sim: Simulation;
  /** The user actions of the run, ordered by `at`. */
  actions: TimedAction[];
  /** Every event known so far, including events after the cursor (the future). */
  readonly trace: TraceEvent[] = [];
  /** Furthest clock value reached in this future. */
  horizonTime: Time = 0;
  private snapshots: Snapshot[] = [];
  private readonly every: number;
  /** Index into `actions` of the next action to apply. */
  private nextAction = 0;
  /** Number of forks so far (for the event log). */
  forks = 0;

  constructor(protocol: AnyProtocol, options: TimelineOptions) {
    this.protocol = protocol;
    this.options = options;
    this.every = options.snapshotEvery ?? 200;
    this.actions = (options.actions ?? []).slice().sort((a, b) => a.at - b.at);
    this.sim = new Simulation(protocol, { ...options, traceArray: this.trace });
    this.snapshots.push(this.sim.snapshot());
  }

  get cursor(): Cursor {
    return { index: this.sim.eventCount, t: this.sim.now };
  }

  get now(): Time {
    return this.sim.now;
  }

  /** Number of known events (past and future). */
  get length(): number {
    return this.trace.length;
  }

  private maybeSnapshot(): void {
    const n = this.sim.eventCount;
    if (n % this.every === 0 && n / this.every >= this.snapshots.length) this.snapshots.push(this.sim.snapshot());
  }

  private afterEvent(): void {
    this.maybeSnapshot();
    if (this.sim.now > this.horizonTime) this.horizonTime = this.sim.now;
  }

  /** Apply the scheduled user action if it is due at this event index. */
  private applyDueAction(): boolean {
    const a = this.actions[this.nextAction];
    if (!a || a.at !== this.sim.eventCount) return false;
    if (a.t < this.sim.now) throw new ReplayError(`action ${this.nextAction + 1} is set at ${a.t} ms, before the clock (${this.sim.now} ms)`, this.nextAction);
    const next = this.sim.nextEventTime();
    if (next !== null && next < a.t) throw new ReplayError(`action ${this.nextAction + 1} at ${a.t} ms skips an event due at ${next} ms`, this.nextAction);
    this.sim.now = a.t;
    try {
      this.sim.apply(a.action);
    } catch (e) {
      if (e instanceof ActionError) throw new ReplayError(`action ${this.nextAction + 1} (${a.action.type}) cannot be applied: ${e.message}`, this.nextAction);
      throw e;
    }
    this.nextAction++;
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
    if (index < cur || (index === cur && t !== undefined && t < this.sim.now)) {
      const snap = this.snapshots[Math.min(Math.floor(index / this.every), this.snapshots.length - 1)]!;
      this.sim.restore(snap);
      this.nextAction = this.actions.findIndex((a) => a.at >= snap.eventCount);
      if (this.nextAction < 0) this.nextAction = this.actions.length;
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
    // Binary search over known events for the last with time <= t.
    let lo = 0;
    let hi = this.trace.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.trace[mid]!.t <= t) lo = mid + 1;
      else hi = mid;
    }
    this.seek(lo, t);
  }

  /** True when the cursor is before the end of the known future. */
  get inPast(): boolean {
    return this.sim.eventCount < this.trace.length || this.nextAction < this.actions.length;
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
    this.trace.length = k;
    this.actions = this.actions.filter((a, i) => i < this.nextAction && a.at < k);
    this.nextAction = this.actions.length;
    this.snapshots.length = Math.min(this.snapshots.length, Math.floor(k / this.every) + 1);
    this.horizonTime = this.sim.now;
  }

  /** The sim's memory cost, for benchmarks: the number of snapshots kept. */
  get snapshotCount(): number {
    return this.snapshots.length;
  }
}
