// A Raft server, as Figure 2 of the extended Raft paper states its rules, in the shape of etcd's
// raft: one entry point, `step`, takes every message (timer ticks included, as etcd's local
// messages MsgHup, MsgBeat and MsgCheckQuorum). It handles the message's term once, at the top:
//
//   - a higher term is adopted at once (Figure 2, "all servers"), with votedFor cleared, and the
//     server becomes a follower, with these exceptions:
//       * a RequestVote (vote or pre-vote) received within the lease of a known leader, under
//         CheckQuorum, is ignored without adopting its term (the paper's §6, dissertation §4.2.3);
//       * a pre-vote request never changes the receiver's term, and a granted pre-vote response
//         (which echoes the future term asked for) does not change the pre-candidate's term
//         (dissertation §9.6);
//   - a lower term is answered with a refusal carrying currentTerm when the message is a request
//     (RequestVote, AppendEntries), so a stale candidate or leader learns the newer term; a stale
//     response is ignored;
//
// and only then hands the message to the role's function (`stepLeader`, `stepCandidate`,
// `stepFollower`). RequestVote is answered the same way in every role (`handleRequestVote`).
// Handlers read the virtual clock through ctx.now and draw randomized election timeouts through
// ctx.randomInt; they touch nothing else. Each note names the paper's section (README.md).

import type { ClientWriteResult, Ctx, NodeId } from '../../kernel/types';
import { checkQuorumOn, preVoteOn, quorum, serverIds, type RaftConfig } from './config';
import type { AppendEntries, AppendEntriesResponse, LocalMessage, RaftMessage, RequestVote, RequestVoteResponse } from './messages';
import { idOf, lastIndex, lastTerm, slotOf, termAt, type RaftState } from './state';

type C = Ctx<RaftMessage>;

export const TIMER = {
  /** Follower, pre-candidate, candidate: steps MsgHup. */
  election: 'electionTimeout',
  /** Leader: steps MsgBeat. */
  heartbeat: 'heartbeat',
  /** Leader under CheckQuorum: steps MsgCheckQuorum every minimum election timeout. */
  checkQuorum: 'checkQuorum',
} as const;

const TIMER_MESSAGE: Readonly<Record<string, LocalMessage>> = {
  [TIMER.election]: { type: 'MsgHup' },
  [TIMER.heartbeat]: { type: 'MsgBeat' },
  [TIMER.checkQuorum]: { type: 'MsgCheckQuorum' },
};

// ---------------------------------------------------------------- life cycle

export function initServer(id: NodeId, config: RaftConfig): RaftState {
  return { id, slot: slotOf(id), currentTerm: 0, votedFor: null, log: [], ...volatile(config) };
}

function volatile(config: RaftConfig) {
  const n = config.servers;
  return {
    commitIndex: 0,
    lastApplied: 0,
    role: 'follower' as const,
    leaderId: null,
    votes: new Array<boolean>(n).fill(false),
    recentActive: new Array<boolean>(n).fill(false),
    lastLeaderContact: 0,
    nextIndex: new Array<number>(n).fill(1),
    matchIndex: new Array<number>(n).fill(0),
  };
}

/**
 * A crash keeps the persistent state of Figure 2 (currentTerm, votedFor, log) and loses the rest;
 * a wiped disk loses everything (Raft then promises nothing: the server may vote twice in a term).
 */
export function crashServer(s: RaftState, config: RaftConfig, wipe: boolean): RaftState {
  if (wipe) return initServer(s.id, config);
  const keepTerm = config.mutant !== 'volatile-term';
  return {
    id: s.id,
    slot: s.slot,
    currentTerm: keepTerm ? s.currentTerm : 0,
    votedFor: keepTerm ? s.votedFor : null,
    log: s.log.slice(),
    ...volatile(config),
  };
}

/** Boot or restart (§5.2): a follower with its randomized election timer armed. */
export function startServer(ctx: C, s: RaftState, config: RaftConfig): void {
  s.lastLeaderContact = ctx.now;
  resetElectionTimer(ctx, config);
}

