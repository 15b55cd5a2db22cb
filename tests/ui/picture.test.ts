// The cluster picture's pure parts: the layout (no card overlaps another, every lane is long
// enough to watch, text keeps its size down to MIN_W), the partition presets (from kinds and the
// leader, never from names), when a timer counts as fired, and the legend's short labels.

import { describe, expect, it } from 'vitest';
import { clusterLayout, jumped, minWidth, type LayoutNode } from '../../src/ui/layout';
import { partitionPresets } from '../../src/ui/cluster/Menus';
import { firedSince } from '../../src/ui/cluster/Cards';
import { shortLabel } from '../../src/ui/cluster/CanvasLegend';
import type { NodeView } from '../../src/contracts';

const shapes: Record<string, LayoutNode[]> = {
  '3+1': [{ id: 'D1', kind: 'data' }, { id: 'D2', kind: 'data' }, { id: 'D3', kind: 'data' }, { id: 'E', kind: 'elector' }],
  '2+1': [{ id: 'D1', kind: 'data' }, { id: 'D2', kind: 'data' }, { id: 'E', kind: 'elector' }],
  'raft-3': [{ id: 'S1', kind: 'data' }, { id: 'S2', kind: 'data' }, { id: 'S3', kind: 'data' }],
  'raft-5': ['S1', 'S2', 'S3', 'S4', 'S5'].map((id) => ({ id, kind: 'data' as const })),
};

describe('cluster layout', () => {
  for (const [name, nodes] of Object.entries(shapes))
    for (const width of [390, 738, 1026, 1400])
      it(`${name} at ${width} px: cards inside the picture, apart, lanes at least 30 px`, () => {
        const g = clusterLayout(nodes, width);
        expect(g.w).toBe(Math.max(minWidth(nodes.length), width));
        const box = (id: string) => {
          const p = g.pos.get(id)!;
          const [hw, hh] = g.half.get(id)!;
          return { x0: p.x - hw, x1: p.x + hw, y0: p.y - hh, y1: p.y + hh };
        };
        for (const n of nodes) {
          const b = box(n.id);
          expect(b.x0).toBeGreaterThanOrEqual(0);
          expect(b.y0).toBeGreaterThanOrEqual(0);
          expect(b.x1).toBeLessThanOrEqual(g.w);
          expect(b.y1).toBeLessThanOrEqual(g.h);
        }
        for (const a of nodes)
          for (const c of nodes) {
            if (a === c) continue;
            const p = box(a.id);
            const q = box(c.id);
            const apart = p.x1 <= q.x0 || q.x1 <= p.x0 || p.y1 <= q.y0 || q.y1 <= p.y0;
            expect(apart, `${a.id} and ${c.id} overlap`).toBe(true);
            const l = g.lanes.get(`${a.id}-${c.id}`)!;
            expect(Math.hypot(l.to.x - l.from.x, l.to.y - l.from.y), `${a.id}→${c.id}`).toBeGreaterThan(36);
          }
      });

  it('the two directions of a pair are two lanes, apart', () => {
    const g = clusterLayout(shapes['3+1']!, 1000);
    const ab = g.lanes.get('D1-D2')!;
    const ba = g.lanes.get('D2-D1')!;
    const mid = (l: typeof ab) => ({ x: (l.from.x + l.to.x) / 2, y: (l.from.y + l.to.y) / 2 });
    expect(Math.hypot(mid(ab).x - mid(ba).x, mid(ab).y - mid(ba).y)).toBeGreaterThanOrEqual(10);
  });

  it('with reduced motion an envelope stands at three places only', () => {
    expect(new Set([0, 0.1, 0.3, 0.34, 0.5, 0.66, 0.7, 0.99, 1].map(jumped))).toEqual(new Set([0.12, 0.5, 0.88]));
  });
});

const view = (id: string, kind: 'data' | 'elector'): { id: string; view: NodeView } => ({
  id,
  view: { id, kind, role: kind === 'data' ? 'follower' : 'elector', leader: false, term: 1, rf: 0, commitIndex: 0, log: [], leaderId: null, replicationSet: null, lines: [] },
});

