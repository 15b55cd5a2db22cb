// The Compare view's store: two labs (two createLabStore) on one shared clock, built from a
// comparison (src/compare): a preset's two shapes under one role script. Play, step, rewind and
// seek act on both labs at the same virtual time. A role-named fault taken at the cursor is added
// to the script at that moment and both sides are rebuilt from it (the past is the same, so this
// is a fork at the cursor on both sides); the script is what a compare link carries, so a link
// reopens both labs exactly. The claims table is measured on the two labs at the cursor.
//
//   const cmp = createCompareStore(registry, { sources });   // sources: raw protocol files (lines of code)
//   await cmp.getState().openHash('#compare/<preset>');      // or a #c1.… link
//   cmp.getState().play(); … cmp.getState().fault({ do: 'crash', role: 'leader' });

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Registry, RunSpec } from '../contracts';
import type { ComparePreset } from '../contracts/compare';
import {
  compareTable,
  faultText,
  measurePatterns,
  presetOf,
  runComparison,
  SCRIPTS,
  scriptById,
  sideInput,
  type CompareTable,
  type Comparison,
  type PatternTable,
  type RoleFault,
  type RoleScript,
} from '../compare';
import { decodeCompareLink, encodeCompareLink, type CompareLinkState } from '../scenario/compare-link';
import { createLabStore, type LabStore } from './lab';

export type { CompareTable, PatternTable, RoleScript, ComparePreset, RoleFault };
export type { SideFigures, ClaimRow, FaultOutcome, Verdict, PatternRow, PatternResult } from '../compare';

/** A fault the page offers as a button, without its time (taken at the cursor). */
export type FaultButton = { do: 'crash'; role: 'leader' | 'follower' | 'elector' } | { do: 'restart' } | { do: 'cut-follower' } | { do: 'isolate-leader' } | { do: 'heal' };

export const FAULT_BUTTONS: readonly { id: string; label: string; fault: FaultButton }[] = [
  { id: 'crash-leader', label: 'Crash the leader', fault: { do: 'crash', role: 'leader' } },
  { id: 'crash-follower', label: 'Crash a follower', fault: { do: 'crash', role: 'follower' } },
  { id: 'crash-elector', label: 'Crash the elector', fault: { do: 'crash', role: 'elector' } },
  { id: 'cut-follower', label: 'Cut the leader off from one follower', fault: { do: 'cut-follower' } },
  { id: 'isolate-leader', label: 'Partition the leader away', fault: { do: 'isolate-leader' } },
  { id: 'restart', label: 'Restart the crashed nodes', fault: { do: 'restart' } },
  { id: 'heal', label: 'Heal every link', fault: { do: 'heal' } },
];

/** One script fault as each side read it: the nodes it hit, or why it did not apply. */
export interface FaultLine {
  text: string;
  t: number;
  left: string;
  right: string;
}

export interface CompareState {
  presets: readonly ComparePreset[];
  scripts: readonly RoleScript[];
  preset: ComparePreset | null;
  script: RoleScript;
  specs: { left: RunSpec; right: RunSpec };
  titles: { left: string; right: string };
  left: LabStore;
  right: LabStore;
  /** The shared cursor, ms of virtual time, and the script's end. */
  t: number;
  end: number;
  mode: 'paused' | 'playing';
  speed: number;
  faults: readonly FaultLine[];
  table: CompareTable | null;
  patterns: PatternTable | null;
  patternsBusy: boolean;
  /** An error or a notice for the page, one sentence. */
  notice: { kind: 'info' | 'error'; text: string } | null;
  rev: number;

  openHash(hash: string): Promise<boolean>;
  openPreset(id: string, scriptId?: string): boolean;
  setScript(id: string): boolean;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Both labs forward by `ms` of virtual time. */
  step(ms: number): void;
  rewind(): void;
  seek(t: number): void;
  /** Advance both labs by dv ms (the shared driver). */
  advance(dv: number): void;
  fault(f: FaultButton): void;
  setSpeed(speed: number): void;
  link(): Promise<string>;
  measurePatterns(seeds: number): Promise<void>;
}

export interface CompareStore extends StoreApi<CompareState> {
  registry: Registry;
  dispose(): void;
}

export interface CompareOptions {
  /** Raw sources of the protocol folders, loaded on demand (lines of code); keys contain `protocols/<folder>/`. */
  sources?: Readonly<Record<string, () => Promise<string>>>;
}

const TABLE_MS = 250;