/** A timer fires: it is stepped as etcd's local message. */
export function onTimer(ctx: C, s: RaftState, timer: string, config: RaftConfig): void {
  const m = TIMER_MESSAGE[timer];
  if (m) step(ctx, s, null, m, config);
}

function resetElectionTimer(ctx: C, config: RaftConfig): void {
  ctx.setTimer(TIMER.election, ctx.randomInt(config.timing.electionTimeoutMin, config.timing.electionTimeoutMax));
}

const peers = (s: RaftState, config: RaftConfig): number[] => {
  const out: number[] = [];
  for (let i = 0; i < config.servers; i++) if (i !== s.slot) out.push(i);
  return out;
};

const count = (xs: readonly boolean[]): number => xs.reduce((n, x) => n + (x ? 1 : 0), 0);

const granted = (s: RaftState): NodeId[] => s.votes.flatMap((v, i) => (v ? [idOf(i)] : []));

// ---------------------------------------------------------------- the entry point

/** Does this server believe a leader is alive (CheckQuorum's lease, the paper's §6)? */
function inLease(ctx: C, s: RaftState, config: RaftConfig): boolean {
  if (!checkQuorumOn(config) || s.leaderId === null) return false;
  return s.role === 'leader' || !ctx.elapsed(s.lastLeaderContact, config.timing.electionTimeoutMin);
}

/** etcd's Step: the term first, once, for every message; then the role's function. */
export function step(ctx: C, s: RaftState, from: NodeId | null, m: RaftMessage | LocalMessage, config: RaftConfig): void {
  if (m.type === 'MsgHup' || m.type === 'MsgBeat' || m.type === 'MsgCheckQuorum') return stepRole(ctx, s, from, m, config);
  const sender = from ?? '?';
  if (m.term > s.currentTerm) {
    if (m.type === 'RequestVote' && inLease(ctx, s, config)) {
      ctx.probe('vote ignored in lease');
      ctx.note('6', () =>
        s.role === 'leader'
          ? `${s.id} leads term ${s.currentTerm} and ignored ${sender}'s ${m.preVote ? 'pre-vote request' : 'RequestVote'} of term ${m.term} (CheckQuorum: it steps down itself when it loses its majority).`
          : `${s.id} ignored ${sender}'s ${m.preVote ? 'pre-vote request' : 'RequestVote'} of term ${m.term}: it heard from the leader ${s.leaderId} ${Math.round(ctx.now - s.lastLeaderContact)} ms ago, less than the minimum election timeout, so it keeps its term and its vote.`,
      );
      return;
    }
    const keepsTerm = (m.type === 'RequestVote' && m.preVote) || (m.type === 'RequestVoteResponse' && m.preVote && m.voteGranted);
    if (!keepsTerm) {
      const was = s.role;
      ctx.note('Fig2', () => `${s.id} saw term ${m.term} in ${m.type} from ${sender}, newer than its term ${s.currentTerm}: it adopted it${was !== 'follower' ? ` and stepped down from ${was}` : ''}.`);
      if (was === 'leader') ctx.probe('stale leader steps down');
      becomeFollower(ctx, s, m.term, m.type === 'AppendEntries' ? m.leaderId : null, config);
    }
  } else if (m.term < s.currentTerm) {
    // Figure 2: "Reply false if term < currentTerm" (both RPCs); a response of an older term is stale.
    if (m.type === 'RequestVote') {
      ctx.note('5.1', () => `${s.id} refused ${sender}'s ${m.preVote ? 'pre-vote request' : 'RequestVote'} of term ${m.term}: its own term is ${s.currentTerm}.`);
      ctx.send(sender, { type: 'RequestVoteResponse', term: s.currentTerm, voteGranted: false, preVote: m.preVote });
    } else if (m.type === 'AppendEntries') {
      ctx.note('5.1', () => `${s.id} refused AppendEntries of term ${m.term} from ${m.leaderId}: its own term is ${s.currentTerm}, so ${m.leaderId} is a stale leader.`);
      ctx.send(m.leaderId, { type: 'AppendEntriesResponse', term: s.currentTerm, success: false, matchIndex: 0, lastLogIndex: lastIndex(s) });
    }
    return;
  }
  if (m.type === 'RequestVote') return handleRequestVote(ctx, s, sender, m, config);
  stepRole(ctx, s, from, m, config);
}

