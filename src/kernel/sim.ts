// The simulation kernel: virtual time, an event queue ordered by (time, seq), a network of
// directed links, timers, crashes, and the trace. Protocol-agnostic: everything a protocol
// does goes through the `Protocol` interface.

import { EventHeap, type HeapState } from './heap';
import { TraceHash, strDigest } from './hash';
import { DEFAULT_LINK, drawLatency } from './network';
import { Prng, type PrngState } from './prng';
import type {
  Action,
  AnyProtocol,
  ClientWriteResult,
  Ctx,
  DropReason,
  Envelope,
  LinkParams,
  LinkState,
  MonitorSet,
  NodeId,
  NodeSpec,
  Note,
  OperatorContext,
  SimView,
  Time,
  TraceEvent,
  Violation,
} from './types';

export type TraceLevel = 'off' | 'light' | 'full';

/**
 * Where random choices come from. 'split': the network (latency, loss, duplication) draws from
 * its own stream and each node's handlers (ctx.random / ctx.randomInt: election timeouts…) from a
 * stream of their own, all derived from the run's seed (one seed per consumer, TigerBeetle
 * style), so one more message does not re-roll every later timeout of the nodes it never reached.
 * 'single': one stream for everything, as every run made so far (the default, so existing links,
 * golden scripts and gallery stories replay bit for bit; see `rngStreamsFor`).
 */
export type RngStreams = 'single' | 'split';

/** The streams a run of `protocol` made with core `version` (default: the running one) draws from. */
export function rngStreamsFor(protocol: Pick<AnyProtocol, 'version' | 'rngSplitSince'>, version: number = protocol.version): RngStreams {
  return protocol.rngSplitSince !== undefined && version >= protocol.rngSplitSince ? 'split' : 'single';
}

/** Salts of the derived streams (TigerBeetle style: one seed per consumer). */
const NETWORK_STREAM = strDigest('janus-lab/network');
const nodeStream = (id: NodeId): number => strDigest(`janus-lab/node/${id}`);

export interface SimOptions {
  seed: number;
  /** Protocol configuration. */
  config: unknown;
  /** Parameters every link starts with. */
  link?: Partial<LinkParams>;
  /** 'full' records notes and state changes (UI, tests); 'light' events only; 'off' nothing but the hash. */
  trace?: TraceLevel;
  /** Run the protocol's invariant monitors after every event. */
  monitors?: boolean;
  /** Stop applying events after the first violation (explorer). */
  stopOnViolation?: boolean;
  /** An array to write trace events into (the timeline shares one across rewinds). */
  traceArray?: TraceEvent[];
  /** Store each event in `trace` (default true). False: events are only returned by step/apply. */
  keepTrace?: boolean;
  /** Random streams (default 'single', the streams every run so far was made with; see RngStreams). */
  rngStreams?: RngStreams;
}

// The queue holds three kinds of item; its entry's tag says which, with an index beside it:
// tag = (index << 2) | kind. A message is queued as its envelope itself (index: its link, from·n + to).
const MSG = 0;
const TIMER = 1;
const HEAL = 2;
/** An armed timer: the queue item and the node's record of it at once. Immutable. */
interface TimerItem {
  name: string;
  gen: number;
  /** Fire time. */
  t: number;
}
/** The end of a timed cut (index: the link). Immutable. */
interface HealItem {
  gen: number;
}
type Item = Envelope | TimerItem | HealItem;

interface NodeRuntime {
  spec: NodeSpec;
  state: unknown;
  up: boolean;
  /** Armed timers by name. The record is the queue item itself. */
  timers: Map<string, { gen: number; t: number }>;
}

interface LinkRuntime extends LinkState {
  gen: number;
}

export interface Snapshot {
  now: Time;
  seq: number;
  nextMsgId: number;
  timerGen: number;
  writeSeq: number;
  /** The network's stream (with 'single': the only one). */
  rng: PrngState;
  /** Each node's handler stream ('split'), or null ('single'). */
  nodeRngs: PrngState[] | null;
  queue: HeapState<Item>;
  /** Ids of queued messages taken out of flight early (the queue's other messages are in flight). */
  cancelled: number[];
  nodes: { state: unknown; up: boolean; timers: [string, { gen: number; t: number }][] }[];
  links: LinkRuntime[];
  eventCount: number;
  hash: [number, number];
  monitors: MonitorSet<unknown> | null;
  violations: Violation[];
  probes: [string, number][];
}

export class ActionError extends Error {}

