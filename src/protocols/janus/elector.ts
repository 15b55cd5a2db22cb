// Elector handlers, PROTOCOL.md §4.3, §4.5 and §9. The elector keeps (epoch, term, leader, R)
// and never sees a log entry.

import type { Ctx, NodeId } from '../../kernel/types';
import type { JanusConfig } from './config';
import type { ElectorHeartbeat, InstallElector, JanusMessage, TermRequest } from './messages';
import { bit, formatSet, fullSet, has, slotOf, type ElectorState } from './state';

type C = Ctx<JanusMessage>;

export function initElector(id: NodeId, config: JanusConfig): ElectorState {
  return {
    kind: 'elector',
    id,
    electorEpoch: 0,
    currentTerm: 0,
    leaderId: null,
    replicationSet: fullSet(config.dataNodes),
    installed: true,
    lastHeardFromLeaderAt: 0,
    zombie: null,
  };
}

/** A new elector process for the replacement procedure (§9 step 1): uninstalled, refuses everything. */
export function newUninstalledElector(id: NodeId, epoch: number, zombie: ElectorState | null): ElectorState {
  return {
    kind: 'elector',
    id,
    electorEpoch: epoch,
    currentTerm: 0,
    leaderId: null,
    replicationSet: 0,
    installed: false,
    lastHeardFromLeaderAt: 0,
    zombie,
  };
}

export function crashElector(s: ElectorState, config: JanusConfig, wipe: boolean): ElectorState {
  // A wiped elector has lost its identity too (epoch -1): only the replacement procedure can revive it.
  if (wipe) return newUninstalledElector(s.id, -1, null);
  return { ...s, lastHeardFromLeaderAt: 0, zombie: s.zombie ? crashElector(s.zombie, config, false) : null };
}

export function startElector(ctx: C, s: ElectorState): void {
  // After a restart the elector has not heard from the leader; it gives the leader a full timeout.
  s.lastHeardFromLeaderAt = ctx.now;
  if (s.zombie) s.zombie.lastHeardFromLeaderAt = ctx.now;
}

/** Route a message to the elector process of its epoch (the new one, or the zombie). */
function route(s: ElectorState, epoch: number): ElectorState | null {
  if (epoch === s.electorEpoch) return s;
  if (s.zombie && epoch === s.zombie.electorEpoch) return s.zombie;
  return null;
}

/** §4.3: the elector receives a TermRequest from c with proposed set R'. */
export function handleTermRequest(ctx: C, e0: ElectorState, m: TermRequest, config: JanusConfig): void {
  const e = route(e0, m.electorEpoch);
  if (!e || !e.installed) {
    ctx.note('4.3', () => `E ignored ${m.from}'s ${m.kind} request: ${e ? 'it is not installed yet' : `it is for elector epoch ${m.electorEpoch}`}.`);
    return;
  }
  if (m.kind === 'rejoin') return handleRejoin(ctx, e, m, config);
  const c = slotOf(m.from);
  const R = e.replicationSet;
  if (m.kind === 'grow' && config.mutant !== 'no-leader-learning') learnLeader(ctx, e, m.term, m.from, m.from);
  const Rp = m.replicationSet;
  const subset = (Rp & ~R) === 0;
  const mutant = config.mutant;
  let ok = false;
  let why = '';
  if (mutant === 'grow-follower-first' && m.kind === 'grow') {
    // Broken on purpose: the elector learns a term the data nodes already made (published P2).
    if (m.term > e.currentTerm) {
      e.currentTerm = m.term;
      e.leaderId = m.from;
      e.replicationSet = Rp;
      e.lastHeardFromLeaderAt = ctx.now;
    }
    return;
  }
  if (!has(Rp, c)) why = `${m.from} is not in its own proposed set ${formatSet(Rp)}`;
  else if (m.kind === 'takeover' || m.kind === 'shrink') {
    const eligible = mutant === 'elect-any' || (has(R, c) && subset);
    const silentFor = ctx.now - e.lastHeardFromLeaderAt;
    const live = m.kind === 'shrink' || e.leaderId === null || e.leaderId === m.from || ctx.elapsed(e.lastHeardFromLeaderAt, config.timing.electorLeaderTimeout);
    if (!eligible) why = has(R, c) ? `${formatSet(Rp)} is not a subset of R = ${formatSet(R)}` : `${m.from} is not in R = ${formatSet(R)}`;
    else if (!live) why = `it heard from the leader ${e.leaderId} ${Math.round(silentFor)} ms ago (< ${config.timing.electorLeaderTimeout} ms)`;
    else ok = true;
  } else {
    const isLeader = m.from === e.leaderId;
    const atTerm = mutant === 'grow-any-term' || m.term === e.currentTerm;
    const addsOne = (R & ~Rp) === 0 && Rp !== R && popcount(Rp & ~R) === 1;
    if (!isLeader) why = `${m.from} is not the leader of term ${e.currentTerm}`;
    else if (!atTerm) why = `the request is for term ${m.term}, the elector is at ${e.currentTerm}`;
    else if (!addsOne) why = `${formatSet(Rp)} does not add exactly one node to R = ${formatSet(R)}`;
    else ok = true;
  }
  if (ok) {
    const prevLeader = e.leaderId;
    const silentFor = ctx.now - e.lastHeardFromLeaderAt;
    e.currentTerm += 1;
    e.leaderId = m.from;
    e.replicationSet = Rp;
    e.lastHeardFromLeaderAt = ctx.now;
    const kind = m.kind === 'shrink' && prevLeader !== m.from ? 'takeover' : m.kind;
    ctx.note('4.3', () =>
      `E granted term ${e.currentTerm} to ${m.from} with R = ${formatSet(Rp)}: ${kind}` +
      (kind === 'takeover' && prevLeader && prevLeader !== m.from ? `, ${prevLeader} silent for ${Math.round(silentFor)} ms` : '') +
      '.',
    );
  } else {
    ctx.note('4.3', () => `E refused ${m.from}'s ${m.kind}: ${why}.`);
  }
  ctx.send(m.from, {
    type: 'TermResponse',
    granted: ok,
    electorEpoch: e.electorEpoch,
    term: e.currentTerm,
    leaderId: e.leaderId,
    replicationSet: e.replicationSet,
  });
}

