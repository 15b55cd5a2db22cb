// Cost metrics of a run, accumulated event by event: messages and bytes per node and per directed
// link (data vs control), what an elector received against a data node, cost per committed entry,
// durable bytes per node, and availability (time with no leader, commit latency, failover, time
// at each RF). Pure TypeScript and protocol-agnostic: it names no protocol and no node.
//
// API (for the store):
//
//   const source = metricsProtocol(plugin);       // protocol core, view, plugin.metrics.durableBytes
//   const acc = new MetricsAccumulator(source, tl.sim);   // the run's node specs and config
//   acc.push(events);                              // the events since the last push, in order
//   acc.snapshot({ t: tl.sim.now, state: (id) => tl.sim.state(id) })   // RunMetrics at the cursor
//   acc.snapshot({ t })                            // without node states: state figures left null
//
//   // Seeks and forks: follow the trace with checkpoints (src/metrics/follow.ts), e.g.
//   const f = new TraceFollower(() => new MetricsAccumulator(source, tl.sim));
//   f.at(tl, tl.sim.eventCount).snapshot({ t: tl.sim.now, state: (id) => tl.sim.state(id) });
//
//   // Or `computeMetrics(tl, upTo?, registry | plugin)` (metrics.ts), cached per timeline.
//
// Costs. `push` is O(new events) (plus a binary insertion per client write). `snapshot` is
// O(nodes² + what is new since the accumulator's previous snapshot) plus what the plug-in's hooks
// cost on the cursor's states (`durableBytes`, `view.node`: for Janus, durableBytes walks the log).
// It keeps what it learned (sorted latencies, which writes survived, how far each log matches the
// committed one) for the next snapshot; a `checkpoint` copy starts without that and rebuilds it at
// its first snapshot, in one pass over the writes. `checkpoint` copies the per-node and per-link
// figures and shares the append-only record of writes and commits.
//
// Snapshots give the same figures whatever the path (batches, seeks, checkpoints) as long as the
// run keeps State Machine Safety and Log Matching; in a run that breaks them (a mutant), the
// commit-latency and copies figures may depend on the moments snapshots were taken.
//
// Where the figures come from:
// * sizes: `protocol.messageInfo` of the envelopes each event sent (`event.sent`) or delivered;
// * node kinds (data / elector): the plug-in's `view.node` of each node's first-boot state;
// * roles, terms, RF and commit points over time: the `changes` of `protocol.summary` recorded in
//   the trace (trace level 'full'), read under the summary fields `role` ('leader' = leads),
//   `term`, `rf` and `commitIndex`; before the first event, the summaries of `protocol.init`;
// * durable bytes: the plug-in's `metrics.durableBytes` (null for every node without it);
// * logs and commit points at the cursor (copies, which writes survived): `view.node`.

import type { ProtocolPlugin, ProtocolView, NodeKind, NodeView } from '../contracts';
import type { AnyProtocol, NodeId, NodeSpec, TraceEvent } from '../kernel';
import { CoverageCounter } from './coverage';

export interface Traffic {
  msgs: number;
  bytes: number;
  dataMsgs: number;
  dataBytes: number;
  controlMsgs: number;
  controlBytes: number;
}

export const emptyTraffic = (): Traffic => ({ msgs: 0, bytes: 0, dataMsgs: 0, dataBytes: 0, controlMsgs: 0, controlBytes: 0 });

/**
 * Why a message was sent, read from the trace's causality (no protocol knowledge):
 * * `replication`: it carries log entries, or it was sent by an event that handled a client write
 *   or delivered a replication message (acknowledgements, commit notices, catch-up);
 * * `election`: sent by a timer that fired at a node that did not lead (an election or takeover
 *   timeout), by the event in which a node became leader, or by an event that delivered an
 *   election message (votes, grants);
 * * `heartbeat`: sent by a timer that fired at the leader (heartbeats, leases, checks), or by an
 *   event that delivered a heartbeat message (its replies);
 * * `other`: sent by any other event (a restart, an operator action), or in reply to one.
 */