/** Shared empty list: most events set no timer, drop nothing, note nothing. Never pushed to. */
const NONE: never[] = Object.freeze([]) as unknown as never[];
/** No node touched. Not frozen, so every `touched` array monitors iterate has one elements kind. Never pushed to. */
const NO_NODES: number[] = [];

/** Times are kept to whole microseconds so that traces print and hash the same everywhere. */
const roundUs = (t: number): number => Math.round(t * 1000) / 1000;

const ACTION_CODES: Record<Action['type'], number> = {
  deliver: 1,
  drop: 2,
  duplicate: 3,
  fire: 4,
  crash: 5,
  restart: 6,
  cut: 7,
  heal: 8,
  healAll: 9,
  link: 10,
  write: 11,
  operator: 12,
};
const CODE_DELIVER = ACTION_CODES.deliver;
const CODE_DROP = ACTION_CODES.drop;
const CODE_FIRE = ACTION_CODES.fire;

export class Simulation {
  readonly protocol: AnyProtocol;
  readonly config: unknown;
  readonly seed: number;
  readonly traceLevel: TraceLevel;
  readonly baseLink: LinkParams;
  readonly nodeIds: NodeId[];
  readonly specs: NodeSpec[];

  now: Time = 0;
  eventCount = 0;
  trace: TraceEvent[];
  violations: Violation[] = [];
  /** How often each coverage probe was hit. */
  probes = new Map<string, number>();
  stopOnViolation: boolean;

  readonly rngStreams: RngStreams;
  /** The network's stream: latency, loss, duplication. */
  private rng: Prng;
  /** Each node's handler stream (with 'single', all are `rng` itself). */
  private nodeRngs: Prng[];
  private seq = 0;
  private nextMsgId = 1;
  private timerGen = 0;
  private writeSeq = 0;
  private queue = new EventHeap<Item>();
  /** The in-flight map, built from the queue when asked for (null: stale). */
  private flightCache: Map<number, Envelope> | null = null;
  private nodes: NodeRuntime[];
  private index = new Map<NodeId, number>();
  private links: LinkRuntime[];
  private hash = new TraceHash();
  private monitors: MonitorSet<unknown> | null;

  // The event being processed.
  private cur: TraceEvent | null = null;
  private curNode = -1;
  /** Envelopes the current event sent: sentBuf[0..sentN), a buffer reused by every event. */
  private sentBuf: Envelope[] = [];
  private sentN = 0;
  /** Set when the current event removed messages from flight after it began (a crash). */
  private curLost = false;
  /** traceLevel !== 'off': events are built as objects. */
  private readonly tracing: boolean;
  private readonly keepTrace: boolean;
  /** Nodes the current event touched: `touchedOne` (reused) for the usual single node. */
  private touched: number[] = NO_NODES;
  private readonly touchedOne: number[] = [0];
  /**
   * Ids of messages taken out of flight before their arrival (a crash, a user's deliver or
   * drop): their queue items are skipped when they come up. Usually empty, so a popped message
   * needs no lookup to know it is still in flight.
   */
  private cancelled = new Set<number>();
  private readonly ctx: Ctx<unknown> & { now: Time; self: NodeId };
  readonly view: SimView<unknown>;