export function createCompareStore(registry: Registry, options: CompareOptions = {}): CompareStore {
  const first = registry.comparisons[0];
  if (!first) throw new Error('this registry offers no comparison');
  const left = createLabStore(registry, { protocol: first.left, seed: 1 });
  const right = createLabStore(registry, { protocol: first.right, seed: 1 });
  let comparison: Comparison | null = null;
  let sources: Record<string, string> | null = null;
  let sourcesLoading: Promise<void> | null = null;
  let lastTable = -Infinity;
  let raf = 0;
  let lastFrame = 0;

  const loadSources = () => {
    if (sources || sourcesLoading || !options.sources) return;
    const entries = Object.entries(options.sources);
    sourcesLoading = Promise.all(entries.map(async ([k, f]) => [k, await f()] as const))
      .then((all) => {
        sources = Object.fromEntries(all);
        refreshTable(true);
      })
      .catch(() => {
        sources = {};
      });
  };

  const faultLines = (c: Comparison): FaultLine[] =>
    c.script.faults.map((f, k) => {
      const side = (x: Comparison['left']) => {
        const r = x.faults[k];
        if (!r) return '—';
        return r.applied ? r.nodes.join(', ') || 'applied' : r.note;
      };
      return { text: faultText(f), t: f.t, left: side(c.left), right: side(c.right) };
    });

  const computeTable = (): CompareTable | null => {
    if (!comparison) return null;
    const s = store.getState();
    return compareTable(
      sideInput(comparison.left, registry, sources, comparison.steady.left, left.getState().timeline),
      sideInput(comparison.right, registry, sources, comparison.steady.right, right.getState().timeline),
      { preset: s.preset, script: s.script.id, patterns: s.patterns },
    );
  };

  const refreshTable = (force = false) => {
    const now = typeof performance !== 'undefined' ? performance.now() : Date.now();
    if (!force && now - lastTable < TABLE_MS) return;
    lastTable = now;
    try {
      store.setState((s) => ({ table: computeTable(), rev: s.rev + 1 }));
    } catch (e) {
      store.setState({ notice: { kind: 'error', text: `The claims table could not be measured: ${e instanceof Error ? e.message : String(e)}` } });
    }
  };

  /** Rebuild both sides from a state and land both labs at time t. */
  const build = (st: CompareLinkState): void => {
    const preset = st.preset ? (presetOf(registry, st.preset) ?? null) : null;
    const c = runComparison(registry, { left: st.left, right: st.right }, st.script, preset);
    comparison = c;
    left.getState().loadScenario({ spec: st.left, actions: c.left.timeline.actions.slice(), cursor: { index: 0, t: 0 } });
    right.getState().loadScenario({ spec: st.right, actions: c.right.timeline.actions.slice(), cursor: { index: 0, t: 0 } });
    const t = Math.min(Math.max(0, st.t), st.script.end);
    labsTo(t);
    store.setState((s) => ({
      preset,
      script: st.script,
      specs: { left: st.left, right: st.right },
      titles: { left: registry.shape(st.left.protocol).title, right: registry.shape(st.right.protocol).title },
      t,
      end: st.script.end,
      faults: faultLines(c),
      patterns: s.patterns && s.patterns.shapes[0] === st.left.protocol && s.patterns.shapes[1] === st.right.protocol ? s.patterns : null,
      notice: null,
      rev: s.rev + 1,
    }));
    loadSources();
    refreshTable(true);
  };

  const guarded = (what: string, fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch (e) {
      store.setState({ notice: { kind: 'error', text: `${what}: ${e instanceof Error ? e.message : String(e)}` } });
      return false;
    }
  };

  const stopDriver = () => {
    if (raf && typeof cancelAnimationFrame !== 'undefined') cancelAnimationFrame(raf);
    raf = 0;
  };
  const frame = (ts: number) => {
    const s = store.getState();
    if (s.mode !== 'playing') {
      raf = 0;
      return;
    }
    const dt = lastFrame ? Math.min(ts - lastFrame, 100) : 16;
    lastFrame = ts;
    if (typeof document === 'undefined' || !document.hidden) s.advance(dt * s.speed);
    raf = requestAnimationFrame(frame);
  };

  /** Both labs to time t: forward by advancing (the recorded actions apply), back by seeking. */
  const labsTo = (t: number) => {
    for (const lab of [left, right]) {
      const l = lab.getState();
      const now = l.timeline.now;
      // stepMs runs to the time whatever it costs (advance stops at a frame's budget of real time).
      if (t > now) l.stepMs(t - now);
      else if (t < now) l.seekTime(t);
    }
  };
  const at = (t: number) => {
    labsTo(t);
    store.setState((s) => ({ t, rev: s.rev + 1 }));
    refreshTable(true);
  };

  const store = createStore<CompareState>()((set, get) => ({
    presets: registry.comparisons,
    scripts: SCRIPTS,
    preset: first,
    script: scriptById(first.script) ?? SCRIPTS[0]!,
    specs: { left: { protocol: first.left, seed: 1 }, right: { protocol: first.right, seed: 1 } },
    titles: { left: registry.shape(first.left).title, right: registry.shape(first.right).title },
    left,
    right,
    t: 0,
    end: (scriptById(first.script) ?? SCRIPTS[0]!).end,
    mode: 'paused',
    speed: 1,
    faults: [],
    table: null,
    patterns: null,
    patternsBusy: false,
    notice: null,
    rev: 0,

    openHash: async (hash) => {
      const d = await decodeCompareLink(hash, registry);
      if (!d.ok) {
        get().openPreset(first.id);
        set({ notice: { kind: 'error', text: `${d.error} The first comparison was opened instead.` } });
        return false;
      }
      get().pause();
      return guarded('This comparison could not be opened', () => build(d.state));
    },
    openPreset: (id, scriptId) => {
      const p = presetOf(registry, id);
      if (!p) {
        set({ notice: { kind: 'error', text: `There is no comparison '${id.slice(0, 40)}'.` } });
        return false;
      }
      const script = scriptById(scriptId ?? p.script);
      if (!script) {
        set({ notice: { kind: 'error', text: `There is no comparison script '${String(scriptId).slice(0, 40)}'.` } });
        return false;
      }
      get().pause();
      return guarded('This comparison could not be opened', () => build({ preset: p.id, script, left: { protocol: p.left, seed: 1 }, right: { protocol: p.right, seed: 1 }, t: 0 }));
    },
    setScript: (id) => {
      const script = scriptById(id);
      if (!script) {
        set({ notice: { kind: 'error', text: `There is no comparison script '${id.slice(0, 40)}'.` } });
        return false;
      }
      const s = get();
      s.pause();
      return guarded('This script could not be run', () => build({ preset: s.preset?.id ?? null, script, left: s.specs.left, right: s.specs.right, t: 0 }));
    },
    play: () => {
      const s = get();
      if (s.t >= s.end) at(0);
      set({ mode: 'playing' });
      if (!raf && typeof requestAnimationFrame !== 'undefined') {
        lastFrame = 0;
        raf = requestAnimationFrame(frame);
      }
    },
    pause: () => {
      if (get().mode === 'paused') return;
      set({ mode: 'paused' });
      stopDriver();
      left.getState().flush();
      right.getState().flush();
      refreshTable(true);
    },
    togglePlay: () => (get().mode === 'playing' ? get().pause() : get().play()),
    step: (ms) => {
      if (!(Number.isFinite(ms) && ms > 0)) return;
      get().pause();
      at(Math.min(get().t + ms, get().end));
    },
    rewind: () => {
      get().pause();
      at(0);
    },
    seek: (t) => {
      if (!Number.isFinite(t)) return;
      at(Math.min(Math.max(0, t), get().end));
    },
    advance: (dv) => {
      const s = get();
      // One clock: both labs to the same time, however many events each needs.
      const t = Math.min(s.t + dv, s.end);
      labsTo(t);
      set({ t });
      refreshTable();
      if (t >= s.end) get().pause();
    },
    fault: (f) => {
      const s = get();
      s.pause();
      const fault = { ...f, t: s.t } as RoleFault;
      const script: RoleScript = { ...s.script, id: s.script.id.endsWith('+') ? s.script.id : `${s.script.id.slice(0, 39)}+`, faults: [...s.script.faults, fault].sort((a, b) => a.t - b.t) };
      guarded('This fault could not be applied', () => build({ preset: s.preset?.id ?? null, script, left: s.specs.left, right: s.specs.right, t: s.t }));
    },
    setSpeed: (speed) => {
      if (Number.isFinite(speed) && speed > 0) set({ speed: Math.min(1000, Math.max(0.001, speed)) });
    },
    link: async () => {
      const s = get();
      return encodeCompareLink({ preset: s.preset?.id ?? null, script: s.script, left: s.specs.left, right: s.specs.right, t: s.t });
    },
    measurePatterns: async (seeds) => {
      const s = get();
      if (s.patternsBusy) return;
      set({ patternsBusy: true });
      // Let the page paint the busy state before the runs (a few seconds of work).
      await new Promise((r) => setTimeout(r, 0));
      try {
        const patterns = measurePatterns(registry, [s.specs.left.protocol, s.specs.right.protocol], { seeds: Math.max(1, Math.min(50, Math.floor(seeds))) });
        set({ patterns, patternsBusy: false });
        refreshTable(true);
      } catch (e) {
        set({ patternsBusy: false, notice: { kind: 'error', text: `The failure patterns could not be measured: ${e instanceof Error ? e.message : String(e)}` } });
      }
    },
  }));

  return Object.assign(store, {
    registry,
    dispose: () => {
      stopDriver();
      left.dispose();
      right.dispose();
    },
  });
}
