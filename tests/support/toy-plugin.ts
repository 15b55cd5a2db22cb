// A toy protocol plug-in, registered only in tests (`toyRegistry`): the proof that adding a
// protocol to the lab is one folder (here one file) plus one registry line, and that nothing
// outside a plug-in names a protocol or a node. Everything the lab knows of the toy is below.
//
// The protocol ("Toy primary-backup"): three data nodes A, B and C. A is the leader for good
// (term 1, fixed). A client write to A is appended to A's log and sent to B and C in a Replicate;
// a write to a follower is refused with a redirect to A. A follower accepts a Replicate only if
// it already holds everything before it (prevIndex ≤ its log length), answers with an Ack naming
// how much of the log it holds, and learns the commit point from the leader. A commits an entry
// once every node it still hears from (every "live" follower: one heard within followerTimeout)
// has acknowledged it; on a timer (resendInterval) it resends what a follower is missing, which
// doubles as a heartbeat. The log is durable: it survives a crash (not a wiped disk); the commit
// point and the leader's bookkeeping do not.
//
// Monitors: LogMatching (no index ever holds two different entries of the same term) and
// CommittedDurable (a committed entry is never replaced anywhere, and stays on the leader's disk).
// Mutants: 'volatile-log' (a crash loses the log), 'append-anywhere' (a follower appends what it
// receives at the end of its log, without the prevIndex check).

import { Registry, plainWhy, type ExplorerProfile, type GalleryEntry, type GalleryView, type NodeView, type ProtocolPlugin, type ProtocolView, type RunPlan } from '../../src/contracts';
import { drawLinkKnobs, FaultPhase, networkHealed, round3 } from '../../src/contracts/faults';
import { PropertyMonitors } from '../../src/contracts/monitors';
import type { Action, ClientWriteResult, Ctx, MessageInfo, NodeId, Prng, Protocol, SimView, Simulation } from '../../src/kernel';
import { strDigest } from '../../src/kernel';

// ------------------------------------------------------------------ configuration

/** The toy's node ids, its fixed leader and its one shape. */
export const TOY_NODES: readonly NodeId[] = ['A', 'B', 'C'];
export const TOY_LEADER: NodeId = 'A';
export const TOY_SHAPE = 'toy-3';

export interface ToyTiming {
  /** Leader: resend what each follower is missing (an empty Replicate is a heartbeat). */
  resendInterval: number;
  /** Leader: a follower silent this long no longer holds commits back. */
  followerTimeout: number;
}

export const TOY_TIMING: ToyTiming = { resendInterval: 50, followerTimeout: 300 };

const TIMING_HELP: Record<keyof ToyTiming, string> = {
  resendInterval: 'How often the leader resends what each follower is missing (an empty Replicate is a heartbeat).',
  followerTimeout: 'A follower the leader has not heard from for this long no longer holds commits back.',
};

export const TOY_MUTANTS = {
  'volatile-log': 'A crash loses the log, not only the commit point (breaks "the log is durable").',
  'append-anywhere': 'A follower appends what it receives at the end of its log, without checking prevIndex.',
} as const;
export type ToyMutant = keyof typeof TOY_MUTANTS;

export interface ToyConfig {
  nodes: readonly NodeId[];
  leader: NodeId;
  timing: ToyTiming;
  /** At most this many entries per Replicate. */
  maxBatch: number;
  mutant: ToyMutant | null;
}

export function toyConfig(over: { timing?: Partial<ToyTiming>; mutant?: ToyMutant | null } = {}): ToyConfig {
  return { nodes: TOY_NODES, leader: TOY_LEADER, timing: { ...TOY_TIMING, ...(over.timing ?? {}) }, maxBatch: 16, mutant: over.mutant ?? null };
}

// ------------------------------------------------------------------ state and messages

export interface ToyEntry {
  index: number;
  term: number;
  command: string;
}