  constructor(protocol: AnyProtocol, opts: SimOptions) {
    this.protocol = protocol;
    this.config = opts.config;
    this.seed = opts.seed >>> 0;
    this.traceLevel = opts.trace ?? 'light';
    this.tracing = this.traceLevel !== 'off';
    this.stopOnViolation = opts.stopOnViolation ?? false;
    this.trace = opts.traceArray ?? [];
    this.keepTrace = opts.keepTrace ?? true;
    this.baseLink = { ...DEFAULT_LINK, ...(opts.link ?? {}) };
    this.rngStreams = opts.rngStreams ?? 'single';
    this.rng = new Prng(this.rngStreams === 'split' ? Prng.derive(this.seed, NETWORK_STREAM) : this.seed);
    this.specs = protocol.nodes(opts.config);
    this.nodeIds = this.specs.map((s) => s.id);
    this.nodeRngs = this.nodeIds.map((id) => (this.rngStreams === 'split' ? new Prng(Prng.derive(this.seed, nodeStream(id))) : this.rng));
    this.specs.forEach((s, i) => this.index.set(s.id, i));
    this.nodes = this.specs.map((spec) => ({
      spec,
      state: protocol.init(spec, opts.config),
      up: true,
      timers: new Map(),
    }));
    const n = this.nodes.length;
    this.links = [];
    for (let i = 0; i < n * n; i++) this.links.push({ params: { ...this.baseLink }, cut: false, cutUntil: null, gen: 0 });
    this.monitors = opts.monitors === false ? null : (protocol.monitors(opts.config) as MonitorSet<unknown>);

    this.ctx = {
      now: 0,
      self: '',
      send: (to, msg) => this.send(this.curNode, to, msg),
      setTimer: (name, delay) => this.setTimer(this.curNode, name, delay),
      clearTimer: (name) => {
        this.nodes[this.curNode]!.timers.delete(name);
      },
      hasTimer: (name) => this.nodes[this.curNode]!.timers.has(name),
      elapsed: (since, duration) => this.ctx.now - since >= duration,
      random: () => this.handlerRng().next(),
      randomInt: (lo, hi) => this.handlerRng().int(lo, hi),
      probe: (name) => {
        this.probes.set(name, (this.probes.get(name) ?? 0) + 1);
        if (this.cur) (this.cur.probes === NONE ? (this.cur.probes = []) : this.cur.probes).push(name);
      },
      note: (rule, text) => {
        if (this.cur && this.traceLevel === 'full') (this.cur.notes === NONE ? (this.cur.notes = []) : this.cur.notes).push({ rule, text: text() } satisfies Note);
      },
    };
    const view = {
      nodeIds: this.nodeIds,
      state: (id: NodeId) => this.nodes[this.idx(id)]!.state,
      stateAt: (i: number) => this.nodes[i]!.state,
      isUp: (id: NodeId) => this.nodes[this.idx(id)]!.up,
      isUpAt: (i: number) => this.nodes[i]!.up,
    };
    Object.defineProperties(view, {
      now: { get: () => this.now, enumerable: true },
      eventCount: { get: () => this.eventCount, enumerable: true },
    });
    this.view = view as typeof view & { readonly now: Time; readonly eventCount: number };

    // Boot every node at time 0. Booting is not an event: it is part of the initial state.
    for (let i = 0; i < n; i++) {
      this.curNode = i;
      this.ctx.self = this.nodeIds[i]!;
      this.ctx.now = 0;
      protocol.start(this.ctx, this.nodes[i]!.state, this.config);
    }
    this.curNode = -1;
  }

  /** The stream of the node whose handler runs (the network's outside any handler). */
  private handlerRng(): Prng {
    return this.curNode >= 0 ? this.nodeRngs[this.curNode]! : this.rng;
  }

  // ---------------------------------------------------------------- lookups

  idx(id: NodeId): number {
    const i = this.index.get(id);
    if (i === undefined) throw new ActionError(`unknown node '${String(id).slice(0, 40)}'`);
    return i;
  }

  hasNode(id: NodeId): boolean {
    return this.index.has(id);
  }

  state<S = unknown>(id: NodeId): S {
    return this.nodes[this.idx(id)]!.state as S;
  }

  isUp(id: NodeId): boolean {
    return this.nodes[this.idx(id)]!.up;
  }

  link(from: NodeId, to: NodeId): LinkState {
    return this.links[this.idx(from) * this.nodes.length + this.idx(to)]!;
  }

  timers(id: NodeId): { name: string; t: Time }[] {
    return [...this.nodes[this.idx(id)]!.timers].map(([name, v]) => ({ name, t: v.t }));
  }

  get traceHash(): string {
    return this.hash.hex();
  }

  get monitorProperties(): readonly string[] {
    return this.monitors?.properties ?? [];
  }

  /**
   * Messages in flight by id, in id order. Read-only: built from the event queue when asked for
   * and cached until the next change, so the event loop keeps no map of its own.
   */
  get inFlight(): ReadonlyMap<number, Envelope> {
    if (!this.flightCache) {
      const list: Envelope[] = [];
      const q = this.queue;
      for (let i = 0; i < q.size; i++) {
        if ((q.tagAt(i) & 3) !== MSG) continue;
        const env = q.itemAt(i) as Envelope;
        if (!this.cancelled.has(env.id)) list.push(env);
      }
      list.sort((a, b) => a.id - b.id);
      const m = new Map<number, Envelope>();
      for (const env of list) m.set(env.id, env);
      this.flightCache = m;
    }
    return this.flightCache;
  }

  /** Take a queued message out of flight before its arrival (its queue item is skipped later). */
  private cancel(id: number): void {
    this.cancelled.add(id);
    this.flightCache = null;
  }

  /** Messages in flight, in id order. */
  messages(): Envelope[] {
    return [...this.inFlight.values()];
  }

