// A plug-in's TLC trace reader, as the page's "TLC trace" tab uses it: offered as
// `extras.tlc` (ProtocolPlugin), so the page never imports the protocol's folder. Only what the
// panel reads is named here; the plug-in's own types carry more.

import type { Action, TimedAction } from '../kernel/types';
import type { RunSpec } from './spec';

/** One state of a TLC trace. */
export interface TlcStateView {
  /** N of `State N:`. */
  n: number;
  /** The label between < and >. */
  label: string;
  vars: Readonly<Record<string, unknown>>;
}

export interface TlcVarDiff {
  variable: string;
  path: string;
  expected: string;
  actual: string;
}

export interface TlcReplayStep {
  n: number;
  /** Kernel actions applied for this step. */
  kernel: readonly Action[];
  changedPaths: readonly string[];
  ok: boolean;
  error?: string;
  diff?: TlcVarDiff;
  /** The run's event count after the step (the lab cursor index that shows this state). */
  eventIndex?: number;
}

export interface TlcReplay {
  ok: boolean;
  message: string;
  parseError?: { line: number | null; message: string };
  trace: { errors: readonly string[] };
  steps: readonly TlcReplayStep[];
  violations: readonly { property: string }[];
  /** Why no leader can emerge at the end, or null. */
  stuck: string | null;
}

export interface TlcStepRow {
  n: number;
  state: TlcStateView;
  title: string;
  status: 'ok' | 'failed' | 'not-replayed';
  changedPaths: readonly string[];
  step: TlcReplayStep | null;
}

export interface TlcCell {
  col: string | null;
  text: string;
  full: string;
  changed: boolean;
  diff: boolean;
}

export interface TlcMessageLine {
  text: string;
  full: string;
  added: boolean;
}

export interface TlcTableRow {
  variable: string;
  perNode: boolean;
  cells: readonly TlcCell[];
  messages?: readonly TlcMessageLine[];
  consumed?: readonly TlcMessageLine[];
}

/** The scenario a replay opens in the lab. */
export interface TlcScenario {
  spec: RunSpec;
  actions: TimedAction[];
  cursor: { index: number; t: number };
  title: string;
  notes: string;
}

/** `extras.tlc`: read, replay and walk TLC error traces of the plug-in's spec, and export runs as spec states. */
export interface TlcService {
  replayTlcTrace(text: string): TlcReplay;
  replayScenario(r: TlcReplay, title?: string): TlcScenario;
  exportScenarioSpecTrace(sc: { spec: RunSpec; actions: TimedAction[]; cursor: { index: number; t: number } }): string;
  stepRows(r: TlcReplay): TlcStepRow[];
  stateTable(state: TlcStateView, changedPaths: readonly string[], diff?: TlcVarDiff, prev?: TlcStateView): TlcTableRow[];
  diffWhere(d: TlcVarDiff): string;
  /** The lab cursor (an argument for seekEvent) that shows the state after the row, or null. */
  seekIndexOf(row: TlcStepRow): number | null;
  /** Why an input of this size is refused, or null. */
  inputTooLarge(size: number): string | null;
  sampleTitle(file: string): string;
  /** The columns of per-node variables. */
  readonly NODE_COLS: readonly string[];
  /** Sample traces by file name, each loaded on demand (the page may supply them instead). */
  readonly samples?: Readonly<Record<string, () => Promise<string>>>;
}

/** The plug-in's TLC service, if it offers one (`extras.tlc`). */
export function tlcOf(extras: Readonly<Record<string, unknown>> | undefined): TlcService | null {
  const t = extras?.tlc;
  return t && typeof t === 'object' && typeof (t as TlcService).replayTlcTrace === 'function' ? (t as TlcService) : null;
}
