// Data-node handlers, PROTOCOL.md §3 (blanket rule), §4.1, §4.2, §4.4, §5, §6, §8 and §9.
// Each exported function is one rule; its name is the rule's name in the protocol document.

import type { ClientWriteResult, Ctx, NodeId } from '../../kernel/types';
import { CLUSTER_ID, ELECTOR, type JanusConfig } from './config';
import type {
  AppendEntries,
  AppendEntriesResponse,
  ElectorChange,
  ElectorChangeAck,
  ElectorHeartbeatResponse,
  JanusMessage,
  NodeSet,
  TermRequest,
  TermRequestKind,
  TermResponse,
} from './messages';
import { bit, formatSet, fullSet, has, idOf, isBlank, size, slotOf, type DataNodeState } from './state';

type C = Ctx<JanusMessage>;

export const TIMER = {
  election: 'electionTimeout',
  heartbeat: 'heartbeatInterval',
  catchUp: 'catchUpCheck',
  retry: 'termRequestRetry',
  electorChange: 'electorChangeRetry',
} as const;

export function initDataNode(id: NodeId, config: JanusConfig): DataNodeState {
  const n = config.dataNodes;
  return {
    kind: 'data',
    id,
    slot: slotOf(id),
    currentTerm: 0,
    replicationSet: (1 << n) - 1,
    log: [],
    electorEpoch: 0,
    // Bootstrapped (REJOIN.md §5 step 1): the lab's cluster starts with every marker written.
    marker: { clusterId: CLUSTER_ID, nodeId: id },
    incarnation: 0,
    backup: null,
    ...volatile(n),
  };
}

function volatile(n: number) {
  return {
    role: 'follower' as const,
    leaderId: null,
    commitIndex: 0,
    lastApplied: 0,
    matchIndex: new Array<number>(n).fill(0),
    nextIndex: new Array<number>(n).fill(1),
    lastAckAt: new Array<number>(n).fill(0),
    joining: null,
    lastLeaderContact: 0,
    pendingRequest: null,
    installer: null,
  };
}

/** §8: a crash keeps currentTerm, replicationSet, log and electorEpoch. A wipe loses the disk too. */
export function crashDataNode(s: DataNodeState, config: JanusConfig, wipe: boolean): DataNodeState {
  // A wipe loses the disk and its marker: the node boots blank (REJOIN.md §2.1). The operator
  // starts it with the cluster's current elector epoch; in the lab, the epoch its disk last held
  // (a replacement cannot finish without every data node's ack, §9).
  if (wipe) return { ...initDataNode(s.id, config), marker: null, electorEpoch: s.electorEpoch, backup: s.backup };
  return {
    kind: 'data',
    id: s.id,
    slot: s.slot,
    currentTerm: s.currentTerm,
    replicationSet: s.replicationSet,
    log: s.log.slice(),
    electorEpoch: s.electorEpoch,
    marker: s.marker,
    incarnation: s.incarnation,
    backup: s.backup,
    ...volatile(config.dataNodes),
  };
}

/** Boot or restart (§8): a follower with commitIndex 0 and its election timer armed. */
export function startDataNode(ctx: C, s: DataNodeState, config: JanusConfig): void {
  s.lastLeaderContact = ctx.now;
  if (isBlank(s)) return bootBlank(ctx, s, config);
  armElectionTimer(ctx, config);
}

/**
 * REJOIN.md §2.1 and §4.1: a node that boots without its marker is blank. It discards whatever
 * the disk holds, persists term 0, an empty log, R = all and a fresh incarnation, and asks the
 * elector to evict it. Its election timer stays off: it never leads.
 */
function bootBlank(ctx: C, s: DataNodeState, config: JanusConfig): void {
  s.marker = null;
  s.currentTerm = 0;
  s.log = [];
  s.replicationSet = fullSet(config.dataNodes);
  s.incarnation = ctx.randomInt(1, 0xffffffff);
  ctx.probe('blank boot');
  ctx.note('14', () => `${s.id} booted without its marker: it is blank (incarnation ${s.incarnation}). It never leads or acks until E evicts it from R.`);
  sendRejoin(ctx, s, config);
}

function electionTimeout(ctx: C, config: JanusConfig): number {
  return ctx.randomInt(config.timing.electionTimeoutMin, config.timing.electionTimeoutMax);
}

function armElectionTimer(ctx: C, config: JanusConfig): void {
  ctx.setTimer(TIMER.election, electionTimeout(ctx, config));
}

const dataIds = (config: JanusConfig): NodeId[] => (config.dataNodes === 2 ? ['D1', 'D2'] : ['D1', 'D2', 'D3']);

// ---------------------------------------------------------------- role changes

