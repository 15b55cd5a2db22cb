// Hunting the findings of the published spec with the explorer: run seeded runs of the
// janus-published profile, classify each failure (P1, P2, P3, F1, the InitWorkload deadlock),
// shrink the first run of each kind, and return what a report or the gallery needs.

import { replayPlanned, type ExplorerTools, type Failure, type PlannedAction, type RunOutcome, type RunPlan } from '../../contracts/explorer';
import type { Simulation } from '../../kernel';
import { classifyFinding, FINDING_TEXT, publishedProfile, type FindingId } from './explore';

export interface Finding {
  id: FindingId;
  text: string;
  /** The run's seed (the explorer's `--replay-seed`). */
  seed: number;
  /** Index of the run within the hunt (master seed, i). */
  run: number;
  failure: Failure;
  plan: RunPlan;
  /** Fault-phase actions before and after shrinking. */
  actionsBefore: number;
  /** The shrunk actions (heal-phase writes included, since the run needs them to be reproduced). */
  actions: PlannedAction[];
}

/** Rebuild a run's state at its failure by applying its actions again (deterministic). */
export function rerun(tools: ExplorerTools, plan: RunPlan, actions: PlannedAction[], until: number): Simulation {
  const sim = tools.simulation(plan.spec, { trace: 'off', monitors: true, stopOnViolation: true });
  replayPlanned(sim, actions);
  if (!sim.halted) sim.runUntil(until);
  return sim;
}

export function classifyRun(tools: ExplorerTools, plan: RunPlan, actions: PlannedAction[], failure: Failure): FindingId {
  const sim = rerun(tools, plan, actions, failure.t);
  return classifyFinding(sim, sim.violations, actions.map((p) => p.action));
}

/**
 * Run up to `runs` explorer runs from `masterSeed`, stopping once every wanted finding has a run.
 * Each finding's first run is shrunk (keeping the same finding).
 */
export function huntFindings(tools: ExplorerTools, masterSeed: number, runs: number, wanted: readonly FindingId[] = ['P1', 'P2', 'InitWorkload deadlock', 'F1']): { findings: Finding[]; runs: number; counts: Record<string, number> } {
  const profile = publishedProfile();
  const found = new Map<FindingId, Finding>();
  const counts: Record<string, number> = {};
  let i = 0;
  for (; i < runs; i++) {
    const seed = tools.runSeed(masterSeed, i);
    const plan = tools.planRun(profile, seed, null);
    const o = tools.executeRun(profile, plan);
    if (!o.failure) continue;
    const id = classifyRun(tools, plan, o.applied, o.failure);
    counts[id] = (counts[id] ?? 0) + 1;
    if (found.has(id) || id === 'other') continue;
    const best = shrinkFinding(tools, plan, o, id);
    found.set(id, {
      id,
      text: FINDING_TEXT[id],
      seed,
      run: i,
      failure: best.outcome.failure!,
      plan,
      actionsBefore: o.applied.filter((p) => p.phase !== 'write').length,
      actions: best.outcome.applied,
    });
    if (wanted.every((w) => found.has(w))) {
      i++;
      break;
    }
  }
  return { findings: [...found.values()], runs: i, counts };
}

/**
 * Shrink a failing run while it still shows the same finding (the explorer's own shrink keeps only
 * the property, and a P1 run easily shrinks into an InitWorkload deadlock). Halves, quarters, …,
 * single actions, as the explorer does.
 */
export function shrinkFinding(tools: ExplorerTools, plan: RunPlan, outcome: RunOutcome, id: FindingId, maxTrials = 400): { outcome: RunOutcome; trials: number } {
  const r = tools.shrink(publishedProfile(), outcome, maxTrials, (o) => classifyRun(tools, plan, o.applied, o.failure!) === id);
  return { outcome: r.outcome, trials: r.trials };
}

export interface F1Scan {
  runs: number;
  /** Runs where the spec's LeaderCompleteness failed at an event where Raft's form held. */
  f1: { seed: number; run: number; message: string; firstViolation: string; alone: boolean }[];
}

/**
 * Does F1 ever occur? The explorer stops at a run's first violation, and F1 can only follow
 * another one, so this scan keeps running after violations: a run counts when the spec's
 * Leader Completeness fails at an event where Raft's form holds. `alone` = it was the run's first
 * violation.
 */
export function scanF1(tools: ExplorerTools, masterSeed: number, runs: number, stopAfter = 5): F1Scan {
  const profile = publishedProfile();
  const out: F1Scan = { runs: 0, f1: [] };
  for (let i = 0; i < runs && out.f1.length < stopAfter; i++) {
    out.runs++;
    const seed = tools.runSeed(masterSeed, i);
    const plan = tools.planRun(profile, seed, null);
    const sim = tools.simulation(plan.spec, { trace: 'off', monitors: true });
    replayPlanned(sim, plan.actions);
    sim.runUntil(plan.healAt + 4000);
    const lc = sim.violations.find((v) => v.property === 'LeaderCompleteness');
    if (!lc) continue;
    const raft = sim.violations.find((v) => v.property === 'LeaderCompletenessRaft');
    if (raft && raft.event <= lc.event) continue;
    out.f1.push({ seed, run: i, message: lc.message, firstViolation: sim.violations[0]!.property, alone: sim.violations[0] === lc });
  }
  return out;
}
