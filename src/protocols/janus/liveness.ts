// The failures Janus promises to survive, for the checker's liveness sanity check
// (src/checker/liveness.ts, docs/checking.md "Liveness"). PROTOCOL.md §11, as the explorer's
// profile reads it (explore.ts `promise`, kinds 'one-data' / 'two-data'): data-node failures are
// survived while the elector is up with an installed term and a member of its replication set R
// survives, R taken less whatever a takeover or shrink request of a failed node, still in flight
// to the elector, may yet make it grant. Nodes already down count as failed. The elector's own
// failure (a narrower promise: only a leader whose whole R is up keeps committing) and disk losses
// are not offered here.

import type { NodeId } from '../../kernel';
import type { LivenessView } from '../../contracts/checking';
import type { JanusMessage } from './messages';
import { formatSet, has, isBlank, slotOf, type DataNodeState, type ElectorState, type JanusState } from './state';

/** R at the moment `failed` fail for good: the elector's R less what their requests in flight may grant. */
function setAtFailure(v: LivenessView, e: ElectorState, elector: NodeId, failed: ReadonlySet<NodeId>): number {
  let set = e.replicationSet;
  for (const m of v.messages) {
    const msg = m.msg as JanusMessage;
    if (m.to !== elector || !failed.has(m.from) || msg.type !== 'TermRequest' || msg.electorEpoch !== e.electorEpoch) continue;
    if (msg.kind !== 'takeover' && msg.kind !== 'shrink') continue;
    set &= msg.replicationSet;
  }
  return set;
}

/** A view's elector (its index and state) and its data nodes' indices; null without an elector. */
interface Parts {
  states: readonly JanusState[];
  ei: number;
  e: ElectorState;
  data: number[];
}
function partsOf(v: LivenessView): Parts | null {
  const states = v.states as readonly JanusState[];
  const ei = states.findIndex((s) => s.kind === 'elector');
  if (ei < 0) return null;
  const data: number[] = [];
  states.forEach((s, i) => {
    if (s.kind === 'data') data.push(i);
  });
  return { states, ei, e: states[ei] as ElectorState, data };
}

/** Is a data node outside `failed` still in R, R taken less what requests of `failed` in flight may make the elector grant? */
function memberSurvives(v: LivenessView, p: Parts, failed: ReadonlySet<NodeId>): boolean {
  const set = setAtFailure(v, p.e, v.nodeIds[p.ei]!, failed);
  return p.data.some((i) => !failed.has(v.nodeIds[i]!) && has(set, slotOf(v.nodeIds[i]!)));
}

const isBlankAt = (p: Parts, i: number): boolean => isBlank(p.states[i] as DataNodeState);

export function janusPromisedFailures(v: LivenessView): NodeId[][] {
  const p = partsOf(v);
  if (!p || !v.up[p.ei] || !p.e.installed) return [];
  const { data } = p;
  if (data.some((i) => isBlankAt(p, i))) return [];
  const down = data.filter((i) => !v.up[i]).map((i) => v.nodeIds[i]!);
  const survives = (more: NodeId[]): boolean => memberSurvives(v, p, new Set([...down, ...more]));
  const out: NodeId[][] = [];
  if (survives([])) out.push([]);
  for (const i of data) {
    const id = v.nodeIds[i]!;
    if (v.up[i] && survives([id])) out.push([id]);
  }
  return out;
}

/**
 * §8, the explorer's Recovery (explore.ts `unrestored`, full and wipe heals) and the checker's
 * recovery goal: once every failure is repaired, every dropped node is caught up and grown back, so
 * the elector's R is every data node again, and none is blank. Null when so, else what is missing.
 */
export function janusUnrestored(e: ElectorState, data: readonly DataNodeState[]): string | null {
  if (!e.installed) return 'the elector is not installed';
  const full = (1 << data.length) - 1;
  if (e.replicationSet !== full) return `the elector's R is still ${formatSet(e.replicationSet)}`;
  const blank = data.filter(isBlank).map((s) => s.id);
  if (blank.length) return `${blank.join(', ')} is still blank`;
  return null;
}

/**
 * Whether Janus promises recovery from this state (CheckProfile.recovery.promised), as the explorer's
 * promise reads REJOIN.md (explore.ts `promise`): not once no data node that is up, not blank and in
 * the elector's R is left, R taken less what a takeover or shrink request of a blank or down node
 * still in flight may make the elector grant (§8 O-1: the cluster stays down rather than lose
 * committed entries); not while the elector is uninstalled and a node is blank (R5: a replacement
 * waits for every data node, and a blank one does not report), nor while it is uninstalled with no
 * replacement under way (the operator must start one: explore.ts's 'full' promise).
 */
export function janusRecoveryPromised(v: LivenessView): boolean {
  const p = partsOf(v);
  if (!p) return true;
  const { data } = p;
  // An elector that lost its disk comes back uninstalled: only the operator's replacement, not a
  // repair, installs it again (the explorer's heal runs one; this search takes no operator action).
  if (!p.e.installed) return !data.some((i) => isBlankAt(p, i)) && data.some((i) => (p.states[i] as DataNodeState).installer !== null);
  return memberSurvives(v, p, new Set(data.filter((i) => !v.up[i] || isBlankAt(p, i)).map((i) => v.nodeIds[i]!)));
}

/** The checker's recovery goal (CheckProfile.recovery) over one state's nodes. */
export function janusUnrestoredView(v: LivenessView): string | null {
  const states = v.states as readonly JanusState[];
  const e = states.find((s) => s.kind === 'elector') as ElectorState | undefined;
  if (!e) return null;
  return janusUnrestored(e, states.filter((s) => s.kind === 'data') as DataNodeState[]);
}

/**
 * The recovery search's quiet timers (CheckProfile.recovery.quiet): as in a healed timed run, while a
 * data node that leads the elector's current term is up,
 * - a data node's election timer does not fire (the leader's heartbeats reset it);
 * - with every data node up and none blank, the leader's heartbeat and catch-up check never find a
 *   node silent for replicaTimeout (every node answers its AppendEntries in time), so a firing
 *   whose clock guards answered "timed out" does not happen. A blank node never acks, so with one
 *   the leader's shrink stays possible.
 * With no such leader, elections and shrinks go on as usual.
 */
export function janusQuietTimer(v: LivenessView, node: NodeId, timer: string, timedOut: readonly boolean[] = []): boolean {
  const silence = (timer === 'heartbeatInterval' || timer === 'catchUpCheck') && timedOut.some(Boolean);
  if (timer !== 'electionTimeout' && !silence) return false;
  const states = v.states as readonly JanusState[];
  const e = states.find((s) => s.kind === 'elector') as ElectorState | undefined;
  if (!e?.installed) return false;
  const i = v.nodeIds.indexOf(node);
  if (i < 0 || states[i]!.kind !== 'data') return false;
  const leads = (k: number): boolean => {
    const s = states[k]!;
    return s.kind === 'data' && v.up[k]! && s.role === 'leader' && s.currentTerm === e.currentTerm;
  };
  if (!silence) return states.some((_, k) => leads(k));
  return leads(i) && states.every((s, k) => s.kind !== 'data' || (v.up[k]! && !isBlank(s)));
}
