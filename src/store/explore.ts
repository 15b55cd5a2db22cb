// The exploration mode of the page, as an xstate machine: the explorer (src/explorer) run in
// short slices between frames, so the page stays responsive, then its finding shrunk in slices.
// Same runs, same seeds, same shrink as `npm run explore` (ExploreSession, shrinkSteps).
//
//   idle ──START──▶ running ──PAUSE──▶ paused ──RESUME──▶ running
//                     │ a run fails            (CANCEL from running, paused or shrinking ▶ idle)
//                     ▼
//                 shrinking ──▶ found          running ──all runs clean──▶ finished
//
// The slice loop sends TICK {budgetMs, now} while the machine is running or shrinking; `now` is
// the wall clock (performance.now() in the page, a fake clock in tests). Progress is mirrored
// into a small zustand store for the panel.

import { assign, createActor, setup, type Actor } from 'xstate';
import { shrinkSteps, type RunOutcome, type ShrinkResult } from '../explorer/explorer';
import type { ExplorerProfile, PlannedAction, Registry } from '../contracts';
import { findingScenario } from '../explorer/link';
import { explorerTools, profileOf } from '../explorer/explorer';
/** A planned action in the CLI's words (the finding's shrunk actions). */
export { formatAction as formatPlanned } from '../explorer/explorer';
import { ExploreSession } from '../explorer/session';
import { REGISTRY } from '../protocols/registry';
import { scenarioUrl } from '../scenario';
import type { LabStore } from './lab';
import type { ExploreConfig, ExploreFinding, ExploreInput, ExploreMode, ExploreProgress, ExploreState } from './explore-state';

export type { ExploreConfig, ExploreFinding, ExploreInput, ExploreMode, ExploreProgress, ExploreState };

export const RUNS_MAX = 100_000;
export const SEED_MAX = 0xffff_ffff;
/** Wall-time budget of one slice (ms): the page keeps the rest of each frame. */
export const SLICE_MS = 12;
/** While exploring, the panel's figures update at most this often (real ms). */
const PANEL_MS = 100;
/**
 * Replays the shrinker may spend, as `npm run explore` allows: 300 for a finding of a protocol
 * whose failures are classified, `shrink`'s default (400) otherwise.
 */
export const SHRINK_TRIALS_CLASSIFIED = 300;

/** Parse and check the form; a clear message for the first bad field. */
export function parseExploreInput(input: ExploreInput, registry: Registry = REGISTRY): { ok: true; config: ExploreConfig } | { ok: false; error: string } {
  const entry = registry.has(input.protocol) ? registry.shape(input.protocol) : null;
  if (!entry || !profileOf(input.protocol, registry)) return { ok: false, error: `Unknown protocol '${input.protocol.slice(0, 40)}'.` };
  const mutant = input.mutant === '' || input.mutant === 'none' ? null : input.mutant;
  if (mutant !== null && !(mutant in entry.mutants)) return { ok: false, error: `Unknown mutant '${mutant.slice(0, 40)}' for ${input.protocol}.` };
  const runsText = input.runs.trim();
  const runs = /^[0-9]+$/.test(runsText) ? Number(runsText) : NaN;
  if (!Number.isSafeInteger(runs) || runs < 1 || runs > RUNS_MAX)
    return { ok: false, error: `Runs must be a whole number from 1 to ${RUNS_MAX.toLocaleString('en')} (got '${runsText.slice(0, 20)}').` };
  const seedText = input.seed.trim();
  const seed = /^[0-9]+$/.test(seedText) ? Number(seedText) : NaN;
  if (!Number.isSafeInteger(seed) || seed > SEED_MAX)
    return { ok: false, error: `Seed must be a whole number from 0 to ${SEED_MAX} (got '${seedText.slice(0, 20)}').` };
  return { ok: true, config: { protocol: input.protocol, mutant, runs, seed } };
}

const faultActions = (xs: PlannedAction[]) => xs.filter((p) => p.phase !== 'write').length;