export interface ToyState {
  id: NodeId;
  role: 'leader' | 'follower';
  /** Fixed: there is one leader for good. */
  term: number;
  /** Durable. */
  log: ToyEntry[];
  /** Volatile: relearned after a restart. */
  commitIndex: number;
  /** Leader only (volatile): how much of the log each follower acknowledged. */
  match: Record<NodeId, number>;
  /** Leader only (volatile): when each follower was last heard from. */
  heard: Record<NodeId, number>;
  /** Leader only (volatile): the followers heard within followerTimeout, whose acks commits wait for. */
  live: NodeId[];
}

export type ToyMessage = { type: 'Replicate'; prevIndex: number; entries: ToyEntry[]; commit: number } | { type: 'Ack'; ok: boolean; match: number };

const ENTRY_BYTES = (e: ToyEntry) => 8 + 8 + 4 + e.command.length;

function messageInfo(m: ToyMessage): MessageInfo {
  if (m.type === 'Ack') return { type: 'Ack', label: m.ok ? 'Ack' : 'Ack✗', kind: 'control', entries: 0, bytes: 1 + 1 + 8 };
  let bytes = 1 + 8 + 8 + 4;
  for (const e of m.entries) bytes += ENTRY_BYTES(e);
  return { type: 'Replicate', label: m.entries.length ? `Rep ${m.entries.length}` : 'Rep', kind: m.entries.length ? 'data' : 'control', entries: m.entries.length, bytes };
}

// ------------------------------------------------------------------ the protocol

type C = Ctx<ToyMessage>;
const RESEND = 'resend';

const followers = (c: ToyConfig) => c.nodes.filter((id) => id !== c.leader);
const sameEntry = (a: ToyEntry | undefined, b: ToyEntry | undefined) => a === b || (!!a && !!b && a.term === b.term && a.command === b.command);

function replicate(ctx: C, s: ToyState, to: NodeId, c: ToyConfig): void {
  const from = Math.min(s.match[to] ?? 0, s.log.length);
  ctx.send(to, { type: 'Replicate', prevIndex: from, entries: s.log.slice(from, from + c.maxBatch), commit: s.commitIndex });
}

/** T3: the leader commits what every live follower holds (alone, when it hears from none). */
function advanceCommit(ctx: C, s: ToyState): void {
  let n = s.log.length;
  for (const f of s.live) n = Math.min(n, s.match[f] ?? 0);
  if (n > s.commitIndex) {
    const from = s.commitIndex;
    s.commitIndex = n;
    if (!s.live.length) ctx.probe('commit alone');
    ctx.note('T3', () => `${ctx.self} commits ${from + 1}..${n}: held by ${s.live.length ? `every live follower (${s.live.join(', ')})` : 'itself alone (it hears from no follower)'}.`);
  }
}

