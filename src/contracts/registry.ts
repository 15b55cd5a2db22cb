// A registry of protocol plug-ins: every runnable shape by id, and runs built from a RunSpec.
// `src/protocols/registry.ts` makes the page's registry from the real plug-ins; tests make their
// own (a toy protocol registered only in a test renders in the page the same way).

import { Simulation, Timeline, rngStreamsFor, type SimOptions, type TimedAction } from '../kernel';
import type { ComparePreset } from './compare';
import type { ProtocolPlugin, ShapeDef } from './plugin';
import type { RunSpec } from './spec';

export interface ShapeEntry extends ShapeDef {
  plugin: ProtocolPlugin;
}

export class Registry {
  readonly plugins: readonly ProtocolPlugin[];
  /** Every shape by id, in the order the plug-ins list them. */
  readonly shapes: Readonly<Record<string, ShapeEntry>>;
  /** The first shape of the first plug-in: what a fresh page runs. */
  readonly defaultShape: string;
  /** Side-by-side comparisons this registry offers (src/compare), each naming two of its shapes. */
  readonly comparisons: readonly ComparePreset[];

  constructor(plugins: readonly ProtocolPlugin[], options: { comparisons?: readonly ComparePreset[] } = {}) {
    if (!plugins.length || !plugins[0]!.shapes.length) throw new Error('a registry needs at least one plug-in with a shape');
    this.plugins = plugins;
    const shapes: Record<string, ShapeEntry> = {};
    for (const p of plugins)
      for (const s of p.shapes) {
        if (shapes[s.id]) throw new Error(`shape id '${s.id}' is registered twice`);
        shapes[s.id] = { ...s, plugin: p };
      }
    this.shapes = shapes;
    this.defaultShape = plugins[0]!.shapes[0]!.id;
    for (const c of options.comparisons ?? [])
      for (const side of [c.left, c.right]) if (!shapes[side]) throw new Error(`comparison '${c.id}' names an unknown shape '${side}'`);
    this.comparisons = options.comparisons ?? [];
  }

  has(id: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.shapes, id);
  }

  /** The shape; throws with the known ids on an unknown one (a message fit for the page). */
  shape(id: string): ShapeEntry {
    if (!this.has(id)) throw new Error(`unknown protocol '${String(id).slice(0, 40)}' (known: ${Object.keys(this.shapes).join(', ')})`);
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