export type Purpose = 'replication' | 'election' | 'heartbeat' | 'other';
export const PURPOSES: readonly Purpose[] = ['replication', 'election', 'heartbeat', 'other'];

/** Traffic divided by a count (per committed entry). */
export const perCount = (t: Traffic, n: number): Traffic => ({
  msgs: t.msgs / n,
  bytes: t.bytes / n,
  dataMsgs: t.dataMsgs / n,
  dataBytes: t.dataBytes / n,
  controlMsgs: t.controlMsgs / n,
  controlBytes: t.controlBytes / n,
});

function addTraffic(t: Traffic, kind: 'data' | 'control', bytes: number): void {
  t.msgs++;
  t.bytes += bytes;
  if (kind === 'data') {
    t.dataMsgs++;
    t.dataBytes += bytes;
  } else {
    t.controlMsgs++;
    t.controlBytes += bytes;
  }
}

export interface LatencyStats {
  count: number;
  median: number | null;
  max: number | null;
}

export interface FailoverRecord {
  /** The crashed leader and its term. */
  node: NodeId;
  term: number;
  crashAt: number;
  /** Time from the crash to a new leader (higher term), ms, or null if none yet. */
  toLeader: number | null;
  /** Time from the crash to the first commit in a higher term, ms, or null if none yet. */
  toCommit: number | null;
}

export interface RunMetrics {
  /** Events counted: [0, upTo). */
  upTo: number;
  /** End of the measured interval (the cursor's time), ms. */
  tEnd: number;
  nodes: { id: NodeId; kind: string }[];
  sent: Record<NodeId, Traffic>;
  /** Delivered to each node. */
  received: Record<NodeId, Traffic>;
  /** Per directed link "A→B" (sent on it). */
  links: Record<string, Traffic>;
  total: Traffic;
  /** Messages sent whose size could not be determined (0: every event carries its envelopes). */
  unresolved: number;
  elector: {
    id: NodeId;
    received: Traffic;
    /** Mean and max of the bytes delivered to one data node. */
    dataNodeMeanBytes: number;
    dataNodeMaxBytes: number;
    /** Elector bytes received / mean data node bytes received (null if no data node received anything). */
    ratio: number | null;
  } | null;
  /** Highest commit index reached by any node. */
  committed: number;
  /**
   * Per committed entry. `msgs`, `bytes`, `dataBytes`: every message of the run divided by the
   * entries (elections and heartbeats included). `replication`: the steady-state cost, only the
   * messages sent for replication (see `Purpose`); `leader`: the part of it the leader sent.
   */
  perEntry: { msgs: number; bytes: number; dataBytes: number; copies: number | null; replication: Traffic; leader: Traffic } | null;
  /** Messages by purpose (see `Purpose`), data and control apart. */
  purposes: Record<Purpose, Traffic>;
  /** Replication messages sent by a node while it led. */
  leaderReplication: Traffic;
  /** Durable bytes per node at the cursor (null if unknown for that protocol). */
  durable: Record<NodeId, number | null>;
  durableData: number;
  durableElector: number;
  availability: {
    noLeaderMs: number;
    commitLatency: LatencyStats;
    /** Writes appended but not committed (yet) within the interval. */
    uncommittedWrites: number;
    failovers: FailoverRecord[];
    /** Failover time (crash → first commit in the new term) of the last leader crash that completed, ms. */
    failoverMs: number | null;
    failoverToLeaderMs: number | null;
    /** Virtual ms spent at each RF of the leader; key 'none' = no leader. */
    rfTime: Record<string, number>;
  };
  /** Coverage probes hit within the interval, with counts. */
  probes: Record<string, number>;
}

/** Durable bytes of a node's state, if the protocol defines them. */
export type DurableFn = (state: unknown) => number | null;

/** What the metrics need of a protocol: its core, its view, and its durable size (a plug-in has all three). */
export interface MetricsProtocol {
  protocol: AnyProtocol;
  view: ProtocolView;
  /** The plug-in's `metrics.durableBytes`; absent: durable sizes are unknown (null). */
  durableBytes?: DurableFn | null;
}

