// An exploration that advances in slices, so a page can run it between animation frames
// (or a worker can report progress) without blocking. Same runs, same seeds as `explore`.
import { executeRun, planRun, runSeed, shrink, type RunOutcome } from './explorer';
import type { ExplorerProfile, PlannedAction } from './profile';

export interface SessionState {
  done: number;
  runs: number;
  events: number;
  violations: number;
  livenessFailures: number;
  finding: { seed: number; outcome: RunOutcome; shrunk: PlannedAction[] | null } | null;
  finished: boolean;
}

export class ExploreSession {
  readonly state: SessionState;

  constructor(
    readonly profile: ExplorerProfile,
    readonly seed: number,
    runs: number,
    readonly mutant: string | null = null,
  ) {
    this.state = { done: 0, runs, events: 0, violations: 0, livenessFailures: 0, finding: null, finished: runs <= 0 };
  }

  /** Run until `budgetMs` of wall time has passed (measured by `now`), or the session ends. */
  slice(budgetMs: number, now: () => number): SessionState {
    const s = this.state;
    const end = now() + budgetMs;
    while (!s.finished && now() < end) {
      const seed = runSeed(this.seed, s.done);
      const o = executeRun(this.profile, planRun(this.profile, seed, this.mutant));
      s.done++;
      s.events += o.events;
      if (o.failure) {
        if (o.failure.kind === 'safety') s.violations++;
        else s.livenessFailures++;
        s.finding = { seed, outcome: o, shrunk: null };
        s.finished = true;
      } else if (s.done >= s.runs) s.finished = true;
    }
    return s;
  }

  /** Shrink the finding (a few hundred replays). */
  shrinkFinding(maxTrials = 300): PlannedAction[] | null {
    const f = this.state.finding;
    if (!f) return null;
    if (!f.shrunk) {
      const r = shrink(this.profile, f.outcome, maxTrials);
      f.shrunk = r.outcome.applied;
      f.outcome = r.outcome;
    }
    return f.shrunk;
  }
}
