// The caption line (Present, the embedded view) and the page's live region say what just happened
// in the run on screen. A new run (another gallery story, Settings, a scenario link) starts with
// nothing narrated: before, the old run's last words stayed ("Safety property … violated") over a
// fresh story in Present mode.

import { afterEach, describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { galleryEntry } from '../../src/scenario/gallery';
import { createLabStore, type LabStore } from '../../src/store';

const stores: LabStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

describe('narration', () => {
  it('a new run starts with nothing narrated: Settings, a scenario', () => {
    const p1 = galleryEntry('published-p1')!;
    expect(p1).toBeDefined();
    const store = createLabStore(REGISTRY, p1.spec);
    stores.push(store);
    store.getState().stepMs(20_000);
    expect(store.getState().narration).not.toBe('');
    store.getState().applySettings({ protocol: 'janus-3+1', seed: 1 });
    expect(store.getState().narration).toBe('');
    store.getState().stepMs(20_000);
    expect(store.getState().narration).not.toBe('');
    store.getState().loadScenario({ spec: { protocol: 'janus-3+1', seed: 2 }, actions: [], cursor: { index: 0, t: 0 } });
    expect(store.getState().narration).toBe('');
  });
});
