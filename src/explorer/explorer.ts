// The explorer: seeded random runs in the style of TigerBeetle's VOPR. Every knob of a run is
// drawn from its seed. A fault phase (crashes, partitions, loss, duplication, delay spikes,
// elector faults, client writes) is followed by a heal phase; after the heal, progress must
// follow within a bounded virtual time whenever the protocol's fault-tolerance table promises it.
// A failing run is shrunk to a short action list that still fails.

import { Prng, type Action } from '../kernel';
import type { ExplorerProfile, ExplorerTools, Failure, PlannedAction, RunOutcome, RunPlan, Registry, RunSpec } from '../contracts';
import { replayPlanned } from '../contracts/explorer';
import { ExploreSession } from './session';
import { runBudget, RunWatch, WatchedRun } from './coverage';
import { REGISTRY } from '../protocols/registry';

export type { Failure, RunOutcome, RunSpec };

const WRITE_EVERY = 250;
const CHECK_EVERY = 100;
/** The property of a run that broke its budget of events or messages in flight. */
export const STORM = 'Storm';

/** Run a plan from its seed. When `fixed` is given, replay exactly those actions instead. */
export function executeRun(profile: ExplorerProfile, plan: RunPlan, fixed?: PlannedAction[], registry: Registry = REGISTRY): RunOutcome {
  // Trace level 'light' with no trace kept: each event is handed to the watch (fault coverage,
  // budget) and dropped. The trace hash is the same at every trace level.
  const raw = registry.createSimulation(plan.spec, { trace: 'light', keepTrace: false, monitors: true, stopOnViolation: true });
  const end = plan.healAt + profile.settleMs + plan.livenessBound;
  const watch = new RunWatch(raw, runBudget(end, raw.nodeIds.length), profile.settleMs);
  const sim = new WatchedRun(raw, watch);
  const rng = new Prng(Prng.derive(plan.seed, 0x4ea1));
  const applied: PlannedAction[] = [];
  const apply = (p: PlannedAction) => {
    sim.runUntil(p.t);
    if (sim.halted) return;
    if (sim.validate(p.action) === null) {
      sim.apply(p.action);
      applied.push(p);
    }
  };
  let promise: string | null = null;
  let failure: Failure | null = null;

  // Fault phase, then the heal actions at healAt (resolved from the live state, or replayed).
  const pre = fixed ? fixed.filter((p) => p.phase !== 'write') : plan.actions;
  applied.push(...replayPlanned(sim, pre));
  const settled = plan.healAt + profile.settleMs;
  if (!sim.halted && !fixed) {
    sim.runUntil(plan.healAt);
    for (const action of profile.heal(raw, plan.healKind, rng, 0)) apply({ t: plan.healAt, action, phase: 'heal' });
    sim.runUntil(settled);
    for (const action of profile.heal(raw, plan.healKind, rng, 1)) apply({ t: settled, action, phase: 'heal' });
  }
  if (!sim.halted) {
    sim.runUntil(settled);
    promise = profile.promise(raw, plan.healKind);
  }

  if (!sim.halted) {
    // Heal phase: a client writes every WRITE_EVERY ms; a heal-phase write must commit by `end`.
    let k = 0;
    let nextWrite = settled + 50;
    let progressed = false;
    for (let t = settled + CHECK_EVERY; t <= end && !sim.halted; t += CHECK_EVERY) {
      // The heal-phase writes are the liveness probe: always generated, never shrunk.
      while (nextWrite <= t) {
        const action: Action = { type: 'write', node: profile.writeTarget(raw, k), command: `heal-${++k}` };
        apply({ t: nextWrite, action, phase: 'write' });
        nextWrite += WRITE_EVERY;
      }
      sim.runUntil(t);
      if (profile.progressed(raw)) {
        progressed = true;
        break;
      }
    }
    if (!sim.halted && !progressed && promise !== null)
      failure = {
        kind: 'liveness',
        property: 'Liveness',
        message: `no heal-phase write was committed within ${plan.livenessBound} ms of the heal (${plan.healKind} heal: ${promise})`,
        t: end,
      };
    // Full recovery (for example R grown back to every data node) within the same bound.
    if (!sim.halted && progressed && promise !== null && profile.unrestored) {
      let missing = profile.unrestored(raw, plan.healKind);
      for (let t = raw.now + CHECK_EVERY; missing !== null && t <= end && !sim.halted; t += CHECK_EVERY) {
        sim.runUntil(t);
        missing = profile.unrestored(raw, plan.healKind);
      }
      if (missing !== null && !sim.halted)
        failure = { kind: 'liveness', property: 'Recovery', message: `${missing} ${plan.livenessBound} ms after the heal (${plan.healKind} heal)`, t: end };
    }
  }
  if (raw.violations.length) {
    const v = raw.violations[0]!;
    const kind = profile.livenessProperties?.includes(v.property) ? 'liveness' : 'safety';
    failure = { kind, property: v.property, message: v.message, violation: v, t: v.t };
  } else if (watch.storm !== null) {
    // Past the run's budget: reported like a liveness failure, and shrunk like one.
    failure = { kind: 'liveness', property: STORM, message: `message storm: ${watch.storm} (a run of ${end} ms)`, t: raw.now };
  }
  return { plan, applied, events: raw.eventCount, failure, promise, probes: raw.probes, traceHash: raw.traceHash, faults: watch.faults, maxInFlight: watch.maxInFlight };
}

