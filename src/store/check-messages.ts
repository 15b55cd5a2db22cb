// The messages between the Check tab's store (check.ts) and its Web Worker (check.worker.ts).
// Every reply carries the number of the run it belongs to, so a reply of a cancelled or replaced
// run is ignored. Everything here is structured-cloneable data.

import type { CheckProgress, CheckSetup } from '../checker/check';
import type { LivenessResult } from '../checker/liveness';

/** Wall time of one checker slice in the worker (ms): pause and cancel answer within it. */
export const CHECK_SLICE_MS = 50;
/** The worker posts its progress at most this often (ms): about five times a second. */
export const CHECK_POST_MS = 200;

/** The liveness sanity check the Check tab runs after a check without violation (`--liveness 10 --seed 1`). */
export const PAGE_LIVENESS = { samples: 10, seed: 1 };

/** What the tab shows of a liveness sanity check (LivenessResult without the paths). */
export interface LivenessSummary {
  sampled: number;
  ok: number;
  noPromise: number;
  searches: number;
  deepest: number;
  seconds: number;
  failures: { sample: number; failed: string[]; message: string; length: number; exhausted: boolean }[];
}

export function summarizeLiveness(r: LivenessResult): LivenessSummary {
  return {
    sampled: r.sampled,
    ok: r.ok,
    noPromise: r.noPromise,
    searches: r.searches,
    deepest: r.deepest,
    seconds: r.seconds,
    failures: r.failures.map((f) => ({ sample: f.sample, failed: f.failed.slice(), message: f.message, length: f.steps.length, exhausted: f.exhausted })),
  };
}

export type CheckRequest =
  | { type: 'start'; run: number; setup: CheckSetup; liveness: boolean }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' };

export type CheckReply =
  | { type: 'progress'; run: number; progress: CheckProgress }
  | { type: 'liveness'; run: number; result: LivenessSummary }
  | { type: 'error'; run: number; message: string };
