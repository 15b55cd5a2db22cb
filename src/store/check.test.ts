// The Check tab's store: the check runs in the Web Worker where there is one (here a stand-in
// Worker that runs the real check.worker.ts module in this thread, messages passed through
// structuredClone and a task each, as a browser does), and in slices on the main thread where
// there is none; both give the same figures and verdict, pause / resume / cancel work, and the
// counterexample a worker found opens in the lab.

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Checker, checkTarget } from '../checker/check';
import { livenessCheck } from '../checker/liveness';
import { PAGE_LIVENESS, summarizeLiveness } from './check-messages';
import { REGISTRY } from '../protocols/registry';
import { checkControls, type CheckControls, type CheckInput, type CheckState } from './check';
import { createLabStore } from './lab';

const SMALL_BUG: CheckInput = { protocol: 'janus-3+1', mutant: 'commit-on-majority', maxTerm: '1', maxLog: '1', crashes: '0', inFlight: '3', maxStates: '200000' };
const LONG: CheckInput = { protocol: 'janus-2+1', mutant: '', maxTerm: '2', maxLog: '1', crashes: '0', inFlight: '2', maxStates: '3000' };

interface Scope {
  postMessage(m: unknown): void;
  onmessage: ((e: { data: unknown }) => void) | null;
}

