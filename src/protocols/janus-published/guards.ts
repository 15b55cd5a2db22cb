// The enabling conditions of the spec's actions, as pure functions of the node states and the
// messages in flight. Used by the liveness check ("no node step is enabled and nobody leads",
// the TLC invariant NotStuckWithoutLeader of tlc-traces/README.md), by the explorer and by tests.
// The handlers in node.ts and elector.ts test the same conditions before they consume a message.

import type { Envelope, NodeId } from '../../kernel/types';
import type { PubMessage } from './messages';
import type { PubState } from './state';

/** Is the spec action that consumes `m` (sent by `from`) enabled at the receiver in state `s`? */
export function receiveEnabled(s: PubState, from: NodeId, m: PubMessage): boolean {
  if (s.kind === 'elector') {
    switch (m.type) {
      case 'AppendEntries RF1':
      case 'AppendEntries RF2':
        return m.term >= s.term;
      case 'SwitchToRF1':
        return s.term > 0 && m.term >= s.term;
      case 'SwitchToRF1Leader':
        return s.term > 0 && s.replicationFactor === 2 && m.term >= s.term;
      case 'SwitchToRF2 P2':
        return m.term > s.term;
      default:
        return false;
    }
  }
  switch (m.type) {
    case 'InitWorkload':
    case 'AppendEntries RF2':
    case 'SwitchToRF2 P1':
      return m.term >= s.term;
    case 'InitWorkload Resp':
      return s.role === 'candidate' && (m.ok ? m.term > s.term : m.term >= s.term);
    case 'AppendEntries RF1 Resp':
    case 'AppendEntries RF2 Resp':
      return s.term > 0 && m.term >= s.term;
    case 'SwitchToRF1 Resp':
      return m.ok ? m.term > s.term : m.term >= s.term;
    case 'SwitchToRF1Leader Resp':
      return s.role === 'candidate' && (m.ok ? s.term > 0 && m.term > s.term : m.term >= s.term);
    case 'SwitchToRF2 P1 Resp':
      return s.role === 'leader' && s.replicationFactor === 1 && s.term > 0 && from !== s.id && m.term > s.term;
    default:
      return false;
  }
}

/** Spontaneous steps a data node may take now (the spec's "may fire at any time" actions). */
export function spontaneousSteps(s: PubState): string[] {
  if (s.kind !== 'data') return [];
  const out: string[] = [];
  if (s.role === 'follower' && s.term === 0) out.push('FollowerSendInitWorkload');
  if (s.role === 'follower' && s.term > 0) out.push('FollowerSendSwitchToRF1Leader');
  if (s.role === 'leader' && s.replicationFactor === 2) out.push('LeaderSendSwitchToRF1');
  if (s.role === 'leader' && s.replicationFactor === 1) out.push('LeaderSendSwitchToRF2_P1');
  if (s.role === 'leader' && s.term > 0) out.push(s.replicationFactor === 2 ? 'LeaderSendAE_RF2' : 'LeaderSendAE_RF1');
  return out;
}

export interface StuckView {
  nodeIds: readonly NodeId[];
  state(id: NodeId): PubState;
  isUp(id: NodeId): boolean;
  messages(): Envelope[];
}

/**
 * NotStuckWithoutLeader, exactly: returns a description of the stuck state, or null. Stuck means:
 * every node is up, no data node leads, no data node can take a spontaneous step, and no message
 * in flight to an up node can be consumed. Nothing but a fault (restart, disk loss) can change
 * such a state: duplicating or dropping messages cannot enable a node step.
 */
export function stuckWithoutLeader(v: StuckView): string | null {
  for (const id of v.nodeIds) if (!v.isUp(id)) return null;
  for (const id of v.nodeIds) {
    const s = v.state(id);
    if (s.kind === 'data' && s.role === 'leader') return null;
    if (spontaneousSteps(s).length) return null;
  }
  for (const env of v.messages()) if (receiveEnabled(v.state(env.to), env.from, env.msg as PubMessage)) return null;
  return describeStuck(v.nodeIds.map((id) => v.state(id)));
}

export function describeStuck(states: PubState[]): string {
  const parts = states.map((s) => (s.kind === 'data' ? `${s.id} ${s.role} of term ${s.term}` : `E at term ${s.term} with RF ${s.replicationFactor}`));
  const e = states.find((s) => s.kind === 'elector');
  const why = e && e.replicationFactor !== 2 ? ' The elector has RF 1, so the guard "RF = 2" blocks every SwitchToRF1Leader, and a candidate never retries.' : ' A candidate never retries and nothing turns it back into a follower.';
  return `No leader can ever emerge again (short of another failure): ${parts.join(', ')}; no node step is enabled.${why}`;
}
