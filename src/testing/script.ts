// The script interpreter: one language for golden tests (tests/golden/*.txt), gallery stories and
// narrated tours (`caption`, docs/tours.md). In the style of etcd raft's `testdata/*.txt` and its rafttest harness:
// one command per line; a command whose output is checked is followed by `----` and the expected
// output, which ends at the next blank line; comments start with '#'. Message-level commands
// (`msgs`, `deliver`, `drop`, `duplicate`, `step`, `log`) show every message exchanged.
//
// Protocol-agnostic: it runs against a Registry (src/protocols/registry.ts by default) and asks the
// running plug-in's `script` hooks for shape names, the `state` lines, message fields, named
// conditions and its own commands (e.g. an operator's action). It drives a Simulation (golden
// tests) or a Timeline (gallery stories, the page), so the actions a script applies are recorded
// in the run. The language: docs/script-format.md.
//
// Setup (before the first action):
//   shape 3+1 | protocol <shape id>   the run's shape (default: the registry's first shape)
//   seed 7 · timing k=v … · links k=v … (every link's starting parameters) · mutant <name>
// Time and the scheduler:
//   run <ms> · run-until <condition …> [max <ms>] · stabilize [max] · step [n] · land
// Faults and writes (each one kernel action):
//   crash N [wipe] · restart N · cut A B [both] [for ms] · heal A B [both] · heal-all · isolate N
//   link A B [both] k=v … · write N [command] · fire N <timer> · operator <name> [N] [k=v …]
// Messages:  msgs [filter] · deliver <filter> · drop <filter> · duplicate <filter>
// Output:    state · violations · msgs [filter] · log [filter] (the events of the last command
//            that is not an output command or `land`, one line each, with the rule notes; with a
//            filter, the events that delivered, dropped or sent a matching message)
//
// A refused action prints `error: <reason>` and changes nothing (or throws, with errors: 'throw').
// A malformed script throws ScriptError.

import { ActionError, Timeline, type Action, type Cursor, type Envelope, type TraceEvent } from '../kernel';
import type { Simulation, TraceLevel } from '../kernel/sim';
import type { GalleryView, ProtocolPlugin, Registry, RunSpec, ScriptContext, ScriptFields, ScriptHooks, Summary } from '../contracts';
import { REGISTRY } from '../protocols/registry';
import type { TourHighlights, TourStep } from '../contracts/tour';
import { TOUR_LIMITS } from '../contracts/tour';
import { ScriptError, SETUP_COMMANDS, commandAction, keyValues, linkParams, num, need, parseCaption, parseScript, quote, words, type ScriptItem } from './script-lang';

export { ScriptError, SETUP_COMMANDS, parseScript, scriptSpec, specScript, sameSpec, scriptText, commandAction, actionCommand, words, parseCaption, captionLine, type ScriptItem, type CaptionLine } from './script-lang';

// ---------------------------------------------------------------- what a script runs on

/** A Simulation or a Timeline, seen the same way: the commands act through it. */
interface Target {
  readonly sim: Simulation;
  readonly timeline: Timeline | null;
  /** Apply a user action now (throws ActionError, changing nothing, if refused). */
  act(a: Action): TraceEvent | null;
  /** Process every event due at or before t, then set the clock to t. */
  advanceTo(t: number): void;
  /** Process the next event; false when nothing was scheduled. */
  step(): boolean;
}

function simTarget(sim: Simulation): Target {
  return {
    sim,
    timeline: null,
    act: (a) => sim.apply(a),
    advanceTo: (t) => void sim.runUntil(t),
    step: () => sim.step() !== null,
  };
}

function timelineTarget(tl: Timeline): Target {
  return {
    get sim() {
      return tl.sim;
    },
    timeline: tl,
    act: (a) => tl.act(a).event,
    advanceTo: (t) => tl.advanceTo(t),
    step: () => tl.step(),
  };
}

// ---------------------------------------------------------------- views and formats

/** What claims and `run-until` conditions see of a run: summaries, leaders among the data nodes, violations. */
export function simView(sim: Simulation, registry: Registry = REGISTRY): GalleryView {
  const plugin = registry.pluginOf(sim.protocol.id);
  const ids = sim.nodeIds;
  const dataNodes = plugin ? ids.filter((id) => plugin.view.node(sim.state(id)).kind === 'data') : [...ids];
  const s = (id: string) => sim.protocol.summary(sim.state(id)) as Summary;
  return {
    s,
    up: (id) => sim.isUp(id),
    leaders: () => dataNodes.filter((id) => sim.isUp(id) && (plugin ? plugin.view.node(sim.state(id)).leader : s(id).role === 'leader')),
    violations: () => sim.violations.map((v) => v.property),
    dataNodes,
  };
}

