// The exploration panel's state of one lab, mirrored from its exploration actor (explore.ts,
// loaded with the Explore tab). Kept apart from the machine so the lab's main bundle does not
// carry the explorer.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PlannedAction, RunOutcome } from '../contracts';

export interface ExploreConfig {
  protocol: string;
  mutant: string | null;
  runs: number;
  seed: number;
}

/** What the user typed, before validation. */
export interface ExploreInput {
  protocol: string;
  mutant: string;
  runs: string;
  seed: string;
}

export type ExploreMode = 'idle' | 'running' | 'paused' | 'shrinking' | 'found' | 'finished';

export interface ExploreProgress {
  done: number;
  runs: number;
  events: number;
  violations: number;
  livenessFailures: number;
  /** Wall time spent in the runs (their slices only: pauses and shrinking excluded). */
  elapsedMs: number;
  /** Replays spent shrinking so far. */
  shrinkTrials: number;
}

export interface ExploreFinding {
  /** Seed of the failing run (`--replay-seed`). */
  seed: number;
  /** Its number in the exploration, from 1. */
  run: number;
  kind: 'safety' | 'liveness';
  property: string;
  message: string;
  /** For a protocol expected to fail (the published spec): the known finding it is, e.g. P1. */
  classification: string | null;
  classificationText: string | null;
  /** Failing runs of this kind so far (1 unless the exploration keeps going). */
  count: number;
  /** Fault-phase actions before and after shrinking (writes of the heal phase excluded). */
  actions: number;
  shrunkActions: number | null;
  shrunk: PlannedAction[] | null;
  /** The run (shrunk once shrinking is done): what "Open in the lab" replays. */
  outcome: RunOutcome;
}

export interface ExploreState {
  mode: ExploreMode;
  config: ExploreConfig | null;
  progress: ExploreProgress | null;
  findings: ExploreFinding[];
  error: string | null;
  /** Result of "Open in the lab" / "Copy link". */
  notice: string | null;
  /** The form as typed (kept while the tab is closed); null until the panel first opens. */
  input: ExploreInput | null;
}

export const createExploreStore = (): StoreApi<ExploreState> =>
  createStore<ExploreState>()(() => ({ mode: 'idle', config: null, progress: null, findings: [], error: null, notice: null, input: null }));
