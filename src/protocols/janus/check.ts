// Exhaustive checking of our design (src/checker, docs/checking.md): bounds, the state
// constraint, the canonical encoding of node states, messages and the monitors' ghost facts, and
// the symmetry of the data nodes (any renaming of D1…Dn maps a run to a run).
//
// The encoding leaves out the clock's fields (lastLeaderContact, lastAckAt, lastHeardFromLeaderAt):
// the untimed view never moves the clock, so they always read 0 there, and every guard that
// compares them goes through ctx.elapsed, which the checker answers both ways.

import { fmix, type Action, type Encoder, type MonitorSet } from '../../kernel';
import type { CheckBounds, CheckProfile, StepProperty } from '../../contracts/checking';
import { dataNodeIds, type JanusConfig } from './config';
import { janusPromisedFailures, janusQuietTimer, janusRecoveryPromised, janusUnrestoredView } from './liveness';
import { JANUS_MUTANT_CHECKS } from './mutant-checks';
import type { Entry, JanusMessage } from './messages';
import type { DataNodeState, ElectorState, JanusState } from './state';

const ROLE = { follower: 1, candidate: 2, leader: 3 } as const;
const KIND = { takeover: 1, shrink: 2, grow: 3 } as Record<string, number>;

/** Fields of a data node the encoding writes (or leaves out on purpose: the clock's). Others are written generically. */
export const DATA_FIELDS = new Set([
  'kind', 'id', 'slot', 'currentTerm', 'replicationSet', 'log', 'electorEpoch', 'role', 'leaderId', 'commitIndex', 'lastApplied',
  'matchIndex', 'nextIndex', 'lastAckAt', 'joining', 'lastLeaderContact', 'pendingRequest', 'installer', 'marker', 'incarnation',
]);
export const ELECTOR_FIELDS = new Set(['kind', 'id', 'electorEpoch', 'currentTerm', 'leaderId', 'replicationSet', 'installed', 'lastHeardFromLeaderAt', 'zombie']);

function elector(s: ElectorState, enc: Encoder): void {
  enc.num(2);
  enc.num(s.electorEpoch);
  enc.num(s.currentTerm);
  enc.id(s.leaderId);
  enc.mask(s.replicationSet);
  enc.bool(s.installed);
  if (s.zombie) elector(s.zombie, enc);
  else enc.num(0);
  enc.rest(s, ELECTOR_FIELDS);
}

export function encodeJanusNode(st: unknown, enc: Encoder): void {
  const s = st as JanusState;
  if (s.kind === 'elector') return elector(s, enc);
  const d = s as DataNodeState;
  enc.num(1);
  enc.id(d.id);
  enc.num(d.currentTerm);
  enc.mask(d.replicationSet);
  enc.entries(d.log);
  enc.num(d.electorEpoch);
  enc.num(ROLE[d.role]);
  enc.id(d.leaderId);
  enc.num(d.commitIndex);
  enc.num(d.lastApplied);
  if (d.role === 'leader') {
    enc.perNode(d.matchIndex, (x) => enc.num(x));
    enc.perNode(d.nextIndex, (x) => enc.num(x));
  } else enc.num(-1);
  if (d.joining) {
    enc.id(d.joining.node);
    enc.num(d.joining.joinFrom);
  } else enc.num(-1);
  if (d.pendingRequest) encodeJanusMessage(d.pendingRequest, enc);
  else enc.num(-1);
  const inst = d.installer;
  if (inst) {
    enc.num(inst.newEpoch);
    enc.perNode(inst.acks, (a) => {
      if (a) {
        enc.num(a.term);
        enc.mask(a.replicationSet);
      } else enc.num(-1);
    });
    if (inst.installing) {
      enc.num(inst.installing.term);
      enc.mask(inst.installing.replicationSet);
    } else enc.num(-1);
  } else enc.num(-2);
  // The bootstrap marker and incarnation (REJOIN.md §2.1).
  const mk = d.marker;
  if (mk) {
    enc.value(mk.clusterId);
    enc.id(mk.nodeId);
  } else enc.num(-3);
  enc.num(d.incarnation);
  enc.rest(d, DATA_FIELDS);
}

export function encodeJanusMessage(mm: unknown, enc: Encoder): void {
  const m = mm as JanusMessage;
  switch (m.type) {
    case 'AppendEntries':
      enc.num(1);
      enc.num(m.term);
      enc.id(m.leaderId);
      enc.mask(m.replicationSet);
      enc.num(m.prevLogIndex);
      enc.num(m.prevLogTerm);
      enc.entries(m.entries);
      enc.num(m.leaderCommit);
      return;
    case 'AppendEntriesResponse':
      enc.num(2);
      enc.num(m.term);
      enc.id(m.from);
      enc.mask(m.replicationSet);
      enc.bool(m.success);
      enc.num(m.matchIndex);
      return;
    case 'TermRequest':
      enc.num(3);
      enc.num(KIND[m.kind] ?? 0);
      if (KIND[m.kind] === undefined) enc.str(m.kind);
      enc.id(m.from);
      enc.num(m.term);
      enc.num(m.electorEpoch);
      enc.mask(m.replicationSet);
      enc.rest(m, MSG_FIELDS);
      return;
    case 'TermResponse':
      enc.num(4);
      enc.bool(m.granted);
      enc.num(m.electorEpoch);
      enc.num(m.term);
      enc.id(m.leaderId);
      enc.mask(m.replicationSet);
      enc.rest(m, MSG_FIELDS);
      return;
    case 'ElectorHeartbeat':
      enc.num(5);
      enc.num(m.term);
      enc.id(m.leaderId);
      enc.num(m.electorEpoch);
      return;
    case 'ElectorHeartbeatResponse':
      enc.num(6);
      enc.num(m.electorEpoch);
      enc.num(m.term);
      enc.id(m.leaderId);
      enc.mask(m.replicationSet);
      return;
    default:
      // ElectorChange, its ack, InstallElector and anything newer: generically (rare messages).
      enc.value(m);
  }
}
const MSG_FIELDS = new Set(['type', 'kind', 'from', 'term', 'electorEpoch', 'replicationSet', 'granted', 'leaderId']);

