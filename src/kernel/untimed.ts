// The untimed view of a run, for exhaustive checking (Stateright style: `actions(state)` and
// `next(state, action)`). It runs the protocol's REAL handlers and monitors, with no clock:
//
// * every message in flight can be delivered next, and every armed timer can fire next, in any
//   order; under bounds, a message can be dropped or duplicated, a node can crash and restart, a
//   client can write, and an operator action can run;
// * the clock reads 0 for ever. A guard that reads the clock goes through `ctx.elapsed(since, d)`,
//   and here each call is a choice: both answers are explored (an action carries its answers);
// * `ctx.randomInt(lo, hi)` answers lo and `ctx.random()` 0: handlers draw only timeout lengths,
//   and an untimed timer is only "armed", so its length does not matter (docs/checking.md).
//
// Messages in flight are a multiset: identical messages on the same link are one entry with a
// count (a send beyond `maxCopies` copies is lost, which the network may always do).
// States are immutable: a successor shares every node record it did not change.
// A delivery or timer firing is remembered on the node's record (`localStep`): the same step on the
// same record with the same answers is not run again. Identity (`fingerprint`) hashes each record
// once per renaming it is asked under, and only the renamings that sort the interchangeable nodes
// by their sort keys (`blindKey`) are asked (docs/checking.md "A state's identity").

import { Encoder, fmix, permutations } from './encoder';
import type { Action, AnyProtocol, ClientWriteResult, Ctx, MonitorSet, NodeId, NodeSpec, OperatorContext, SimView, Violation } from './types';

/** How a protocol encodes its states for checking (the plug-in supplies it; a generic walk otherwise). */
export interface UntimedEncoding {
  /** A node's state, under `enc`'s renaming. Leave out nothing that can change what happens next. */
  node?(state: unknown, enc: Encoder): void;
  message?(msg: unknown, enc: Encoder): void;
  /** The monitors' ghost state that the properties need (history the node states no longer show). */
  ghost?(monitors: MonitorSet<unknown>, enc: Encoder): void;
  /** Interchangeable nodes (symmetry reduction). Only sound with `node` and `message` that rename through `enc`. */
  symmetric?: readonly NodeId[];
}

export interface UntimedBounds {
  maxCrashes: number;
  /** Crashes that lose the disk (counted within maxCrashes). */
  maxWipes: number;
  maxDrops: number;
  maxDuplicates: number;
  /** Copies of one message on one link in flight at once. */
  maxCopies: number;
  /** Messages in flight at once, all links together (a send past it is lost, as the network may lose any message). */
  maxInFlight: number;
  maxWrites: number;
  maxOperators: number;
}

export const DEFAULT_BOUNDS: UntimedBounds = { maxCrashes: 0, maxWipes: 0, maxDrops: 0, maxDuplicates: 0, maxCopies: 1, maxInFlight: Infinity, maxWrites: 2, maxOperators: 0 };

export interface UntimedOptions {
  config: unknown;
  bounds?: Partial<UntimedBounds>;
  encoding?: UntimedEncoding;
  /** May a client write at this node now (e.g. it leads and its log is short)? Default: never. */
  canWrite?(state: unknown): boolean;
  /** Operator actions offered (each within maxOperators). */
  operators?: readonly Action[];
  /** Run the protocol's monitors (default true). */
  monitors?: boolean;
}

export interface NodeRec {
  readonly state: unknown;
  readonly up: boolean;
  /** Armed timers, sorted. */
  readonly timers: readonly string[];
  /** Cached hashes under each renaming p, at [2p, 2p + 1] (filled on first use). */
  hp?: number[];
  /** Cached symmetry sort key (blind encoding), two lanes. */
  b1?: number;
  b2?: number;
  /** Memo of this record's local steps (a delivery or a timer firing), by message or timer name. */
  memo?: Map<unknown, LocalStep[]>;
}

/**
 * One local step of a node, remembered: handlers are deterministic functions of the node's record,
 * the message (or timer) and the answers to their clock guards (the untimed context gives nothing
 * else), so the same step on the same record always gives the same record and the same sends.
 */
interface LocalStep {
  /** The answers given (`tape`, `len`) and how many guards were asked. */
  readonly tape: number;
  readonly len: number;
  readonly asked: number;
  /** The record after the step (the very record when nothing changed). */
  readonly rec: NodeRec;
  readonly sends: readonly MsgRec[];
}

export interface MsgRec {
  readonly from: number;
  readonly to: number;
  readonly msg: unknown;
  readonly count: number;
  /** Identity hash (identity permutation), for ordering and merging. */
  readonly k1: number;
  readonly k2: number;
  hp?: number[];
}

export interface UntimedState {
  readonly nodes: readonly NodeRec[];
  /** Sorted by (k1, k2, from, to). */
  readonly msgs: readonly MsgRec[];
  readonly monitors: MonitorSet<unknown> | null;
  readonly crashes: number;
  readonly wipes: number;
  readonly drops: number;
  readonly dups: number;
  readonly writes: number;
  readonly ops: number;
  readonly depth: number;
  /** Violations found by the monitors on the step into this state. */
  readonly violations: readonly Violation[];
  /**
   * The monitors' ghost state's hash under one renaming, cached: the renaming's index `gp` (-1: none
   * yet) and its lanes (`g1`, `g2`); a step that changes no node keeps its parent's monitors and
   * takes this cache along. One entry, not one per renaming: a queued state keeps it, and a list of
   * every renaming's cost about 250 bytes a state.
   */
  gp: number;
  g1: number;
  g2: number;
}