function stepRole(ctx: C, s: RaftState, from: NodeId | null, m: Exclude<RaftMessage, RequestVote> | LocalMessage, config: RaftConfig): void {
  switch (s.role) {
    case 'leader':
      return stepLeader(ctx, s, from, m, config);
    case 'candidate':
    case 'precandidate':
      return stepCandidate(ctx, s, from, m, config);
    case 'follower':
      return stepFollower(ctx, s, from, m, config);
  }
}

function stepFollower(ctx: C, s: RaftState, _from: NodeId | null, m: Exclude<RaftMessage, RequestVote> | LocalMessage, config: RaftConfig): void {
  switch (m.type) {
    case 'MsgHup':
      return startElection(ctx, s, config);
    case 'AppendEntries':
      return handleAppendEntries(ctx, s, m, config);
    default:
      return; // responses of an earlier role in this term, and the leader's ticks: nothing to do
  }
}

function stepCandidate(ctx: C, s: RaftState, from: NodeId | null, m: Exclude<RaftMessage, RequestVote> | LocalMessage, config: RaftConfig): void {
  switch (m.type) {
    case 'MsgHup':
      ctx.probe('election timed out without a winner');
      ctx.note('5.2', () => `${s.id}'s ${s.role === 'precandidate' ? 'pre-vote' : 'election'} of term ${s.role === 'precandidate' ? s.currentTerm + 1 : s.currentTerm} timed out without a majority (votes from ${granted(s).join(', ')}): it tries again.`);
      return startElection(ctx, s, config);
    case 'AppendEntries':
      // §5.2: a leader of the candidate's own term exists; the candidate recognizes it.
      ctx.note('5.2', () => `${s.id} stopped its ${s.role === 'precandidate' ? 'pre-vote' : 'election'}: ${m.leaderId} is the leader of term ${m.term}.`);
      becomeFollower(ctx, s, m.term, m.leaderId, config);
      return handleAppendEntries(ctx, s, m, config);
    case 'RequestVoteResponse':
      return handleRequestVoteResponse(ctx, s, from ?? '?', m, config);
    default:
      return;
  }
}

function stepLeader(ctx: C, s: RaftState, from: NodeId | null, m: Exclude<RaftMessage, RequestVote> | LocalMessage, config: RaftConfig): void {
  switch (m.type) {
    case 'MsgBeat':
      broadcastAppendEntries(ctx, s, config);
      ctx.setTimer(TIMER.heartbeat, config.timing.heartbeatInterval);
      return;
    case 'MsgCheckQuorum':
      return checkQuorum(ctx, s, config);
    case 'AppendEntriesResponse':
      return handleAppendEntriesResponse(ctx, s, from ?? '?', m, config);
    case 'AppendEntries':
      // Two leaders in one term: impossible in Raft (§5.2); the monitors report it if it happens.
      ctx.note('5.2', () => `${s.id} leads term ${s.currentTerm} and ignored AppendEntries of the same term from ${m.leaderId}.`);
      return;
    default:
      return; // late votes, and MsgHup (a leader's election timer is not armed)
  }
}

// ---------------------------------------------------------------- roles

function becomeFollower(ctx: C, s: RaftState, term: number, leaderId: NodeId | null, config: RaftConfig): void {
  if (s.role === 'leader') {
    ctx.clearTimer(TIMER.heartbeat);
    ctx.clearTimer(TIMER.checkQuorum);
  }
  if (term !== s.currentTerm) {
    s.currentTerm = term;
    s.votedFor = null;
  }
  s.role = 'follower';
  s.leaderId = leaderId;
  if (leaderId !== null) s.lastLeaderContact = ctx.now;
  // Figure 2: the election timer restarts only on AppendEntries from the current leader or on
  // granting a vote (the callers do that), not on merely adopting a newer term: a server with the
  // most up-to-date log must not be held back by candidates that cannot win. A former leader has
  // no election timer armed; it gets one.
  if (!ctx.hasTimer(TIMER.election)) resetElectionTimer(ctx, config);
}

