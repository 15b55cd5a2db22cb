// A small scenario-script interpreter, in the style of etcd raft's `testdata/*.txt` (the
// datadriven format): one command per line; a command whose output is checked is followed by a
// line `----` and the expected output, which ends at the next blank line. Comments start with
// '#'. Pure TypeScript (no fs, no DOM), so tutorials and scenario links can reuse it.
//
//   shape 3+1                 cluster shape (3+1 or 2+1); before the first action
//   seed 7                    PRNG seed; before the first action
//   timing replicaTimeout=500 timer settings (ms); before the first action
//   mutant elect-any          a deliberately broken rule; before the first action
//   run 1500                  advance virtual time by 1500 ms
//   stabilize [ms]            run until the cluster state has not changed for 1000 ms (max ms, default 10000)
//   crash D1 [wipe]           crash a node (wipe: lose its disk too)
//   restart D1
//   cut D1 D2 [both] [for ms] cut a link (one way unless 'both'; timed cuts heal themselves)
//   heal D1 D2 [both]
//   heal-all                  heal every link and restart every crashed node
//   isolate D1                cut every link to and from D1
//   link D1 D2 [both] loss=0.3 dup=0.1 …   change link parameters
//   write D1 x=1              a client write at D1 (prints the result)
//   replace-elector D2 [zombie]  elector replacement (§9) with D2 as installer
//   state                     print the canonical cluster state (see formatState)
//   violations                print the safety violations found so far
//
// An action the engine refuses prints `error: <reason>` and changes nothing.

import { ActionError, type Action, type LinkParams } from '../kernel';
import type { Simulation, TraceLevel } from '../kernel/sim';
import { createSimulation } from '../protocols/registry';
import { formatSet, size, type DataNodeState, type ElectorState, type JanusState } from '../protocols/janus';

export class ScriptError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export type ScriptItem =
  | { kind: 'raw'; text: string }
  | { kind: 'cmd'; line: number; text: string; expected: string[] | null };

/** Split a script into commands (with their expected output) and raw lines (comments, blanks). */
export function parseScript(text: string): ScriptItem[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const items: ScriptItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const trimmed = l.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      items.push({ kind: 'raw', text: l });
      continue;
    }
    if (trimmed === '----') throw new ScriptError("'----' without a command before it", i + 1);
    let expected: string[] | null = null;
    if (lines[i + 1]?.trim() === '----') {
      expected = [];
      let j = i + 2;
      while (j < lines.length && lines[j]!.trim() !== '') expected.push(lines[j++]!.trimEnd());
      items.push({ kind: 'cmd', line: i + 1, text: trimmed, expected });
      i = j - 1;
      continue;
    }
    items.push({ kind: 'cmd', line: i + 1, text: trimmed, expected });
  }
  return items;
}

export interface ScriptFailure {
  line: number;
  command: string;
  expected: string;
  actual: string;
}

export interface ScriptRun {
  /** Every command's actual output, in order. */
  outputs: { line: number; command: string; output: string }[];
  failures: ScriptFailure[];
  /** The script with every expected block replaced by the actual output (for GOLDEN_UPDATE). */
  rewritten: string;
  sim: Simulation;
}

const num = (s: string | undefined, line: number, what: string): number => {
  const v = Number(s);
  if (s === undefined || !Number.isFinite(v) || v < 0) throw new ScriptError(`${what} must be a number ≥ 0 (got '${s ?? ''}')`, line);
  return v;
};

/** One line per node, in a fixed format, plus the safety verdict. */
export function formatState(sim: Simulation): string {
  const out: string[] = [];
  for (const id of sim.nodeIds) {
    const s = sim.state<JanusState>(id);
    const up = sim.isUp(id) ? 'up  ' : 'down';
    if (s.kind === 'elector') out.push(formatElector(id, up, s));
    else out.push(formatDataNode(id, up, s));
  }
  const v = sim.violations;
  out.push(`violations: ${v.length ? [...new Set(v.map((x) => x.property))].join(', ') : 'none'}`);
  return out.join('\n');
}

