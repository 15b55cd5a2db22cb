// Issue 11, "a timer that fires is visible as it fires": the picture's pill (`timer-fired`) shows
// exactly the timers that fired between two looks at the run, read from the store's views. A timer
// that was cleared without firing (a node became leader, or crashed) is no firing, however long the
// jump across its old fire time (regression: such timers showed "fired" after a jump).

import { afterEach, describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { createLabStore, type LabStore } from '../../src/store';
import { firedSince } from '../../src/ui/cluster/Cards';

const stores: LabStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

type Look = { nodes: LabStore extends { getState(): infer S } ? (S extends { nodes: infer N } ? N : never) : never; now: number; events: number };

/** The timers that really fired at each node in events [from, to): read straight from the trace. */
function firings(store: LabStore, from: number, to: number): Map<string, Set<string>> {
  const tl = store.getState().timeline;
  const out = new Map<string, Set<string>>();
  for (let i = from; i < to; i++) {
    const a = tl.eventAt(i).action;
    if (a.type === 'fire') (out.get(a.node) ?? out.set(a.node, new Set()).get(a.node)!).add(a.timer);
  }
  return out;
}

/** Look at the run, move it with `move`, look again: per node, what the picture would mark as fired, and what fired. */
function compare(store: LabStore, looks: Look[], move: () => void): { shown: string[]; truth: string[]; cleared: string[] } {
  const look = (): Look => {
    const s = store.getState();
    return { nodes: s.nodes, now: s.now, events: s.events };
  };
  if (!looks.length) looks.push(look());
  const a = looks[looks.length - 1]!;
  move();
  const b = look();
  looks.push(b);
  const fired = firings(store, a.events, b.events);
  const shown: string[] = [];
  const truth: string[] = [];
  const cleared: string[] = [];
  for (const n of b.nodes) {
    const before = a.nodes.find((x) => x.id === n.id)!;
    for (const name of firedSince(before.timers, n.timers, a.now, b.now, n.fired)) shown.push(`${n.id} ${name}`);
    for (const p of before.timers) {
      if (p.t <= a.now || p.t > b.now) continue;
      if (fired.get(n.id)?.has(p.name)) truth.push(`${n.id} ${p.name}`);
      else cleared.push(`${n.id} ${p.name}`);
    }
  }
  return { shown: shown.sort(), truth: truth.sort(), cleared };
}

describe('timer firings shown by the picture', () => {
  it('are the timers that fired: never one cleared without firing, over short and long moves', () => {
    const store = createLabStore(REGISTRY, { protocol: 'janus-3+1', seed: 3 });
    stores.push(store);
    const looks: Look[] = [];
    let cleared = 0;
    let shown = 0;
    for (const ms of [5, 40, 385, 500, 20, 1200, 3000, 60, 5000]) {
      const r = compare(store, looks, () => store.getState().stepMs(ms));
      expect(r.shown, `after +${ms} ms`).toEqual(r.truth);
      cleared += r.cleared.length;
      shown += r.shown.length;
    }
    // The moves did cross timers that fired and timers that were cleared before their time.
    expect(shown).toBeGreaterThan(0);
    expect(cleared).toBeGreaterThan(0);
  });

  it('a node that crashes loses its timers: crossing their old fire times is no firing', () => {
    const store = createLabStore(REGISTRY, { protocol: 'janus-3+1', seed: 3 });
    stores.push(store);
    store.getState().stepMs(600);
    const looks: Look[] = [];
    const victim = store.getState().nodes.find((n) => n.up && n.timers.length > 0 && n.view.kind === 'data')!;
    const r = compare(store, looks, () => {
      expect(store.getState().act({ type: 'crash', node: victim.id })).toBe(true);
      store.getState().stepMs(2000);
    });
    expect(r.cleared.some((c) => c.startsWith(`${victim.id} `))).toBe(true);
    expect(r.shown.filter((c) => c.startsWith(`${victim.id} `))).toEqual([]);
    expect(r.shown).toEqual(r.truth);
  });

  it('after a jump back, nothing shows as fired', () => {
    const store = createLabStore(REGISTRY, { protocol: 'janus-3+1', seed: 3 });
    stores.push(store);
    store.getState().stepMs(2500);
    const looks: Look[] = [];
    const r = compare(store, looks, () => store.getState().seekTime(100));
    expect(r.shown).toEqual([]);
  });
});
