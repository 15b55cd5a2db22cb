// The messages of the published Janus spec (akneni/Janus, TLA-plus-spec/Janus.tla, version B of
// Sep 06 2025), named exactly as the spec's `rpc_type` strings, with the spec's field names.
// `source` and `destination` are the kernel envelope's `from` and `to`.

import type { MessageInfo } from '../../kernel/types';

/** LogEntryMd: a (term, index) pair. */
export interface Md {
  term: number;
  index: number;
}

/** LogEntry. The spec's `data` is 0 or 1; here it is the client's command (a string). */
export interface LogEntry {
  metadata: Md;
  data: string;
}

export interface InitWorkloadMsg {
  type: 'InitWorkload';
  term: number;
  RF: number;
  logged_index: Md;
}
export interface InitWorkloadResp {
  type: 'InitWorkload Resp';
  term: number;
  RF: number;
  logged_index: Md;
  ok: boolean;
}
export interface AeRf1 {
  type: 'AppendEntries RF1';
  term: number;
  RF: number;
  committed_idx: Md;
  logentry_md: Md;
}
export interface AeRf1Resp {
  type: 'AppendEntries RF1 Resp';
  term: number;
  RF: number;
  logged_idx: Md;
  committed_idx: Md;
  ok: boolean;
}
export interface AeRf2 {
  type: 'AppendEntries RF2';
  term: number;
  RF: number;
  committed_idx: Md;
  logentry: LogEntry;
}
export interface AeRf2Resp {
  type: 'AppendEntries RF2 Resp';
  term: number;
  RF: number;
  logged_idx: Md;
  committed_idx: Md;
  ok: boolean;
}
export interface StRf1 {
  type: 'SwitchToRF1';
  term: number;
  RF: number;
  committed_idx: Md;
}
export interface StRf1Resp {
  type: 'SwitchToRF1 Resp';
  term: number;
  RF: number;
  committed_idx: Md;
  ok: boolean;
}
export interface StRf1L {
  type: 'SwitchToRF1Leader';
  term: number;
  RF: number;
  logged_idx: Md;
  committed_idx: Md;
}
export interface StRf1LResp {
  type: 'SwitchToRF1Leader Resp';
  term: number;
  RF: number;
  committed_idx: Md;
  ok: boolean;
}
export interface StRf2P1 {
  type: 'SwitchToRF2 P1';
  term: number;
  RF: number;
  logged_idx: Md;
  committed_idx: Md;
  dml_log: LogEntry[];
}
export interface StRf2P1Resp {
  type: 'SwitchToRF2 P1 Resp';
  term: number;
  RF: number;
  logged_idx: Md;
  committed_idx: Md;
}
export interface StRf2P2 {
  type: 'SwitchToRF2 P2';
  term: number;
  RF: number;
  committed_idx: Md;
}

export type PubMessage =
  | InitWorkloadMsg
  | InitWorkloadResp
  | AeRf1
  | AeRf1Resp
  | AeRf2
  | AeRf2Resp
  | StRf1
  | StRf1Resp
  | StRf1L
  | StRf1LResp
  | StRf2P1
  | StRf2P1Resp
  | StRf2P2;

export type RpcType = PubMessage['type'];

/** The spec's MessageTypes, in its order. */
export const MESSAGE_TYPES: readonly RpcType[] = [
  'AppendEntries RF1',
  'AppendEntries RF2',
  'SwitchToRF1',
  'SwitchToRF1Leader',
  'SwitchToRF2 P1',
  'SwitchToRF2 P2',
  'InitWorkload',
  'AppendEntries RF1 Resp',
  'AppendEntries RF2 Resp',
  'SwitchToRF1 Resp',
  'SwitchToRF1Leader Resp',
  'SwitchToRF2 P1 Resp',
  'InitWorkload Resp',
];

// ---------------------------------------------------------------- (term, index) helpers

export const MD0: Md = Object.freeze({ term: 0, index: 0 }) as Md;
export const md = (term: number, index: number): Md => ({ term, index });

/**
 * The spec's `LeMdGreater(a, b)`. Despite its name (and comment, "a > b") it tests a ≥ b,
 * lexicographically on (term, index). Kept as written: the spec's behaviour depends on it.
 */
