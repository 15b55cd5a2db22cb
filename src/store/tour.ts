// The tour player's slice of a lab (issue 12, docs/tours.md): which tour is open, which step is
// shown, the animation to the next step, the "Try it" fork, and the captions being written in the
// page. One slice per lab, made on first use (tourControls(lab)); the UI reads it with useTour and
// acts through its actions. It drives the lab only through the lab's own actions (play, pause,
// setSpeed, loadScenario, act, seekEvent), so the lab stays where the tour leaves it.
//
// A tour opened by the address bar (`#tour/<id>` or a tour link) arrives as the lab state's
// `tourRequest` (src/scenario/url.ts); this slice takes it.

import { useEffect } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Cursor } from '../kernel';
import { TOUR_LIMITS, type TourDef, type TourHighlights, type TourStep } from '../contracts';
import type { Tour } from '../scenario/tour';
import type { TourRequest } from '../scenario/url';
import { useLabApi } from './context';
import type { LabState, LabStore } from './lab';
import { LECTURE_SPEED, clampSpeed } from './pace';

export type { Tour, TourStep, TourHighlights };

/** Longest animation of one Next (real ms): a long gap between two steps plays faster than the lecture pace. */
export const MAX_STEP_MS = 4000;

/** A tour in the list of tours (a plug-in's, or a gallery story's). */
export interface TourListItem {
  id: string;
  title: string;
  summary: string;
  gallery: string | null;
}

export interface TourState {
  /** The open tour, or null. */
  tour: Tour | null;
  /** The step shown (its caption and highlights). */
  step: number;
  /** The step Next is playing to, or null. */
  target: number | null;
  /** Why the tour opened only in part, or null. */
  problem: string | null;
  /** The user took a "Try it" (or acted) and the run left the tour's: Next plays on by time. */
  forked: boolean;
  /** The captions are being written in the page (the side list is shown). */
  authoring: boolean;
  /** The trace hash where the shown step landed (tests compare it). */
  hash: string;
  /** The result of the last share, export or import, in words. */
  message: { kind: 'info' | 'error'; text: string } | null;
  /** The last shared tour link. */
  shareUrl: string | null;
  /** The registry's tours. */
  list: readonly TourListItem[];
  /** Nodes to highlight at the shown step (the replication set resolved to its members). */
  highlightNodes: readonly string[];
}

export interface TourActions {
  /** Open a tour at its first step (the lab loads its run at t = 0, at the lecture pace). */
  open(tour: Tour, problem?: string | null): void;
  /** Open a plug-in's tour by id (false: no such tour; true also while plug-ins not loaded yet load, to look for it). */
  openById(id: string): boolean;
  /** Play, animated, to the next step; during the animation, land there at once. */
  next(): void;
  /** Back to the previous step. */
  back(): void;
  /** Jump to step i. */
  jump(i: number): void;
  /** Leave the tour; the lab stays where it is. */
  close(): void;
  /** Take the shown step's "Try it" action: the run forks there. */
  tryIt(): void;
  /** Pin a new caption at the lab's current moment (starting a tour of the current run if none is open). */
  addCaption(text?: string): void;
  editCaption(i: number, text: string): void;
  moveCaption(i: number, by: -1 | 1): void;
  deleteCaption(i: number): void;
  setAuthoring(on: boolean): void;
  /** The tour as written now (the lab's run and the captions), or null when it has no caption. */
  current(): Tour | null;
  /** The tour link (full URL), also kept in `shareUrl`. */
  share(): Promise<string | null>;
  /** The tour as a script file. */
  exportScript(): { name: string; text: string } | null;
  /** Open a tour script file (its text), as far as it is valid (false: refused; true also while the plug-ins not loaded yet load first). */
  importScript(text: unknown): boolean;
  dismissMessage(): void;
}

export type TourStore = StoreApi<TourState & TourActions>;

const stores = new WeakMap<LabStore, TourStore>();

/**
 * The tour builder (src/scenario/tour.ts, with the script language), loaded on first use: listing
 * the tours of a loaded plug-in, opening one by id, importing, exporting or sharing one, taking a
 * "Try it". The page's start bundle does not carry it; a tour link at start loads it with the
 * plug-ins (src/scenario/url.ts). Node callers may await it first (tests).
 */
