// An exploration, one run at a time: `explore` runs a session to the end, the page runs the same
// session in slices between animation frames. Same runs, same seeds, same counts either way.

import type { ExplorerProfile, PlannedAction, Registry, RunOutcome } from '../contracts';
import { REGISTRY } from '../protocols/registry';
import { executeRun, explorerTools, planRun, runSeed, shrink, STORM, type ExploreStats } from './explorer';

/** With a profile that classifies failures: the first run of each kind, as `explore` lists them. */
export interface SessionFinding {
  id: string;
  seed: number;
  /** Its number in the exploration, from 1. */
  run: number;
  outcome: RunOutcome;
  count: number;
}

export interface SessionState {
  done: number;
  runs: number;
  events: number;
  violations: number;
  livenessFailures: number;
  /** The first failing run. */
  finding: { seed: number; outcome: RunOutcome; shrunk: PlannedAction[] | null } | null;
  /** By kind, in order of first appearance (only for a profile that classifies its failures). */
  findings: SessionFinding[];
  /** Runs whose heal carried a promise of progress, by heal kind. */
  promised: Record<string, number>;
  /** Runs that hit each coverage probe. */
  coverage: Record<string, number>;
  /** Runs in which each fault actually happened (read from the trace; src/explorer/coverage.ts). */
  faults: Record<string, number>;
  /** Runs that played each of the profile's fault patterns. */
  patterns: Record<string, number>;
  /** Storms: runs stopped at their budget of events or messages in flight. */
  storms: number;
  finished: boolean;
}

export class ExploreSession {
  readonly state: SessionState;
  private readonly registry: Registry;

  /**
   * `keepGoing`: go on after a failing run (`npm run explore` does so for a protocol whose
   * profile classifies its failures).
   */
  constructor(
    readonly profile: ExplorerProfile,
    readonly seed: number,
    runs: number,
    readonly mutant: string | null = null,
    readonly keepGoing = false,
    registry?: Registry,
  ) {
    this.registry = registry ?? REGISTRY;
    this.state = { done: 0, runs, events: 0, violations: 0, livenessFailures: 0, finding: null, findings: [], promised: {}, coverage: {}, faults: Object.fromEntries((profile.faults ?? []).map((f) => [f, 0])), patterns: Object.fromEntries((profile.patterns ?? []).map((p) => [p, 0])), storms: 0, finished: runs <= 0 };
  }

  /** One run of the exploration. */
  step(): void {
    const s = this.state;
    if (s.finished) return;
    const seed = runSeed(this.seed, s.done);
    const plan = planRun(this.profile, seed, this.mutant);
    const o = executeRun(this.profile, plan, undefined, this.registry);
    s.done++;
    s.events += o.events;
    if (o.promise) s.promised[plan.healKind] = (s.promised[plan.healKind] ?? 0) + 1;
    for (const [k, v] of o.probes) s.coverage[k] = (s.coverage[k] ?? 0) + (v > 0 ? 1 : 0);
    for (const f of o.faults) s.faults[f] = (s.faults[f] ?? 0) + 1;
    for (const p of this.profile.patterns ?? []) if (plan.knobs[p]) s.patterns[p] = (s.patterns[p] ?? 0) + 1;
    if (o.failure?.property === STORM) s.storms++;
    if (o.failure) {
      if (o.failure.kind === 'safety') s.violations++;
      else s.livenessFailures++;
      if (!s.finding) s.finding = { seed, outcome: o, shrunk: null };
      if (this.profile.classify) {
        const id = this.profile.classify(o, explorerTools(this.registry));
        const f = s.findings.find((x) => x.id === id);
        if (f) f.count++;
        else s.findings.push({ id, seed, run: s.done, outcome: o, count: 1 });
      }
      if (!this.keepGoing) s.finished = true;
    }
    if (s.done >= s.runs) s.finished = true;
  }

  /** Run until `budgetMs` of wall time has passed (measured by `now`), or the session ends. */
  slice(budgetMs: number, now: () => number): SessionState {
    const end = now() + budgetMs;
    while (!this.state.finished && now() < end) this.step();
    return this.state;
  }

  /** The figures `npm run explore` prints. */
  stats(elapsedMs: number): ExploreStats {
    const s = this.state;
    const findings: ExploreStats['findings'] = {};
    for (const f of s.findings) findings[f.id] = { seed: f.seed, outcome: f.outcome, count: f.count };
    return {
      protocol: this.profile.protocol,
      runs: s.done,
      events: s.events,
      violations: s.violations,
      livenessFailures: s.livenessFailures,
      promised: { ...s.promised },
      coverage: { ...s.coverage },
      faults: { ...s.faults },
      missingFaults: (this.profile.faults ?? []).filter((f) => !s.faults[f]),
      patterns: { ...s.patterns },
      storms: s.storms,
      firstFailure: s.finding ? { seed: s.finding.seed, outcome: s.finding.outcome } : null,
      findings,
      elapsedMs,
    };
  }

  /** Shrink the finding (a few hundred replays). */
  shrinkFinding(maxTrials = 300): PlannedAction[] | null {
    const f = this.state.finding;
    if (!f) return null;
    if (!f.shrunk) {
      const r = shrink(this.profile, f.outcome, maxTrials, undefined, this.registry);
      f.shrunk = r.outcome.applied;
      f.outcome = r.outcome;
    }
    return f.shrunk;
  }
}