export const leMdGreater = (a: Md, b: Md): boolean => a.term > b.term || (a.term === b.term && a.index >= b.index);
/** The spec's `LeMdGreaterOrEq(a, b)`: a ≥ b (same test as LeMdGreater). */
export const leMdGreaterOrEq = leMdGreater;
/** Strictly greater, as the spec writes inline in several handlers (`ciGreater`, `aheadCI`, `ciHigh`). */
export const mdStrictlyGreater = (a: Md, b: Md): boolean => a.term > b.term || (a.term === b.term && a.index > b.index);
export const leMdMax = (a: Md, b: Md): Md => (leMdGreater(a, b) ? a : b);
export const leMdMin = (a: Md, b: Md): Md => (leMdGreater(a, b) ? b : a);
export const mdEq = (a: Md, b: Md): boolean => a.term === b.term && a.index === b.index;
export const fmtMd = (m: Md): string => `(${m.term},${m.index})`;

// ---------------------------------------------------------------- display and digests

const TYPE_CODE: Record<RpcType, number> = {
  InitWorkload: 1,
  'InitWorkload Resp': 2,
  'AppendEntries RF1': 3,
  'AppendEntries RF1 Resp': 4,
  'AppendEntries RF2': 5,
  'AppendEntries RF2 Resp': 6,
  SwitchToRF1: 7,
  'SwitchToRF1 Resp': 8,
  SwitchToRF1Leader: 9,
  'SwitchToRF1Leader Resp': 10,
  'SwitchToRF2 P1': 11,
  'SwitchToRF2 P1 Resp': 12,
  'SwitchToRF2 P2': 13,
};

export function label(m: PubMessage): string {
  const ok = 'ok' in m ? (m.ok ? '✓' : '✗') : '';
  switch (m.type) {
    case 'InitWorkload':
      return 'InitWL';
    case 'InitWorkload Resp':
      return `InitWL${ok}`;
    case 'AppendEntries RF1':
      return 'AE1';
    case 'AppendEntries RF1 Resp':
      return `AE1${ok}`;
    case 'AppendEntries RF2':
      return 'AE2';
    case 'AppendEntries RF2 Resp':
      return `AE2${ok}`;
    case 'SwitchToRF1':
      return 'ToRF1';
    case 'SwitchToRF1 Resp':
      return `ToRF1${ok}`;
    case 'SwitchToRF1Leader':
      return 'ToRF1L';
    case 'SwitchToRF1Leader Resp':
      return `ToRF1L${ok}`;
    case 'SwitchToRF2 P1':
      return `P1×${m.dml_log.length}`;
    case 'SwitchToRF2 P1 Resp':
      return 'P1✓';
    case 'SwitchToRF2 P2':
      return 'P2';
  }
}

const ENTRY_BYTES = (e: LogEntry) => 8 + 8 + 4 + e.data.length;

/** Size under a plain encoding: type u8, term u64, RF u8, each Md 16 bytes, ok u8, entries as term+index+len+data. */
export function encodedSize(m: PubMessage): number {
  let n = 1 + 8 + 1;
  if ('committed_idx' in m) n += 16;
  if ('logged_idx' in m) n += 16;
  if ('logged_index' in m) n += 16;
  if ('logentry_md' in m) n += 16;
  if ('ok' in m) n += 1;
  if (m.type === 'AppendEntries RF2') n += ENTRY_BYTES(m.logentry);
  if (m.type === 'SwitchToRF2 P1') for (const e of m.dml_log) n += ENTRY_BYTES(e);
  return n;
}

export function messageInfo(m: PubMessage): MessageInfo {
  const entries = m.type === 'AppendEntries RF2' ? 1 : m.type === 'SwitchToRF2 P1' ? m.dml_log.length : 0;
  return { type: m.type, label: label(m), kind: entries > 0 ? 'data' : 'control', entries, bytes: encodedSize(m) };
}

export function messageDigest(m: PubMessage): number {
  let h = TYPE_CODE[m.type];
  h = Math.imul(h ^ (m.term * 4 + m.RF), 0x01000193);
  if ('committed_idx' in m) h = Math.imul(h ^ (m.committed_idx.term * 1024 + m.committed_idx.index), 0x01000193);
  if ('ok' in m) h = Math.imul(h ^ (m.ok ? 7 : 3), 0x01000193);
  if (m.type === 'AppendEntries RF2') h = Math.imul(h ^ (m.logentry.metadata.index * 31 + m.logentry.metadata.term), 0x01000193);
  if (m.type === 'SwitchToRF2 P1') h = Math.imul(h ^ m.dml_log.length, 0x01000193);
  return h >>> 0;
}
