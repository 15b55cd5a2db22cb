// The messages between the Check tab's store (check.ts) and its Web Worker (check.worker.ts).
// Every reply carries the number of the run it belongs to, so a reply of a cancelled or replaced
// run is ignored. Everything here is structured-cloneable data.

import type { CheckProgress, CheckSetup } from '../checker/check';

/** Wall time of one checker slice in the worker (ms): pause and cancel answer within it. */
export const CHECK_SLICE_MS = 50;
/** The worker posts its progress at most this often (ms): about five times a second. */
export const CHECK_POST_MS = 200;

export type CheckRequest =
  | { type: 'start'; run: number; setup: CheckSetup }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' };

export type CheckReply =
  | { type: 'progress'; run: number; progress: CheckProgress }
  | { type: 'error'; run: number; message: string };
