// Janus messages, named as in PROTOCOL.md §3. A replication set is a `NodeSet`: a bitmask over
// the data nodes (D1 = bit 0, D2 = bit 1, D3 = bit 2), as the elector stores it (§2.2).

import type { MessageInfo, NodeId } from '../../kernel/types';
import { utf8Length } from '../../contracts/encoding';

export type NodeSet = number;

export interface Entry {
  term: number;
  index: number;
  command: string;
}

export interface AppendEntries {
  type: 'AppendEntries';
  term: number;
  leaderId: NodeId;
  replicationSet: NodeSet;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: Entry[];
  leaderCommit: number;
}
export interface AppendEntriesResponse {
  type: 'AppendEntriesResponse';
  term: number;
  from: NodeId;
  replicationSet: NodeSet;
  success: boolean;
  matchIndex: number;
}
/** `rejoin`: a blank data node asks the elector to evict it (REJOIN.md §3, docs/protocol.md §14). */
export type TermRequestKind = 'takeover' | 'shrink' | 'grow' | 'rejoin';
export interface TermRequest {
  type: 'TermRequest';
  kind: TermRequestKind;
  from: NodeId;
  term: number;
  electorEpoch: number;
  /** The proposed set R' (unused for rejoin). */
  replicationSet: NodeSet;
  /** Rejoin only: the blank node's incarnation (REJOIN.md §3); absent or 0 otherwise. */
  incarnation?: number;
}
export interface TermResponse {
  type: 'TermResponse';
  granted: boolean;
  electorEpoch: number;
  term: number;
  leaderId: NodeId | null;
  replicationSet: NodeSet;
  /** Echoes the request's incarnation (REJOIN.md §3); absent or 0 when not a rejoin. */
  incarnation?: number;
}
export interface ElectorHeartbeat {
  type: 'ElectorHeartbeat';
  term: number;
  leaderId: NodeId;
  electorEpoch: number;
}
export interface ElectorHeartbeatResponse {
  type: 'ElectorHeartbeatResponse';
  electorEpoch: number;
  term: number;
  leaderId: NodeId | null;
  replicationSet: NodeSet;
}
export interface ElectorChange {
  type: 'ElectorChange';
  newEpoch: number;
  newElector: string;
  installer: NodeId;
}
export interface ElectorChangeAck {
  type: 'ElectorChangeAck';
  from: NodeId;
  newEpoch: number;
  ok: boolean;
  term: number;
  replicationSet: NodeSet;
}
export interface InstallElector {
  type: 'InstallElector';
  electorEpoch: number;
  term: number;
  replicationSet: NodeSet;
}

export type JanusMessage =
  | AppendEntries
  | AppendEntriesResponse
  | TermRequest
  | TermResponse
  | ElectorHeartbeat
  | ElectorHeartbeatResponse
  | ElectorChange
  | ElectorChangeAck
  | InstallElector;

export const MESSAGE_TYPES: readonly JanusMessage['type'][] = [
  'AppendEntries',
  'AppendEntriesResponse',
  'TermRequest',
  'TermResponse',
  'ElectorHeartbeat',
  'ElectorHeartbeatResponse',
  'ElectorChange',
  'ElectorChangeAck',
  'InstallElector',
];

const TYPE_CODE: Record<JanusMessage['type'], number> = {
  AppendEntries: 1,
  AppendEntriesResponse: 2,
  TermRequest: 3,
  TermResponse: 4,
  ElectorHeartbeat: 5,
  ElectorHeartbeatResponse: 6,
  ElectorChange: 7,
  ElectorChangeAck: 8,
  InstallElector: 9,
};

export { utf8Length };

/**
 * Size in bytes under the wire encoding of docs/protocol.md ("Message encoding"):
 * type u8, term u64, node ids u8, sets u8, epochs u32, indexes u64, booleans u8,
 * an entry is term u64 + index u64 + length u32 + UTF-8 command.
 */
export function encodedSize(m: JanusMessage): number {
  switch (m.type) {
    case 'AppendEntries': {
      let n = 1 + 8 + 1 + 1 + 8 + 8 + 8 + 4;
      for (const e of m.entries) n += 8 + 8 + 4 + utf8Length(e.command);
      return n;
    }
    case 'AppendEntriesResponse':
      return 1 + 8 + 1 + 1 + 1 + 8;
    case 'TermRequest':
      // The incarnation (u32) is sent only with a rejoin (REJOIN.md §3).
      return 1 + 8 + 1 + 1 + 4 + 1 + (m.incarnation ? 4 : 0);
    case 'TermResponse':
      return 1 + 8 + 1 + 4 + 1 + 1 + (m.incarnation ? 4 : 0);
    case 'ElectorHeartbeat':
      return 1 + 8 + 1 + 4;
    case 'ElectorHeartbeatResponse':
      return 1 + 8 + 4 + 1 + 1;
    case 'ElectorChange':
      return 1 + 4 + 1 + 1 + utf8Length(m.newElector);
    case 'ElectorChangeAck':
      return 1 + 8 + 1 + 4 + 1 + 1;
    case 'InstallElector':
      return 1 + 8 + 4 + 1;
  }
}

export function label(m: JanusMessage): string {
  switch (m.type) {
    case 'AppendEntries':
      return m.entries.length ? `AE×${m.entries.length}` : 'HB';
    case 'AppendEntriesResponse':
      return m.success ? 'AE✓' : 'AE✗';
    case 'TermRequest':
      return m.kind === 'rejoin' ? 'Rejoin' : 'TermReq';
    case 'TermResponse':
      return m.granted ? 'Grant' : 'Refuse';
    case 'ElectorHeartbeat':
      return 'EHB';
    case 'ElectorHeartbeatResponse':
      return 'EHB✓';
    case 'ElectorChange':
      return 'EChange';
    case 'ElectorChangeAck':
      return 'EChange✓';
    case 'InstallElector':
      return 'Install';
  }
}

export function messageInfo(m: JanusMessage): MessageInfo {
  const entries = m.type === 'AppendEntries' ? m.entries.length : 0;
  return { type: m.type, label: label(m), kind: entries > 0 ? 'data' : 'control', entries, bytes: encodedSize(m) };
}

export function messageDigest(m: JanusMessage): number {
  let h = TYPE_CODE[m.type];
  if ('term' in m) h = Math.imul(h ^ m.term, 0x01000193);
  switch (m.type) {
    case 'AppendEntries':
      h = Math.imul(h ^ (m.prevLogIndex * 31 + m.entries.length * 7 + m.leaderCommit), 0x01000193);
      break;
    case 'AppendEntriesResponse':
      h = Math.imul(h ^ (m.matchIndex * 2 + (m.success ? 1 : 0)), 0x01000193);
      break;
    case 'TermRequest':
    case 'TermResponse':
      h = Math.imul(h ^ (m.replicationSet * 16 + m.electorEpoch), 0x01000193);
      if (m.incarnation) h = Math.imul(h ^ m.incarnation, 0x01000193);
      break;
    default:
      break;
  }
  return h >>> 0;
}
