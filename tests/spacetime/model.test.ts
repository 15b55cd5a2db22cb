// The space-time diagram's window: arrows and marks for a time range, found by binary search,
// agree with a brute-force scan of the whole trace.

import { describe, expect, it } from 'vitest';
import { traceIndex } from '../../src/metrics';
import { createTimeline } from '../../src/protocols/registry';
import { marksOf, windowItems } from '../../src/ui/spacetime/model';

describe('windowItems', () => {
  const tl = createTimeline({ protocol: 'janus-3+1', seed: 3, link: { loss: 0.05, dup: 0.05 } });
  tl.advanceTo(1500);
  tl.act({ type: 'crash', node: 'D1' });
  tl.advanceTo(4000);
  tl.act({ type: 'restart', node: 'D1' });
  tl.advanceTo(6000);

  it('equals a brute-force scan for several windows', () => {
    const ix = traceIndex(tl);
    const c = tl.sim.eventCount;
    for (const [t0, t1] of [
      [0, 6000],
      [1400, 1700],
      [3000, 3100],
      [5900, 6000],
    ] as [number, number][]) {
      const w = windowItems(tl, t0, t1);
      const brute: number[] = [];
      for (const ev of tl.trace.slice(0, c))
        for (const { id } of ev.sent) {
          const r = ix.msgs.get(id)!;
          const recv = r.endEvent >= 0 && r.endEvent < c ? tl.trace[r.endEvent]!.t : tl.now;
          if (r.env!.sentAt <= t1 && recv >= t0) brute.push(id);
        }
      expect(w.arrows.map((a) => a.id).sort((a, b) => a - b)).toEqual(brute.sort((a, b) => a - b));
      expect(w.total).toBe(brute.length);
      const marks = tl.trace.slice(0, c).filter((e) => e.t >= t0 && e.t <= t1).flatMap((e) => marksOf(e, tl.sim.nodeIds));
      expect(w.marks).toEqual(marks);
    }
  });

  it('has drops, duplicates and the crash, and scans far fewer events for a narrow window', () => {
    const all = windowItems(tl, 0, 6000);
    expect(all.arrows.some((a) => a.end === 'drop')).toBe(true);
    expect(all.arrows.some((a) => a.dup)).toBe(true);
    expect(all.marks.filter((m) => m.kind === 'crash').map((m) => m.node)).toEqual(['D1']);
    expect(all.marks.filter((m) => m.kind === 'restart').map((m) => m.node)).toEqual(['D1']);
    for (const a of all.arrows) if (a.recv !== null) expect(a.recv).toBeGreaterThanOrEqual(a.sent);
    const narrow = windowItems(tl, 3000, 3100);
    expect(narrow.scanned).toBeLessThan(all.scanned / 10);
  });

  it('filters by message type', () => {
    const w = windowItems(tl, 0, 6000, 'ElectorHeartbeat');
    expect(w.arrows.length).toBeGreaterThan(0);
    expect(w.arrows.every((a) => a.type === 'ElectorHeartbeat' && a.to === 'E')).toBe(true);
  });
});