  /** Time of the next event in the queue, or null when the queue is empty. */
  nextEventTime(): Time | null {
    return this.topValid() ? this.queue.topT() : null;
  }

  // ---------------------------------------------------------------- network and timers

  private send(fromIdx: number, to: NodeId, msg: unknown): void {
    const toIdx = this.idx(to);
    const link = this.links[fromIdx * this.nodes.length + toIdx]!;
    const p = link.params;
    const from = this.nodeIds[fromIdx]!;
    const lost = this.rng.chance(p.loss);
    const env: Envelope = {
      id: this.nextMsgId++,
      from,
      to,
      msg,
      sentAt: this.now,
      deliverAt: roundUs(this.now + drawLatency(p, this.rng)),
      fate: lost ? 'loss' : 'deliver',
      dupOf: null,
    };
    const li = fromIdx * this.nodes.length + toIdx;
    this.enqueue(env, li);
    if (this.rng.chance(p.dup)) {
      const copy: Envelope = {
        ...env,
        id: this.nextMsgId++,
        deliverAt: roundUs(this.now + drawLatency(p, this.rng)),
        fate: this.rng.chance(p.loss) ? 'loss' : 'deliver',
        dupOf: env.id,
      };
      this.enqueue(copy, li);
    }
  }

  /** Queue a message on link `li` (from·n + to). */
  private enqueue(env: Envelope, li: number): void {
    this.flightCache = null;
    this.queue.push(env, env.deliverAt, this.seq++, (li << 2) | MSG);
    this.sentBuf[this.sentN++] = env;
    // The event's own list exists only in the trace.
    if (this.cur) (this.cur.sent === NONE ? (this.cur.sent = []) : this.cur.sent).push(env);
  }

  private setTimer(nodeIdx: number, name: string, delay: number): void {
    const gen = ++this.timerGen;
    const t = roundUs(this.now + Math.max(0, delay));
    const item: TimerItem = { name, gen, t };
    this.nodes[nodeIdx]!.timers.set(name, item);
    this.queue.push(item, t, this.seq++, (nodeIdx << 2) | TIMER);
    if (this.cur) (this.cur.timers === NONE ? (this.cur.timers = []) : this.cur.timers).push([this.nodeIds[nodeIdx]!, name, t]);
  }

  /**
   * Drop stale entries from the top of the queue (a timer reset, cleared or lost in a crash, a
   * message taken out of flight early, a cut healed before its end). True when a live entry is on top.
   */
  private topValid(): boolean {
    const q = this.queue;
    while (q.size > 0) {
      const tag = q.topTag();
      const kind = tag & 3;
      if (kind === MSG) {
        // In flight unless cancelled: usually nothing is, and the envelope is not even read here.
        if (this.cancelled.size === 0) return true;
        const id = (q.top() as Envelope).id;
        if (!this.cancelled.has(id)) return true;
        this.cancelled.delete(id);
      } else if (kind === TIMER) {
        const node = this.nodes[tag >> 2]!;
        const item = q.top() as TimerItem;
        if (node.up && node.timers.get(item.name)?.gen === item.gen) return true;
      } else {
        const link = this.links[tag >> 2]!;
        if (link.cut && link.gen === (q.top() as HealItem).gen) return true;
      }
      q.pop();
    }
    return false;
  }

  // ---------------------------------------------------------------- events

  /** Start an event. `action` may be null only when not tracing (it is built for the trace only). */
  private begin(node: number, action: Action | null, source: 'auto' | 'user'): void {
    this.curNode = node;
    this.sentN = 0;
    this.curLost = false;
    if (node >= 0) {
      this.touchedOne[0] = node;
      this.touched = this.touchedOne;
      this.ctx.self = this.nodeIds[node]!;
    } else this.touched = NO_NODES;
    this.ctx.now = this.now;
    if (this.tracing) {
      this.cur = {
        i: this.eventCount,
        t: this.now,
        node: node >= 0 ? this.nodeIds[node]! : null,
        action: action!,
        source,
        sent: NONE,
        timers: NONE,
        dropped: NONE,
        notes: NONE,
        probes: NONE,
      };
    }
  }

  private withChanges<T>(node: number, fn: () => T): T {
    const before = node < 0 ? null : this.summaryBefore(node);
    if (!before) return fn();
    const r = fn();
    this.recordChanges(node, before);
    return r;
  }

  private touch(i: number): void {
    if (this.touched === this.touchedOne) this.touched = [this.touchedOne[0]!, i];
    else if (this.touched === NO_NODES) this.touched = [i];
    else this.touched.push(i);
  }