/** Blanket rule (§3): a higher term is adopted together with its replication set, durably. */
export function blanketRule(ctx: C, s: DataNodeState, term: number, replicationSet: NodeSet, leaderId: NodeId | null, config: JanusConfig): boolean {
  if (term <= s.currentTerm) return false;
  const wasLeader = s.role === 'leader';
  ctx.note('3', () => `${s.id} adopted term ${term} with R = ${formatSet(replicationSet)} from a message (blanket rule)${wasLeader ? ' and stepped down' : ''}.`);
  s.currentTerm = term;
  s.replicationSet = replicationSet;
  becomeFollower(ctx, s, leaderId, config);
  // REJOIN.md §4.1 rule 3: a blank node asks again whenever its term changes.
  if (isBlank(s)) sendRejoin(ctx, s, config);
  return true;
}

function becomeFollower(ctx: C, s: DataNodeState, leaderId: NodeId | null, config: JanusConfig): void {
  if (s.role === 'leader') {
    ctx.clearTimer(TIMER.heartbeat);
    ctx.clearTimer(TIMER.catchUp);
  }
  s.role = 'follower';
  s.leaderId = leaderId;
  s.joining = null;
  s.pendingRequest = null;
  ctx.clearTimer(TIMER.retry);
  s.lastLeaderContact = ctx.now;
  if (!ctx.hasTimer(TIMER.election) && !isBlank(s)) armElectionTimer(ctx, config);
}

/** §4.4, granted: become leader of the new term. */
function becomeLeader(ctx: C, s: DataNodeState, config: JanusConfig): void {
  s.role = 'leader';
  s.leaderId = s.id;
  s.pendingRequest = null;
  s.joining = null;
  const n = config.dataNodes;
  for (let i = 0; i < n; i++) {
    s.matchIndex[i] = 0;
    s.nextIndex[i] = s.log.length + 1;
    s.lastAckAt[i] = ctx.now;
  }
  ctx.clearTimer(TIMER.retry);
  ctx.clearTimer(TIMER.election);
  advanceCommit(ctx, s, config);
  broadcastAppendEntries(ctx, s, config);
  ctx.send(ELECTOR, { type: 'ElectorHeartbeat', term: s.currentTerm, leaderId: s.id, electorEpoch: s.electorEpoch });
  ctx.setTimer(TIMER.heartbeat, config.timing.heartbeatInterval);
  ctx.setTimer(TIMER.catchUp, config.timing.catchUpCheck);
}

// ---------------------------------------------------------------- replication

function sendAppendEntries(ctx: C, s: DataNodeState, to: number, config: JanusConfig): void {
  const next = Math.max(1, Math.min(s.nextIndex[to]!, s.log.length + 1));
  const prevLogIndex = next - 1;
  const prevLogTerm = prevLogIndex > 0 ? s.log[prevLogIndex - 1]!.term : 0;
  const entries = s.log.slice(prevLogIndex, prevLogIndex + config.maxBatch);
  ctx.send(idOf(to), {
    type: 'AppendEntries',
    term: s.currentTerm,
    leaderId: s.id,
    replicationSet: s.replicationSet,
    prevLogIndex,
    prevLogTerm,
    entries,
    leaderCommit: s.commitIndex,
  });
}

/** §5 heartbeatInterval: AppendEntries to every data node, members of R or not. */
function broadcastAppendEntries(ctx: C, s: DataNodeState, config: JanusConfig): void {
  for (let i = 0; i < config.dataNodes; i++) if (i !== s.slot) sendAppendEntries(ctx, s, i, config);
}

/** §4.1 step 5 (and the refusals): the data node's AppendEntriesResponse to the leader. */
function reply(ctx: C, s: DataNodeState, m: AppendEntries, success: boolean, matchIndex: number): void {
  ctx.send(m.leaderId, { type: 'AppendEntriesResponse', term: s.currentTerm, from: s.id, replicationSet: s.replicationSet, success, matchIndex });
}