/**
 * The election timer fired (MsgHup). With PreVote, first a pre-vote for term currentTerm + 1
 * (dissertation §9.6): the term is raised only once a majority says it would vote. Without it,
 * an election at once (§5.2).
 */
function startElection(ctx: C, s: RaftState, config: RaftConfig): void {
  if (preVoteOn(config)) campaign(ctx, s, config, true);
  else campaign(ctx, s, config, false);
}

function campaign(ctx: C, s: RaftState, config: RaftConfig, pre: boolean): void {
  s.votes.fill(false);
  s.votes[s.slot] = true;
  s.leaderId = null;
  let term: number;
  if (pre) {
    s.role = 'precandidate';
    term = s.currentTerm + 1;
    ctx.note('D9.6', () => `${s.id} heard no leader and asked for pre-votes for term ${term} (PreVote: its own term stays ${s.currentTerm} until a majority would vote for it).`);
  } else {
    s.role = 'candidate';
    s.currentTerm += 1;
    s.votedFor = s.id;
    term = s.currentTerm;
    ctx.note('5.2', () => `${s.id} started an election: term ${term}, voted for itself, and asked the others for their votes.`);
  }
  resetElectionTimer(ctx, config);
  for (const p of peers(s, config))
    ctx.send(idOf(p), { type: 'RequestVote', term, candidateId: s.id, lastLogIndex: lastIndex(s), lastLogTerm: lastTerm(s), preVote: pre });
  // A majority of one (only under the quorum-off-by-one mutant on three servers).
  if (count(s.votes) >= quorum(config)) {
    if (pre) campaign(ctx, s, config, false);
    else becomeLeader(ctx, s, config);
  }
}

function becomeLeader(ctx: C, s: RaftState, config: RaftConfig): void {
  s.role = 'leader';
  s.leaderId = s.id;
  for (let i = 0; i < config.servers; i++) {
    s.nextIndex[i] = lastIndex(s) + 1;
    s.matchIndex[i] = 0;
    s.recentActive[i] = i === s.slot;
  }
  ctx.note('5.2', () => `${s.id} won the election of term ${s.currentTerm} with votes from ${granted(s).join(', ')} (a majority of ${config.servers}); it sends AppendEntries to every server at once.`);
  ctx.clearTimer(TIMER.election);
  broadcastAppendEntries(ctx, s, config);
  ctx.setTimer(TIMER.heartbeat, config.timing.heartbeatInterval);
  if (checkQuorumOn(config)) ctx.setTimer(TIMER.checkQuorum, config.timing.electionTimeoutMin);
}

/** CheckQuorum (dissertation §6.2): a leader that did not hear from a majority in an election timeout steps down. */
function checkQuorum(ctx: C, s: RaftState, config: RaftConfig): void {
  s.recentActive[s.slot] = true;
  const active = count(s.recentActive);
  if (active < quorum(config)) {
    ctx.probe('check quorum step-down');
    ctx.note('D6.2', () => `${s.id} heard from only ${active} of ${config.servers} servers in the last ${config.timing.electionTimeoutMin} ms (CheckQuorum): it steps down and stops taking writes.`);
    becomeFollower(ctx, s, s.currentTerm, null, config);
    return;
  }
  s.recentActive.fill(false);
  s.recentActive[s.slot] = true;
  ctx.setTimer(TIMER.checkQuorum, config.timing.electionTimeoutMin);
}

// ---------------------------------------------------------------- RequestVote

