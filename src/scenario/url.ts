// Keeping the address bar and the lab in step, for browsers. The store is passed in (any
// zustand-like store with the lab's fields), so this module does not depend on the UI layer:
//
//   installScenarioLinks(useLab, window)
//
// * On start and on every hash change not made by us: open the link in the hash
//   (`#s1.…` scenario link, a tour link (the same, with steps), `#gallery/<id>` or `#tour/<id>`).
//   A tour is handed to the lab as `tourRequest` (src/store/tour.ts plays it). A bad link shows its message as the lab's
//   notice and loads a fresh default scenario, so the page stays usable.
// * After every change of the run: write the current scenario into the hash. While the run
//   plays or the cursor moves, the current history entry is replaced (throttled); a fork or a
//   new run pushes a new entry, so Back returns to the run before the fork. When playback
//   stops (Pause, a violation), the link is written at once.
// * A gallery scenario opens at the lecture pace (the lab's `lecturePace`, when it has one).
// * A bad scenario file is refused with its message and the current run is kept.
// * The page's registry loads some plug-ins on demand (src/protocols/page-registry.ts): before a
//   link or a file is opened, every plug-in is loaded (a link may name any shape, story or tour).
//   Until then the page shows the run it has; a plug-in that fails to load is the link's message.
// * The code that opens and writes links (gallery and tour builders, script language, link codec,
//   file reader, valibot checks) loads the same way, on first use (`loadOpeners`): the page's start
//   bundle carries only this bridge and what writes files (export.ts).

import type { Cursor, TimedAction, Timeline } from '../kernel';
import { DEFAULT_SHAPE, REGISTRY, type RunSpec } from '../protocols/registry';
import { isCompareHash } from './compare-hash';
import type { Tour } from './tour';
import { exportScenarioFile, exportTrace, scenarioFileName } from './export';
import type { OpenResult } from './open';
import type { Scenario } from './types';

/**
 * What opens and writes links, loaded on first use (the page's start bundle does not carry it):
 * the gallery builder, the tour builder and the script language, the link codec, the file reader
 * and the scenario checks.
 */
interface Openers {
  gallery: typeof import('./gallery');
  tour: typeof import('./tour');
  link: typeof import('./link');
  file: typeof import('./file');
  compact: typeof import('./compact');
}
let openers: Promise<Openers> | null = null;
let openersLoaded: Openers | null = null;
export function loadOpeners(): Promise<Openers> {
  if (!openers)
    openers = Promise.all([import('./gallery'), import('./tour'), import('./link'), import('./file'), import('./compact')]).then(
      ([gallery, tour, link, file, compact]) => (openersLoaded = { gallery, tour, link, file, compact }),
      (e: unknown) => {
        openers = null; // try again on the next use
        throw new Error(`Could not load the scenario link code (${e instanceof Error ? e.message : String(e)}).`);
      },
    );
  return openers;
}
/** The openers, once loadOpeners resolved (every caller awaits it first). */
const op = (): Openers => {
  if (!openersLoaded) throw new Error('the scenario link code is not loaded yet');
  return openersLoaded;
};

/** What the bridge needs from the lab store (src/store/lab.ts). */
export interface LabLike {
  spec: RunSpec;
  timeline: Timeline;
  rev: number;
  mode?: string;
  loadScenario(s: { spec: RunSpec; actions: TimedAction[]; cursor: Cursor }): void;
  /** Slow playback to the lecture pace (gallery scenarios open at it). */
  lecturePace?(): void;
  /**
   * The tour the player shows, as written (not forked, not being written in the page), or null.
   * While one is shown the address bar keeps the tour's link (`#tour/<id>` or its tour link), so a
   * reload or a copied address reopens the tour, not the bare run (src/store/tour.ts sets it).
   */
  tourShown?: Tour | null;
}

export interface StoreLike<S extends LabLike> {
  getState(): S;
  setState(partial: Partial<S> | Record<string, unknown>): void;
  subscribe(listener: (s: S) => void): () => void;
}