/** The metrics' view of a plug-in. */
export function metricsProtocol(plugin: ProtocolPlugin): MetricsProtocol {
  return { protocol: plugin.protocol, view: plugin.view, durableBytes: plugin.metrics?.durableBytes ?? null };
}

/** The run's nodes and configuration: a Simulation (`tl.sim`) has both. */
export interface MetricsRun {
  readonly specs: readonly NodeSpec[];
  readonly config: unknown;
}

/** Where the cursor is when a snapshot is taken. */
export interface SnapshotAt {
  /** End of the measured interval, ms (the cursor's time). */
  t: number;
  /** Node states at that moment, when known (the cursor): durable bytes, copies, surviving writes. */
  state?: (id: NodeId) => unknown;
}

interface WriteRec {
  index: number;
  command: string;
  t: number;
}

/** An append-only record shared by an accumulator and its checkpoints; each knows its own length. */
class Shared<T> {
  items: T[] = [];
}

const LEADER_ROLE = 'leader';

/** Numbers kept sorted (binary insertion): median and max in O(1). */
class Sorted {
  readonly xs: number[] = [];
  insert(x: number): void {
    const xs = this.xs;
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === xs.length) xs.push(x);
    else xs.splice(lo, 0, x);
  }
}

function stats(sorted: readonly number[]): LatencyStats {
  const n = sorted.length;
  const m = n >> 1;
  return { count: n, median: n ? (n % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2) : null, max: n ? sorted[n - 1]! : null };
}

/**
 * What snapshots learned, kept so the next snapshot of the same accumulator only looks at what is
 * new: commit latencies sorted, which covered writes the cursor's logs hold committed, and how far
 * each data node's log matches the committed log. Not part of a checkpoint: a copy starts empty
 * and rebuilds it at its first snapshot (one pass over the writes and logs).
 */
class SnapshotCache {
  /** Every write covered by a commit (resolution records [0, allScanned)): latencies. */
  all = new Sorted();
  allScanned = 0;
  /** Resolution records [0, decScanned) were looked at for survival. */
  decScanned = 0;
  /** Resolution records whose index was beyond the cursor's commit point when last looked at. */
  undecided: number[] = [];
  /** Writes the cursor's logs hold committed: latencies, and (index, latency) by index. */
  survived = new Sorted();
  survivedByIndex: [number, number][] = [];
  /** Per data node: how many leading entries match the committed log. */
  matched = new Map<NodeId, number>();
}

const sameEntry = (a: NodeView['log'][number] | undefined, b: NodeView['log'][number] | undefined) => !!a && !!b && a.term === b.term && a.command === b.command;

export class MetricsAccumulator {
  private n = 0;
  private lastT = 0;
  private sent = new Map<NodeId, Traffic>();
  private received = new Map<NodeId, Traffic>();
  private links = new Map<string, Traffic>();
  private total = emptyTraffic();
  private role = new Map<NodeId, string>();
  private term = new Map<NodeId, number>();
  private rf = new Map<NodeId, number>();
  private down = new Set<NodeId>();
  /** The current leader, or undefined when it must be looked up again. */
  private leaderCache: NodeId | null | undefined = undefined;
  private maxCommit = 0;
  private noLeaderMs = 0;
  private rfTime = new Map<string, number>();
  /** Appended client writes, and (write position, commit time) as each is first covered by a commit. */
  private writes = new Shared<WriteRec>();
  private nWrites = 0;
  private resolved = new Shared<readonly [number, number]>();
  private nResolved = 0;
  /** Positions of writes not yet covered by a commit, by log index. */
  private pending: number[] = [];
  private failovers: FailoverRecord[] = [];
  /** Failovers with a figure still open. */
  private open: number[] = [];
  private probes = new CoverageCounter();
  private cache = new SnapshotCache();
  private purposes = new Map<Purpose, Traffic>(PURPOSES.map((k) => [k, emptyTraffic()]));
  private leaderRepl = emptyTraffic();
  /** The purpose of each message in flight, by envelope id (forgotten at delivery or drop). */
  private purposeOf = new Map<number, Purpose>();
  private readonly ids: readonly NodeId[];
  private readonly kinds: ReadonlyMap<NodeId, NodeKind>;

