// The trace index keeps O(1) state whatever the run's length: no record per message, only the
// longest span of any ended message (a running maximum), read once from each new event through
// `timeline.events` (so also when it fell behind the kept trace window), and re-read from a
// fork's point after a fork.
import { describe, expect, it } from 'vitest';
import { Timeline, type TimelineOptions } from '../../src/kernel/timeline';
import type { Action, TimedAction, TraceEvent } from '../../src/kernel/types';
import { TraceIndex, traceIndex } from '../../src/metrics/trace-index';
import { REGISTRY } from '../../src/protocols/registry';

const SPEC = { protocol: 'janus-3+1', seed: 9, link: { loss: 0.02, dup: 0.02 } };
const SMALL: Partial<TimelineOptions> = { windowSize: 600, snapshotEvery: 50, denseSnapshots: 4, oldSnapshots: 6 };

function timeline(actions: TimedAction[], opts: Partial<TimelineOptions>): Timeline {
  return new Timeline(REGISTRY.shape(SPEC.protocol).plugin.protocol, { trace: 'full', ...REGISTRY.simOptions(SPEC), ...opts, actions });
}

/** Writes every 20 ms, now and then a crash (messages lost with it) and a heal; returns the messages sent. */
function drive(tl: Timeline, from: number, until: number, each?: () => void): number {
  let sent = 0;
  let seen = tl.length;
  for (let t = from + 20, k = 0; t < until; t += 20, k++) {
    tl.advanceTo(t);
    const actions: Action[] = [{ type: 'write', node: ['D1', 'D2', 'D3'][k % 3]! }];
    if (k % 89 === 0) actions.push({ type: 'crash', node: ['D2', 'D3'][k % 2]! });
    if (k % 89 === 30) actions.push({ type: 'healAll' });
    for (const a of actions) if (tl.sim.validate(a) === null) tl.act(a);
    for (; seen < tl.length; seen++) sent += tl.eventAt(seen).sent.length;
    if (k % 50 === 0) each?.();
  }
  return sent;
}

/** The longest span (end − send) of the messages that ended in events [from, to), by brute force. */
function maxSpan(trace: readonly TraceEvent[], from = 0, to = trace.length): number {
  let m = 0;
  for (const ev of trace.slice(from, to)) {
    if (ev.msg && (ev.action.type === 'deliver' || ev.action.type === 'drop')) m = Math.max(m, ev.t - ev.msg.sentAt);
    for (const env of ev.dropped) m = Math.max(m, ev.t - env.sentAt);
  }
  return m;
}

/** A straight run with every event kept, to the same moment. */
function straight(tl: Timeline): Timeline {
  const full = timeline(tl.actions, { windowSize: 1e9 });
  full.seek(tl.length, tl.now);
  expect(full.length).toBe(tl.length);
  return full;
}

describe('trace index', () => {
  const tl = timeline([], SMALL);
  const ix = traceIndex(tl);
  let most = 0;
  const sent = drive(tl, 0, 60_000, () => {
    ix.update();
    most = Math.max(most, ix.retained.records);
  });
  ix.update();

  it('keeps no record per message in a long session, and its span is the whole run’s', () => {
    expect(tl.windowStart).toBeGreaterThan(10_000);
    expect(sent).toBeGreaterThan(20_000);
    expect(most).toBe(0);
    expect(ix.retained).toEqual({ records: 0, scanned: tl.length });
    const full = straight(tl);
    const span = maxSpan(full.trace);
    expect(span).toBeGreaterThan(20);
    expect(ix.maxSpan).toBe(span);
    // Fell behind the kept window (never updated during the run): catches up through re-derived events.
    expect(new TraceIndex(tl).update().maxSpan).toBe(span);
  });

  it('after a fork in old history, re-reads from the fork point (not from the start)', () => {
    const before = ix.maxSpan;
    tl.seek(8_000);
    const k = tl.sim.eventCount;
    expect(k).toBeLessThan(tl.windowStart);
    tl.act({ type: 'crash', node: 'D1' });
    drive(tl, tl.now, tl.now + 5_000);
    expect(tl.length - k).toBeGreaterThan(600); // the fork point left the kept window
    const reads: number[] = [];
    const events = tl.events.bind(tl);
    tl.events = (from: number, to: number) => {
      reads.push(from);
      return events(from, to);
    };
    ix.update();
    expect(Math.min(...reads)).toBe(k);
    const full = straight(tl);
    expect(ix.maxSpan).toBe(Math.max(before, maxSpan(full.trace, k)));
    expect(ix.maxSpan).toBeGreaterThanOrEqual(maxSpan(full.trace));
  });
});
