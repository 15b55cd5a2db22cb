// Layout of the cluster view with d3: node positions, link geometry (two directed lanes per
// pair) and the point of a message along its lane at a given virtual time.

import { pointRadial, scaleLinear } from 'd3';
import type { NodeKind } from '../contracts';
import type { NodeId } from '../store';

export const VIEW_W = 760;
export const VIEW_H = 500;
export const CARD_W = 172;
export const CARD_H = 84;
export const ELECTOR_W = 186;
export const ELECTOR_H = 104;
/** Distance between the two directed lanes of a pair. */
const LANE = 7;

export interface Point {
  x: number;
  y: number;
}

/** A node as the layout needs it: data nodes on a circle (or a row of two), arbiters (electors) apart. */
export interface LayoutNode {
  id: NodeId;
  kind: NodeKind;
}

/** Where each node's card sits, and its half-size. */
export interface Layout {
  pos: Map<NodeId, Point>;
  half: Map<NodeId, [number, number]>;
}

export function nodeLayout(nodes: readonly LayoutNode[]): Layout {
  const data = nodes.filter((n) => n.kind === 'data').map((n) => n.id);
  const electors = nodes.filter((n) => n.kind !== 'data').map((n) => n.id);
  const pos = new Map<NodeId, Point>();
  const half = new Map<NodeId, [number, number]>();
  for (const n of nodes) half.set(n.id, n.kind === 'data' ? [CARD_W / 2, CARD_H / 2] : [ELECTOR_W / 2, ELECTOR_H / 2]);
  const cx = VIEW_W / 2;
  /** Electors side by side, centred on (cx, y). */
  const row = (ids: readonly NodeId[], y: number, gap: number) => ids.forEach((id, i) => pos.set(id, { x: cx + (i - (ids.length - 1) / 2) * gap, y }));
  if (data.length <= 2) {
    if (data.length === 1) pos.set(data[0]!, { x: cx, y: 110 });
    else row(data, 110, 440);
    row(electors, 380, ELECTOR_W + 30);
    return { pos, half };
  }
  // Data nodes on a circle, the electors in the middle: no link crosses another.
  const cy = VIEW_H / 2 + 18;
  const angle = scaleLinear().domain([0, data.length]).range([0, 2 * Math.PI]);
  data.forEach((id, i) => {
    const [x, y] = pointRadial(angle(i), 205);
    pos.set(id, { x: cx + x * 1.35, y: cy + y });
  });
  row(electors, cy + 10, ELECTOR_W + 30);
  return { pos, half };
}

/** Parameter along the centre line at which it leaves a card of half-size (hw, hh). */
function exitParam(dx: number, dy: number, hw: number, hh: number): number {
  const tx = dx === 0 ? Infinity : hw / Math.abs(dx);
  const ty = dy === 0 ? Infinity : hh / Math.abs(dy);
  return Math.min(tx, ty);
}

export interface Lane {
  from: Point;
  to: Point;
}

/** The directed lane from→to: offset to the right of the direction of travel, clipped to the cards. */
export function lane({ pos, half }: Layout, from: NodeId, to: NodeId): Lane {
  const a = pos.get(from)!;
  const b = pos.get(to)!;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const nx = -dy / len;
  const ny = dx / len;
  const ox = nx * LANE;
  const oy = ny * LANE;
  const [aw, ah] = half.get(from)!;
  const [bw, bh] = half.get(to)!;
  const t0 = exitParam(dx, dy, aw + 4, ah + 4);
  const t1 = 1 - exitParam(dx, dy, bw + 4, bh + 4);
  return {
    from: { x: a.x + dx * t0 + ox, y: a.y + dy * t0 + oy },
    to: { x: a.x + dx * t1 + ox, y: a.y + dy * t1 + oy },
  };
}

export function along(l: Lane, f: number): Point {
  const c = Math.min(1, Math.max(0, f));
  return { x: l.from.x + (l.to.x - l.from.x) * c, y: l.from.y + (l.to.y - l.from.y) * c };
}

/** Progress of a message along its lane at virtual time `now`. */
export function progress(sentAt: number, deliverAt: number, now: number): number {
  if (deliverAt <= sentAt) return 1;
  return Math.min(1, Math.max(0, (now - sentAt) / (deliverAt - sentAt)));
}
