// Determinism: a seed plus a list of user actions replays bit for bit (house rule), through a
// straight run, snapshot/restore, and the Timeline's seek.
import { describe, expect, it } from 'vitest';
import type { Action, TraceEvent } from '../../src/kernel/types';
import type { Simulation } from '../../src/kernel/sim';
import type { TraceLevel } from '../../src/kernel/sim';
import { createSimulation, createTimeline } from '../../src/protocols/registry';

/** A fixed fault schedule: (virtual ms, action). */
const SCHEDULE: [number, Action][] = [
  [900, { type: 'write', node: 'D1', command: 'x=1' }],
  [950, { type: 'write', node: 'D2', command: 'y=2' }],
  [1000, { type: 'link', from: 'D1', to: 'D2', both: true, params: { loss: 0.2, dup: 0.2 } }],
  [1200, { type: 'crash', node: 'D3' }],
  [1300, { type: 'write', node: 'D1', command: 'z=3' }],
  [1800, { type: 'cut', from: 'D1', to: 'E', duration: 300 }],
  [2200, { type: 'restart', node: 'D3' }],
  [2600, { type: 'crash', node: 'D1' }],
  [3200, { type: 'write', node: 'D2', command: 'w=4' }],
  [3500, { type: 'restart', node: 'D1' }],
  [4000, { type: 'healAll' }],
];
const END = 6000;

function run(seed: number, trace: TraceLevel = 'light', schedule = SCHEDULE): Simulation {
  const sim = createSimulation({ protocol: 'janus-3+1', seed }, { trace });
  for (const [t, a] of schedule) {
    sim.runUntil(t);
    if (sim.validate(a) === null) sim.apply(a);
  }
  sim.runUntil(END);
  return sim;
}

const strip = (e: TraceEvent) => JSON.stringify(e);

describe('determinism', () => {
  it('the same seed and actions give the same trace hash and the same trace', () => {
    const a = run(7, 'full');
    const b = run(7, 'full');
    expect(a.eventCount).toBeGreaterThan(300);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.trace.map(strip)).toEqual(a.trace.map(strip));
  });

  it('a different seed gives a different hash', () => {
    const hashes = new Set([1, 2, 3, 7, 8].map((s) => run(s).traceHash));
    expect(hashes.size).toBe(5);
  });

  it('different actions give a different hash', () => {
    // The same actions with the crash of D3 one millisecond later.
    const moved = SCHEDULE.map(([t, a]) => [a.type === 'crash' && a.node === 'D3' ? t + 1 : t, a] as [number, Action]);
    expect(run(7, 'light', moved).traceHash).not.toBe(run(7).traceHash);
  });

  it('the trace level does not change the run (off, light and full give one hash)', () => {
    const h = run(7, 'full').traceHash;
    expect(run(7, 'light').traceHash).toBe(h);
    expect(run(7, 'off').traceHash).toBe(h);
  });

  it('snapshot, restore and replay give the same hash as a straight run', () => {
    const straight = run(11);
    const sim = createSimulation({ protocol: 'janus-3+1', seed: 11 }, { trace: 'light' });
    let snap = sim.snapshot();
    let snapAt = -1;
    for (let k = 0; k < SCHEDULE.length; k++) {
      const [t, a] = SCHEDULE[k]!;
      sim.runUntil(t);
      if (k === 4) {
        snap = sim.snapshot();
        snapAt = k;
      }
      if (sim.validate(a) === null) sim.apply(a);
    }
    sim.runUntil(END);
    expect(sim.traceHash).toBe(straight.traceHash);
    // Go back to the snapshot and replay the rest: the same hash again.
    sim.restore(snap);
    for (let k = snapAt; k < SCHEDULE.length; k++) {
      const [t, a] = SCHEDULE[k]!;
      sim.runUntil(t);
      if (sim.validate(a) === null) sim.apply(a);
    }
    sim.runUntil(END);
    expect(sim.traceHash).toBe(straight.traceHash);
    expect(sim.eventCount).toBe(straight.eventCount);
  });

  it('restore brings back node states, messages in flight and timers exactly', () => {
    const sim = run(5);
    const snap = sim.snapshot();
    const look = () => JSON.stringify({ st: sim.nodeIds.map((id) => [sim.state(id), sim.isUp(id), sim.timers(id)]), m: sim.messages(), now: sim.now, n: sim.eventCount, h: sim.traceHash });
    const before = look();
    sim.apply({ type: 'crash', node: 'D2' });
    sim.runUntil(sim.now + 2000);
    expect(look()).not.toBe(before);
    sim.restore(snap);
    expect(look()).toBe(before);
  });
});