/** A state line per node from the plug-in's view, for a protocol without its own `formatState`. */
function viewState(sim: Simulation, plugin: ProtocolPlugin | undefined): string[] {
  const w = Math.max(...sim.nodeIds.map((id) => id.length));
  return sim.nodeIds.map((id) => {
    const up = sim.isUp(id) ? 'up  ' : 'down';
    if (!plugin) return `${id.padEnd(w)} ${up} ${JSON.stringify(sim.protocol.summary(sim.state(id)))}`;
    const v = plugin.view.node(sim.state(id));
    const log = v.log.length ? v.log.map((e) => `${e.index}:t${e.term}:${e.command}`).join(' ') : '-';
    const head = `${id.padEnd(w)} ${up} ${v.role.padEnd(9)} term ${v.term} rf ${v.rf}`;
    return v.kind === 'data' ? `${head} commit ${v.commitIndex} log ${log}` : head;
  });
}

/** One line per node (the plug-in's `formatState`, else its view), then the safety verdict. */
export function formatState(sim: Simulation, registry: Registry = REGISTRY): string {
  const plugin = registry.pluginOf(sim.protocol.id);
  const lines = plugin?.script ? plugin.script.formatState(sim) : viewState(sim, plugin);
  const v = sim.violations;
  lines.push(`violations: ${v.length ? [...new Set(v.map((x) => x.property))].join(', ') : 'none'}`);
  return lines.join('\n');
}

const flat = (v: unknown): string | number | boolean | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return `[${v.length}]`;
  if (typeof v === 'object')
    return Object.values(v as Record<string, unknown>)
      .map((x) => String(flat(x)))
      .join('/');
  return String(v);
};

/** A message's own top-level fields (not `type`), nested values flattened: the default message fields. */
export function plainFields(msg: unknown): ScriptFields {
  if (!msg || typeof msg !== 'object') return {};
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(msg as Record<string, unknown>)) if (k !== 'type') out[k] = flat(v);
  return out;
}

const fieldValue = (v: string | number | boolean | null): string => (v === null ? '-' : quote(String(v)));
const ms = (t: number): string => t.toFixed(3);

// ---------------------------------------------------------------- message filters

/** A message filter: `#12`, `A->B` (`*` for any node), `type=A,B`, `type!=A`, `field=value`, `field!=value`. */
export interface MessageFilter {
  text: string;
  id?: number;
  from?: string;
  to?: string;
  types?: string[];
  notTypes?: string[];
  fields: { key: string; neg: boolean; value: string }[];
}

export function parseFilter(args: readonly string[], line: number): MessageFilter {
  const f: MessageFilter = { text: args.map(quote).join(' '), fields: [] };
  for (const w of args) {
    const id = /^#?(\d+)$/.exec(w);
    const arrow = /^([^=]*?)(?:->|→)([^=]*)$/.exec(w);
    if (id) f.id = Number(id[1]);
    else if (arrow) {
      if (arrow[1] && arrow[1] !== '*') f.from = arrow[1];
      if (arrow[2] && arrow[2] !== '*') f.to = arrow[2];
    } else {
      const kv = /^([^=!]+)(!=|=)(.*)$/.exec(w);
      if (!kv) throw new ScriptError(`'${w}' is not a message filter (#id, A->B, type=T, field=value)`, line);
      const [, key, op, value] = kv as unknown as [string, string, string, string];
      if (key === 'type') (op === '=' ? (f.types ??= []) : (f.notTypes ??= [])).push(...value.split(','));
      else f.fields.push({ key, neg: op === '!=', value });
    }
  }
  return f;
}

const norm = (s: string): string => s.replace(/\s+/g, '');

// ---------------------------------------------------------------- run-until conditions

interface Condition {
  text: string;
  holds(v: GalleryView): boolean;
}

function compare(value: unknown, op: string, rhs: string): boolean {
  if (op === '=' || op === '!=') {
    const eq = value === null || value === undefined ? ['null', '-', 'none'].includes(rhs) : norm(String(value)) === norm(rhs);
    return op === '=' ? eq : !eq;
  }
  const a = Number(value);
  const b = Number(rhs);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
}

