// Cost metrics of a run, computed from a Timeline's trace over events [0, upTo): messages and
// bytes per node and per directed link (data vs control), what the elector received against a
// data node, cost per committed entry, durable bytes per node, and availability (time with no
// leader, commit latency, failover, time at each RF). Protocol-agnostic: message sizes come from
// `protocol.messageInfo` (Janus: `encodedSize`, docs/protocol.md "Message encoding"), node roles
// from the `changes` of `protocol.summary` recorded in the trace (trace level 'full').
//
// Incremental: an accumulator per timeline consumes events as the cursor moves forward; moving
// back (or a fork) restarts it from the nearest checkpoint.

import type { AnyProtocol, Envelope, NodeId, Timeline, TraceEvent } from '../kernel';
import { nodeView, type NodeView } from '../protocols/view';

export interface Traffic {
  msgs: number;
  bytes: number;
  dataMsgs: number;
  dataBytes: number;
  controlMsgs: number;
  controlBytes: number;
}

export const emptyTraffic = (): Traffic => ({ msgs: 0, bytes: 0, dataMsgs: 0, dataBytes: 0, controlMsgs: 0, controlBytes: 0 });

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
  samples: number[];
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
  /** Messages sent whose size could not be determined (should be 0). */
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
  perEntry: { msgs: number; bytes: number; dataBytes: number; copies: number | null } | null;
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

interface Write {
  index: number;
  command: string;
  t: number;
  node: NodeId;
}

interface CommitEv {
  t: number;
  node: NodeId;
  to: number;
  term: number;
}

/** Everything the metrics need, accumulated event by event. */
class Accumulator {
  n = 0;
  lastT = 0;
  lastKey = '';
  sent = new Map<NodeId, Traffic>();
  received = new Map<NodeId, Traffic>();
  links = new Map<string, Traffic>();
  total = emptyTraffic();
  /** Ids sent whose envelope was unknown when consumed. */
  unresolved = new Set<number>();
  role = new Map<NodeId, string>();
  term = new Map<NodeId, number>();
  rf = new Map<NodeId, number>();
  down = new Set<NodeId>();
  maxCommit = 0;
  noLeaderMs = 0;
  rfTime = new Map<string, number>();
  writes: Write[] = [];
  commits: CommitEv[] = [];
  crashes: { node: NodeId; term: number; t: number }[] = [];
  leaderStarts: { node: NodeId; term: number; t: number }[] = [];
  probes = new Map<string, number>();

  constructor(readonly ids: readonly NodeId[]) {
    for (const id of ids) {
      this.sent.set(id, emptyTraffic());
      this.received.set(id, emptyTraffic());
    }
  }

  /** Start from the nodes' first-boot summaries (role, term, RF before any event). */
  static initial(tl: Timeline): Accumulator {
    const a = new Accumulator(tl.sim.nodeIds);
    for (const spec of tl.sim.specs) {
      const s = tl.protocol.summary(tl.protocol.init(spec, tl.sim.config));
      if (s.role !== undefined) a.role.set(spec.id, String(s.role));
      if (typeof s.term === 'number') a.term.set(spec.id, s.term);
      if (typeof s.rf === 'number' && spec.kind !== 'elector') a.rf.set(spec.id, s.rf);
    }
    return a;
  }

  clone(): Accumulator {
    const a = new Accumulator(this.ids);
    a.n = this.n;
    a.lastT = this.lastT;
    a.lastKey = this.lastKey;
    const cp = (m: Map<string, Traffic>) => new Map([...m].map(([k, v]) => [k, { ...v }]));
    a.sent = cp(this.sent);
    a.received = cp(this.received);
    a.links = cp(this.links);
    a.total = { ...this.total };
    a.unresolved = new Set(this.unresolved);
    a.role = new Map(this.role);
    a.term = new Map(this.term);
    a.rf = new Map(this.rf);
    a.down = new Set(this.down);
    a.maxCommit = this.maxCommit;
    a.noLeaderMs = this.noLeaderMs;
    a.rfTime = new Map(this.rfTime);
    a.writes = this.writes.slice();
    a.commits = this.commits.slice();
    a.crashes = this.crashes.slice();
    a.leaderStarts = this.leaderStarts.slice();
    a.probes = new Map(this.probes);
    return a;
  }

