// A registry of protocol plug-ins: every runnable shape by id, and runs built from a RunSpec.
// `src/protocols/registry.ts` makes the registry of Node scripts, tests and the check worker from
// the real plug-ins, all loaded; `src/protocols/page-registry.ts` makes the page's, where a plug-in
// may be a lazy entry (`LazyPlugin`: its shapes as the pickers list them, and `load()` for the
// rest), loaded before a run of its shape is built. Tests make their own (a toy protocol
// registered only in a test renders in the page the same way).

import { Simulation, Timeline, rngStreamsFor, type SimOptions, type TimedAction } from '../kernel';
import type { ComparePreset } from './compare';
import type { ProtocolPlugin, ShapeDef, TimingKnob } from './plugin';
import type { RunSpec } from './spec';

export interface ShapeEntry extends ShapeDef {
  plugin: ProtocolPlugin;
}

/** A shape as the page lists it before its plug-in is loaded. */
export interface ShapeStub {
  id: string;
  title: string;
  timing: readonly TimingKnob[];
  mutants: Readonly<Record<string, string>>;
  /** The explorer can hunt in this shape (the loaded shape has an `explorer` profile). */
  explored: boolean;
  /** Explored to the end, failures listed by kind. */
  keepGoing: boolean;
}

/**
 * A plug-in the registry lists before loading it (the page's start bundle carries only this):
 * its id, title, shapes and the capabilities its `extras` will offer; `load()` imports the rest.
 * The loaded plug-in must have the same id and shapes (tests/protocols/lazy-registry.test.ts).
 */
export interface LazyPlugin {
  id: string;
  title: string;
  shapes: readonly ShapeStub[];
  /** The names of the `extras` capabilities the loaded plug-in offers (e.g. 'tlc'). */
  extras?: readonly string[];
  /**
   * The plug-in's core, already in the bundle (the default shape's: the page runs it at once):
   * its shapes run before `load()`, which adds the rest (gallery, tours, explorer profile, check
   * profile, script hooks). Until then `has(shape)` is true and `loaded(shape)` false.
   */
  core?: ProtocolPlugin;
  load(): Promise<ProtocolPlugin>;
}

const isLazy = (p: ProtocolPlugin | LazyPlugin): p is LazyPlugin => typeof (p as LazyPlugin).load === 'function';

/** A loaded shape as its stub. */
export const stubOf = (s: ShapeDef): ShapeStub => ({
  id: s.id,
  title: s.title,
  timing: s.timing,
  mutants: s.mutants,
  explored: !!s.explorer,
  keepGoing: s.explorer?.keepGoing === true,
});

export class Registry {
  /** The loaded plug-ins, in registry order (a new array whenever one is loaded). */
  plugins: readonly ProtocolPlugin[];
  /** Every loaded shape by id, in registry order (the same object, grown as plug-ins load). */
  readonly shapes: Readonly<Record<string, ShapeEntry>>;
  /** Every shape, loaded or not, in registry order: what the pickers list. */
  readonly catalog: readonly (ShapeStub & { pluginId: string; extras: readonly string[] })[];
  /** The first shape of the first plug-in: what a fresh page runs. */
  readonly defaultShape: string;
  /** Side-by-side comparisons this registry offers (src/compare), each naming two of its shapes. */
  readonly comparisons: readonly ComparePreset[];
  private readonly entries: (ProtocolPlugin | LazyPlugin)[];
  private readonly loading = new Map<string, Promise<void>>();
  private readonly listeners = new Set<() => void>();

  constructor(plugins: readonly (ProtocolPlugin | LazyPlugin)[], options: { comparisons?: readonly ComparePreset[] } = {}) {
    if (!plugins.length || !plugins[0]!.shapes.length) throw new Error('a registry needs at least one plug-in with a shape');
    this.entries = plugins.slice();
    const catalog: Registry['catalog'][number][] = [];
    for (const p of plugins)
      for (const s of p.shapes) {
        if (catalog.some((c) => c.id === s.id)) throw new Error(`shape id '${s.id}' is registered twice`);
        catalog.push({ ...(isLazy(p) ? (s as ShapeStub) : stubOf(s as ShapeDef)), pluginId: p.id, extras: isLazy(p) ? (p.extras ?? []) : Object.keys(p.extras ?? {}) });
      }
    this.catalog = catalog;
    this.shapes = {};
    this.plugins = [];
    this.index();
    this.defaultShape = plugins[0]!.shapes[0]!.id;
    for (const c of options.comparisons ?? [])
      for (const side of [c.left, c.right]) if (!this.known(side)) throw new Error(`comparison '${c.id}' names an unknown shape '${side}'`);
    this.comparisons = options.comparisons ?? [];
  }

