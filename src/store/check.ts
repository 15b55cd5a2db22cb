// The Check tab's state of one lab: the exhaustive checker (src/checker, `npm run check`) run in
// a Web Worker (check.worker.ts: the main thread only receives its figures about five times a
// second, so the page keeps answering), its figures, its counterexample (opened in the lab as a
// scenario), and a step-by-step walk through the untimed view ("what can happen next", on the
// main thread). Where there is no Worker (Node, vitest) or the lab runs another registry than the
// page's, the checker runs in slices on the main thread instead (a slice of SLICE_MS, then a
// yield). Loaded with the Check tab, so the main bundle does not carry the checker.

import { createStore, useStore, type StoreApi } from 'zustand';
import { Checker, checkTarget, type CheckProgress, type CheckSetup, type CheckTarget } from '../checker/check';
import { counterexampleScenario } from '../checker/link';
import { livenessCheck, livenessUnsupported } from '../checker/liveness';
import type { UntimedAction, UntimedState } from '../kernel';
import { REGISTRY } from '../protocols/registry';
import { scenarioUrl } from '../scenario';
import { PAGE_LIVENESS, summarizeLiveness, type CheckReply, type CheckRequest, type LivenessSummary } from './check-messages';
import type { LabStore } from './lab';

export const SLICE_MS = 12;
export type CheckMode = 'idle' | 'running' | 'paused' | 'done';
/** Where the check runs: in the Web Worker, or in slices on the page's main thread (no Worker). */
export type CheckRunner = 'worker' | 'main';

/** What the user typed, before validation. */
export interface CheckInput {
  protocol: string;
  mutant: string;
  maxTerm: string;
  maxLog: string;
  crashes: string;
  inFlight: string;
  maxStates: string;
  /** Then the liveness sanity check from sampled states (PAGE_LIVENESS), when the check finds no violation. */
  liveness?: boolean;
}

export interface WalkStep {
  text: string;
}

export interface CheckState {
  mode: CheckMode;
  progress: CheckProgress | null;
  error: string | null;
  notice: string | null;
  /** Where the current check runs (null before the first). */
  runner: CheckRunner | null;
  /** The liveness sanity check of the current check: 'running', its summary, or null (not asked for). */
  liveness: 'running' | LivenessSummary | null;
  /** The walk: the steps taken and the actions enabled now. */
  walk: { protocol: string; taken: string[]; next: WalkStep[] } | null;
}

export interface CheckShape {
  id: string;
  title: string;
  mutants: string[];
  /** Does its plug-in declare the liveness sanity check's promise? */
  liveness: boolean;
}

export interface CheckControls {
  store: StoreApi<CheckState>;
  /** The shapes whose plug-in declares a check. */
  shapes: CheckShape[];
  start(input: CheckInput): void;
  pause(): void;
  resume(): void;
  cancel(): void;
  /** Load the shortest counterexample into the lab. */
  openCounterexample(): boolean;
  counterexampleUrl(baseUrl: string): Promise<string | null>;
  walkStart(protocol: string): void;
  walkTake(index: number): void;
  walkBack(): void;
}

const whole = (name: string, raw: string, min: number, max: number): number => {
  const t = raw.trim();
  if (!/^\d+$/.test(t)) throw new Error(`${name} must be a whole number`);
  const v = Number(t);
  if (v < min || v > max) throw new Error(`${name} must be between ${min} and ${max}`);
  return v;
};

const controls = new WeakMap<LabStore, CheckControls>();

/** A module worker running check.worker.ts, or null where the page cannot start one. */
function spawnWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./check.worker.ts', import.meta.url), { type: 'module', name: 'checker' });
  } catch {
    return null;
  }
}