  constructor(
    private readonly source: MetricsProtocol,
    run: MetricsRun,
  ) {
    const p = source.protocol;
    this.ids = run.specs.map((s) => s.id);
    const kinds = new Map<NodeId, NodeKind>();
    for (const spec of run.specs) {
      const init = p.init(spec, run.config);
      kinds.set(spec.id, source.view.node(init).kind);
      const s = p.summary(init);
      if (s.role !== undefined && s.role !== null) this.role.set(spec.id, String(s.role));
      if (typeof s.term === 'number') this.term.set(spec.id, s.term);
      if (typeof s.rf === 'number') this.rf.set(spec.id, s.rf);
      this.sent.set(spec.id, emptyTraffic());
      this.received.set(spec.id, emptyTraffic());
    }
    this.kinds = kinds;
  }

  /** Events consumed: [0, count). */
  get count(): number {
    return this.n;
  }

  /** Consume the next events, in order (`events[0].i === count`). */
  push(events: readonly TraceEvent[]): void {
    for (const ev of events) this.consume(ev);
  }

  /** A copy to go on from (a checkpoint): shares the append-only write and commit records. */
  checkpoint(): MetricsAccumulator {
    const a = Object.create(MetricsAccumulator.prototype) as MetricsAccumulator;
    Object.assign(a, this);
    const cp = <K>(m: Map<K, Traffic>) => new Map([...m].map(([k, v]) => [k, { ...v }]));
    a.sent = cp(this.sent);
    a.received = cp(this.received);
    a.links = cp(this.links);
    a.total = { ...this.total };
    a.role = new Map(this.role);
    a.term = new Map(this.term);
    a.rf = new Map(this.rf);
    a.down = new Set(this.down);
    a.rfTime = new Map(this.rfTime);
    a.pending = this.pending.slice();
    a.failovers = this.failovers.map((f) => ({ ...f }));
    a.open = this.open.slice();
    a.probes = this.probes.clone();
    a.cache = new SnapshotCache();
    a.purposes = cp(this.purposes);
    a.leaderRepl = { ...this.leaderRepl };
    a.purposeOf = new Map(this.purposeOf);
    return a;
  }

  /** An independent copy (nothing shared): push into both as you like. */
  clone(): MetricsAccumulator {
    const a = this.checkpoint();
    a.writes = new Shared();
    a.writes.items = this.writes.items.slice(0, this.nWrites);
    a.resolved = new Shared();
    a.resolved.items = this.resolved.items.slice(0, this.nResolved);
    return a;
  }

  private traffic(m: Map<string, Traffic>, k: string): Traffic {
    let t = m.get(k);
    if (!t) {
      t = emptyTraffic();
      m.set(k, t);
    }
    return t;
  }

  /** The up node with the leader's role in the highest term. */
  private leader(): NodeId | null {
    if (this.leaderCache !== undefined) return this.leaderCache;
    let best: NodeId | null = null;
    let bt = -1;
    for (const [id, r] of this.role) {
      if (r !== LEADER_ROLE || this.down.has(id)) continue;
      const t = this.term.get(id) ?? 0;
      if (t > bt) {
        bt = t;
        best = id;
      }
    }
    this.leaderCache = best;
    return best;
  }

  private rfKey(): string {
    const l = this.leader();
    return l === null ? 'none' : String(this.rf.get(l) ?? '?');
  }

  /** Account the time from the last event to `t` to the current leader state. */
  private accrue(t: number): void {
    const dt = t - this.lastT;
    if (dt <= 0) return;
    const key = this.rfKey();
    if (key === 'none') this.noLeaderMs += dt;
    this.rfTime.set(key, (this.rfTime.get(key) ?? 0) + dt);
    this.lastT = t;
  }

  private append<T>(store: Shared<T>, len: number, item: T): void {
    // Past the length of this accumulator, the store holds a future that a checkpoint replaying
    // the same events writes again identically, or that a fork has made void.
    store.items[len] = item;
  }