  /** Rebuild `plugins` and `shapes` from the loaded entries. */
  private index(): void {
    // A lazy entry with a core runs its core's shapes until the whole plug-in replaces it.
    const loaded = this.entries.flatMap((p) => (!isLazy(p) ? [p] : p.core ? [p.core] : []));
    const shapes = this.shapes as Record<string, ShapeEntry>;
    for (const p of loaded) for (const s of p.shapes) if (shapes[s.id]?.plugin !== p) shapes[s.id] = { ...s, plugin: p };
    // Keep registry order in `shapes` (a late plug-in's shapes are re-inserted after the earlier ones).
    const order = this.catalog.map((c) => c.id).filter((id) => shapes[id]);
    const copy = { ...shapes };
    for (const id of Object.keys(shapes)) delete shapes[id];
    for (const id of order) shapes[id] = copy[id]!;
    this.plugins = loaded;
  }

  /** Is `id` a shape of this registry, loaded or not? */
  known(id: string): boolean {
    return this.catalog.some((c) => c.id === id);
  }

  /**
   * Is the whole plug-in of shape `id` loaded (false for an unknown shape, and for a shape whose
   * entry's core runs it before `load()`: `has(id)` says whether a run of it can be built)?
   */
  loaded(id: string): boolean {
    const c = this.catalog.find((x) => x.id === id);
    return !!c && this.has(id) && !this.entries.some((p) => p.id === c.pluginId && isLazy(p));
  }

  /** Every plug-in loaded? */
  get complete(): boolean {
    return this.entries.every((p) => !isLazy(p));
  }

  /**
   * Load the plug-in of shape `id` (at once if it is loaded). An unknown shape resolves too: the
   * synchronous calls that follow give its message. A plug-in that fails to load rejects, with
   * the shape's title in the message; it can be tried again.
   */
  load(id: string): Promise<void> {
    const c = this.catalog.find((x) => x.id === id);
    if (!c) return Promise.resolve();
    const i = this.entries.findIndex((p) => p.id === c.pluginId);
    const entry = this.entries[i]!;
    if (!isLazy(entry)) return Promise.resolve();
    let p = this.loading.get(entry.id);
    if (!p) {
      p = entry.load().then(
        (plugin) => {
          const want = entry.shapes.map((s) => s.id).join(',');
          const got = plugin.shapes.map((s) => s.id).join(',');
          if (plugin.id !== entry.id || want !== got) throw new Error(`the plug-in loaded for '${entry.id}' is '${plugin.id}' with shapes ${got} (its entry lists ${want})`);
          // Runs already built on the entry's core go on under the whole plug-in: the same protocol object.
          if (entry.core && entry.core.protocol !== plugin.protocol) throw new Error(`the plug-in loaded for '${entry.id}' runs another core than its entry's`);
          this.entries[i] = plugin;
          this.loading.delete(entry.id);
          this.index();
          for (const fn of this.listeners) fn();
        },
        (e: unknown) => {
          this.loading.delete(entry.id);
          throw new Error(`Could not load ${entry.title} (${e instanceof Error ? e.message : String(e)}).`);
        },
      );
      this.loading.set(entry.id, p);
    }
    return p;
  }

  /** Load every plug-in. */
  async loadAll(): Promise<void> {
    await Promise.all(this.catalog.map((c) => this.load(c.id)));
  }

  /** Call `fn` whenever a plug-in is loaded; returns the unsubscribe function. */
  onLoad(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  has(id: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.shapes, id);
  }

  /** The shape; throws with the known ids on an unknown one (a message fit for the page). */
  shape(id: string): ShapeEntry {
    if (!this.has(id)) {
      if (this.known(id)) throw new Error(`the plug-in of '${id}' is not loaded yet (await registry.load('${id}'))`);
      throw new Error(`unknown protocol '${String(id).slice(0, 40)}' (known: ${this.catalog.map((c) => c.id).join(', ')})`);
    }
    return this.shapes[id]!;
  }

  /** The plug-in whose core is `protocolId` (a `Protocol.id`), if registered. */
  pluginOf(protocolId: string): ProtocolPlugin | undefined {
    return this.plugins.find((p) => p.id === protocolId);
  }

  simOptions(spec: RunSpec, extra: Partial<SimOptions> = {}): SimOptions {
    const shape = this.shape(spec.protocol);
    if (spec.mutant && !(spec.mutant in shape.mutants)) throw new Error(`unknown mutant '${String(spec.mutant).slice(0, 40)}' for ${spec.protocol}`);
    // Random streams follow the core's version (a link made with an older core replays with the
    // streams it was made with: pass `rngStreams` in `extra`).
    return { seed: spec.seed, config: shape.config(spec), link: spec.link, rngStreams: rngStreamsFor(shape.plugin.protocol), ...extra };
  }

  createSimulation(spec: RunSpec, extra: Partial<SimOptions> = {}): Simulation {
    return new Simulation(this.shape(spec.protocol).plugin.protocol, this.simOptions(spec, extra));
  }

  createTimeline(spec: RunSpec, actions: TimedAction[] = [], extra: Partial<SimOptions> & { snapshotEvery?: number } = {}): Timeline {
    return new Timeline(this.shape(spec.protocol).plugin.protocol, { trace: 'full', ...this.simOptions(spec, extra), actions, snapshotEvery: extra.snapshotEvery });
  }
}
