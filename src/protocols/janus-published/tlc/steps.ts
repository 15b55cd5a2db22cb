// Pure helpers for the TLC trace panel: one row per TLC state (replayed or not), and the variable
// table of a state in the spec's vocabulary (rows = variables, columns d1, d2, e1 where the value
// is a function of the node), with the values that change at that step marked.

import type { ReplayResult, ReplayStep, VarDiff } from './replay';
import type { TlcState } from './trace';
import { canonical, isRecord, printTlc, type TlcValue } from './value';

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
  /** Compact text: `(t,i)` for `[term |-> t, index |-> i]`, `(t,i)=d` for a log entry. */
  text: string;
  /** The value in TLC's syntax. */
  full: string;
  changed: boolean;
  /** The replay's first difference lies in this cell. */
  diff: boolean;
}

export interface MessageLine {
  text: string;
  full: string;
  /** In this state and not in the previous one (sent or copied at this step). */
  added: boolean;
}

export interface TableRow {
  variable: string;
  /** True when the value is a function of the node (one cell per column in NODE_COLS). */
  perNode: boolean;
  cells: Cell[];
  /** Whether the trace prints this variable at all. */
  present: boolean;
  /** For Messages: one line per message in flight, and the messages taken out at this step. */
  messages?: MessageLine[];
  consumed?: MessageLine[];
}

const isNodeFunction = (v: TlcValue): boolean => isRecord(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => (NODE_COLS as readonly string[]).includes(k));

const isMd = (v: TlcValue): v is { term: number; index: number } =>
  isRecord(v) && Object.keys(v).length === 2 && typeof v.term === 'number' && typeof v.index === 'number';

/** A value for a table cell: metadata `[term |-> 1, index |-> 2]` as `(1,2)`, a log entry as `(1,2)=0`, the rest in TLC syntax. */
export function compact(v: TlcValue): string {
  if (isMd(v)) return `(${v.term},${v.index})`;
  if (isRecord(v) && Object.keys(v).length === 2 && v.metadata !== undefined && isMd(v.metadata) && v.data !== undefined) return `${compact(v.metadata)}=${printTlc(v.data)}`;
  if (Array.isArray(v)) return `<<${v.map(compact).join(', ')}>>`;
  if (isRecord(v)) {
    const keys = Object.keys(v);
    if (keys.every((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))) return `[${keys.map((k) => `${k} |-> ${compact(v[k]!)}`).join(', ')}]`;
  }
  return printTlc(v);
}

/** A message of the spec as one line: `AppendEntries RF2 d2→d1: term 1, RF 2, committed_idx (0,0), logentry (1,1)=0`. */
export function messageText(m: TlcValue): string {
  if (!isRecord(m) || typeof m.rpc_type !== 'string') return compact(m);
  const from = typeof m.source === 'string' ? m.source : '?';
  const to = typeof m.destination === 'string' ? m.destination : '?';
  const rest = Object.keys(m)
    .filter((k) => k !== 'rpc_type' && k !== 'source' && k !== 'destination')
    .map((k) => `${k} ${compact(m[k]!)}`);
  return `${m.rpc_type} ${from}→${to}${rest.length ? `: ${rest.join(', ')}` : ''}`;
}

/** Messages of `a` not in `b`, as a multiset (so one of two equal copies counts). */
function minus(a: TlcValue[], b: TlcValue[]): boolean[] {
  const left = new Map<string, number>();
  for (const v of b) left.set(canonical(v), (left.get(canonical(v)) ?? 0) + 1);
  return a.map((v) => {
    const k = canonical(v);
    const n = left.get(k) ?? 0;
    if (n > 0) {
      left.set(k, n - 1);
      return false;
    }
    return true;
  });
}

/** The diff's cell: `Term` with path `d1` or `d1.term` → column d1; `Messages` → the whole row. */
function diffCol(diff: VarDiff | undefined, variable: string): string | null | undefined {
  if (!diff || diff.variable !== variable) return undefined;
  const head = /^([A-Za-z0-9_]+)/.exec(diff.path)?.[1];
  return head && (NODE_COLS as readonly string[]).includes(head) ? head : null;
}

/** The variable table of a state, with the changed values marked (`prev`: the state before, for the messages sent and taken). */
export function stateTable(state: TlcState, changedPaths: readonly string[], diff?: VarDiff, prev?: TlcState): TableRow[] {
  const changed = new Set(changedPaths);
  return TABLE_VARS.map((variable) => {
    const v = state.vars[variable];
    const dc = diffCol(diff, variable);
    if (v === undefined) return { variable, perNode: false, present: false, cells: [{ col: null, text: '—', full: '', changed: false, diff: dc !== undefined }] };
    if (isNodeFunction(v) && variable !== 'Messages') {
      const f = v as Record<string, TlcValue>;
      return {
        variable,
        perNode: true,
        present: true,
        cells: NODE_COLS.map((col) => ({
          col,
          text: f[col] === undefined ? '' : compact(f[col]!),
          full: f[col] === undefined ? '' : printTlc(f[col]!),
          changed: changed.has(`${variable}.${col}`),
          diff: dc === col || (dc === null && f[col] !== undefined),
        })),
      };
    }
    const row: TableRow = {
      variable,
      perNode: false,
      present: true,
      cells: [{ col: null, text: compact(v), full: printTlc(v), changed: changed.has(variable) || [...changed].some((p) => p.startsWith(`${variable}.`)), diff: dc !== undefined }],
    };
    if (variable === 'Messages' && Array.isArray(v)) {
      const before = prev && Array.isArray(prev.vars.Messages) ? prev.vars.Messages : null;
      const added = before ? minus(v, before) : v.map(() => false);
      row.messages = v.map((m, i) => ({ text: messageText(m), full: printTlc(m), added: added[i]! }));
      if (before) {
        const gone = minus(before, v);
        row.consumed = before.filter((_, i) => gone[i]).map((m) => ({ text: messageText(m), full: printTlc(m), added: false }));
      }
    }
    return row;
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
