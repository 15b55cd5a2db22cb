// Data-node actions of the published spec. Each exported function is one spec action and
// carries its name. A message is consumed only when the spec action's guard holds; otherwise
// the spec would leave it in the network, and the kernel (which must deliver or drop it)
// discards it with a note saying so.

import type { ClientWriteResult, Ctx, NodeId } from '../../kernel/types';
import { ELECTOR, otherDataNode, type PubConfig } from './config';
import {
  fmtMd,
  leMdGreater,
  leMdGreaterOrEq,
  leMdMax,
  leMdMin,
  mdEq,
  mdStrictlyGreater,
  type AeRf1Resp,
  type AeRf2,
  type AeRf2Resp,
  type InitWorkloadMsg,
  type InitWorkloadResp,
  type LogEntry,
  type Md,
  type PubMessage,
  type StRf1LResp,
  type StRf1Resp,
  type StRf2P1,
  type StRf2P1Resp,
} from './messages';
import { initData, type PubDataState } from './state';

type C = Ctx<PubMessage>;

export const TIMER = {
  election: 'electionTimeout',
  replica: 'replicaTimeout',
  catchUp: 'catchUpCheck',
} as const;

/** The state a data node restarts in with its disk (our MCRestart): a follower, everything else kept. */
export function restartedData(s: PubDataState): PubDataState {
  return { ...s, dmlLog: s.dmlLog.slice(), role: 'follower', unackedSince: null, switchSentAt: null, lastLeaderContact: 0 };
}

/** The spec's HardReset of a data node: disk lost. CurrentLeader becomes OtherDataNode(n), as the spec writes. */
export function hardResetData(s: PubDataState): PubDataState {
  return { ...initData(s.id), currentLeader: otherDataNode(s.id) };
}

export function startData(ctx: C, s: PubDataState, config: PubConfig): void {
  s.lastLeaderContact = ctx.now;
  armElection(ctx, config);
  if (s.role === 'leader') armLeaderTimers(ctx, config);
}

function armElection(ctx: C, config: PubConfig): void {
  ctx.setTimer(TIMER.election, ctx.randomInt(config.timing.electionTimeoutMin, config.timing.electionTimeoutMax));
}

function armLeaderTimers(ctx: C, config: PubConfig): void {
  ctx.setTimer(TIMER.replica, config.timing.replicaTimeout);
  ctx.setTimer(TIMER.catchUp, config.timing.catchUpCheck);
}

function becameLeader(ctx: C, s: PubDataState, config: PubConfig): void {
  s.unackedSince = null;
  s.switchSentAt = null;
  armLeaderTimers(ctx, config);
}

const lastMd = (log: LogEntry[]): Md => (log.length ? log[log.length - 1]!.metadata : { term: 0, index: 0 });

function discard(ctx: C, s: PubDataState, m: PubMessage, from: NodeId, why: string): void {
  ctx.probe('message not enabled (discarded)');
  ctx.note('guard', () => `${s.id} discarded ${m.type} (term ${m.term}) from ${from}: ${why}. The spec would leave it in flight; the kernel must deliver or drop it.`);
}

/** The first step of every LeaderSend… action that writes: append `data` at the next index, in the leader's term. */
function appendNext(s: PubDataState, data: string): LogEntry {
  const entry: LogEntry = { metadata: { term: s.term, index: s.loggedIdx.index + 1 }, data };
  s.dmlLog.push(entry);
  s.loggedIdx = entry.metadata;
  return entry;
}

/** A reply from a higher term: the node takes its term and RF and becomes a follower, leader unknown. */
function stepDown(s: PubDataState, r: { term: number; RF: PubDataState['replicationFactor'] }): void {
  s.term = r.term;
  s.replicationFactor = r.RF;
  s.role = 'follower';
  s.currentLeader = 'unknown';
}

/**
 * The refusal half of both candidate actions (CandidateProcessAckInitWorkload_NACK,
 * CandidateProcessSwitchToRF1Leader_NACK): a refusal from a term not below its own makes the
 * candidate a follower, of the refusal's term if that is higher. False when the refusal is stale
 * (discarded).
 */
