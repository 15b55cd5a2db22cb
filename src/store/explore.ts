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
import { create } from 'zustand';
import { shrinkSteps, type RunOutcome, type ShrinkResult } from '../explorer/explorer';
import { findingLink, findingScenario } from '../explorer/link';
import type { ExplorerProfile, PlannedAction } from '../contracts';
import { explorerTools, profileOf } from '../explorer/explorer';
import { ExploreSession } from '../explorer/session';
import { PROTOCOLS } from '../protocols/registry';
import { useLab } from './lab';

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

/** Parse and check the form; a clear message for the first bad field. */
export function parseExploreInput(input: ExploreInput): { ok: true; config: ExploreConfig } | { ok: false; error: string } {
  const entry = PROTOCOLS[input.protocol];
  if (!entry || !profileOf(input.protocol)) return { ok: false, error: `Unknown protocol '${input.protocol.slice(0, 40)}'.` };
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

const startFrom = (input: ExploreInput): Partial<Context> => {
  const p = parseExploreInput(input);
  if (!p.ok) return { error: p.error };
  const profile = profileOf(p.config.protocol)!;
  // As the CLI: a protocol expected to fail is explored to the end and its findings listed by kind.
  const session = new ExploreSession(profile, p.config.seed, p.config.runs, p.config.mutant, profile.keepGoing === true);
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
  types: { context: {} as Context, events: {} as ExploreEvent },
  guards: {
    validInput: ({ event }) => event.type === 'START' && parseExploreInput(event.input).ok,
    failed: ({ context }) => context.session?.state.finished === true && context.findings.length > 0,
    clean: ({ context }) => context.session?.state.finished === true && context.findings.length === 0,
    shrunk: ({ context }) => context.findings.length > 0 && context.findings.every((f) => f.shrunk !== null),
  },
  actions: {
    start: assign(({ event }) => (event.type === 'START' ? startFrom(event.input) : {})),
    reject: assign(({ event }) => (event.type === 'START' ? { error: parseExploreInput(event.input).ok ? null : (parseExploreInput(event.input) as { error: string }).error } : {})),
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
              ? shrinkSteps(profile, f.outcome, SHRINK_TRIALS_CLASSIFIED, (x: RunOutcome) => profile.classify!(x, explorerTools()) === id)
              : shrinkSteps(profile, f.outcome);
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
  context: { config: null, session: null, profile: null, shrinker: null, progress: null, findings: [], shrinking: 0, error: null },
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

// ---- The page's instance: one exploration at a time, mirrored into zustand for the panel. ----

export interface ExploreView {
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

export const useExplore = create<ExploreView>(() => ({ mode: 'idle', config: null, progress: null, findings: [], error: null, notice: null, input: null }));

let pageActor: ExploreActor | null = null;

/** The page's exploration actor (created, with its slice loop, on first use). */
export function exploreActor(): ExploreActor {
  if (pageActor) return pageActor;
  const actor = createActor(exploreMachine);
  let lastPublish = -Infinity;
  actor.subscribe((snap) => {
    const c = snap.context;
    const s = useExplore.getState();
    const mode = snap.value as ExploreMode;
    const moved = s.mode !== mode || s.findings !== c.findings || s.error !== c.error || s.config !== c.config;
    // The figures alone re-render the panel at most every PANEL_MS; a change of mode or finding at once.
    const real = performance.now();
    if (moved || (s.progress !== c.progress && real - lastPublish >= PANEL_MS)) {
      lastPublish = real;
      useExplore.setState({ mode, progress: c.progress, findings: c.findings, error: c.error, config: c.config, notice: mode === s.mode ? s.notice : null });
    }
  });
  actor.start();
  startSliceLoop(actor, {
    now: () => performance.now(),
    // setTimeout rather than requestAnimationFrame: a slice of SLICE_MS then a yield lets the
    // browser paint and handle input, and it keeps going in a tab that is not in front.
    schedule: (fn) => {
      const id = setTimeout(fn, 0);
      return () => clearTimeout(id);
    },
  });
  pageActor = actor;
  return actor;
}

export const exploreStart = (input: ExploreInput) => exploreActor().send({ type: 'START', input });
export const explorePause = () => exploreActor().send({ type: 'PAUSE' });
export const exploreResume = () => exploreActor().send({ type: 'RESUME' });
export const exploreCancel = () => exploreActor().send({ type: 'CANCEL' });

/** The finding's (shrunk) run as a scenario, landing just after the failure. */
export function findingAsScenario(f: ExploreFinding) {
  return findingScenario(f.outcome.plan, f.outcome.applied, f.outcome.failure);
}

/** Load the finding into the lab. Returns false (with a notice) if the lab refused it. */
export function openFindingInLab(f: ExploreFinding): boolean {
  try {
    const { scenario } = findingAsScenario(f);
    useLab.getState().loadScenario(scenario);
    useExplore.setState({ notice: `Opened run seed ${f.seed} in the lab, just after the failure.` });
    return true;
  } catch (e) {
    useExplore.setState({ notice: `Could not open the finding: ${e instanceof Error ? e.message : String(e)}` });
    return false;
  }
}

/** The finding as a Janus Lab link on `baseUrl`. */
export function findingUrl(f: ExploreFinding, baseUrl: string): Promise<string> {
  return findingLink(f.outcome.plan, f.outcome.applied, f.outcome.failure, baseUrl);
}
