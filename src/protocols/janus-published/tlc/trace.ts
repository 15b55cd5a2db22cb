// Reader for the error traces TLC prints: `State N: <Action …>` blocks of `/\ var = value` lines,
// where a long value continues on following lines indented with spaces, and a blank line ends a
// state. Text before the first state (TLC's banner, progress lines) is skipped; `Error:` lines are kept.

import { parseTlcValue, TlcParseError, type TlcValue } from './value';

export interface TlcState {
  /** N of `State N:`. */
  n: number;
  /** The label between < and >, e.g. `FollowerSendInitWorkload("d1") line 358, col 3 to … of module Janus`. */
  label: string;
  /** Action name, or null for `<Initial predicate>`. */
  action: string | null;
  args: TlcValue[];
  /** Module named in the label, if any. */
  module: string | null;
  vars: Record<string, TlcValue>;
  /** 1-based line of the `State N:` header in the input. */
  line: number;
}

export interface TlcTrace {
  /** The `Error:` lines before the first state. */
  errors: string[];
  /** Name of the violated invariant, if the error says so. */
  invariant: string | null;
  deadlock: boolean;
  states: TlcState[];
}

export class TlcTraceError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const HEADER = /^State (\d+):\s*(.*)$/;

function parseLabel(raw: string, line: number): Pick<TlcState, 'label' | 'action' | 'args' | 'module'> {
  let label = raw.trim();
  if (label.startsWith('<') && label.endsWith('>')) label = label.slice(1, -1).trim();
  if (label === 'Initial predicate') return { label, action: null, args: [], module: null };
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(\((.*?)\))?(?:\s+line\s+\d+.*?of module\s+([A-Za-z0-9_]+))?\s*$/.exec(label);
  if (!m) throw new TlcTraceError(`cannot read the action label '${label.slice(0, 80)}'`, line);
  let args: TlcValue[] = [];
  if (m[3] !== undefined && m[3].trim() !== '') {
    try {
      args = parseTlcValue(`<<${m[3]}>>`) as TlcValue[];
    } catch (e) {
      throw new TlcTraceError(`cannot read the arguments of ${m[1]}: ${(e as Error).message}`, line);
    }
  }
  return { label, action: m[1]!, args, module: m[4] ?? null };
}

/** Parse a TLC error trace. Throws TlcTraceError (with the line) on malformed input. */
export function parseTlcTrace(text: string): TlcTrace {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const errors: string[] = [];
  const states: TlcState[] = [];
  let cur: TlcState | null = null;
  let varName: string | null = null;
  let varText = '';
  let varLine = 0;

  const flushVar = () => {
    if (!cur || varName === null) return;
    try {
      cur.vars[varName] = parseTlcValue(varText);
    } catch (e) {
      const off = e instanceof TlcParseError ? ` (at character ${e.offset + 1})` : '';
      throw new TlcTraceError(`cannot read the value of ${varName}: ${(e as Error).message}${off}`, varLine);
    }
    varName = null;
    varText = '';
  };
  const flushState = () => {
    flushVar();
    if (cur) {
      if (Object.keys(cur.vars).length === 0) throw new TlcTraceError(`State ${cur.n} has no variables`, cur.line);
      states.push(cur);
    }
    cur = null;
  };

  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const ln = k + 1;
    const h = HEADER.exec(line);
    if (h) {
      flushState();
      const rest = h[2]!.trim();
      if (/^Stuttering/.test(rest) || /^Back to state/.test(rest)) throw new TlcTraceError(`liveness traces (${rest.slice(0, 40)}) are not supported; paste a safety error trace`, ln);
      cur = { n: Number(h[1]), ...parseLabel(rest, ln), vars: {}, line: ln };
      continue;
    }
    if (!cur) {
      if (line.startsWith('Error:')) errors.push(line.slice(6).trim());
      continue;
    }
    if (line.trim() === '') {
      flushState();
      continue;
    }
    const v = /^(?:\/\\\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (v && !/^\s/.test(line)) {
      flushVar();
      varName = v[1]!;
      varText = v[2]!;
      varLine = ln;
      continue;
    }
    if (/^\s/.test(line) && varName !== null) {
      varText += '\n' + line;
      continue;
    }
    throw new TlcTraceError(`expected '/\\ variable = value', a continuation line or a blank line, got '${line.slice(0, 60)}'`, ln);
  }
  flushState();
  if (!states.length) throw new TlcTraceError('no `State N:` block found: paste the error trace TLC printed', lines.length);
  states.forEach((s, i) => {
    if (s.n !== i + 1) throw new TlcTraceError(`expected State ${i + 1}, found State ${s.n}`, s.line);
  });
  const inv = errors.map((e) => /Invariant (\S+) is violated/.exec(e)).find((m) => m);
  return { errors, invariant: inv ? inv[1]! : null, deadlock: errors.some((e) => /Deadlock reached/.test(e)), states };
}
