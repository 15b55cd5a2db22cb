// The views the store publishes of the run at the cursor: nodes (the plug-in's NodeView, up or
// down, timers), directed links, messages in flight, violations and properties, the operator's
// buttons. Each is immutable once published; a view that did not change keeps its object, so a
// panel that selects it does not re-render. The work per publish follows the cluster's size and
// what is in flight, never the length of the trace.

import type { Envelope, LinkParams, NodeId, Timeline, Violation } from '../kernel';
import { leaderView, type NodeView, type OperatorButton, type ProtocolPlugin, type RunView, type ViewEntry, type Vocabulary } from '../contracts';

export interface TimerView {
  name: string;
  /** Virtual time it fires at, ms. */
  t: number;
  /**
   * Virtual time it was armed at (the event that set it), ms; null when that event lies further
   * back than the store looks (ARMED_SCAN events before the cursor).
   */
  armedAt: number | null;
}

/**
 * A display clock of the plug-in's view (`NodeView.clocks`): a wait the node checks on demand,
 * drawn like a timer. It runs out at `t` = since + duration; after that it is expired (`what` is allowed).
 */
export interface ClockView {
  name: string;
  label: string;
  what: string;
  since: number;
  duration: number;
  /** Virtual time it runs out, ms. */
  t: number;
}

/** How many events before the cursor the store reads to find when a timer was armed. */
export const ARMED_SCAN = 2048;

export interface NodeInfo {
  id: NodeId;
  /** The plug-in's view of the node; its log is a frozen copy. */
  view: NodeView;
  up: boolean;
  timers: readonly TimerView[];
  /** Display clocks (none while the node is down). */
  clocks: readonly ClockView[];
  /**
   * When each of the node's timers last fired, by name (virtual ms): the latest `fire` event of the
   * ARMED_SCAN events up to the cursor. A timer reset or cleared before its time (a new leader
   * clears its election timer, a crash clears them all) is not in it.
   */
  fired: Readonly<Record<string, number>>;
}

export interface LinkView {
  from: NodeId;
  to: NodeId;
  cut: boolean;
  /** When a timed cut heals by itself (virtual ms), or null. */
  cutUntil: number | null;
  params: Readonly<LinkParams>;
}

export interface MessageView {
  id: number;
  from: NodeId;
  to: NodeId;
  /** The protocol's message type (e.g. AppendEntries) and short label. */
  type: string;
  label: string;
  sentAt: number;
  deliverAt: number;
  /** What the network decided at send time: delivered, or lost on arrival. */
  fate: 'deliver' | 'loss';
  /** The message this one duplicates, if any. */
  dupOf: number | null;
  color: string;
  bytes: number;
}

export interface PropertyView {
  name: string;
  /** What it means, in the protocol's words. */
  text: string;
  /** Its first violation, if violated. */
  violation: Violation | null;
}

/** A message that was lost recently (the cluster view marks where). */
export interface DropView {
  id: number;
  from: NodeId;
  to: NodeId;
  sentAt: number;
  deliverAt: number;
  /** When it was dropped. */
  t: number;
}

/** Tableau 10: the colours of message types a plug-in does not colour itself, in its own order. */
const FALLBACK = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'];
export const NEUTRAL = '#8c8c8c';

/** A colour for every message type of the vocabulary (its own colours first). */
export function messageColors(v: Vocabulary): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  v.messageTypes.forEach((t, i) => (out[t] = v.messageColors?.[t] ?? FALLBACK[i % FALLBACK.length]!));
  return out;
}

const sameLines = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly NodeId[] | null, b: readonly NodeId[] | null) => a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]));
const sameTimers = (a: readonly TimerView[], b: readonly TimerView[]) => a.length === b.length && a.every((x, i) => x.name === b[i]!.name && x.t === b[i]!.t);
const sameClocks = (a: readonly ClockView[], b: readonly ClockView[]) =>
  a.length === b.length && a.every((x, i) => x.name === b[i]!.name && x.since === b[i]!.since && x.duration === b[i]!.duration && x.label === b[i]!.label && x.what === b[i]!.what);

