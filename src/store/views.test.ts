import { afterEach, describe, expect, it } from 'vitest';
import { REGISTRY } from '../protocols/registry';
import { createLabStore, type LabStore } from './index';

const stores: LabStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

describe('timer views', () => {
  it("carry the time they were armed: the time of the event whose timers list set them (boot timers: 0)", () => {
    const store = createLabStore(REGISTRY, { protocol: 'janus-3+1', seed: 3 });
    stores.push(store);
    // At the start every timer was armed at boot.
    for (const n of store.getState().nodes) for (const t of n.timers) expect(t.armedAt).toBe(0);
    store.getState().stepMs(900);
    const s = store.getState();
    const tl = s.timeline;
    let checked = 0;
    for (const n of s.nodes)
      for (const tm of n.timers) {
        // The latest event at or before the cursor that set this timer, read straight from the trace.
        let want: number | null = null;
        for (let i = tl.sim.eventCount - 1; i >= 0 && want === null; i--) {
          const ev = tl.eventAt(i);
          if (ev.timers.some(([node, name, t]) => node === n.id && name === tm.name && t === tm.t)) want = ev.t;
        }
        expect(tm.armedAt, `${n.id} ${tm.name}`).toBe(want ?? 0);
        expect(tm.armedAt!).toBeLessThanOrEqual(s.now);
        expect(tm.t).toBeGreaterThanOrEqual(tm.armedAt!);
        if (want !== null && want > 0) checked++;
      }
    expect(checked).toBeGreaterThan(0);
  });
});
