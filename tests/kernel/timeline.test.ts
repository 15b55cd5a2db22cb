// Long sessions stay bounded: the Timeline keeps the full trace only for a window of recent
// events and thins its snapshots; older events are re-derived on demand and must be the very
// same events, and seeking anywhere still works.
import { describe, expect, it } from 'vitest';
import type { Action, TimedAction, TraceEvent } from '../../src/kernel/types';
import { Timeline, type TimelineOptions } from '../../src/kernel/timeline';
import { REGISTRY } from '../../src/protocols/registry';

type Small = Pick<TimelineOptions, 'windowSize' | 'snapshotEvery' | 'denseSnapshots' | 'oldSnapshots'>;
const SMALL: Small = { windowSize: 400, snapshotEvery: 50, denseSnapshots: 4, oldSnapshots: 6 };
const SPEC = { protocol: 'janus-3+1', seed: 5, link: { loss: 0.02, dup: 0.02 } };

function createTimeline(spec: typeof SPEC, actions: TimedAction[], opts: Partial<TimelineOptions>): Timeline {
  return new Timeline(REGISTRY.shape(spec.protocol).plugin.protocol, { trace: 'full', ...REGISTRY.simOptions(spec), ...opts, actions });
}

/** A busy run with faults: a write every 20 ms, now and then a crash, a restart, a timed cut. */
function drive(tl: Timeline, until: number, onEvent?: (i: number) => void): void {
  let t = 0;
  let k = 0;
  let seen = tl.length;
  const note = () => {
    for (; seen < tl.length; seen++) onEvent?.(seen);
  };
  while (t < until) {
    t += 20;
    tl.advanceTo(t);
    note();
    k++;
    const ids = ['D1', 'D2', 'D3'];
    const node = ids[k % 3]!;
    const actions: Action[] = [{ type: 'write', node }];
    if (k % 97 === 0) actions.push({ type: 'crash', node: ids[(k >> 1) % 3]! });
    if (k % 97 === 40) actions.push({ type: 'healAll' });
    if (k % 61 === 0) actions.push({ type: 'cut', from: 'D1', to: ids[1 + (k % 2)]!, duration: 150 });
    for (const a of actions) if (tl.sim.validate(a) === null) tl.act(a);
    note();
  }
}

const json = (e: TraceEvent) => JSON.stringify(e);

/** The hash-relevant fields of an event, spelled out (the hash folds exactly these). */
const hashFields = (e: TraceEvent) => ({
  i: e.i,
  t: e.t,
  node: e.node,
  action: e.action,
  msg: e.msg ? [e.msg.id, e.msg.deliverAt, e.msg.msg] : null,
  sent: e.sent.map((m) => [m.id, m.deliverAt, m.msg]),
  dropped: e.dropped.map((m) => m.id),
  changes: e.changes ?? null,
});