function formatDataNode(id: string, up: string, s: DataNodeState): string {
  const log = s.log.length ? s.log.map((e) => `${e.index}:t${e.term}:${e.command}`).join(' ') : '-';
  const R = formatSet(s.replicationSet).replace(/ /g, '');
  // A crashed node has only its durable state (§8): no role, no commitIndex.
  const vol = (up === 'down' ? '-' : s.role).padEnd(9);
  const commit = up === 'down' ? '-' : String(s.commitIndex);
  // A leader bringing a node back (§6.2) shows it: `join D3@5` = joining D3, joinFrom 5.
  const join = up !== 'down' && s.joining ? ` join ${s.joining.node}@${s.joining.joinFrom}` : '';
  return `${id} ${up} ${vol} term ${s.currentTerm} R ${R.padEnd(10)} RF ${size(s.replicationSet)} commit ${commit} epoch ${s.electorEpoch}${join} log ${log}`;
}

function formatElector(id: string, up: string, e: ElectorState): string {
  const R = e.installed ? formatSet(e.replicationSet).replace(/ /g, '') : '-';
  return `${id}  ${up} ${'elector'.padEnd(9)} epoch ${e.electorEpoch} term ${e.currentTerm} leader ${e.leaderId ?? '-'} R ${R} ${e.installed ? 'installed' : 'uninstalled'}`;
}

const LINK_KEYS = new Set(['latencyMin', 'latencyJitter', 'tailProb', 'tailScale', 'tailMax', 'loss', 'dup', 'extraDelay']);

