// The message index follows the timeline's window: in a long session it indexes the recent
// events only, forgets messages that ended before the window, and agrees with an index of the
// whole run on every message the window shows.
import { describe, expect, it } from 'vitest';
import { Timeline, type TimelineOptions } from '../../src/kernel/timeline';
import type { Action, TimedAction } from '../../src/kernel/types';
import { TraceIndex, traceIndex } from '../../src/metrics/trace-index';
import { REGISTRY } from '../../src/protocols/registry';

const SPEC = { protocol: 'janus-3+1', seed: 9, link: { loss: 0.02, dup: 0.02 } };

function timeline(actions: TimedAction[], opts: Partial<TimelineOptions>): Timeline {
  return new Timeline(REGISTRY.shape(SPEC.protocol).plugin.protocol, { trace: 'full', ...REGISTRY.simOptions(SPEC), ...opts, actions });
}

/** Writes every 20 ms, now and then a crash (messages lost with it) and a heal. */
function drive(tl: Timeline, until: number, ix?: TraceIndex): number {
  let sent = 0;
  let seen = 0;
  for (let t = 20, k = 0; t < until; t += 20, k++) {
    tl.advanceTo(t);
    const actions: Action[] = [{ type: 'write', node: ['D1', 'D2', 'D3'][k % 3]! }];
    if (k % 89 === 0) actions.push({ type: 'crash', node: ['D2', 'D3'][k % 2]! });
    if (k % 89 === 30) actions.push({ type: 'healAll' });
    for (const a of actions) if (tl.sim.validate(a) === null) tl.act(a);
    for (; seen < tl.length; seen++) if (seen >= tl.windowStart) sent += tl.trace[seen]!.sent.length;
    if (ix && k % 50 === 0) ix.update();
  }
  return sent;
}

describe('trace index over a windowed timeline', () => {
  it('stays bounded in a long session and agrees with an index of the whole run inside the window', () => {
    const tl = timeline([], { windowSize: 600, snapshotEvery: 50, denseSnapshots: 4, oldSnapshots: 6 });
    const ix = traceIndex(tl);
    const sent = drive(tl, 60_000, ix);
    ix.update();
    expect(tl.windowStart).toBeGreaterThan(10_000);
    expect(sent).toBeGreaterThan(20_000);
    // Records: the window's messages plus at most PRUNE_EVERY events' worth not yet forgotten.
    expect(ix.msgs.size).toBeLessThan(sent / 2);
    expect(ix.order.length).toBeLessThanOrEqual(ix.msgs.size);

    const full = timeline(tl.actions, { windowSize: 1e9 });
    full.seek(tl.length);
    const all = new TraceIndex(full).update();
    let checked = 0;
    for (let i = tl.windowStart; i < tl.length; i++) {
      for (const env of tl.eventAt(i).sent) {
        const a = ix.msgs.get(env.id)!;
        const b = all.msgs.get(env.id)!;
        expect([a.sendEvent, a.endEvent, a.end, a.env.id, a.env.deliverAt]).toEqual([b.sendEvent, b.endEvent, b.end, b.env.id, b.env.deliverAt]);
        expect(ix.endAt(a)).toBe(all.endAt(b));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('a fork rebuilds it', () => {
    const tl = timeline([], { windowSize: 600, snapshotEvery: 50, denseSnapshots: 4, oldSnapshots: 6 });
    drive(tl, 8_000);
    const ix = traceIndex(tl);
    const before = ix.msgs.size;
    expect(before).toBeGreaterThan(0);
    tl.seek(tl.length - 200);
    tl.act({ type: 'crash', node: 'D1' });
    const after = traceIndex(tl);
    for (const r of after.msgs.values()) expect(r.sendEvent).toBeLessThan(tl.length);
    expect(after.msgs.size).toBeLessThan(before);
  });
});
