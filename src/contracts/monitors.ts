// What every protocol's safety monitors share: each property is reported once, at its first
// violation (a broken property would otherwise repeat on every later event), and the violations
// an event yields carry that event's index. The checks themselves are the protocol's own.

import type { MonitorSet, NodeId, SimView, Violation } from '../kernel/types';

/** Shared empty result of an event that broke nothing. Never pushed to. */
const NO_VIOLATIONS: Violation[] = [];

export abstract class PropertyMonitors<P extends string, S> implements MonitorSet<S> {
  /** Property names, in display order. */
  abstract readonly properties: readonly P[];
  protected violated = new Set<P>();
  private out: Violation[] = [];
  /** The index of the event being checked. */
  protected event = 0;

  /** Runs the protocol's checks after an event; `fail` reports what they find. */
  protected abstract check(view: SimView<S>, touched: readonly number[]): void;

  afterEvent(view: SimView<S>, touched: readonly number[], event: number): Violation[] {
    this.event = event;
    // Most events break nothing: no list is allocated until a violation is found.
    this.out = NO_VIOLATIONS;
    this.check(view, touched);
    return this.out;
  }

  protected fail(property: P, message: string, nodes: NodeId[], entries: { node: NodeId; index: number }[] = []): void {
    if (this.violated.has(property)) return;
    this.violated.add(property);
    if (this.out === NO_VIOLATIONS) this.out = [];
    this.out.push({ property, message, nodes, entries, event: this.event, t: 0 });
  }

  /**
   * A copy with its own record of violated properties. A subclass copies its own mutable ghost
   * state on top (`super.clone()`, then fresh Maps and arrays).
   */
  clone(): this {
    const m = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(m, this);
    m.violated = new Set(this.violated);
    m.out = [];
    return m;
  }
}