export const toyProtocol: Protocol<ToyState, ToyMessage, ToyConfig> = {
  id: 'toy',
  title: 'Toy primary-backup',
  version: 1,
  nodes: (c) => c.nodes.map((id) => ({ id, kind: 'data' })),
  // The leader starts out hearing every follower (start() dates that), so its summary at first
  // boot already shows the replication it will do.
  init: (n, c) => ({ id: n.id, role: n.id === c.leader ? 'leader' : 'follower', term: 1, log: [], commitIndex: 0, match: {}, heard: {}, live: n.id === c.leader ? followers(c) : [] }),
  start(ctx, s, c) {
    if (s.role !== 'leader') return;
    // A (re)started leader hears everyone afresh, and relearns what each follower holds.
    for (const f of followers(c)) {
      s.heard[f] = ctx.now;
      s.match[f] = s.match[f] ?? 0;
    }
    s.live = followers(c);
    ctx.setTimer(RESEND, c.timing.resendInterval);
  },
  crash(s, _n, c, wipe) {
    const keepLog = !wipe && c.mutant !== 'volatile-log';
    return { ...s, log: keepLog ? s.log.slice() : [], commitIndex: 0, match: {}, heard: {}, live: [] };
  },
  onMessage(ctx, s, from, m, c) {
    if (m.type === 'Replicate') {
      if (s.role === 'leader') return;
      let ok = true;
      if (c.mutant === 'append-anywhere') {
        s.log.push(...m.entries);
      } else if (m.prevIndex > s.log.length) {
        ok = false;
        ctx.probe('catch-up');
        ctx.note('T2', () => `${ctx.self} holds ${s.log.length} entries, the Replicate starts after ${m.prevIndex}: it asks for what it misses.`);
      } else {
        for (let k = 0; k < m.entries.length; k++) {
          const pos = m.prevIndex + k;
          const e = m.entries[k]!;
          if (pos < s.log.length && sameEntry(s.log[pos], e)) continue;
          if (pos < s.log.length) s.log.length = pos;
          s.log.push(e);
        }
        if (m.entries.length) ctx.note('T2', () => `${ctx.self} stores entries ${m.prevIndex + 1}..${m.prevIndex + m.entries.length} from ${from}.`);
      }
      const commit = Math.min(m.commit, s.log.length);
      if (ok && commit > s.commitIndex) s.commitIndex = commit;
      ctx.send(from, { type: 'Ack', ok, match: s.log.length });
      return;
    }
    if (s.role !== 'leader') return;
    s.heard[from] = ctx.now;
    if (!s.live.includes(from)) {
      s.live = followers(c).filter((f) => f === from || s.live.includes(f));
      ctx.probe('follower back');
      ctx.note('T5', () => `${ctx.self} hears from ${from} again: commits wait for its acks.`);
    }
    s.match[from] = m.ok ? Math.max(s.match[from] ?? 0, m.match) : m.match;
    advanceCommit(ctx, s);
    if (!m.ok) replicate(ctx, s, from, c);
  },
  onTimer(ctx, s, timer, c) {
    if (timer !== RESEND || s.role !== 'leader') return;
    const live = followers(c).filter((f) => ctx.now - (s.heard[f] ?? 0) < c.timing.followerTimeout);
    for (const f of s.live)
      if (!live.includes(f)) {
        ctx.probe('follower dropped');
        ctx.note('T5', () => `${ctx.self} has not heard from ${f} for ${c.timing.followerTimeout} ms: commits no longer wait for it.`);
      }
    s.live = live;
    advanceCommit(ctx, s);
    for (const f of followers(c)) replicate(ctx, s, f, c);
    ctx.setTimer(RESEND, c.timing.resendInterval);
  },
  onClientWrite(ctx, s, command, c): ClientWriteResult {
    if (s.role !== 'leader') {
      ctx.note('T4', () => `${ctx.self} is a follower: the write goes to ${c.leader}.`);
      return { status: 'redirect', to: c.leader };
    }
    const e: ToyEntry = { index: s.log.length + 1, term: s.term, command };
    s.log.push(e);
    ctx.note('T1', () => `${ctx.self} appends ${command} at ${e.index} and sends it to its followers.`);
    for (const f of followers(c)) replicate(ctx, s, f, c);
    advanceCommit(ctx, s);
    return { status: 'appended', index: e.index };
  },
  clone: (s) => ({ ...s, log: s.log.slice(), match: { ...s.match }, heard: { ...s.heard }, live: s.live.slice() }),
  digest: (s) => (s.log.length * 104729 + s.commitIndex * 7919 + s.live.length * 17 + (s.role === 'leader' ? 1 : 0) + (s.log.length ? strDigest(s.log[s.log.length - 1]!.command) : 0)) | 0,
  messageDigest: (m) => (m.type === 'Ack' ? m.match * 2 + (m.ok ? 1 : 0) : m.prevIndex * 131 + m.entries.length * 7 + m.commit * 17 + m.entries.reduce((h, e) => (h * 31 + strDigest(e.command)) | 0, 0)) | 0,
  messageInfo,
  summary: (s) => ({
    kind: 'data',
    role: s.role,
    term: s.term,
    rf: s.role === 'leader' ? 1 + s.live.length : 0,
    commitIndex: s.commitIndex,
    logLength: s.log.length,
    live: s.role === 'leader' ? s.live.join(',') : null,
  }),
  monitors: (c) => new ToyMonitors(c),
};

// ------------------------------------------------------------------ monitors

export const TOY_PROPERTIES = ['LogMatching', 'CommittedDurable'] as const;
export type ToyProperty = (typeof TOY_PROPERTIES)[number];