export function checkControls(lab: LabStore): CheckControls {
  const had = controls.get(lab);
  if (had) return had;
  const registry = lab.registry;
  const store = createStore<CheckState>(() => ({ mode: 'idle', progress: null, error: null, notice: null, runner: null, liveness: null, walk: null }));
  /** The in-thread checker (no worker). */
  let checker: Checker | null = null;
  /** The target of the current check (its counterexample is built on the main thread). */
  let target: CheckTarget | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let worker: Worker | null = null;
  /** The worker failed to load once: check on the main thread from then on. */
  let workerBroken = registry !== REGISTRY;
  /** Number of the current run: replies of an older one are ignored. */
  let runNo = 0;
  let setupNow: CheckSetup | null = null;
  let walk: { target: CheckTarget; states: UntimedState[]; taken: string[]; actions: UntimedAction[] } | null = null;

  const loop = () => {
    timer = null;
    if (!checker || store.getState().mode !== 'running') return;
    const p = checker.run(SLICE_MS);
    store.setState({ progress: p, mode: checker.done ? 'done' : 'running' });
    if (!checker.done) timer = setTimeout(loop, 0);
    else if (store.getState().liveness === 'running') {
      if (p.finding) store.setState({ liveness: null });
      else {
        const c = checker;
        // Let the verdict draw first; the sanity check then runs in one piece.
        timer = setTimeout(() => {
          timer = null;
          if (checker === c) store.setState({ liveness: summarizeLiveness(livenessCheck(c.target, PAGE_LIVENESS)) });
        }, 0);
      }
    }
  };
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    runNo++;
    checker = null;
    if (worker && store.getState().liveness === 'running' && store.getState().mode === 'done') {
      // The worker is inside the liveness check (one piece): end it rather than wait.
      worker.terminate();
      worker = null;
    } else if (worker) worker.postMessage({ type: 'cancel' } satisfies CheckRequest);
  };
  const startInThread = (setup: CheckSetup) => {
    checker = new Checker(registry, setup);
    store.setState({ mode: 'running', runner: 'main', progress: checker.progress() });
    timer = setTimeout(loop, 0);
  };
  const onReply = (e: MessageEvent<CheckReply>) => {
    const m = e.data;
    if (m.run !== runNo || checker) return;
    if (m.type === 'error') {
      store.setState({ mode: 'idle', error: m.message, liveness: null });
      return;
    }
    const mode = store.getState().mode;
    if (mode === 'idle') return;
    if (m.type === 'liveness') {
      store.setState({ liveness: m.result });
      return;
    }
    const done = m.progress.verdict !== 'running';
    store.setState({ progress: m.progress, mode: done ? 'done' : mode, ...(done && m.progress.finding ? { liveness: null } : {}) });
  };
  const ensureWorker = (): Worker | null => {
    if (workerBroken) return null;
    if (worker) return worker;
    worker = spawnWorker();
    if (!worker) {
      workerBroken = true;
      return null;
    }
    worker.onmessage = onReply;
    worker.onerror = (ev) => {
      // The worker's script did not load or threw outside a handler: check on the page instead.
      ev.preventDefault();
      worker?.terminate();
      worker = null;
      workerBroken = true;
      const setup = setupNow;
      if (setup && store.getState().mode !== 'idle' && !checker) {
        runNo++;
        store.setState({ notice: 'The checker could not run in a worker; it runs on the page instead.' });
        startInThread(setup);
      }
    };
    return worker;
  };
  const publishWalk = () => {
    if (!walk) return store.setState({ walk: null });
    const s = walk.states[walk.states.length - 1]!;
    walk.actions = walk.target.model.actions(s);
    const info = walk.target.shape.plugin.protocol;
    store.setState({
      walk: {
        protocol: walk.target.spec.protocol,
        taken: walk.taken.slice(),
        next: walk.actions.map((a) => ({ text: walk!.target.model.describe(s, a, (m) => info.messageInfo(m).label) })),
      },
    });
  };

  const c: CheckControls = {
    store,
    shapes: Object.values(registry.shapes)
      .filter((x) => x.plugin.check)
      .map((x) => ({ id: x.id, title: x.title, mutants: Object.keys(x.mutants), liveness: livenessUnsupported(x.plugin.check!) === null })),
    start(input) {
      stop();
      try {
        if (!registry.has(input.protocol) || !registry.shape(input.protocol).plugin.check) throw new Error(`${input.protocol || 'this protocol'} cannot be checked`);
        const shape = registry.shape(input.protocol);
        const mutant = input.mutant.trim() || null;
        if (mutant && !(mutant in shape.mutants)) throw new Error(`unknown mutant '${mutant.slice(0, 40)}'`);
        const setup: CheckSetup = {
          protocol: input.protocol,
          mutant,
          bounds: {
            maxTerm: whole('Max term', input.maxTerm, 0, 16),
            maxLog: whole('Max log', input.maxLog, 0, 16),
            maxCrashes: whole('Crashes', input.crashes, 0, 8),
            maxInFlight: whole('Messages in flight', input.inFlight, 1, 64),
          },
          maxStates: whole('Max states', input.maxStates, 1, 20_000_000),
        };
        const live = input.liveness === true;
        const why = live ? livenessUnsupported(shape.plugin.check!) : null;
        if (why) throw new Error(`${input.protocol} ${why}: no liveness sanity check`);
        // Built here too: it validates the setup at once, and the counterexample is built from it.
        target = checkTarget(registry, setup);
        setupNow = setup;
        store.setState({ error: null, notice: null, liveness: live ? 'running' : null });
        const w = ensureWorker();
        if (w) {
          store.setState({ mode: 'running', runner: 'worker', progress: null });
          w.postMessage({ type: 'start', run: runNo, setup, liveness: live } satisfies CheckRequest);
        } else startInThread(setup);
      } catch (e) {
        checker = null;
        target = null;
        store.setState({ mode: 'idle', progress: null, liveness: null, error: e instanceof Error ? e.message : String(e) });
      }
    },
    pause() {
      if (store.getState().mode !== 'running') return;
      if (timer) clearTimeout(timer);
      timer = null;
      if (!checker && worker) worker.postMessage({ type: 'pause' } satisfies CheckRequest);
      store.setState({ mode: 'paused' });
    },
    resume() {
      if (store.getState().mode !== 'paused') return;
      store.setState({ mode: 'running' });
      if (checker) timer = setTimeout(loop, 0);
      else if (worker) worker.postMessage({ type: 'resume' } satisfies CheckRequest);
    },
    cancel() {
      stop();
      target = null;
      setupNow = null;
      store.setState({ mode: 'idle', progress: null, notice: null, liveness: null });
    },
    openCounterexample() {
      const f = store.getState().progress?.finding;
      if (!target || !f) return false;
      try {
        const cx = counterexampleScenario(registry, target, f);
        lab.getState().loadScenario(cx.scenario);
        store.setState({
          notice: `Opened the ${f.depth}-step counterexample in the lab, just after ${f.property} broke${cx.timed.faithful ? '' : ` (the timed replay parted from the checker's path at step ${cx.timed.partedAt})`}.`,
        });
        return true;
      } catch (e) {
        store.setState({ notice: `Could not open the counterexample: ${e instanceof Error ? e.message : String(e)}` });
        return false;
      }
    },
    async counterexampleUrl(baseUrl) {
      const f = store.getState().progress?.finding;
      if (!target || !f) return null;
      const cx = counterexampleScenario(registry, target, f);
      return scenarioUrl(baseUrl, cx.scenario, { traceHash: cx.traceHash });
    },
    walkStart(protocol) {
      try {
        const target = checkTarget(registry, { protocol, bounds: { maxCrashes: 1, maxWrites: 2, maxLog: 2 } });
        walk = { target, states: [target.model.init()], taken: [], actions: [] };
        store.setState({ error: null });
      } catch (e) {
        walk = null;
        store.setState({ error: e instanceof Error ? e.message : String(e) });
      }
      publishWalk();
    },
    walkTake(index) {
      if (!walk) return;
      const s = walk.states[walk.states.length - 1]!;
      const a = walk.actions[index];
      if (!a) return;
      const n = walk.target.model.next(s, a);
      if (!n) return;
      walk.taken.push(store.getState().walk?.next[index]?.text ?? a.kind);
      walk.states.push(n);
      publishWalk();
    },
    walkBack() {
      if (!walk || walk.states.length < 2) return;
      walk.states.pop();
      walk.taken.pop();
      publishWalk();
    },
  };
  lab.onDispose(() => {
    stop();
    worker?.terminate();
    worker = null;
    controls.delete(lab);
  });
  controls.set(lab, c);
  return c;
}

export function useCheckState<T>(c: CheckControls, select: (s: CheckState) => T): T {
  return useStore(c.store, select);
}

export type { CheckProgress };