function sameView(a: NodeView, b: NodeView): boolean {
  return (
    a.id === b.id &&
    a.kind === b.kind &&
    a.role === b.role &&
    a.leader === b.leader &&
    a.term === b.term &&
    a.rf === b.rf &&
    a.commitIndex === b.commitIndex &&
    a.log === b.log &&
    a.leaderId === b.leaderId &&
    sameSet(a.replicationSet, b.replicationSet) &&
    sameLines(a.lines, b.lines)
  );
}

const EMPTY: readonly never[] = Object.freeze([]);
const EMPTY_FIRES: Readonly<Record<string, number>> = Object.freeze({});

/** The published views of one run: rebuilt at each publish, reusing what did not change. */
export class RunViews {
  readonly plugin: ProtocolPlugin;
  readonly colors: Readonly<Record<string, string>>;
  private nodesOut: readonly NodeInfo[] = EMPTY;
  /** Published log copies per node, with the entry objects they were made from. */
  private logs = new Map<NodeId, { src: readonly ViewEntry[]; out: readonly ViewEntry[] }>();
  private linksOut: readonly LinkView[] = EMPTY;
  private msgViews = new WeakMap<Envelope, MessageView>();
  private msgsKey = '';
  private msgsOut: readonly MessageView[] = EMPTY;
  private violationsOut: readonly Violation[] = EMPTY;
  private propsOut: readonly PropertyView[] = EMPTY;
  private opsOut: readonly OperatorButton[] = EMPTY;
  /** When each timer seen so far was armed: `node name fireTime` → time (null: not found). */
  private armed = new Map<string, number | null>();
  /** The latest firing of each timer per node, up to event `firesEnd` of the run as it was at fork `firesForks`. */
  private fires = new Map<NodeId, { out: Readonly<Record<string, number>>; next: Record<string, number> | null }>();
  private firesEnd = -1;
  private firesForks = -1;
  readonly run: RunView;

  constructor(
    private readonly tl: Timeline,
    plugin: ProtocolPlugin,
  ) {
    this.plugin = plugin;
    this.colors = messageColors(plugin.view.vocabulary);
    this.run = { nodeIds: tl.sim.nodeIds, state: (id) => tl.sim.state(id), isUp: (id) => tl.sim.isUp(id) };
  }

  /** A frozen copy of the node's log, the same array while its entries are the same objects. */
  private log(id: NodeId, src: readonly ViewEntry[]): readonly ViewEntry[] {
    const prev = this.logs.get(id);
    if (prev && prev.src.length === src.length) {
      let same = true;
      for (let i = src.length - 1; i >= 0; i--)
        if (prev.src[i] !== src[i]) {
          same = false;
          break;
        }
      if (same) return prev.out;
    }
    // The live log changes in place: keep a frozen copy, which is also what the next publish compares with.
    const out: readonly ViewEntry[] = src.length ? Object.freeze(src.slice()) : EMPTY;
    this.logs.set(id, { src: out, out });
    return out;
  }

  nodes(): readonly NodeInfo[] {
    const sim = this.tl.sim;
    const prev = this.nodesOut;
    let changed = prev.length !== sim.nodeIds.length;
    this.scanFires();
    const out = sim.nodeIds.map((id, i) => {
      const raw = this.plugin.view.node(sim.state(id), sim.config);
      const { clocks: rawClocks, ...rest } = raw;
      const view: NodeView = { ...rest, log: this.log(id, raw.log), lines: raw.lines.slice() };
      const up = sim.isUp(id);
      const clocks: readonly ClockView[] = up && rawClocks?.length ? rawClocks.map((c) => ({ name: c.name, label: c.label, what: c.what, since: c.since, duration: c.duration, t: c.since + c.duration })) : EMPTY;
      const timers = this.withArmed(id, sim.timers(id)).sort((a, b) => a.t - b.t || (a.name < b.name ? -1 : 1));
      const fired = this.firedOf(id);
      const p = prev[i];
      if (p && p.id === id) {
        const v = sameView(p.view, view) ? p.view : view;
        const tm = sameTimers(p.timers, timers) ? p.timers : timers;
        const cl = sameClocks(p.clocks, clocks) ? p.clocks : clocks;
        if (v === p.view && tm === p.timers && cl === p.clocks && up === p.up && fired === p.fired) return p;
        changed = true;
        return { id, view: v, up, timers: tm, clocks: cl, fired };
      }
      changed = true;
      return { id, view, up, timers, clocks, fired };
    });
    if (changed) this.nodesOut = Object.freeze(out);
    return this.nodesOut;
  }