/** §5.4.1: is a log ending at (lastLogIndex, lastLogTerm) at least as up-to-date as this server's? */
export function upToDate(s: RaftState, lastLogIndex: number, lastLogTerm: number): boolean {
  const t = lastTerm(s);
  return lastLogTerm > t || (lastLogTerm === t && lastLogIndex >= lastIndex(s));
}

/** RequestVote receiver (Figure 2, §5.2, §5.4.1), and the pre-vote (dissertation §9.6), in any role. */
function handleRequestVote(ctx: C, s: RaftState, from: NodeId, m: RequestVote, config: RaftConfig): void {
  const logOk = upToDate(s, m.lastLogIndex, m.lastLogTerm) || config.mutant === 'no-up-to-date-check';
  const why = () =>
    `its log ends at ${lastIndex(s)}:t${lastTerm(s)}, the candidate's at ${m.lastLogIndex}:t${m.lastLogTerm}`;
  if (m.preVote) {
    // etcd: a pre-vote for a future term is granted on the log alone; for the current term only
    // if this server has not voted and knows no leader.
    const canVote = m.term > s.currentTerm || ((s.votedFor === null || s.votedFor === m.candidateId) && s.leaderId === null);
    const grant = canVote && logOk;
    if (!grant && !logOk) ctx.probe('vote refused: log not up-to-date');
    ctx.note('D9.6', () =>
      grant
        ? `${s.id} would vote for ${from} in term ${m.term}: ${why()} (pre-vote granted; nothing changes here).`
        : !logOk
          ? `${s.id} refused ${from} a pre-vote for term ${m.term}: the candidate's log is not up-to-date (§5.4.1: ${why()}).`
          : `${s.id} refused ${from} a pre-vote for term ${m.term}: it ${s.leaderId ? `follows ${s.leaderId}` : `voted for ${s.votedFor}`} in that term.`,
    );
    ctx.send(from, { type: 'RequestVoteResponse', term: grant ? m.term : s.currentTerm, voteGranted: grant, preVote: true });
    return;
  }
  const canVote = s.votedFor === null || s.votedFor === m.candidateId || config.mutant === 'forget-vote';
  const grant = canVote && logOk;
  if (grant) {
    if (config.mutant !== 'forget-vote') s.votedFor = m.candidateId;
    resetElectionTimer(ctx, config);
    ctx.note(config.mutant === 'no-up-to-date-check' ? '5.2' : '5.4.1', () => `${s.id} voted for ${from} in term ${m.term}: it had not voted for anyone else in this term, and ${why()}, at least as up-to-date.`);
  } else if (!canVote) {
    ctx.note('5.2', () => `${s.id} refused ${from} its vote in term ${m.term}: it already voted for ${s.votedFor} in this term (one vote per term).`);
  } else {
    ctx.probe('vote refused: log not up-to-date');
    ctx.note('5.4.1', () => `${s.id} refused ${from} its vote in term ${m.term}: the candidate's log is less up-to-date (${why()}).`);
  }
  ctx.send(from, { type: 'RequestVoteResponse', term: s.currentTerm, voteGranted: grant, preVote: false });
}

/** A (pre-)candidate counts the votes of its (prospective) term. */
function handleRequestVoteResponse(ctx: C, s: RaftState, from: NodeId, m: RequestVoteResponse, config: RaftConfig): void {
  const pre = s.role === 'precandidate';
  if (m.preVote !== pre || m.term !== (pre ? s.currentTerm + 1 : s.currentTerm)) return; // an answer to an earlier round
  if (!m.voteGranted) return;
  s.votes[slotOf(from)] = true;
  if (count(s.votes) < quorum(config)) return;
  if (pre) {
    ctx.probe('pre-vote won');
    ctx.note('D9.6', () => `${s.id} has pre-votes from a majority (${granted(s).join(', ')}): it starts the real election.`);
    campaign(ctx, s, config, false);
  } else becomeLeader(ctx, s, config);
}

// ---------------------------------------------------------------- AppendEntries