function parseCondition(w: string, hooks: ScriptHooks | undefined, line: number): Condition {
  const named = hooks?.conditions?.[w];
  if (named) return { text: w, holds: named };
  const m = /^(.+?)(!=|>=|<=|=|>|<)(.*)$/.exec(w);
  if (!m) throw new ScriptError(`'${w}' is not a condition (leader=N, violated=P, N.field=value${hooks?.conditions ? `, ${Object.keys(hooks.conditions).join(', ')}` : ''})`, line);
  const [, lhs, op, rhs] = m as unknown as [string, string, string, string];
  if (lhs === 'leader') {
    if (op !== '=' && op !== '!=') throw new ScriptError(`leader takes = or != (got '${w}')`, line);
    if (rhs === 'none' || rhs === 'any') {
      const want = (rhs === 'any') === (op === '=');
      return { text: w, holds: (v) => v.leaders().length > 0 === want };
    }
    // leader=N: N is the only data node that is up and leads; leader!=N: a data node other than N leads.
    return { text: w, holds: op === '=' ? (v) => v.leaders().length === 1 && v.leaders()[0] === rhs : (v) => v.leaders().some((l) => l !== rhs) };
  }
  if (lhs === 'violated') {
    if (op !== '=' && op !== '!=') throw new ScriptError(`violated takes = or != (got '${w}')`, line);
    const has = (v: GalleryView) => (rhs === 'any' ? v.violations().length > 0 : rhs === 'none' ? v.violations().length === 0 : v.violations().includes(rhs));
    return { text: w, holds: op === '=' ? has : (v) => !has(v) };
  }
  const dot = lhs.lastIndexOf('.');
  if (dot <= 0) throw new ScriptError(`'${w}': compare leader, violated or <node>.<field> (got '${lhs}')`, line);
  const node = lhs.slice(0, dot);
  const field = lhs.slice(dot + 1);
  const read = (v: GalleryView, id: string): unknown => {
    if (field === 'up') return v.up(id);
    const s = v.s(id);
    if (!(field in s)) throw new ScriptError(`${id} has no field '${field}' (fields: up, ${Object.keys(s).join(', ')})`, line);
    return s[field];
  };
  if (node === '*') return { text: w, holds: (v) => v.dataNodes.every((id) => compare(read(v, id), op, rhs)) };
  return { text: w, holds: (v) => compare(read(v, node), op, rhs) };
}

// ---------------------------------------------------------------- the runner

/** Commands that do not change the run: `log` after them still shows the events of the command before. */
const OUTPUT_COMMANDS = new Set(['log', 'msgs', 'state', 'violations', 'land', 'caption']);

/** A command added by the caller (e.g. a tour's `caption`): its output, or null. */
export type RunnerCommand = (args: readonly string[], runner: ScriptRunner) => string | null;

export interface ScriptOptions {
  /** The plug-ins to run against (default: the page's registry). */
  registry?: Registry;
  /** Run on a Simulation (default; golden tests) or a Timeline (gallery stories, the page). */
  target?: 'simulation' | 'timeline';
  /** Trace level of a run the script creates (default 'full': `log` shows the rule notes). */
  trace?: Exclude<TraceLevel, 'off'>;
  /** A refused action or a `run-until` that never holds: print `error: …` (default) or throw ScriptError. */
  errors?: 'print' | 'throw';
  /** The run to create, as if the script began with its setup lines (a gallery story's spec). */
  spec?: RunSpec;
  /** Run on an existing run instead of creating one (setup commands are then refused). */
  attach?: Simulation | Timeline;
  /** Commands of the caller's own, by name (tried after the generic and the protocol's commands). */
  commands?: Readonly<Record<string, RunnerCommand>>;
  /** Stop with a ScriptError once the run has this many events (a script from a file or a link). */
  maxEvents?: number;
}

/**
 * Runs script commands one at a time against a run it creates from the setup lines (or one it is
 * attached to). `exec` returns a command's output; `landing` is where `land` was.
 */
export class ScriptRunner {
  readonly registry: Registry;
  /** Where `land` was last run, or null. */
  landing: Cursor | null = null;
  /** The tour steps the script's `caption` commands pinned, in order (docs/tours.md). */
  readonly captions: (TourStep & { line: number })[] = [];
  /** The script's `title`, or null. */
  title: string | null = null;
  private readonly opts: ScriptOptions;
  private target: Target | null = null;
  private protocol: string | null = null;
  private seed = 1;
  private timing: Record<string, number> | undefined;
  private link: RunSpec['link'];
  private mutant: string | undefined;
  /** Index of the first event of the last command that is not an output command (what `log` prints). */
  private logMark = 0;

