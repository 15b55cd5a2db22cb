// Configuration of the published 2+1 spec in the lab: the timers that drive the spec's
// "may fire at any time" actions (as PROTOCOL.md §5 drives ours). The spec itself has no clocks.

import type { NodeId } from '../../kernel/types';

export interface PubTiming {
  /** Follower: after this much leader silence (random in range) it sends InitWorkload (term 0) or SwitchToRF1Leader (term > 0). */
  electionTimeoutMin: number;
  electionTimeoutMax: number;
  /** Leader with RF 2: an entry unacked this long makes it send SwitchToRF1. */
  replicaTimeout: number;
  /** Leader with RF 1: how often it sends SwitchToRF2 P1 to bring the other data node back. */
  catchUpCheck: number;
  /** Elector: its free choice `ok` in ElectorAckSwitchToRF1Leader is TRUE once it has not heard from its leader this long. */
  electorLeaderTimeout: number;
}

export const DEFAULT_TIMING: PubTiming = {
  electionTimeoutMin: 1500,
  electionTimeoutMax: 3000,
  replicaTimeout: 600,
  catchUpCheck: 1500,
  electorLeaderTimeout: 1000,
};

export const TIMING_HELP: Record<keyof PubTiming, string> = {
  electionTimeoutMin:
    'Shortest leader silence after which a follower acts: InitWorkload at term 0, SwitchToRF1Leader later. The spec has no heartbeat, so only new entries count as leader contact.',
  electionTimeoutMax: 'Longest such silence; each follower draws its timeout at random in the range.',
  replicaTimeout: 'A leader with RF 2 whose newest entry stays unacked this long sends SwitchToRF1 to the elector.',
  catchUpCheck: 'How often a leader with RF 1 sends SwitchToRF2 P1 (its whole log plus one new entry) to the other data node.',
  electorLeaderTimeout: "The elector's free choice `ok` in SwitchToRF1Leader: TRUE once it has not heard from its leader this long.",
};

export interface PubConfig {
  timing: PubTiming;
}

/** The timers, with unknown keys ignored and bad values replaced: every timer is at least 1 ms, max ≥ min. */
export function pubConfig(over: Partial<PubTiming> = {}): PubConfig {
  const t = { ...DEFAULT_TIMING };
  for (const k of Object.keys(DEFAULT_TIMING) as (keyof PubTiming)[]) {
    const v = over[k];
    if (typeof v === 'number' && Number.isFinite(v)) t[k] = Math.max(1, v);
  }
  if (t.electionTimeoutMax < t.electionTimeoutMin) t.electionTimeoutMax = t.electionTimeoutMin;
  return { timing: t };
}

/** Kernel node ids (the UI's), and the spec's names for them. */
export const DATA_NODES: readonly NodeId[] = ['D1', 'D2'];
export const ELECTOR: NodeId = 'E';
export const NODE_IDS: readonly NodeId[] = ['D1', 'D2', 'E'];

export const SPEC_NAME: Record<string, string> = { D1: 'd1', D2: 'd2', E: 'e1' };
export const KERNEL_ID: Record<string, NodeId> = { d1: 'D1', d2: 'D2', e1: 'E' };

/** The spec's OtherDataNode(n). */
export const otherDataNode = (n: NodeId): NodeId => (n === 'D1' ? 'D2' : 'D1');
