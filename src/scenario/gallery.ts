// The gallery of teaching scenarios. Each one is a script run against the engine (advance,
// act, advance until something happens, land), so its actions are valid by construction and a
// change in the core that alters the story makes the gallery test fail. Each lists the claims a
// viewer should see at the landing moment; tests/scenario/gallery.test.ts checks every claim.

import type { Timeline } from '../kernel';
import type { GalleryEntry, GalleryView, Registry, Summary } from '../contracts';
import { REGISTRY } from '../protocols/registry';
import { scenarioFromTimeline } from './open';
import type { Scenario } from './types';

export type { GalleryEntry, GalleryStep, GalleryView as View } from '../contracts';

/** What a story's claims see of a timeline: summaries, leaders among the data nodes, violations. */
export function viewOf(tl: Timeline, registry: Registry = REGISTRY): GalleryView {
  const plugin = registry.pluginOf(tl.protocol.id);
  const ids = tl.sim.nodeIds;
  const dataNodes = plugin ? ids.filter((id) => plugin.view.node(tl.sim.state(id)).kind === 'data') : [...ids];
  const s = (id: string) => tl.protocol.summary(tl.sim.state(id)) as Summary;
  return {
    s,
    up: (id) => tl.sim.isUp(id),
    leaders: () => dataNodes.filter((id) => tl.sim.isUp(id) && (plugin ? plugin.view.node(tl.sim.state(id)).leader : s(id).role === 'leader')),
    violations: () => tl.sim.violations.map((v) => v.property),
    dataNodes,
  };
}

/** Every plug-in's stories, in registry order (built once per registry). */
const galleries = new WeakMap<Registry, GalleryEntry[]>();
export function galleryOf(registry: Registry = REGISTRY): readonly GalleryEntry[] {
  let g = galleries.get(registry);
  if (!g) {
    g = registry.plugins.flatMap((p) => (p.gallery ? [...p.gallery()] : []));
    galleries.set(registry, g);
  }
  return g;
}

export interface BuiltGalleryScenario {
  entry: GalleryEntry;
  scenario: Scenario;
  /** Trace hash at the landing moment. */
  traceHash: string;
  timeline: Timeline;
}

/** Run a gallery script and return its scenario, landed on the interesting moment. Throws if the story no longer happens. */
export function buildGalleryScenario(entry: GalleryEntry, registry: Registry = REGISTRY): BuiltGalleryScenario {
  const tl = registry.createTimeline(entry.spec);
  const view = viewOf(tl, registry);
  let landing: { index: number; t: number } | null = null;
  for (const step of entry.steps) {
    if ('advance' in step) tl.advanceTo(tl.now + step.advance);
    else if ('act' in step) tl.act(step.act);
    else if ('until' in step) {
      const end = tl.now + step.max;
      while (!step.until(view)) {
        if (tl.sim.nextEventTime() === null || tl.sim.nextEventTime()! > end || !tl.step()) throw new Error(`gallery '${entry.id}': ${step.what} did not happen within ${step.max} ms`);
      }
    } else landing = tl.cursor;
  }
  if (landing) tl.seek(landing.index, landing.t);
  return { entry, scenario: scenarioFromTimeline(entry.spec, tl, { title: entry.title, notes: entry.text }), traceHash: tl.sim.traceHash, timeline: tl };
}

export function galleryEntry(id: string, registry: Registry = REGISTRY): GalleryEntry | undefined {
  return galleryOf(registry).find((e) => e.id === id);
}

/** The default registry's stories. */
export const GALLERY: readonly GalleryEntry[] = galleryOf();