interface Context {
  /** The lab's registry: which shapes can be explored, and how runs are built. */
  registry: Registry;
  config: ExploreConfig | null;
  session: ExploreSession | null;
  profile: ExplorerProfile | null;
  shrinker: Generator<number, ShrinkResult, void> | null;
  progress: ExploreProgress | null;
  /**
   * The first failing run; for a protocol whose profile classifies its failures (the published
   * spec), which is explored to the end as `npm run explore` does, the first run of each kind.
   */
  findings: ExploreFinding[];
  /** Which finding the shrinker is working on. */
  shrinking: number;
  error: string | null;
}

export type ExploreEvent =
  | { type: 'START'; input: ExploreInput }
  | { type: 'TICK'; budgetMs: number; now: () => number }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CANCEL' };

const startFrom = (input: ExploreInput, registry: Registry): Partial<Context> => {
  const p = parseExploreInput(input, registry);
  if (!p.ok) return { error: p.error };
  const profile = profileOf(p.config.protocol, registry)!;
  // As the CLI: a protocol expected to fail is explored to the end and its findings listed by kind.
  const session = new ExploreSession(profile, p.config.seed, p.config.runs, p.config.mutant, profile.keepGoing === true, registry);
  return {
    config: p.config,
    profile,
    session,
    shrinker: null,
    findings: [],
    shrinking: 0,
    error: null,
    progress: { done: 0, runs: p.config.runs, events: 0, violations: 0, livenessFailures: 0, elapsedMs: 0, shrinkTrials: 0 },
  };
};

const startTransition = [
  { guard: 'validInput' as const, target: '#explore.running', actions: 'start' as const },
  { actions: 'reject' as const },
];

