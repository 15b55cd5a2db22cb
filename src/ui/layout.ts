// Layout of the cluster picture (d3's formulas, written out so d3 stays out of the start chunk):
// the picture's own size (it follows the width it is given, so text keeps its size in pixels),
// node positions, card sizes, link geometry (two directed lanes per pair) and the point of a
// message along its lane at a given virtual time.
//
// Every node sits on one ellipse. Nodes that are not data nodes (the elector) take the bottom of
// it, the data nodes share the rest evenly, in order: 3 data nodes and an elector make a diamond
// (D1 left, D2 top, D3 right, E bottom), 2 and an elector a triangle, 3 or 5 alone a polygon
// with its first node on top. Every lane is long enough to watch a message travel.

import type { NodeKind } from '../contracts';
import type { NodeId } from '../store';

/** d3's pointRadial: angle 0 at the top, clockwise (y grows downwards). */
export const pointRadial = (a: number, r: number): [number, number] => [r * Math.cos(a - Math.PI / 2), r * Math.sin(a - Math.PI / 2)];

/** Smallest and largest of the values (d3's extent for a non-empty list of numbers). */
export function extent<T>(xs: readonly T[], f: (x: T) => number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    const v = f(x);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** A linear map from [d0, d1] to [r0, r1], computed as d3's scaleLinear does (unclamped). */
export function linear([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): (x: number) => number {
  return (x) => {
    const t = (x - d0) / (d1 - d0);
    return r0 * (1 - t) + r1 * t;
  };
}

/** The picture never gets narrower than this (logical px); below it, it scales down. */
export const MIN_W = 460;
/** Height of the strip above the nodes for the replication set's badge. */
export const BADGE_H = 0;
/** Distance between a lane and the centre line of its pair (two lanes: twice this apart). */
export const LANE_OFFSET = 6;
/** The card's parts (logical px). */
export const HEAD_H = 30;
export const LINE_H = 19;
export const LOG_Y = 98;
export const LOG_H = 20;
export const TIMER_Y = 126;
export const TIMER_ROW = 8;

export interface Point {
  x: number;
  y: number;
}

/** A node as the layout needs it. */
export interface LayoutNode {
  id: NodeId;
  kind: NodeKind;
}

export interface Lane {
  from: Point;
  to: Point;
}

export interface ClusterLayout {
  /** The picture's size in logical px (its viewBox). */
  w: number;
  h: number;
  /** Centre of each node's card. */
  pos: Map<NodeId, Point>;
  /** Half-width and half-height of each node's card. */
  half: Map<NodeId, [number, number]>;
  /** Card sizes. */
  dataW: number;
  dataH: number;
  electorW: number;
  electorH: number;
  /** `from-to` → the directed lane. */
  lanes: Map<string, Lane>;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The narrowest the picture of `n` nodes gets before it scales down (five cards need more room than four). */
export const minWidth = (n: number): number => (n >= 5 ? 680 : MIN_W);

/** The layout of `nodes` for a picture `width` px wide. */
export function clusterLayout(nodes: readonly LayoutNode[], width: number): ClusterLayout {
  const w = Math.round(Math.max(minWidth(nodes.length), width || 0));
  const data = nodes.filter((n) => n.kind === 'data');
  const others = nodes.filter((n) => n.kind !== 'data');
  const dataW = Math.round(clamp(w * 0.24, 170, 224));
  const dataH = TIMER_Y + 3 * TIMER_ROW + 2;
  const electorW = Math.round(clamp(w * 0.26, 186, 246));
  const electorH = TIMER_Y + 22 + 3 * TIMER_ROW + 2;
  const n = nodes.length;
  const rows = n <= 3 ? 2 : 3;
  // Narrow pictures get more height, so that the middle row keeps long lanes to the rows above and below.
  const h = Math.round(rows === 2 ? (w < 600 ? 440 : clamp(w * 0.5, 380, 460)) : w < 600 ? 600 : clamp(w * 0.6, 520, 600));
  const half = new Map<NodeId, [number, number]>();
  for (const d of data) half.set(d.id, [dataW / 2, dataH / 2]);
  for (const o of others) half.set(o.id, [electorW / 2, electorH / 2]);

  // Angles (0 = top, clockwise): the others centred on the bottom, the data nodes evenly over the rest.
  const raw = new Map<NodeId, [number, number]>();
  const step = (2 * Math.PI) / Math.max(1, n);
  if (others.length === 0) {
    data.forEach((d, i) => raw.set(d.id, pointRadial(i * step, 1)));
  } else {
    // Others at the bottom (π), side by side; data nodes from just after them, clockwise.
    const o0 = Math.PI - ((others.length - 1) * step) / 2;
    others.forEach((o, i) => raw.set(o.id, pointRadial(o0 + i * step, 1)));
    const d0 = o0 + others.length * step;
    data.forEach((d, i) => raw.set(d.id, pointRadial(d0 + i * step, 1)));
  }
  if (n === 1) raw.set(nodes[0]!.id, [0, 0]);
  // pointRadial gives y growing downwards from the top for angle 0 as -1: keep as is.
  const xs = extent([...raw.values()], (p) => p[0]);
  const ys = extent([...raw.values()], (p) => p[1]);
  const m = 8;
  const maxHalfW = Math.max(dataW, others.length ? electorW : 0) / 2;
  const sx = linear(xs[0] === xs[1] ? [xs[0] - 1, xs[1] + 1] : xs, [m + maxHalfW, w - m - maxHalfW]);
  const sy = linear(ys[0] === ys[1] ? [ys[0] - 1, ys[1] + 1] : ys, [m + BADGE_H + dataH / 2, h - m - Math.max(dataH, others.length ? electorH : 0) / 2]);
  const pos = new Map<NodeId, Point>();
  for (const [id, [x, y]] of raw) pos.set(id, { x: Math.round(sx(x)), y: Math.round(sy(y)) });
  const lanes = new Map<string, Lane>();
  for (const a of nodes) for (const b of nodes) if (a !== b) lanes.set(`${a.id}-${b.id}`, lane(pos, half, a.id, b.id));
  return { w, h, pos, half, dataW, dataH, electorW, electorH, lanes };
}

/** Parameter along the centre line at which it leaves a card of half-size (hw, hh). */
function exitParam(dx: number, dy: number, hw: number, hh: number): number {
  const tx = dx === 0 ? Infinity : hw / Math.abs(dx);
  const ty = dy === 0 ? Infinity : hh / Math.abs(dy);
  return Math.min(tx, ty);
}

/** The directed lane from→to: offset to the right of the direction of travel, clipped to the cards. */
export function lane(pos: ReadonlyMap<NodeId, Point>, half: ReadonlyMap<NodeId, [number, number]>, from: NodeId, to: NodeId): Lane {
  const a = pos.get(from)!;
  const b = pos.get(to)!;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ox = (-dy / len) * LANE_OFFSET;
  const oy = (dx / len) * LANE_OFFSET;
  const [aw, ah] = half.get(from)!;
  const [bw, bh] = half.get(to)!;
  const t0 = exitParam(dx, dy, aw + 6, ah + 6);
  const t1 = 1 - exitParam(dx, dy, bw + 6, bh + 6);
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

/** With reduced motion an envelope jumps: it stands near its sender, mid-lane, then near its receiver. */
export function jumped(f: number): number {
  return f < 1 / 3 ? 0.12 : f < 2 / 3 ? 0.5 : 0.88;
}

/** Rough width of a line of text (px) in the picture's sans-serif at `size` px. */
export const textWidth = (s: string, size: number): number => s.length * size * 0.56;