  /** Summary of a node before a handler runs, for the trace's state changes (trace level 'full' only). */
  private summaryBefore(node: number): Record<string, unknown> | null {
    return this.traceLevel === 'full' && this.cur ? this.protocol.summary(this.nodes[node]!.state) : null;
  }

  private recordChanges(node: number, before: Record<string, unknown>): void {
    const after = this.protocol.summary(this.nodes[node]!.state);
    const changes: Record<string, [unknown, unknown]> = {};
    let any = false;
    for (const k in after) {
      if (before[k] !== after[k]) {
        changes[k] = [before[k], after[k]];
        any = true;
      }
    }
    if (any && this.cur) this.cur.changes = { ...(this.cur.changes ?? {}), ...changes };
  }

  /** Close the event: fold it into the hash, record it, run the monitors. `code` is the action's ACTION_CODES. */
  private end(code: number, msg: Envelope | null): TraceEvent | null {
    const h = this.hash;
    h.word(this.eventCount);
    h.num(this.now);
    h.word(code);
    h.word(this.curNode);
    if (msg) {
      h.word(msg.id);
      h.word(this.protocol.messageDigest(msg.msg));
    }
    const sent = this.sentBuf;
    for (let k = 0; k < this.sentN; k++) {
      const env = sent[k]!;
      h.word(env.id);
      // -1 for a message no longer in flight at the end of its own event. Only a crash takes
      // messages out of flight after its event began, so only then is the map consulted.
      h.num(!this.curLost || this.inFlight.has(env.id) ? env.deliverAt : -1);
    }
    const touched = this.touched;
    for (let k = 0; k < touched.length; k++) h.word(this.protocol.digest(this.nodes[touched[k]!]!.state) | 0);
    const ev = this.cur;
    if (ev && this.keepTrace) this.trace[this.eventCount] = ev;
    const index = this.eventCount;
    this.eventCount++;
    if (this.monitors) {
      const v = this.monitors.afterEvent(this.view, this.touched, index);
      if (v.length) {
        for (const x of v) {
          x.t = this.now;
          this.violations.push(x);
        }
      }
    }
    this.cur = null;
    this.curNode = -1;
    return ev;
  }

  private dropEvent(env: Envelope, reason: DropReason, source: 'auto' | 'user'): TraceEvent | null {
    this.flightCache = null;
    this.begin(-1, this.tracing ? { type: 'drop', msg: env.id } : null, source);
    if (this.cur) {
      this.cur.node = env.to;
      this.cur.msg = env;
      this.cur.dropReason = reason;
    }
    return this.end(CODE_DROP, env);
  }

  private deliverEvent(env: Envelope, to: number, source: 'auto' | 'user'): TraceEvent | null {
    this.flightCache = null;
    this.begin(to, this.tracing ? { type: 'deliver', msg: env.id } : null, source);
    if (this.cur) this.cur.msg = env;
    const node = this.nodes[to]!;
    const before = this.summaryBefore(to);
    this.protocol.onMessage(this.ctx, node.state, env.from, env.msg, this.config);
    if (before) this.recordChanges(to, before);
    return this.end(CODE_DELIVER, env);
  }

  private fireEvent(nodeIdx: number, name: string, source: 'auto' | 'user'): TraceEvent | null {
    const node = this.nodes[nodeIdx]!;
    node.timers.delete(name);
    this.begin(nodeIdx, this.tracing ? { type: 'fire', node: this.nodeIds[nodeIdx]!, timer: name } : null, source);
    const before = this.summaryBefore(nodeIdx);
    this.protocol.onTimer(this.ctx, node.state, name, this.config);
    if (before) this.recordChanges(nodeIdx, before);
    return this.end(CODE_FIRE, null);
  }

  /** True once a violation was found and the run is set to stop on the first one. */
  get halted(): boolean {
    return this.stopOnViolation && this.violations.length > 0;
  }

  /**
   * Process the next scheduled event. Returns the event (undefined at trace level 'off', where no
   * event object is built), or null when nothing was processed (nothing scheduled, or halted).
   */
  step(): TraceEvent | null | undefined {
    if (this.halted) return null;
    if (!this.topValid()) return null;
    return this.stepTop() ?? undefined;
  }