function candidateRefused(ctx: C, s: PubDataState, from: NodeId, r: InitWorkloadResp | StRf1LResp): boolean {
  if (!(r.term >= s.term)) {
    discard(ctx, s, r, from, `the refusal's term ${r.term} is below its term ${s.term}`);
    return false;
  }
  if (r.term > s.term) stepDown(s, r);
  s.role = 'follower';
  return true;
}

// ---------------------------------------------------------------- spontaneous actions (timers and operators)

/** Guard of FollowerSendInitWorkload(n), or the reason it does not hold. */
export function whyNotInitWorkload(s: PubDataState): string | null {
  if (s.role !== 'follower') return `${s.id} is a ${s.role}, not a follower`;
  if (s.term !== 0) return `${s.id} is at term ${s.term}, not 0`;
  return null;
}

/** FollowerSendInitWorkload(n): a follower at term 0 becomes candidate and asks the other data node. */
export function FollowerSendInitWorkload(ctx: C, s: PubDataState): void {
  s.role = 'candidate';
  ctx.probe('FollowerSendInitWorkload');
  ctx.note('InitWorkload', () => `${s.id} became candidate and sent InitWorkload (term 0, logged ${fmtMd(s.loggedIdx)}) to ${otherDataNode(s.id)}.`);
  ctx.send(otherDataNode(s.id), { type: 'InitWorkload', term: s.term, RF: s.replicationFactor, logged_index: s.loggedIdx });
}

export function whyNotSwitchToRF1Leader(s: PubDataState): string | null {
  if (s.role !== 'follower') return `${s.id} is a ${s.role}, not a follower`;
  if (s.term === 0) return `${s.id} is at term 0`;
  return null;
}

/** FollowerSendSwitchToRF1Leader(n): a follower at term > 0 becomes candidate and asks the elector to take over. */
export function FollowerSendSwitchToRF1Leader(ctx: C, s: PubDataState): void {
  s.role = 'candidate';
  ctx.probe('FollowerSendSwitchToRF1Leader');
  ctx.note('SwitchToRF1Leader', () => `${s.id} became candidate and asked E to take over (term ${s.term}, committed ${fmtMd(s.committedIdx)}).`);
  ctx.send(ELECTOR, { type: 'SwitchToRF1Leader', term: s.term, RF: s.replicationFactor, logged_idx: s.loggedIdx, committed_idx: s.committedIdx });
}

export function whyNotSwitchToRF1(s: PubDataState): string | null {
  if (s.role !== 'leader') return `${s.id} is not a leader`;
  if (s.replicationFactor !== 2) return `${s.id} has RF ${s.replicationFactor}, not 2`;
  return null;
}

/** LeaderSendSwitchToRF1(n): a leader with RF 2 asks the elector to drop the follower. */
export function LeaderSendSwitchToRF1(ctx: C, s: PubDataState): void {
  s.switchSentAt = ctx.now;
  ctx.probe('LeaderSendSwitchToRF1');
  ctx.note('SwitchToRF1', () => `${s.id} asked E to switch to RF 1 (term ${s.term}, committed ${fmtMd(s.committedIdx)}).`);
  ctx.send(ELECTOR, { type: 'SwitchToRF1', term: s.term, RF: s.replicationFactor, committed_idx: s.committedIdx });
}

export function whyNotAppend(s: PubDataState, rf: 1 | 2): string | null {
  if (s.role !== 'leader') return `${s.id} is not a leader`;
  if (s.replicationFactor !== rf) return `${s.id} has RF ${s.replicationFactor}, not ${rf}`;
  if (s.term === 0) return `${s.id} is at term 0`;
  return null;
}

