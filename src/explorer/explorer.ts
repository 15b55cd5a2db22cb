// The explorer: seeded random runs in the style of TigerBeetle's VOPR. Every knob of a run is
// drawn from its seed. A fault phase (crashes, partitions, loss, duplication, delay spikes,
// elector faults, client writes) is followed by a heal phase; after the heal, progress must
// follow within a bounded virtual time whenever the protocol's fault-tolerance table promises it.
// A failing run is shrunk to a short action list that still fails.

import { Prng, type Action, type Violation } from '../kernel';
import { createSimulation, type RunSpec } from '../protocols/registry';
import type { ExplorerProfile, PlannedAction, RunPlan } from './profile';

export interface Failure {
  kind: 'safety' | 'liveness';
  property: string;
  message: string;
  violation?: Violation;
  /** Virtual time of the failure. */
  t: number;
}

export interface RunOutcome {
  plan: RunPlan;
  /** Every action applied, heal and writes included: with the seed, it replays the run. */
  applied: PlannedAction[];
  events: number;
  failure: Failure | null;
  promise: string | null;
  /** Coverage probes hit in this run. */
  probes: Map<string, number>;
  traceHash: string;
}

const WRITE_EVERY = 250;
const CHECK_EVERY = 100;

/** Run a plan from its seed. When `fixed` is given, replay exactly those actions instead. */
export function executeRun(profile: ExplorerProfile, plan: RunPlan, fixed?: PlannedAction[]): RunOutcome {
  const sim = createSimulation(plan.spec, { trace: 'off', monitors: true, stopOnViolation: true });
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
  const end = plan.healAt + profile.settleMs + plan.livenessBound;

  // Fault phase, then the heal actions at healAt (resolved from the live state, or replayed).
  const pre = fixed ? fixed.filter((p) => p.phase !== 'write') : plan.actions;
  for (const p of pre) {
    apply(p);
    if (sim.halted) break;
  }
  const settled = plan.healAt + profile.settleMs;
  if (!sim.halted && !fixed) {
    sim.runUntil(plan.healAt);
    for (const action of profile.heal(sim, plan.healKind, rng, 0)) apply({ t: plan.healAt, action, phase: 'heal' });
    sim.runUntil(settled);
    for (const action of profile.heal(sim, plan.healKind, rng, 1)) apply({ t: settled, action, phase: 'heal' });
  }
  if (!sim.halted) {
    sim.runUntil(settled);
    promise = profile.promise(sim, plan.healKind);
  }

  if (!sim.halted) {
    // Heal phase: a client writes every WRITE_EVERY ms; a heal-phase write must commit by `end`.
    let k = 0;
    let nextWrite = settled + 50;
    let progressed = false;
    for (let t = settled + CHECK_EVERY; t <= end && !sim.halted; t += CHECK_EVERY) {
      // The heal-phase writes are the liveness probe: always generated, never shrunk.
      while (nextWrite <= t) {
        const action: Action = { type: 'write', node: profile.writeTarget(sim, k), command: `heal-${++k}` };
        apply({ t: nextWrite, action, phase: 'write' });
        nextWrite += WRITE_EVERY;
      }
      sim.runUntil(t);
      if (profile.progressed(sim)) {
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
      let missing = profile.unrestored(sim, plan.healKind);
      for (let t = sim.now + CHECK_EVERY; missing !== null && t <= end && !sim.halted; t += CHECK_EVERY) {
        sim.runUntil(t);
        missing = profile.unrestored(sim, plan.healKind);
      }
      if (missing !== null && !sim.halted)
        failure = { kind: 'liveness', property: 'Recovery', message: `${missing} ${plan.livenessBound} ms after the heal (${plan.healKind} heal)`, t: end };
    }
  }
  if (sim.violations.length) {
    const v = sim.violations[0]!;
    const kind = profile.livenessProperties?.includes(v.property) ? 'liveness' : 'safety';
    failure = { kind, property: v.property, message: v.message, violation: v, t: v.t };
  }
  return { plan, applied, events: sim.eventCount, failure, promise, probes: sim.probes, traceHash: sim.traceHash };
}

export function planRun(profile: ExplorerProfile, seed: number, mutant: string | null): RunPlan {
  return profile.plan(seed, new Prng(seed), mutant);
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
): ShrinkResult {
  const steps = shrinkSteps(profile, outcome, maxTrials, same);
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
): Generator<number, ShrinkResult, void> {
  const target = outcome.failure!;
  const shrinkable = (xs: PlannedAction[]) => xs.filter((p) => p.phase !== 'write' && p.t <= target.t);
  let best = shrinkable(outcome.applied);
  let bestOutcome = outcome;
  let trials = 0;
  const fails = (cand: PlannedAction[]): RunOutcome | null => {
    trials++;
    const o = executeRun(profile, outcome.plan, cand);
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
  firstFailure: { seed: number; outcome: RunOutcome } | null;
  /** With a profile that classifies failures: the first run and the count of each kind. */
  findings: Record<string, { seed: number; outcome: RunOutcome; count: number }>;
  elapsedMs: number;
}

/** Seed of run number i of an exploration with master seed `seed`. */
export const runSeed = (seed: number, i: number): number => Prng.derive(seed, i + 1);

export function explore(opts: ExploreOptions, now: () => number): ExploreStats {
  const start = now();
  const stats: ExploreStats = {
    protocol: opts.profile.protocol,
    runs: 0,
    events: 0,
    violations: 0,
    livenessFailures: 0,
    promised: {},
    coverage: {},
    firstFailure: null,
    findings: {},
    elapsedMs: 0,
  };
  for (let i = 0; i < opts.runs; i++) {
    const seed = runSeed(opts.seed, i);
    const plan = planRun(opts.profile, seed, opts.mutant ?? null);
    const o = executeRun(opts.profile, plan);
    stats.runs++;
    stats.events += o.events;
    if (o.promise) stats.promised[plan.healKind] = (stats.promised[plan.healKind] ?? 0) + 1;
    for (const [k, v] of o.probes) stats.coverage[k] = (stats.coverage[k] ?? 0) + (v > 0 ? 1 : 0);
    if (o.failure) {
      if (o.failure.kind === 'safety') stats.violations++;
      else stats.livenessFailures++;
      if (!stats.firstFailure) stats.firstFailure = { seed, outcome: o };
      if (opts.profile.classify) {
        const id = opts.profile.classify(o);
        const f = stats.findings[id];
        if (f) f.count++;
        else stats.findings[id] = { seed, outcome: o, count: 1 };
      }
      if (!opts.keepGoing) break;
    }
    if (opts.onProgress && (i + 1) % (opts.progressEvery ?? 500) === 0) {
      stats.elapsedMs = now() - start;
      opts.onProgress(i + 1, stats);
    }
  }
  stats.elapsedMs = now() - start;
  return stats;
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

export type { RunSpec };