  constructor(opts: ScriptOptions = {}) {
    this.opts = opts;
    this.registry = opts.registry ?? REGISTRY;
    if (opts.spec) {
      this.protocol = opts.spec.protocol;
      this.seed = opts.spec.seed;
      if (opts.spec.link) this.link = { ...opts.spec.link };
      if (opts.spec.timing) this.timing = { ...opts.spec.timing };
      if (opts.spec.mutant) this.mutant = opts.spec.mutant;
    }
    if (opts.attach) {
      this.target = opts.attach instanceof Timeline ? timelineTarget(opts.attach) : simTarget(opts.attach);
      this.logMark = this.target.sim.eventCount;
    }
  }

  /** The run the setup lines name (so far). */
  get spec(): RunSpec {
    const spec: RunSpec = { protocol: this.protocol ?? this.registry.defaultShape, seed: this.seed };
    if (this.link) spec.link = this.link;
    if (this.timing) spec.timing = this.timing;
    if (this.mutant) spec.mutant = this.mutant;
    return spec;
  }

  get started(): boolean {
    return this.target !== null;
  }

  private start(line: number): Target {
    if (this.target) return this.target;
    const spec = this.spec;
    try {
      if (this.opts.target === 'timeline') this.target = timelineTarget(this.registry.createTimeline(spec, [], this.opts.trace ? { trace: this.opts.trace } : {}));
      else this.target = simTarget(this.registry.createSimulation(spec, { trace: this.opts.trace ?? 'full' }));
    } catch (e) {
      if (e instanceof ScriptError) throw e;
      throw new ScriptError((e as Error).message, line);
    }
    return this.target;
  }

  /** The run (created from the setup so far if no action came yet). */
  get sim(): Simulation {
    return this.start(0).sim;
  }

  /** The timeline, when the script runs on one. */
  get timeline(): Timeline | null {
    return this.start(0).timeline;
  }

  private get plugin(): ProtocolPlugin | undefined {
    return this.registry.pluginOf(this.sim.protocol.id);
  }

  private get hooks(): ScriptHooks | undefined {
    return this.plugin?.script;
  }

  /** A shape name of any plug-in's `script.shapes`, or a registered shape id. */
  resolveShape(name: string, line: number): string {
    const ids = new Set<string>();
    for (const p of this.registry.plugins) {
      const id = p.script?.shapes[name];
      if (id) ids.add(id);
    }
    if (ids.size > 1) throw new ScriptError(`shape '${name}' is ambiguous (${[...ids].join(', ')}): write 'protocol <id>'`, line);
    if (ids.size === 1) return [...ids][0]!;
    if (this.registry.has(name)) return name;
    const names = this.registry.plugins.flatMap((p) => Object.keys(p.script?.shapes ?? {}));
    throw new ScriptError(`unknown shape '${name}' (shapes: ${names.join(', ') || 'none'}; protocol ids: ${Object.keys(this.registry.shapes).join(', ')})`, line);
  }

  private fail(msg: string, line: number): string {
    if (this.opts.errors === 'throw') throw new ScriptError(msg, line);
    return `error: ${msg}`;
  }

  /** Apply a user action; `error: …` when refused. */
  private act(a: Action, line: number): { out: string; ev: TraceEvent | null } {
    const t = this.start(line);
    try {
      const ev = t.act(a);
      return { out: ev?.error ? this.fail(ev.error, line) : '', ev };
    } catch (e) {
      if (e instanceof ActionError) return { out: this.fail(e.message, line), ev: null };
      throw e;
    }
  }

  /** What the plug-in says of a message: its fields for printing and filtering. */
  fields(msg: unknown): ScriptFields {
    return this.hooks?.messageFields?.(msg) ?? plainFields(msg);
  }

  /** One message in flight, one line: id, from->to, type, fields, when it is due, and its fate. */
  formatMessage(env: Envelope): string {
    const sim = this.sim;
    const info = sim.protocol.messageInfo(env.msg);
    const f = Object.entries(this.fields(env.msg)).map(([k, v]) => `${k}=${fieldValue(v)}`);
    const marks: string[] = [];
    if (env.fate === 'loss') marks.push('lost');
    if (env.dupOf !== null) marks.push(`dup of #${env.dupOf}`);
    if (sim.hasNode(env.from) && sim.hasNode(env.to) && sim.link(env.from, env.to).cut) marks.push('cut');
    return [`#${env.id}`, `${env.from}->${env.to}`, info.type, ...f, `at ${ms(env.deliverAt)}`, ...marks].join(' ');
  }