function sendAppendEntries(ctx: C, s: RaftState, to: number, config: RaftConfig): void {
  const next = Math.max(1, Math.min(s.nextIndex[to]!, lastIndex(s) + 1));
  const prevLogIndex = next - 1;
  ctx.send(idOf(to), {
    type: 'AppendEntries',
    term: s.currentTerm,
    leaderId: s.id,
    prevLogIndex,
    prevLogTerm: termAt(s, prevLogIndex),
    entries: s.log.slice(prevLogIndex, prevLogIndex + config.maxBatch),
    leaderCommit: s.commitIndex,
  });
}

/** §5.2 heartbeats, §5.3 replication: AppendEntries to every other server, from its nextIndex on. */
function broadcastAppendEntries(ctx: C, s: RaftState, config: RaftConfig): void {
  for (const p of peers(s, config)) sendAppendEntries(ctx, s, p, config);
}

/** AppendEntries receiver (Figure 2, §5.3), at a follower of the sender's term. */
function handleAppendEntries(ctx: C, s: RaftState, m: AppendEntries, config: RaftConfig): void {
  s.leaderId = m.leaderId;
  s.lastLeaderContact = ctx.now;
  resetElectionTimer(ctx, config);
  const reply = (success: boolean, matchIndex: number) =>
    ctx.send(m.leaderId, { type: 'AppendEntriesResponse', term: s.currentTerm, success, matchIndex, lastLogIndex: success ? 0 : lastIndex(s) });
  // Rule 2: the log must hold an entry at prevLogIndex whose term matches prevLogTerm.
  if (termAt(s, m.prevLogIndex) !== m.prevLogTerm) {
    ctx.note('5.3', () =>
      m.prevLogIndex > lastIndex(s)
        ? `${s.id} refused AppendEntries: it has no entry at prevLogIndex ${m.prevLogIndex} (its log ends at ${lastIndex(s)}).`
        : `${s.id} refused AppendEntries: its entry ${m.prevLogIndex} has term ${termAt(s, m.prevLogIndex)}, not prevLogTerm ${m.prevLogTerm}.`,
    );
    reply(false, 0);
    return;
  }
  // Rules 3 and 4: delete a conflicting entry and all that follow it; append what is new.
  let appended = 0;
  for (const e of m.entries) {
    const local = s.log[e.index - 1];
    if (local && local.term !== e.term) {
      if (config.mutant === 'keep-conflicting-suffix') {
        s.log[e.index - 1] = e;
        continue;
      }
      ctx.probe('conflicting suffix deleted');
      const removed = s.log.length - e.index + 1;
      ctx.note('5.3', () => `${s.id} deleted ${removed} entr${removed === 1 ? 'y' : 'ies'} from index ${e.index} on: its entry ${e.index} has term ${local.term}, the leader's ${e.term}.`);
      s.log.length = e.index - 1;
    }
    if (!s.log[e.index - 1]) {
      s.log.push(e);
      appended++;
    }
  }
  const last = m.prevLogIndex + m.entries.length;
  if (appended) ctx.note('5.3', () => `${s.id} appended ${appended} entr${appended === 1 ? 'y' : 'ies'} from ${m.leaderId}, up to index ${last}.`);
  // Rule 5: commitIndex = min(leaderCommit, index of last new entry), never backwards.
  const commit = Math.min(m.leaderCommit, last);
  if (commit > s.commitIndex) {
    const was = s.commitIndex;
    s.commitIndex = commit;
    s.lastApplied = commit;
    ctx.note('5.3', () => `${s.id} learned from ${m.leaderId} that entries up to ${commit} are committed (was ${was}) and applied them.`);
  }
  reply(true, last);
}

