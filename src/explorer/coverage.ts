// Fault coverage and the per-run budget, read from the trace events of an explorer run.
//
// A checker is only as good as the faults it actually meets: a kernel that silently stopped
// losing, duplicating or reordering messages would pass every run. So the explorer watches each
// event of each run (trace level 'light', events not kept) and records which faults really
// happened — a message lost, duplicated, overtaking an earlier one on its link, blocked by a
// one-way cut while the reverse direction delivered, a crash with messages in flight to the node,
// a timed cut expiring, … — and `npm run explore` fails when a fault the profile enables
// happened in no run at all. The same watch keeps the run's budget of events and messages in
// flight: a run past it is stopped and reported as a storm (never a hang).

import type { Envelope, Simulation, TraceEvent } from '../kernel';

/**
 * The fault kinds the explorer can see in a trace. A profile lists the ones it enables
 * (`ExplorerProfile.faults`); protocol operator actions count as `operator:<name>`.
 */
export const FAULT_TEXT: Readonly<Record<string, string>> = {
  loss: 'a message lost by the network',
  duplicate: 'a duplicated message delivered',
  overtake: 'a message delivered after a later one on the same link overtook it',
  'one-way cut': 'a message blocked by a one-way cut while the reverse direction delivered',
  partition: 'a message blocked by a cut in both directions',
  'timed cut expired': 'a timed cut healed by itself',
  crash: 'a node crashed',
  'crash in flight': 'a node crashed with messages in flight to it',
  restart: 'a crashed node restarted',
  'disk wipe': 'a node crashed and lost its disk',
  'delay spike': 'a message delayed by a delay spike',
  'long delay spike': 'a message delayed by a spike longer than the settle period',
  'tail latency': "a message delayed by the link's long tail",
};

/** What a run may use: events and messages in flight, from its length in virtual time. */
export interface RunBudget {
  events: number;
  inFlight: number;
}

/**
 * The budget of a run `lengthMs` of virtual time long among `nodes` nodes, proportional to both:
 * 25 events per node per virtual ms, and one message in flight per node per virtual ms. Healthy
 * runs stay far below (10,000 Janus runs: 99 % under 500 events per virtual second and 130
 * messages in flight). The heaviest real runs are the Janus core's own catch-up with maxBatch 1
 * on duplicating links — every duplicated ack starts one more AppendEntries chain until the
 * follower has caught up — at up to 30 events per virtual ms and 28,000 messages in flight, which
 * resolves by itself within the run and stays inside the budget; a storm that does not resolve
 * (3,000,000 events by 2.3 s, as in issue 13) is stopped and reported.
 */
export function runBudget(lengthMs: number, nodes: number): RunBudget {
  return {
    events: Math.ceil(Math.max(50_000, lengthMs * nodes * 25)),
    inFlight: Math.ceil(Math.max(10_000, lengthMs * nodes)),
  };
}

const CODE_EPS = 1e-9;

/** Watches one run's events: the faults that happened, and the budget. */
export class RunWatch {
  readonly faults = new Set<string>();
  /** Why the run broke its budget, or null. */
  storm: string | null = null;
  inFlight = 0;
  maxInFlight = 0;
  private readonly n: number;
  private readonly index = new Map<string, number>();
  /** Per directed link (from·n + to): the latest send time among delivered messages. */
  private readonly lastSentDelivered: Float64Array;
  /** Per directed link: when its current cut began (NaN: not cut, as far as the watch knows). */
  private readonly cutSince: Float64Array;
  /** Per directed link: time of the last delivery. */
  private readonly lastDelivery: Float64Array;
  /** Per directed link: the extra delay (spike) now set. */
  private readonly spike: Float64Array;
  private spikes = 0;
  /** Messages sent during a spike: id → the spike's length. */
  private readonly spiked = new Map<number, number>();
  private readonly tailFrom: number;

  constructor(
    private readonly sim: Simulation,
    private readonly budget: RunBudget,
    /** A spike longer than this is a 'long delay spike' (the profile's settle period). */
    private readonly longSpikeMs: number,
  ) {
    this.n = sim.nodeIds.length;
    sim.nodeIds.forEach((id, i) => this.index.set(id, i));
    const nn = this.n * this.n;
    this.lastSentDelivered = new Float64Array(nn).fill(-Infinity);
    this.cutSince = new Float64Array(nn).fill(NaN);
    this.lastDelivery = new Float64Array(nn).fill(-Infinity);
    this.spike = new Float64Array(nn);
    const p = sim.baseLink;
    // Latency above min + jitter (+ any spike) can only come from the long tail.
    this.tailFrom = p.latencyMin + p.latencyJitter;
    this.resync();
  }

  private li(env: Envelope): number {
    return this.index.get(env.from)! * this.n + this.index.get(env.to)!;
  }

