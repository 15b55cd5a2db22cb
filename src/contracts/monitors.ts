// What every protocol's safety monitors share: each property is reported once, at its first
// violation (a broken property would otherwise repeat on every later event), and the violations
// an event yields carry that event's index. The checks themselves are the protocol's own.

import type { MonitorSet, NodeId, SimView, Violation } from '../kernel/types';

/** Shared empty result of an event that broke nothing. Never pushed to. */
const NO_VIOLATIONS: Violation[] = [];
/** Shared empty record of violated properties. Never added to (`fail` copies it first). */
const NO_PROPERTIES: ReadonlySet<string> = new Set<string>();

export abstract class PropertyMonitors<P extends string, S> implements MonitorSet<S> {
  /** Property names, in display order. */
  abstract readonly properties: readonly P[];
  /** Shared (an empty one, or a clone's original's) until this object records a violation: copy on write. */
  protected violated: ReadonlySet<P> = NO_PROPERTIES as ReadonlySet<P>;
  /** May `violated` be changed in place? Not while it is shared. */
  private ownViolated = false;
  private out: Violation[] = NO_VIOLATIONS;
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
    if (!this.ownViolated) {
      this.violated = new Set(this.violated);
      this.ownViolated = true;
    }
    (this.violated as Set<P>).add(property);
    if (this.out === NO_VIOLATIONS) this.out = [];
    this.out.push({ property, message, nodes, entries, event: this.event, t: 0 });
  }

  /**
   * A copy with its own record of violated properties (shared with the original until either
   * records a new one: copy on write). A subclass copies its own mutable ghost state on top
   * (`super.clone()`, then fresh Maps and arrays, or its own copy on write).
   */
  /**
   * For a subclass's own copy constructor (faster than `clone`'s generic copy): take `o`'s record of
   * violated properties and event index, shared until either records a violation.
   */
  protected shareViolated(o: PropertyMonitors<P, S>): void {
    this.violated = o.violated;
    this.event = o.event;
    o.ownViolated = this.ownViolated = false;
  }

  clone(): this {
    const m = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(m, this);
    this.ownViolated = m.ownViolated = false;
    m.out = NO_VIOLATIONS;
    return m;
  }
}