  /** Does the message match the filter? */
  matches(f: MessageFilter, env: Envelope): boolean {
    if (f.id !== undefined && env.id !== f.id) return false;
    if (f.from !== undefined && env.from !== f.from) return false;
    if (f.to !== undefined && env.to !== f.to) return false;
    if (f.types || f.notTypes) {
      const info = this.sim.protocol.messageInfo(env.msg);
      const is = (list: string[]) => list.includes(info.type) || list.includes(info.label);
      if (f.types && !is(f.types)) return false;
      if (f.notTypes && is(f.notTypes)) return false;
    }
    if (f.fields.length) {
      const fields = this.fields(env.msg);
      for (const { key, neg, value } of f.fields) {
        const v = fields[key];
        const eq = v !== undefined && (v === null ? ['-', 'null'].includes(value) : norm(String(v)) === norm(value));
        if (eq === neg) return false;
      }
    }
    return true;
  }

  /** Messages in flight, in the order the scheduler would deliver them (deliverAt, then id). */
  inFlight(f?: MessageFilter): Envelope[] {
    const all = this.sim.messages().sort((a, b) => a.deliverAt - b.deliverAt || a.id - b.id);
    return f ? all.filter((e) => this.matches(f, e)) : all;
  }

  /** The one message a filter names: the first due; an error when none matches or two tie for first. */
  private pick(args: readonly string[], line: number, cmd: string): Envelope | string {
    if (!args.length) throw new ScriptError(`'${cmd}' needs a message id or a filter (e.g. '${cmd} A->B type=T' or '${cmd} 12')`, line);
    const f = parseFilter(args, line);
    const found = this.inFlight(f);
    if (!found.length) return this.fail(`no message in flight matches '${f.text}'`, line);
    if (found.length > 1 && found[1]!.deliverAt === found[0]!.deliverAt)
      return this.fail(`'${f.text}' is ambiguous: #${found[0]!.id} and #${found[1]!.id} are both due at ${ms(found[0]!.deliverAt)}; name one by id`, line);
    return found[0]!;
  }

