// Elector actions of the published spec. The elector keeps (Term, RF, CurrentLeader) and, in
// version B, a CommittedIdx that it only learns from leaders' messages (a lagging lower bound).

import type { Ctx, NodeId } from '../../kernel/types';
import type { PubConfig } from './config';
import {
  fmtMd,
  leMdGreater,
  leMdGreaterOrEq,
  mdStrictlyGreater,
  type AeRf1,
  type AeRf2,
  type PubMessage,
  type StRf1,
  type StRf1L,
  type StRf2P2,
} from './messages';
import { initElectorState, type PubElectorState } from './state';

type C = Ctx<PubMessage>;

/** The spec's HardReset of the elector: term 0, RF 2, leader "unknown", committed (0,0). */
export function hardResetElector(s: PubElectorState): PubElectorState {
  return { ...initElectorState(s.id), currentLeader: 'unknown' };
}

export function startElector(ctx: C, s: PubElectorState): void {
  s.lastHeardFromLeaderAt = ctx.now;
}

function discard(ctx: C, e: PubElectorState, m: PubMessage, from: NodeId, why: string): void {
  ctx.probe('message not enabled (discarded)');
  ctx.note('guard', () => `E discarded ${m.type} (term ${m.term}) from ${from}: ${why}. The spec would leave it in flight; the kernel must deliver or drop it.`);
}

function heard(ctx: C, e: PubElectorState, from: NodeId): void {
  if (e.currentLeader === from) e.lastHeardFromLeaderAt = ctx.now;
}

/**
 * What the elector learns from an AppendEntries, RF 1 or RF 2 alike: a higher term with its RF and
 * the sender as leader, and a higher committed index.
 */
function learnFromAppendEntries(ctx: C, e: PubElectorState, from: NodeId, m: AeRf1 | AeRf2): void {
  if (m.term > e.term) {
    e.term = m.term;
    e.replicationFactor = m.RF;
    e.currentLeader = from;
  }
  if (leMdGreater(m.committed_idx, e.committedIdx)) e.committedIdx = m.committed_idx;
  heard(ctx, e, from);
}

/** ElectorAckAE_RF1(e): adopt a higher term, raise CommittedIdx, ack ok iff the leader's committed index ≥ the elector's. */
export function ElectorAckAE_RF1(ctx: C, e: PubElectorState, from: NodeId, m: AeRf1): void {
  if (!(m.term >= e.term)) return discard(ctx, e, m, from, `its term ${e.term} is above the message's ${m.term}`);
  const okGE = leMdGreaterOrEq(m.committed_idx, e.committedIdx);
  learnFromAppendEntries(ctx, e, from, m);
  ctx.probe('ElectorAckAE_RF1');
  ctx.note('AppendEntries RF1', () =>
    okGE
      ? `E acked ${fmtMd(m.logentry_md)} for ${from}; it records committed ${fmtMd(e.committedIdx)} (the leader's previous commit point).`
      : `E refused ${from}'s entry ${fmtMd(m.logentry_md)}: the leader's committed ${fmtMd(m.committed_idx)} is behind E's ${fmtMd(e.committedIdx)}.`,
  );
  ctx.send(from, { type: 'AppendEntries RF1 Resp', term: e.term, RF: e.replicationFactor, logged_idx: m.logentry_md, committed_idx: e.committedIdx, ok: okGE });
}

/** ElectorProcessAE_RF2(e): version B also sends RF 2 entries to the elector; it learns term, RF, leader and committed index. No reply. */
export function ElectorProcessAE_RF2(ctx: C, e: PubElectorState, from: NodeId, m: AeRf2): void {
  if (!(m.term >= e.term)) return discard(ctx, e, m, from, `its term ${e.term} is above the message's ${m.term}`);
  const higher = m.term > e.term;
  learnFromAppendEntries(ctx, e, from, m);
  ctx.probe('ElectorProcessAE_RF2');
  ctx.note('AppendEntries RF2', () => `E saw ${from}'s entry ${fmtMd(m.logentry.metadata)}${higher ? `, adopted term ${m.term} with RF ${m.RF}` : ''}; committed index now ${fmtMd(e.committedIdx)}.`);
}

/** ElectorAckSwitchToRF1(e): moves to term m.term + 1 with RF 1 and the sender as leader, even when it answers ok = FALSE. */
export function ElectorAckSwitchToRF1(ctx: C, e: PubElectorState, from: NodeId, m: StRf1): void {
  if (!(e.term > 0)) return discard(ctx, e, m, from, 'it is at term 0 (it answers no switch request at term 0)');
  if (!(m.term >= e.term)) return discard(ctx, e, m, from, `its term ${e.term} is above the message's ${m.term}`);
  const ok = leMdGreaterOrEq(m.committed_idx, e.committedIdx);
  const newTerm = m.term + 1;
  e.term = newTerm;
  e.replicationFactor = 1;
  e.currentLeader = from;
  if (mdStrictlyGreater(m.committed_idx, e.committedIdx)) e.committedIdx = m.committed_idx;
  e.lastHeardFromLeaderAt = ctx.now;
  ctx.probe('ElectorAckSwitchToRF1');
  if (!ok) ctx.probe('SwitchToRF1 refused after the change');
  ctx.note('SwitchToRF1', () =>
    ok
      ? `E moved to term ${newTerm} with RF 1 and ${from} as leader.`
      : `E moved to term ${newTerm} with RF 1 and ${from} as leader, but answered ok = FALSE: ${from}'s committed ${fmtMd(m.committed_idx)} is behind E's ${fmtMd(e.committedIdx)}.`,
  );
  ctx.send(from, { type: 'SwitchToRF1 Resp', term: newTerm, RF: 1, committed_idx: m.committed_idx, ok });
}

