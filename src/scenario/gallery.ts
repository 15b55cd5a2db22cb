// The gallery of teaching scenarios. Each one is a script in the script language
// (docs/script-format.md) run on a Timeline: run, act, run until something happens, land. Its
// actions are valid by construction, and a change in the core that alters the story makes the
// gallery test fail. Each lists the claims a viewer should see at the landing moment;
// tests/scenario/gallery.test.ts checks every claim.

import type { Timeline } from '../kernel';
import type { GalleryEntry, GalleryView, Registry } from '../contracts';
import { REGISTRY } from '../protocols/registry';
import { ScriptError, runScript, sameSpec, scriptSpec, simView } from '../testing/script';
import { scenarioFromTimeline } from './open';
import type { Scenario } from './types';

export type { GalleryEntry, GalleryStep, GalleryView as View } from '../contracts';

/** What a story's claims see of a timeline: summaries, leaders among the data nodes, violations. */
export function viewOf(tl: Timeline, registry: Registry = REGISTRY): GalleryView {
  return simView(tl.sim, registry);
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

/**
 * Run a gallery story's script on a Timeline and return its scenario, landed on the interesting
 * moment (`land`). Throws if the story no longer happens (a refused action, a `run-until` that never
 * holds) or if the entry's spec is not its script's.
 */
export function buildGalleryScenario(entry: GalleryEntry, registry: Registry = REGISTRY): BuiltGalleryScenario {
  let tl: Timeline;
  let landing: { index: number; t: number } | null = null;
  if (entry.script !== undefined) {
    const own = scriptSpec(entry.script, { defaultShape: registry.defaultShape });
    if (!sameSpec(own, entry.spec)) throw new Error(`gallery '${entry.id}': its spec ${JSON.stringify(entry.spec)} is not its script's ${JSON.stringify(own)}`);
    try {
      const run = runScript(entry.script, { registry, target: 'timeline', errors: 'throw' });
      tl = run.timeline!;
      landing = run.landing;
    } catch (e) {
      if (e instanceof ScriptError) throw new Error(`gallery '${entry.id}': ${e.message}`);
      throw e;
    }
  } else {
    // The old TypeScript step form (GalleryStep, deprecated).
    tl = registry.createTimeline(entry.spec);
    const view = viewOf(tl, registry);
    for (const step of entry.steps ?? []) {
      if ('advance' in step) tl.advanceTo(tl.now + step.advance);
      else if ('act' in step) tl.act(step.act);
      else if ('until' in step) {
        const end = tl.now + step.max;
        while (!step.until(view)) {
          if (tl.sim.nextEventTime() === null || tl.sim.nextEventTime()! > end || !tl.step()) throw new Error(`gallery '${entry.id}': ${step.what} did not happen within ${step.max} ms`);
        }
      } else landing = tl.cursor;
    }
  }
  if (landing) tl.seek(landing.index, landing.t);
  return { entry, scenario: scenarioFromTimeline(entry.spec, tl, { title: entry.title, notes: entry.text }), traceHash: tl.sim.traceHash, timeline: tl };
}

export function galleryEntry(id: string, registry: Registry = REGISTRY): GalleryEntry | undefined {
  return galleryOf(registry).find((e) => e.id === id);
}

/** The default registry's stories. */
export const GALLERY: readonly GalleryEntry[] = galleryOf();