  /** One event, one line: time, node, what happened, the message, what it sent, the rule notes. */
  formatEvent(ev: TraceEvent): string {
    const sim = this.sim;
    const w = Math.max(1, ...sim.nodeIds.map((id) => id.length));
    const a = ev.action;
    // A duplicate's event carries no `msg`: its copy (the one message it sent) has the same fields.
    const m = ev.msg ?? (a.type === 'duplicate' ? ev.sent[0] : undefined);
    const msg = m ? `#${m.id} ${sim.protocol.messageInfo(m.msg).type} ${m.from}->${m.to}` : '';
    const arrow = (x: { from: string; to: string; both?: boolean }) => `${x.from}${x.both ? '<->' : '->'}${x.to}`;
    let what: string;
    switch (a.type) {
      case 'deliver':
        what = `deliver ${msg}${ev.source === 'user' ? ' (by hand)' : ''}`;
        break;
      case 'drop': {
        const why = ev.dropReason === 'loss' ? 'lost' : ev.dropReason === 'cut' ? 'link cut' : ev.dropReason === 'down' ? `${m?.to ?? '?'} down` : ev.dropReason === 'crash' ? 'crash' : 'by hand';
        what = `drop ${msg} (${why})`;
        break;
      }
      case 'duplicate':
        what = `duplicate #${a.msg}${m ? ` ${sim.protocol.messageInfo(m.msg).type} ${m.from}->${m.to}` : ''}${ev.sent[0] ? ` as #${ev.sent[0].id}` : ''}`;
        break;
      case 'fire':
        what = `fire ${a.timer}`;
        break;
      case 'crash':
        what = `crash${a.wipe ? ' wipe' : ''}${ev.dropped.length ? ` (lost ${ev.dropped.map((e) => `#${e.id}`).join(',')})` : ''}`;
        break;
      case 'restart':
        what = 'restart';
        break;
      case 'cut':
        what = `cut ${arrow(a)}${a.duration ? ` for ${a.duration}` : ''}`;
        break;
      case 'heal':
        what = `heal ${arrow(a)}${ev.source === 'auto' ? ' (timed cut ends)' : ''}`;
        break;
      case 'healAll':
        what = 'heal-all';
        break;
      case 'link':
        what = `link ${arrow(a)} ${Object.entries(a.params)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ')}`;
        break;
      case 'write':
        what = `write ${ev.write ? `${ev.write.command}: ${writeResult(ev.write, false)}` : (a.command ?? '')}`;
        break;
      case 'operator':
        what = `operator ${a.name}`;
        break;
    }
    const parts = [ms(ev.t).padStart(9), (ev.node ?? '-').padEnd(w), what];
    const sent = ev.action.type === 'duplicate' ? [] : ev.sent;
    if (sent.length) parts.push(`sent ${sent.map((e) => `#${e.id}`).join(',')}`);
    if (ev.error) parts.push(`error: ${ev.error}`);
    for (const n of ev.notes) parts.push(`| ${n.rule ? `[${n.rule}] ` : ''}${n.text}`);
    return parts.join(' ');
  }

  /**
   * Does a logged event match a filter? It does when it delivered, dropped or sent a matching
   * message. A filter of exclusions only (`type!=…`, `field!=…`) keeps the events that involve no
   * message, and judges an event by the message it delivered or dropped, else by what it sent.
   */
  private eventMatches(f: MessageFilter, ev: TraceEvent): boolean {
    const onlyExclusions = f.id === undefined && f.from === undefined && f.to === undefined && !f.types && f.fields.every((x) => x.neg);
    if (onlyExclusions) {
      const involved = ev.msg ? [ev.msg] : ev.sent;
      return involved.length === 0 || involved.some((e) => this.matches(f, e));
    }
    return (ev.msg !== undefined && this.matches(f, ev.msg)) || ev.sent.some((e) => this.matches(f, e));
  }

  /** The ScriptContext a protocol's own command gets. */
  private context(line: number): ScriptContext {
    return { act: (a) => this.act(a, line).out || null };
  }

  /** Run one command (a script line without its expected output); returns its output ('' for none). */
  exec(text: string, line = 0): string {
    // A caption's text is the rest of its line as written: it is not split into words.
    // A caller's own `caption` or `title` (written before the language had them) still wins.
    if (/^\s*caption(\s|$)/.test(text) && !this.opts.commands?.caption) return this.caption(text, line);
    const title = this.opts.commands?.title ? null : /^\s*title(?:\s+(.*))?$/.exec(text);
    if (title) {
      this.title = (title[1] ?? '').trim();
      if (!this.title || this.title.length > TOUR_LIMITS.maxTitle) throw new ScriptError(`'title' needs a text of 1 to ${TOUR_LIMITS.maxTitle} characters`, line);
      return '';
    }
    const [cmd, ...args] = words(text, line);
    if (cmd === undefined) return '';
    if ((SETUP_COMMANDS as readonly string[]).includes(cmd)) {
      this.setup(cmd, args, line);
      return '';
    }
    const sim = this.start(line).sim;
    if (!OUTPUT_COMMANDS.has(cmd)) this.logMark = sim.eventCount;
    const action = commandAction(cmd, args, line);
    if (action) {
      const { out, ev } = this.act(action, line);
      if (!out && action.type === 'write' && ev?.write) return writeResult(ev.write);
      return out;
    }
    switch (cmd) {
      case 'run': {
        const t = this.start(line);
        this.advance(t, t.sim.now + num(args[0], line, 'run'), line);
        return '';
      }
      case 'run-to': {
        const t = this.start(line);
        const to = num(args[0], line, 'run-to');
        if (to < t.sim.now) return this.fail(`run-to ${to}: the clock is already at ${t.sim.now}`, line);
        this.advance(t, to, line);
        return '';
      }
      case 'run-until':
        return this.runUntil(args, line);
      case 'stabilize':
        return this.stabilize(args, line);
      case 'step': {
        const n = args[0] === undefined ? 1 : num(args[0], line, 'step');
        const t = this.start(line);
        let k = 0;
        while (k < n && t.step()) {
          k++;
          this.budget(line);
        }
        return k === 0 && n > 0 ? this.fail('no event is scheduled', line) : '';
      }
      case 'land': {
        this.landing = { index: sim.eventCount, t: sim.now };
        return '';
      }
      case 'isolate': {
        const n = need(args[0], line, 'isolate');
        const outs: string[] = [];
        for (const o of this.sim.nodeIds) if (o !== n) outs.push(this.act({ type: 'cut', from: n, to: o, both: true }, line).out);
        return outs.filter(Boolean).join('\n');
      }
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        this.start(line);
        const env = this.pick(args, line, cmd);
        if (typeof env === 'string') return env;
        return this.act({ type: cmd, msg: env.id }, line).out;
      }
      case 'msgs': {
        const list = this.inFlight(args.length ? parseFilter(args, line) : undefined);
        return list.length ? list.map((e) => this.formatMessage(e)).join('\n') : 'none';
      }
      case 'log': {
        const f = args.length ? parseFilter(args, line) : null;
        const tl = this.target!.timeline;
        const evs = tl ? tl.events(this.logMark, sim.eventCount) : sim.trace.slice(this.logMark, sim.eventCount);
        const out: string[] = [];
        for (const ev of evs) {
          if (ev && (!f || this.eventMatches(f, ev))) out.push(this.formatEvent(ev));
        }
        return out.length ? out.join('\n') : 'none';
      }
      case 'state':
        return formatState(this.sim, this.registry);
      case 'violations': {
        const v = this.sim.violations;
        return v.length ? v.map((x) => `${x.property} at ${x.t} ms: ${x.message}`).join('\n') : 'none';
      }
    }
    const own = this.hooks?.commands?.[cmd];
    if (own) return own(args, this.sim, this.context(line)) ?? '';
    const extra = this.opts.commands?.[cmd];
    if (extra) return extra(args, this) ?? '';
    throw new ScriptError(`unknown command '${cmd}'`, line);
  }

