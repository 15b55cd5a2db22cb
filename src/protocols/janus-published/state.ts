// Node state: the spec's variables, one record per node. Field names follow the spec's
// variables (LoggedIdx → loggedIdx, …). A few volatile fields drive the timers.

import type { NodeId } from '../../kernel/types';
import { MD0, type LogEntry, type Md } from './messages';

export type DataRole = 'follower' | 'candidate' | 'leader';
/** CurrentLeader: a data node, "unknown" or "none". */
export type LeaderRef = NodeId | 'unknown' | 'none';

export interface PubDataState {
  kind: 'data';
  id: NodeId;
  // --- the spec's variables (all kept on disk; the spec does not say, a restart keeps them)
  loggedIdx: Md;
  committedIdx: Md;
  term: number;
  role: DataRole;
  replicationFactor: number;
  currentLeader: LeaderRef;
  dmlLog: LogEntry[];
  // --- volatile, for the timers only
  /** Last time an entry from the leader arrived (AppendEntries RF2 or SwitchToRF2 P1). */
  lastLeaderContact: number;
  /** Leader with RF 2: since when its newest entry has been waiting for the follower's ack, or null. */
  unackedSince: number | null;
  /** Leader with RF 2: a SwitchToRF1 is in flight (sent at this time), or null. */
  switchSentAt: number | null;
}

export interface PubElectorState {
  kind: 'elector';
  id: NodeId;
  committedIdx: Md;
  term: number;
  role: 'elector';
  replicationFactor: number;
  currentLeader: LeaderRef;
  // --- volatile
  lastHeardFromLeaderAt: number;
  /** A choice made by hand for the next SwitchToRF1Leader (the spec's `\E ok \in {TRUE, FALSE}`), or null. */
  voteOverride: boolean | null;
}

export type PubState = PubDataState | PubElectorState;

export function initData(id: NodeId): PubDataState {
  return {
    kind: 'data',
    id,
    loggedIdx: MD0,
    committedIdx: MD0,
    term: 0,
    role: 'follower',
    replicationFactor: 2,
    currentLeader: 'none',
    dmlLog: [],
    lastLeaderContact: 0,
    unackedSince: null,
    switchSentAt: null,
  };
}

export function initElectorState(id: NodeId): PubElectorState {
  return {
    kind: 'elector',
    id,
    committedIdx: MD0,
    term: 0,
    role: 'elector',
    replicationFactor: 2,
    currentLeader: 'none',
    lastHeardFromLeaderAt: 0,
    voteOverride: null,
  };
}

export function cloneState(s: PubState): PubState {
  if (s.kind === 'elector') return { ...s };
  return { ...s, dmlLog: s.dmlLog.slice() };
}
