// Node state, as in PROTOCOL.md §2. Durable fields survive a crash; the rest is rebuilt.

import type { NodeId } from '../../kernel/types';
import { CLUSTER_ID } from './config';
import type { Entry, NodeSet, TermRequest } from './messages';

export type Role = 'follower' | 'candidate' | 'leader';

/** The bootstrap marker on a data node's disk (REJOIN.md §2.1): `{clusterId: u128, nodeId: u8}`. */
export interface Marker {
  clusterId: string;
  nodeId: NodeId;
}

export interface DataNodeState {
  kind: 'data';
  id: NodeId;
  /** Position of this node among the data nodes (its bit in a NodeSet). */
  slot: number;
  // --- durable (§2.1)
  currentTerm: number;
  replicationSet: NodeSet;
  log: Entry[];
  electorEpoch: number;
  /**
   * REJOIN.md §2.1: written by the operator at bootstrap, and by the node itself when its rejoin
   * is granted. A node without a valid marker is blank (`isBlank`): it never leads and never acks.
   */
  marker: Marker | null;
  /** Drawn (≠ 0) when the node finds itself blank, before its first rejoin request; 0 for a bootstrapped disk. */
  incarnation: number;
  /**
   * Not the node's: the operator's copy of its disk, kept elsewhere (operator actions `backup` and
   * `restoreBackup`, docs/protocol.md §14). No protocol rule reads it; a wipe does not lose it.
   */
  backup: DiskImage | null;
  // --- volatile
  role: Role;
  leaderId: NodeId | null;
  commitIndex: number;
  lastApplied: number;
  /** Leader only, per data-node slot. */
  matchIndex: number[];
  nextIndex: number[];
  lastAckAt: number[];
  joining: { node: NodeId; joinFrom: number } | null;
  /** When this node last heard AppendEntries from a leader of its term (election timer). */
  lastLeaderContact: number;
  /** The outstanding TermRequest, resent by termRequestRetry. */
  pendingRequest: TermRequest | null;
  /** Installer side of an elector replacement (§9), if this node runs one. */
  installer: InstallerState | null;
}

export interface InstallerState {
  newEpoch: number;
  /** Per data-node slot: the (term, set) it reported, or null while waiting. */
  acks: ({ term: number; replicationSet: NodeSet } | null)[];
  /** InstallElector sent; waiting for the new elector to answer. */
  installing: { term: number; replicationSet: NodeSet } | null;
}

export interface ElectorState {
  kind: 'elector';
  id: NodeId;
  // --- durable (§2.2)
  electorEpoch: number;
  currentTerm: number;
  leaderId: NodeId | null;
  replicationSet: NodeSet;
  /** An elector started by the replacement procedure refuses everything until installed (§9). */
  installed: boolean;
  // --- volatile
  lastHeardFromLeaderAt: number;
  /**
   * The previous elector, still running after a replacement (a zombie). It answers only
   * messages of its own epoch, as if at its old address. Null when the old elector is dead.
   */
  zombie: ElectorState | null;
}

export type JanusState = DataNodeState | ElectorState;

/** A data node's durable state, as a backup holds it (its bootstrap marker included). */
export interface DiskImage {
  currentTerm: number;
  replicationSet: NodeSet;
  log: Entry[];
  electorEpoch: number;
  marker: Marker | null;
  incarnation: number;
}

/** REJOIN.md §2.1: blank = no marker on disk, or a marker of another cluster or node. */
export function isBlank(s: DataNodeState): boolean {
  return s.marker === null || s.marker.clusterId !== CLUSTER_ID || s.marker.nodeId !== s.id;
}

// ---------------------------------------------------------------- node sets

export const bit = (slot: number): NodeSet => 1 << slot;
export const has = (set: NodeSet, slot: number): boolean => (set & (1 << slot)) !== 0;
export const size = (set: NodeSet): number => {
  let n = 0;
  for (let s = set; s; s &= s - 1) n++;
  return n;
};
export const slotOf = (id: NodeId): number => Number(id.slice(1)) - 1;
export const idOf = (slot: number): NodeId => `D${slot + 1}`;
export const fullSet = (n: number): NodeSet => (1 << n) - 1;
export function setToIds(set: NodeSet): NodeId[] {
  const out: NodeId[] = [];
  for (let i = 0; i < 8; i++) if (set & (1 << i)) out.push(idOf(i));
  return out;
}
export const formatSet = (set: NodeSet): string => `{${setToIds(set).join(', ')}}`;

// ---------------------------------------------------------------- elector encoding

/**
 * The elector's durable state on disk, 18 bytes (§2.2): electorEpoch u32, currentTerm u64,
 * leaderId u8 (0 = none, k = D<k>), replicationSet u8 (bit 7 = installed), checksum u32 (FNV-1a
 * of the first 14 bytes). Little-endian.
 */
export function encodeElectorState(s: ElectorState): Uint8Array {
  const buf = new Uint8Array(18);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, s.electorEpoch >>> 0, true);
  dv.setBigUint64(4, BigInt(s.currentTerm), true);
  dv.setUint8(12, s.leaderId ? slotOf(s.leaderId) + 1 : 0);
  dv.setUint8(13, (s.replicationSet & 0x7f) | (s.installed ? 0x80 : 0));
  dv.setUint32(14, fnv1a(buf.subarray(0, 14)), true);
  return buf;
}

export function decodeElectorState(buf: Uint8Array, id: NodeId = 'E'): ElectorState {
  if (buf.length !== 18) throw new Error(`elector state is 18 bytes, got ${buf.length}`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (dv.getUint32(14, true) !== fnv1a(buf.subarray(0, 14))) throw new Error('elector state checksum mismatch');
  const leader = dv.getUint8(12);
  const rs = dv.getUint8(13);
  return {
    kind: 'elector',
    id,
    electorEpoch: dv.getUint32(0, true),
    currentTerm: Number(dv.getBigUint64(4, true)),
    leaderId: leader ? idOf(leader - 1) : null,
    replicationSet: rs & 0x7f,
    installed: (rs & 0x80) !== 0,
    lastHeardFromLeaderAt: 0,
    zombie: null,
  };
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

/** Bytes of durable state a node keeps: the elector's encoding, or a data node's log and metadata. */
export function durableBytes(s: JanusState): number {
  if (s.kind === 'elector') return 18;
  let n = 8 + 1 + 4 + 8; // currentTerm, replicationSet, electorEpoch, log length
  for (const e of s.log) n += 8 + 8 + 4 + e.command.length;
  return n;
}