export const TOY_PROPERTY_TEXT: Record<ToyProperty, string> = {
  LogMatching: 'No index ever holds two different entries of the same term, on any node (so logs that share an entry agree up to it).',
  CommittedDurable: "A committed entry is never replaced on any node, and stays on the leader's disk through crashes.",
};

/**
 * Incremental: each touched node's log is compared with what was last seen of it by entry
 * identity (entries are immutable), so only new or replaced entries are checked.
 */
export class ToyMonitors extends PropertyMonitors<ToyProperty, ToyState> {
  readonly properties = TOY_PROPERTIES;
  /** The first entry ever seen at each position. */
  private ghost: ToyEntry[] = [];
  /** The committed entry at each position. */
  private committed: ToyEntry[] = [];
  /** Per node: the entries last checked, and how far its commit point was checked. */
  private seen: ToyEntry[][];
  private seenCommit: number[];

  constructor(private readonly config: ToyConfig) {
    super();
    this.seen = config.nodes.map(() => []);
    this.seenCommit = config.nodes.map(() => 0);
  }

  protected check(view: SimView<ToyState>, touched: readonly number[]): void {
    for (const k of touched) {
      const id = view.nodeIds[k]!;
      const s = view.state(id);
      const log = s.log;
      const seen = this.seen[k]!;
      if (seen.length > log.length) seen.length = log.length;
      let j = log.length - 1;
      while (j >= 0 && seen[j] !== log[j]) j--;
      for (let p = j + 1; p < log.length; p++) {
        const e = log[p]!;
        seen[p] = e;
        const g = this.ghost[p];
        if (!g) this.ghost[p] = e;
        else if (g.term === e.term && g.command !== e.command)
          this.fail('LogMatching', `${id} holds ${e.command} at ${p + 1} in term ${e.term}, where ${g.command} of the same term was stored before`, [id], [{ node: id, index: p + 1 }]);
        const c = this.committed[p];
        if (c && !sameEntry(c, e)) this.fail('CommittedDurable', `${id} replaced the committed entry ${c.command} at ${p + 1} by ${e.command}`, [id], [{ node: id, index: p + 1 }]);
      }
      const commit = Math.min(s.commitIndex, log.length);
      for (let p = this.seenCommit[k]!; p < commit; p++) {
        const c = this.committed[p];
        if (!c) this.committed[p] = log[p]!;
        else if (!sameEntry(c, log[p])) this.fail('CommittedDurable', `${id} commits ${log[p]!.command} at ${p + 1}, where ${c.command} was committed`, [id], [{ node: id, index: p + 1 }]);
      }
      this.seenCommit[k] = commit;
      if (id === this.config.leader && log.length < this.committed.length)
        this.fail('CommittedDurable', `the leader ${id} holds ${log.length} entries on disk, ${this.committed.length} were committed`, [id], [{ node: id, index: log.length + 1 }]);
    }
  }

  override clone(): this {
    const m = super.clone();
    m.ghost = this.ghost.slice();
    m.committed = this.committed.slice();
    m.seen = this.seen.map((x) => x.slice());
    m.seenCommit = this.seenCommit.slice();
    return m;
  }
}

// ------------------------------------------------------------------ view

function nodeView(st: unknown): NodeView {
  const s = st as ToyState;
  const leader = s.role === 'leader';
  return {
    id: s.id,
    kind: 'data',
    role: s.role,
    leader,
    term: s.term,
    rf: leader ? 1 + s.live.length : 0,
    commitIndex: Math.min(s.commitIndex, s.log.length),
    log: s.log,
    leaderId: leader ? null : TOY_LEADER,
    replicationSet: leader ? [s.id, ...s.live] : null,
    lines: [`commit ${s.commitIndex} · log ${s.log.length}`, leader ? `live ${s.live.length ? s.live.join(', ') : '—'}` : `leader ${TOY_LEADER}`],
  };
}