  private consume(ev: TraceEvent): void {
    if (ev.i !== this.n) throw new Error(`metrics: expected event ${this.n}, got event ${ev.i}`);
    const p = this.source.protocol;
    this.accrue(ev.t);
    const purpose = this.eventPurpose(ev);
    for (const env of ev.sent) {
      const info = p.messageInfo(env.msg);
      addTraffic(this.total, info.kind, info.bytes);
      addTraffic(this.traffic(this.sent, env.from), info.kind, info.bytes);
      addTraffic(this.traffic(this.links, `${env.from}→${env.to}`), info.kind, info.bytes);
    }
    if (ev.action.type === 'deliver' && ev.msg) {
      const info = p.messageInfo(ev.msg.msg);
      addTraffic(this.traffic(this.received, ev.msg.to), info.kind, info.bytes);
    }
    if (ev.msg) this.purposeOf.delete(ev.msg.id);
    for (const env of ev.dropped) this.purposeOf.delete(env.id);
    this.probes.pushEvent(ev);
    const a = ev.action;
    if (a.type === 'crash') {
      if (this.role.get(a.node) === LEADER_ROLE && !this.down.has(a.node)) {
        this.open.push(this.failovers.length);
        this.failovers.push({ node: a.node, term: this.term.get(a.node) ?? 0, crashAt: ev.t, toLeader: null, toCommit: null });
      }
      this.down.add(a.node);
      this.leaderCache = undefined;
    } else if (a.type === 'restart') {
      this.down.delete(a.node);
      this.leaderCache = undefined;
    } else if (a.type === 'healAll') {
      this.down.clear();
      this.leaderCache = undefined;
    }
    // A write is recorded before the commits of its own event (a leader alone commits at once).
    const w = ev.write;
    if (w && w.status === 'appended' && w.index !== undefined) {
      const pos = this.nWrites;
      this.append(this.writes, pos, { index: w.index, command: w.command, t: ev.t });
      this.nWrites++;
      // Insert by log index, after writes of the same index.
      let lo = 0;
      let hi = this.pending.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.writes.items[this.pending[mid]!]!.index <= w.index) lo = mid + 1;
        else hi = mid;
      }
      this.pending.splice(lo, 0, pos);
    }
    const ch = ev.changes;
    if (ch && ev.node) {
      // A redirected write changes the node it was redirected to; its changes are recorded
      // under the event's node. Use the write's target when there is one.
      const node = w?.to && w.status === 'appended' ? w.to : ev.node;
      if (ch.term) this.term.set(node, Number(ch.term[1]));
      if (ch.rf) this.rf.set(node, Number(ch.rf[1]));
      if (ch.term || ch.rf) this.leaderCache = undefined;
      if (ch.role) {
        this.role.set(node, String(ch.role[1]));
        this.leaderCache = undefined;
        if (ch.role[1] === LEADER_ROLE) this.failoverEvent(this.term.get(node) ?? 0, ev.t, 'toLeader');
      }
      if (ch.commitIndex) {
        const to = Number(ch.commitIndex[1]);
        const from = Number(ch.commitIndex[0]);
        if (to > from) {
          this.failoverEvent(this.term.get(node) ?? 0, ev.t, 'toCommit');
          let k = 0;
          while (k < this.pending.length && this.writes.items[this.pending[k]!]!.index <= to) {
            this.append(this.resolved, this.nResolved++, [this.pending[k]!, ev.t] as const);
            k++;
          }
          if (k) this.pending.splice(0, k);
        }
        if (to > this.maxCommit) this.maxCommit = to;
      }
    }
    // Purposes last, with the roles after the event (a new leader's first messages are its election's).
    const becameLeader = !!(ch?.role && ch.role[1] === LEADER_ROLE && a.type !== 'write');
    for (const env of ev.sent) {
      const info = p.messageInfo(env.msg);
      const why: Purpose = info.kind === 'data' ? 'replication' : becameLeader ? 'election' : purpose;
      this.purposeOf.set(env.id, why);
      addTraffic(this.purposes.get(why)!, info.kind, info.bytes);
      if (why === 'replication' && this.role.get(env.from) === LEADER_ROLE && !this.down.has(env.from)) addTraffic(this.leaderRepl, info.kind, info.bytes);
    }
    this.n = ev.i + 1;
  }

  /** Why the messages of this event were sent (before its changes apply): see `Purpose`. */
  private eventPurpose(ev: TraceEvent): Purpose {
    const a = ev.action;
    if (a.type === 'write') return 'replication';
    if (a.type === 'deliver' && ev.msg) {
      if (this.source.protocol.messageInfo(ev.msg.msg).kind === 'data') return 'replication';
      return this.purposeOf.get(ev.msg.id) ?? 'other';
    }
    if (a.type === 'fire') return this.role.get(a.node) === LEADER_ROLE ? 'heartbeat' : 'election';
    return 'other';
  }

  /** A new leader or a commit in `term` at `t` closes the open failovers of lower terms. */
  private failoverEvent(term: number, t: number, field: 'toLeader' | 'toCommit'): void {
    if (!this.open.length) return;
    let changed = false;
    for (const k of this.open) {
      const f = this.failovers[k]!;
      if (f[field] === null && term > f.term) {
        f[field] = t - f.crashAt;
        changed = true;
      }
    }
    if (changed) this.open = this.open.filter((k) => this.failovers[k]!.toLeader === null || this.failovers[k]!.toCommit === null);
  }

  /**
   * The figures over the events consumed, with the interval closed at `at.t`. Figures that read
   * node states (durable bytes, copies, which writes survived) need `at.state`, the states after
   * the last event consumed; without it they are null, and every write covered by a commit counts
   * as committed. Changes no figure: only what the next snapshot may reuse.
   */
  snapshot(at: SnapshotAt): RunMetrics {
    const tEnd = at.t;
    // Close the interval without touching the running accounts.
    const rfTime = new Map(this.rfTime);
    let noLeaderMs = this.noLeaderMs;
    const dt = tEnd - this.lastT;
    if (dt > 0) {
      const key = this.rfKey();
      if (key === 'none') noLeaderMs += dt;
      rfTime.set(key, (rfTime.get(key) ?? 0) + dt);
    }

    const nodes = this.ids.map((id) => ({ id, kind: this.kinds.get(id)! as string }));
    const cp = <K extends string>(m: Map<K, Traffic>) => Object.fromEntries([...m].map(([k, v]) => [k, { ...v }])) as Record<K, Traffic>;
    const sent = cp(this.sent);
    const received = cp(this.received);
    const links = cp(this.links);

    const dataIds = this.ids.filter((id) => this.kinds.get(id) === 'data');
    const electorId = this.ids.find((id) => this.kinds.get(id) === 'elector');
    let elector: RunMetrics['elector'] = null;
    if (electorId !== undefined) {
      const dataBytes = dataIds.map((id) => received[id]?.bytes ?? 0);
      const mean = dataBytes.length ? dataBytes.reduce((a, b) => a + b, 0) / dataBytes.length : 0;
      const er = received[electorId] ?? emptyTraffic();
      elector = { id: electorId, received: er, dataNodeMeanBytes: mean, dataNodeMaxBytes: Math.max(0, ...dataBytes), ratio: mean > 0 ? er.bytes / mean : null };
    }

    // State at the cursor: durable bytes, copies of committed entries, surviving writes.
    const durable: Record<NodeId, number | null> = {};
    let durableData = 0;
    let durableElector = 0;
    let refLog: NodeView['log'] | null = null;
    let refCommit = 0;
    let copies: number | null = null;
    const state = at.state;
    const cache = this.cache;
    if (state) {
      const fn = this.source.durableBytes ?? null;
      for (const id of this.ids) {
        const b = fn ? fn(state(id)) : null;
        durable[id] = b;
        if (b !== null) {
          if (this.kinds.get(id) === 'elector') durableElector += b;
          else durableData += b;
        }
      }
      const views = dataIds.map((id) => this.source.view.node(state(id)));
      let ref: NodeView | null = null;
      for (const v of views) if (!ref || v.commitIndex > ref.commitIndex) ref = v;
      if (ref) {
        const log = ref.log;
        refLog = log;
        refCommit = Math.min(Math.max(ref.commitIndex, 0), log.length);
        const upto = Math.min(this.maxCommit, log.length);
        if (upto > 0) {
          // Entries that match the reference log form a prefix of each log (Log Matching), so
          // each node's matched length is extended from where the last snapshot left it, after
          // a check that its last matched entry still matches.
          let sum = 0;
          for (const v of views) {
            let m = Math.min(cache.matched.get(v.id) ?? 0, upto, v.log.length);
            if (m > 0 && !sameEntry(v.log[m - 1], log[m - 1])) m = 0;
            while (m < upto && m < v.log.length && sameEntry(v.log[m], log[m])) m++;
            cache.matched.set(v.id, m);
            sum += m;
          }
          copies = sum / upto;
        }
      }
    } else for (const id of this.ids) durable[id] = null;

    // Commit latency: a write's append → the first commit at or beyond its index from its event
    // on. With node states, only writes the cursor's logs hold committed at their index count.
    let latency: LatencyStats;
    if (refLog === null) {
      for (; cache.allScanned < this.nResolved; cache.allScanned++) {
        const [pos, t] = this.resolved.items[cache.allScanned]!;
        cache.all.insert(t - this.writes.items[pos]!.t);
      }
      latency = stats(cache.all.xs);
    } else {
      for (; cache.decScanned < this.nResolved; cache.decScanned++) cache.undecided.push(cache.decScanned);
      // Decide the writes now at or below the commit point. Committed entries never change (State
      // Machine Safety), so a decision stands at every later cursor.
      const still: number[] = [];
      for (const r of cache.undecided) {
        const [pos, t] = this.resolved.items[r]!;
        const w = this.writes.items[pos]!;
        if (w.index > refCommit) {
          still.push(r);
          continue;
        }
        if (refLog[w.index - 1]!.command !== w.command) continue;
        const lat = t - w.t;
        cache.survived.insert(lat);
        const byIndex = cache.survivedByIndex;
        let lo = byIndex.length;
        while (lo > 0 && byIndex[lo - 1]![0] > w.index) lo--;
        byIndex.splice(lo, 0, [w.index, lat]);
      }
      cache.undecided = still;
      const byIndex = cache.survivedByIndex;
      if (byIndex.length && byIndex[byIndex.length - 1]![0] > refCommit) {
        // The commit point went back (its node crashed): writes above it count as uncommitted here.
        latency = stats(byIndex.filter(([index]) => index <= refCommit).map(([, lat]) => lat).sort((a, b) => a - b));
      } else latency = stats(cache.survived.xs);
    }
    const uncommitted = this.nWrites - latency.count;

    const failovers = this.failovers.map((f) => ({ ...f }));
    const doneF = failovers.filter((f) => f.toCommit !== null);
    const doneL = failovers.filter((f) => f.toLeader !== null);
    const committed = this.maxCommit;
    const total = { ...this.total };
    return {
      upTo: this.n,
      tEnd,
      nodes,
      sent,
      received,
      links,
      total,
      unresolved: 0,
      elector,
      committed,
      perEntry:
        committed > 0
          ? {
              msgs: total.msgs / committed,
              bytes: total.bytes / committed,
              dataBytes: total.dataBytes / committed,
              copies,
              replication: perCount(this.purposes.get('replication')!, committed),
              leader: perCount(this.leaderRepl, committed),
            }
          : null,
      purposes: cp(this.purposes),
      leaderReplication: { ...this.leaderRepl },
      durable,
      durableData,
      durableElector,
      availability: {
        noLeaderMs,
        commitLatency: latency,
        uncommittedWrites: uncommitted,
        failovers,
        failoverMs: doneF.length ? doneF[doneF.length - 1]!.toCommit : null,
        failoverToLeaderMs: doneL.length ? doneL[doneL.length - 1]!.toLeader : null,
        rfTime: Object.fromEntries(rfTime),
      },
      probes: Object.fromEntries(this.probes.counts()),
    };
  }
}