/** §4.1: a data node receives AppendEntries from leader L. */
export function handleAppendEntries(ctx: C, s: DataNodeState, m: AppendEntries, config: JanusConfig): void {
  // Step 1.
  if (m.term < s.currentTerm) {
    ctx.note('4.1', () => `${s.id} refused AppendEntries of term ${m.term} from ${m.leaderId}: its own term is ${s.currentTerm}.`);
    reply(ctx, s, m, false, 0);
    return;
  }
  // Step 2.
  blanketRule(ctx, s, m.term, m.replicationSet, m.leaderId, config);
  if (isBlank(s) && config.mutant !== 'blank-acks') {
    // REJOIN.md §4.1 rule 2: a blank node has forgotten which terms it left, so it never acks.
    ctx.note('14', () => `${s.id} is blank: it refused AppendEntries from ${m.leaderId} without touching its log.`);
    reply(ctx, s, m, false, 0);
    return;
  }
  if (s.role === 'leader') return; // Two leaders in one term: the monitors report it.
  if (s.role === 'candidate') {
    ctx.note('4.1', () => `${s.id} stopped its takeover: ${m.leaderId} leads term ${m.term}.`);
    s.role = 'follower';
    s.pendingRequest = null;
    ctx.clearTimer(TIMER.retry);
  }
  s.leaderId = m.leaderId;
  s.lastLeaderContact = ctx.now;
  // Step 3: Raft's consistency check.
  const checkTerm = config.mutant !== 'skip-prev-log-term';
  if (m.prevLogIndex > s.log.length || (checkTerm && m.prevLogIndex > 0 && s.log[m.prevLogIndex - 1]!.term !== m.prevLogTerm)) {
    ctx.note('4.1', () =>
      m.prevLogIndex > s.log.length
        ? `${s.id} refused AppendEntries: it has no entry at prevLogIndex ${m.prevLogIndex} (its log ends at ${s.log.length}).`
        : `${s.id} refused AppendEntries: its entry ${m.prevLogIndex} has term ${s.log[m.prevLogIndex - 1]!.term}, not prevLogTerm ${m.prevLogTerm}.`,
    );
    reply(ctx, s, m, false, 0);
    return;
  }
  let appended = 0;
  for (let k = 0; k < m.entries.length; k++) {
    const e = m.entries[k]!;
    const local = s.log[e.index - 1];
    if (local && local.term !== e.term) {
      ctx.note('4.1', () => `${s.id} deleted its entries from index ${e.index} on: they conflict with the leader's (term ${local.term} ≠ ${e.term}).`);
      s.log.length = e.index - 1;
    }
    if (!s.log[e.index - 1]) {
      s.log.push(e);
      appended++;
    }
  }
  const last = m.prevLogIndex + m.entries.length;
  // Step 4.
  // Mutant commit-past-match: up to the own log's end, past the prefix this AppendEntries verified.
  const newCommit = Math.max(s.commitIndex, Math.min(m.leaderCommit, config.mutant === 'commit-past-match' ? s.log.length : last));
  if (newCommit > s.commitIndex) {
    const from = s.commitIndex;
    ctx.note('4.1', () => `${s.id} learned from ${m.leaderId} that entries up to ${newCommit} are committed (was ${from}).`);
    s.commitIndex = newCommit;
    s.lastApplied = newCommit;
  }
  if (appended) ctx.note('4.1', () => `${s.id} appended ${appended} entr${appended === 1 ? 'y' : 'ies'} from ${m.leaderId}, up to index ${last}, and acked.`);
  // Step 5.
  reply(ctx, s, m, true, last);
}

/** §4.2: leader L receives AppendEntriesResponse from n. */
export function handleAppendEntriesResponse(ctx: C, s: DataNodeState, m: AppendEntriesResponse, config: JanusConfig): void {
  if (blanketRule(ctx, s, m.term, m.replicationSet, null, config)) return;
  // Mutant stale-ack-counted: a leader also counts a success ack of one of its older terms.
  if ((m.term < s.currentTerm && !(config.mutant === 'stale-ack-counted' && m.success)) || s.role !== 'leader') return;
  const n = slotOf(m.from);
  s.lastAckAt[n] = ctx.now;
  if (m.success) {
    if (m.matchIndex > s.matchIndex[n]!) s.matchIndex[n] = m.matchIndex;
    if (s.matchIndex[n]! + 1 > s.nextIndex[n]!) s.nextIndex[n] = s.matchIndex[n]! + 1;
    advanceCommit(ctx, s, config);
    const j = s.joining;
    if (j && j.node === m.from && s.matchIndex[n]! >= j.joinFrom && (!s.pendingRequest || s.pendingRequest.kind !== 'shrink')) {
      if (!s.pendingRequest) requestGrow(ctx, s, config);
    }
    // Keep a lagging node fed without waiting for the next heartbeat.
    if (s.nextIndex[n]! <= s.log.length && m.matchIndex > 0) sendAppendEntries(ctx, s, n, config);
  } else {
    if (s.nextIndex[n]! <= 1) {
      // No back-off is left. prevLogIndex 0 always matches, so a refusal there is no log mismatch:
      // n is blank (REJOIN.md §4.1 rule 2) and refuses until the elector evicts it (or the refusal
      // is a late one, of an AppendEntries sent before nextIndex reached 1). Resending at once made the leader
      // and the blank node exchange AppendEntries at the network's pace, for ever when the elector
      // is lost too (a message storm, explorer janus-3+1 master seed 1 run 289, pattern
      // blankReplacement); the next heartbeat asks again.
      ctx.note('14', () => `${s.id}: ${m.from} refused AppendEntries with nextIndex already 1 (a blank node refuses until it is evicted); the next heartbeat sends again.`);
      return;
    }
    // Raft back-off.
    s.nextIndex[n] = Math.max(1, s.nextIndex[n]! - 1);
    ctx.probe('nextIndex back-off');
    ctx.note('4.2', () => `${s.id} backed off nextIndex for ${m.from} to ${s.nextIndex[n]} and resent.`);
    sendAppendEntries(ctx, s, n, config);
  }
}

