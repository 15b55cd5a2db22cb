// The space-time diagram's window (computed by the store): arrows and marks for a time range,
// found by time, equal a brute-force scan of a full straight run: also for a window older than
// the Timeline's kept trace window, with the cursor in the past, and after a fork.

import { describe, expect, it } from 'vitest';
import type { TimedAction, TraceEvent } from '../../src/kernel';
import { Timeline, type TimelineOptions } from '../../src/kernel/timeline';
import { REGISTRY } from '../../src/protocols/registry';
import { marksOf, spaceTimeWindow, type Arrow, type MsgEnd } from '../../src/store/spacetime';

const SPEC = { protocol: 'janus-3+1', seed: 3, link: { loss: 0.05, dup: 0.05 } };
/** A small kept window (the default is 30,000 events), so old windows are re-derived. */
const SMALL: Partial<TimelineOptions> = { windowSize: 150, snapshotEvery: 50, denseSnapshots: 4, oldSnapshots: 6 };

function timeline(actions: TimedAction[], opts: Partial<TimelineOptions>): Timeline {
  return new Timeline(REGISTRY.shape(SPEC.protocol).plugin.protocol, { trace: 'full', ...REGISTRY.simOptions(SPEC), ...opts, actions });
}

function script(opts: Partial<TimelineOptions>): Timeline {
  const tl = timeline([], opts);
  tl.advanceTo(1500);
  tl.act({ type: 'crash', node: 'D1' });
  tl.advanceTo(4000);
  tl.act({ type: 'restart', node: 'D1' });
  tl.advanceTo(6000);
  return tl;
}

/** Every arrow of [t0, t1] as of cursor `c` (time `now`), by a scan of the whole trace. */
function brute(full: Timeline, trace: readonly TraceEvent[], c: number, now: number, t0: number, t1: number, filter: string | null = null) {
  const ends = new Map<number, { i: number; t: number; end: MsgEnd }>();
  for (const ev of trace.slice(0, c)) {
    if (ev.msg && (ev.action.type === 'deliver' || ev.action.type === 'drop')) ends.set(ev.msg.id, { i: ev.i, t: ev.t, end: ev.action.type });
    for (const env of ev.dropped) ends.set(env.id, { i: ev.i, t: ev.t, end: 'crash' });
  }
  const arrows: Arrow[] = [];
  for (const ev of trace.slice(0, c))
    for (const env of ev.sent) {
      const e = ends.get(env.id);
      if (env.sentAt > t1 || (e?.t ?? now) < t0) continue;
      const info = full.protocol.messageInfo(env.msg);
      if (filter && info.type !== filter) continue;
      arrows.push({ id: env.id, type: info.type, label: info.label, from: env.from, to: env.to, sent: env.sentAt, recv: e?.t ?? null, end: e?.end ?? 'flight', dup: env.dupOf !== null, sendEvent: ev.i, endEvent: e?.i ?? -1, bytes: info.bytes });
    }
  const marks = trace.slice(0, c).filter((e) => e.t >= t0 && e.t <= t1).flatMap((e) => marksOf(e, full.sim.nodeIds));
  return { arrows, marks };
}

const byId = (as: Arrow[]) => as.slice().sort((a, b) => a.id - b.id);

const WINDOWS: [number, number][] = [
  [0, 6000],
  [1400, 1700],
  [3000, 3100],
  [5900, 6000],
  [200, 260],
];

