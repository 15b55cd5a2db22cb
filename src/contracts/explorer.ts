// What the explorer needs to know about a protocol to hunt for violations in it, and what a run
// of the explorer produces. One profile per protocol shape, kept in the protocol's folder; the
// explorer itself (src/explorer) is protocol-agnostic.

import type { Action, NodeId, Prng, Simulation, Time, Violation } from '../kernel';
import type { RunSpec } from './spec';

/** A user action placed at a virtual time (the explorer works in time, not event indexes). */
export interface PlannedAction {
  t: Time;
  action: Action;
  /** Which phase generated it: shown in reports. */
  phase: 'fault' | 'heal' | 'write';
}

/** A run of the explorer, fully determined by its seed. */
export interface RunPlan {
  seed: number;
  spec: RunSpec;
  /** Fault-phase actions, time-ordered. Heal-phase actions are resolved at `healAt`. */
  actions: PlannedAction[];
  healAt: Time;
  /** Which heal the run ends with (full, or a partial heal that the protocol promises to survive). */
  healKind: string;
  /** Virtual time by which progress must follow the heal. */
  livenessBound: Time;
  /** Knobs drawn from the seed, for the report. */
  knobs: Record<string, number | string>;
}

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
  /** The faults that actually happened in this run, read from its events (src/explorer/coverage.ts). */
  faults: ReadonlySet<string>;
  /** The most messages in flight at once. */
  maxInFlight: number;
}

/**
 * The explorer's own loops, handed to a profile that needs them (for example to scan runs past
 * their first violation). Passing them in keeps protocol folders from importing the explorer.
 */
export interface ExplorerTools {
  runSeed(master: number, k: number): number;
  planRun(profile: ExplorerProfile, seed: number, mutant?: string | null): RunPlan;
  executeRun(profile: ExplorerProfile, plan: RunPlan, fixed?: PlannedAction[]): RunOutcome;
  shrink(profile: ExplorerProfile, outcome: RunOutcome, maxTrials?: number, same?: (o: RunOutcome) => boolean): { outcome: RunOutcome; trials: number };
  /** A simulation of a run spec, built through the registry. */
  simulation(spec: RunSpec, opts?: { trace?: 'off' | 'light' | 'full'; monitors?: boolean; stopOnViolation?: boolean }): Simulation;
}

export interface ExplorerProfile {
  /** Registry id of the protocol shape. */
  protocol: string;
  /** Draw the knobs and the fault phase of one run from its seed. */
  plan(seed: number, rng: Prng, mutant: string | null): RunPlan;
  /**
   * The heal actions, computed from the live state: stage 0 at `healAt` (restart, heal links),
   * stage 1 `settleMs` later, once messages delayed by the fault phase have drained (the failures
   * a partial heal leaves in place for good). Progress is measured from stage 1.
   */
  heal(sim: Simulation, kind: string, rng: Prng, stage: 0 | 1): Action[];
  settleMs: number;
  /**
   * After the heal actions: the promise of the protocol's fault-tolerance table that applies,
   * in words, or null when this state carries no promise of progress.
   */
  promise(sim: Simulation, kind: string): string | null;
  /** The data node a heal-phase client write number k is sent to. */
  writeTarget(sim: Simulation, k: number): NodeId;
  /** Has a heal-phase write (command starting with `heal-`) been committed? */
  progressed(sim: Simulation): boolean;
  /**
   * After a heal of this kind, what is still missing for the cluster to be fully restored
   * (for example R back to every data node), or null once it is. Checked within the same bound.
   */
  unrestored?(sim: Simulation, kind: string): string | null;
  /**
   * The faults this profile's runs enable (kinds of `FAULT_TEXT` in src/explorer/coverage.ts, and
   * `operator:<name>`): across an exploration each must have happened in at least one run, or
   * `npm run explore` fails its fault-coverage check.
   */
  faults?: readonly string[];
  /** The plan's named fault patterns (a knob set to 1 when the run plays it), counted in the report. */
  patterns?: readonly string[];
  /** Monitor properties that are liveness checks (counted as liveness failures, not violations). */
  livenessProperties?: readonly string[];
  /** Name the kind of a failing run (a known finding), for protocols expected to fail. */
  classify?(outcome: RunOutcome, tools: ExplorerTools): string;
  /** One sentence per finding kind. */
  findingText?: Readonly<Record<string, string>>;
  /** Extra lines for the report (for example a scan for a finding that never comes first). */
  extraReport?(seed: number, runs: number, tools: ExplorerTools): string[];
  /** Explore to the end and list findings by kind (a protocol expected to fail). */
  keepGoing?: boolean;
}

/** What replaying planned actions needs: a Simulation, or a Timeline seen through an adapter. */
export interface ReplayTarget {
  readonly halted: boolean;
  runUntil(t: Time): void;
  /** null if the action can be applied now, else why not. */
  validate(action: Action): string | null;
  apply(action: Action): void;
}

/**
 * Replay planned actions in time order (the one replay loop: the explorer's runs, its shrinking,
 * finding links, reports). An action the state refuses at its time is skipped, as the explorer
 * does. Returns the actions applied. Stops early when the target halts (stop on violation) or
 * `stop()` says so.
 */
export function replayPlanned(target: ReplayTarget, actions: readonly PlannedAction[], stop?: () => boolean): PlannedAction[] {
  const applied: PlannedAction[] = [];
  for (const p of [...actions].sort((a, b) => a.t - b.t)) {
    target.runUntil(p.t);
    if (target.halted || stop?.()) break;
    if (target.validate(p.action) === null) {
      target.apply(p.action);
      applied.push(p);
    }
  }
  return applied;
}