/**
 * The planner's own stream, derived from the run seed: the simulation's network and timers draw
 * from the run seed, so one extra planned action never re-rolls the network (TigerBeetle's
 * "one seed per consumer").
 */
const PLANNER_STREAM = 0x91a7;

export function planRun(profile: ExplorerProfile, seed: number, mutant: string | null = null): RunPlan {
  return profile.plan(seed, new Prng(Prng.derive(seed, PLANNER_STREAM)), mutant);
}

export interface ShrinkResult {
  actions: PlannedAction[];
  outcome: RunOutcome;
  trials: number;
}

/**
 * Shrink a failing run: remove actions (halves, quarters, … single actions) while the run still
 * fails with the same property. Replays use the same seed, so the network's own choices stay
 * seeded; the action list is the part that shrinks.
 */
export function shrink(
  profile: ExplorerProfile,
  outcome: RunOutcome,
  maxTrials = 400,
  same: (o: RunOutcome) => boolean = (o) => o.failure?.property === outcome.failure!.property,
  registry: Registry = REGISTRY,
): ShrinkResult {
  const steps = shrinkSteps(profile, outcome, maxTrials, same, registry);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `shrink` one replay at a time: the generator yields the number of replays so far after each
 * one and returns the result, so a page can shrink between animation frames. Same result as `shrink`.
 */
export function* shrinkSteps(
  profile: ExplorerProfile,
  outcome: RunOutcome,
  maxTrials = 400,
  same: (o: RunOutcome) => boolean = (o) => o.failure?.property === outcome.failure!.property,
  registry: Registry = REGISTRY,
): Generator<number, ShrinkResult, void> {
  const target = outcome.failure!;
  const shrinkable = (xs: PlannedAction[]) => xs.filter((p) => p.phase !== 'write' && p.t <= target.t);
  let best = shrinkable(outcome.applied);
  let bestOutcome = outcome;
  let trials = 0;
  const fails = (cand: PlannedAction[]): RunOutcome | null => {
    trials++;
    const o = executeRun(profile, outcome.plan, cand, registry);
    return o.failure && same(o) ? o : null;
  };
  const first = fails(best);
  yield trials;
  if (first) bestOutcome = first;
  else return { actions: outcome.applied, outcome, trials };
  let chunk = Math.max(1, Math.floor(best.length / 2));
  while (chunk >= 1 && trials < maxTrials) {
    let removed = false;
    for (let i = 0; i + 0 < best.length && trials < maxTrials; ) {
      const cand = best.slice(0, i).concat(best.slice(i + chunk));
      const o = fails(cand);
      yield trials;
      if (o) {
        best = shrinkable(o.applied);
        bestOutcome = o;
        removed = true;
      } else i += chunk;
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return { actions: best, outcome: bestOutcome, trials };
}

export interface ExploreOptions {
  profile: ExplorerProfile;
  runs: number;
  seed: number;
  mutant?: string | null;
  /** Stop at the first failure (default) or keep going. */
  keepGoing?: boolean;
  onProgress?: (done: number, stats: ExploreStats) => void;
  progressEvery?: number;
  registry?: Registry;
}

export interface ExploreStats {
  protocol: string;
  runs: number;
  events: number;
  violations: number;
  livenessFailures: number;
  /** Runs whose heal carried a promise of progress, by heal kind. */
  promised: Record<string, number>;
  coverage: Record<string, number>;
  /** Runs in which each fault actually happened, by kind (every fault the profile enables is listed). */
  faults: Record<string, number>;
  /** The profile's faults that happened in no run: the fault-coverage check fails when any is. */
  missingFaults: string[];
  /** Runs that played each of the profile's fault patterns. */
  patterns: Record<string, number>;
  /** Runs stopped at their budget (reported as Storm failures). */
  storms: number;
  firstFailure: { seed: number; outcome: RunOutcome } | null;
  /** With a profile that classifies failures: the first run and the count of each kind. */
  findings: Record<string, { seed: number; outcome: RunOutcome; count: number }>;
  elapsedMs: number;
}

/** Seed of run number i of an exploration with master seed `seed`. */
export const runSeed = (seed: number, i: number): number => Prng.derive(seed, i + 1);

/** The explorer's loops, for profiles that need them (ExplorerTools). */
export function explorerTools(registry: Registry = REGISTRY): ExplorerTools {
  return {
    runSeed,
    planRun,
    executeRun: (profile, plan, fixed) => executeRun(profile, plan, fixed, registry),
    shrink: (profile, outcome, maxTrials, same) => shrink(profile, outcome, maxTrials, same, registry),
    simulation: (spec, opts) => registry.createSimulation(spec, opts ?? {}),
  };
}

/** The explorer profile of a registered shape, or null if the shape is not explored. */
export function profileOf(shape: string, registry: Registry = REGISTRY): ExplorerProfile | null {
  return registry.has(shape) ? (registry.shape(shape).explorer ?? null) : null;
}

/** Every explored shape's id. */
export const exploredShapes = (registry: Registry = REGISTRY): string[] => Object.values(registry.shapes).filter((s) => s.explorer).map((s) => s.id);

/** The shape a mutant is hunted in (the plug-in's `mutantShapes`), or null. */
export function mutantShape(mutant: string, registry: Registry = REGISTRY): string | null {
  for (const p of registry.plugins) if (p.mutantShapes?.[mutant]) return p.mutantShapes[mutant]!;
  return null;
}

/** Every mutant of every plug-in with the shape it is hunted in. */
export function allMutants(registry: Registry = REGISTRY): { mutant: string; shape: string }[] {
  return registry.plugins.flatMap((p) => Object.entries(p.mutantShapes ?? {}).map(([mutant, shape]) => ({ mutant, shape })));
}

/** The explorer's default budget: how many runs a mutant may take to be caught. */
export const DEFAULT_RUNS = 3000;

/** Explore: an ExploreSession run to the end (the page runs the same session in slices). */
export function explore(opts: ExploreOptions, now: () => number): ExploreStats {
  const start = now();
  const session = new ExploreSession(opts.profile, opts.seed, opts.runs, opts.mutant ?? null, opts.keepGoing ?? false, opts.registry);
  const every = opts.progressEvery ?? 500;
  let next = every;
  while (!session.state.finished) {
    session.step();
    if (opts.onProgress && session.state.done >= next) {
      next += every;
      opts.onProgress(session.state.done, session.stats(now() - start));
    }
  }
  return session.stats(now() - start);
}

/** Describe an action in one short line, for reports. */
export function formatAction(p: PlannedAction): string {
  const a = p.action;
  const t = `${p.t.toFixed(1).padStart(8)} ms`;
  switch (a.type) {
    case 'crash':
      return `${t}  crash ${a.node}${a.wipe ? ' (disk lost)' : ''}`;
    case 'restart':
      return `${t}  restart ${a.node}`;
    case 'cut':
      return `${t}  cut ${a.from}${a.both ? '↔' : '→'}${a.to}${a.duration ? ` for ${a.duration} ms` : ''}`;
    case 'heal':
      return `${t}  heal ${a.from}${a.both ? '↔' : '→'}${a.to}`;
    case 'healAll':
      return `${t}  heal everything`;
    case 'link':
      return `${t}  link ${a.from}${a.both ? '↔' : '→'}${a.to} ${JSON.stringify(a.params)}`;
    case 'write':
      return `${t}  write${a.command ? ` ${a.command}` : ''} to ${a.node}`;
    case 'operator':
      return `${t}  ${a.name}${a.node ? ` via ${a.node}` : ''}${a.args ? ` ${JSON.stringify(a.args)}` : ''}`;
    default:
      return `${t}  ${JSON.stringify(a)}`;
  }
}