  /** The current leader: the up node with role leader in the highest term. */
  leader(): NodeId | null {
    let best: NodeId | null = null;
    let bt = -1;
    for (const [id, r] of this.role) {
      if (r !== 'leader' || this.down.has(id)) continue;
      const t = this.term.get(id) ?? 0;
      if (t > bt) {
        bt = t;
        best = id;
      }
    }
    return best;
  }

  /** Account the time from the last event to `t` to the current leader state. */
  accrue(t: number): void {
    const dt = t - this.lastT;
    if (dt <= 0) return;
    const l = this.leader();
    const key = l === null ? 'none' : String(this.rf.get(l) ?? '?');
    if (l === null) this.noLeaderMs += dt;
    this.rfTime.set(key, (this.rfTime.get(key) ?? 0) + dt);
    this.lastT = t;
  }

  count(protocol: AnyProtocol, env: Envelope): void {
    const info = protocol.messageInfo(env.msg);
    const { from, to } = env;
    addTraffic(this.total, info.kind, info.bytes);
    addTraffic(this.sent.get(from) ?? setGet(this.sent, from), info.kind, info.bytes);
    const key = `${from}→${to}`;
    addTraffic(this.links.get(key) ?? setGet(this.links, key), info.kind, info.bytes);
  }

  consume(protocol: AnyProtocol, ev: TraceEvent): void {
    this.accrue(ev.t);
    // The event carries the envelopes it sent: every size is known at once.
    for (const env of ev.sent) this.count(protocol, env);
    if (ev.action.type === 'deliver' && ev.msg) {
      const info = protocol.messageInfo(ev.msg.msg);
      addTraffic(this.received.get(ev.msg.to) ?? setGet(this.received, ev.msg.to), info.kind, info.bytes);
    }
    for (const p of ev.probes) this.probes.set(p, (this.probes.get(p) ?? 0) + 1);
    const a = ev.action;
    if (a.type === 'crash') {
      const wasLeader = this.role.get(a.node) === 'leader' && !this.down.has(a.node);
      if (wasLeader) this.crashes.push({ node: a.node, term: this.term.get(a.node) ?? 0, t: ev.t });
      this.down.add(a.node);
    } else if (a.type === 'restart') this.down.delete(a.node);
    else if (a.type === 'healAll') this.down.clear();
    const ch = ev.changes;
    if (ch && ev.node) {
      // A redirected write changes the node it was redirected to; its changes are recorded
      // under the event's node. Use the write's target when there is one.
      const node = ev.write?.to && ev.write.status === 'appended' ? ev.write.to : ev.node;
      if (ch.term) this.term.set(node, Number(ch.term[1]));
      if (ch.rf) this.rf.set(node, Number(ch.rf[1]));
      if (ch.role) {
        this.role.set(node, String(ch.role[1]));
        if (ch.role[1] === 'leader') this.leaderStarts.push({ node, term: this.term.get(node) ?? 0, t: ev.t });
      }
      if (ch.commitIndex) {
        const to = Number(ch.commitIndex[1]);
        const from = Number(ch.commitIndex[0]);
        if (to > from) this.commits.push({ t: ev.t, node, to, term: this.term.get(node) ?? 0 });
        if (to > this.maxCommit) this.maxCommit = to;
      }
    }
    const w = ev.write;
    if (w && w.status === 'appended' && w.index !== undefined) this.writes.push({ index: w.index, command: w.command, t: ev.t, node: w.to ?? ev.node ?? '' });
    this.n = ev.i + 1;
    this.lastKey = keyOf(ev);
  }
}

function setGet(m: Map<string, Traffic>, k: string): Traffic {
  const t = emptyTraffic();
  m.set(k, t);
  return t;
}

function keyOf(ev: TraceEvent): string {
  return `${ev.i}:${ev.t}:${ev.action.type}:${ev.node ?? ''}:${ev.msg?.id ?? ''}:${ev.sent.length}`;
}

const CHECKPOINT = 1024;

interface Cached {
  acc: Accumulator;
  checkpoints: Accumulator[];
}

const cache = new WeakMap<Timeline, Cached>();

