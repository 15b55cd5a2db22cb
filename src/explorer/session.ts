// An exploration that advances in slices, so a page can run it between animation frames
// (or a worker can report progress) without blocking. Same runs, same seeds as `explore`.
import { executeRun, planRun, runSeed, shrink, type RunOutcome } from './explorer';
import type { ExplorerProfile, PlannedAction } from './profile';

/** With `keepGoing` and a profile that classifies failures: the first run of each kind, as `explore` lists them. */
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
  /** By kind, in order of first appearance (only with `keepGoing` and `profile.classify`). */
  findings: SessionFinding[];
  finished: boolean;
}

export class ExploreSession {
  readonly state: SessionState;

  /**
   * `keepGoing`: go on after a failing run (as `explore({keepGoing})`, which `npm run explore`
   * uses for a protocol whose profile classifies its failures).
   */
  constructor(
    readonly profile: ExplorerProfile,
    readonly seed: number,
    runs: number,
    readonly mutant: string | null = null,
    readonly keepGoing = false,
  ) {
    this.state = { done: 0, runs, events: 0, violations: 0, livenessFailures: 0, finding: null, findings: [], finished: runs <= 0 };
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
        if (!s.finding) s.finding = { seed, outcome: o, shrunk: null };
        if (this.keepGoing && this.profile.classify) {
          const id = this.profile.classify(o);
          const f = s.findings.find((x) => x.id === id);
          if (f) f.count++;
          else s.findings.push({ id, seed, run: s.done, outcome: o, count: 1 });
        }
        if (!this.keepGoing) s.finished = true;
      }
      if (s.done >= s.runs) s.finished = true;
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