export const exploreMachine = setup({
  types: { context: {} as Context, events: {} as ExploreEvent, input: {} as { registry?: Registry } | undefined },
  guards: {
    validInput: ({ context, event }) => event.type === 'START' && parseExploreInput(event.input, context.registry).ok,
    failed: ({ context }) => context.session?.state.finished === true && context.findings.length > 0,
    clean: ({ context }) => context.session?.state.finished === true && context.findings.length === 0,
    shrunk: ({ context }) => context.findings.length > 0 && context.findings.every((f) => f.shrunk !== null),
  },
  actions: {
    start: assign(({ context, event }) => (event.type === 'START' ? startFrom(event.input, context.registry) : {})),
    reject: assign(({ context, event }) => {
      if (event.type !== 'START') return {};
      const p = parseExploreInput(event.input, context.registry);
      return { error: p.ok ? null : p.error };
    }),
    clear: assign({ session: null, shrinker: null, progress: null, findings: [], shrinking: 0, error: null, config: null, profile: null }),
    runSlice: assign(({ context, event }) => {
      if (event.type !== 'TICK' || !context.session || !context.progress) return {};
      const t0 = event.now();
      const s = context.session.slice(event.budgetMs, event.now);
      const progress: ExploreProgress = {
        ...context.progress,
        done: s.done,
        events: s.events,
        violations: s.violations,
        livenessFailures: s.livenessFailures,
        elapsedMs: context.progress.elapsedMs + (event.now() - t0),
      };
      const profile = context.profile!;
      const found = profile.classify && context.session.keepGoing ? s.findings : s.finding ? [{ id: null, seed: s.finding.seed, run: s.done, outcome: s.finding.outcome, count: 1 }] : [];
      if (found.length === context.findings.length && found.every((f, i) => f.count === context.findings[i]!.count)) return { progress };
      const findings = found.map((x, i): ExploreFinding => {
        const old = context.findings[i];
        if (old) return old.count === x.count ? old : { ...old, count: x.count };
        const o = x.outcome;
        const classification = x.id ?? null;
        return {
          seed: x.seed,
          run: x.run,
          kind: o.failure!.kind,
          property: o.failure!.property,
          message: o.failure!.message,
          classification,
          classificationText: classification !== null ? (profile.findingText?.[classification] ?? null) : null,
          count: x.count,
          actions: faultActions(o.applied),
          shrunkActions: null,
          shrunk: null,
          outcome: o,
        };
      });
      return { progress, findings };
    }),
    shrinkSlice: assign(({ context, event }) => {
      if (event.type !== 'TICK' || !context.progress || !context.profile) return {};
      const profile = context.profile;
      const t0 = event.now();
      const end = t0 + event.budgetMs;
      let { shrinker, shrinking: i } = context;
      let trials = context.progress.shrinkTrials;
      const findings = context.findings.slice();
      do {
        const f = findings[i];
        if (!f) break;
        if (!shrinker) {
          // As the CLI: a classified finding shrinks to a run of the same kind, else of the same property.
          const id = f.classification;
          shrinker =
            id !== null && profile.classify
              ? shrinkSteps(profile, f.outcome, SHRINK_TRIALS_CLASSIFIED, (x: RunOutcome) => profile.classify!(x, explorerTools(context.registry)) === id, context.registry)
              : shrinkSteps(profile, f.outcome, undefined, undefined, context.registry);
        }
        const r = shrinker.next();
        trials++;
        if (r.done) {
          const res = r.value;
          findings[i] = { ...f, shrunk: res.actions, shrunkActions: faultActions(res.outcome.applied), outcome: res.outcome, message: res.outcome.failure?.message ?? f.message };
          shrinker = null;
          i++;
          trials--;
        }
      } while (event.now() < end);
      return { shrinker, shrinking: i, findings, progress: { ...context.progress, shrinkTrials: trials } };
    }),
  },
}).createMachine({
  id: 'explore',
  initial: 'idle',
  context: ({ input }) => ({ registry: input?.registry ?? REGISTRY, config: null, session: null, profile: null, shrinker: null, progress: null, findings: [], shrinking: 0, error: null }),
  states: {
    idle: {
      on: { START: startTransition },
    },
    running: {
      always: [
        { guard: 'failed', target: 'shrinking' },
        { guard: 'clean', target: 'finished' },
      ],
      on: {
        TICK: { actions: 'runSlice' },
        PAUSE: 'paused',
        CANCEL: { target: 'idle', actions: 'clear' },
      },
    },
    paused: {
      on: {
        RESUME: 'running',
        CANCEL: { target: 'idle', actions: 'clear' },
      },
    },
    shrinking: {
      always: { guard: 'shrunk', target: 'found' },
      on: {
        TICK: { actions: 'shrinkSlice' },
        CANCEL: { target: 'idle', actions: 'clear' },
      },
    },
    found: {
      on: { START: startTransition, CANCEL: { target: 'idle', actions: 'clear' } },
    },
    finished: {
      on: { START: startTransition, CANCEL: { target: 'idle', actions: 'clear' } },
    },
  },
});

export type ExploreActor = Actor<typeof exploreMachine>;

export interface LoopDeps {
  now: () => number;
  /** Run `fn` soon (after the page had a chance to paint); returns a cancel function. */
  schedule: (fn: () => void) => () => void;
  sliceMs?: number;
}

/**
 * The slice loop: while the actor is running or shrinking, one TICK per scheduled callback.
 * Returns a function that stops the loop.
 */
export function startSliceLoop(actor: ExploreActor, deps: LoopDeps): () => void {
  let cancel: (() => void) | null = null;
  const busy = () => {
    const v = actor.getSnapshot().value;
    return v === 'running' || v === 'shrinking';
  };
  const tick = () => {
    cancel = null;
    if (!busy()) return;
    actor.send({ type: 'TICK', budgetMs: deps.sliceMs ?? SLICE_MS, now: deps.now });
    arm();
  };
  const arm = () => {
    if (cancel === null && busy()) cancel = deps.schedule(tick);
    else if (cancel !== null && !busy()) {
      // Paused, cancelled or done: drop the pending slice.
      cancel();
      cancel = null;
    }
  };
  const sub = actor.subscribe(arm);
  arm();
  return () => {
    sub.unsubscribe();
    cancel?.();
    cancel = null;
  };
}

