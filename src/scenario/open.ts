// Opening a scenario: check it against the protocol it names (nodes, mutants, timers), then
// replay it through the engine with a bounded number of events, land on the stored cursor and
// report the trace hash. Never throws; every failure is a ScenarioError in words.

import { ReplayError, Timeline, rngStreamsFor, type Action, type TimedAction } from '../kernel';
import { knobRange, type Registry, type RunSpec } from '../contracts';
import { REGISTRY } from '../protocols/registry';
import { currentProtocolVersion } from './export';
import { checkScenarioShape } from './schema';
import { LIMITS, clip, scenarioError, type Scenario, type ScenarioError, type ScenarioMeta } from './types';

export type OpenResult =
  | {
      ok: true;
      scenario: Scenario;
      timeline: Timeline;
      /** Trace hash at the cursor. */
      traceHash: string;
      /** False: the whole scenario replayed (and matched the author's hash, if the link carried one). */
      partial: false;
      /** Informational notes (for example: made by another core version, but replays the same). */
      notes: string[];
    }
  | {
      ok: true;
      /** The scenario as far as it replays (actions cut at the first one that fails). */
      scenario: Scenario;
      timeline: Timeline;
      traceHash: string;
      partial: true;
      /** Number of the author's actions that replayed. */
      replayedActions: number;
      /** Why the scenario is not exactly what the author saw, in words. */
      reason: string;
      notes: string[];
    }
  | { ok: false; error: ScenarioError };

export { currentProtocolVersion };

function actionNodes(a: Action): string[] {
  switch (a.type) {
    case 'fire':
    case 'crash':
    case 'restart':
    case 'write':
      return [a.node];
    case 'cut':
    case 'heal':
    case 'link':
      return [a.from, a.to];
    case 'operator':
      return a.node === undefined ? [] : [a.node];
    default:
      return [];
  }
}

/** Protocol-dependent checks of a structurally valid scenario. */
export function checkSemantics(sc: Scenario, what = 'This link', registry: Registry = REGISTRY): ScenarioError | null {
  const spec = sc.spec;
  if (!registry.has(spec.protocol))
    return scenarioError('unknown-protocol', `${what} names a cluster shape this page does not know ("${clip(spec.protocol)}"; known: ${Object.keys(registry.shapes).join(', ')}).`);
  const entry = registry.shape(spec.protocol);
  if (spec.mutant != null && !Object.prototype.hasOwnProperty.call(entry.mutants, spec.mutant))
    return scenarioError('unknown-mutant', `${what} asks for a broken rule ("${clip(spec.mutant)}") that ${entry.id} does not have (known: ${Object.keys(entry.mutants).join(', ')}).`);
  const timingKeys = new Set(entry.timing.map((x) => x.key));
  for (const k of Object.keys(spec.timing ?? {}))
    if (!timingKeys.has(k)) return scenarioError('schema', `${what} sets a timer "${clip(k)}" that ${entry.id} does not have (known: ${[...timingKeys].join(', ')}).`);
  for (const knob of entry.timing) {
    const x = spec.timing?.[knob.key];
    const { min, max } = knobRange(knob);
    if (x !== undefined && (x < min || x > max)) return scenarioError('schema', `${what} sets ${knob.key} to ${x}; ${entry.id} allows ${min} to ${max}.`);
  }
  const timing: Record<string, number> = Object.fromEntries(entry.timing.map((x) => [x.key, x.default]));
  Object.assign(timing, spec.timing ?? {});
  for (const k of Object.keys(timing)) {
    if (k.endsWith('Min')) {
      const max = timing[`${k.slice(0, -3)}Max`];
      if (max !== undefined && timing[k]! > max) return scenarioError('schema', `${what} sets ${k} (${timing[k]} ms) above ${k.slice(0, -3)}Max (${max} ms).`);
    }
  }
  let nodes: string[];
  try {
    nodes = entry.plugin.protocol.nodes(entry.config(spec)).map((n) => n.id);
  } catch (e) {
    return scenarioError('schema', `${what} has settings the engine refuses.`, String(e));
  }
  const known = new Set(nodes);
  const operators = new Set(entry.plugin.protocol.operators ?? []);
  let prevAt = -1;
  let prevT = 0;
  for (let i = 0; i < sc.actions.length; i++) {
    const ta = sc.actions[i]!;
    const a = ta.action;
    for (const n of actionNodes(a))
      if (!known.has(n))
        return scenarioError('unknown-node', `${what}: action ${i + 1} (${a.type}) names node "${clip(n)}", which a ${entry.id} cluster does not have (its nodes are ${nodes.join(', ')}).`);
    if ((a.type === 'cut' || a.type === 'heal' || a.type === 'link') && a.from === a.to)
      return scenarioError('schema', `${what}: action ${i + 1} (${a.type}) joins ${a.from} to itself; a link joins two different nodes.`);
    if (a.type === 'operator' && !operators.has(a.name))
      return scenarioError('schema', `${what}: action ${i + 1} is an operator action "${clip(a.name)}" that ${entry.id} does not have (known: ${[...operators].join(', ') || 'none'}).`);
    if (ta.at <= prevAt) return scenarioError('schema', `${what}: action ${i + 1} is not after action ${i} in the run (event ${ta.at} ≤ ${prevAt}).`);
    if (ta.t < prevT) return scenarioError('schema', `${what}: action ${i + 1} is set at ${ta.t} ms, before action ${i} (${prevT} ms).`);
    prevAt = ta.at;
    prevT = ta.t;
  }
  return null;
}