/**
 * AdvanceCommit (§4.2): commit up to the smallest index acked in this term by every other
 * member of R and by the joiner.
 */
export function advanceCommit(ctx: C, s: DataNodeState, config: JanusConfig): void {
  const need = (s.replicationSet | (s.joining ? bit(slotOf(s.joining.node)) : 0)) & ~bit(s.slot);
  let target = s.log.length;
  if (config.mutant === 'commit-on-majority') {
    // Broken on purpose: the majority of data nodes (leader included) decides.
    const acks = [s.log.length];
    for (let i = 0; i < config.dataNodes; i++) if (i !== s.slot) acks.push(s.matchIndex[i]!);
    acks.sort((a, b) => b - a);
    target = acks[Math.floor(config.dataNodes / 2)]!;
  } else {
    let binding = -1;
    let rMin = Infinity;
    for (let i = 0; i < config.dataNodes; i++) {
      if (!has(need, i)) continue;
      const mi = s.matchIndex[i]!;
      if (mi < target) {
        target = mi;
        binding = i;
      }
      if (has(s.replicationSet, i) && mi < rMin) rMin = mi;
    }
    if (s.joining && binding === slotOf(s.joining.node) && Math.min(rMin, s.log.length) > target && target >= s.commitIndex) {
      ctx.probe("joiner's ack holds the commit");
      ctx.note('6.2', () => `${s.id} holds the commit at ${target}: the joiner ${s.joining!.node} has not acked further yet.`);
    }
  }
  if (target > s.commitIndex) {
    const from = s.commitIndex;
    s.commitIndex = target;
    s.lastApplied = target;
    ctx.note('4.2', () =>
      need === 0
        ? `${s.id} committed up to index ${target}: RF = 1, the leader's own disk is enough.`
        : `${s.id} committed up to index ${target} (was ${from}): every member of ${formatSet(need)} acked it in term ${s.currentTerm}.`,
    );
  }
}

// ---------------------------------------------------------------- terms

function sendTermRequest(ctx: C, s: DataNodeState, kind: TermRequestKind, proposed: NodeSet, config: JanusConfig): void {
  const req: TermRequest = { type: 'TermRequest', kind, from: s.id, term: s.currentTerm, electorEpoch: s.electorEpoch, replicationSet: proposed };
  s.pendingRequest = req;
  ctx.send(ELECTOR, req);
  ctx.setTimer(TIMER.retry, config.timing.termRequestRetry);
}

/** §5 electionTimeout: a follower in its own R asks for a takeover. */
export function onElectionTimeout(ctx: C, s: DataNodeState, config: JanusConfig): void {
  if (s.role === 'leader') return;
  if (isBlank(s)) return; // REJOIN.md §4.1 rule 1: a blank node never asks for a takeover.
  const timeout = electionTimeout(ctx, config);
  const silent = ctx.now - s.lastLeaderContact;
  if (!has(s.replicationSet, s.slot) && config.mutant !== 'elect-any') {
    // §5: a node outside its own replication set never starts an election. If no leader speaks,
    // it asks the elector for the current (term, R): a grow may have added it without its
    // knowing, before the leader died (deviation R3 in docs/protocol.md).
    ctx.note('5', () => `${s.id} may not start an election: it is not in its own replication set ${formatSet(s.replicationSet)}.`);
    if (ctx.elapsed(s.lastLeaderContact, config.timing.electionTimeoutMin)) {
      ctx.note('5', () => `${s.id} heard no leader for ${Math.round(silent)} ms and asked E for the current term and R.`);
      ctx.send(ELECTOR, { type: 'ElectorHeartbeat', term: s.currentTerm, leaderId: s.id, electorEpoch: s.electorEpoch });
    }
    ctx.setTimer(TIMER.election, timeout);
    return;
  }
  if (!ctx.elapsed(s.lastLeaderContact, config.timing.electionTimeoutMin)) {
    ctx.setTimer(TIMER.election, Math.max(1, timeout - silent));
    return;
  }
  if (s.role === 'candidate' && s.pendingRequest) {
    ctx.setTimer(TIMER.election, timeout);
    return;
  }
  s.role = 'candidate';
  const proposed = takeoverSet(s);
  ctx.note('5', () => `${s.id} heard no leader for ${Math.round(silent)} ms and asked E to take over with R' = ${formatSet(proposed)}.`);
  sendTermRequest(ctx, s, 'takeover', proposed, config);
  ctx.setTimer(TIMER.election, timeout);
}

