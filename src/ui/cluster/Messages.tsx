// What moves with the clock, on its own layer: envelopes gliding along their lane by virtual time
// (jumping in three steps with reduced motion), a mark on the receiving node when one arrives, a
// red ✕ where one was lost, and the nodes' timer bars running down. It re-renders on every frame,
// but each envelope is a memoized glyph: only positions and bar widths are set, directly on the DOM.

import { memo, useLayoutEffect, useRef, type RefObject } from 'react';
import { DROP_FADE, useClockStore, useLabStore, type MessageView } from '../../store';
import { along, jumped, progress, textWidth, TIMER_ROW, TIMER_Y, type Point } from '../layout';
import { clockText, MAX_TIMERS, shownClocks } from './Cards';
import { inkOn } from '../palette';
import { tabStop, useCluster } from './context';

/** Above this many messages in flight, envelopes drop their text label (painting text is the cost). */
export const LABEL_LIMIT = 200;
const ENV_H = 22;
const ENV_PX = 13;
/** Arrival marks shown at once, at most, and for how long (real ms). */
const MAX_ARRIVALS = 24;
const ARRIVAL_MS = 900;

/** Appends an SVG element with these attributes to `parent` (the arrival marks are added straight to the DOM). */
function svgEl(parent: Element, tag: string, attrs: Readonly<Record<string, string>>): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  parent.appendChild(el);
  return el;
}

export function msgName(m: MessageView): string {
  // Starts with the envelope's visible label (axe: label-content-name-mismatch).
  return `${m.label}: message #${m.id} ${m.type} from ${m.from} to ${m.to}, sent at ${m.sentAt.toFixed(1)} ms, ${m.fate === 'loss' ? 'to be lost on arrival' : `arrives at ${m.deliverAt.toFixed(1)} ms`}${m.dupOf !== null ? `, duplicate of #${m.dupOf}` : ''}. Enter: actions.`;
}

const Envelope = memo(function Envelope({ m, selected, dense, tab }: { m: MessageView; selected: boolean; dense: boolean; tab: boolean }) {
  const { openMenu } = useCluster();
  const selectMsg = useLabStore((s) => s.selectMsg);
  const w = dense ? 14 : textWidth(m.label, ENV_PX) + 14;
  const h = dense ? 14 : ENV_H;
  const open = (el: Element) => {
    selectMsg(m.id);
    openMenu({ kind: 'msg', id: m.id }, el);
  };
  return (
    <g
      data-testid="msg"
      data-id={m.id}
      data-type={m.type}
      data-label={m.label}
      data-from={m.from}
      data-to={m.to}
      data-rove="msg"
      data-key={m.id}
      role="button"
      aria-haspopup="dialog"
      aria-label={msgName(m)}
      tabIndex={tab ? 0 : -1}
      className={`msg${selected ? ' selected' : ''}${m.dupOf !== null ? ' dup' : ''}${m.fate === 'loss' ? ' doomed' : ''}`}
      onClick={(e) => open(e.currentTarget)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open(e.currentTarget);
        }
      }}
    >
      {/* Dense: a plain square (no rounded corners, no outline: painting is the cost). */}
      <rect x={-w / 2} y={-h / 2} width={w} height={h} rx={dense ? 0 : 5} fill={m.color} className={dense ? 'dense' : undefined} />
      {!dense && (
        <text y={4.5} textAnchor="middle" fill={inkOn(m.color)}>
          {m.label}
        </text>
      )}
    </g>
  );
});

/**
 * A coordinate rounded to half a pixel, as text: the envelope positions. At the lecture pace an
 * envelope crawls a few pixels a second, so it moves by a visible step every few frames and stays
 * put (nothing to lay out or paint again) in between.
 */
export const halfPx = (v: number): string => (Math.round(v * 2) / 2).toFixed(1);

/**
 * Sets an attribute only when its text changes. At the lecture pace an envelope moves a fraction
 * of a pixel per frame, so most of them keep their position from one frame to the next, and an
 * element whose attribute is written is laid out and painted again even when the value is the same.
 * It compares with the attribute itself, not a copy: React may have written it since (a timer
 * bar's full width after a resize).
 */
export function setIfChanged(el: Element, name: string, value: string): boolean {
  if (el.getAttribute(name) === value) return false;
  el.setAttribute(name, value);
  return true;
}