function landOn(tl: Timeline, index: number, t: number): void {
  tl.seek(Math.min(index, LIMITS.maxEvents), Math.min(t, LIMITS.maxTime));
}

/** Replay `actions` up to `target` events. Returns how many actions replayed and why it stopped early. */
function replay(spec: RunSpec, actions: TimedAction[], target: number, registry: Registry, version?: number): { tl: Timeline; applied: number; failure: string | null } {
  // A link made with an older core replays with the random streams that core used.
  const tl = registry.createTimeline(spec, actions, version === undefined ? {} : { rngStreams: rngStreamsFor(registry.shape(spec.protocol).plugin.protocol, version) });
  try {
    tl.seek(target);
  } catch (e) {
    if (e instanceof ReplayError) return { tl, applied: e.actionIndex, failure: e.message };
    throw e;
  }
  const applied = actions.filter((a) => a.at < tl.sim.eventCount).length;
  if (applied < actions.length) {
    const a = actions[applied]!;
    return { tl, applied, failure: `the run stops at event ${tl.sim.eventCount} (nothing more is scheduled), before action ${applied + 1} (${a.action.type}) at event ${a.at}` };
  }
  return { tl, applied, failure: null };
}

export interface OpenOptions {
  /** Metadata from the link or file (versions, the author's trace hash). */
  meta?: Partial<ScenarioMeta>;
  /** 'This link' or 'This file', for messages. */
  what?: string;
  /** Whose protocols (default: the page's registry). */
  registry?: Registry;
}

/**
 * Build the run of a scenario and land on its cursor. Bounded: at most LIMITS.maxEvents events.
 * If an action cannot be replayed, the result is partial: the run as far as it replays.
 */
export function openScenario(scenario: Scenario, opts: OpenOptions = {}): OpenResult {
  const what = opts.what ?? 'This scenario';
  try {
    // Scenarios built in code skip the link decoder: check their shape here too.
    const shape = checkScenarioShape(scenario, what);
    if (!shape.ok) return shape;
    const registry = opts.registry ?? REGISTRY;
    const bad = checkSemantics(scenario, what, registry);
    if (bad) return { ok: false, error: bad };
    const { spec, actions, cursor } = scenario;
    const last = actions[actions.length - 1];
    const target = Math.min(LIMITS.maxEvents, Math.max(cursor.index, last ? last.at + 1 : 0));
    const notes: string[] = [];
    const current = currentProtocolVersion(spec.protocol, registry)!;
    const pv = opts.meta?.protocolVersion;
    const otherCore = pv !== undefined && pv !== current;
    const versionText = otherCore ? `It was made with version ${pv} of the ${spec.protocol} core; this page runs version ${current}.` : '';

    const first = replay(spec, actions, target, registry, pv);
    if (first.failure) {
      const k = first.applied;
      const kept = actions.slice(0, k);
      const { tl } = replay(spec, kept, Math.min(cursor.index, actions[k]!.at), registry, pv);
      landOn(tl, Math.min(cursor.index, actions[k]!.at), cursor.index <= actions[k]!.at ? cursor.t : actions[k]!.t);
      const reason = `${versionText ? versionText + ' ' : ''}Only ${k} of its ${actions.length} actions replay: ${first.failure}. It is opened as far as it replays.`;
      return {
        ok: true,
        partial: true,
        scenario: { ...scenario, actions: tl.actions.slice(), cursor: tl.cursor },
        timeline: tl,
        traceHash: tl.sim.traceHash,
        replayedActions: k,
        reason,
        notes,
      };
    }
    const tl = first.tl;
    landOn(tl, cursor.index, cursor.t);
    const traceHash = tl.sim.traceHash;
    const expected = opts.meta?.traceHash;
    if (expected && expected !== traceHash) {
      const reason = otherCore
        ? `${versionText} The run replays, but differs from what the author saw (trace hash ${traceHash}, the author had ${expected}).`
        : `The run replays, but differs from what the author saw (trace hash ${traceHash}, the author had ${expected}).`;
      return { ok: true, partial: true, scenario: { ...scenario }, timeline: tl, traceHash, replayedActions: actions.length, reason, notes };
    }
    if (otherCore) notes.push(`${versionText} ${expected ? 'It replays exactly as the author saw it (same trace hash).' : 'It replays, but carries no trace hash to confirm it is the same run.'}`);
    if (tl.cursor.index < cursor.index) notes.push(`The run stops at event ${tl.cursor.index}, before the stored moment (event ${cursor.index}).`);
    return { ok: true, partial: false, scenario, timeline: tl, traceHash, notes };
  } catch (e) {
    return { ok: false, error: scenarioError('replay', `${what} could not be replayed: the engine stopped with an error.`, e instanceof Error ? e.message : String(e)) };
  }
}

/** The scenario of a timeline as it stands: its spec, its actions and its cursor. */
export function scenarioFromTimeline(spec: RunSpec, tl: Timeline, extra: { title?: string; notes?: string } = {}): Scenario {
  const sc: Scenario = {
    spec: { ...spec },
    actions: tl.actions.map((a) => ({ at: a.at, t: a.t, action: structuredCloneAction(a.action) })),
    cursor: tl.cursor,
  };
  if (extra.title !== undefined) sc.title = extra.title;
  if (extra.notes !== undefined) sc.notes = extra.notes;
  return sc;
}

function structuredCloneAction(a: Action): Action {
  return JSON.parse(JSON.stringify(a)) as Action;
}