/** LeaderSendAE_RF1(n, d): append an entry and tell the elector its (term, index). */
export function LeaderSendAE_RF1(ctx: C, s: PubDataState, data: string): Md {
  const newMd = appendNext(s, data).metadata;
  ctx.probe('LeaderSendAE_RF1');
  ctx.note('AppendEntries RF1', () => `${s.id} appended "${data}" at ${fmtMd(newMd)} and sent its (term, index) to E (RF 1: the elector's ack commits).`);
  ctx.send(ELECTOR, { type: 'AppendEntries RF1', term: s.term, RF: s.replicationFactor, committed_idx: s.committedIdx, logentry_md: newMd });
  return newMd;
}

/** LeaderSendAE_RF2(n, d): append an entry and send it to the follower and to the elector. */
export function LeaderSendAE_RF2(ctx: C, s: PubDataState, data: string): Md {
  const entry = appendNext(s, data);
  const newMd = entry.metadata;
  if (s.unackedSince === null) s.unackedSince = ctx.now;
  ctx.probe('LeaderSendAE_RF2');
  ctx.note('AppendEntries RF2', () => `${s.id} appended "${data}" at ${fmtMd(newMd)} and sent it to ${otherDataNode(s.id)} and to E.`);
  const msg: AeRf2 = { type: 'AppendEntries RF2', term: s.term, RF: s.replicationFactor, committed_idx: s.committedIdx, logentry: entry };
  ctx.send(otherDataNode(s.id), msg);
  ctx.send(ELECTOR, { ...msg });
  return newMd;
}

export function whyNotSwitchToRF2(s: PubDataState): string | null {
  if (s.role !== 'leader') return `${s.id} is not a leader`;
  if (s.replicationFactor !== 1) return `${s.id} has RF ${s.replicationFactor}, not 1`;
  return null;
}

/** LeaderSendSwitchToRF2_P1(n, d): append an entry, then ship the whole log to the other data node. */
export function LeaderSendSwitchToRF2_P1(ctx: C, s: PubDataState, data: string): void {
  const newMd = appendNext(s, data).metadata;
  ctx.probe('LeaderSendSwitchToRF2_P1');
  const to = otherDataNode(s.id);
  ctx.note('SwitchToRF2 P1', () => `${s.id} appended "${data}" at ${fmtMd(newMd)} and shipped its whole log (${s.dmlLog.length} entries) to ${to} to go back to RF 2.`);
  ctx.send(to, { type: 'SwitchToRF2 P1', term: s.term, RF: s.replicationFactor, logged_idx: newMd, committed_idx: s.committedIdx, dml_log: s.dmlLog.slice() });
}

// ---------------------------------------------------------------- timers

export function onDataTimer(ctx: C, s: PubDataState, timer: string, config: PubConfig): void {
  const t = config.timing;
  switch (timer) {
    case TIMER.election: {
      armElection(ctx, config);
      if (s.role !== 'follower') return;
      if (s.term === 0) return FollowerSendInitWorkload(ctx, s);
      if (ctx.elapsed(s.lastLeaderContact, t.electionTimeoutMin)) return FollowerSendSwitchToRF1Leader(ctx, s);
      return;
    }
    case TIMER.replica: {
      if (s.role !== 'leader') return;
      ctx.setTimer(TIMER.replica, Math.max(1, Math.floor(t.replicaTimeout / 2)));
      if (s.replicationFactor !== 2 || s.unackedSince === null) return;
      if (!ctx.elapsed(s.unackedSince, t.replicaTimeout)) return;
      if (s.switchSentAt !== null && !ctx.elapsed(s.switchSentAt, t.replicaTimeout)) return;
      return LeaderSendSwitchToRF1(ctx, s);
    }
    case TIMER.catchUp: {
      if (s.role !== 'leader') return;
      ctx.setTimer(TIMER.catchUp, t.catchUpCheck);
      if (s.replicationFactor !== 1) return;
      return LeaderSendSwitchToRF2_P1(ctx, s, '0');
    }
  }
}

// ---------------------------------------------------------------- message handlers

