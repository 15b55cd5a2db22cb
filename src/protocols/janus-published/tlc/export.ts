// Export a run of the `janus-published` mode as a JSON array of the spec's states, so a TLA+ tool
// can check it against the spec. JSON conventions: numbers, booleans and strings as themselves,
// sequences as arrays, records and string-keyed functions as objects, sets as {"$set": [...]}.
// One state per kernel event that changes a spec variable (stuttering events are left out), after
// the initial state.

import type { Envelope, TimedAction, TraceEvent } from '../../../kernel/types';
import type { RunSpec } from '../../../contracts/spec';
import { pubTimeline as createTimeline } from '../run';
import { activatedNodeOf, EXPORT_VARS, numFailuresAfter, specState } from './specvars';
import { canonical, type TlcRecord } from './value';

const NONE: ReadonlySet<number> = new Set();

export interface ExportOptions {
  /** Run until this virtual time (ms). Default: the last action's time + 2000 ms. */
  until?: number;
  /** Stop after this many events (a guard for runaway runs). Default 20000. */
  maxEvents?: number;
  /** Add a `"$action"` field naming the kernel event that led to each state (not a spec variable). */
  annotate?: boolean;
  /** Also write the ghost `ActivatedNode`. */
  activatedNode?: boolean;
}

export interface Scenario {
  spec: RunSpec;
  actions: TimedAction[];
  /** Optional end time of the run, ms. */
  until?: number;
}

/** The copies the network made of messages this event sent (the spec's DupMsg, one step later). */
function networkCopies(ev: TraceEvent | null): Envelope[] {
  const sent = ev?.sent ?? [];
  return sent.filter((e) => e.dupOf !== null && sent.some((o) => o.id === e.dupOf));
}

function describe(ev: TraceEvent): string {
  const a = ev.action;
  if (a.type === 'duplicate') {
    // A user's duplicate is the spec's DupMsg itself. The event delivers nothing: the message is the copy it sent.
    const copy = ev.sent.find((e) => e.dupOf === a.msg);
    return `DupMsg: duplicate #${a.msg}${copy ? ` ${(copy.msg as { type: string }).type} ${copy.from}→${copy.to}` : ''}`;
  }
  const probe = ev.probes.find((p) => /^[A-Z][A-Za-z0-9]+(_[A-Za-z0-9]+)*$/.test(p));
  const base =
    a.type === 'deliver' || a.type === 'drop'
      ? `${a.type} #${a.msg}${ev.msg ? ` ${(ev.msg.msg as { type: string }).type} ${ev.msg.from}→${ev.msg.to}` : ''}`
      : a.type === 'fire'
        ? `fire ${a.node} ${a.timer}`
        : a.type === 'operator'
          ? `operator ${a.name}${a.node ? ` ${a.node}` : ''}`
          : a.type === 'write'
            ? `write ${a.node}`
            : a.type === 'crash' || a.type === 'restart'
              ? `${a.type}${a.type === 'crash' && a.wipe ? ' (disk lost)' : ''} ${a.node}`
              : a.type;
  return probe ? `${probe}: ${base}` : base;
}