/**
 * REJOIN.md §4.2 (docs/protocol.md §14): a blank data node c asks to be evicted. At the elector's
 * current term, unless c is the last member of R, grant a new term with R \ {c}: the new term is
 * the fence against everything c's earlier incarnations sent. The elector keeps no new state.
 */
export function handleRejoin(ctx: C, e: ElectorState, m: TermRequest, config: JanusConfig): void {
  const c = slotOf(m.from);
  const R = e.replicationSet;
  let why = '';
  if (m.term !== e.currentTerm) why = `the request is for term ${m.term}, the elector is at ${e.currentTerm}`;
  else if (R === bit(c)) why = `${m.from} is the last member of R = ${formatSet(R)}: committed entries may exist nowhere else`;
  const ok = why === '';
  if (ok) {
    // Mutant rejoin-no-fence: evict in the same term.
    if (config.mutant !== 'rejoin-no-fence') e.currentTerm += 1;
    e.replicationSet = R & ~bit(c);
    if (e.leaderId === m.from) e.leaderId = null;
    ctx.note('14', () => `E granted term ${e.currentTerm} without ${m.from} (R = ${formatSet(e.replicationSet)}, leader ${e.leaderId ?? 'none'}): ${m.from} lost its disk, and the new term fences off its earlier life.`);
  } else {
    ctx.note('14', () => `E refused ${m.from}'s rejoin: ${why}.`);
  }
  ctx.send(m.from, {
    type: 'TermResponse',
    granted: ok,
    electorEpoch: e.electorEpoch,
    term: e.currentTerm,
    leaderId: e.leaderId,
    replicationSet: e.replicationSet,
    incarnation: m.incarnation ?? 0,
  });
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/**
 * R4 (docs/protocol.md): an elector installed by a replacement knows the term but not its
 * leader. The one node that leads that term is the only one that sends heartbeats or grow
 * requests for it on its own behalf, as a member of R; the elector records it as leader, so
 * that the leader can grow R again and its silence can be measured.
 */
function learnLeader(ctx: C, e: ElectorState, term: number, claimed: NodeId, from: NodeId, anyTerm = false): void {
  // Mutant r4-any-term drops the term guard: a stale leader of an older term is taken as the leader of this one.
  if (e.leaderId !== null || (term !== e.currentTerm && !anyTerm) || claimed !== from || !has(e.replicationSet, slotOf(from))) return;
  e.leaderId = from;
  e.lastHeardFromLeaderAt = ctx.now;
  ctx.note('9', () => `E (epoch ${e.electorEpoch}) learned that ${from} leads term ${e.currentTerm}: it heard from it as a member of R = ${formatSet(e.replicationSet)}.`);
}

/** §4.5: the elector receives an ElectorHeartbeat. */
export function handleElectorHeartbeat(ctx: C, e0: ElectorState, m: ElectorHeartbeat, from: NodeId, config?: JanusConfig): void {
  const e = route(e0, m.electorEpoch);
  if (!e || !e.installed) return;
  if (config?.mutant !== 'no-leader-learning') learnLeader(ctx, e, m.term, m.leaderId, from, config?.mutant === 'r4-any-term');
  // Only the leader's own heartbeat proves it alive; a follower's query (§5, deviation R3) does not.
  if (m.term === e.currentTerm && m.leaderId === e.leaderId && from === m.leaderId) e.lastHeardFromLeaderAt = ctx.now;
  ctx.send(from, { type: 'ElectorHeartbeatResponse', electorEpoch: e.electorEpoch, term: e.currentTerm, leaderId: e.leaderId, replicationSet: e.replicationSet });
}

/** §9 step 3: the new elector is installed at the highest term the data nodes reported. */
export function handleInstallElector(ctx: C, e: ElectorState, m: InstallElector, from: NodeId): void {
  if (m.electorEpoch !== e.electorEpoch) return;
  if (!e.installed) {
    e.currentTerm = m.term;
    e.leaderId = null;
    e.replicationSet = m.replicationSet;
    e.installed = true;
    e.lastHeardFromLeaderAt = ctx.now;
    ctx.note('9', () => `E (epoch ${e.electorEpoch}) was installed at term ${m.term} with R = ${formatSet(m.replicationSet)} and starts serving.`);
  }
  // Our addition: the installer learns that the install took effect from this reply.
  ctx.send(from, { type: 'ElectorHeartbeatResponse', electorEpoch: e.electorEpoch, term: e.currentTerm, leaderId: e.leaderId, replicationSet: e.replicationSet });
}

export function electorOnMessage(ctx: C, e: ElectorState, from: NodeId, m: JanusMessage, config: JanusConfig): void {
  switch (m.type) {
    case 'TermRequest':
      return handleTermRequest(ctx, e, m, config);
    case 'ElectorHeartbeat':
      return handleElectorHeartbeat(ctx, e, m, from, config);
    case 'InstallElector':
      return handleInstallElector(ctx, e, m, from);
    default:
      return;
  }
}

export { bit };