  /**
   * `caption [nodes=…] [message=…] [entries=…] [rset] [try="…"] [--] text`: pin a tour step at the
   * script's current point (events applied, virtual time). Prints nothing; a highlight that names
   * what the run does not have, or a text over TOUR_LIMITS.maxCaption characters, is an error.
   */
  private caption(text: string, line: number): string {
    const c = parseCaption(text, line);
    const sim = this.start(line).sim;
    if (c.text.length > TOUR_LIMITS.maxCaption) throw new ScriptError(`caption: the text has ${c.text.length} characters; the limit is ${TOUR_LIMITS.maxCaption}`, line);
    if (this.captions.length >= TOUR_LIMITS.maxSteps) throw new ScriptError(`caption: a tour has at most ${TOUR_LIMITS.maxSteps} steps`, line);
    const hl: TourHighlights = {};
    const unknown = (id: string) => new ScriptError(`caption: there is no node '${id}' (nodes: ${sim.nodeIds.join(', ')})`, line);
    if (c.nodes) {
      for (const id of c.nodes) if (!sim.hasNode(id)) throw unknown(id);
      hl.nodes = c.nodes;
    }
    if (c.message) {
      const env = this.pick(c.message, line, 'caption message=');
      if (typeof env === 'string') throw new ScriptError(`caption: ${env.replace(/^error: /, '')}`, line);
      hl.message = env.id;
    }
    if (c.entries) {
      for (const e of c.entries) {
        if (!sim.hasNode(e.node)) throw unknown(e.node);
        const n = this.plugin ? this.plugin.view.node(sim.state(e.node)).log.length : Infinity;
        if (e.to > n) throw new ScriptError(`caption: ${e.node} has ${n} log entries, not ${e.to}`, line);
      }
      hl.entries = c.entries;
    }
    if (c.replicationSet) hl.replicationSet = true;
    if (c.tryIt !== null) {
      const [cmd, ...args] = words(c.tryIt, line);
      if (!cmd || !commandAction(cmd, args, line)) throw new ScriptError(`caption: try="${c.tryIt}" is not an action command (crash, restart, cut, heal, heal-all, link, write, fire, operator)`, line);
    }
    this.captions.push({ line, at: { index: sim.eventCount, t: sim.now }, text: c.text, highlights: hl, tryIt: c.tryIt });
    return '';
  }

  /** Advance to time `to`, within the event budget (`maxEvents`). */
  private advance(t: Target, to: number, line: number): void {
    const max = this.opts.maxEvents;
    if (max === undefined) return t.advanceTo(to);
    // Chunks of virtual time, so that a huge `run` stops at the budget instead of running on.
    while (t.sim.now < to) {
      const next = t.sim.nextEventTime();
      t.advanceTo(Math.min(to, Math.max(t.sim.now + 100, next ?? to)));
      this.budget(line);
    }
  }

  /** Throw once the run has passed `maxEvents`. */
  private budget(line: number): void {
    const max = this.opts.maxEvents;
    if (max !== undefined && this.target && this.target.sim.eventCount > max) throw new ScriptError(`the run passed ${max.toLocaleString('en')} events, the limit for a script from outside`, line);
  }

  private setup(cmd: string, args: string[], line: number): void {
    if (this.opts.attach) throw new ScriptError(`'${cmd}': this script runs on an existing run`, line);
    if (this.target) throw new ScriptError(`'${cmd}' must come before the first action`, line);
    switch (cmd) {
      case 'shape':
        this.protocol = this.resolveShape(args[0] ?? '', line);
        break;
      case 'protocol':
        if (!args[0] || !this.registry.has(args[0])) throw new ScriptError(`unknown protocol '${args[0] ?? ''}' (known: ${Object.keys(this.registry.shapes).join(', ')})`, line);
        this.protocol = args[0];
        break;
      case 'seed':
        this.seed = num(args[0], line, 'seed');
        break;
      case 'timing':
        this.timing ??= {};
        for (const [k, v] of keyValues(args, line, 'timing')) this.timing[k] = num(v, line, `timing ${k}`);
        break;
      case 'links':
        this.link = { ...(this.link ?? {}), ...linkParams(args, line) };
        break;
      case 'mutant':
        if (!args[0]) throw new ScriptError("'mutant' needs a name", line);
        this.mutant = args[0];
        break;
    }
  }

