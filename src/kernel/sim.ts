// The simulation kernel: virtual time, an event queue ordered by (time, seq), a network of
// directed links, timers, crashes, and the trace. Protocol-agnostic: everything a protocol
// does goes through the `Protocol` interface.

import { EventQueue } from './heap';
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
}

interface MsgItem {
  t: number;
  seq: number;
  kind: 0;
  env: Envelope;
}
interface TimerItem {
  t: number;
  seq: number;
  kind: 1;
  node: number;
  name: string;
  gen: number;
}
interface HealItem {
  t: number;
  seq: number;
  kind: 2;
  link: number;
  gen: number;
}
type Item = MsgItem | TimerItem | HealItem;

interface NodeRuntime {
  spec: NodeSpec;
  state: unknown;
  up: boolean;
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
  rng: PrngState;
  queue: Item[];
  inFlight: [number, Envelope][];
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

  private rng: Prng;
  private seq = 0;
  private nextMsgId = 1;
  private timerGen = 0;
  private writeSeq = 0;
  private queue = new EventQueue<Item>();
  inFlight = new Map<number, Envelope>();
  private nodes: NodeRuntime[];
  private index = new Map<NodeId, number>();
  private links: LinkRuntime[];
  private hash = new TraceHash();
  private monitors: MonitorSet<unknown> | null;

  // The event being processed.
  private cur: TraceEvent | null = null;
  private curNode = -1;
  private curSent: Envelope[] = [];
  private touched: number[] = [];
  private readonly ctx: Ctx<unknown> & { now: Time; self: NodeId };
  readonly view: SimView<unknown>;