/** The ghost facts of JanusMonitors that the properties read later (its history), renamed. */
interface JanusGhost {
  leaders: Map<number, string>;
  sets: Map<number, number>;
  electorSets: Map<number, number>;
  electorEpoch: number;
  committed: ({ entry: Entry; term: number } | undefined)[];
  fence?: number[];
}

/** A map term → value, order-free: the sum of one hash per entry (insertion order differs between paths). */
function termMap<V>(m: Map<number, V>, enc: Encoder, each: (v: V) => void): void {
  const h1 = enc.h1;
  const h2 = enc.h2;
  let s1 = 0;
  let s2 = 0;
  for (const [k, v] of m) {
    enc.reset(k);
    each(v);
    s1 = (s1 + fmix(enc.h1)) | 0;
    s2 = (s2 + fmix(enc.h2)) | 0;
  }
  enc.h1 = h1;
  enc.h2 = h2;
  enc.num(m.size);
  enc.num(s1);
  enc.num(s2);
}

export function encodeJanusGhost(mon: MonitorSet<unknown>, enc: Encoder): void {
  const g = mon as unknown as JanusGhost;
  termMap(g.leaders, enc, (v) => enc.id(v));
  termMap(g.sets, enc, (v) => enc.mask(v));
  termMap(g.electorSets, enc, (v) => enc.mask(v));
  enc.num(g.electorEpoch);
  enc.num(g.committed.length);
  for (const c of g.committed) {
    if (!c) enc.num(-1);
    else {
      enc.num(c.entry.term);
      enc.str(c.entry.command);
      enc.num(c.term);
    }
  }
  if (g.fence) enc.perNode(g.fence, (x) => enc.num(x));
}

/** LeaderAppendOnly as a property of one step: a node that leads the same term before and after only appends. */
export const leaderAppendOnly: StepProperty = {
  name: 'LeaderAppendOnly',
  check(before, after) {
    const a = before as JanusState;
    const b = after as JanusState;
    if (a.kind !== 'data' || b.kind !== 'data') return null;
    if (a.role !== 'leader' || b.role !== 'leader' || a.currentTerm !== b.currentTerm) return null;
    if (b.log.length < a.log.length) return `Leader ${b.id} of term ${b.currentTerm} shortened its log (${a.log.length} → ${b.log.length}).`;
    for (let i = 0; i < a.log.length; i++) {
      const x = a.log[i]!;
      const y = b.log[i]!;
      if (x !== y && (x.term !== y.term || x.command !== y.command)) return `Leader ${b.id} of term ${b.currentTerm} overwrote entry ${i + 1}.`;
    }
    return null;
  },
};

export function janusWithin(states: readonly unknown[], bounds: CheckBounds): boolean {
  for (const st of states) {
    const s = st as JanusState;
    if (s.currentTerm > bounds.maxTerm) return false;
    if (s.kind === 'elector' && s.zombie && s.zombie.currentTerm > bounds.maxTerm) return false;
  }
  return true;
}

export const janusCheck: CheckProfile = {
  bounds: { maxTerm: 3, maxLog: 1, maxCrashes: 0, maxCopies: 1, maxWrites: 2 },
  encoding: (config) => ({
    node: encodeJanusNode,
    message: encodeJanusMessage,
    ghost: encodeJanusGhost,
    symmetric: dataNodeIds(config as JanusConfig),
  }),
  within: janusWithin,
  canWrite: (st, bounds) => {
    const s = st as JanusState;
    return s.kind === 'data' && s.role === 'leader' && s.log.length < bounds.maxLog;
  },
  operators: (config) => dataNodeIds(config as JanusConfig).map((id): Action => ({ type: 'operator', name: 'replaceElector', node: id })),
  stepProperties: [leaderAppendOnly],
  replayTiming: { heartbeatInterval: 1e7, electionTimeoutMax: 1e7, termRequestRetry: 1e7, catchUpCheck: 1e7 },
  progress: (states) => {
    let best = 0;
    for (const st of states) {
      const s = st as JanusState;
      if (s.kind === 'data' && s.commitIndex > best) best = s.commitIndex;
    }
    return best;
  },
  promisedFailures: janusPromisedFailures,
  recovery: { property: 'Recovery', unrestored: janusUnrestoredView, quiet: janusQuietTimer, promised: janusRecoveryPromised },
  mutants: JANUS_MUTANT_CHECKS,
};