describe('Timeline: a window of recent events, thinned snapshots', () => {
  it('an event re-derived after leaving the window equals the original', () => {
    const tl = createTimeline(SPEC, [], SMALL);
    const original: string[] = [];
    const fields: ReturnType<typeof hashFields>[] = [];
    drive(tl, 12_000, (i) => {
      original[i] = json(tl.trace[i]!);
      fields[i] = hashFields(tl.trace[i]!);
    });
    expect(tl.length).toBeGreaterThan(3000);
    expect(tl.windowStart).toBe(tl.length - 400);
    // The old part of the trace array is really empty: nothing retains those events.
    expect(tl.trace.slice(0, tl.windowStart).every((e) => e === undefined)).toBe(true);
    for (const i of [0, 1, 77, 511, 512, 1500, tl.windowStart - 1, tl.windowStart, tl.length - 1]) {
      const ev = tl.eventAt(i);
      expect(ev.i).toBe(i);
      expect(hashFields(ev)).toEqual(fields[i]);
      expect(json(ev)).toBe(original[i]);
    }
    // A range across the window's edge, clamped to the run.
    const all = tl.events(-10, tl.length + 10);
    expect(all).toHaveLength(tl.length);
    expect(all.map(json)).toEqual(original);
    expect(tl.timeAt(1234)).toBe(JSON.parse(original[1234]!).t);
    expect(() => tl.eventAt(tl.length)).toThrow(RangeError);
  });

  it('memory is bounded: retained events and snapshots do not grow with the run', () => {
    const tl = createTimeline(SPEC, [], SMALL);
    const seen: { events: number; snapshots: number }[] = [];
    for (const until of [5_000, 15_000, 40_000]) {
      drive(tl, until);
      const r = tl.retained;
      const live = tl.trace.reduce((n, e) => n + (e === undefined ? 0 : 1), 0);
      expect(live).toBe(r.events);
      seen.push({ events: r.events, snapshots: r.snapshots });
      expect(r.events).toBeLessThanOrEqual(400);
      expect(r.denseSnapshots).toBeLessThanOrEqual(4);
      expect(r.oldSnapshots).toBeLessThanOrEqual(6);
    }
    expect(tl.length).toBeGreaterThan(10_000);
    // Reading old events caches a few blocks only.
    for (let i = 0; i < tl.windowStart; i += 700) tl.eventAt(i);
    expect(tl.retained.cachedEvents).toBeLessThanOrEqual(8 * 512);
    expect(seen[2]!.snapshots).toBeLessThanOrEqual(10);
  });

  it('seeking anywhere lands on the same state as a straight run, and back at the end on the same hash', () => {
    const tl = createTimeline(SPEC, [], SMALL);
    drive(tl, 12_000);
    const end = tl.cursor;
    const endHash = tl.sim.traceHash;
    // A reference run that keeps everything.
    const ref = createTimeline(SPEC, tl.actions, { windowSize: 1e9 });
    for (const target of [3, 700, 2049, tl.windowStart - 7, tl.length - 3, 1]) {
      tl.seek(target);
      expect(tl.cursor.index).toBe(target);
      ref.seek(target);
      expect(tl.sim.traceHash).toBe(ref.sim.traceHash);
      expect(tl.now).toBe(ref.now);
    }
    // seekTime in the old history: the last event at or before t.
    const t = tl.timeAt(1000) + 0.0005;
    tl.seekTime(t);
    expect(tl.cursor.index).toBe(1001);
    expect(tl.timeAt(1000)).toBeLessThanOrEqual(t);
    expect(tl.timeAt(1001)).toBeGreaterThan(t);
    tl.seek(end.index, end.t);
    expect(tl.sim.traceHash).toBe(endHash);
    // Replaying old history while seeking keeps nothing outside the window.
    expect(tl.retained.events).toBeLessThanOrEqual(400);
    expect(tl.trace.slice(0, tl.windowStart).every((e) => e === undefined)).toBe(true);
  });

  it('a fork in the old history: earlier events re-derive as before, the new future is recorded', () => {
    const tl = createTimeline(SPEC, [], SMALL);
    const original: string[] = [];
    drive(tl, 10_000, (i) => (original[i] = json(tl.trace[i]!)));
    tl.seek(900);
    const { forked } = tl.act({ type: 'crash', node: 'D2' });
    expect(forked).toBe(true);
    expect(tl.length).toBe(901);
    tl.advanceTo(tl.now + 3000);
    expect(tl.length).toBeGreaterThan(901);
    for (const i of [0, 450, 899]) expect(json(tl.eventAt(i))).toBe(original[i]);
    expect(tl.eventAt(900).action).toEqual({ type: 'crash', node: 'D2' });
    // The new future matches a run rebuilt from the recorded actions.
    const again = createTimeline(SPEC, tl.actions, { windowSize: 1e9 });
    again.seek(tl.length);
    expect(again.sim.traceHash).toBe(tl.sim.traceHash);
    expect(tl.events(880, 920).map(json)).toEqual(again.events(880, 920).map(json));
  });
});
