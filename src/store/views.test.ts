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

describe('display clocks', () => {
  it("carry the plug-in's on-demand waits: the elector's leader silence restarts while the leader is heard, runs out once it is down, and goes with the node", () => {
    const store = createLabStore(REGISTRY, { protocol: 'janus-3+1', seed: 3 });
    stores.push(store);
    store.getState().stepMs(900);
    const timeout = (store.getState().timeline.sim.config as { timing: { electorLeaderTimeout: number } }).timing.electorLeaderTimeout;
    const clockOf = () => {
      const nodes = store.getState().nodes;
      // Only the node that checks the wait (the elector, not a data node) has a clock.
      for (const n of nodes) if (n.view.kind === 'data') expect(n.clocks, n.id).toEqual([]);
      const others = nodes.filter((n) => n.view.kind !== 'data');
      expect(others).toHaveLength(1);
      return { node: others[0]!, clock: others[0]!.clocks[0] };
    };
    const first = clockOf();
    expect(first.clock).toMatchObject({ name: 'electorLeaderTimeout', label: 'leader silence', duration: timeout });
    const c0 = first.clock!;
    expect(c0.t).toBe(c0.since + c0.duration);
    expect(c0.since).toBeLessThanOrEqual(store.getState().now);
    // A publish that changes nothing keeps the same clocks array.
    store.getState().stepMs(0);
    expect(clockOf().node.clocks).toBe(first.node.clocks);
    // The leader keeps talking to the elector: the silence starts again, later.
    store.getState().stepMs(2000);
    const c1 = clockOf().clock!;
    expect(c1.since).toBeGreaterThan(c0.since);
    expect(store.getState().now - c1.since).toBeLessThan(timeout);
    // The leader crashes: it is no longer heard, so the clock stands still and runs out before the
    // elector grants anyone a takeover (which starts the silence of the new leader afresh).
    const leader = store.getState().leaderId!;
    expect(store.getState().act({ type: 'crash', node: leader })).toBe(true);
    const old = clockOf().clock!;
    let expiredSeen = false;
    for (let i = 0; i < 400; i++) {
      store.getState().stepMs(10);
      const c = clockOf().clock;
      if (!c || c.since !== old.since) break;
      expect(c).toBe(old);
      if (store.getState().now >= c.t) expiredSeen = true;
    }
    expect(expiredSeen).toBe(true);
    // Down, the elector shows no clock.
    const e = clockOf().node.id;
    expect(store.getState().act({ type: 'crash', node: e })).toBe(true);
    expect(clockOf().node.clocks).toEqual([]);
  });
});