/** FollowerAckInitWorkload(f): any data node at a term ≤ the message's answers; yes moves it to term m.term + 1. */
export function FollowerAckInitWorkload(ctx: C, s: PubDataState, from: NodeId, m: InitWorkloadMsg): void {
  if (!(m.term >= s.term)) return discard(ctx, s, m, from, `its term ${s.term} is above the message's ${m.term}`);
  const tie = mdEq(m.logged_index, s.loggedIdx);
  const idWins = from === 'D2' && s.id === 'D1';
  const ok = tie ? idWins : m.logged_index.term > s.loggedIdx.term || m.logged_index.index > s.loggedIdx.index;
  const newTerm = ok ? m.term + 1 : s.term;
  s.term = newTerm;
  if (ok) {
    s.currentLeader = from;
    s.lastLeaderContact = ctx.now;
  }
  ctx.probe('FollowerAckInitWorkload');
  ctx.note('InitWorkload', () =>
    ok
      ? `${s.id} voted for ${from}: moved to term ${newTerm} with ${from} as leader${tie ? ' (equal logs: the tie-break lets d2 win over d1)' : ''}.`
      : `${s.id} refused ${from}'s InitWorkload${tie ? ' (equal logs: only d2 asking d1 wins the tie)' : ' (its log is not newer)'}.`,
  );
  const resp: InitWorkloadResp = { type: 'InitWorkload Resp', term: newTerm, RF: m.RF, logged_index: m.logged_index, ok };
  ctx.send(from, resp);
}

/** CandidateProcessAckInitWorkload_OK / _NACK(n). */
export function CandidateProcessAckInitWorkload(ctx: C, s: PubDataState, from: NodeId, r: InitWorkloadResp, config: PubConfig): void {
  if (s.role !== 'candidate') return discard(ctx, s, r, from, `${s.id} is a ${s.role}, not a candidate`);
  if (r.ok) {
    if (!(r.term > s.term)) return discard(ctx, s, r, from, `the grant's term ${r.term} is not above its term ${s.term}`);
    s.term = r.term;
    s.replicationFactor = r.RF;
    s.role = 'leader';
    s.currentLeader = s.id;
    ctx.probe('CandidateProcessAckInitWorkload_OK');
    ctx.note('InitWorkload', () => `${s.id} became leader of term ${r.term} with RF ${r.RF} (InitWorkload granted by ${from}).`);
    becameLeader(ctx, s, config);
    return;
  }
  if (!candidateRefused(ctx, s, from, r)) return;
  ctx.probe('CandidateProcessAckInitWorkload_NACK');
  ctx.note('InitWorkload', () => `${s.id} was refused by ${from} and went back to follower (term ${s.term}).`);
}

/** LeaderProcessAckAE_RF1_OK / _NACK(n): the elector's ack commits in RF 1. No role guard, as in the spec. */
export function LeaderProcessAckAE_RF1(ctx: C, s: PubDataState, from: NodeId, r: AeRf1Resp): void {
  if (!(s.term > 0)) return discard(ctx, s, r, from, `${s.id} is at term 0`);
  if (!(r.term >= s.term)) return discard(ctx, s, r, from, `the reply's term ${r.term} is below its term ${s.term}`);
  const higher = r.term > s.term;
  if (r.ok) {
    const aheadCI = leMdGreater(r.committed_idx, s.committedIdx);
    const demote = higher && aheadCI;
    if (higher) {
      s.term = r.term;
      s.replicationFactor = r.RF;
    }
    if (demote) {
      s.role = 'follower';
      s.currentLeader = 'none';
    } else {
      const before = s.committedIdx;
      s.committedIdx = leMdMin(leMdMax(r.logged_idx, s.committedIdx), s.loggedIdx);
      const after = s.committedIdx;
      if (!mdEq(before, after)) ctx.note('AppendEntries RF1', () => `${s.id} committed up to ${fmtMd(after)}: E acked ${fmtMd(r.logged_idx)}.`);
    }
    ctx.probe('LeaderProcessAckAE_RF1_OK');
    if (demote) ctx.note('AppendEntries RF1', () => `${s.id} stepped down: E is at term ${r.term} and its committed index is not behind.`);
    return;
  }
  if (higher) stepDown(s, r);
  ctx.probe('LeaderProcessAckAE_RF1_NACK');
  ctx.note('AppendEntries RF1', () => `${s.id} got a refusal from E (its committed index is behind E's)${higher ? ` and stepped down to term ${r.term}` : ''}.`);
}