/**
 * ElectorAckSwitchToRF1Leader(e), with the TODO guard RF = 2. The spec's free choice `ok`
 * ("I have not heard from the leader for T ms") is the elector's timer here, or a choice made by
 * hand (operator ElectorChooseOk). The vote never looks at the candidate's logged index.
 */
export function ElectorAckSwitchToRF1Leader(ctx: C, e: PubElectorState, from: NodeId, m: StRf1L, config: PubConfig): void {
  if (!(e.term > 0)) return discard(ctx, e, m, from, 'it is at term 0 (it answers no switch request at term 0)');
  if (e.replicationFactor !== 2) {
    ctx.probe('RF = 2 guard blocks SwitchToRF1Leader');
    return discard(ctx, e, m, from, `its RF is ${e.replicationFactor}: the guard "RF = 2" (the spec's TODO) blocks every takeover`);
  }
  if (!(m.term >= e.term)) return discard(ctx, e, m, from, `its term ${e.term} is above the message's ${m.term}`);
  const higher = m.term > e.term;
  const ciGE = leMdGreaterOrEq(m.committed_idx, e.committedIdx);
  const silentFor = ctx.now - e.lastHeardFromLeaderAt;
  const chosen = e.voteOverride;
  const ok = chosen ?? ctx.elapsed(e.lastHeardFromLeaderAt, config.timing.electorLeaderTimeout);
  e.voteOverride = null;
  const voteYes = ciGE && ok;
  if (ciGE) e.committedIdx = m.committed_idx;
  const newTerm = higher ? (voteYes ? m.term + 1 : m.term) : voteYes ? e.term + 1 : e.term;
  const newRF = voteYes ? 1 : higher ? m.RF : e.replicationFactor;
  const newLeader = voteYes ? from : higher ? 'unknown' : e.currentLeader;
  e.term = newTerm;
  e.replicationFactor = newRF;
  e.currentLeader = newLeader;
  if (voteYes) e.lastHeardFromLeaderAt = ctx.now;
  ctx.probe('ElectorAckSwitchToRF1Leader');
  ctx.note('SwitchToRF1Leader', () => {
    const why =
      chosen !== null
        ? `ok = ${chosen ? 'TRUE' : 'FALSE'} was chosen by hand`
        : ok
          ? `it has not heard from its leader for ${Math.round(silentFor)} ms`
          : `it heard from its leader ${Math.round(silentFor)} ms ago (< ${config.timing.electorLeaderTimeout} ms)`;
    return voteYes
      ? `E granted ${from} term ${newTerm} with RF 1 (${why}; committed ${fmtMd(m.committed_idx)} is not behind; the logged index is never looked at).`
      : `E refused ${from}'s takeover: ${ciGE ? why : `its committed ${fmtMd(m.committed_idx)} is behind E's`}.`;
  });
  ctx.send(from, { type: 'SwitchToRF1Leader Resp', term: newTerm, RF: newRF, committed_idx: e.committedIdx, ok: voteYes });
}

/** ElectorAckSwitchToRF2_P2(e): the elector learns the term the joiner created. No reply. */
export function ElectorAckSwitchToRF2_P2(ctx: C, e: PubElectorState, from: NodeId, m: StRf2P2): void {
  if (!(m.term > e.term)) return discard(ctx, e, m, from, `its term ${e.term} is not below the message's ${m.term}`);
  e.term = m.term;
  e.replicationFactor = m.RF;
  e.currentLeader = from;
  if (mdStrictlyGreater(m.committed_idx, e.committedIdx)) e.committedIdx = m.committed_idx;
  e.lastHeardFromLeaderAt = ctx.now;
  ctx.probe('ElectorAckSwitchToRF2_P2');
  ctx.note('SwitchToRF2 P2', () => `E learned term ${m.term} with RF ${m.RF} and ${from} as leader (P2).`);
}

export function electorOnMessage(ctx: C, e: PubElectorState, from: NodeId, m: PubMessage, config: PubConfig): void {
  switch (m.type) {
    case 'AppendEntries RF1':
      return ElectorAckAE_RF1(ctx, e, from, m);
    case 'AppendEntries RF2':
      return ElectorProcessAE_RF2(ctx, e, from, m);
    case 'SwitchToRF1':
      return ElectorAckSwitchToRF1(ctx, e, from, m);
    case 'SwitchToRF1Leader':
      return ElectorAckSwitchToRF1Leader(ctx, e, from, m, config);
    case 'SwitchToRF2 P2':
      return ElectorAckSwitchToRF2_P2(ctx, e, from, m);
    default:
      return discard(ctx, e, m, from, 'no elector action consumes it');
  }
}