type TourKit = typeof import('../scenario/tour');
let kit: TourKit | null = null;
let kitLoading: Promise<TourKit> | null = null;
export function loadTourKit(): Promise<TourKit> {
  if (kit) return Promise.resolve(kit);
  if (!kitLoading)
    kitLoading = import('../scenario/tour').then(
      (m) => (kit = m),
      (e: unknown) => {
        kitLoading = null; // try again on the next use
        throw new Error(`Could not load the tour tools (${e instanceof Error ? e.message : String(e)}).`);
      },
    );
  return kitLoading;
}

const sameCursor = (a: Cursor, b: Cursor) => a.index === b.index && a.t === b.t;

/** The tour slice of a lab (made on first use). */
export function tourControls(lab: LabStore): TourStore {
  let s = stores.get(lab);
  if (!s) {
    s = makeTourStore(lab);
    stores.set(lab, s);
  }
  return s;
}

function makeTourStore(lab: LabStore): TourStore {
  let speedBefore: number | null = null;
  let forksAtOpen = 0;
  let runAtOpen = -1;
  let landing = false;
  let lastRequest = 0;
  let defs: readonly TourDef[] = [];
  /** The tours of the loaded plug-ins (none before one with tours or stories is loaded; the builder loads then). */
  const readDefs = () => {
    if (!lab.registry.plugins.some((p) => p.tours || p.gallery)) return void (defs = []);
    if (!kit) {
      defs = [];
      void loadTourKit().then(() => {
        readDefs();
        store.setState({ list: listOf() });
      }, fail);
      return;
    }
    try {
      defs = kit.toursOf(lab.registry);
    } catch {
      defs = [];
    }
  };
  const fail = (e: unknown) => store.setState({ message: { kind: 'error', text: e instanceof Error ? e.message : String(e) } });
  const listOf = () => defs.map((d) => ({ id: d.id, title: d.title, summary: d.summary, gallery: d.gallery ?? null }));

  const labState = () => lab.getState() as LabState & { tourRequest?: TourRequest | null };

  /** Move the lab to exactly this moment (events applied and time) and publish it. */
  const seekExact = (at: Cursor) => {
    const st = lab.getState();
    st.pause();
    st.timeline.seek(at.index, at.t);
    // The lab's own seek publishes the views; at the same index it leaves the clock where it is.
    st.seekEvent(at.index - 1);
  };

  const highlightNodesOf = (h: TourHighlights | undefined): string[] => {
    if (!h) return [];
    const out = new Set(h.nodes ?? []);
    if (h.replicationSet) {
      const st = lab.getState();
      const leader = st.nodes.find((n) => n.view.id === st.leaderId)?.view;
      for (const id of leader?.replicationSet ?? []) out.add(id);
    }
    return [...out];
  };

  const show = (k: number, extra: Partial<TourState> = {}) => {
    const t = store.getState().tour;
    if (!t) return;
    store.setState({ step: k, target: null, hash: lab.getState().timeline.sim.traceHash, highlightNodes: highlightNodesOf(t.steps[k]?.highlights), ...extra });
  };

  const land = (k: number) => {
    const t = store.getState().tour;
    if (!t || !t.steps[k]) return;
    landing = true;
    try {
      if (!store.getState().forked) seekExact(t.steps[k]!.at);
      else lab.getState().pause();
    } finally {
      landing = false;
    }
    if (speedBefore !== null) lab.getState().setSpeed(LECTURE_SPEED);
    show(k);
  };

  /** The tour's run, back as written (after a fork). */
  const restoreRun = () => {
    const t = store.getState().tour;
    if (!t) return;
    landing = true;
    try {
      lab.getState().loadScenario({ spec: t.spec, actions: t.actions, cursor: { index: 0, t: 0 } });
    } finally {
      landing = false;
    }
    runAtOpen = lab.getState().runId;
    forksAtOpen = lab.getState().timeline.forks;
    store.setState({ forked: false });
  };

  const sameRun = (t: Tour) => {
    const st = lab.getState();
    return JSON.stringify(st.spec) === JSON.stringify(t.spec) && JSON.stringify(st.timeline.actions) === JSON.stringify(t.actions);
  };

  /** The lab's run with the captions written so far. */
  const fromLab = (steps: TourStep[], title: string): Tour => {
    const st = lab.getState();
    const actions = st.timeline.actions.map((a) => ({ ...a }));
    let end: Cursor = st.timeline.cursor;
    for (const a of actions) if (a.at + 1 > end.index) end = { index: a.at + 1, t: a.t };
    for (const s of steps) if (s.at.index > end.index || (s.at.index === end.index && s.at.t > end.t)) end = s.at;
    return { id: null, title, spec: st.spec, actions, end, steps };
  };

  const store: TourStore = createStore<TourState & TourActions>()((set, get) => ({
    tour: null,
    step: 0,
    target: null,
    problem: null,
    forked: false,
    authoring: false,
    hash: '',
    message: null,
    shareUrl: null,
    list: [],
    highlightNodes: [],

    open: (tour, problem = null) => {
      if (!tour.steps.length) return;
      landing = true;
      try {
        if (!sameRun(tour)) lab.getState().loadScenario({ spec: tour.spec, actions: tour.actions, cursor: { index: 0, t: 0 } });
      } finally {
        landing = false;
      }
      runAtOpen = lab.getState().runId;
      forksAtOpen = lab.getState().timeline.forks;
      if (speedBefore === null) speedBefore = lab.getState().speed;
      lab.getState().setSpeed(LECTURE_SPEED);
      set({ tour, problem, forked: false, authoring: false, message: problem ? { kind: 'error', text: problem } : null, shareUrl: null });
      const first = tour.steps[0]!.at;
      if (first.index === 0 && first.t === 0) return land(0);
      // The first caption is later than t = 0 (a tour written in the page): open at t = 0 and play to it.
      landing = true;
      try {
        seekExact({ index: 0, t: 0 });
      } finally {
        landing = false;
      }
      show(0, { target: 0 });
      lab.getState().setSpeed(clampSpeed(Math.max(LECTURE_SPEED, first.t / MAX_STEP_MS)) ?? LECTURE_SPEED);
      lab.getState().play();
    },
    openById: (id) => {
      if (!kit || (!defs.some((d) => d.id === id) && !lab.registry.complete)) {
        // The tour may be a plug-in's not loaded yet: load them all and the tour builder, then look again.
        void Promise.all([lab.registry.loadAll(), loadTourKit()]).then(() => {
          readDefs();
          set({ list: listOf() });
          get().openById(id);
        }, fail);
        return true;
      }
      const def = defs.find((d) => d.id === id);
      if (!def) {
        set({ message: { kind: 'error', text: `There is no tour “${id.slice(0, 40)}”.` } });
        return false;
      }
      try {
        get().open(kit.buildTour(def, lab.registry).tour);
        return true;
      } catch (e) {
        set({ message: { kind: 'error', text: `The tour “${def.title}” could not be built: ${e instanceof Error ? e.message : String(e)}` } });
        return false;
      }
    },
    next: () => {
      const { tour, step, target, forked } = get();
      if (!tour) return;
      if (target !== null) return land(target); // a second Next lands at once
      const k = step + 1;
      const dest = tour.steps[k];
      if (!dest) return;
      const st = lab.getState();
      const now = st.timeline.cursor;
      // Behind the cursor (captions reordered by hand), or at it: no animation.
      if (!forked && (dest.at.index < now.index || sameCursor(dest.at, now) || dest.at.t < now.t)) return land(k);
      if (forked && dest.at.t <= now.t) return land(k);
      const gap = Math.max(0, dest.at.t - now.t);
      st.setSpeed(clampSpeed(Math.max(LECTURE_SPEED, gap / MAX_STEP_MS)) ?? LECTURE_SPEED);
      set({ target: k });
      st.play();
    },
    back: () => {
      const { tour, step, target, forked } = get();
      if (!tour) return;
      if (target !== null) return land(step);
      if (forked) restoreRun();
      land(Math.max(0, step - 1));
    },
    jump: (i) => {
      const { tour, forked } = get();
      if (!tour || !tour.steps[i]) return;
      if (forked) restoreRun();
      land(i);
    },
    close: () => {
      const st = lab.getState();
      if (get().target !== null) st.pause();
      if (speedBefore !== null) st.setSpeed(speedBefore);
      speedBefore = null;
      set({ tour: null, target: null, problem: null, forked: false, authoring: false, highlightNodes: [], message: null });
    },
    tryIt: () => {
      const { tour, step } = get();
      const s = tour?.steps[step];
      if (!s?.tryIt) return;
      if (!kit) return void loadTourKit().then(() => get().tryIt(), fail);
      const err = kit.tryItError(lab.getState().timeline, s.tryIt);
      const a = kit.tryAction(s.tryIt);
      if (err || !a) return set({ message: { kind: 'error', text: `Try it: ${err ?? 'not an action'}` } });
      landing = true;
      try {
        lab.getState().act(a);
      } finally {
        landing = false;
      }
      set({ forked: true, message: { kind: 'info', text: `You took “${s.tryIt}”: the run goes on from here on your fork. Next plays on by time; Back returns to the tour as written.` } });
      show(step, { forked: true });
    },
    addCaption: (text = '') => {
      const st = lab.getState();
      const at = st.timeline.cursor;
      const cur = get().tour;
      const steps = cur && get().authoring ? cur.steps.slice() : cur ? cur.steps.slice() : [];
      if (steps.length >= TOUR_LIMITS.maxSteps) return set({ message: { kind: 'error', text: `A tour has at most ${TOUR_LIMITS.maxSteps} steps.` } });
      const step: TourStep = { at: { index: at.index, t: at.t }, text: text.slice(0, TOUR_LIMITS.maxCaption), highlights: {}, tryIt: null };
      let k = steps.findIndex((s) => s.at.index > at.index || (s.at.index === at.index && s.at.t > at.t));
      if (k < 0) k = steps.length;
      steps.splice(k, 0, step);
      const tour = fromLab(steps, cur?.title ?? 'My tour');
      if (speedBefore === null) speedBefore = st.speed;
      runAtOpen = st.runId;
      forksAtOpen = st.timeline.forks;
      set({ tour, authoring: true, forked: false, problem: null, message: null });
      show(k);
      // Export and Share need the tour builder: load it now, while the captions are written.
      void loadTourKit().catch(fail);
    },
    editCaption: (i, text) => {
      const t = get().tour;
      if (!t?.steps[i]) return;
      const steps = t.steps.slice();
      steps[i] = { ...steps[i]!, text: text.slice(0, TOUR_LIMITS.maxCaption) };
      set({ tour: { ...t, steps } });
    },
    moveCaption: (i, by) => {
      const t = get().tour;
      const j = i + by;
      if (!t?.steps[i] || !t.steps[j]) return;
      const steps = t.steps.slice();
      [steps[i], steps[j]] = [steps[j]!, steps[i]!];
      set({ tour: { ...t, steps }, step: get().step === i ? j : get().step === j ? i : get().step });
    },
    deleteCaption: (i) => {
      const t = get().tour;
      if (!t?.steps[i]) return;
      const steps = t.steps.filter((_, k) => k !== i);
      if (!steps.length) return get().close();
      set({ tour: { ...t, steps }, step: Math.min(get().step, steps.length - 1) });
    },
    setAuthoring: (on) => set({ authoring: on }),
    current: () => {
      const t = get().tour;
      if (!t || !t.steps.length) return null;
      // A tour written in the page tells the lab's run as it is now; a tour opened keeps its own.
      return get().authoring ? fromLab(t.steps, t.title) : t;
    },
    share: async () => {
      const t = get().current();
      if (!t) {
        set({ message: { kind: 'error', text: 'There is no caption to share yet: "Add a caption here" pins one at this moment.' } });
        return null;
      }
      if (t.steps.some((s) => s.text.trim() === '')) {
        set({ message: { kind: 'error', text: 'A caption is empty: write it or delete it before sharing.' } });
        return null;
      }
      try {
        const links = lab.getState().scenarioLinks;
        const url = links ? await links.tourUrl(t) : await (await loadTourKit()).encodeTourLink(t, lab.registry);
        set({ shareUrl: url, message: { kind: 'info', text: `Tour link made (${url.length.toLocaleString('en')} characters).` } });
        return url;
      } catch (e) {
        set({ message: { kind: 'error', text: `The tour link could not be made: ${e instanceof Error ? e.message : String(e)}` } });
        return null;
      }
    },
    exportScript: () => {
      const t = get().current();
      if (!t) {
        set({ message: { kind: 'error', text: 'There is no caption to export yet.' } });
        return null;
      }
      if (!kit) {
        // Loaded with the first caption or the tour; only a failed load gets here.
        set({ message: { kind: 'info', text: 'The tour tools are still loading: export again in a moment.' } });
        void loadTourKit().then(() => set({ message: null }), fail);
        return null;
      }
      return { name: kit.tourFileName(t), text: kit.tourScript(t) };
    },
    importScript: (text) => {
      if (!lab.registry.complete || !kit) {
        // The file may name any shape: load the plug-ins not loaded yet and the tour builder, then open it (true: accepted).
        void Promise.all([lab.registry.loadAll(), loadTourKit()]).then(() => void get().importScript(text), fail);
        return true;
      }
      const r = kit.openTourScript(text, lab.registry);
      if (!r.ok) {
        set({ message: { kind: 'error', text: r.message } });
        return false;
      }
      get().open(r.open.tour, r.open.problem);
      return true;
    },
    dismissMessage: () => set({ message: null }),
  }));

  readDefs();
  store.setState({ list: listOf() });

  // The address bar keeps the tour's link while the tour is shown as written (src/scenario/url.ts).
  store.subscribe((t) => {
    const shown = t.tour && !t.forked && !t.authoring ? t.tour : null;
    if ((labState() as { tourShown?: unknown }).tourShown !== shown) lab.setState({ tourShown: shown } as Partial<LabState>);
  });

  // The lab moved: land an animation at its step, notice a fork, leave when a new run starts.
  lab.clock.subscribe((c) => {
    const { target, tour, forked } = store.getState();
    if (target === null || !tour || landing) return;
    const dest = tour.steps[target]!;
    const tl = lab.getState().timeline;
    if (forked ? c.now >= dest.at.t : tl.sim.eventCount >= dest.at.index || c.now >= dest.at.t) land(target);
  });
  lab.subscribe((s, prev) => {
    const req = (s as LabState & { tourRequest?: TourRequest | null }).tourRequest;
    if (req && req.seq !== lastRequest) {
      lastRequest = req.seq;
      store.getState().open(req.tour, req.problem);
      return;
    }
    const st = store.getState();
    if (!st.tour || landing) return;
    if (s.runId !== runAtOpen && s.runId !== prev.runId) {
      // Another run was opened (a link, the gallery, new settings): the tour is left.
      store.getState().close();
      return;
    }
    if (st.target !== null && s.mode !== 'playing' && prev.mode === 'playing') land(st.target);
    else if (s.timeline.forks > forksAtOpen && !st.forked && !st.authoring) store.setState({ forked: true });
  });
  // A plug-in loaded (the page's registry loads some on demand): its tours join the list.
  lab.onDispose(
    lab.registry.onLoad(() => {
      readDefs();
      store.setState({ list: listOf() });
    }),
  );
  // A request made before this slice existed (the page opened with a tour link).
  const pending = labState().tourRequest;
  if (pending) {
    lastRequest = pending.seq;
    queueMicrotask(() => store.getState().open(pending.tour, pending.problem));
  }
  return store;
}

/** The lab's tour slice, in a component. */
export function useTour<T>(selector: (s: TourState & TourActions) => T): T {
  const lab = useLabApi();
  return useStore(tourControls(lab), selector);
}

/** The lab's tour slice itself (for handlers). */
export function useTourApi(): TourStore {
  return tourControls(useLabApi());
}

/** Make the slice at mount, so a tour link opened before the player mounted is taken. */
export function useTourSlice(): void {
  const lab = useLabApi();
  useEffect(() => void tourControls(lab), [lab]);
}