export const toyView: ProtocolView = {
  node: nodeView,
  vocabulary: {
    properties: TOY_PROPERTY_TEXT,
    messageTypes: ['Replicate', 'Ack'],
    messageColors: { Replicate: '#4e79a7', Ack: '#59a14f' },
    legend: [
      { term: 'A', meaning: 'the leader, for good: every write goes through it' },
      { term: 'live', meaning: 'the followers the leader has heard from lately: commits wait for their acks' },
      { term: 'Rep', meaning: 'Replicate: entries after prevIndex and the commit point (empty: a heartbeat)' },
      { term: 'Ack / Ack✗', meaning: 'how much of the log the follower holds (✗: it misses entries before the Replicate)' },
    ],
    kinds: { data: 'A node keeps the durable log; A leads, B and C follow.' },
  },
  operatorButtons: () => [],
  probes: ['catch-up', 'follower dropped', 'commit alone'],
};
toyView.why = { ...plainWhy(toyView), ruleName: (r) => ({ T1: 'T1 Append', T2: 'T2 Store', T3: 'T3 Commit', T4: 'T4 Redirect', T5: 'T5 Live followers' })[r] ?? r };

// ------------------------------------------------------------------ explorer profile

export const TOY_LIVENESS_BOUND = 8000;

export function toyProfile(): ExplorerProfile {
  const ids = TOY_NODES;
  const backups = ids.filter((id) => id !== TOY_LEADER);
  return {
    protocol: TOY_SHAPE,
    plan(seed: number, rng: Prng, mutant: string | null): RunPlan {
      const faultDuration = rng.int(1000, 5000);
      const knobs = {
        faultDuration,
        ...drawLinkKnobs(rng),
        loss: rng.chance(0.6) ? round3(rng.next() * 0.15) : 0,
        dup: rng.chance(0.5) ? round3(rng.next() * 0.1) : 0,
        crashRate: rng.int(0, 3),
        partitionRate: rng.int(0, 3),
        writeRate: rng.int(2, 20),
      };
      const resendInterval = rng.int(20, 80);
      const timing = { resendInterval, followerTimeout: rng.int(Math.max(150, resendInterval * 3), 500) };
      const phase = new FaultPhase(rng, faultDuration);
      phase.lossyLinks(ids, knobs.loss, knobs.dup);
      phase.poisson(knobs.crashRate, (t) => {
        const node = rng.pick(ids);
        // A follower may lose its disk too: the leader brings it everything again. (A leader
        // that loses its disk loses committed entries: the toy promises nothing then.)
        phase.at(t, node !== TOY_LEADER && rng.chance(0.2) ? { type: 'crash', node, wipe: true } : { type: 'crash', node });
        if (rng.chance(0.75)) phase.at(t + rng.int(50, 1500), { type: 'restart', node });
      });
      phase.partitions(knobs.partitionRate, ids, 2000);
      phase.poisson(knobs.writeRate, (t) => phase.at(t, { type: 'write', node: rng.pick(ids) }));
      return phase.plan({ seed, protocol: TOY_SHAPE, knobs, timing, mutant, healKinds: ['full', 'full', 'one-follower', 'leader'], livenessBound: TOY_LIVENESS_BOUND });
    },
    settleMs: 1000,
    heal(_sim: Simulation, kind: string, rng: Prng, stage: 0 | 1): Action[] {
      if (stage === 0) return [{ type: 'healAll' }];
      if (kind === 'one-follower') return [{ type: 'crash', node: rng.pick(backups) }];
      if (kind === 'leader') return [{ type: 'crash', node: TOY_LEADER }];
      return [];
    },
    promise(sim: Simulation, kind: string): string | null {
      if (!networkHealed(sim, ids)) return null;
      const down = ids.filter((id) => !sim.isUp(id));
      if (kind === 'full') return down.length ? null : 'every node up and every link healed';
      if (kind === 'one-follower') return sim.isUp(TOY_LEADER) && down.length === 1 ? `${down[0]} down for good; the leader commits with the follower it still hears` : null;
      // The leader is fixed: with it down for good, nothing is promised.
      return null;
    },
    unrestored(sim: Simulation, kind: string): string | null {
      if (kind !== 'full') return null;
      const l = sim.state<ToyState>(TOY_LEADER);
      for (const f of backups) {
        const s = sim.state<ToyState>(f);
        if (s.commitIndex < l.commitIndex) return `${f} has committed ${s.commitIndex} of the leader's ${l.commitIndex} entries`;
      }
      return null;
    },
    writeTarget(sim: Simulation, k: number): NodeId {
      const up = ids.filter((id) => sim.isUp(id));
      return up.length ? up[k % up.length]! : TOY_LEADER;
    },
    progressed(sim: Simulation): boolean {
      for (const id of ids) {
        const s = sim.state<ToyState>(id);
        for (let i = Math.min(s.commitIndex, s.log.length); i >= 1; i--) if (s.log[i - 1]!.command.startsWith('heal-')) return true;
      }
      return false;
    },
  };
}