/** Run a script. Never throws for a refused action (it prints `error: …`); throws ScriptError for a malformed script. */
export function runScript(text: string, opts: { trace?: Exclude<TraceLevel, 'off'> } = {}): ScriptRun {
  const items = parseScript(text);
  let shape: 2 | 3 = 3;
  let seed = 1;
  const timing: Record<string, number> = {};
  let mutant: string | null = null;
  let sim: Simulation | null = null;
  const getSim = (): Simulation => (sim ??= createSimulation({ protocol: `janus-${shape}+1`, seed, timing, mutant }, { trace: opts.trace ?? 'light' }));
  const outputs: ScriptRun['outputs'] = [];
  const failures: ScriptFailure[] = [];
  const rewritten: string[] = [];

  const act = (a: Action): string => {
    try {
      getSim().apply(a);
      return '';
    } catch (e) {
      if (e instanceof ActionError) return `error: ${e.message}`;
      throw e;
    }
  };

  let needBlank = false;
  for (const item of items) {
    if (item.kind === 'raw') {
      if (needBlank && item.text.trim() !== '') rewritten.push('');
      needBlank = false;
      rewritten.push(item.text);
      continue;
    }
    if (needBlank) rewritten.push('');
    needBlank = false;
    const [cmd, ...args] = item.text.split(/\s+/);
    const line = item.line;
    const setup = (what: string) => {
      if (sim) throw new ScriptError(`'${what}' must come before the first action`, line);
    };
    let output = '';
    switch (cmd) {
      case 'shape':
        setup('shape');
        if (args[0] !== '3+1' && args[0] !== '2+1') throw new ScriptError(`shape is 3+1 or 2+1 (got '${args[0] ?? ''}')`, line);
        shape = args[0] === '3+1' ? 3 : 2;
        break;
      case 'seed':
        setup('seed');
        seed = num(args[0], line, 'seed');
        break;
      case 'timing':
        setup('timing');
        for (const kv of args) {
          const [k, v] = kv.split('=');
          timing[k!] = num(v, line, `timing ${k}`);
        }
        break;
      case 'mutant':
        setup('mutant');
        mutant = args[0] ?? null;
        break;
      case 'run': {
        const s = getSim();
        s.runUntil(s.now + num(args[0], line, 'run'));
        break;
      }
      case 'stabilize': {
        const s = getSim();
        const max = args[0] ? num(args[0], line, 'stabilize') : 10_000;
        const end = s.now + max;
        let last = formatState(s);
        let quietSince = s.now;
        while (s.now < end && s.now - quietSince < 1000) {
          s.runUntil(Math.min(end, s.now + 50));
          const cur = formatState(s);
          if (cur !== last) {
            last = cur;
            quietSince = s.now;
          }
        }
        break;
      }
      case 'crash':
        output = act({ type: 'crash', node: need(args[0], line, 'crash'), wipe: args[1] === 'wipe' });
        break;
      case 'restart':
        output = act({ type: 'restart', node: need(args[0], line, 'restart') });
        break;
      case 'cut': {
        const both = args.includes('both');
        const f = args.indexOf('for');
        const duration = f >= 0 ? num(args[f + 1], line, 'cut duration') : undefined;
        output = act({ type: 'cut', from: need(args[0], line, 'cut'), to: need(args[1], line, 'cut'), both, duration });
        break;
      }
      case 'heal':
        output = act({ type: 'heal', from: need(args[0], line, 'heal'), to: need(args[1], line, 'heal'), both: args.includes('both') });
        break;
      case 'heal-all':
        output = act({ type: 'healAll' });
        break;
      case 'isolate': {
        const n = need(args[0], line, 'isolate');
        const outs: string[] = [];
        for (const o of getSim().nodeIds) if (o !== n) outs.push(act({ type: 'cut', from: n, to: o, both: true }));
        output = outs.filter(Boolean).join('\n');
        break;
      }
      case 'link': {
        const params: Partial<LinkParams> = {};
        for (const kv of args.slice(2)) {
          if (kv === 'both') continue;
          const [k, v] = kv.split('=');
          if (!LINK_KEYS.has(k!)) throw new ScriptError(`unknown link parameter '${k}'`, line);
          params[k as keyof LinkParams] = num(v, line, `link ${k}`);
        }
        output = act({ type: 'link', from: need(args[0], line, 'link'), to: need(args[1], line, 'link'), both: args.includes('both'), params });
        break;
      }
      case 'write': {
        const node = need(args[0], line, 'write');
        const s = getSim();
        const before = s.eventCount;
        output = act({ type: 'write', node, command: args.slice(1).join(' ') || undefined });
        if (!output) {
          // The write event is the last one in the trace when tracing; read its result.
          const ev = s.trace[before];
          const w = ev?.write;
          if (w) output = w.status === 'appended' ? `appended ${w.command} at ${w.index}${w.to ? ` via ${w.to}` : ''}` : `${w.status}: ${w.reason ?? ''}`;
        }
        break;
      }
      case 'replace-elector': {
        const s = getSim();
        const before = s.eventCount;
        output = act({ type: 'operator', name: 'replaceElector', node: args[0], args: { zombie: args.includes('zombie') } });
        const err = s.trace[before]?.error;
        if (!output && err) output = `error: ${err}`;
        break;
      }
      case 'state':
        output = formatState(getSim());
        break;
      case 'violations': {
        const v = getSim().violations;
        output = v.length ? v.map((x) => `${x.property} at ${x.t} ms: ${x.message}`).join('\n') : 'none';
        break;
      }
      default:
        throw new ScriptError(`unknown command '${cmd}'`, line);
    }
    outputs.push({ line, command: item.text, output });
    const actual = output === '' ? [] : output.split('\n');
    const expected = item.expected ?? [];
    if (actual.join('\n') !== expected.join('\n')) failures.push({ line, command: item.text, expected: expected.join('\n'), actual: actual.join('\n') });
    rewritten.push(item.text);
    if (actual.length) {
      rewritten.push('----', ...actual);
      needBlank = true;
    }
  }
  return { outputs, failures, rewritten: rewritten.join('\n') + '\n', sim: getSim() };
}

function need(s: string | undefined, line: number, cmd: string): string {
  if (!s) throw new ScriptError(`'${cmd}' needs a node id`, line);
  return s;
}