/** A Worker stand-in wired to the worker module's `self`. */
class FakeWorker {
  static created = 0;
  static live: FakeWorker | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: unknown = null;
  terminated = false;
  constructor() {
    FakeWorker.created++;
    FakeWorker.live = this;
  }
  postMessage(m: unknown): void {
    const copy = structuredClone(m);
    setTimeout(() => {
      if (!this.terminated) scope.onmessage?.({ data: copy });
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const scope: Scope = {
  onmessage: null,
  postMessage(m) {
    const copy = structuredClone(m);
    setTimeout(() => {
      const w = FakeWorker.live;
      if (w && !w.terminated) w.onmessage?.({ data: copy });
    }, 0);
  },
};

const until = async (c: CheckControls, ok: (s: CheckState) => boolean, ms = 60_000): Promise<CheckState> => {
  const end = Date.now() + ms;
  while (!ok(c.store.getState())) {
    if (Date.now() > end) throw new Error(`timed out in mode ${c.store.getState().mode}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return c.store.getState();
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('check store without a Worker (main-thread slices)', () => {
  it('finds the mutant, with the figures of the CLI loop, and opens its counterexample', async () => {
    const lab = createLabStore(REGISTRY);
    const c = checkControls(lab);
    c.start(SMALL_BUG);
    expect(c.store.getState().runner).toBe('main');
    const s = await until(c, (x) => x.mode === 'done');
    expect(s.progress!.verdict).toBe('violation');
    const cli = new Checker(REGISTRY, { protocol: 'janus-3+1', mutant: 'commit-on-majority', bounds: { maxTerm: 1, maxLog: 1, maxCrashes: 0, maxInFlight: 3 }, maxStates: 200000 }).run();
    expect(s.progress!.states).toBe(cli.states);
    expect(s.progress!.finding!.depth).toBe(cli.finding!.depth);
    expect(c.openCounterexample()).toBe(true);
    expect(c.store.getState().notice).toMatch(/Opened the \d+-step counterexample/);
    lab.dispose();
  });

  it('runs the liveness sanity check after a check without violation, and refuses it for a shape without a promise', async () => {
    const c = checkControls(createLabStore(REGISTRY));
    expect(c.shapes.find((x) => x.id === 'janus-2+1')!.liveness).toBe(true);
    expect(c.shapes.find((x) => x.id === 'janus-published')!.liveness).toBe(false);
    c.start({ protocol: 'janus-2+1', mutant: '', maxTerm: '1', maxLog: '1', crashes: '0', inFlight: '2', maxStates: '200000', liveness: true });
    expect(c.store.getState().liveness).toBe('running');
    const s = await until(c, (x) => x.mode === 'done' && x.liveness !== 'running');
    expect(s.progress!.verdict).toBe('ok');
    const live = s.liveness as Exclude<CheckState['liveness'], 'running' | null>;
    expect(live.sampled).toBe(10);
    expect(live.failures).toEqual([]);
    expect(live.ok).toBeGreaterThan(0);
    c.start({ ...SMALL_BUG, protocol: 'janus-published', mutant: '', liveness: true });
    expect(c.store.getState()).toMatchObject({ mode: 'idle', liveness: null });
    expect(c.store.getState().error).toMatch(/janus-published declares no liveness promise/);
  }, 120_000);

  it('refuses bad bounds with a message and starts nothing', () => {
    const c = checkControls(createLabStore(REGISTRY));
    c.start({ ...SMALL_BUG, maxLog: '-1' });
    expect(c.store.getState()).toMatchObject({ mode: 'idle', progress: null, error: 'Max log must be a whole number' });
    c.start({ ...SMALL_BUG, mutant: 'nope' });
    expect(c.store.getState().error).toMatch(/unknown mutant 'nope'/);
  });
});

describe('check store with a Worker (check.worker.ts)', () => {
  const g = globalThis as unknown as { Worker?: unknown; self?: unknown };
  beforeAll(async () => {
    g.self = scope;
    g.Worker = FakeWorker;
    await import('./check.worker');
    expect(scope.onmessage).toBeTypeOf('function');
  });
  afterEach(() => {
    FakeWorker.live?.terminate();
  });

  it('runs in the worker and gives the same verdict and figures as the main thread', async () => {
    const lab = createLabStore(REGISTRY);
    const c = checkControls(lab);
    const before = FakeWorker.created;
    c.start(SMALL_BUG);
    expect(FakeWorker.created).toBe(before + 1);
    expect(c.store.getState()).toMatchObject({ runner: 'worker', mode: 'running' });
    const s = await until(c, (x) => x.mode === 'done');
    expect(s.progress!.verdict).toBe('violation');
    const cli = new Checker(REGISTRY, { protocol: 'janus-3+1', mutant: 'commit-on-majority', bounds: { maxTerm: 1, maxLog: 1, maxCrashes: 0, maxInFlight: 3 }, maxStates: 200000 }).run();
    expect(s.progress!.states).toBe(cli.states);
    expect(s.progress!.transitions).toBe(cli.transitions);
    expect(s.progress!.finding!.path).toEqual(cli.finding!.path);
    // The counterexample the worker found opens in the lab (built on the main thread).
    expect(c.openCounterexample()).toBe(true);
    const url = await c.counterexampleUrl('http://x.test/');
    expect(url).toMatch(/^http:\/\/x\.test\//);
  });

  it('runs the liveness sanity check in the worker too, with the result of livenessCheck', async () => {
    const c = checkControls(createLabStore(REGISTRY));
    c.start({ protocol: 'janus-2+1', mutant: '', maxTerm: '1', maxLog: '1', crashes: '0', inFlight: '2', maxStates: '200000', liveness: true });
    expect(c.store.getState()).toMatchObject({ runner: 'worker', liveness: 'running' });
    const s = await until(c, (x) => x.mode === 'done' && x.liveness !== 'running', 240_000);
    const live = s.liveness as Exclude<CheckState['liveness'], 'running' | null>;
    const direct = summarizeLiveness(livenessCheck(checkTarget(REGISTRY, { protocol: 'janus-2+1', bounds: { maxTerm: 1, maxLog: 1, maxCrashes: 0, maxInFlight: 2 } }), PAGE_LIVENESS));
    expect({ ...live, seconds: 0 }).toEqual({ ...direct, seconds: 0 });
    expect(live.sampled).toBe(PAGE_LIVENESS.samples);
  }, 240_000);

  it('pauses, resumes and cancels; a cancelled run posts nothing more', async () => {
    const c = checkControls(createLabStore(REGISTRY));
    c.start(LONG);
    c.pause();
    expect(c.store.getState().mode).toBe('paused');
    await sleep(150);
    const held = c.store.getState().progress?.states ?? 0;
    await sleep(150);
    expect(c.store.getState().mode).toBe('paused');
    expect(c.store.getState().progress?.states ?? 0).toBe(held);
    expect(held).toBeLessThan(3000);
    c.resume();
    const s = await until(c, (x) => x.mode === 'done');
    expect(s.progress!.verdict).toBe('limit');
    expect(s.progress!.states).toBeGreaterThanOrEqual(3000);

    c.start({ ...LONG, maxStates: '20000000' });
    await until(c, (x) => (x.progress?.states ?? 0) > 1);
    c.cancel();
    expect(c.store.getState()).toMatchObject({ mode: 'idle', progress: null });
    await sleep(300);
    expect(c.store.getState()).toMatchObject({ mode: 'idle', progress: null });
  });
});