// ------------------------------------------------------------------ gallery and scripts

const [L, F1, F2] = TOY_NODES as [NodeId, NodeId, NodeId];

function toyGallery(): GalleryEntry[] {
  const safe = { text: 'every safety property holds', holds: (v: GalleryView) => v.violations().length === 0 };
  // The story's commands (docs/script-format.md), run on a Timeline of its spec.
  const script = [
    'run 100',
    `write ${L} x=1`,
    'run 100',
    `crash ${F1}`,
    `write ${F2} x=2`,
    '# The leader stops waiting for the silent follower and commits x=2 with the other.',
    `run-until ${L}.commitIndex=2 max 2000`,
    `restart ${F1}`,
    `run-until ${F1}.commitIndex=2 max 2000`,
    'land',
  ].join('\n');
  return [
    {
      id: 'toy-catch-up',
      title: 'A follower misses writes and catches up',
      text:
        `${F1} crashes after the first write; the leader ${L} stops waiting for it once it has been silent for followerTimeout and commits the next write with ${F2} alone. ` +
        `When ${F1} restarts with its durable log, the leader's resends bring it the entry it missed.`,
      spec: { protocol: TOY_SHAPE, seed: 1 },
      script,
      claims: [
        { text: `${L} leads`, holds: (v) => v.leaders().length === 1 && v.leaders()[0] === L },
        { text: `${F1} holds both writes again`, holds: (v) => v.s(F1).logLength === 2 && v.s(F1).commitIndex === 2 },
        safe,
      ],
    },
  ];
}

function formatToyState(sim: Simulation): string[] {
  return sim.nodeIds.map((id) => {
    const s = sim.state<ToyState>(id);
    const up = sim.isUp(id);
    const log = s.log.length ? s.log.map((e) => `${e.index}:${e.command}`).join(' ') : '-';
    return `${id} ${up ? 'up  ' : 'down'} ${(up ? s.role : '-').padEnd(8)} commit ${up ? s.commitIndex : '-'} log ${log}`;
  });
}

// ------------------------------------------------------------------ the plug-in

export const toyPlugin: ProtocolPlugin = {
  id: toyProtocol.id,
  title: 'Toy primary-backup (tests only)',
  protocol: toyProtocol,
  shapes: [
    {
      id: TOY_SHAPE,
      title: 'Toy primary-backup, 3 nodes',
      timing: (Object.keys(TOY_TIMING) as (keyof ToyTiming)[]).map((key) => ({ key, default: TOY_TIMING[key], help: TIMING_HELP[key] })),
      mutants: TOY_MUTANTS,
      config: (spec) => toyConfig({ timing: (spec.timing ?? {}) as Partial<ToyTiming>, mutant: (spec.mutant ?? null) as ToyMutant | null }),
      explorer: toyProfile(),
    },
  ],
  view: toyView,
  mutantShapes: { 'volatile-log': TOY_SHAPE, 'append-anywhere': TOY_SHAPE },
  gallery: toyGallery,
  script: { shapes: { '3': TOY_SHAPE }, formatState: formatToyState },
  metrics: {
    /** The log and the term: the commit point and the leader's bookkeeping are not kept. */
    durableBytes: (state) => 8 + (state as ToyState).log.reduce((n, e) => n + ENTRY_BYTES(e), 0),
  },
};

/** A registry of the toy alone: pass it wherever the lab takes a `registry`. */
export const toyRegistry = new Registry([toyPlugin]);