/** Run a scenario of the `janus-published` mode and return its spec states. Throws on a bad scenario. */
export function exportSpecTrace(sc: Scenario, opts: ExportOptions = {}): TlcRecord[] {
  if (sc.spec.protocol !== 'janus-published')
    throw new Error(`the spec's variables exist only in the 'janus-published' mode; this run is '${String(sc.spec.protocol).slice(0, 40)}'`);
  const tl = createTimeline(sc.spec, sc.actions);
  const lastT = sc.actions.reduce((m, a) => Math.max(m, a.t), 0);
  const until = opts.until ?? sc.until ?? lastT + 2000;
  const maxEvents = opts.maxEvents ?? 20000;
  const vars = opts.activatedNode ? [...EXPORT_VARS, 'ActivatedNode' as const] : EXPORT_VARS;
  const out: TlcRecord[] = [];
  let numFailures = 0;
  let last = '';
  // The spec's Messages is a sequence: a message sent is appended, and DupMsg appends the copy. The
  // kernel lists a copy made by the network right after its original, so keep our own order.
  let seq: number[] = [];
  const order = () => {
    const inFlight = tl.sim.inFlight;
    seq = seq.filter((id) => inFlight.has(id));
    const known = new Set(seq);
    const fresh = [...inFlight.values()].filter((e) => !known.has(e.id));
    for (const e of fresh) if (e.dupOf === null || !fresh.some((o) => o.id === e.dupOf)) seq.push(e.id);
    for (const e of fresh) if (e.dupOf !== null && fresh.some((o) => o.id === e.dupOf)) seq.push(e.id);
  };
  /** Append the state after `ev` (without the messages in `hide`); false when it equals the last one (stuttering). */
  const push = (ev: TraceEvent | null, hide: ReadonlySet<number> = NONE): boolean => {
    const view = {
      nodeIds: tl.sim.nodeIds,
      state: (id: string) => tl.sim.state(id),
      messages: () => seq.filter((id) => !hide.has(id)).map((id) => tl.sim.inFlight.get(id)!),
    };
    const all = specState(view, numFailures, activatedNodeOf(ev));
    const st: TlcRecord = {};
    for (const v of vars) st[v] = all[v];
    const key = canonical(Object.fromEntries(EXPORT_VARS.map((v) => [v, all[v]])));
    if (key === last) return false;
    last = key;
    if (opts.annotate) st.$action = ev ? describe(ev) : 'Init';
    out.push(st);
    return true;
  };
  push(null);
  let n = 0;
  while (n < maxEvents) {
    const pending = tl.actions.length > 0 && tl.sim.eventCount <= tl.actions[tl.actions.length - 1]!.at;
    const next = tl.sim.nextEventTime();
    if (!pending && (next === null || next > until)) break;
    if (!tl.step()) break;
    n++;
    const ev = tl.sim.eventCount > 0 ? tl.eventAt(tl.sim.eventCount - 1) : null;
    numFailures = numFailuresAfter(numFailures, ev);
    order();
    // The network duplicated a message as it was sent: the spec's DupMsg, one step later. (A user's
    // duplicate copies a message sent earlier: that event is the DupMsg step itself.)
    const dups = new Set(networkCopies(ev).filter((e) => tl.sim.inFlight.has(e.id)).map((e) => e.id));
    if (dups.size) {
      const hidden = new Set(dups);
      if (push(ev, hidden) && opts.annotate) out[out.length - 1]!.$action = `${describe(ev!)} (before the network duplicates)`;
      for (const id of seq) {
        if (!hidden.has(id)) continue;
        hidden.delete(id);
        if (push(ev, hidden) && opts.annotate) out[out.length - 1]!.$action = `DupMsg (the network duplicated #${tl.sim.inFlight.get(id)!.dupOf} as it was sent)`;
      }
    } else push(ev);
  }
  return out;
}

/** Read a scenario file's JSON: `{ "spec": RunSpec, "actions": TimedAction[], "until"?: ms }`. Throws a clear message. */
export function readScenario(json: unknown): Scenario {
  if (typeof json !== 'object' || json === null) throw new Error('a scenario is a JSON object { "spec": …, "actions": [...] }');
  const o = json as Record<string, unknown>;
  const spec = o.spec as RunSpec | undefined;
  if (!spec || typeof spec !== 'object' || typeof spec.protocol !== 'string' || typeof spec.seed !== 'number')
    throw new Error('"spec" must be an object with "protocol" (string) and "seed" (number)');
  const actions = o.actions ?? [];
  if (!Array.isArray(actions)) throw new Error('"actions" must be an array of { at, t, action }');
  actions.forEach((a, i) => {
    const x = a as Partial<TimedAction>;
    if (typeof x !== 'object' || x === null || typeof x.at !== 'number' || typeof x.t !== 'number' || typeof x.action !== 'object' || x.action === null)
      throw new Error(`action ${i + 1} must be { "at": number, "t": number, "action": {...} }`);
  });
  const until = o.until;
  if (until !== undefined && (typeof until !== 'number' || !Number.isFinite(until) || until < 0)) throw new Error('"until" must be a number of ms');
  return { spec, actions: actions as TimedAction[], until: until as number | undefined };
}

/** The JSON text written by `npm run export-spec-trace` and the page's download: one state per line. */
export function formatSpecTrace(states: TlcRecord[]): string {
  return `[\n${states.map((s) => JSON.stringify(s)).join(',\n')}\n]\n`;
}

/** Export the run of a scenario up to its cursor (what the page shows), as formatted JSON text. */
export function exportScenarioSpecTrace(sc: { spec: RunSpec; actions: TimedAction[]; cursor: { index: number; t: number } }, opts: Omit<ExportOptions, 'until' | 'maxEvents'> = {}): string {
  return formatSpecTrace(exportSpecTrace({ spec: sc.spec, actions: sc.actions }, { ...opts, until: sc.cursor.t, maxEvents: sc.cursor.index }));
}