describe('Timeline', () => {
  function timelineWithActions() {
    const tl = createTimeline({ protocol: 'janus-3+1', seed: 21 }, [], { snapshotEvery: 50 });
    for (const [t, a] of SCHEDULE) {
      tl.advanceTo(t);
      if (tl.sim.validate(a) === null) tl.act(a);
    }
    tl.advanceTo(END);
    return tl;
  }

  it('seek back and forward reproduces identical events and the same hash', () => {
    const tl = timelineWithActions();
    const all = tl.trace.map(strip);
    const hash = tl.sim.traceHash;
    const end = tl.cursor;
    expect(all.length).toBeGreaterThan(300);
    for (const target of [0, 17, 123, all.length - 5, 60]) {
      tl.seek(target);
      expect(tl.cursor.index).toBe(target);
      expect(tl.trace.map(strip)).toEqual(all); // the known future is kept while seeking
    }
    tl.seek(end.index, end.t);
    expect(tl.sim.traceHash).toBe(hash);
    expect(tl.trace.map(strip)).toEqual(all);
  });

  it('seekTime goes to the last event at or before t', () => {
    const tl = timelineWithActions();
    tl.seekTime(2000);
    const i = tl.cursor.index;
    expect(tl.trace[i - 1]!.t).toBeLessThanOrEqual(2000);
    expect(tl.trace[i]!.t).toBeGreaterThan(2000);
    expect(tl.now).toBe(2000);
  });

  it('a timeline rebuilt from its recorded actions replays the same run', () => {
    const tl = timelineWithActions();
    const again = createTimeline({ protocol: 'janus-3+1', seed: 21 }, tl.actions, { snapshotEvery: 50 });
    again.advanceTo(END);
    expect(again.sim.traceHash).toBe(tl.sim.traceHash);
    expect(again.trace.map(strip)).toEqual(tl.trace.map(strip));
  });

  it('acting in the past forks: the future is discarded and a new one is recorded', () => {
    const tl = timelineWithActions();
    const oldLen = tl.trace.length;
    tl.seekTime(1500);
    const at = tl.cursor.index;
    const { forked } = tl.act({ type: 'crash', node: 'D2' });
    expect(forked).toBe(true);
    expect(tl.trace.length).toBe(at + 1);
    expect(tl.actions.every((a) => a.at <= at)).toBe(true);
    tl.advanceTo(END);
    expect(tl.trace.length).not.toBe(oldLen);
  });

  it('after a fork, seeking back and forward reproduces the new future, and a rebuilt timeline matches', () => {
    const tl = timelineWithActions();
    tl.seekTime(1500);
    tl.act({ type: 'crash', node: 'D2' });
    tl.advanceTo(2500);
    tl.act({ type: 'write', node: 'D1', command: 'after-fork' });
    tl.advanceTo(END);
    const all = tl.trace.map(strip);
    const hash = tl.sim.traceHash;
    const end = tl.cursor;
    tl.seek(10);
    tl.seek(all.length - 1);
    tl.seek(200);
    tl.seek(end.index, end.t);
    expect(tl.sim.traceHash).toBe(hash);
    expect(tl.trace.map(strip)).toEqual(all);
    const again = createTimeline({ protocol: 'janus-3+1', seed: 21 }, tl.actions, { snapshotEvery: 50 });
    again.advanceTo(END);
    expect(again.sim.traceHash).toBe(hash);
  });
});