/** The leader reads AppendEntriesResponse (Figure 2, rules for leaders; §5.3). */
function handleAppendEntriesResponse(ctx: C, s: RaftState, from: NodeId, m: AppendEntriesResponse, config: RaftConfig): void {
  const p = slotOf(from);
  s.recentActive[p] = true;
  if (m.success) {
    if (m.matchIndex <= s.matchIndex[p]!) return; // a duplicate or an older ack: nothing new
    s.matchIndex[p] = m.matchIndex;
    if (s.nextIndex[p]! < m.matchIndex + 1) s.nextIndex[p] = m.matchIndex + 1;
    advanceCommitIndex(ctx, s, config);
    // Keep a follower that is behind fed without waiting for the next heartbeat.
    if (s.nextIndex[p]! <= lastIndex(s)) sendAppendEntries(ctx, s, p, config);
    return;
  }
  // A refusal: the follower's log does not match at nextIndex - 1. Back off by one, or to the end
  // of a shorter log, never below what it acknowledged in this term, unless its log is now shorter
  // than that (an older refusal that arrives late, or a lost disk): then from the end of its log.
  const before = s.nextIndex[p]!;
  const floor = m.lastLogIndex >= s.matchIndex[p]! ? s.matchIndex[p]! + 1 : 1;
  s.nextIndex[p] = Math.max(floor, Math.min(before - 1, m.lastLogIndex + 1));
  if (s.nextIndex[p]! >= before) return; // a refusal answered already
  ctx.probe('nextIndex back-off');
  ctx.note('5.3', () => `${s.id} backed off nextIndex for ${from} from ${before} to ${s.nextIndex[p]} and sent AppendEntries again.`);
  sendAppendEntries(ctx, s, p, config);
}

/**
 * Figure 2: commitIndex = the largest N held by a majority (matchIndex ≥ N) with log[N].term ==
 * currentTerm. Entries of earlier terms are committed only with it (§5.4.2, Figure 8).
 */
export function advanceCommitIndex(ctx: C, s: RaftState, config: RaftConfig): void {
  const acks: number[] = [];
  for (let i = 0; i < config.servers; i++) acks.push(i === s.slot ? lastIndex(s) : s.matchIndex[i]!);
  acks.sort((a, b) => b - a);
  const n = acks[quorum(config) - 1]!;
  if (n <= s.commitIndex) return;
  const t = termAt(s, n);
  if (t !== s.currentTerm && config.mutant !== 'commit-old-term') {
    ctx.probe('older-term entry waits (Figure 8)');
    ctx.note('5.4.2', () => `${s.id} does not commit index ${n} although a majority holds it: its entry is of term ${t}, not the current term ${s.currentTerm}. It commits with the first entry of term ${s.currentTerm} that a majority holds (Figure 8).`);
    return;
  }
  const was = s.commitIndex;
  s.commitIndex = n;
  s.lastApplied = n;
  ctx.note('5.3', () => `${s.id} committed entries ${was + 1}..${n}: a majority (${quorum(config)} of ${config.servers}) holds index ${n}${t === s.currentTerm ? `, an entry of its term ${t}` : ` (term ${t})`}.`);
}

// ---------------------------------------------------------------- client writes

/** §8: a client write goes to the leader; a follower redirects to the leader it knows. */
export function onClientWrite(ctx: C, s: RaftState, command: string, config: RaftConfig): ClientWriteResult {
  if (s.role !== 'leader') {
    if (s.leaderId && s.leaderId !== s.id) {
      const to = s.leaderId;
      ctx.note('8', () => `${s.id} is not the leader: it sends the client to ${to}, the leader of term ${s.currentTerm} it knows.`);
      return { status: 'redirect', to };
    }
    return { status: 'rejected', reason: `${s.id} is ${s.role === 'follower' ? 'a follower' : `a ${s.role}`} and knows no leader of term ${s.currentTerm}` };
  }
  const entry = { index: lastIndex(s) + 1, term: s.currentTerm, command };
  s.log.push(entry);
  ctx.note('5.3', () => `${s.id} appended "${command}" at index ${entry.index} in term ${entry.term} and sends it to the followers.`);
  for (const p of peers(s, config)) if (s.nextIndex[p] === entry.index) sendAppendEntries(ctx, s, p, config);
  advanceCommitIndex(ctx, s, config);
  return { status: 'appended', index: entry.index };
}

export { serverIds };