export type UntimedActionKind = 'deliver' | 'drop' | 'duplicate' | 'fire' | 'crash' | 'restart' | 'write' | 'operator';

/** One enabled action: what happens, and the answers its clock guards got (`choices`, bit k = k-th answer). */
export interface UntimedAction {
  kind: UntimedActionKind;
  /** Acting node index (the receiver for deliver). */
  node: number;
  /** Index into state.msgs (deliver, drop, duplicate). */
  msg?: number;
  timer?: string;
  wipe?: boolean;
  command?: string;
  op?: Action;
  choices: number;
  /** How many clock guards the handler asked. */
  nChoices: number;
}

const NO_VIOLATIONS: Violation[] = [];
const MAX_CHOICES = 24;
/** Local steps remembered per model at most (each holds a record and its sends). */
const MEMO_CAP = 2_000_000;

/** A base action with the answers its guards got; one whose handler asked no guard, as listed. */
const withAnswers = (a: UntimedAction, tape: number, asked: number): UntimedAction => (asked === 0 && tape === 0 ? a : { ...a, choices: tape, nChoices: asked });

export class UntimedModel {
  readonly protocol: AnyProtocol;
  readonly config: unknown;
  readonly specs: NodeSpec[];
  readonly nodeIds: NodeId[];
  readonly bounds: UntimedBounds;
  readonly perms: Int32Array[];
  private readonly index = new Map<NodeId, number>();
  private readonly enc: Encoder;
  private readonly encoding: UntimedEncoding;
  private readonly canWrite: (s: unknown) => boolean;
  private readonly operators: readonly Action[];
  private readonly useMonitors: boolean;

  // The handler context's working state (one context, reused).
  private cur = -1;
  private nodesW: NodeRec[] = [];
  /** Is nodesW still the parent state's own list? */
  private nodesShared = false;
  private curTimers: string[] | null = null;
  private sends: MsgRec[] = [];
  /** Local steps remembered so far (capped: past MEMO_CAP, steps are computed and not kept). */
  private memoSize = 0;
  private readonly stack: number[] = [];
  /** At most this many local steps remembered (0: none, every step computed). */
  memoCap = MEMO_CAP;
  private tape = 0;
  private tapeLen = 0;
  private asked = 0;
  private touched: number[] = [];
  private readonly ctx: Ctx<unknown> & { self: NodeId };
  private readonly view: SimView<unknown>;
  private viewNodes: readonly NodeRec[] = [];
  private viewDepth = 0;
  /** The interchangeable nodes' indexes (ascending), as flags, and each renaming's inverse. */
  private readonly symSlots: number[];
  private readonly symFlags: Uint8Array;
  private readonly invPerms: Int32Array[];
  /** Interned node records, per node, by the identity renaming's first hash lane; interned messages (internRec, internMsg). */
  private readonly recTables: Map<number, NodeRec>[];
  private readonly msgTable = new Map<number, MsgRec>();

  constructor(protocol: AnyProtocol, opts: UntimedOptions) {
    this.protocol = protocol;
    this.config = opts.config;
    this.specs = protocol.nodes(opts.config);
    this.nodeIds = this.specs.map((s) => s.id);
    this.nodeIds.forEach((id, i) => this.index.set(id, i));
    this.bounds = { ...DEFAULT_BOUNDS, ...(opts.bounds ?? {}) };
    this.encoding = opts.encoding ?? {};
    this.canWrite = opts.canWrite ?? (() => false);
    this.operators = opts.operators ?? [];
    this.useMonitors = opts.monitors !== false;
    this.enc = new Encoder(this.nodeIds);
    this.recTables = this.nodeIds.map(() => new Map<number, NodeRec>());
    const sym = (this.encoding.symmetric ?? []).map((id) => this.idx(id));
    this.perms = this.encoding.node && this.encoding.message && sym.length > 1 ? permutations(this.nodeIds.length, sym) : permutations(this.nodeIds.length, []);
    this.symSlots = this.perms.length > 1 ? sym.slice().sort((x, y) => x - y) : [];
    this.symFlags = new Uint8Array(this.nodeIds.length);
    for (const i of this.symSlots) this.symFlags[i] = 1;
    this.invPerms = this.perms.map((perm) => {
      const inv = new Int32Array(perm.length);
      for (let i = 0; i < perm.length; i++) inv[perm[i]!] = i;
      return inv;
    });
    this.ctx = {
      now: 0,
      self: '',
      send: (to, msg) => {
        // Keyed once the handler is done (it may still change what it sent: keyed as delivered).
        this.sends.push({ from: this.cur, to: this.idx(to), msg, count: 1, k1: NaN, k2: NaN, hp: undefined });
      },
      setTimer: (name) => {
        const t = this.timersW();
        if (!t.includes(name)) {
          t.push(name);
          t.sort();
        }
      },
      clearTimer: (name) => {
        const t = this.timersW();
        const k = t.indexOf(name);
        if (k >= 0) t.splice(k, 1);
      },
      hasTimer: (name) => (this.curTimers ?? this.nodesW[this.cur]!.timers).includes(name),
      elapsed: () => {
        const k = this.asked++;
        if (k >= MAX_CHOICES) return false;
        return k < this.tapeLen ? ((this.tape >>> k) & 1) === 1 : false;
      },
      random: () => 0,
      randomInt: (lo) => lo,
      probe() {},
      note() {},
    };
    const view = {
      now: 0,
      nodeIds: this.nodeIds,
      state: (id: NodeId) => this.viewNodes[this.idx(id)]!.state,
      stateAt: (i: number) => this.viewNodes[i]!.state,
      isUp: (id: NodeId) => this.viewNodes[this.idx(id)]!.up,
      isUpAt: (i: number) => this.viewNodes[i]!.up,
    };
    Object.defineProperty(view, 'eventCount', { get: () => this.viewDepth, enumerable: true });
    this.view = view as unknown as SimView<unknown>;
  }