  /** Process the (valid) top entry of the queue. */
  private stepTop(): TraceEvent | null {
    const q = this.queue;
    const t = q.topT();
    const tag = q.topTag();
    const item = q.pop()!;
    if (t > this.now) this.now = t;
    const kind = tag & 3;
    const index = tag >> 2;
    if (kind === MSG) {
      const env = item as Envelope;
      if (env.fate === 'loss') return this.dropEvent(env, 'loss', 'auto');
      if (this.links[index]!.cut) return this.dropEvent(env, 'cut', 'auto');
      const to = index % this.nodes.length;
      if (!this.nodes[to]!.up) return this.dropEvent(env, 'down', 'auto');
      return this.deliverEvent(env, to, 'auto');
    }
    if (kind === TIMER) return this.fireEvent(index, (item as TimerItem).name, 'auto');
    // A timed cut expires.
    const n = this.nodes.length;
    const from = this.nodeIds[Math.floor(index / n)]!;
    const to = this.nodeIds[index % n]!;
    this.begin(-1, { type: 'heal', from, to }, 'auto');
    const link = this.links[index]!;
    link.cut = false;
    link.cutUntil = null;
    return this.end(ACTION_CODES.heal, null);
  }

  /** Process every event scheduled at or before `t`, then set the clock to `t`. */
  runUntil(t: Time, maxEvents = Infinity): number {
    let n = 0;
    while (n < maxEvents && !this.halted) {
      if (!this.topValid() || this.queue.topT() > t) break;
      this.stepTop();
      n++;
    }
    if (!this.halted && n < maxEvents && t > this.now) this.now = t;
    return n;
  }

  /** Process up to `count` scheduled events; returns how many were processed (whatever the trace level). */
  runEvents(count: number): number {
    let n = 0;
    // step() returns undefined for an event processed untraced: only null means "nothing".
    while (n < count && this.step() !== null) n++;
    return n;
  }

  // ---------------------------------------------------------------- user actions

  /** Check an action without applying it. Returns a human-readable reason, or null if it can be applied. */
  validate(action: Action): string | null {
    try {
      this.check(action);
      return null;
    } catch (e) {
      if (e instanceof ActionError) return e.message;
      throw e;
    }
  }

  private check(a: Action): void {
    const upNode = (id: NodeId, verb: string) => {
      if (!this.nodes[this.idx(id)]!.up) throw new ActionError(`cannot ${verb} ${id}: it is down`);
    };
    const msgOf = (id: number) => {
      const env = this.inFlight.get(id);
      if (!env) throw new ActionError(`message #${id} is not in flight`);
      return env;
    };
    const pair = (from: NodeId, to: NodeId) => {
      this.idx(from);
      this.idx(to);
      if (from === to) throw new ActionError(`a link joins two different nodes (got ${from}→${to})`);
    };
    switch (a.type) {
      case 'deliver': {
        const env = msgOf(a.msg);
        if (!this.nodes[this.idx(env.to)]!.up) throw new ActionError(`cannot deliver #${a.msg}: ${env.to} is down`);
        if (this.link(env.from, env.to).cut) throw new ActionError(`cannot deliver #${a.msg}: link ${env.from}→${env.to} is cut`);
        return;
      }
      case 'drop':
      case 'duplicate':
        msgOf(a.msg);
        return;
      case 'fire':
        upNode(a.node, 'fire a timer on');
        if (!this.nodes[this.idx(a.node)]!.timers.has(a.timer)) throw new ActionError(`${a.node} has no timer '${a.timer}' armed`);
        return;
      case 'crash':
        if (!a.wipe) upNode(a.node, 'crash');
        else this.idx(a.node);
        return;
      case 'restart':
        if (this.nodes[this.idx(a.node)]!.up) throw new ActionError(`cannot restart ${a.node}: it is up`);
        return;
      case 'cut':
        pair(a.from, a.to);
        if (a.duration !== undefined && !(Number.isFinite(a.duration) && a.duration > 0)) throw new ActionError('a cut lasts a positive number of ms');
        return;
      case 'heal':
      case 'link':
        pair(a.from, a.to);
        if (a.type === 'link') {
          for (const [k, v] of Object.entries(a.params)) {
            if (!(k in DEFAULT_LINK)) throw new ActionError(`unknown link parameter '${k.slice(0, 40)}'`);
            if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ActionError(`link parameter ${k} must be a number ≥ 0`);
            if ((k === 'loss' || k === 'dup' || k === 'tailProb') && v > 1) throw new ActionError(`link parameter ${k} is a probability (0–1)`);
          }
        }
        return;
      case 'healAll':
        return;
      case 'write':
        this.idx(a.node);
        if (a.command !== undefined && (typeof a.command !== 'string' || a.command.length > 200)) throw new ActionError('a command is a string of at most 200 characters');
        return;
      case 'operator':
        if (!this.protocol.operator || !(this.protocol.operators ?? []).includes(a.name))
          throw new ActionError(`unknown operator action '${String(a.name).slice(0, 40)}'`);
        if (a.node !== undefined) this.idx(a.node);
        return;
      default:
        throw new ActionError(`unknown action type '${String((a as { type: unknown }).type).slice(0, 40)}'`);
    }
  }