export interface WindowLike {
  location: { hash: string; href: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void; pushState(data: unknown, unused: string, url?: string): void };
  addEventListener(type: 'hashchange', fn: () => void): void;
  removeEventListener(type: 'hashchange', fn: () => void): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface ScenarioLinks {
  /** The full URL of what the lab shows now (for the Copy link button). */
  currentUrl(): Promise<string>;
  /** Open a link or hash (for example pasted by the user). Resolves to the outcome. */
  open(hashOrUrl: string): Promise<OpenOutcome>;
  /** Open a gallery scenario by id. */
  openGallery(id: string): Promise<OpenOutcome>;
  /** Open a plug-in's tour by id (as `#tour/<id>` does). */
  openTour(id: string): Promise<OpenOutcome>;
  /** The full URL of a tour's link (its run and its steps). */
  tourUrl(tour: Tour): Promise<string>;
  /** Open an uploaded scenario file (its text). Same checks and recovery as a link, except that a refused file keeps the current run. */
  importFile(text: unknown): Promise<OpenOutcome>;
  /** The current scenario as a file to download. */
  exportFile(): { name: string; text: string };
  /** The trace of the current run up to the cursor, as a JSON file to download. */
  exportTrace(): { name: string; text: string };
  /** Resolves when pending hash writes and opens are done (tests). */
  settled(): Promise<void>;
  dispose(): void;
}

export type OpenOutcome = { kind: 'none' } | { kind: 'opened'; partial: boolean; message: string | null } | { kind: 'refused'; message: string };

/**
 * A tour the bridge opened (a tour link or `#tour/<id>`), handed to the lab's state as
 * `tourRequest`; the tour player (src/store/tour.ts) takes it. `seq` grows with every request.
 */
export interface TourRequest {
  seq: number;
  tour: Tour;
  /** Why the tour opens only in part, in words, or null. */
  problem: string | null;
}
let tourSeq = 0;

export const DEFAULT_SCENARIO_SPEC: RunSpec = { protocol: DEFAULT_SHAPE, seed: 1 };

/** A notice text for an open result. */
export function describeOpen(r: OpenResult): { kind: 'error' | 'info'; text: string } | null {
  if (!r.ok) return { kind: 'error', text: `${r.error.message} A fresh default run was opened instead.` };
  if (r.partial) return { kind: 'error', text: r.reason };
  if (r.notes.length) return { kind: 'info', text: r.notes.join(' ') };
  if (r.scenario.title) return { kind: 'info', text: `Opened “${r.scenario.title}”.` };
  return null;
}

let current: ScenarioLinks | null = null;

/** The installed bridge, if any (for UI buttons). */
export function scenarioLinks(): ScenarioLinks | null {
  return current;
}

export function currentScenario(s: LabLike): Scenario {
  return { spec: s.spec, actions: s.timeline.actions.slice(), cursor: s.timeline.cursor };
}

export function installScenarioLinks<S extends LabLike>(store: StoreLike<S>, win: WindowLike, opts: { throttleMs?: number } = {}): ScenarioLinks {
  const throttleMs = opts.throttleMs ?? 400;
  let lastWritten = win.location.hash;
  let lastTimeline: Timeline = store.getState().timeline;
  let lastForks = lastTimeline.forks;
  let lastRev = store.getState().rev;
  let loading = false;
  let pendingMode: 'push' | 'replace' | null = null;
  let timer: unknown = null;
  let seq = 0;
  let work: Promise<void> = Promise.resolve();
  let disposed = false;
  /** Title and notes of the scenario last opened, kept in written links until a new run starts. */
  let meta: { title?: string; notes?: string } = {};
  const withMeta = (sc: Scenario, m: typeof meta = meta): Scenario => ({ ...sc, ...m });

  const notify = (n: { kind: 'error' | 'info'; text: string } | null) => {
    if (n) store.setState({ notice: n, rev: store.getState().rev + 1 });
  };

  const baseHref = () => win.location.href.replace(/#.*$/, '');

  /** What a link would say about the lab now (compressors differ between engines, so compare this, not the hash text). */
  let lastKey = '';
  /** (After loadOpeners: every caller has awaited it.) */
  const keyOf = (s: S, m: typeof meta = meta) => JSON.stringify(op().compact.toCompact(withMeta(currentScenario(s), m), { protocolVersion: 0, traceHash: s.timeline.sim.traceHash }));
  /** The tours whose link was last made (the same tour object gives the same link). */
  const tourKeys = new WeakMap<Tour, string>();
  let tourKeySeq = 0;
  const tourKey = (t: Tour) => {
    let k = tourKeys.get(t);
    if (!k) tourKeys.set(t, (k = `tour ${t.id ?? ''} ${++tourKeySeq}`));
    return t.id ? `tour ${t.id}` : k;
  };

  const write = async (mode: 'push' | 'replace', s: S = store.getState(), m: typeof meta = meta) => {
    const my = ++seq;
    const tour = s.tourShown ?? null;
    const { tour: tours, link } = await loadOpeners();
    const key = tour ? tourKey(tour) : keyOf(s, m);
    if (key === lastKey) return; // the address bar already shows this run (or this tour)
    const hash = tour ? (tour.id ? `#tour/${tour.id}` : await tours.encodeTourLink(tour)) : await link.encodeLink(withMeta(currentScenario(s), m), { traceHash: s.timeline.sim.traceHash });
    if (my !== seq || disposed) return; // a newer write superseded this one
    if (hash === win.location.hash) return;
    // The address bar shows something we did not write (the user navigated meanwhile): leave it to the hashchange handler.
    if (win.location.hash !== lastWritten && win.location.hash !== '') return;
    lastWritten = hash;
    lastKey = key;
    if (mode === 'push') win.history.pushState(null, '', baseHref() + hash);
    else win.history.replaceState(null, '', baseHref() + hash);
  };

  const flush = () => {
    timer = null;
    const mode = pendingMode ?? 'replace';
    pendingMode = null;
    work = work.then(() => write(mode)).catch(() => undefined);
  };

  const schedule = (mode: 'push' | 'replace') => {
    if (mode === 'push') {
      pendingMode = 'push';
      if (timer !== null) win.clearTimeout(timer);
      flush();
      return;
    }
    if (pendingMode !== 'push') pendingMode = 'replace';
    if (timer === null) timer = win.setTimeout(flush, throttleMs);
  };

  /** The state last seen, so that a new run does not swallow the old run's last, unwritten change. */
  let lastSeen: S = store.getState();
  const unsubscribe = store.subscribe((s) => {
    const prev = lastSeen;
    lastSeen = s;
    if (prev.mode === 'playing' && s.mode !== 'playing' && s.timeline === prev.timeline && !loading) {
      // Playback stopped (Pause, a violation): the address bar gets the link now, not after the throttle.
      if (timer !== null) win.clearTimeout(timer);
      timer = null;
      const mode = pendingMode ?? 'replace';
      pendingMode = null;
      work = work.then(() => write(mode)).catch(() => undefined);
    }
    if ((prev.tourShown ?? null) !== (s.tourShown ?? null) && !loading) {
      // A tour was opened, left or forked: the address bar follows at once (the tour's link, or the run's).
      if (s.tourShown && (s.tourShown.id ? `#tour/${s.tourShown.id}` : null) === win.location.hash) lastKey = tourKey(s.tourShown);
      else schedule('replace');
    }
    if (s.rev === lastRev && s.timeline === lastTimeline) return;
    const newRun = s.timeline !== lastTimeline;
    const forked = !newRun && s.timeline.forks > lastForks;
    lastRev = s.rev;
    lastTimeline = s.timeline;
    lastForks = s.timeline.forks;
    if (loading) return;
    if (newRun && timer !== null && pendingMode === 'replace') {
      // The old run changed since its link was last written (a crash, say): write that first, so
      // Back returns to the old run as the user left it, then push the new run.
      win.clearTimeout(timer);
      timer = null;
      pendingMode = null;
      const oldMeta = meta;
      work = work.then(() => write('replace', prev, oldMeta)).catch(() => undefined);
    }
    if (newRun) meta = {};
    schedule(newRun || forked ? 'push' : 'replace');
  });

  const load = (sc: Scenario) => {
    const m: typeof meta = {};
    if (sc.title !== undefined) m.title = sc.title;
    if (sc.notes !== undefined) m.notes = sc.notes;
    loading = true;
    try {
      store.getState().loadScenario({ spec: sc.spec, actions: sc.actions, cursor: sc.cursor });
    } finally {
      loading = false;
    }
    // Only once the store took it (a refused scenario changes nothing, its title included).
    meta = m;
  };

  const loadDefault = () => load({ spec: DEFAULT_SCENARIO_SPEC, actions: [], cursor: { index: 0, t: 0 } });

  /** Every plug-in loaded (a link may name any of them), and the openers: null, or why one could not be loaded. */
  const pluginsReady = async (): Promise<string | null> => {
    try {
      await Promise.all([REGISTRY.loadAll(), loadOpeners()]);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };

  const openGallery = (id: string): OpenOutcome => {
    const { galleryEntry, galleryOf, buildGalleryScenario } = op().gallery;
    const entry = galleryEntry(id);
    if (!entry) {
      loadDefault();
      const message = `There is no gallery scenario “${id.slice(0, 40)}” (known: ${galleryOf().map((e) => e.id).join(', ')}). A fresh default run was opened instead.`;
      notify({ kind: 'error', text: message });
      schedule('replace');
      return { kind: 'refused', message };
    }
    try {
      const built = buildGalleryScenario(entry);
      load(built.scenario);
      store.getState().lecturePace?.();
      notify({ kind: 'info', text: `${entry.title}. ${entry.text}` });
      schedule('replace');
      return { kind: 'opened', partial: false, message: null };
    } catch (e) {
      loadDefault();
      const message = `The gallery scenario “${entry.title}” could not be built (${e instanceof Error ? e.message : String(e)}). A fresh default run was opened instead.`;
      notify({ kind: 'error', text: message });
      return { kind: 'refused', message };
    }
  };

  /** Hand a tour to the lab (the tour player takes it from `tourRequest`). */
  const requestTour = (tour: Tour, problem: string | null) => {
    const req: TourRequest = { seq: ++tourSeq, tour, problem };
    store.setState({ tourRequest: req });
  };

  const openTour = (id: string): OpenOutcome => {
    const { tourDef, toursOf, buildTour } = op().tour;
    const def = tourDef(id);
    if (!def) {
      loadDefault();
      const message = `There is no tour “${id.slice(0, 40)}” (known: ${toursOf()
        .map((t) => t.id)
        .join(', ')}). A fresh default run was opened instead.`;
      notify({ kind: 'error', text: message });
      schedule('replace');
      return { kind: 'refused', message };
    }
    try {
      const { tour } = buildTour(def);
      load({ spec: tour.spec, actions: tour.actions, cursor: { index: 0, t: 0 }, title: tour.title });
      requestTour(tour, null);
      schedule('replace');
      return { kind: 'opened', partial: false, message: null };
    } catch (e) {
      loadDefault();
      const message = `The tour “${def.title}” could not be built (${e instanceof Error ? e.message : String(e)}). A fresh default run was opened instead.`;
      notify({ kind: 'error', text: message });
      return { kind: 'refused', message };
    }
  };

  const open = async (input: string, fromAddressBar = true): Promise<OpenOutcome> => {
    const hash = input.includes('#') ? input.slice(input.indexOf('#')) : input.startsWith('#') ? input : `#${input}`;
    if (hash === '#' || hash === '') return { kind: 'none' };
    // A comparison (#compare…, #c1.…) is the Compare view's: the lab leaves it alone.
    if (isCompareHash(hash)) return { kind: 'none' };
    if (hash === '#gallery') return { kind: 'none' };
    const missing = await pluginsReady();
    if (disposed) return { kind: 'none' };
    if (missing) {
      const message = `${missing} This link could not be opened; the current run was kept.`;
      notify({ kind: 'error', text: message });
      return { kind: 'refused', message };
    }
    const g = /^#gallery\/([A-Za-z0-9+_-]{1,60})$/.exec(hash);
    if (g) return openGallery(g[1]!);
    const t = /^#tour\/([A-Za-z0-9+_-]{1,60})$/.exec(hash);
    if (t) return openTour(t[1]!);
    const tl = await op().tour.openTourLink(hash);
    const r = tl.ok ? tl.result : tl;
    if (disposed) return { kind: 'none' };
    let note = describeOpen(r);
    if (tl.ok && tl.problem) note = { kind: 'error', text: `${tl.problem}` };
    if (!r.ok) {
      loadDefault();
      notify(note);
      schedule('replace');
      return { kind: 'refused', message: note!.text };
    }
    try {
      load(r.scenario);
    } catch (e) {
      // The store refused a scenario the decoder accepted: report it, keep the page usable.
      loadDefault();
      const message = `This link could not be opened (${e instanceof Error ? e.message : String(e)}). A fresh default run was opened instead.`;
      notify({ kind: 'error', text: message });
      return { kind: 'refused', message };
    }
    notify(note);
    if (tl.ok && tl.open) requestTour(tl.open.tour, tl.open.problem);
    if (!fromAddressBar) schedule('push');
    else if (r.partial) schedule('replace');
    else {
      lastWritten = win.location.hash;
      lastKey = keyOf(store.getState());
    }
    return { kind: 'opened', partial: r.partial, message: note?.text ?? null };
  };

  const onHashChange = () => {
    const h = win.location.hash;
    if (h === lastWritten) return;
    // A write scheduled for the run before this navigation must not overwrite it.
    if (timer !== null) win.clearTimeout(timer);
    timer = null;
    pendingMode = null;
    seq++;
    lastWritten = h;
    lastKey = ''; // the address bar shows a link not opened yet
    work = work.then(() => open(h).then(() => undefined)).catch(() => undefined);
  };
  win.addEventListener('hashchange', onHashChange);

  // Open what the page was loaded with.
  const initial = win.location.hash;
  if (initial && initial !== '#') work = work.then(() => open(initial).then(() => undefined)).catch(() => undefined);

  const api: ScenarioLinks = {
    currentUrl: async () => baseHref() + (await (await loadOpeners()).link.encodeLink(withMeta(currentScenario(store.getState())), { traceHash: store.getState().timeline.sim.traceHash })),
    open: (h) => {
      const p = work.then(() => open(h, false));
      work = p.then(() => undefined).catch(() => undefined);
      return p;
    },
    openGallery: async (id) => {
      const missing = await pluginsReady();
      if (missing) {
        notify({ kind: 'error', text: missing });
        return { kind: 'refused', message: missing };
      }
      return openGallery(id);
    },
    openTour: async (id) => {
      const missing = await pluginsReady();
      if (missing) {
        notify({ kind: 'error', text: missing });
        return { kind: 'refused', message: missing };
      }
      return openTour(id);
    },
    tourUrl: async (tour) => baseHref() + (await (await loadOpeners()).tour.encodeTourLink(tour)),
    importFile: async (text) => {
      const missing = await pluginsReady();
      if (missing) {
        const message = `${missing} Your current run was kept.`;
        notify({ kind: 'error', text: message });
        return { kind: 'refused', message };
      }
      const r = op().file.openScenarioFile(text);
      if (!r.ok) {
        // Nothing was opened: the current run, its cursor and the address bar stay as they were.
        const message = `${r.error.message} Your current run was kept.`;
        notify({ kind: 'error', text: message });
        return { kind: 'refused', message };
      }
      const note = describeOpen(r);
      try {
        load(r.scenario);
      } catch (e) {
        // The store refused a scenario the decoder accepted (it changed nothing): keep the run.
        const message = `This file could not be opened (${e instanceof Error ? e.message : String(e)}). Your current run was kept.`;
        notify({ kind: 'error', text: message });
        return { kind: 'refused', message };
      }
      notify(note ?? { kind: 'info', text: 'Scenario file opened.' });
      lastKey = '';
      schedule('push');
      return { kind: 'opened', partial: r.partial, message: note?.text ?? null };
    },
    exportFile: () => {
      const s = store.getState();
      const sc = withMeta(currentScenario(s));
      return { name: scenarioFileName(sc), text: exportScenarioFile(sc, { traceHash: s.timeline.sim.traceHash }) };
    },
    exportTrace: () => {
      const s = store.getState();
      const sc = withMeta(currentScenario(s));
      return { name: scenarioFileName(sc).replace(/\.janus\.json$/, '.trace.json'), text: exportTrace(s.spec, s.timeline) };
    },
    settled: async () => {
      for (let i = 0; i < 5; i++) {
        if (timer !== null) {
          win.clearTimeout(timer);
          flush();
        }
        await work;
      }
    },
    dispose: () => {
      disposed = true;
      unsubscribe();
      win.removeEventListener('hashchange', onHashChange);
      if (timer !== null) win.clearTimeout(timer);
      if (current === api) current = null;
    },
  };
  current = api;
  return api;
}