  /**
   * Bring the latest firings up to the cursor: read only the new events when the cursor moved on in
   * the same future, else the ARMED_SCAN events before it (a jump back, a fork, a long jump).
   */
  private scanFires(): void {
    const tl = this.tl;
    const end = tl.sim.eventCount;
    if (end === this.firesEnd && tl.forks === this.firesForks) return;
    let from = this.firesEnd;
    if (tl.forks !== this.firesForks || end < this.firesEnd || end - this.firesEnd > ARMED_SCAN) {
      for (const f of this.fires.values()) if (Object.keys(f.out).length) f.next = {};
      from = Math.max(0, end - ARMED_SCAN, tl.windowStart);
    }
    for (let lo = from; lo < end; lo += 256) {
      for (const ev of tl.events(lo, Math.min(end, lo + 256))) {
        const a = ev.action;
        if (a.type !== 'fire') continue;
        let f = this.fires.get(a.node);
        if (!f) this.fires.set(a.node, (f = { out: EMPTY_FIRES, next: null }));
        (f.next ??= { ...f.out })[a.timer] = ev.t;
      }
    }
    this.firesEnd = end;
    this.firesForks = tl.forks;
  }

  /** The published record of node `id`'s latest firings (the same object while it did not change). */
  private firedOf(id: NodeId): Readonly<Record<string, number>> {
    const f = this.fires.get(id);
    if (!f) return EMPTY_FIRES;
    if (f.next) {
      f.out = Object.keys(f.next).length ? Object.freeze(f.next) : EMPTY_FIRES;
      f.next = null;
    }
    return f.out;
  }

  /**
   * The timers of node `id` with the time each was armed: the event whose `timers` list set it
   * (same node, name and fire time), searched backwards from the cursor, once per timer.
   */
  private withArmed(id: NodeId, raw: readonly { name: string; t: number }[]): TimerView[] {
    const out: TimerView[] = [];
    let missing: Map<string, TimerView> | null = null;
    for (const { name, t } of raw) {
      const key = `${id} ${name} ${t}`;
      const at = this.armed.get(key);
      const v: TimerView = { name, t, armedAt: at ?? null };
      out.push(v);
      if (at === undefined) (missing ??= new Map()).set(key, v);
    }
    if (missing) {
      const tl = this.tl;
      const end = tl.sim.eventCount;
      const stop = Math.max(0, end - ARMED_SCAN, tl.windowStart);
      for (let hi = end; hi > stop && missing.size; hi -= 256) {
        const evs = tl.events(Math.max(stop, hi - 256), hi);
        for (let k = evs.length - 1; k >= 0 && missing.size; k--) {
          const ev = evs[k]!;
          for (const [node, name, t] of ev.timers) {
            const key = `${node} ${name} ${t}`;
            const v = missing.get(key);
            if (v) {
              v.armedAt = ev.t;
              missing.delete(key);
              this.armed.set(key, ev.t);
            }
          }
        }
      }
      // Timers armed before the run's first event (at boot) or further back than the scan.
      for (const [key, v] of missing) {
        if (stop === 0) v.armedAt = 0;
        this.armed.set(key, v.armedAt);
      }
      if (this.armed.size > 4096) this.armed.clear();
    }
    return out;
  }

  links(): readonly LinkView[] {
    const sim = this.tl.sim;
    const ids = sim.nodeIds;
    const prev = this.linksOut;
    const out: LinkView[] = [];
    let changed = prev.length !== ids.length * (ids.length - 1);
    let k = 0;
    for (const from of ids)
      for (const to of ids) {
        if (from === to) continue;
        const l = sim.link(from, to);
        const p = prev[k++];
        if (p && p.from === from && p.to === to && p.cut === l.cut && p.cutUntil === l.cutUntil && sameParams(p.params, l.params)) out.push(p);
        else {
          changed = true;
          out.push({ from, to, cut: l.cut, cutUntil: l.cutUntil, params: Object.freeze({ ...l.params }) });
        }
      }
    if (changed) this.linksOut = Object.freeze(out);
    return this.linksOut;
  }