/** Bar widths and label texts of the nodes' timers in the static layer, at virtual time `now` (one pass over each). */
function runTimers(root: Element | null, now: number): void {
  if (!root) return;
  const byKey = new Map<string, { t: number; armed: number | null; g: SVGGElement }>();
  for (const g of root.querySelectorAll<SVGGElement>('g.timer')) {
    const t = Number(g.dataset.t);
    const armed = g.dataset.armed === '' ? null : Number(g.dataset.armed);
    byKey.set(`${g.dataset.node} ${g.dataset.timer}`, { t, armed, g });
    // A display clock that has run out stays, marked expired (what it allows is allowed now).
    if (g.dataset.clock !== undefined) {
      const expired = String(now >= t);
      if (g.dataset.expired !== expired) g.dataset.expired = expired;
    }
    const fill = g.lastElementChild as SVGRectElement | null;
    if (!fill) continue;
    const full = Number(fill.dataset.full);
    const span = armed === null ? Math.max(1, t - now) : Math.max(1e-6, t - armed);
    const left = Math.min(1, Math.max(0, (t - now) / span));
    setIfChanged(fill, 'width', (full * left).toFixed(1));
  }
  // Labels: only those on screen (the hovered or focused card's) are written.
  const shown = root.querySelectorAll('.node:hover, .node:focus');
  if (!shown.length) return;
  for (const tx of [...shown].flatMap((n) => [...n.querySelectorAll<SVGTextElement>('text[data-tip]')])) {
    const tm = byKey.get(`${tx.dataset.node} ${tx.dataset.tip}`);
    if (!tm) continue;
    const text =
      tx.dataset.clock !== undefined
        ? clockText({ label: tm.g.dataset.label ?? '', what: tm.g.dataset.what ?? '', t: tm.t, duration: tm.armed === null ? 0 : tm.t - tm.armed }, now)
        : `${tx.dataset.tip}: fires in ${Math.max(0, tm.t - now).toFixed(1)} ms${tm.armed !== null ? ` of ${(tm.t - tm.armed).toFixed(1)}` : ''}`;
    if (tx.textContent !== text) tx.textContent = text;
  }
}

/** The nodes' running timers as bars at the foot of their cards (widths set every frame by runTimers). */
const TimerBarsLayer = memo(function TimerBarsLayer() {
  const { geo } = useCluster();
  const nodes = useLabStore((s) => s.nodes);
  return (
    <g className="timer-bars" aria-hidden="true">
      {nodes.map((n) => {
        const p = geo.pos.get(n.id);
        const half = geo.half.get(n.id);
        if (!p || !half || !n.up) return null;
        const [hw, hh] = half;
        const y0 = p.y - hh + TIMER_Y + (n.view.kind === 'data' ? 0 : 22);
        const timers = n.timers.slice(0, MAX_TIMERS);
        return [
          ...timers.map((tm, k) => (
            <g key={`${n.id} ${tm.name}`} className="timer" data-timer={tm.name} data-node={n.id} data-t={tm.t} data-armed={tm.armedAt ?? ''} transform={`translate(${p.x - hw + 8},${y0 + k * TIMER_ROW})`}>
              <rect className="timer-track" width={2 * hw - 16} height={4} rx={2} />
              <rect className={`timer-fill t${k}`} width={2 * hw - 16} height={4} rx={2} data-full={2 * hw - 16} />
            </g>
          )),
          // Display clocks (a wait the node checks on demand): drawn like a timer, marked when expired.
          ...shownClocks(n).map((c, k) => (
            <g
              key={`${n.id} clock ${c.name}`}
              className="timer clock"
              data-timer={c.name}
              data-node={n.id}
              data-t={c.t}
              data-armed={c.since}
              data-clock=""
              data-label={c.label}
              data-what={c.what}
              transform={`translate(${p.x - hw + 8},${y0 + (timers.length + k) * TIMER_ROW})`}
            >
              <rect className="timer-track" width={2 * hw - 16} height={4} rx={2} />
              <rect className="timer-fill" width={2 * hw - 16} height={4} rx={2} data-full={2 * hw - 16} />
            </g>
          )),
        ];
      })}
    </g>
  );
});

