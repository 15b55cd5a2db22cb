// The gallery of teaching scenarios. Each one is a script in the script language
// (docs/script-format.md) run on a Timeline: run, act, run until something happens, land. Its
// actions are valid by construction, and a change in the core that alters the story makes the
// gallery test fail. Each lists the claims a viewer should see at the landing moment;
// tests/scenario/gallery.test.ts checks every claim.

import type { Timeline } from '../kernel';
import type { GalleryEntry, GalleryView, Registry } from '../contracts';
import { REGISTRY } from '../protocols/registry';
import { ScriptError, SETUP_COMMANDS, ScriptRunner, parseScript, specScript, simView, words } from '../testing/script';
import { galleryOf } from './gallery-list';
import { scenarioFromTimeline } from './open';
import type { Scenario } from './types';

export type { GalleryEntry, GalleryStep, GalleryView as View } from '../contracts';
export { galleryOf };

/** What a story's claims see of a timeline: summaries, leaders among the data nodes, violations. */
export function viewOf(tl: Timeline, registry: Registry = REGISTRY): GalleryView {
  return simView(tl.sim, registry);
}


export interface BuiltGalleryScenario {
  entry: GalleryEntry;
  scenario: Scenario;
  /** Trace hash at the landing moment. */
  traceHash: string;
  timeline: Timeline;
}

/** A story as a whole script: its spec's setup lines, then its commands (what the builder runs). */
export function galleryScript(entry: GalleryEntry): string {
  return `${specScript(entry.spec)}\n${entry.script ?? ''}`;
}

/**
 * Run a gallery story's script on a Timeline of its spec and return its scenario, landed on the
 * interesting moment (`land`). Throws if the story no longer happens (a refused action, a
 * `run-until` that never holds) or if its script has setup lines of its own (the spec is its setup).
 */
export function buildGalleryScenario(entry: GalleryEntry, registry: Registry = REGISTRY): BuiltGalleryScenario {
  let tl: Timeline;
  let landing: { index: number; t: number } | null = null;
  if (entry.script !== undefined) {
    const runner = new ScriptRunner({ registry, spec: entry.spec, target: 'timeline', errors: 'throw' });
    try {
      for (const item of parseScript(entry.script)) {
        if (item.kind !== 'cmd') continue;
        const cmd = words(item.text, item.line)[0]!;
        if ((SETUP_COMMANDS as readonly string[]).includes(cmd)) throw new ScriptError(`'${cmd}' in a story's script: its setup is its spec`, item.line);
        runner.exec(item.text, item.line);
      }
    } catch (e) {
      if (e instanceof ScriptError) throw new Error(`gallery '${entry.id}': ${e.message}`);
      throw e;
    }
    tl = runner.timeline!;
    landing = runner.landing;
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

/** The default registry's stories (its loaded plug-ins' when the module was first imported: the page's registry loads the others on demand, so ask galleryOf()). */
export const GALLERY: readonly GalleryEntry[] = galleryOf();
