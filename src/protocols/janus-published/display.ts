// The published spec's node states seen through the shape of our design's states (JanusState),
// for views written for janus-2+1/3+1 (cluster cards, logs panel). Display only: RF 2 shows as
// R = {D1, D2}; RF 1 as R = {the node's CurrentLeader} (the RF 1 leader keeps the only copy).

import type { DataNodeState, ElectorState, JanusState } from '../janus/state';
import type { PubState } from './state';

const slotOf = (id: string): number => (id === 'D2' ? 1 : 0);
const bit = (id: string): number => 1 << slotOf(id);

function rSet(rf: number, leader: string, self: string | null): number {
  if (rf === 2) return 0b11;
  if (leader === 'D1' || leader === 'D2') return bit(leader);
  return self ? bit(self) : 0;
}

export function asJanusState(s: PubState): JanusState {
  const leaderId = s.currentLeader === 'D1' || s.currentLeader === 'D2' ? s.currentLeader : null;
  if (s.kind === 'elector') {
    const e: ElectorState = {
      kind: 'elector',
      id: s.id,
      electorEpoch: 0,
      currentTerm: s.term,
      leaderId,
      replicationSet: rSet(s.replicationFactor, s.currentLeader, null),
      installed: true,
      lastHeardFromLeaderAt: s.lastHeardFromLeaderAt,
      zombie: null,
    };
    return e;
  }
  const d: DataNodeState = {
    kind: 'data',
    id: s.id,
    slot: slotOf(s.id),
    currentTerm: s.term,
    replicationSet: rSet(s.replicationFactor, s.currentLeader, s.id),
    log: s.dmlLog.map((e) => ({ term: e.metadata.term, index: e.metadata.index, command: e.data })),
    electorEpoch: 0,
    role: s.role,
    leaderId,
    commitIndex: Math.min(s.committedIdx.index, s.dmlLog.length),
    lastApplied: Math.min(s.committedIdx.index, s.dmlLog.length),
    matchIndex: [0, 0],
    nextIndex: [1, 1],
    lastAckAt: [0, 0],
    joining: null,
    lastLeaderContact: s.lastLeaderContact,
    pendingRequest: null,
    installer: null,
  };
  return d;
}
