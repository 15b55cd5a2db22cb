// The space-time (Lamport) diagram: one lane per node, each message an arrow from (send time,
// sender's lane) to (receive time, receiver's lane). Drops and crash losses end in ✕, duplicates
// are second arrows (dotted), and crashes, restarts, cuts, heals, term changes, leaders, writes
// and commits are marked on their lane. Linked to the store's cursor (the red line follows the
// clock; clicking seeks), zoom and pan with d3-zoom, filter by type, export as SVG. It opens on a
// window of a few hundred ms around the cursor (SPAN), which turns like a page as the cursor moves,
// with a legend of the message colours (a type's swatch filters by it), line styles and marks. Only
// the visible time window is drawn; the store computes it (useSpaceTime, src/store/spacetime.ts).

import { scaleLinear, select, zoom as d3zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useClockStore, useHoverStore, useLabApi, useLabStore } from '../../store';
// Not from the store's index: the window's code loads with the diagram (store/spacetime.ts).
import { useSpaceTime } from '../../store/spacetime';
import { download } from '../files';
import { useClockEvery } from '../hooks';
import { msgColor } from '../palette';
import { serializeSvg, type Arrow, type Mark } from './model';
import './spacetime.css';
import { Options } from '../options';

const LEFT = 44;
const TOP = 22;
const LANE_H = 56;
const BASE_T = 2000;
/** Default visible span when following the cursor, ms: a few hundred, so single messages read apart. */
export const SPAN = 400;

const MARK_WORDS: Record<Mark['kind'], string> = {
  crash: 'crash',
  restart: 'restart',
  cut: 'link cut',
  heal: 'link healed',
  term: 'new term',
  commit: 'commit',
  leader: 'leader',
  write: 'write',
};

const MARK_GLYPH: Record<Mark['kind'], string> = {
  crash: '⚡',
  restart: '↻',
  cut: '✂',
  heal: '⇄',
  term: 'T',
  commit: '●',
  leader: '★',
  write: 'w',
};

/**
 * The arrowhead as a path of its own. An SVG marker would be a shared resource: every arrow added
 * or removed invalidates every arrow that uses it, and with hundreds of messages in flight that
 * made the browser lay out and repaint the whole diagram many times a second.
 */
function head(x1: number, y1: number, x2: number, y2: number): string {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len = Math.hypot(dx, dy);
  if (len < 1) return '';
  const ux = dx / len;
  const uy = dy / len;
  const L = 6;
  const W = 3;
  const bx = x2 - ux * L;
  const by = y2 - uy * L;
  const f = (n: number) => n.toFixed(1);
  return `M${f(x2)},${f(y2)}L${f(bx - uy * W)},${f(by + ux * W)}L${f(bx + uy * W)},${f(by - ux * W)}Z`;
}

const ArrowG = memo(function ArrowG({
  a,
  x1,
  x2,
  y1,
  y2,
  hovered,
  color,
  onClick,
  onHover,
}: {
  a: Arrow;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  hovered: boolean;
  color: string;
  onClick: (a: Arrow) => void;
  /** The arrow the pointer is over (null: none). */
  onHover: (a: Arrow | null) => void;
}) {
  const dropped = a.end === 'drop' || a.end === 'crash';
  return (
    <g
      data-testid="arrow"
      data-msg={a.id}
      data-type={a.type}
      data-from={a.from}
      data-to={a.to}
      data-sent={a.sent}
      data-recv={a.recv ?? ''}
      data-dropped={String(dropped)}
      data-dup={String(a.dup)}
      className={`st-arrow${a.end === 'flight' ? ' flight' : ''}${a.dup ? ' dup' : ''}${hovered ? ' hovered' : ''}`}
      onClick={(e) => {
        e.stopPropagation();
        onClick(a);
      }}
      onMouseEnter={() => onHover(a)}
      onMouseLeave={() => onHover(null)}
    >
      <title>{`#${a.id} ${a.type} ${a.from}→${a.to}, ${a.bytes} B, sent ${a.sent.toFixed(1)} ms${a.recv !== null ? `, ${dropped ? 'lost' : 'received'} ${a.recv.toFixed(1)} ms` : ', in flight'}${a.dup ? ' (duplicate)' : ''}`}</title>
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={color} strokeWidth={hovered ? 3 : 1.3} />
      {!dropped && <path d={head(x1, y1, x2, y2)} fill="#555" />}
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={8} />
      {dropped && (
        <text x={x2} y={y2 + 4} textAnchor="middle" className="st-drop">
          ✕
        </text>
      )}
    </g>
  );
},
// Arrows are rebuilt when the run moves; redraw one only if what it shows changed.
(p, q) =>
  p.a.id === q.a.id &&
  p.a.end === q.a.end &&
  p.a.recv === q.a.recv &&
  p.x1 === q.x1 &&
  p.x2 === q.x2 &&
  p.y1 === q.y1 &&
  p.y2 === q.y2 &&
  p.hovered === q.hovered &&
  p.color === q.color &&
  p.onClick === q.onClick &&
  p.onHover === q.onHover);