/** FollowerAckAE_RF2(f): append only the next index; take the leader's committed index. No prevLogTerm check. */
export function FollowerAckAE_RF2(ctx: C, s: PubDataState, from: NodeId, m: AeRf2): void {
  if (!(m.term >= s.term)) return discard(ctx, s, m, from, `its term ${s.term} is above the message's ${m.term}`);
  if (m.term > s.term) {
    s.term = m.term;
    s.replicationFactor = m.RF;
    s.role = 'follower';
  }
  s.currentLeader = from;
  s.lastLeaderContact = ctx.now;
  const accept = m.logentry.metadata.index === s.loggedIdx.index + 1;
  ctx.probe('FollowerAckAE_RF2');
  if (accept) {
    s.dmlLog.push(m.logentry);
    s.loggedIdx = m.logentry.metadata;
    s.committedIdx = m.committed_idx;
    ctx.note('AppendEntries RF2', () => `${s.id} appended ${fmtMd(m.logentry.metadata)} from ${from}, took committed ${fmtMd(m.committed_idx)} and acked.`);
    ctx.send(from, { type: 'AppendEntries RF2 Resp', term: s.term, RF: s.replicationFactor, logged_idx: m.logentry.metadata, committed_idx: m.committed_idx, ok: true });
  } else {
    ctx.probe('AppendEntries RF2 refused (no catch-up)');
    ctx.note('AppendEntries RF2', () => `${s.id} refused entry ${fmtMd(m.logentry.metadata)}: it expects index ${s.loggedIdx.index + 1}. Nothing will resend it (gap P5).`);
    ctx.send(from, { type: 'AppendEntries RF2 Resp', term: s.term, RF: s.replicationFactor, logged_idx: s.loggedIdx, committed_idx: m.committed_idx, ok: false });
  }
}

/** LeaderProcessAckAE_RF2_OK / _NACK(n): one follower ack commits in RF 2. No role guard, as in the spec. */
export function LeaderProcessAckAE_RF2(ctx: C, s: PubDataState, from: NodeId, r: AeRf2Resp): void {
  if (!(s.term > 0)) return discard(ctx, s, r, from, `${s.id} is at term 0`);
  if (!(r.term >= s.term)) return discard(ctx, s, r, from, `the reply's term ${r.term} is below its term ${s.term}`);
  const higher = r.term > s.term;
  if (higher) stepDown(s, r);
  if (r.ok) {
    ctx.probe('LeaderProcessAckAE_RF2_OK');
    if (higher) {
      ctx.note('AppendEntries RF2', () => `${s.id} stepped down: ${from} is at term ${r.term}.`);
      return;
    }
    const before = s.committedIdx;
    s.committedIdx = leMdGreaterOrEq(s.committedIdx, r.logged_idx) ? s.committedIdx : leMdGreater(r.logged_idx, s.loggedIdx) ? s.loggedIdx : r.logged_idx;
    if (s.unackedSince !== null && leMdGreaterOrEq(r.logged_idx, s.loggedIdx)) s.unackedSince = null;
    const after = s.committedIdx;
    if (!mdEq(before, after)) ctx.note('AppendEntries RF2', () => `${s.id} committed up to ${fmtMd(after)}: ${from} acked it (RF 2: one follower ack commits).`);
    return;
  }
  ctx.probe('LeaderProcessAckAE_RF2_NACK');
  ctx.note('AppendEntries RF2', () => `${s.id} got a refusal from ${from}${higher ? ` and stepped down to term ${r.term}` : '; the spec resends nothing'}.`);
}