function takeoverSet(s: DataNodeState): NodeSet {
  const l = s.leaderId;
  if (!has(s.replicationSet, s.slot)) return (s.replicationSet | bit(s.slot)) & ~(l ? bit(slotOf(l)) : 0); // elect-any mutant only
  if (l && l !== s.id && has(s.replicationSet, slotOf(l))) return s.replicationSet & ~bit(slotOf(l));
  return s.replicationSet;
}

/** §5 termRequestRetry: resend the outstanding TermRequest (recomputed from the current state). */
export function onTermRequestRetry(ctx: C, s: DataNodeState, config: JanusConfig): void {
  const p = s.pendingRequest;
  if (!p) return;
  if (p.kind === 'rejoin') {
    if (isBlank(s)) sendRejoin(ctx, s, config);
    return;
  }
  if (p.kind === 'takeover') {
    if (s.role !== 'candidate') return;
    sendTermRequest(ctx, s, 'takeover', takeoverSet(s), config);
  } else if (p.kind === 'shrink') {
    if (s.role !== 'leader') return;
    const silent = silentMembers(ctx, s, config);
    sendTermRequest(ctx, s, 'shrink', s.replicationSet & ~silent, config);
  } else {
    if (s.role !== 'leader') return;
    sendTermRequest(ctx, s, 'grow', p.replicationSet, config);
  }
}

function silentMembers(ctx: C, s: DataNodeState, config: JanusConfig): NodeSet {
  let silent = 0;
  for (let i = 0; i < config.dataNodes; i++) {
    if (i === s.slot || !has(s.replicationSet, i)) continue;
    if (ctx.elapsed(s.lastAckAt[i]!, config.timing.replicaTimeout)) silent |= bit(i);
  }
  return silent;
}

/** §5 heartbeatInterval and replicaTimeout, at the leader. */
export function onHeartbeat(ctx: C, s: DataNodeState, config: JanusConfig): void {
  if (s.role !== 'leader') return;
  broadcastAppendEntries(ctx, s, config);
  ctx.send(ELECTOR, { type: 'ElectorHeartbeat', term: s.currentTerm, leaderId: s.id, electorEpoch: s.electorEpoch });
  ctx.setTimer(TIMER.heartbeat, config.timing.heartbeatInterval);
  // replicaTimeout: shrink silent members out; a silent joiner also needs a new term (§6.2 step 1).
  const silent = silentMembers(ctx, s, config);
  const j = s.joining;
  const joinerSilent = j !== null && ctx.elapsed(s.lastAckAt[slotOf(j.node)]!, config.timing.replicaTimeout);
  if ((silent || joinerSilent) && (!s.pendingRequest || s.pendingRequest.kind !== 'shrink')) {
    if (config.mutant === 'no-sticky-join' && joinerSilent && !silent) {
      s.joining = null;
      return;
    }
    const proposed = s.replicationSet & ~silent;
    ctx.note('5', () =>
      silent
        ? `${s.id} heard no ack from ${formatSet(silent)} for ${config.timing.replicaTimeout} ms and asked E to shrink R to ${formatSet(proposed)}.`
        : `${s.id} heard nothing from the joiner ${j!.node} for ${config.timing.replicaTimeout} ms; joining is sticky, so it asked E for a new term with R = ${formatSet(proposed)}.`,
    );
    sendTermRequest(ctx, s, 'shrink', proposed, config);
  }
}

/** §5 catchUpCheck and §6.2 StartJoin(n). */
export function onCatchUpCheck(ctx: C, s: DataNodeState, config: JanusConfig): void {
  if (s.role !== 'leader') return;
  ctx.setTimer(TIMER.catchUp, config.timing.catchUpCheck);
  if (s.joining || s.pendingRequest) return;
  for (let i = 0; i < config.dataNodes; i++) {
    if (i === s.slot || has(s.replicationSet, i)) continue;
    if (ctx.elapsed(s.lastAckAt[i]!, config.timing.replicaTimeout)) continue; // not answering
    startJoin(ctx, s, idOf(i), config);
    return;
  }
}

/** §6.2 step 1: from now on commits also need n's ack, until this leader leaves the term. */
export function startJoin(ctx: C, s: DataNodeState, node: NodeId, config: JanusConfig): void {
  const joinFrom = config.mutant === 'grow-on-commit' ? s.commitIndex : s.log.length;
  s.joining = { node, joinFrom };
  ctx.note('6.2', () => `${s.id} started to bring ${node} back (StartJoin): commits now also wait for ${node}; it must reach index ${joinFrom}.`);
  const n = slotOf(node);
  if (s.matchIndex[n]! >= joinFrom) requestGrow(ctx, s, config);
  else sendAppendEntries(ctx, s, n, config);
}