describe('partition presets', () => {
  it('isolate each node, and the leader from its followers but not from the elector', () => {
    const nodes = [view('D1', 'data'), view('D2', 'data'), view('D3', 'data'), view('E', 'elector')];
    const ps = partitionPresets(nodes, 'D2');
    expect(ps.map((p) => p.label)).toEqual([
      'Isolate D1: {D1} | {D2, D3, E}',
      'Isolate D2: {D2} | {D1, D3, E}',
      'Isolate D3: {D3} | {D1, D2, E}',
      'Isolate E: {E} | {D1, D2, D3}',
      'Leader D2 from its followers, not from E: {D2, E} | {D1, D3}',
    ]);
    expect(ps[0]!.pairs).toEqual([['D1', 'D2'], ['D1', 'D3'], ['D1', 'E']]);
    expect(ps[4]!.pairs).toEqual([['D2', 'D1'], ['D2', 'D3']]);
  });
  it('follows kinds, not names: any ids, no leader preset without a leader', () => {
    const nodes = [view('alpha', 'data'), view('beta', 'data'), view('judge', 'elector')];
    expect(partitionPresets(nodes, null).map((p) => p.label)).toEqual(['Isolate alpha: {alpha} | {beta, judge}', 'Isolate beta: {beta} | {alpha, judge}', 'Isolate judge: {judge} | {alpha, beta}']);
    expect(partitionPresets(nodes, 'beta').at(-1)!.label).toBe('Leader beta from its followers, not from judge: {beta, judge} | {alpha}');
    expect(partitionPresets([view('S1', 'data'), view('S2', 'data')], 'S1').at(-1)!.label).toBe('Leader S1 from its followers: {S1} | {S2}');
  });
});

describe('a timer fires', () => {
  const tm = (name: string, t: number, armedAt: number | null) => ({ name, t, armedAt });
  it('when its time came since the last look and it fired then (the store saw its fire event)', () => {
    expect(firedSince([tm('election', 150, 0)], [tm('election', 400, 150)], 100, 200, { election: 150 })).toEqual(['election']);
    expect(firedSince([tm('election', 150, 0)], [], 100, 200, { election: 150 })).toEqual(['election']);
    // Reset, then re-armed and fired again before this look: it fired.
    expect(firedSince([tm('heartbeat', 150, 100)], [tm('heartbeat', 250, 190)], 100, 200, { heartbeat: 190 })).toEqual(['heartbeat']);
  });
  it('not when it was reset or cleared before its time, not yet due, or due before the last look', () => {
    expect(firedSince([tm('election', 150, 0)], [tm('election', 420, 120)], 100, 200, {})).toEqual([]);
    expect(firedSince([tm('election', 250, 0)], [tm('election', 400, 180)], 100, 200, { election: 180 })).toEqual([]);
    expect(firedSince([tm('election', 90, 0)], [tm('election', 400, 90)], 100, 200, { election: 90 })).toEqual([]);
    expect(firedSince([tm('heartbeat', 150, 100)], [tm('heartbeat', 150, 100)], 100, 200, { heartbeat: 150 })).toEqual([]);
    // A long jump: the boot timer was reset many times since, the last time long after its old fire time.
    expect(firedSince([tm('election', 150, 0)], [tm('election', 1700, 1600)], 0, 1645, {})).toEqual([]);
    // Cleared without firing (a new leader, a crash): gone, and its last firing long before.
    expect(firedSince([tm('election', 150, 0)], [], 100, 200, {})).toEqual([]);
    expect(firedSince([tm('election', 150, 0)], [], 100, 2000, { election: 40 })).toEqual([]);
  });
});

describe('legend', () => {
  const legend = [
    { term: 'AE', meaning: 'AppendEntries: the leader replicates log entries' },
    { term: 'TReq / TResp', meaning: 'TermRequest / TermResponse: a data node asks the elector for a new term' },
    { term: 'EHB / EHB✓', meaning: 'ElectorHeartbeat and its response: the leader tells the elector it is alive' },
  ];
  it("finds a message type's short label in the protocol's legend", () => {
    expect(shortLabel('AppendEntries', legend)).toBe('AE');
    expect(shortLabel('TermResponse', legend)).toBe('TResp');
    expect(shortLabel('ElectorHeartbeat', legend)).toBe('EHB');
    expect(shortLabel('ElectorHeartbeatResponse', legend)).toBe('EHB✓');
    expect(shortLabel('InstallElector', legend)).toBeNull();
  });
});
