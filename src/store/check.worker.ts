// The Check tab's Web Worker: it owns one Checker (src/checker/check.ts, the very loop `npm run
// check` drives) and answers start / pause / resume / cancel, posting its progress about five
// times a second and its result last. The page's main thread keeps only the figures, so it stays
// responsive whatever the check costs. The message shapes are in check-messages.ts.

import { Checker } from '../checker/check';
import { livenessCheck } from '../checker/liveness';
import { REGISTRY } from '../protocols/registry';
import { CHECK_POST_MS, CHECK_SLICE_MS, PAGE_LIVENESS, summarizeLiveness, type CheckReply, type CheckRequest } from './check-messages';

interface WorkerScope {
  postMessage(m: CheckReply): void;
  onmessage: ((e: MessageEvent<CheckRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let checker: Checker | null = null;
let run = 0;
let paused = false;
let liveness = false;
let timer: ReturnType<typeof setTimeout> | null = null;
let lastPost = 0;

const post = (m: CheckReply) => scope.postMessage(m);

function loop(): void {
  timer = null;
  if (!checker || paused) return;
  try {
    const p = checker.run(CHECK_SLICE_MS);
    const now = performance.now();
    if (checker.done || now - lastPost >= CHECK_POST_MS) {
      lastPost = now;
      post({ type: 'progress', run, progress: p });
    }
    if (!checker.done) timer = setTimeout(loop, 0);
    else if (liveness && !p.finding) {
      // The liveness sanity check runs in one piece (seconds); cancelling it ends this worker.
      post({ type: 'liveness', run, result: summarizeLiveness(livenessCheck(checker.target, PAGE_LIVENESS)) });
    }
  } catch (e) {
    checker = null;
    post({ type: 'error', run, message: e instanceof Error ? e.message : String(e) });
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'start':
      if (timer) clearTimeout(timer);
      timer = null;
      run = m.run;
      paused = false;
      liveness = m.liveness;
      try {
        checker = new Checker(REGISTRY, m.setup);
      } catch (err) {
        checker = null;
        post({ type: 'error', run, message: err instanceof Error ? err.message : String(err) });
        return;
      }
      lastPost = performance.now();
      post({ type: 'progress', run, progress: checker.progress() });
      timer = setTimeout(loop, 0);
      return;
    case 'pause':
      paused = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (checker) post({ type: 'progress', run, progress: checker.progress() });
      return;
    case 'resume':
      if (!checker || !paused) return;
      paused = false;
      timer = setTimeout(loop, 0);
      return;
    case 'cancel':
      if (timer) clearTimeout(timer);
      timer = null;
      checker = null;
      return;
  }
};