  /** Apply a user action now. Throws ActionError (and changes nothing) when it cannot be applied. */
  apply(a: Action): TraceEvent | null {
    this.check(a);
    switch (a.type) {
      case 'deliver': {
        const env = this.inFlight.get(a.msg)!;
        this.cancel(a.msg);
        return this.deliverEvent(env, this.idx(env.to), 'user');
      }
      case 'drop': {
        const env = this.inFlight.get(a.msg)!;
        this.cancel(a.msg);
        return this.dropEvent(env, 'user', 'user');
      }
      case 'duplicate': {
        const env = this.inFlight.get(a.msg)!;
        this.begin(-1, a, 'user');
        const li = this.idx(env.from) * this.nodes.length + this.idx(env.to);
        const copy: Envelope = {
          ...env,
          id: this.nextMsgId++,
          sentAt: this.now,
          deliverAt: roundUs(this.now + drawLatency(this.links[li]!.params, this.rng)),
          fate: 'deliver',
          dupOf: env.id,
        };
        this.enqueue(copy, li);
        return this.end(ACTION_CODES[a.type], env);
      }
      case 'fire':
        return this.fireEvent(this.idx(a.node), a.timer, 'user');
      case 'crash': {
        const i = this.idx(a.node);
        const node = this.nodes[i]!;
        this.begin(i, a, 'user');
        this.withChanges(i, () => {
          node.state = this.protocol.crash(node.state, node.spec, this.config, a.wipe === true);
          node.up = false;
          node.timers.clear();
        });
        for (const env of [...this.inFlight.values()]) {
          if (env.to === a.node) {
            this.cancel(env.id);
            this.curLost = true;
            if (this.cur) (this.cur.dropped === NONE ? (this.cur.dropped = []) : this.cur.dropped).push(env);
          }
        }
        return this.end(ACTION_CODES[a.type], null);
      }
      case 'restart':
        this.begin(this.idx(a.node), a, 'user');
        this.restartNode(this.idx(a.node));
        return this.end(ACTION_CODES[a.type], null);
      case 'cut':
      case 'heal':
      case 'link': {
        this.begin(-1, a, 'user');
        const pairs: [NodeId, NodeId][] = [[a.from, a.to]];
        if (a.both) pairs.push([a.to, a.from]);
        for (const [f, t] of pairs) {
          const li = this.idx(f) * this.nodes.length + this.idx(t);
          const link = this.links[li]!;
          if (a.type === 'cut') {
            link.cut = true;
            link.gen++;
            link.cutUntil = a.duration ? this.now + a.duration : null;
            if (a.duration) this.queue.push({ gen: link.gen } satisfies HealItem, this.now + a.duration, this.seq++, (li << 2) | HEAL);
          } else if (a.type === 'heal') {
            link.cut = false;
            link.cutUntil = null;
          } else {
            link.params = { ...link.params, ...a.params };
          }
        }
        return this.end(ACTION_CODES[a.type], null);
      }
      case 'healAll': {
        this.begin(-1, a, 'user');
        for (const link of this.links) {
          link.cut = false;
          link.cutUntil = null;
          link.params = { ...this.baseLink };
        }
        for (let i = 0; i < this.nodes.length; i++) {
          if (!this.nodes[i]!.up) {
            this.touch(i);
            this.restartNode(i);
          }
        }
        return this.end(ACTION_CODES[a.type], null);
      }
      case 'write': {
        const i = this.idx(a.node);
        const command = a.command ?? `w${++this.writeSeq}`;
        this.begin(i, a, 'user');
        let result: ClientWriteResult;
        if (!this.nodes[i]!.up) result = { status: 'rejected', reason: `${a.node} is down` };
        else result = this.withChanges(i, () => this.protocol.onClientWrite(this.ctx, this.nodes[i]!.state, command, this.config));
        if (result.status === 'redirect' && result.to !== undefined) {
          const j = this.idx(result.to);
          if (!this.nodes[j]!.up) result = { status: 'rejected', reason: `${a.node} redirected to ${result.to}, which is down` };
          else {
            this.touch(j);
            this.curNode = j;
            this.ctx.self = result.to;
            const r2 = this.withChanges(j, () => this.protocol.onClientWrite(this.ctx, this.nodes[j]!.state, command, this.config));
            // The combined result is only recorded in the trace: not built when untraced.
            if (this.cur) {
              result = r2.status === 'appended' ? { ...r2, to: result.to, status: 'appended' } : { ...r2, reason: r2.reason ?? 'redirect failed' };
              if (r2.status === 'appended') result.reason = `redirected from ${a.node}`;
            }
          }
        }
        if (this.cur) this.cur.write = { ...result, command };
        return this.end(ACTION_CODES[a.type], null);
      }
      case 'operator': {
        this.begin(a.node ? this.idx(a.node) : -1, a, 'user');
        const opCtx: OperatorContext<unknown, unknown> = {
          now: this.now,
          nodeIds: this.nodeIds,
          state: (id) => this.nodes[this.idx(id)]!.state,
          isUp: (id) => this.nodes[this.idx(id)]!.up,
          replaceState: (id, state) => {
            const i = this.idx(id);
            this.nodes[i]!.state = state;
            this.nodes[i]!.timers.clear();
            this.nodes[i]!.up = true;
            if (!this.touched.includes(i)) this.touch(i);
            const saved = this.curNode;
            this.curNode = i;
            this.ctx.self = id;
            this.protocol.start(this.ctx, state, this.config);
            this.curNode = saved;
          },
          runAt: (id, fn) => {
            const i = this.idx(id);
            if (!this.touched.includes(i)) this.touch(i);
            const saved = this.curNode;
            this.curNode = i;
            this.ctx.self = id;
            this.withChanges(i, () => fn(this.ctx, this.nodes[i]!.state));
            this.curNode = saved;
          },
        };
        const err = this.protocol.operator!({ name: a.name, node: a.node, args: a.args }, opCtx, this.config);
        if (err && this.cur) this.cur.error = err;
        return this.end(ACTION_CODES[a.type], null);
      }
    }
  }