export function Moving({ root }: { root: RefObject<HTMLDivElement | null> }) {
  const { geo, active, reducedMotion } = useCluster();
  const now = useClockStore((s) => s.now);
  const msgs = useClockStore((s) => s.messages);
  const lost = useClockStore((s) => s.drops);
  const selected = useLabStore((s) => s.selectedMsg);
  const ref = useRef<SVGGElement>(null);
  const dense = msgs.length > LABEL_LIMIT;
  const prev = useRef<{ msgs: readonly MessageView[]; now: number }>({ msgs, now });
  const marks = useRef<SVGGElement>(null);
  /** The envelope that had the focus, to keep the focus in the picture when it leaves. */
  const focused = useRef<number | null>(null);

  useLayoutEffect(() => {
    const layer = ref.current;
    if (layer) {
      const byId = new Map<number, MessageView>();
      for (const m of msgs) byId.set(m.id, m);
      for (const el of layer.children) {
        const m = byId.get(Number((el as SVGGElement).dataset.id));
        if (!m) continue;
        const l = geo.lanes.get(`${m.from}-${m.to}`);
        if (!l) continue;
        const f = progress(m.sentAt, m.deliverAt, now);
        const p = along(l, reducedMotion ? jumped(f) : f);
        setIfChanged(el, 'transform', `translate(${halfPx(p.x)},${halfPx(p.y)})`);
      }
    }
    runTimers(root.current, now);
  }, [msgs, now, geo, reducedMotion, root]);

  // Arrivals: envelopes gone since the last frame whose time came while the clock moved forward.
  // A mark is added straight to the DOM and removes itself (no re-render for it).
  useLayoutEffect(() => {
    const before = prev.current;
    prev.current = { msgs, now };
    const layer = marks.current;
    if (!layer || before.msgs === msgs || now < before.now) return;
    const ids = new Set(msgs.map((m) => m.id));
    let n = layer.childElementCount;
    for (const m of before.msgs) {
      if (ids.has(m.id) || m.fate !== 'deliver' || m.deliverAt > now || m.deliverAt < before.now) continue;
      const l = geo.lanes.get(`${m.from}-${m.to}`);
      if (!l || n >= MAX_ARRIVALS) continue;
      n++;
      // The animation scales the inner group (a CSS transform would replace the outer one's translate).
      const g = svgEl(layer, 'g', { 'data-msg': String(m.id), transform: `translate(${l.to.x.toFixed(1)},${l.to.y.toFixed(1)})` });
      const ring = svgEl(g, 'g', { class: 'arrival' });
      svgEl(ring, 'circle', { r: '9', stroke: m.color });
      svgEl(ring, 'circle', { r: '4', fill: m.color, class: 'dot' });
      setTimeout(() => g.remove(), ARRIVAL_MS);
    }
  }, [msgs, now, geo]);

  // The focused envelope left (delivered, dropped): the focus goes to the next one, else to the picture.
  useLayoutEffect(() => {
    const id = focused.current;
    if (id === null || msgs.some((m) => m.id === id)) return;
    focused.current = null;
    if (document.activeElement && document.activeElement !== document.body) return;
    const next = ref.current?.querySelector<SVGGElement>('[data-rove="msg"]');
    if (next) next.focus();
    else root.current?.focus();
  }, [msgs, root]);

  // Recent losses, where they were lost.
  const drops: { id: number; p: Point; age: number }[] = [];
  for (const d of lost) {
    const l = geo.lanes.get(`${d.from}-${d.to}`);
    if (l && now - d.t <= DROP_FADE && now >= d.t) drops.push({ id: d.id, p: along(l, progress(d.sentAt, d.deliverAt, d.t)), age: now - d.t });
  }
  const stop = tabStop(
    active.msg,
    msgs.map((m) => String(m.id)),
  );
  return (
    <>
      <TimerBarsLayer />
      <g className="arrivals" aria-hidden="true" ref={marks} />
      <g
        className="messages"
        ref={ref}
        onFocus={(e) => {
          const id = (e.target as SVGElement).dataset?.id;
          if (id !== undefined) focused.current = Number(id);
        }}
      >
        {msgs.map((m) => (
          <Envelope key={m.id} m={m} selected={selected === m.id} dense={dense} tab={stop === String(m.id)} />
        ))}
      </g>
      <g className="drops" aria-hidden="true">
        {drops.map((d) => (
          <g key={`x${d.id}`} className="drop-mark" transform={`translate(${d.p.x.toFixed(1)},${d.p.y.toFixed(1)})`} opacity={Math.max(0.25, 1 - d.age / DROP_FADE)}>
            <text y={8} textAnchor="middle">
              ✕
            </text>
            <text y={24} textAnchor="middle" className="lost">
              lost
            </text>
          </g>
        ))}
      </g>
    </>
  );
}