const Marks = memo(function Marks({
  marks,
  x,
  laneY,
  seekEvent,
  onHover,
}: {
  marks: Mark[];
  x: (t: number) => number;
  laneY: (id: string) => number;
  seekEvent: (i: number) => void;
  onHover: (event: number | null) => void;
}) {
  return (
    <>
            {marks.map((m, k) => (
              <g
                key={`${m.i}-${m.kind}-${m.node}-${k}`}
                data-testid="mark"
                data-kind={m.kind}
                data-node={m.node}
                data-event={m.i}
                data-time={m.t}
                className={`st-mark ${m.kind}`}
                transform={`translate(${x(m.t)},${laneY(m.node) - (m.kind === 'commit' || m.kind === 'write' ? -12 : 12)})`}
                onClick={(e) => {
                  e.stopPropagation();
                  seekEvent(m.i);
                }}
                onMouseEnter={() => onHover(m.i)}
                onMouseLeave={() => onHover(null)}
              >
                <title>{`${m.text} at ${m.t.toFixed(1)} ms (event #${m.i})`}</title>
                <text textAnchor="middle" y={4} className={`st-glyph ${m.kind}`}>
                  {MARK_GLYPH[m.kind]}
                </text>
              </g>
            ))}
    </>
  );
});

/** Real ms between repaints of the arrows in flight (hundreds of them can be in flight). */
const LIVE_MS = 80;

/**
 * The cursor moves on every frame: it is a div on its own compositing layer over the diagram, so
 * moving it repaints nothing (a line inside the SVG made the browser repaint the whole page).
 */
function Cursor({ x, height, width }: { x: (t: number) => number; height: number; width: number }) {
  const now = useClockStore((s) => s.now);
  const cx = x(now);
  const shown = cx >= LEFT - 1 && cx <= width - 7;
  return (
    <div
      data-testid="spacetime-cursor"
      data-time={now}
      className="st-cursor"
      aria-hidden="true"
      style={{ transform: `translateX(${cx.toFixed(1)}px)`, top: TOP - 8, height: height - TOP + 8, visibility: shown ? 'visible' : 'hidden' }}
    />
  );
}

/**
 * The diagram's legend: each message type's colour (its swatch shows only that type; again shows
 * all), the line styles and the lane marks.
 */