// ---- Each lab's instance: one exploration at a time, mirrored into the lab's explore store. ----

export interface ExploreControls {
  actor: ExploreActor;
  start(input: ExploreInput): void;
  pause(): void;
  resume(): void;
  cancel(): void;
  /** Load the finding into the lab. Returns false (with a notice) if the lab refused it. */
  openFinding(f: ExploreFinding): boolean;
  /** The finding as a Janus Lab link on `baseUrl`. */
  findingUrl(f: ExploreFinding, baseUrl: string): Promise<string>;
}

const controls = new WeakMap<LabStore, ExploreControls>();

/** The lab's exploration (created, with its slice loop, on first use; stopped when the lab is disposed). */
export function exploreControls(store: LabStore): ExploreControls {
  const had = controls.get(store);
  if (had) return had;
  const out = store.explore;
  const registry = store.registry;
  const actor = createActor(exploreMachine, { input: { registry } });
  let lastPublish = -Infinity;
  actor.subscribe((snap) => {
    const c = snap.context;
    const s = out.getState();
    const mode = snap.value as ExploreMode;
    const moved = s.mode !== mode || s.findings !== c.findings || s.error !== c.error || s.config !== c.config;
    // The figures alone re-render the panel at most every PANEL_MS; a change of mode or finding at once.
    const real = performance.now();
    if (moved || (s.progress !== c.progress && real - lastPublish >= PANEL_MS)) {
      lastPublish = real;
      out.setState({ mode, progress: c.progress, findings: c.findings, error: c.error, config: c.config, notice: mode === s.mode ? s.notice : null });
    }
  });
  actor.start();
  const stopLoop = startSliceLoop(actor, {
    now: () => performance.now(),
    // setTimeout rather than requestAnimationFrame: a slice of SLICE_MS then a yield lets the
    // browser paint and handle input, and it keeps going in a tab that is not in front.
    schedule: (fn) => {
      const id = setTimeout(fn, 0);
      return () => clearTimeout(id);
    },
  });
  const c: ExploreControls = {
    actor,
    start: (input) => {
      // A shape whose plug-in is not loaded yet (the page's registry): load it, then start.
      if (registry.loaded(input.protocol) || !registry.known(input.protocol)) return void actor.send({ type: 'START', input });
      void registry.load(input.protocol).then(
        () => actor.send({ type: 'START', input }),
        (e: unknown) => out.setState({ notice: e instanceof Error ? e.message : String(e) }),
      );
    },
    pause: () => actor.send({ type: 'PAUSE' }),
    resume: () => actor.send({ type: 'RESUME' }),
    cancel: () => actor.send({ type: 'CANCEL' }),
    openFinding: (f) => {
      try {
        const { scenario } = findingAsScenario(f, registry);
        store.getState().loadScenario(scenario);
        out.setState({ notice: `Opened run seed ${f.seed} in the lab, just after the failure.` });
        return true;
      } catch (e) {
        out.setState({ notice: `Could not open the finding: ${e instanceof Error ? e.message : String(e)}` });
        return false;
      }
    },
    findingUrl: (f, baseUrl) => {
      const { scenario, traceHash } = findingAsScenario(f, registry);
      return scenarioUrl(baseUrl, scenario, { traceHash });
    },
  };
  store.onDispose(() => {
    stopLoop();
    actor.stop();
    controls.delete(store);
  });
  controls.set(store, c);
  return c;
}

/** The finding's (shrunk) run as a scenario, landing just after the failure. */
export function findingAsScenario(f: ExploreFinding, registry: Registry = REGISTRY) {
  return findingScenario(f.outcome.plan, f.outcome.applied, f.outcome.failure, registry);
}