function requestGrow(ctx: C, s: DataNodeState, config: JanusConfig): void {
  const j = s.joining!;
  const proposed = s.replicationSet | bit(slotOf(j.node));
  if (config.mutant === 'grow-follower-first') {
    // Broken on purpose (published SwitchToRF2 P1): the data nodes move first, the elector learns later.
    s.currentTerm += 1;
    s.replicationSet = proposed;
    becomeLeader(ctx, s, config);
    ctx.send(ELECTOR, { type: 'TermRequest', kind: 'grow', from: s.id, term: s.currentTerm, electorEpoch: s.electorEpoch, replicationSet: proposed });
    return;
  }
  ctx.note('6.2', () => `${j.node} has caught up to index ${j.joinFrom}; ${s.id} asked E to grow R to ${formatSet(proposed)}.`);
  sendTermRequest(ctx, s, 'grow', proposed, config);
  if (config.mutant === 'no-sticky-join') s.joining = null;
}

/** §4.4: a data node receives TermResponse. */
export function handleTermResponse(ctx: C, s: DataNodeState, m: TermResponse, config: JanusConfig): void {
  if (m.electorEpoch !== s.electorEpoch && (m.granted || config.mutant !== 'old-elector-notices')) {
    ctx.note('9', () => `${s.id} ignored a ${m.granted ? 'grant' : 'refusal'} from an elector of epoch ${m.electorEpoch}: it trusts epoch ${s.electorEpoch}.`);
    if (m.granted) ctx.probe('stale grant ignored');
    return;
  }
  if (isBlank(s) && !(config.mutant === 'blank-takes-grant' && m.leaderId === s.id)) return blankTermResponse(ctx, s, m, config);
  if (m.term <= s.currentTerm) {
    if (m.granted) {
      ctx.probe('stale grant ignored');
      ctx.note('4.4', () => `${s.id} ignored a grant of term ${m.term}: it is already at term ${s.currentTerm}.`);
    }
    return;
  }
  const wasLeader = s.role === 'leader';
  s.currentTerm = m.term;
  s.replicationSet = m.replicationSet;
  // A grant, or any elector reply that names this node leader of the (higher) term, makes it
  // leader: only a grant to this node can have put it there (deviation R2 in docs/protocol.md).
  if (m.leaderId === s.id) {
    const kind = s.pendingRequest?.kind ?? 'takeover';
    ctx.probe(kind === 'grow' ? 'grow' : kind === 'shrink' && wasLeader ? 'shrink' : 'takeover');
    ctx.note('4.4', () => `${s.id} became leader of term ${m.term} with R = ${formatSet(m.replicationSet)} (RF ${size(m.replicationSet)}), granted by E.`);
    becomeLeader(ctx, s, config);
  } else {
    ctx.note('4.4', () => `${s.id} learned from E that term ${m.term} belongs to ${m.leaderId ?? 'nobody'} with R = ${formatSet(m.replicationSet)}.`);
    becomeFollower(ctx, s, m.leaderId === s.id ? null : m.leaderId, config);
  }
}

// ---------------------------------------------------------------- a data node that lost its disk (REJOIN.md, §14)

/** REJOIN.md §4.1 rule 3: ask the elector to evict this blank node, at its current term. */
function sendRejoin(ctx: C, s: DataNodeState, config: JanusConfig): void {
  const req: TermRequest = { type: 'TermRequest', kind: 'rejoin', from: s.id, term: s.currentTerm, electorEpoch: s.electorEpoch, replicationSet: 0, incarnation: s.incarnation };
  s.pendingRequest = req;
  ctx.send(ELECTOR, req);
  ctx.setTimer(TIMER.retry, config.timing.termRequestRetry);
}