/** LeaderProcessSwitchToRF1_OK / _NACK(n). */
export function LeaderProcessSwitchToRF1(ctx: C, s: PubDataState, from: NodeId, r: StRf1Resp): void {
  if (r.ok) {
    if (!(r.term > s.term)) return discard(ctx, s, r, from, `the grant's term ${r.term} is not above its term ${s.term}`);
    const aheadCI = mdStrictlyGreater(r.committed_idx, s.committedIdx);
    s.term = r.term;
    s.replicationFactor = r.RF;
    if (aheadCI) {
      s.role = 'follower';
      s.currentLeader = 'none';
    }
    s.unackedSince = null;
    s.switchSentAt = null;
    ctx.probe('LeaderProcessSwitchToRF1_OK');
    ctx.note('SwitchToRF1', () => (aheadCI ? `${s.id} stepped down: E's committed index is ahead.` : `${s.id} now leads term ${r.term} with RF ${r.RF} (SwitchToRF1 granted).`));
    return;
  }
  if (!(r.term >= s.term)) return discard(ctx, s, r, from, `the refusal's term ${r.term} is below its term ${s.term}`);
  if (r.term > s.term) stepDown(s, r);
  s.switchSentAt = null;
  ctx.probe('LeaderProcessSwitchToRF1_NACK');
  ctx.note('SwitchToRF1', () => `${s.id} was refused SwitchToRF1 and is a ${s.role} of term ${s.term}; E already lists it as leader of term ${r.term} (gap: a term led by nobody).`);
}

/** CandidateProcessSwitchToRF1Leader_OK / _NACK(n). */
export function CandidateProcessSwitchToRF1Leader(ctx: C, s: PubDataState, from: NodeId, r: StRf1LResp, config: PubConfig): void {
  if (s.role !== 'candidate') return discard(ctx, s, r, from, `${s.id} is a ${s.role}, not a candidate`);
  if (r.ok) {
    if (!(s.term > 0)) return discard(ctx, s, r, from, `${s.id} is at term 0`);
    if (!(r.term > s.term)) return discard(ctx, s, r, from, `the grant's term ${r.term} is not above its term ${s.term}`);
    const aheadCI = mdStrictlyGreater(r.committed_idx, s.committedIdx);
    s.term = r.term;
    s.replicationFactor = r.RF;
    s.role = aheadCI ? 'follower' : 'leader';
    s.currentLeader = aheadCI ? 'none' : s.id;
    ctx.probe('CandidateProcessSwitchToRF1Leader_OK');
    ctx.note('SwitchToRF1Leader', () => (aheadCI ? `${s.id} gave up: E's committed index is ahead of its own.` : `${s.id} took over: leader of term ${r.term} with RF ${r.RF}.`));
    if (!aheadCI) becameLeader(ctx, s, config);
    return;
  }
  if (!candidateRefused(ctx, s, from, r)) return;
  ctx.probe('CandidateProcessSwitchToRF1Leader_NACK');
  ctx.note('SwitchToRF1Leader', () => `${s.id} was refused the takeover and is a follower of term ${s.term}.`);
}

/** FollowerAckSwitchToRF2_P1(f): receiver-first: the joiner creates term m.term + 1 with RF 2 and takes the shipped log. */
export function FollowerAckSwitchToRF2_P1(ctx: C, s: PubDataState, from: NodeId, m: StRf2P1): void {
  if (!(m.term >= s.term)) return discard(ctx, s, m, from, `its term ${s.term} is above the message's ${m.term}`);
  const newTerm = m.term + 1;
  s.term = newTerm;
  s.replicationFactor = 2;
  s.dmlLog = m.dml_log.slice();
  s.role = 'follower';
  s.loggedIdx = m.logged_idx;
  s.committedIdx = leMdMax(m.committed_idx, s.committedIdx);
  s.currentLeader = from;
  s.lastLeaderContact = ctx.now;
  ctx.probe('FollowerAckSwitchToRF2_P1');
  ctx.note('SwitchToRF2 P1', () => `${s.id} replaced its log with ${from}'s (${m.dml_log.length} entries) and moved first to term ${newTerm} with RF 2 (receiver-first).`);
  const resp: StRf2P1Resp = { type: 'SwitchToRF2 P1 Resp', term: newTerm, RF: 2, logged_idx: m.logged_idx, committed_idx: m.committed_idx };
  ctx.send(from, resp);
}

