// What the explorer needs to know about a protocol to hunt for violations in it. One profile
// per protocol shape; the explorer itself is protocol-agnostic.

import type { Action, NodeId, Prng, Simulation, Time } from '../kernel';
import type { RunOutcome } from './explorer';
import type { RunSpec } from '../protocols/registry';

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
  /** Which heal the run ends with (full, or a partial heal that §11 promises to survive). */
  healKind: string;
  /** Virtual time by which progress must follow the heal. */
  livenessBound: Time;
  /** Knobs drawn from the seed, for the report. */
  knobs: Record<string, number | string>;
}

export interface ExplorerProfile {
  /** Registry id of the protocol shape, e.g. 'janus-3+1'. */
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
  /** Monitor properties that are liveness checks (counted as liveness failures, not violations). */
  livenessProperties?: readonly string[];
  /** Name the kind of a failing run (a known finding), for protocols expected to fail. */
  classify?(outcome: RunOutcome): string;
  /** One sentence per finding kind. */
  findingText?: Readonly<Record<string, string>>;
  /** Extra lines for the report (for example a scan for a finding that never comes first). */
  extraReport?(seed: number, runs: number): string[];
}