/** REJOIN.md §4.1 rules 1, 4 and 5: a blank node reads the elector's reply (of its own epoch). */
export function blankTermResponse(ctx: C, s: DataNodeState, m: TermResponse, config: JanusConfig): void {
  const leader = m.leaderId === s.id ? null : m.leaderId;
  if (m.granted && (m.incarnation === s.incarnation || config.mutant === 'rejoin-no-nonce')) {
    // Rule 4: its own eviction. The new term is its fence; it writes its marker and is an
    // ordinary node outside R, caught up and grown back by §6.2.
    s.marker = { clusterId: CLUSTER_ID, nodeId: s.id };
    s.pendingRequest = null;
    ctx.clearTimer(TIMER.retry);
    ctx.probe('rejoin');
    ctx.note('14', () => `E evicted ${s.id} in term ${m.term} (its fence), R = ${formatSet(m.replicationSet)}; ${s.id} wrote its marker and is an ordinary node outside R.`);
    if (!blanketRule(ctx, s, m.term, m.replicationSet, leader, config)) becomeFollower(ctx, s, s.leaderId, config);
    return;
  }
  if (m.granted) {
    // Rule 1: a grant of another incarnation's request (a takeover, shrink or rejoin sent before the wipe).
    ctx.probe('stale grant ignored');
    ctx.note('14', () => `${s.id} is blank: it took E's grant of term ${m.term} as a refusal (it answers a request of an earlier incarnation).`);
  }
  blanketRule(ctx, s, m.term, m.replicationSet, leader, config);
  if (!m.granted && m.replicationSet === bit(s.slot)) {
    // Rule 5: the last holder. The cluster stays down; the node keeps asking, slowly.
    ctx.probe('last holder');
    ctx.note('14', () => `E refused to evict ${s.id}: it is the last member of R = ${formatSet(m.replicationSet)}, so committed entries may exist nowhere else. The cluster stays down (operator alarm).`);
    ctx.setTimer(TIMER.retry, config.timing.termRequestRetry * 5);
  }
}

/** §4.5: the leader (or a deposed one) reads the elector's heartbeat reply. */
export function handleElectorHeartbeatResponse(ctx: C, s: DataNodeState, m: ElectorHeartbeatResponse, config: JanusConfig): void {
  if (s.installer?.installing && m.electorEpoch === s.installer.newEpoch) {
    const epoch = s.installer.newEpoch;
    ctx.note('9', () => `${s.id} saw the new elector of epoch ${epoch} answer: the replacement is complete.`);
    s.installer = null;
    ctx.clearTimer(TIMER.electorChange);
  }
  if (m.electorEpoch !== s.electorEpoch && config.mutant !== 'old-elector-notices') return;
  if (m.leaderId === s.id && m.term > s.currentTerm && m.electorEpoch === s.electorEpoch) {
    // The reply overtook this node's own grant (deviation R2): take the grant from it.
    handleTermResponse(ctx, s, { type: 'TermResponse', granted: true, electorEpoch: m.electorEpoch, term: m.term, leaderId: m.leaderId, replicationSet: m.replicationSet }, config);
    return;
  }
  blanketRule(ctx, s, m.term, m.replicationSet, m.leaderId, config);
}

// ---------------------------------------------------------------- client writes

export function onClientWrite(ctx: C, s: DataNodeState, command: string, config: JanusConfig): ClientWriteResult {
  if (s.role !== 'leader') {
    if (s.leaderId && s.leaderId !== s.id) return { status: 'redirect', to: s.leaderId };
    return { status: 'rejected', reason: `${s.id} is not the leader and knows no leader of term ${s.currentTerm}` };
  }
  const entry = { term: s.currentTerm, index: s.log.length + 1, command };
  s.log.push(entry);
  ctx.note('7', () => `${s.id} appended "${command}" at index ${entry.index} in term ${entry.term}.`);
  advanceCommit(ctx, s, config);
  for (let i = 0; i < config.dataNodes; i++) {
    if (i !== s.slot && s.nextIndex[i] === entry.index) sendAppendEntries(ctx, s, i, config);
  }
  return { status: 'appended', index: entry.index };
}

// ---------------------------------------------------------------- elector replacement (§9)

/** Operator: start the replacement through this node (the installer). */
export function startElectorChange(ctx: C, s: DataNodeState, newEpoch: number, config: JanusConfig): void {
  s.installer = { newEpoch, acks: new Array(config.dataNodes).fill(null), installing: null };
  ctx.probe('elector replacement');
  ctx.note('9', () => `${s.id} started the elector replacement: it asks every data node to switch to epoch ${newEpoch}.`);
  sendElectorChanges(ctx, s, config);
}

function sendElectorChanges(ctx: C, s: DataNodeState, config: JanusConfig): void {
  const inst = s.installer!;
  for (const id of dataIds(config)) {
    if (inst.acks[slotOf(id)]) continue;
    const msg: ElectorChange = { type: 'ElectorChange', newEpoch: inst.newEpoch, newElector: ELECTOR, installer: s.id };
    if (id === s.id) handleElectorAck(ctx, s, switchEpoch(ctx, s, msg, config));
    else ctx.send(id, msg);
  }
  if (s.installer) ctx.setTimer(TIMER.electorChange, config.timing.termRequestRetry);
}

