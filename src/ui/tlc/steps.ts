// Pure helpers for the TLC trace panel: one row per TLC state (replayed or not), and the variable
// table of a state in the spec's vocabulary (rows = variables, columns d1, d2, e1 where the value
// is a function of the node), with the values that change at that step marked.

import type { ReplayResult, ReplayStep, VarDiff } from '../../tlc/replay';
import type { TlcState } from '../../tlc/trace';
import { canonical, isRecord, printTlc, type TlcValue } from '../../tlc/value';

/** The rows of the table, in the order of the export (the spec's variables). */
export const TABLE_VARS = ['LoggedIdx', 'CommittedIdx', 'Term', 'Role', 'ReplicationFactor', 'CurrentLeader', 'DmlLog', 'NumFailures', 'Messages'] as const;
/** The columns of function-valued variables: the spec's node names. */
export const NODE_COLS = ['d1', 'd2', 'e1'] as const;

/** Largest input the panel reads (characters of pasted text or bytes of a file). */
export const MAX_INPUT = 2 * 1024 * 1024;

export function inputTooLarge(size: number): string | null {
  return size > MAX_INPUT ? `The trace is ${(size / 1024 / 1024).toFixed(1)} MB; this page reads traces up to 2 MB. Paste only the error trace (from "Error:" to the last state).` : null;
}

export type RowStatus = 'ok' | 'failed' | 'not-replayed';

export interface StepRow {
  /** The TLC state number. */
  n: number;
  state: TlcState;
  /** `State N: <Action(args)>` without TLC's source location. */
  title: string;
  status: RowStatus;
  /** `Var.node` paths (or `Var` as a whole) that change at this step, from the trace text. */
  changedPaths: string[];
  /** The replay's step, when the replay reached this state. */
  step: ReplayStep | null;
}

/** `FollowerSendInitWorkload("d1") line 358, … of module Janus` → `FollowerSendInitWorkload("d1")`. */
export function shortLabel(s: TlcState): string {
  if (s.action === null) return 'Initial predicate';
  return `${s.action}${s.args.length ? `(${s.args.map(printTlc).join(', ')})` : ''}`;
}

/** The paths that change from `before` to `after`: `Var.node` for node functions, else `Var`. */
export function changedPathsBetween(before: Record<string, TlcValue>, after: Record<string, TlcValue>): string[] {
  const out: string[] = [];
  for (const k of Object.keys(after)) {
    const a = before[k];
    const b = after[k]!;
    if (a !== undefined && canonical(a) === canonical(b)) continue;
    if (a !== undefined && isRecord(a) && isRecord(b) && k !== 'Messages') {
      for (const f of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const x = a[f];
        const y = b[f];
        if (x === undefined || y === undefined || canonical(x) !== canonical(y)) out.push(`${k}.${f}`);
      }
    } else out.push(k);
  }
  return out;
}

/** One row per state of the trace. States after the failing one were not replayed; their changes come from the text. */
export function stepRows(r: ReplayResult): StepRow[] {
  const states = r.trace.states;
  return states.map((state, k) => {
    const step = r.steps[k] ?? null;
    const status: RowStatus = step === null ? 'not-replayed' : r.failedAt === state.n || !step.ok ? 'failed' : 'ok';
    const changedPaths = step ? step.changedPaths : k === 0 ? [] : changedPathsBetween(states[k - 1]!.vars, state.vars);
    return { n: state.n, state, title: `State ${state.n}: <${shortLabel(state)}>`, status, changedPaths, step };
  });
}

export interface Cell {
  /** Column (a node name) or null for a value that is not a function of the node. */
  col: string | null;
  text: string;
  changed: boolean;
  /** The replay's first difference lies in this cell. */
  diff: boolean;
}

export interface TableRow {
  variable: string;
  /** True when the value is a function of the node (one cell per column in NODE_COLS). */
  perNode: boolean;
  cells: Cell[];
  /** Whether the trace prints this variable at all. */
  present: boolean;
}

const isNodeFunction = (v: TlcValue): boolean => isRecord(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => (NODE_COLS as readonly string[]).includes(k));

/** Print a value for a table cell: sequences of records one element a line, the rest in TLC syntax. */
export function cellText(v: TlcValue): string {
  if (Array.isArray(v) && v.length > 1 && v.some((x) => typeof x === 'object')) return `<<\n${v.map((x) => `  ${printTlc(x)}`).join(',\n')}\n>>`;
  return printTlc(v);
}

/** The diff's cell: `Term` with path `d1` or `d1.term` → column d1; `Messages` → the whole row. */
function diffCol(diff: VarDiff | undefined, variable: string): string | null | undefined {
  if (!diff || diff.variable !== variable) return undefined;
  const head = /^([A-Za-z0-9_]+)/.exec(diff.path)?.[1];
  return head && (NODE_COLS as readonly string[]).includes(head) ? head : null;
}

/** The variable table of a state, with the changed values marked. */
export function stateTable(state: TlcState, changedPaths: readonly string[], diff?: VarDiff): TableRow[] {
  const changed = new Set(changedPaths);
  return TABLE_VARS.map((variable) => {
    const v = state.vars[variable];
    const dc = diffCol(diff, variable);
    if (v === undefined) return { variable, perNode: false, present: false, cells: [{ col: null, text: '—', changed: false, diff: dc !== undefined }] };
    if (isNodeFunction(v) && variable !== 'Messages') {
      const f = v as Record<string, TlcValue>;
      return {
        variable,
        perNode: true,
        present: true,
        cells: NODE_COLS.map((col) => ({
          col,
          text: f[col] === undefined ? '' : cellText(f[col]!),
          changed: changed.has(`${variable}.${col}`),
          diff: dc === col || (dc === null && f[col] !== undefined),
        })),
      };
    }
    return { variable, perNode: false, present: true, cells: [{ col: null, text: cellText(v), changed: changed.has(variable) || [...changed].some((p) => p.startsWith(`${variable}.`)), diff: dc !== undefined }] };
  });
}

/** Where the difference is, in words: `Term at d1`. */
export const diffWhere = (d: VarDiff): string => `${d.variable}${d.path ? ` at ${d.path}` : ''}`;

/** The lab cursor (an argument for `seekEvent`) that shows the state after step `row`, or null if unknown. */
export function seekIndexOf(row: StepRow): number | null {
  const e = row.step?.eventIndex;
  return e === undefined ? null : e - 1;
}

/** A file name for a sample (`p2-elector-amnesia.txt`) → a readable title. */
export const sampleTitle = (file: string): string => file.replace(/^.*\//, '').replace(/\.txt$/, '');
