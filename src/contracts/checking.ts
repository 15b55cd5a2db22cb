// What a protocol plug-in declares for exhaustive checking (src/checker, docs/checking.md): its
// bounds, its state constraint, how its states are encoded (and which nodes are interchangeable),
// which client writes and operator actions to offer, its step properties, and the timing under
// which a counterexample replays in the lab with every step taken by hand.

import type { Action, NodeId, UntimedBounds, UntimedEncoding } from '../kernel';

/** Bounds of a check. The kernel's (crashes, copies, …) plus the protocol's term and log. */
export interface CheckBounds extends UntimedBounds {
  /** States with a node past this term are checked but not expanded (the state constraint). */
  maxTerm: number;
  /** A client write is offered only while the leader's log is shorter than this. */
  maxLog: number;
}

/** A property of one step (the states before and after), e.g. LeaderAppendOnly. */
export interface StepProperty {
  name: string;
  /** A message when one node's step (its state before and after) breaks the property, else null. */
  check(before: unknown, after: unknown): string | null;
}

/**
 * Where the checker finds one mutant (`npm run check:mutants`, docs/checking.md "Mutants"): the
 * shape and bounds of the check, and what its shortest counterexample is (recorded from a run).
 */
export interface MutantCheck {
  /** The shape it is checked in (one of this plug-in's shapes). */
  shape: string;
  bounds: Partial<CheckBounds>;
  /** Settings of the checked run (RunSpec.timing), e.g. one entry per AppendEntries. */
  timing?: Readonly<Record<string, number>>;
  /**
   * The property the shortest counterexample breaks, and its length in steps. Null: not found
   * within these bounds (the largest that finished; `why` says what finding it would take).
   */
  property: string | null;
  length: number | null;
  /**
   * A liveness bug (no safety property breaks): found by the liveness sanity check (`--liveness
   * samples --seed seed`) after the safety check passes; `property` is then the finding's (e.g.
   * Recovery) and `length` the steps of its sampled walk and repairs (a sample, not a shortest run).
   */
  liveness?: {
    samples: number;
    seed: number;
    /** Where the samples come from (`--liveness-from`): random walks (default) or the check's own states, drawn uniformly. */
    from?: 'walks' | 'states';
    /** States each search may visit (`--liveness-states`; default LIVENESS_DEFAULTS.maxStates). */
    maxStates?: number;
  };
  /** Found within a few seconds: the unit test (tests/checker/mutants.test.ts) runs it too; the others only the script. */
  quick: boolean;
  /** What the counterexample needs of the bounds (one line). */
  why: string;
}

export interface CheckProfile {
  /** Bounds a shape is checked at by default (`npm run check` without flags). */
  bounds: Partial<CheckBounds>;
  /** The canonical encoding of a configuration's states, and its symmetry. */
  encoding(config: unknown): UntimedEncoding;
  /** The state constraint: expand this state? (node states, in the kernel's node order) */
  within(states: readonly unknown[], bounds: CheckBounds): boolean;
  /** Offer a client write at a node in this state? */
  canWrite(state: unknown, bounds: CheckBounds): boolean;
  /** Operator actions offered (each counts against maxOperators). */
  operators?(config: unknown): Action[];
  stepProperties?: readonly StepProperty[];
  /**
   * Timer settings under which a counterexample is replayed in the lab step by step: every pure
   * timer so long that nothing fires by itself, the durations that clock guards compare with left
   * as they are (src/checker/replay.ts).
   */
  replayTiming: Readonly<Record<string, number>>;
  /** Each mutant of the plug-in's shapes, with the bounds at which the checker finds it. */
  mutants?: Readonly<Record<string, MutantCheck>>;
  /** Liveness sanity check: a number that grows with progress (e.g. the highest commit index). */
  progress?(states: readonly unknown[]): number;
  /**
   * Liveness sanity check (src/checker/liveness.ts): the failures the protocol promises to survive
   * from this state. Nodes already down stay down for good; each set returned names further nodes
   * to stop for good ([] = none), and from each the protocol promises a new commit (a greater
   * `progress`) with no further fault. An empty list: no promise from this state (not checked).
   */
  promisedFailures?(view: LivenessView): readonly (readonly NodeId[])[];
  /**
   * Liveness sanity check, recovery (optional): what the protocol promises to return to once every
   * failure is repaired (every node up again, then no further fault), e.g. Janus's replication set
   * grown back to every data node (the explorer's Recovery). `unrestored`: null when the state is
   * recovered, else what is missing (one line); `property`: the name a finding is reported under.
   */
  recovery?: {
    property: string;
    unrestored(view: LivenessView): string | null;
    /**
     * Timer firings that do not happen in the recovery search in this state (optional): the timed
     * promise's healthy network, e.g. a follower's election timer never fires while a leader it
     * hears from is up, since every heartbeat resets it, and a leader's "silent for so long" guards
     * never answer yes while every node answers it. `timedOut[k]`: the firing's k-th clock guard
     * answered "timed out". Without it, the untimed search could always recover through a new
     * election or a shrink that no healed timed run takes.
     */
    quiet?(view: LivenessView, node: NodeId, timer: string, timedOut: readonly boolean[]): boolean;
    /**
     * Does the protocol promise recovery from this state, every node up again (optional; default
     * yes)? E.g. Janus promises nothing once no member of R that still has its disk is left: the
     * cluster stays down rather than lose committed entries. Not promised: no search (counted).
     */
    promised?(view: LivenessView): boolean;
  };
}

/** What the liveness sanity check shows a plug-in of one state (in the kernel's node order). */
export interface LivenessView {
  nodeIds: readonly NodeId[];
  states: readonly unknown[];
  up: readonly boolean[];
  /** Messages in flight (one entry per copy). */
  messages: readonly { from: NodeId; to: NodeId; msg: unknown }[];
}