function switchEpoch(ctx: C, s: DataNodeState, m: ElectorChange, config: JanusConfig): ElectorChangeAck {
  let ok = false;
  if (isBlank(s) && config.mutant !== 'blank-reports') {
    // Our rule R5 (docs/protocol.md §14): a blank node has forgotten the terms its earlier life
    // held, so its (term, R) is no report. It neither switches nor acks: the replacement waits
    // until it has rejoined through the elector of its epoch. With the elector lost too, the
    // cluster stays down (a data node and the elector together cost availability, never
    // consistency); it was a second leader of a term (golden rejoin-replacement-waits.txt).
    ctx.note('14', () => `${s.id} is blank: it has forgotten the terms it held, so it does not switch to elector epoch ${m.newEpoch} and reports nothing; the replacement waits until it has rejoined.`);
    return { type: 'ElectorChangeAck', from: s.id, newEpoch: m.newEpoch, ok: false, term: s.currentTerm, replicationSet: s.replicationSet };
  }
  // PROTOCOL.md §9 switches only from e to e+1. We switch from any lower epoch: the explorer
  // found that a replacement retried with a newer epoch after a second failure otherwise leaves a
  // node at e-1 that refuses forever (docs/protocol.md §9, deviation R1). Safety is unchanged:
  // after switching the node ignores every other epoch, and the installer waits for all N.
  if (s.electorEpoch < m.newEpoch) {
    s.electorEpoch = m.newEpoch;
    ok = true;
    ctx.note('9', () => `${s.id} switched to elector epoch ${m.newEpoch}; from now on it ignores every message of another epoch.`);
  } else if (s.electorEpoch === m.newEpoch) ok = true;
  return { type: 'ElectorChangeAck', from: s.id, newEpoch: m.newEpoch, ok, term: s.currentTerm, replicationSet: s.replicationSet };
}

/** §9 step 2: a data node receives ElectorChange. */
export function handleElectorChange(ctx: C, s: DataNodeState, m: ElectorChange, config: JanusConfig): void {
  ctx.send(m.installer, switchEpoch(ctx, s, m, config));
}

/** §9 step 3: the installer collects acks, then installs the new elector at the highest term. */
export function handleElectorAck(ctx: C, s: DataNodeState, m: ElectorChangeAck): void {
  const inst = s.installer;
  if (!inst || m.newEpoch !== inst.newEpoch || !m.ok || inst.installing) return;
  inst.acks[slotOf(m.from)] = { term: m.term, replicationSet: m.replicationSet };
  if (inst.acks.some((a) => a === null)) return;
  let best = inst.acks[0]!;
  for (const a of inst.acks) if (a!.term > best.term) best = a!;
  inst.installing = { term: best.term, replicationSet: best.replicationSet };
  ctx.note('9', () => `Every data node switched; ${s.id} installs the new elector at term ${best.term} with R = ${formatSet(best.replicationSet)}.`);
  ctx.send(ELECTOR, { type: 'InstallElector', electorEpoch: inst.newEpoch, term: best.term, replicationSet: best.replicationSet });
}

export function onElectorChangeRetry(ctx: C, s: DataNodeState, config: JanusConfig): void {
  const inst = s.installer;
  if (!inst) return;
  if (inst.installing) {
    ctx.send(ELECTOR, { type: 'InstallElector', electorEpoch: inst.newEpoch, term: inst.installing.term, replicationSet: inst.installing.replicationSet });
    ctx.setTimer(TIMER.electorChange, config.timing.termRequestRetry);
  } else sendElectorChanges(ctx, s, config);
}

// ---------------------------------------------------------------- dispatch

export function dataNodeOnMessage(ctx: C, s: DataNodeState, m: JanusMessage, config: JanusConfig): void {
  switch (m.type) {
    case 'AppendEntries':
      return handleAppendEntries(ctx, s, m, config);
    case 'AppendEntriesResponse':
      return handleAppendEntriesResponse(ctx, s, m, config);
    case 'TermResponse':
      return handleTermResponse(ctx, s, m, config);
    case 'ElectorHeartbeatResponse':
      return handleElectorHeartbeatResponse(ctx, s, m, config);
    case 'ElectorChange':
      return handleElectorChange(ctx, s, m, config);
    case 'ElectorChangeAck':
      return handleElectorAck(ctx, s, m);
    default:
      return; // TermRequest, ElectorHeartbeat and InstallElector are for the elector.
  }
}

export function dataNodeOnTimer(ctx: C, s: DataNodeState, timer: string, config: JanusConfig): void {
  switch (timer) {
    case TIMER.election:
      return onElectionTimeout(ctx, s, config);
    case TIMER.heartbeat:
      return onHeartbeat(ctx, s, config);
    case TIMER.catchUp:
      return onCatchUpCheck(ctx, s, config);
    case TIMER.retry:
      return onTermRequestRetry(ctx, s, config);
    case TIMER.electorChange:
      return onElectorChangeRetry(ctx, s, config);
  }
}