function accumulatorAt(tl: Timeline, upTo: number): Accumulator {
  let c = cache.get(tl);
  if (!c) {
    c = { acc: Accumulator.initial(tl), checkpoints: [] };
    cache.set(tl, c);
  }
  const tr = tl.trace;
  const valid = (a: Accumulator) => a.n === 0 || (a.n <= tr.length && keyOf(tr[a.n - 1]!) === a.lastKey);
  // Drop checkpoints the trace no longer agrees with (a fork).
  while (c.checkpoints.length && !valid(c.checkpoints[c.checkpoints.length - 1]!)) c.checkpoints.pop();
  let acc = c.acc;
  if (acc.n > upTo || !valid(acc)) {
    let k = c.checkpoints.length - 1;
    while (k >= 0 && c.checkpoints[k]!.n > upTo) k--;
    acc = k >= 0 ? c.checkpoints[k]!.clone() : Accumulator.initial(tl);
  }
  for (let i = acc.n; i < upTo && i < tr.length; i++) {
    acc.consume(tl.protocol, tr[i]!);
    if (acc.n % CHECKPOINT === 0 && acc.n / CHECKPOINT > c.checkpoints.length) c.checkpoints.push(acc.clone());
  }
  c.acc = acc;
  return acc;
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Durable size, bytes. Our design: data nodes (log + metadata) and the 18-byte elector. The
 * published spec: every variable is kept (Md = two 8-byte numbers; role, RF and CurrentLeader one
 * byte each), the elector's CommittedIdx, Term, RF and CurrentLeader come to 26 bytes.
 */
export function defaultDurable(state: unknown): number | null {
  const s = state as { kind?: string; log?: { command: string }[]; dmlLog?: { data: string }[]; electorEpoch?: number; committedIdx?: unknown };
  if (s && s.kind === 'elector' && typeof s.electorEpoch === 'number') return 18;
  if (s && s.kind === 'elector' && s.committedIdx) return 16 + 8 + 1 + 1;
  if (s && s.kind === 'data' && Array.isArray(s.log)) {
    let n = 8 + 1 + 4 + 8;
    for (const e of s.log) n += 8 + 8 + 4 + e.command.length;
    return n;
  }
  if (s && s.kind === 'data' && Array.isArray(s.dmlLog)) {
    let n = 16 + 16 + 8 + 1 + 1 + 1;
    for (const e of s.dmlLog) n += 16 + 4 + e.data.length;
    return n;
  }
  return null;
}

/**
 * Metrics over events [0, upTo) of the timeline (default: up to its cursor). Figures that read
 * node state (durable bytes, copies, which writes survived) are exact only when `upTo` is the
 * cursor; otherwise they are left out (null) or taken as if every write survived.
 */
export function computeMetrics(tl: Timeline, upTo = tl.sim.eventCount, durable: DurableFn = defaultDurable): RunMetrics {
  upTo = Math.max(0, Math.min(upTo, tl.trace.length));
  const acc = accumulatorAt(tl, upTo);
  const atCursor = upTo === tl.sim.eventCount;
  const tEnd = atCursor ? tl.sim.now : upTo > 0 ? tl.trace[upTo - 1]!.t : 0;
  // Close the interval on a copy of the time accounts.
  const noLeaderBase = acc.noLeaderMs;
  const rfBase = new Map(acc.rfTime);
  const lastT = acc.lastT;
  acc.accrue(tEnd);
  const noLeaderMs = acc.noLeaderMs;
  const rfTime = Object.fromEntries(acc.rfTime);
  acc.noLeaderMs = noLeaderBase;
  acc.rfTime = rfBase;
  acc.lastT = lastT;

  const specs = tl.sim.specs;
  const nodes = specs.map((s) => ({ id: s.id, kind: s.kind }));
  const sent = Object.fromEntries([...acc.sent].map(([k, v]) => [k, { ...v }]));
  const received = Object.fromEntries([...acc.received].map(([k, v]) => [k, { ...v }]));
  const links = Object.fromEntries([...acc.links].map(([k, v]) => [k, { ...v }]));

  const dataIds = specs.filter((s) => s.kind === 'data').map((s) => s.id);
  const electorSpec = specs.find((s) => s.kind === 'elector');
  let elector: RunMetrics['elector'] = null;
  if (electorSpec) {
    const dataBytes = dataIds.map((id) => received[id]?.bytes ?? 0);
    const mean = dataBytes.length ? dataBytes.reduce((a, b) => a + b, 0) / dataBytes.length : 0;
    const er = received[electorSpec.id] ?? emptyTraffic();
    elector = { id: electorSpec.id, received: er, dataNodeMeanBytes: mean, dataNodeMaxBytes: Math.max(0, ...dataBytes), ratio: mean > 0 ? er.bytes / mean : null };
  }

  // State at the cursor: durable bytes, copies of committed entries, surviving writes.
  const durableMap: Record<NodeId, number | null> = {};
  let durableData = 0;
  let durableElector = 0;
  let committedCmds: Map<number, string> | null = null;
  let copies: number | null = null;
  if (atCursor) {
    for (const s of specs) {
      const b = durable(tl.sim.state(s.id));
      durableMap[s.id] = b;
      if (b !== null) {
        if (s.kind === 'elector') durableElector += b;
        else durableData += b;
      }
    }
    let ref: NodeView | null = null;
    for (const id of dataIds) {
      const st = nodeView(tl.protocol, tl.sim.state(id));
      if (!ref || st.commitIndex > ref.commitIndex) ref = st;
    }
    const refLog = ref?.log;
    if (ref && refLog) {
      const c = Math.min(Math.max(ref.commitIndex, 0), refLog.length);
      committedCmds = new Map();
      for (let k = 0; k < c; k++) committedCmds.set(k + 1, refLog[k]!.command);
      const upto = Math.min(acc.maxCommit, refLog.length);
      if (upto > 0) {
        let sum = 0;
        for (const id of dataIds) {
          const log = nodeView(tl.protocol, tl.sim.state(id)).log;
          for (let k = 0; k < upto && k < log.length; k++) if (log[k]!.term === refLog[k]!.term && log[k]!.command === refLog[k]!.command) sum++;
        }
        copies = sum / upto;
      }
    }
  } else for (const s of specs) durableMap[s.id] = null;

  // Commit latency: a write's append → the first commit at or beyond its index after it.
  const samples: number[] = [];
  let uncommitted = 0;
  for (const w of acc.writes) {
    const survived = committedCmds === null ? true : committedCmds.get(w.index) === w.command;
    let at: number | null = null;
    if (survived)
      for (const c of acc.commits)
        if (c.t >= w.t && c.to >= w.index) {
          at = c.t;
          break;
        }
    if (at === null) uncommitted++;
    else samples.push(at - w.t);
  }

  const failovers: FailoverRecord[] = acc.crashes.map((cr) => {
    const l = acc.leaderStarts.find((x) => x.t >= cr.t && x.term > cr.term);
    const c = acc.commits.find((x) => x.t >= cr.t && x.term > cr.term);
    return { node: cr.node, term: cr.term, crashAt: cr.t, toLeader: l ? l.t - cr.t : null, toCommit: c ? c.t - cr.t : null };
  });
  const doneF = failovers.filter((f) => f.toCommit !== null);
  const doneL = failovers.filter((f) => f.toLeader !== null);

  const committed = acc.maxCommit;
  const total = { ...acc.total };
  return {
    upTo,
    tEnd,
    nodes,
    sent,
    received,
    links,
    total,
    unresolved: acc.unresolved.size,
    elector,
    committed,
    perEntry: committed > 0 ? { msgs: total.msgs / committed, bytes: total.bytes / committed, dataBytes: total.dataBytes / committed, copies } : null,
    durable: durableMap,
    durableData,
    durableElector,
    availability: {
      noLeaderMs,
      commitLatency: { count: samples.length, median: median(samples), max: samples.length ? Math.max(...samples) : null, samples },
      uncommittedWrites: uncommitted,
      failovers,
      failoverMs: doneF.length ? doneF[doneF.length - 1]!.toCommit : null,
      failoverToLeaderMs: doneL.length ? doneL[doneL.length - 1]!.toLeader : null,
      rfTime,
    },
    probes: Object.fromEntries(acc.probes),
  };
}