/** LeaderProcessAckSwitchToRF2_P1(n): the leader follows the joiner to the new term, commits the shipped log, and sends P2 to the elector. */
export function LeaderProcessAckSwitchToRF2_P1(ctx: C, s: PubDataState, from: NodeId, r: StRf2P1Resp): void {
  if (s.role !== 'leader') return discard(ctx, s, r, from, `${s.id} is not a leader`);
  if (s.replicationFactor !== 1) return discard(ctx, s, r, from, `${s.id} has RF ${s.replicationFactor}, not 1`);
  if (!(s.term > 0)) return discard(ctx, s, r, from, `${s.id} is at term 0`);
  if (!(r.term > s.term)) return discard(ctx, s, r, from, `the reply's term ${r.term} is not above its term ${s.term}`);
  const newCi = leMdMin(leMdMax(r.logged_idx, s.committedIdx), s.loggedIdx);
  s.term = r.term;
  s.replicationFactor = r.RF;
  s.role = 'leader';
  s.currentLeader = s.id;
  s.committedIdx = newCi;
  s.unackedSince = null;
  s.switchSentAt = null;
  ctx.probe('LeaderProcessAckSwitchToRF2_P1');
  ctx.note('SwitchToRF2 P2', () => `${s.id} followed ${from} to term ${r.term} with RF ${r.RF}, committed up to ${fmtMd(newCi)}, and told E (P2). Until P2 arrives, E still says RF 1.`);
  ctx.send(ELECTOR, { type: 'SwitchToRF2 P2', term: r.term, RF: r.RF, committed_idx: newCi });
}

export function dataOnMessage(ctx: C, s: PubDataState, from: NodeId, m: PubMessage, config: PubConfig): void {
  switch (m.type) {
    case 'InitWorkload':
      return FollowerAckInitWorkload(ctx, s, from, m);
    case 'InitWorkload Resp':
      return CandidateProcessAckInitWorkload(ctx, s, from, m, config);
    case 'AppendEntries RF1 Resp':
      return LeaderProcessAckAE_RF1(ctx, s, from, m);
    case 'AppendEntries RF2':
      return FollowerAckAE_RF2(ctx, s, from, m);
    case 'AppendEntries RF2 Resp':
      return LeaderProcessAckAE_RF2(ctx, s, from, m);
    case 'SwitchToRF1 Resp':
      return LeaderProcessSwitchToRF1(ctx, s, from, m);
    case 'SwitchToRF1Leader Resp':
      return CandidateProcessSwitchToRF1Leader(ctx, s, from, m, config);
    case 'SwitchToRF2 P1':
      return FollowerAckSwitchToRF2_P1(ctx, s, from, m);
    case 'SwitchToRF2 P1 Resp':
      return LeaderProcessAckSwitchToRF2_P1(ctx, s, from, m);
    default:
      return discard(ctx, s, m, from, 'no data-node action consumes it');
  }
}

/** A client write: the leader appends as the spec's LeaderSendAE_RF2 / LeaderSendAE_RF1 do. */
export function dataClientWrite(ctx: C, s: PubDataState, command: string): ClientWriteResult {
  if (s.role === 'leader' && s.term > 0) {
    const at = s.replicationFactor === 2 ? LeaderSendAE_RF2(ctx, s, command) : LeaderSendAE_RF1(ctx, s, command);
    return { status: 'appended', index: at.index };
  }
  if (s.role !== 'leader' && (s.currentLeader === 'D1' || s.currentLeader === 'D2') && s.currentLeader !== s.id) return { status: 'redirect', to: s.currentLeader };
  return { status: 'rejected', reason: `${s.id} is not a leader (role ${s.role}, term ${s.term}) and knows no other leader` };
}

export { lastMd };