  /** `run-until <condition …> [max <ms>]`: step event by event until every condition holds. */
  private runUntil(args: string[], line: number): string {
    const m = args.indexOf('max');
    const max = m >= 0 ? num(args[m + 1], line, 'run-until max') : 10_000;
    const condWords = (m >= 0 ? [...args.slice(0, m), ...args.slice(m + 2)] : args).filter((w) => w !== 'and');
    if (!condWords.length) throw new ScriptError("'run-until' needs a condition (e.g. 'run-until leader=N max 3000')", line);
    const t = this.start(line);
    const conds = condWords.map((w) => parseCondition(w, this.hooks, line));
    const view = simView(t.sim, this.registry);
    const end = t.sim.now + max;
    while (!conds.every((c) => c.holds(view))) {
      const next = t.sim.nextEventTime();
      if (next === null || next > end || !t.step()) return this.fail(`${condWords.join(' ')} did not hold within ${max} ms`, line);
      this.budget(line);
    }
    return '';
  }

  /** `stabilize [max]`: run until the state lines have not changed for 1000 ms (at most max ms, default 10000). */
  private stabilize(args: string[], line: number): string {
    const t = this.start(line);
    const max = args[0] ? num(args[0], line, 'stabilize') : 10_000;
    const end = t.sim.now + max;
    let last = formatState(t.sim, this.registry);
    let quietSince = t.sim.now;
    while (t.sim.now < end && t.sim.now - quietSince < 1000) {
      t.advanceTo(Math.min(end, t.sim.now + 50));
      this.budget(line);
      const cur = formatState(t.sim, this.registry);
      if (cur !== last) {
        last = cur;
        quietSince = t.sim.now;
      }
    }
    return '';
  }
}

/** A write's result as the `write` command prints it (`appended x=1 at 1 via N`; in the log without the command). */
function writeResult(w: NonNullable<TraceEvent['write']>, command = true): string {
  return w.status === 'appended' ? `appended${command ? ` ${w.command}` : ''} at ${w.index}${w.to ? ` via ${w.to}` : ''}` : `${w.status}: ${w.reason ?? ''}`;
}

// ---------------------------------------------------------------- a whole script

export interface ScriptFailure {
  line: number;
  command: string;
  expected: string;
  actual: string;
}

export interface ScriptRun {
  /** Every command's actual output, in order. */
  outputs: { line: number; command: string; output: string }[];
  /** Commands whose output differs from their expected block (no block: no output expected). */
  failures: ScriptFailure[];
  /** How many commands had an expected block (each was compared). */
  checked: number;
  /** The script with every expected block replaced by the actual output (UPDATE_GOLDEN=1). */
  rewritten: string;
  sim: Simulation;
  /** The timeline, when run with target 'timeline'. */
  timeline: Timeline | null;
  /** Where `land` was, or null. */
  landing: Cursor | null;
  /** The tour steps of the script's `caption` commands. */
  captions: (TourStep & { line: number })[];
  spec: RunSpec;
}

/** Run a script. Never throws for a refused action (it prints `error: …`, unless errors: 'throw'); throws ScriptError for a malformed script. */
export function runScript(text: string, opts: ScriptOptions = {}): ScriptRun {
  const items: ScriptItem[] = parseScript(text);
  const runner = new ScriptRunner(opts);
  const outputs: ScriptRun['outputs'] = [];
  const failures: ScriptFailure[] = [];
  const rewritten: string[] = [];
  let checked = 0;
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
    const output = runner.exec(item.text, item.line);
    outputs.push({ line: item.line, command: item.text, output });
    const actual = output === '' ? [] : output.split('\n');
    const expected = item.expected ?? [];
    if (item.expected) checked++;
    if (actual.join('\n') !== expected.join('\n')) failures.push({ line: item.line, command: item.text, expected: expected.join('\n'), actual: actual.join('\n') });
    rewritten.push(item.text);
    if (actual.length) {
      rewritten.push('----', ...actual);
      needBlank = true;
    }
  }
  return { outputs, failures, checked, rewritten: rewritten.join('\n') + '\n', sim: runner.sim, timeline: runner.timeline, landing: runner.landing, captions: runner.captions, spec: runner.spec };
}
