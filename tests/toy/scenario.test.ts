// The toy plug-in in the lab's scenario machinery, wherever it takes a registry: its gallery story
// builds and shows what it claims, its scenario encodes into a link and replays to the same trace
// hash through the toy registry, the page's default registry refuses the link in words (it does
// not know the toy), and a golden script runs on it.

import { describe, expect, it } from 'vitest';
import { buildGalleryScenario, galleryEntry, galleryOf, viewOf } from '../../src/scenario/gallery';
import { counterpartOf } from '../../src/scenario/translate';
import { decodeLink, encodeLink, openLink } from '../../src/scenario';
import { runScript } from '../../src/testing/script';
import { TOY_LEADER, TOY_NODES, TOY_SHAPE, toyRegistry } from '../support/toy-plugin';

const registry = toyRegistry;
const [L, F1, F2] = TOY_NODES as [string, string, string];

describe('the toy in galleries and scenario links', () => {
  it('its story builds through the registry and shows what it claims', () => {
    const stories = galleryOf(registry);
    expect(stories.map((e) => e.spec.protocol)).toEqual([TOY_SHAPE]);
    const entry = galleryEntry(stories[0]!.id, registry)!;
    const built = buildGalleryScenario(entry, registry);
    const v = viewOf(built.timeline, registry);
    expect(v.dataNodes).toEqual(TOY_NODES);
    for (const c of entry.claims) expect(c.holds(v), c.text).toBe(true);
    // The story's three actions are recorded in the scenario, and it lands after the catch-up.
    expect(built.scenario.actions.map((a) => a.action.type)).toEqual(['write', 'crash', 'write', 'restart']);
    expect(built.scenario.cursor.index).toBe(built.timeline.cursor.index);
    // Nothing in the default registry's gallery is the toy's.
    expect(galleryOf().some((e) => e.spec.protocol === TOY_SHAPE)).toBe(false);
    expect(counterpartOf(TOY_SHAPE, registry)).toBeNull();
  });

  it("its scenario link decodes to the same scenario and replays to the same hash through the toy registry; the page's registry refuses it in words", async () => {
    const built = buildGalleryScenario(galleryOf(registry)[0]!, registry);
    const link = await encodeLink(built.scenario, { traceHash: built.traceHash });
    const decoded = await decodeLink(link);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.scenario.spec).toEqual(built.scenario.spec);
    expect(decoded.scenario.actions).toEqual(built.scenario.actions);
    const tl = registry.createTimeline(decoded.scenario.spec, decoded.scenario.actions);
    tl.seek(decoded.scenario.cursor.index, decoded.scenario.cursor.t);
    expect(tl.sim.traceHash).toBe(built.traceHash);
    const opened = await openLink(link);
    expect(opened.ok).toBe(false);
    if (!opened.ok) {
      expect(opened.error.code).toBe('unknown-protocol');
      expect(opened.error.message).toContain(TOY_SHAPE);
    }
  });

  it('a golden script runs on it', () => {
    const text = `protocol ${TOY_SHAPE}
seed 1

write ${F1} a
----
appended a at 1 via ${L}

run 100

state
----
${L} up   leader   commit 1 log 1:a
${F1} up   follower commit 1 log 1:a
${F2} up   follower commit 1 log 1:a
violations: none

crash ${F2}

write ${L} b
----
appended b at 2

run-until ${TOY_LEADER}.commitIndex=2 max 1000

state
----
${L} up   leader   commit 2 log 1:a 2:b
${F1} up   follower commit 1 log 1:a 2:b
${F2} down -        commit - log 1:a
violations: none
`;
    const r = runScript(text, { registry });
    expect(r.failures).toEqual([]);
    expect(r.checked).toBe(4);
    // And it can fail: the same script with a wrong expectation.
    expect(runScript(text.replace('commit 2 log 1:a 2:b', 'commit 1 log 1:a 2:b'), { registry }).failures.length).toBe(1);
  });
});