  messageView(e: Envelope): MessageView {
    let v = this.msgViews.get(e);
    if (!v) {
      const info = this.tl.protocol.messageInfo(e.msg);
      v = Object.freeze({
        id: e.id,
        from: e.from,
        to: e.to,
        type: info.type,
        label: info.label,
        sentAt: e.sentAt,
        deliverAt: e.deliverAt,
        fate: e.fate,
        dupOf: e.dupOf,
        color: this.colors[info.type] ?? NEUTRAL,
        bytes: info.bytes,
      });
      this.msgViews.set(e, v);
    }
    return v;
  }

  /** Messages in flight at the cursor, in id order (the same array until the cursor moves). */
  messages(): readonly MessageView[] {
    const tl = this.tl;
    const key = `${tl.forks}:${tl.sim.eventCount}`;
    if (key === this.msgsKey) return this.msgsOut;
    this.msgsKey = key;
    const out: MessageView[] = [];
    for (const e of tl.sim.inFlight.values()) out.push(this.messageView(e));
    out.sort((a, b) => a.id - b.id);
    this.msgsOut = Object.freeze(out);
    return this.msgsOut;
  }

  violations(): readonly Violation[] {
    const v = this.tl.sim.violations;
    const p = this.violationsOut;
    if (p.length === v.length && (v.length === 0 || p[v.length - 1] === v[v.length - 1])) return p;
    this.violationsOut = Object.freeze(v.slice());
    return this.violationsOut;
  }

  properties(): readonly PropertyView[] {
    const names = this.tl.sim.monitorProperties;
    const text = this.plugin.view.vocabulary.properties;
    const vs = this.violations();
    const prev = this.propsOut;
    const out = names.map((name, i) => {
      const violation = vs.find((x) => x.property === name) ?? null;
      const p = prev[i];
      return p && p.name === name && p.violation === violation ? p : { name, text: text[name] ?? '', violation };
    });
    if (out.length !== prev.length || out.some((x, i) => x !== prev[i])) this.propsOut = Object.freeze(out);
    return this.propsOut;
  }

  operators(): readonly OperatorButton[] {
    const ops = this.plugin.view.operatorButtons(this.run);
    const p = this.opsOut;
    if (p.length === ops.length && ops.every((o, i) => o.label === p[i]!.label && o.disabled === p[i]!.disabled && o.title === p[i]!.title)) return p;
    this.opsOut = Object.freeze(ops);
    return this.opsOut;
  }

  leaderId(): NodeId | null {
    return leaderView(this.plugin.view, this.run)?.id ?? null;
  }
}

function sameParams(a: Readonly<LinkParams>, b: Readonly<LinkParams>): boolean {
  for (const k of Object.keys(b) as (keyof LinkParams)[]) if (a[k] !== b[k]) return false;
  return true;
}

/** `{D1,D2}` */
const fmtSet = (s: readonly NodeId[]) => `{${s.join(',')}}`;

/**
 * The key change to narrate between two publishes of the same run: a node that became leader,
 * or a leader whose replication factor changed; null if none. `order` gives each node's last
 * event in the span, so the latest change wins.
 */
export function narrateViews(before: readonly NodeInfo[], after: readonly NodeInfo[], order: ReadonlyMap<NodeId, number>): { text: string; at: number } | null {
  let best: { text: string; at: number } | null = null;
  for (const n of after) {
    const p = before.find((b) => b.id === n.id);
    if (!p || p.view === n.view) continue;
    const v = n.view;
    let text: string | null = null;
    if (!(v.kind === 'data' && v.leader && n.up)) continue;
    const led = p.view.leader && p.up;
    if (led && v.rf !== p.view.rf) text = v.replicationSet ? `${v.id} now replicates to ${fmtSet(v.replicationSet)} (RF ${v.rf})` : `${v.id} now leads with RF ${v.rf}`;
    else if (!led || v.term !== p.view.term) text = `${v.id} became leader in term ${v.term}`;
    if (text === null) continue;
    const at = order.get(n.id) ?? -1;
    if (!best || at >= best.at) best = { text, at };
  }
  return best;
}
