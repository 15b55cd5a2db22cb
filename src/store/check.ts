// The Check tab's state of one lab: the exhaustive checker (src/checker, `npm run check`) run in
// slices on the page (a slice of SLICE_MS, then a yield, so the page keeps answering), its
// figures, its counterexample (opened in the lab as a scenario), and a step-by-step walk through
// the untimed view ("what can happen next"). Loaded with the Check tab, so the main bundle does
// not carry the checker.

import { createStore, useStore, type StoreApi } from 'zustand';
import { Checker, checkTarget, type CheckProgress, type CheckTarget } from '../checker/check';
import { counterexampleScenario } from '../checker/link';
import type { UntimedAction, UntimedState } from '../kernel';
import { scenarioUrl } from '../scenario';
import type { LabStore } from './lab';

export const SLICE_MS = 12;
export type CheckMode = 'idle' | 'running' | 'paused' | 'done';

/** What the user typed, before validation. */
export interface CheckInput {
  protocol: string;
  mutant: string;
  maxTerm: string;
  maxLog: string;
  crashes: string;
  inFlight: string;
  maxStates: string;
}

export interface WalkStep {
  text: string;
}

export interface CheckState {
  mode: CheckMode;
  progress: CheckProgress | null;
  error: string | null;
  notice: string | null;
  /** The walk: the steps taken and the actions enabled now. */
  walk: { protocol: string; taken: string[]; next: WalkStep[] } | null;
}

export interface CheckShape {
  id: string;
  title: string;
  mutants: string[];
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

export function checkControls(lab: LabStore): CheckControls {
  const had = controls.get(lab);
  if (had) return had;
  const registry = lab.registry;
  const store = createStore<CheckState>(() => ({ mode: 'idle', progress: null, error: null, notice: null, walk: null }));
  let checker: Checker | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let walk: { target: CheckTarget; states: UntimedState[]; taken: string[]; actions: UntimedAction[] } | null = null;

  const loop = () => {
    timer = null;
    if (!checker || store.getState().mode !== 'running') return;
    const p = checker.run(SLICE_MS);
    store.setState({ progress: p, mode: checker.done ? 'done' : 'running' });
    if (!checker.done) timer = setTimeout(loop, 0);
  };
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
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
      .map((x) => ({ id: x.id, title: x.title, mutants: Object.keys(x.mutants) })),
    start(input) {
      stop();
      try {
        if (!registry.has(input.protocol) || !registry.shape(input.protocol).plugin.check) throw new Error(`${input.protocol || 'this protocol'} cannot be checked`);
        const shape = registry.shape(input.protocol);
        const mutant = input.mutant.trim() || null;
        if (mutant && !(mutant in shape.mutants)) throw new Error(`unknown mutant '${mutant.slice(0, 40)}'`);
        checker = new Checker(registry, {
          protocol: input.protocol,
          mutant,
          bounds: {
            maxTerm: whole('Max term', input.maxTerm, 0, 16),
            maxLog: whole('Max log', input.maxLog, 0, 16),
            maxCrashes: whole('Crashes', input.crashes, 0, 8),
            maxInFlight: whole('Messages in flight', input.inFlight, 1, 64),
          },
          maxStates: whole('Max states', input.maxStates, 1, 20_000_000),
        });
        store.setState({ mode: 'running', error: null, notice: null, progress: checker.progress() });
        timer = setTimeout(loop, 0);
      } catch (e) {
        checker = null;
        store.setState({ mode: 'idle', error: e instanceof Error ? e.message : String(e) });
      }
    },
    pause() {
      if (store.getState().mode !== 'running') return;
      stop();
      store.setState({ mode: 'paused' });
    },
    resume() {
      if (store.getState().mode !== 'paused') return;
      store.setState({ mode: 'running' });
      timer = setTimeout(loop, 0);
    },
    cancel() {
      stop();
      checker = null;
      store.setState({ mode: 'idle', progress: null, notice: null });
    },
    openCounterexample() {
      const f = checker?.progress().finding;
      if (!checker || !f) return false;
      try {
        const cx = counterexampleScenario(registry, checker.target, f);
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
      const f = checker?.progress().finding;
      if (!checker || !f) return null;
      const cx = counterexampleScenario(registry, checker.target, f);
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
    controls.delete(lab);
  });
  controls.set(lab, c);
  return c;
}

export function useCheckState<T>(c: CheckControls, select: (s: CheckState) => T): T {
  return useStore(c.store, select);
}

export type { CheckProgress };