  /** Re-read cuts and spikes from the links (after a user's link action). */
  private resync(): void {
    this.spikes = 0;
    const ids = this.sim.nodeIds;
    for (let a = 0; a < this.n; a++)
      for (let b = 0; b < this.n; b++) {
        if (a === b) continue;
        const l = this.sim.link(ids[a]!, ids[b]!);
        const k = a * this.n + b;
        this.spike[k] = l.params.extraDelay;
        if (l.params.extraDelay > 0) this.spikes++;
        if (!l.cut) this.cutSince[k] = NaN;
        else if (Number.isNaN(this.cutSince[k]!)) this.cutSince[k] = this.sim.now;
      }
  }

  /** One event of the run (trace level 'light' or 'full'). */
  observe(ev: TraceEvent): void {
    const a = ev.action;
    switch (a.type) {
      case 'deliver': {
        const env = ev.msg!;
        this.inFlight--;
        const k = this.li(env);
        if (env.dupOf !== null) this.faults.add('duplicate');
        if (env.sentAt < this.lastSentDelivered[k]! - CODE_EPS) this.faults.add('overtake');
        else this.lastSentDelivered[k] = env.sentAt;
        this.lastDelivery[k] = ev.t;
        const s = this.spiked.get(env.id);
        if (s !== undefined) {
          this.spiked.delete(env.id);
          this.faults.add('delay spike');
          if (s > this.longSpikeMs) this.faults.add('long delay spike');
        } else if (ev.t - env.sentAt > this.tailFrom + CODE_EPS) this.faults.add('tail latency');
        break;
      }
      case 'drop': {
        const env = ev.msg!;
        this.inFlight--;
        this.spiked.delete(env.id);
        if (ev.dropReason === 'loss') this.faults.add('loss');
        else if (ev.dropReason === 'cut') {
          const k = this.li(env);
          const rev = this.index.get(env.to)! * this.n + this.index.get(env.from)!;
          const since = this.cutSince[k]!;
          if (!this.sim.link(env.to, env.from).cut) {
            // One-way: the reverse link is open, and delivered since this cut began.
            if (!Number.isNaN(since) && this.lastDelivery[rev]! >= since) this.faults.add('one-way cut');
          } else this.faults.add('partition');
        }
        break;
      }
      case 'crash':
        this.faults.add('crash');
        if (a.wipe) this.faults.add('disk wipe');
        if (ev.dropped.length) {
          this.faults.add('crash in flight');
          this.inFlight -= ev.dropped.length;
          for (const env of ev.dropped) this.spiked.delete(env.id);
        }
        break;
      case 'restart':
        this.faults.add('restart');
        break;
      case 'heal':
        if (ev.source === 'auto') this.faults.add('timed cut expired');
        this.resync();
        break;
      case 'cut':
      case 'link':
      case 'healAll':
        this.resync();
        break;
      case 'operator':
        if (!ev.error) this.faults.add(`operator:${a.name}`);
        break;
      default:
        break;
    }
    const sent = ev.sent;
    if (sent.length) {
      this.inFlight += sent.length;
      if (this.spikes > 0)
        for (const env of sent) {
          const s = this.spike[this.li(env)]!;
          if (s > 0) this.spiked.set(env.id, s);
        }
    }
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    if (this.storm === null) {
      if (this.sim.eventCount > this.budget.events)
        this.storm = `${this.sim.eventCount} events by ${ev.t.toFixed(1)} ms, past the run's budget of ${this.budget.events}`;
      else if (this.inFlight > this.budget.inFlight)
        this.storm = `${this.inFlight} messages in flight at ${ev.t.toFixed(1)} ms, past the run's budget of ${this.budget.inFlight}`;
    }
  }
}

/** A simulation driven event by event through a watch: what the explorer's runs advance with. */
export class WatchedRun {
  constructor(
    readonly sim: Simulation,
    readonly watch: RunWatch,
  ) {}

  /** Halted by a violation (stop on violation) or by a storm. */
  get halted(): boolean {
    return this.sim.halted || this.watch.storm !== null;
  }

  runUntil(t: number): void {
    const sim = this.sim;
    while (!this.halted) {
      const next = sim.nextEventTime();
      if (next === null || next > t) break;
      const ev = sim.step();
      if (!ev) break;
      this.watch.observe(ev);
    }
    if (!this.halted) sim.runUntil(t);
  }

  validate(action: Parameters<Simulation['validate']>[0]): string | null {
    return this.sim.validate(action);
  }

  apply(action: Parameters<Simulation['apply']>[0]): void {
    const ev = this.sim.apply(action);
    if (ev) this.watch.observe(ev);
  }
}

/**
 * The fault-coverage check of an exploration that ran `asked` runs: why it fails (the faults the
 * profile enables that happened in no run), or null. An exploration stopped early by a failing
 * run is not checked (it has failed already).
 */
export function faultCoverageFailure(stats: { runs: number; missingFaults: readonly string[] }, asked: number): string | null {
  if (stats.runs < asked || stats.missingFaults.length === 0) return null;
  return `never happened in ${stats.runs} runs: ${stats.missingFaults.join(', ')}`;
}