describe('the space-time window (store)', () => {
  const tl = script(SMALL);
  /** The same run, every event kept. */
  const full = script({ windowSize: 1e9 });

  it('runs on a timeline that keeps only a window of its trace', () => {
    expect(tl.length).toBe(full.length);
    expect(tl.windowStart).toBeGreaterThan(tl.length / 2);
    // The old windows tested below lie before the kept trace window.
    expect(tl.timeAt(tl.windowStart)).toBeGreaterThan(3100);
  });

  it('equals a brute-force scan of a full straight run for several windows, old ones included', () => {
    const c = tl.sim.eventCount;
    for (const [t0, t1] of WINDOWS) {
      const w = spaceTimeWindow(tl, t0, t1);
      const b = brute(full, full.trace, c, tl.now, t0, t1);
      expect(byId(w.arrows)).toEqual(byId(b.arrows));
      expect(w.total).toBe(b.arrows.length);
      expect(w.marks).toEqual(b.marks);
    }
  });

  it('with the cursor in the past: messages in flight at the cursor, nothing after it', () => {
    const past = script(SMALL);
    past.seekTime(1210);
    const c = past.sim.eventCount;
    expect(past.sim.inFlight.size).toBeGreaterThan(0);
    for (const [t0, t1] of [
      [1000, 1210],
      [1100, 1700],
      [1205, 1206],
      [1300, 1400],
    ] as [number, number][]) {
      const w = spaceTimeWindow(past, t0, t1);
      const b = brute(full, full.trace, c, past.now, t0, t1);
      expect(byId(w.arrows)).toEqual(byId(b.arrows));
      expect(w.marks).toEqual(b.marks);
      if (t0 <= past.now) expect(w.arrows.some((a) => a.end === 'flight')).toBe(true);
      for (const a of w.arrows) expect(a.sendEvent).toBeLessThan(c);
    }
  });

  it('after a fork in old history, the new run is drawn', () => {
    const forked = script(SMALL);
    spaceTimeWindow(forked, 5000, 6000);
    forked.seekTime(1000);
    forked.act({ type: 'crash', node: 'D2' });
    forked.advanceTo(6000);
    const ref = timeline(forked.actions, { windowSize: 1e9 });
    ref.seek(forked.length, forked.now);
    expect([ref.now, ref.length]).toEqual([forked.now, forked.length]);
    for (const [t0, t1] of WINDOWS) {
      const w = spaceTimeWindow(forked, t0, t1);
      const b = brute(ref, ref.trace, forked.sim.eventCount, forked.now, t0, t1);
      expect(byId(w.arrows)).toEqual(byId(b.arrows));
      expect(w.marks).toEqual(b.marks);
    }
  });

  it('a message in flight at the cursor longer than any message that ended is drawn (a delay spike)', () => {
    const spike = timeline([], SMALL);
    spike.advanceTo(2000);
    spike.act({ type: 'link', from: 'D1', to: 'E', params: { extraDelay: 3000 } });
    spike.advanceTo(2300);
    spike.act({ type: 'link', from: 'D1', to: 'E', params: { extraDelay: 0 } });
    spike.advanceTo(4000);
    const slow = [...spike.sim.inFlight.values()].filter((m) => m.from === 'D1' && m.to === 'E');
    expect(slow.length).toBeGreaterThan(0);
    const ref = timeline(spike.actions, { windowSize: 1e9 });
    ref.seek(spike.length, spike.now);
    for (const [t0, t1] of [
      [3500, 4000],
      [2000, 4000],
      [3990, 4000],
    ] as [number, number][]) {
      const w = spaceTimeWindow(spike, t0, t1);
      expect(byId(w.arrows)).toEqual(byId(brute(ref, ref.trace, spike.sim.eventCount, spike.now, t0, t1).arrows));
      for (const m of slow) expect(w.arrows.find((a) => a.id === m.id)).toMatchObject({ end: 'flight', recv: null, from: 'D1', to: 'E' });
    }
  });

  it('has drops, duplicates and the crash, and scans far fewer events for a narrow window', () => {
    const all = spaceTimeWindow(tl, 0, 6000);
    expect(all.arrows.some((a) => a.end === 'drop')).toBe(true);
    expect(all.arrows.some((a) => a.dup)).toBe(true);
    expect(all.marks.filter((m) => m.kind === 'crash').map((m) => m.node)).toEqual(['D1']);
    expect(all.marks.filter((m) => m.kind === 'restart').map((m) => m.node)).toEqual(['D1']);
    for (const a of all.arrows) if (a.recv !== null) expect(a.recv).toBeGreaterThanOrEqual(a.sent);
    const narrow = spaceTimeWindow(tl, 3000, 3100);
    expect(narrow.scanned).toBeLessThan(all.scanned / 10);
  });

  it('filters by message type', () => {
    const w = spaceTimeWindow(tl, 0, 6000, 'ElectorHeartbeat');
    expect(w.arrows.length).toBeGreaterThan(0);
    expect(w.arrows.every((a) => a.type === 'ElectorHeartbeat' && a.to === 'E')).toBe(true);
    expect(byId(w.arrows)).toEqual(byId(brute(full, full.trace, tl.sim.eventCount, tl.now, 0, 6000, 'ElectorHeartbeat').arrows));
  });

  it('caps the arrows drawn, not the count', () => {
    const w = spaceTimeWindow(tl, 0, 6000, null, 10);
    expect(w.arrows.length).toBe(10);
    expect(w.total).toBe(spaceTimeWindow(tl, 0, 6000).total);
  });
});