  constructor(protocol: AnyProtocol, opts: SimOptions) {
    this.protocol = protocol;
    this.config = opts.config;
    this.seed = opts.seed >>> 0;
    this.traceLevel = opts.trace ?? 'light';
    this.stopOnViolation = opts.stopOnViolation ?? false;
    this.trace = opts.traceArray ?? [];
    this.baseLink = { ...DEFAULT_LINK, ...(opts.link ?? {}) };
    this.rng = new Prng(this.seed);
    this.specs = protocol.nodes(opts.config);
    this.nodeIds = this.specs.map((s) => s.id);
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

    const sim = this;
    this.ctx = {
      now: 0,
      self: '',
      send(to, msg) {
        sim.send(sim.curNode, to, msg);
      },
      setTimer(name, delay) {
        sim.setTimer(sim.curNode, name, delay);
      },
      clearTimer(name) {
        sim.nodes[sim.curNode]!.timers.delete(name);
      },
      hasTimer(name) {
        return sim.nodes[sim.curNode]!.timers.has(name);
      },
      random() {
        return sim.rng.next();
      },
      randomInt(lo, hi) {
        return sim.rng.int(lo, hi);
      },
      probe(name) {
        sim.probes.set(name, (sim.probes.get(name) ?? 0) + 1);
        if (sim.cur) (sim.cur.probes === NONE ? (sim.cur.probes = []) : sim.cur.probes).push(name);
      },
      note(rule, text) {
        if (sim.cur && sim.traceLevel === 'full') (sim.cur.notes === NONE ? (sim.cur.notes = []) : sim.cur.notes).push({ rule, text: text() } satisfies Note);
      },
    };
    this.view = {
      get now() {
        return sim.now;
      },
      get eventCount() {
        return sim.eventCount;
      },
      nodeIds: this.nodeIds,
      state: (id) => sim.nodes[sim.idx(id)]!.state,
      stateAt: (i) => sim.nodes[i]!.state,
      isUp: (id) => sim.nodes[sim.idx(id)]!.up,
      isUpAt: (i) => sim.nodes[i]!.up,
    };

    // Boot every node at time 0. Booting is not an event: it is part of the initial state.
    for (let i = 0; i < n; i++) {
      this.curNode = i;
      this.ctx.self = this.nodeIds[i]!;
      this.ctx.now = 0;
      protocol.start(this.ctx, this.nodes[i]!.state, this.config);
    }
    this.curNode = -1;
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

  /** Messages in flight, in id order. */
  messages(): Envelope[] {
    return [...this.inFlight.values()];
  }

  /** Time of the next event in the queue, or null when the queue is empty. */
  nextEventTime(): Time | null {
    const item = this.peekValid();
    return item ? item.t : null;
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
    this.enqueue(env);
    if (this.rng.chance(p.dup)) {
      const copy: Envelope = {
        ...env,
        id: this.nextMsgId++,
        deliverAt: roundUs(this.now + drawLatency(p, this.rng)),
        fate: this.rng.chance(p.loss) ? 'loss' : 'deliver',
        dupOf: env.id,
      };
      this.enqueue(copy);
    }
  }

  private enqueue(env: Envelope): void {
    this.inFlight.set(env.id, env);
    this.queue.push({ t: env.deliverAt, seq: this.seq++, kind: 0, env });
    if (this.curSent === NONE) {
      this.curSent = [];
      if (this.cur) this.cur.sent = this.curSent;
    }
    this.curSent.push(env);
  }

  private setTimer(nodeIdx: number, name: string, delay: number): void {
    const gen = ++this.timerGen;
    const t = roundUs(this.now + Math.max(0, delay));
    this.nodes[nodeIdx]!.timers.set(name, { gen, t });
    this.queue.push({ t, seq: this.seq++, kind: 1, node: nodeIdx, name, gen });
    if (this.cur) (this.cur.timers === NONE ? (this.cur.timers = []) : this.cur.timers).push([this.nodeIds[nodeIdx]!, name, t]);
  }

  private isValid(item: Item): boolean {
    if (item.kind === 0) return this.inFlight.get(item.env.id) === item.env;
    if (item.kind === 1) {
      const node = this.nodes[item.node]!;
      return node.up && node.timers.get(item.name)?.gen === item.gen;
    }
    const link = this.links[item.link]!;
    return link.cut && link.gen === item.gen;
  }

  private peekValid(): Item | undefined {
    for (;;) {
      const item = this.queue.peek();
      if (!item || this.isValid(item)) return item;
      this.queue.pop();
    }
  }

  // ---------------------------------------------------------------- events

  private begin(node: number, action: Action, source: 'auto' | 'user'): void {
    this.curNode = node;
    this.curSent = NONE;
    this.touched.length = 0;
    if (node >= 0) {
      this.touched.push(node);
      this.ctx.self = this.nodeIds[node]!;
    }
    this.ctx.now = this.now;
    if (this.traceLevel !== 'off') {
      this.cur = {
        i: this.eventCount,
        t: this.now,
        node: node >= 0 ? this.nodeIds[node]! : null,
        action,
        source,
        sent: this.curSent,
        timers: NONE,
        dropped: NONE,
        notes: NONE,
        probes: NONE,
      };
    }
  }

  private withChanges<T>(node: number, fn: () => T): T {
    if (this.traceLevel !== 'full' || node < 0 || !this.cur) return fn();
    const before = this.protocol.summary(this.nodes[node]!.state);
    const r = fn();
    const after = this.protocol.summary(this.nodes[node]!.state);
    const changes: Record<string, [unknown, unknown]> = {};
    let any = false;
    for (const k in after) {
      if (before[k] !== after[k]) {
        changes[k] = [before[k], after[k]];
        any = true;
      }
    }
    if (any) this.cur.changes = { ...(this.cur.changes ?? {}), ...changes };
    return r;
  }

  private end(action: Action, msg: Envelope | null): TraceEvent | null {
    const h = this.hash;
    h.word(this.eventCount);
    h.num(this.now);
    h.word(ACTION_CODES[action.type]);
    h.word(this.curNode);
    if (msg) {
      h.word(msg.id);
      h.word(this.protocol.messageDigest(msg.msg));
    }
    for (const env of this.curSent) {
      h.word(env.id);
      // -1 for a message no longer in flight at the end of its own event (as before: by id).
      h.num(this.inFlight.has(env.id) ? env.deliverAt : -1);
    }
    for (const n of this.touched) h.word(this.protocol.digest(this.nodes[n]!.state) | 0);
    const ev = this.cur;
    if (ev) this.trace[this.eventCount] = ev;
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
    this.inFlight.delete(env.id);
    const action: Action = { type: 'drop', msg: env.id };
    this.begin(-1, action, source);
    if (this.cur) {
      this.cur.node = env.to;
      this.cur.msg = env;
      this.cur.dropReason = reason;
    }
    return this.end(action, env);
  }

  private deliverEvent(env: Envelope, source: 'auto' | 'user'): TraceEvent | null {
    this.inFlight.delete(env.id);
    const to = this.idx(env.to);
    const action: Action = { type: 'deliver', msg: env.id };
    this.begin(to, action, source);
    if (this.cur) this.cur.msg = env;
    const node = this.nodes[to]!;
    this.withChanges(to, () => this.protocol.onMessage(this.ctx, node.state, env.from, env.msg, this.config));
    return this.end(action, env);
  }

  private fireEvent(nodeIdx: number, name: string, source: 'auto' | 'user'): TraceEvent | null {
    const node = this.nodes[nodeIdx]!;
    node.timers.delete(name);
    const action: Action = { type: 'fire', node: this.nodeIds[nodeIdx]!, timer: name };
    this.begin(nodeIdx, action, source);
    this.withChanges(nodeIdx, () => this.protocol.onTimer(this.ctx, node.state, name, this.config));
    return this.end(action, null);
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
    const item = this.peekValid();
    if (!item) return null;
    return this.stepItem(item) ?? undefined;
  }

  private stepItem(item: Item): TraceEvent | null {
    this.queue.pop();
    if (item.t > this.now) this.now = item.t;
    if (item.kind === 0) {
      const env = item.env;
      const li = this.idx(env.from) * this.nodes.length + this.idx(env.to);
      if (env.fate === 'loss') return this.dropEvent(env, 'loss', 'auto');
      if (this.links[li]!.cut) return this.dropEvent(env, 'cut', 'auto');
      if (!this.nodes[this.idx(env.to)]!.up) return this.dropEvent(env, 'down', 'auto');
      return this.deliverEvent(env, 'auto');
    }
    if (item.kind === 1) return this.fireEvent(item.node, item.name, 'auto');
    // A timed cut expires.
    const n = this.nodes.length;
    const from = this.nodeIds[Math.floor(item.link / n)]!;
    const to = this.nodeIds[item.link % n]!;
    const action: Action = { type: 'heal', from, to };
    this.begin(-1, action, 'auto');
    const link = this.links[item.link]!;
    link.cut = false;
    link.cutUntil = null;
    return this.end(action, null);
  }

  /** Process every event scheduled at or before `t`, then set the clock to `t`. */
  runUntil(t: Time, maxEvents = Infinity): number {
    let n = 0;
    while (n < maxEvents && !this.halted) {
      const next = this.nextEventTime();
      if (next === null || next > t) break;
      this.step();
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
      case 'deliver':
        return this.deliverEvent(this.inFlight.get(a.msg)!, 'user');
      case 'drop':
        return this.dropEvent(this.inFlight.get(a.msg)!, 'user', 'user');
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
        this.enqueue(copy);
        return this.end(a, env);
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
            this.inFlight.delete(env.id);
            if (this.cur) (this.cur.dropped === NONE ? (this.cur.dropped = []) : this.cur.dropped).push(env);
          }
        }
        return this.end(a, null);
      }
      case 'restart':
        this.begin(this.idx(a.node), a, 'user');
        this.restartNode(this.idx(a.node));
        return this.end(a, null);
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
            if (a.duration) this.queue.push({ t: this.now + a.duration, seq: this.seq++, kind: 2, link: li, gen: link.gen });
          } else if (a.type === 'heal') {
            link.cut = false;
            link.cutUntil = null;
          } else {
            link.params = { ...link.params, ...a.params };
          }
        }
        return this.end(a, null);
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
            this.touched.push(i);
            this.restartNode(i);
          }
        }
        return this.end(a, null);
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
            this.touched.push(j);
            this.curNode = j;
            this.ctx.self = result.to;
            const r2 = this.withChanges(j, () => this.protocol.onClientWrite(this.ctx, this.nodes[j]!.state, command, this.config));
            result = r2.status === 'appended' ? { ...r2, to: result.to, status: 'appended' } : { ...r2, reason: r2.reason ?? 'redirect failed' };
            if (r2.status === 'appended') result.reason = `redirected from ${a.node}`;
          }
        }
        if (this.cur) this.cur.write = { ...result, command };
        return this.end(a, null);
      }
      case 'operator': {
        this.begin(a.node ? this.idx(a.node) : -1, a, 'user');
        const sim = this;
        const opCtx: OperatorContext<unknown, unknown> = {
          now: this.now,
          nodeIds: this.nodeIds,
          state: (id) => sim.nodes[sim.idx(id)]!.state,
          isUp: (id) => sim.nodes[sim.idx(id)]!.up,
          replaceState(id, state) {
            const i = sim.idx(id);
            sim.nodes[i]!.state = state;
            sim.nodes[i]!.timers.clear();
            sim.nodes[i]!.up = true;
            if (!sim.touched.includes(i)) sim.touched.push(i);
            {
              const saved = sim.curNode;
              sim.curNode = i;
              sim.ctx.self = id;
              sim.protocol.start(sim.ctx, state, sim.config);
              sim.curNode = saved;
            }
          },
          runAt(id, fn) {
            const i = sim.idx(id);
            if (!sim.touched.includes(i)) sim.touched.push(i);
            const saved = sim.curNode;
            sim.curNode = i;
            sim.ctx.self = id;
            sim.withChanges(i, () => fn(sim.ctx, sim.nodes[i]!.state));
            sim.curNode = saved;
          },
        };
        const err = this.protocol.operator!({ name: a.name, node: a.node, args: a.args }, opCtx, this.config);
        if (err && this.cur) this.cur.error = err;
        return this.end(a, null);
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
      queue: this.queue.items.slice(),
      inFlight: [...this.inFlight],
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
  restore(s: Snapshot): void {
    this.now = s.now;
    this.seq = s.seq;
    this.nextMsgId = s.nextMsgId;
    this.timerGen = s.timerGen;
    this.writeSeq = s.writeSeq;
    this.rng.setState(s.rng);
    this.queue.items = s.queue.slice();
    this.inFlight = new Map(s.inFlight);
    this.nodes.forEach((n, i) => {
      const src = s.nodes[i]!;
      n.state = this.protocol.clone(src.state);
      n.up = src.up;
      n.timers = new Map(src.timers);
    });
    this.links = s.links.map((l) => ({ ...l, params: { ...l.params } }));
    this.eventCount = s.eventCount;
    this.hash.state = s.hash;
    this.monitors = s.monitors ? s.monitors.clone() : null;
    this.violations = s.violations.slice();
    this.probes = new Map(s.probes);
  }
}

export { strDigest };