function Legend({ types, colors, filter, setFilter }: { types: readonly string[]; colors: Readonly<Record<string, string>>; filter: string; setFilter: (f: string) => void }) {
  return (
    <div className="st-legend" data-testid="spacetime-legend">
      <ul className="st-legend-types" aria-label="Message colours">
        {types.map((t) => (
          <li key={t}>
            <button
              type="button"
              className="st-key"
              data-type={t}
              aria-pressed={filter === t}
              title={filter === t ? 'Show every message type' : `Show only ${t}`}
              onClick={() => setFilter(filter === t ? 'all' : t)}
            >
              <svg width="22" height="10" aria-hidden="true">
                <line x1="1" y1="5" x2="21" y2="5" stroke={msgColor(colors, t)} strokeWidth="3" />
              </svg>
              {t}
            </button>
          </li>
        ))}
      </ul>
      <ul className="st-legend-lines" aria-label="Lines and marks">
        <li>
          <svg width="22" height="10" aria-hidden="true"><line x1="1" y1="5" x2="21" y2="5" stroke="#555" strokeWidth="1.5" /></svg>delivered
        </li>
        <li>
          <svg width="22" height="10" aria-hidden="true"><line x1="1" y1="5" x2="21" y2="5" stroke="#555" strokeWidth="1.5" strokeDasharray="4 3" /></svg>in flight
        </li>
        <li>
          <svg width="22" height="10" aria-hidden="true"><line x1="1" y1="5" x2="21" y2="5" stroke="#555" strokeWidth="1.5" strokeDasharray="1 2" /></svg>duplicate
        </li>
        <li>
          <span className="st-drop" aria-hidden="true">✕</span> lost
        </li>
        {(Object.keys(MARK_GLYPH) as Mark['kind'][]).map((k) => (
          <li key={k}>
            <span className={`st-glyph ${k}`} aria-hidden="true">{MARK_GLYPH[k]}</span> {MARK_WORDS[k]}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SpaceTime() {
  const api = useLabApi();
  const ids = useLabStore((s) => s.nodeIds);
  const runNow = useLabStore((s) => s.now);
  const inFlight = useLabStore((s) => s.messages);
  const colors = useLabStore((s) => s.protocol.colors);
  const typeOrder = useLabStore((s) => s.protocol.vocabulary.messageTypes);
  // Only the page of the follow window re-renders this component; the clock's every frame moves
  // only the live layer (arrows in flight and the cursor), below.
  const page = useClockStore((s) => Math.max(0, Math.floor((s.now - SPAN * 0.15) / (SPAN * 0.7))));
  // Arrows in flight grow with the clock about 12 times a second; the cursor moves every frame.
  const live = Math.min(useClockEvery(LIVE_MS), runNow);
  const seekEvent = useLabStore((s) => s.seekEvent);
  const seekTime = useLabStore((s) => s.seekTime);
  const hoverMsg = useHoverStore((s) => s.msg);
  const hover = api.hover;
  const onHoverArrow = useCallback((a: Arrow | null) => (a ? hover.getState().setHover({ msg: a.id, event: a.endEvent >= 0 ? a.endEvent : a.sendEvent }) : hover.getState().clear()), [hover]);
  const onHoverMark = useCallback((i: number | null) => (i !== null ? hover.getState().setHover({ event: i }) : hover.getState().clear()), [hover]);
  const deliverAt = useMemo(() => new Map(inFlight.map((m) => [m.id, m.deliverAt])), [inFlight]);
  const [filter, setFilter] = useState<string>('all');
  const [view, setView] = useState<[number, number] | null>(null);
  const [width, setWidth] = useState(1000);
  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const height = TOP + ids.length * LANE_H;

  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(320, Math.floor(el.clientWidth || 1000)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Following the cursor, the window turns like a page (70% of its span at a time), so the
  // arrows re-render only when the cursor leaves it or the run changes, not on every frame.
  const followStart = page * SPAN * 0.7;
  const [d0, d1] = view ?? [followStart, followStart + SPAN];
  const domain: [number, number] = [d0, d1];
  const x = useMemo(() => scaleLinear().domain([d0, d1]).range([LEFT, width - 8]), [d0, d1, width]);
  const base = useMemo(() => scaleLinear().domain([0, BASE_T]).range([LEFT, width - 8]), [width]);

  // d3-zoom: wheel zooms the time axis, drag pans it. A user gesture leaves "follow" mode.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = d3zoom<SVGSVGElement, unknown>()
      .scaleExtent([1e-4, 1e4])
      .filter((e: Event) => !(e.type === 'mousedown' && (e as MouseEvent).button !== 0) && !(e.target as Element).closest?.('[data-testid="arrow"], [data-testid="mark"]'))
      .on('zoom', (e: D3ZoomEvent<SVGSVGElement, unknown>) => {
        if (!e.sourceEvent) return;
        const d = e.transform.rescaleX(base).domain() as [number, number];
        setView(d[0] < 0 ? [0, d[1] - d[0]] : d);
      });
    zoomRef.current = z;
    select(svg).call(z).on('dblclick.zoom', null);
    return () => {
      select(svg).on('.zoom', null);
    };
  }, [base]);

  // Keep the zoom transform in step with the domain shown (programmatic, ignored by the handler).
  useEffect(() => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (!svg || !z) return;
    const k = BASE_T / Math.max(1e-6, d1 - d0);
    const s0 = base(d0);
    z.transform(select(svg), zoomIdentity.translate(LEFT - k * s0, 0).scale(k));
  }, [d0, d1, base]);

  // Items change with the cursor (rev) and the window; in follow mode the window moves with the
  // clock, so round it to limit recomputation to a few times per second of virtual time.
  const q = Math.max(1, (domain[1] - domain[0]) / 50);
  const w0 = Math.floor(domain[0] / q) * q;
  const w1 = Math.ceil(domain[1] / q) * q;
  const items = useSpaceTime(w0, w1, filter === 'all' ? null : filter);
  const types = useMemo(() => {
    const s = new Set<string>();
    for (const a of items.arrows) s.add(a.type);
    if (filter !== 'all') s.add(filter);
    return [...s].sort();
  }, [items, filter]);

  const laneY = useCallback((id: string) => TOP + ids.indexOf(id) * LANE_H + LANE_H / 2, [ids]);
  const onArrow = useCallback((a: Arrow) => seekEvent(a.endEvent >= 0 ? a.endEvent : a.sendEvent), [seekEvent]);

  const exportSvg = () => {
    if (!svgRef.current) return;
    download(`janus-spacetime-${Math.round(domain[0])}-${Math.round(domain[1])}ms.svg`, serializeSvg(svgRef.current), 'image/svg+xml');
  };

  const ticks = x.ticks(8);
  return (
    <section className="panel spacetime" aria-label="Space-time diagram" data-testid="spacetime">
      <div className="st-bar">
        <label>
          Message{' '}
          <select value={filter} onChange={(e) => setFilter(e.currentTarget.value)} aria-label="Filter arrows by message type" data-testid="spacetime-filter">
            <option value="all">all</option>
            <Options values={types} />
          </select>
        </label>
        <button type="button" onClick={() => setView(null)} disabled={view === null} title="Follow the cursor">
          Follow cursor
        </button>
        <button type="button" onClick={() => setView([0, Math.max(1, api.clock.getState().now)])}>
          Whole run
        </button>
        <button type="button" onClick={exportSvg}>
          Export SVG
        </button>
        <span className="hint" data-testid="spacetime-count" data-shown={items.arrows.length} data-total={items.total}>
          {Math.round(domain[0])}–{Math.round(domain[1])} ms · {items.arrows.length} of {items.total} messages in view{items.total > items.arrows.length ? ' (zoom in to see all)' : ''} · wheel zooms, drag pans, click seeks
        </span>
      </div>
      <Legend types={typeOrder} colors={colors} filter={filter} setFilter={setFilter} />
      <div ref={wrapRef} className="st-wrap">
        <svg
          ref={svgRef}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          data-testid="spacetime-svg"
          data-t0={domain[0]}
          data-t1={domain[1]}
          role="img"
          aria-label={`Space-time diagram from ${domain[0].toFixed(0)} to ${domain[1].toFixed(0)} ms`}
          onClick={(e) => {
            const r = svgRef.current!.getBoundingClientRect();
            const px = e.clientX - r.left;
            if (px >= LEFT) seekTime(Math.max(0, x.invert(px)));
          }}
        >
          <rect x={0} y={0} width={width} height={height} fill="#fff" />
          <g className="st-axis">
            {ticks.map((t) => (
              <g key={t}>
                <line x1={x(t)} x2={x(t)} y1={TOP - 6} y2={height} stroke="#eef0f3" />
                <text x={x(t)} y={12} textAnchor="middle" fontSize={10}>
                  {t} ms
                </text>
              </g>
            ))}
          </g>
          {ids.map((id) => (
            <g key={id}>
              <line className="st-lane" x1={LEFT} x2={width - 8} y1={laneY(id)} y2={laneY(id)} stroke="#c8ccd4" />
            </g>
          ))}
          <g>
            {items.arrows.map((a) => {
              const y1 = laneY(a.from);
              const color = msgColor(colors, a.type);
              if (a.recv !== null)
                return <ArrowG key={a.id} a={a} x1={x(a.sent)} x2={x(a.recv)} y1={y1} y2={laneY(a.to)} hovered={hoverMsg === a.id} color={color} onClick={onArrow} onHover={onHoverArrow} />;
              // In flight: the arrow grows with the (throttled) clock towards its delivery time.
              const due = deliverAt.get(a.id) ?? live;
              const f = due > a.sent ? Math.min(1, (live - a.sent) / (due - a.sent)) : 1;
              return <ArrowG key={a.id} a={a} x1={x(a.sent)} x2={x(live)} y1={y1} y2={y1 + (laneY(a.to) - y1) * f} hovered={hoverMsg === a.id} color={color} onClick={onArrow} onHover={onHoverArrow} />;
            })}
            <Marks marks={items.marks} x={x} laneY={laneY} seekEvent={seekEvent} onHover={onHoverMark} />
          </g>
          {/* The lane names cover what starts left of the window (no clipPath: a clip is a shared
              SVG resource, and every arrow added under it made the browser redo the whole diagram). */}
          <rect x={0} y={TOP - 6} width={LEFT} height={height - TOP + 6} fill="#fff" />
          {ids.map((id) => (
            <text key={id} x={6} y={laneY(id) + 4} fontWeight={600}>
              {id}
            </text>
          ))}
        </svg>
        <Cursor x={x} height={height} width={width} />
      </div>
    </section>
  );
}