  idx(id: NodeId): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`unknown node '${String(id).slice(0, 40)}'`);
    return i;
  }

  /** Node i's record in the step's list (copied from the parent's first: copy on write). */
  private setNode(i: number, rec: NodeRec): void {
    if (this.nodesShared) {
      this.nodesW = this.nodesW.slice();
      this.nodesShared = false;
    }
    this.nodesW[i] = rec;
  }

  private timersW(): string[] {
    if (!this.curTimers) this.curTimers = this.nodesW[this.cur]!.timers.slice();
    return this.curTimers;
  }

  /** The initial state: every node booted (its start handler run), as the timed kernel does at time 0. */
  init(): UntimedState {
    this.nodesW = this.specs.map((spec) => nodeRec(this.protocol.init(spec, this.config), true, []));
    this.nodesShared = false;
    this.sends = [];
    this.tapeLen = 0;
    for (let i = 0; i < this.specs.length; i++) this.runAt(i, (ctx, s) => this.protocol.start(ctx, s, this.config), false);
    const monitors = this.useMonitors ? (this.protocol.monitors(this.config) as MonitorSet<unknown>) : null;
    return this.finish(
      { nodes: this.nodesW, msgs: [], monitors, crashes: 0, wipes: 0, drops: 0, dups: 0, writes: 0, ops: 0, depth: 0, violations: NO_VIOLATIONS, gp: -1, g1: 0, g2: 0 },
      null,
      false,
    ).state;
  }

  /** Run `fn` as node i's handler on a private copy of its state (copy-on-write). */
  private runAt(i: number, fn: (ctx: Ctx<unknown>, s: unknown) => void, clone = true): void {
    const rec = this.nodesW[i]!;
    const state = clone ? this.protocol.clone(rec.state) : rec.state;
    this.cur = i;
    this.curTimers = null;
    this.ctx.self = this.nodeIds[i]!;
    fn(this.ctx, state);
    const timers = this.curTimers ?? rec.timers;
    this.curTimers = null;
    const next = nodeRec(state, rec.up, timers);
    // A handler that changed nothing leaves the very record (and its cached hashes): the step is
    // then a stutter for this node, which the monitors need not see again.
    if (clone && sameTimers(timers, rec.timers) && this.sameNode(rec, next)) return;
    this.setNode(i, this.internRec(i, next));
    if (!this.touched.includes(i)) this.touched.push(i);
  }

  // ---------------------------------------------------------------- enabled actions

  /** The base actions enabled in `s` (before their clock guards are expanded into choices). */
  private baseActions(s: UntimedState): UntimedAction[] {
    const out: UntimedAction[] = [];
    const b = this.bounds;
    for (let k = 0; k < s.msgs.length; k++) {
      const m = s.msgs[k]!;
      if (s.nodes[m.to]!.up) out.push({ kind: 'deliver', node: m.to, msg: k, choices: 0, nChoices: 0 });
    }
    for (let i = 0; i < s.nodes.length; i++) {
      const n = s.nodes[i]!;
      if (!n.up) continue;
      for (const t of n.timers) out.push({ kind: 'fire', node: i, timer: t, choices: 0, nChoices: 0 });
    }
    for (let i = 0; i < s.nodes.length; i++) {
      const n = s.nodes[i]!;
      if (n.up && s.writes < b.maxWrites && this.canWrite(n.state)) out.push({ kind: 'write', node: i, command: `w${s.writes + 1}`, choices: 0, nChoices: 0 });
    }
    if (s.drops < b.maxDrops) for (let k = 0; k < s.msgs.length; k++) out.push({ kind: 'drop', node: s.msgs[k]!.to, msg: k, choices: 0, nChoices: 0 });
    if (s.dups < b.maxDuplicates)
      for (let k = 0; k < s.msgs.length; k++) if (s.msgs[k]!.count < b.maxCopies) out.push({ kind: 'duplicate', node: s.msgs[k]!.to, msg: k, choices: 0, nChoices: 0 });
    for (let i = 0; i < s.nodes.length; i++) {
      const n = s.nodes[i]!;
      if (n.up && s.crashes < b.maxCrashes) {
        out.push({ kind: 'crash', node: i, choices: 0, nChoices: 0 });
        if (s.wipes < b.maxWipes) out.push({ kind: 'crash', node: i, wipe: true, choices: 0, nChoices: 0 });
      }
      if (!n.up) out.push({ kind: 'restart', node: i, choices: 0, nChoices: 0 });
    }
    if (s.ops < b.maxOperators)
      for (const op of this.operators) out.push({ kind: 'operator', node: op.type === 'operator' && op.node ? this.idx(op.node) : -1, op, choices: 0, nChoices: 0 });
    return out;
  }

  /**
   * Every successor of `s`, in a fixed order: each base action, and for each, every combination
   * of answers its clock guards can get. `emit` may keep the state (states are immutable).
   */
  successors(s: UntimedState, emit: (action: UntimedAction, next: UntimedState, base: number, tape: number, len: number) => void): void {
    const base = this.baseActions(s);
    for (let bi = 0; bi < base.length; bi++) {
      const a = base[bi]!;
      // Depth-first over the answers: the first run answers "not yet" to every guard; each guard
      // asked past the given answers opens the branch that answers "yes" there.
      // (A stack of (tape, len) pairs, flat.)
      const stack = this.stack;
      let top = 0;
      stack[top++] = 0;
      stack[top++] = 0;
      while (top) {
        const len = stack[--top]!;
        const tape = stack[--top]!;
        const r = this.apply(s, a, tape, len);
        if (!r) continue;
        const asked = Math.min(this.asked, MAX_CHOICES);
        for (let k = asked - 1; k >= len; k--) {
          stack[top++] = (tape & ((1 << k) - 1)) | (1 << k);
          stack[top++] = k + 1;
        }
        // An action whose handler asked no guard is emitted as listed (one successor).
        emit(withAnswers(a, tape, asked), r, bi, tape, len);
      }
    }
  }

  /**
   * The successor `successors` emitted with (`base`, `tape`, `len`), made again: one step, not the
   * whole list (the checker keeps a deep frontier as these codes and remakes its states, check.ts).
   * The model is deterministic: the same state and code give an equal state and the same action.
   */
  successorAt(s: UntimedState, base: number, tape: number, len: number): { action: UntimedAction; state: UntimedState } | null {
    const a = this.baseActions(s)[base];
    if (!a) return null;
    const r = this.apply(s, a, tape, len);
    if (!r) return null;
    const asked = Math.min(this.asked, MAX_CHOICES);
    return { action: withAnswers(a, tape, asked), state: r };
  }

  /** The enabled actions of `s`, each with its answers (what a teacher can click through). */
  actions(s: UntimedState): UntimedAction[] {
    const out: UntimedAction[] = [];
    this.successors(s, (a) => out.push(a));
    return out;
  }

  /** The successor of `s` by `a` (with the answers `a.choices`), or null when `a` is not enabled in `s`. */
  next(s: UntimedState, a: UntimedAction): UntimedState | null {
    if (!this.enabled(s, a)) return null;
    return this.apply(s, a, a.choices, a.nChoices);
  }

  /** Is the base action enabled (the kernel would accept it)? */
  enabled(s: UntimedState, a: UntimedAction): boolean {
    return this.baseActions(s).some((b) => sameBase(a, b));
  }

  private apply(s: UntimedState, a: UntimedAction, tape: number, len: number): UntimedState | null {
    // The parent's list until a node changes (setNode copies it): a step that changes no node shares it.
    this.nodesW = s.nodes as NodeRec[];
    this.nodesShared = true;
    this.sends = [];
    this.touched = [];
    this.tape = tape;
    this.tapeLen = len;
    this.asked = 0;
    let msgs = s.msgs as MsgRec[];
    let { crashes, wipes, drops, dups, writes, ops } = s;
    switch (a.kind) {
      case 'deliver': {
        const m = msgs[a.msg!]!;
        msgs = this.withoutOne(msgs, a.msg!);
        this.localStep(m.to, m.msg, m.from);
        break;
      }
      case 'fire':
        this.localStep(a.node, a.timer!, -1);
        break;
      case 'write': {
        let r: ClientWriteResult | null = null;
        this.runAt(a.node, (ctx, st) => (r = this.protocol.onClientWrite(ctx, st, a.command!, this.config)));
        if ((r as ClientWriteResult | null)?.status !== 'appended') return null;
        writes++;
        break;
      }
      case 'drop':
        msgs = this.withoutOne(msgs, a.msg!);
        drops++;
        break;
      case 'duplicate': {
        const m = msgs[a.msg!]!;
        msgs = msgs.slice();
        msgs[a.msg!] = this.internMsg(m.from, m.to, m.msg, m.count + 1, m.k1, m.k2);
        dups++;
        break;
      }
      case 'crash': {
        const i = a.node;
        const rec = this.nodesW[i]!;
        this.setNode(i, this.internRec(i, nodeRec(this.protocol.crash(this.protocol.clone(rec.state), this.specs[i]!, this.config, a.wipe === true), false, [])));
        this.touched.push(i);
        // Messages in flight to it are lost, as in the timed kernel.
        if (msgs.some((m) => m.to === i)) msgs = msgs.filter((m) => m.to !== i);
        crashes++;
        if (a.wipe) wipes++;
        break;
      }
      case 'restart': {
        const i = a.node;
        const rec = this.nodesW[i]!;
        this.setNode(i, nodeRec(rec.state, true, []));
        this.touched.push(i);
        this.runAt(i, (ctx, st) => this.protocol.start(ctx, st, this.config));
        // (A start that changed nothing leaves the record made above.)
        this.setNode(i, this.internRec(i, this.nodesW[i]!));
        break;
      }
      case 'operator': {
        const op = a.op as Extract<Action, { type: 'operator' }>;
        const opCtx: OperatorContext<unknown, unknown> = {
          now: 0,
          nodeIds: this.nodeIds,
          state: (id) => this.nodesW[this.idx(id)]!.state,
          isUp: (id) => this.nodesW[this.idx(id)]!.up,
          replaceState: (id, state) => {
            const i = this.idx(id);
            this.setNode(i, nodeRec(state, true, []));
            this.runAt(i, (ctx, st) => this.protocol.start(ctx, st, this.config), false);
          },
          runAt: (id, fn) => this.runAt(this.idx(id), fn),
        };
        const saved = this.cur;
        // (An operator answers null when it ran: `?? 'no operator actions'` took that for a refusal.)
        const err = this.protocol.operator ? this.protocol.operator({ name: op.name, node: op.node, args: op.args }, opCtx, this.config) : 'no operator actions';
        this.cur = saved;
        if (err) return null;
        ops++;
        break;
      }
    }
    // Sends join the multiset (a copy past maxCopies is lost).
    if (this.sends.length) {
      this.keySends(0);
      // Sends past maxInFlight are lost in the order they are added: under a symmetry, that order
      // must not depend on the nodes' names (a leader sends to its peers in slot order), or the
      // reduced check would keep one renaming's sends and lose its mirror's (under-exploring).
      if (this.perms.length > 1 && this.overflows(msgs)) this.canonicalSendOrder(s, msgs);
      msgs = this.addSends(msgs);
    }
    const next: UntimedState = { nodes: this.nodesW, msgs, monitors: s.monitors, crashes, wipes, drops, dups, writes, ops, depth: s.depth + 1, violations: NO_VIOLATIONS, gp: -1, g1: 0, g2: 0 };
    return this.finish(next, s, true).state;
  }

  /**
   * Node i receives message `key` from node `from`, or (from < 0) its timer `key` fires: the
   * handler run on a copy of its record, or the remembered result of the same step on the same
   * record with the same answers (LocalStep).
   */
  private localStep(i: number, key: unknown, from: number): void {
    const rec = this.nodesW[i]!;
    const list = rec.memo?.get(key);
    if (list)
      for (let k = 0; k < list.length; k++) {
        const r = list[k]!;
        if (r.tape !== this.tape || r.len !== this.tapeLen) continue;
        this.asked = r.asked;
        if (r.rec !== rec) {
          this.setNode(i, r.rec);
          if (!this.touched.includes(i)) this.touched.push(i);
        }
        for (let j = 0; j < r.sends.length; j++) this.sends.push(r.sends[j]!);
        return;
      }
    const sent = this.sends.length;
    if (from >= 0) this.runAt(i, (ctx, st) => this.protocol.onMessage(ctx, st, this.nodeIds[from]!, key, this.config));
    else
      this.runAt(i, (ctx, st) => {
        ctx.clearTimer(key as string);
        this.protocol.onTimer(ctx, st, key as string, this.config);
      });
    this.keySends(sent);
    if (this.memoSize >= this.memoCap) return;
    this.memoSize++;
    const step: LocalStep = { tape: this.tape, len: this.tapeLen, asked: this.asked, rec: this.nodesW[i]!, sends: this.sends.slice(sent) };
    if (list) list.push(step);
    else (rec.memo ??= new Map()).set(key, [step]);
  }

  /** Would adding the pending sends to `msgs` pass maxInFlight (so that some are lost for it)? */
  private overflows(msgs: readonly MsgRec[]): boolean {
    let total = this.sends.length;
    for (const m of msgs) total += m.count;
    return total > this.bounds.maxInFlight;
  }

  /**
   * Order the pending sends by their links under the canonical renaming of the state they are sent
   * from (the step's node records and the messages already in flight, the parent's budgets and
   * ghost): the renaming with the least hash among those that sort the interchangeable nodes by
   * their sort keys, as `fingerprint` picks it. A state and any renaming of it pick renamings that
   * agree up to the state's own automorphisms, so the sends kept within maxInFlight are the same up
   * to renaming, and the successors of symmetric states are symmetric. Stable: sends on one link
   * keep the handler's order.
   */
  private canonicalSendOrder(s: UntimedState, msgs: readonly MsgRec[]): void {
    const mid: UntimedState = { ...s, nodes: this.nodesW, msgs };
    const slots = this.symSlots;
    for (let k = 0; k < slots.length; k++) this.blindKey(mid.nodes[slots[k]!]!);
    let best = -1;
    let b1 = 0;
    let b2 = 0;
    for (let p = 0; p < this.perms.length; p++) {
      if (!this.sorted(mid, p)) continue;
      const h = this.hashUnder(mid, p);
      if (best < 0 || h[0]! < b1 || (h[0] === b1 && h[1]! < b2)) {
        best = p;
        b1 = h[0]!;
        b2 = h[1]!;
      }
    }
    const perm = this.perms[best]!;
    const order = this.sends.map((snd, j) => ({ snd, j, key: perm[snd.from]! * 4096 + perm[snd.to]! }));
    order.sort((x, y) => x.key - y.key || x.j - y.j);
    for (let j = 0; j < order.length; j++) this.sends[j] = order[j]!.snd;
  }

  /** Give the sends from index `start` on their identity keys (after the handler that sent them). */
  private keySends(start: number): void {
    for (let j = start; j < this.sends.length; j++) {
      const snd = this.sends[j]!;
      if (snd.k1 === snd.k1) continue;
      const [k1, k2] = this.messageKey(snd.from, snd.to, snd.msg);
      this.sends[j] = this.internMsg(snd.from, snd.to, snd.msg, 1, k1, k2);
    }
  }

  private addSends(msgs0: MsgRec[]): MsgRec[] {
    const msgs = msgs0.slice();
    let total = 0;
    for (const m of msgs) total += m.count;
    for (const snd of this.sends) {
      if (total >= this.bounds.maxInFlight) break;
      const { k1, k2 } = snd;
      let lo = 0;
      let hi = msgs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmpKey(msgs[mid]!, k1, k2, snd.from, snd.to) < 0) lo = mid + 1;
        else hi = mid;
      }
      const at = msgs[lo];
      if (at && at.k1 === k1 && at.k2 === k2 && at.from === snd.from && at.to === snd.to) {
        if (at.count < this.bounds.maxCopies) {
          msgs[lo] = this.internMsg(at.from, at.to, at.msg, at.count + 1, at.k1, at.k2);
          total++;
        }
      } else {
        // The send's record itself (count 1): shared with every state the same step reaches.
        msgs.splice(lo, 0, snd);
        total++;
      }
    }
    // (A copy at its exact size: the inserts above left the list room to grow that a queued state would keep.)
    return msgs.slice();
  }

  /** Monitors after the step (on a copy of the parent's). `next` is fresh: it is completed in place. */
  private finish(next: UntimedState, parent: UntimedState | null, step: boolean): { state: UntimedState } {
    const out = next as { monitors: MonitorSet<unknown> | null; violations: readonly Violation[]; gp: number; g1: number; g2: number };
    // Monitors are functions of the states they see: if no node changed, neither do they.
    if (out.monitors && step && this.touched.length) {
      out.monitors = out.monitors.clone();
      this.viewNodes = next.nodes;
      this.viewDepth = next.depth;
      out.violations = out.monitors.afterEvent(this.view, this.touched, next.depth - 1);
    } else if (parent && out.monitors === parent.monitors) {
      // Same ghost state: take its cached hash along.
      out.gp = parent.gp;
      out.g1 = parent.g1;
      out.g2 = parent.g2;
    }
    return { state: next };
  }

  // ---------------------------------------------------------------- identity

  /** The multiset without one copy of msgs[k] (a new list). */
  private withoutOne(msgs: readonly MsgRec[], k: number): MsgRec[] {
    const m = msgs[k]!;
    const out = msgs.slice();
    if (m.count > 1) out[k] = this.internMsg(m.from, m.to, m.msg, m.count - 1, m.k1, m.k2);
    else out.splice(k, 1);
    return out;
  }

  /**
   * Interning (hash-consing) of node records and messages: a record equal (by its encoding, the
   * identity renaming's 64-bit hash) to one made before, at the same node, is that one. States are
   * already told apart by these hashes (the visited set), and handlers are functions of what the
   * encoding holds, so an equal record behaves the same; sharing it shares its cached hashes, its
   * sort key and its remembered steps, and a queued state keeps no copy of its own. On the goal
   * bound janus-3+1 maxTerm 3/maxLog 1/1 crash, 200,000 states held 85,549 records and 58,634
   * messages, of 470 and 381 distinct values. Only an exact 64-bit match is merged.
   */
  private internRec(i: number, rec: NodeRec): NodeRec {
    const h = this.nodeHash(rec, 0);
    const table = this.recTables[i]!;
    const old = table.get(h[0]!);
    if (old === undefined) {
      table.set(h[0]!, rec);
      return rec;
    }
    return old.hp![1] === h[1] ? old : rec;
  }

  private internMsg(from: number, to: number, msg: unknown, count: number, k1: number, k2: number): MsgRec {
    const key = (k1 ^ Math.imul(count, 0x9e3779b1)) | 0;
    const old = this.msgTable.get(key);
    if (old !== undefined && old.k1 === k1 && old.k2 === k2 && old.count === count && old.from === from && old.to === to) return old;
    const m: MsgRec = { from, to, msg, count, k1, k2, hp: undefined };
    if (old === undefined) this.msgTable.set(key, m);
    return m;
  }

  /** Identity key of a message on a link (identity permutation). */
  messageKey(from: number, to: number, msg: unknown): [number, number] {
    const e = this.enc;
    e.setPerm(null);
    e.tokens = null;
    e.reset(7);
    e.node(from);
    e.node(to);
    if (this.encoding.message) this.encoding.message(msg, e);
    else e.value(msg);
    return [fmix(e.h1), fmix(e.h2 ^ 0x5bd1e995)];
  }

  /**
   * A record's list of hashes, one pair per renaming, at its exact size (`[]` grown to one pair
   * reserves 17 slots: about 180 bytes a record where two renamings need 64).
   */
  private hashSlots(): number[] {
    return new Array<number>(2 * this.perms.length);
  }

  /** Same encoding (identity renaming) of two records of one node? (b keeps its hash: it is usually the new record.) */
  private sameNode(a: NodeRec, b: NodeRec): boolean {
    const ha = this.nodeHash(a, 0);
    const hb = this.nodeHash(b, 0);
    return ha[0] === hb[0] && ha[1] === hb[1];
  }

  /** A node record's hashes under renaming p (at [2p, 2p + 1]), computed on first use and kept on the (immutable) record. */
  private nodeHash(rec: NodeRec, p: number): number[] {
    let hp = rec.hp;
    if (!hp) rec.hp = hp = this.hashSlots();
    if (hp[2 * p] === undefined) {
      const e = this.enc;
      e.tokens = null;
      e.setPerm(this.perms[p]!);
      e.reset(11);
      this.encodeNode(rec, e);
      hp[2 * p] = fmix(e.h1) | 0;
      hp[2 * p + 1] = fmix(e.h2 ^ 0x27d4eb2f) | 0;
    }
    return hp;
  }

  /**
   * The symmetry's sort key of a node record (rec.b1, rec.b2): its encoding with the
   * interchangeable nodes' names left out (Encoder.blind), the same under every renaming of them.
   */
  private blindKey(rec: NodeRec): void {
    if (rec.b1 !== undefined) return;
    const e = this.enc;
    e.tokens = null;
    e.setPerm(null);
    e.blind = this.symFlags;
    e.reset(23);
    this.encodeNode(rec, e);
    e.blind = null;
    rec.b1 = fmix(e.h1);
    rec.b2 = fmix(e.h2 ^ 0x7f4a7c15);
  }

  private encodeNode(rec: NodeRec, e: Encoder): void {
    e.bool(rec.up);
    e.num(rec.timers.length);
    for (const t of rec.timers) e.str(t);
    if (this.encoding.node) this.encoding.node(rec.state, e);
    else e.value(rec.state);
  }

  private msgHash(m: MsgRec, p: number): number[] {
    let hp = m.hp;
    if (!hp) m.hp = hp = this.hashSlots();
    if (hp[2 * p] === undefined) {
      const e = this.enc;
      e.tokens = null;
      e.setPerm(this.perms[p]!);
      e.reset(13);
      this.encodeMsg(m, e);
      hp[2 * p] = fmix(e.h1) | 0;
      hp[2 * p + 1] = fmix(e.h2 ^ 0x165667b1) | 0;
    }
    return hp;
  }

  private encodeMsg(m: MsgRec, e: Encoder): void {
    e.node(m.from);
    e.node(m.to);
    e.num(m.count);
    if (this.encoding.message) this.encoding.message(m.msg, e);
    else e.value(m.msg);
  }

  /** The ghost state's hash under renaming p, in s.g1 and s.g2 (kept on the state for the last renaming asked). */
  private ghostHash(s: UntimedState, p: number): void {
    if (s.gp === p) return;
    const e = this.enc;
    e.tokens = null;
    e.setPerm(this.perms[p]!);
    e.reset(19);
    this.encoding.ghost!(s.monitors!, e);
    const w = s as { gp: number; g1: number; g2: number };
    w.g1 = fmix(e.h1) | 0;
    w.g2 = fmix(e.h2 ^ 0x2f6b3c1d) | 0;
    w.gp = p;
  }

  private encodeBudgets(s: UntimedState, e: Encoder): void {
    e.num(s.crashes);
    e.num(s.wipes);
    e.num(s.drops);
    e.num(s.dups);
    e.num(s.writes);
    e.num(s.ops);
  }

  private encodeRest(s: UntimedState, e: Encoder): void {
    e.num(s.crashes);
    e.num(s.wipes);
    e.num(s.drops);
    e.num(s.dups);
    e.num(s.writes);
    e.num(s.ops);
    if (s.monitors && this.encoding.ghost) this.encoding.ghost(s.monitors, e);
  }

  /**
   * The 64-bit fingerprint of `s` up to the declared symmetry: the least, over the renamings that
   * put the interchangeable nodes in the order of their sort keys (`blindKey`; every renaming
   * when all keys tie), of a hash of the node records in renamed order, the multiset of messages
   * (an order-free sum of their hashes) and the rest (budgets spent, the monitors' ghost state).
   * The sort keys do not change under renaming, so every renaming of a state reaches the same
   * renamed states among these, and the same least hash: one fingerprint per symmetry class, as
   * the least over all renamings gives, for a fraction of the hashing. Written to out[0..1].
   */
  fingerprint(s: UntimedState, out: Int32Array | number[]): void {
    const P = this.perms.length;
    let best1 = 0;
    let best2 = 0;
    let first = true;
    const slots = this.symSlots;
    if (P > 1) for (let k = 0; k < slots.length; k++) this.blindKey(s.nodes[slots[k]!]!);
    for (let p = 0; p < P; p++) {
      if (P > 1 && !this.sorted(s, p)) continue;
      const h = this.hashUnder(s, p);
      const h1 = h[0]!;
      const h2 = h[1]!;
      if (first || h1 < best1 || (h1 === best1 && h2 < best2)) {
        best1 = h1;
        best2 = h2;
        first = false;
      }
    }
    out[0] = best1;
    out[1] = best2;
  }

  /** Does renaming p put the interchangeable nodes of `s` in ascending order of their sort keys? */
  private sorted(s: UntimedState, p: number): boolean {
    const inv = this.invPerms[p]!;
    const slots = this.symSlots;
    let prev = s.nodes[inv[slots[0]!]!]!;
    for (let k = 1; k < slots.length; k++) {
      const cur = s.nodes[inv[slots[k]!]!]!;
      if (prev.b1! > cur.b1! || (prev.b1 === cur.b1 && prev.b2! > cur.b2!)) return false;
      prev = cur;
    }
    return true;
  }

  private readonly pair = new Uint32Array(2);

  /** The hash of `s` renamed by perms[p]. */
  private hashUnder(s: UntimedState, p: number): Uint32Array {
    const n = s.nodes.length;
    const e = this.enc;
    const inv = this.invPerms[p]!;
    let a = 0x6a09e667 | 0;
    let b = 0x3c6ef372 | 0;
    // Nodes in renamed order: node i goes to position perm[i].
    for (let j = 0; j < n; j++) {
      const hp = this.nodeHash(s.nodes[inv[j]!]!, p);
      a = Math.imul(a ^ hp[2 * p]!, 0x01000193) + j;
      a = (a << 7) | (a >>> 25);
      b = Math.imul(b + hp[2 * p + 1]!, 0x5bd1e995) ^ (b >>> 13);
    }
    let ma = 0;
    let mb = 0;
    for (const m of s.msgs) {
      const hp = this.msgHash(m, p);
      ma = (ma + hp[2 * p]!) | 0;
      mb = (mb + hp[2 * p + 1]!) | 0;
    }
    e.tokens = null;
    e.setPerm(this.perms[p]!);
    e.reset(17);
    this.encodeBudgets(s, e);
    const r1 = e.h1;
    const r2 = e.h2;
    // (ghostHash uses the encoder too: read its lanes first.)
    let g1 = 0;
    let g2 = 0;
    if (s.monitors && this.encoding.ghost) {
      this.ghostHash(s, p);
      g1 = s.g1;
      g2 = s.g2;
    }
    const out = this.pair;
    out[0] = fmix(a ^ Math.imul(fmix(ma ^ 0x1234567), 3) ^ fmix(r1) ^ Math.imul(g1, 0x2545f491));
    out[1] = fmix((b + fmix(mb ^ 0x7654321) + fmix(r2 ^ 0x3c6ef372) + Math.imul(g2 ^ 0x61c88647, 5)) | 0);
    return out;
  }

  /** The exact encoding of one node record, under the identity renaming (token text). */
  canonicalNode(rec: NodeRec): string {
    const e = this.enc;
    e.setPerm(null);
    e.tokens = [];
    this.encodeNode(rec, e);
    const text = JSON.stringify(e.tokens);
    e.tokens = null;
    return text;
  }

  /** The exact encoding of one message, under the identity renaming (token text). */
  canonicalMessage(msg: unknown): string {
    const e = this.enc;
    e.setPerm(null);
    e.tokens = [];
    if (this.encoding.message) this.encoding.message(msg, e);
    else e.value(msg);
    const text = JSON.stringify(e.tokens);
    e.tokens = null;
    return text;
  }

  /** The exact canonical encoding of `s` up to the declared symmetry: the least, over the renamings, of its token text. */
  canonical(s: UntimedState): string {
    let best: string | null = null;
    const e = this.enc;
    for (const perm of this.perms) {
      e.setPerm(perm);
      const parts: string[] = [];
      for (let j = 0; j < s.nodes.length; j++) {
        let i = 0;
        while (perm[i] !== j) i++;
        e.tokens = [];
        this.encodeNode(s.nodes[i]!, e);
        parts.push(JSON.stringify(e.tokens));
      }
      const ms: string[] = [];
      for (const m of s.msgs) {
        e.tokens = [];
        this.encodeMsg(m, e);
        ms.push(JSON.stringify(e.tokens));
      }
      ms.sort();
      e.tokens = [];
      this.encodeRest(s, e);
      const text = `${parts.join('|')}#${ms.join(',')}#${JSON.stringify(e.tokens)}`;
      if (best === null || text < best) best = text;
    }
    e.tokens = null;
    return best!;
  }

  /** A line a person can read: what the action does. */
  describe(s: UntimedState, a: UntimedAction, label?: (msg: unknown) => string): string {
    const id = (i: number) => this.nodeIds[i] ?? '?';
    const answers = a.nChoices ? ` [${Array.from({ length: a.nChoices }, (_, k) => ((a.choices >>> k) & 1 ? 'timed out' : 'not yet')).join(', ')}]` : '';
    switch (a.kind) {
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        const m = s.msgs[a.msg!];
        const what = m ? `${label ? label(m.msg) : (m.msg as { type?: string }).type ?? 'message'} ${id(m.from)}→${id(m.to)}` : 'a message';
        return `${a.kind} ${what}${answers}`;
      }
      case 'fire':
        return `${id(a.node)}: ${a.timer} fires${answers}`;
      case 'crash':
        return `crash ${id(a.node)}${a.wipe ? ' (disk lost)' : ''}`;
      case 'restart':
        return `restart ${id(a.node)}${answers}`;
      case 'write':
        return `client write "${a.command}" at ${id(a.node)}${answers}`;
      case 'operator':
        return `operator ${(a.op as { name?: string }).name ?? ''}${a.node >= 0 ? ` via ${id(a.node)}` : ''}${answers}`;
    }
  }
}

/** A node record, every field in place from the start (fields added later would go to a separate property store). */
function nodeRec(state: unknown, up: boolean, timers: readonly string[]): NodeRec {
  return { state, up, timers, hp: undefined, b1: undefined, b2: undefined, memo: undefined };
}

function sameTimers(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function cmpKey(m: MsgRec, k1: number, k2: number, from: number, to: number): number {
  return m.k1 - k1 || m.k2 - k2 || m.from - from || m.to - to;
}

function sameBase(a: UntimedAction, b: UntimedAction): boolean {
  return a.kind === b.kind && a.node === b.node && a.msg === b.msg && a.timer === b.timer && (a.wipe ?? false) === (b.wipe ?? false) && a.command === b.command && a.op === b.op;
}