  private restartNode(i: number): void {
    const node = this.nodes[i]!;
    const saved = this.curNode;
    this.curNode = i;
    this.ctx.self = this.nodeIds[i]!;
    this.withChanges(i, () => {
      node.up = true;
      node.timers.clear();
      this.protocol.start(this.ctx, node.state, this.config);
    });
    this.curNode = saved;
  }

  // ---------------------------------------------------------------- snapshots

  snapshot(): Snapshot {
    return {
      now: this.now,
      seq: this.seq,
      nextMsgId: this.nextMsgId,
      timerGen: this.timerGen,
      writeSeq: this.writeSeq,
      rng: this.rng.getState(),
      nodeRngs: this.rngStreams === 'split' ? this.nodeRngs.map((r) => r.getState()) : null,
      queue: this.queue.save(),
      cancelled: [...this.cancelled],
      nodes: this.nodes.map((n) => ({ state: this.protocol.clone(n.state), up: n.up, timers: [...n.timers] })),
      links: this.links.map((l) => ({ ...l, params: { ...l.params } })),
      eventCount: this.eventCount,
      hash: this.hash.state,
      monitors: this.monitors ? this.monitors.clone() : null,
      violations: this.violations.slice(),
      probes: [...this.probes],
    };
  }

  /** Restore a snapshot. The shared trace array is not truncated: the timeline decides. */
  restore(s: Snapshot, opts: { monitors?: boolean } = {}): void {
    this.now = s.now;
    this.seq = s.seq;
    this.nextMsgId = s.nextMsgId;
    this.timerGen = s.timerGen;
    this.writeSeq = s.writeSeq;
    this.rng.setState(s.rng);
    if (s.nodeRngs) s.nodeRngs.forEach((st, i) => this.nodeRngs[i]!.setState(st));
    this.queue.load(s.queue);
    this.flightCache = null;
    this.cancelled = new Set(s.cancelled);
    this.nodes.forEach((n, i) => {
      const src = s.nodes[i]!;
      n.state = this.protocol.clone(src.state);
      n.up = src.up;
      n.timers = new Map(src.timers);
    });
    this.links = s.links.map((l) => ({ ...l, params: { ...l.params } }));
    this.eventCount = s.eventCount;
    this.hash.state = s.hash;
    // Without monitors (a replay that only re-derives events): nothing is checked, nothing cloned.
    this.monitors = s.monitors && opts.monitors !== false ? s.monitors.clone() : null;
    this.violations = s.violations.slice();
    this.probes = new Map(s.probes);
  }
}

export { strDigest };
