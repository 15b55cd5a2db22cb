// The nodes of the picture: a data node's card (name and role on its term's colour, the plug-in's
// lines, its log as a strip of cells coloured by term, and its running timers), the elector's card
// (a different shape: what it holds, its bytes of state, and the plug-in's note on its kind),
// and the replication set R drawn as one region around its members.

import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { LegendItem, NodeView, ViewEntry } from '../../contracts';
import { useLabApi, useLabStore, type ClockView, type NodeInfo, type TimerView, type Violation } from '../../store';
import { HEAD_H, LINE_H, LOG_H, LOG_Y, TIMER_ROW, TIMER_Y, textWidth, type Point } from '../layout';
import { termColor, termInk } from '../palette';
import { tabStop, useCluster } from './context';

/** At most this many timers are drawn per card (the soonest). */
export const MAX_TIMERS = 3;
const NAME_PX = 18;
const LINE_PX = 14.5;

/** Abbreviations of the protocol's legend found in a line, with what they mean (for its tooltip). */
export function expand(line: string, legend: readonly LegendItem[]): string {
  const out: string[] = [];
  for (const l of legend) {
    const words = l.term.split(/\s*[,/]\s*/).filter(Boolean);
    if (words.some((w) => new RegExp(`(^|[^\\w])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w])`).test(line))) out.push(`${l.term}: ${l.meaning}`);
  }
  return out.join('\n');
}

/** A line of text that fits `avail` px: squeezed (never cut) when it would not. */
function Fit({ x, y, avail, size, className, fill, anchor, children }: { x: number; y: number; avail: number; size: number; className: string; fill?: string; anchor?: 'end'; children: string }) {
  const wide = textWidth(children, size) > avail;
  return (
    <text x={x} y={y} className={className} fill={fill} textAnchor={anchor} {...(wide ? { textLength: avail, lengthAdjust: 'spacingAndGlyphs' } : {})}>
      {children}
    </text>
  );
}

/** The card glows briefly when its role, term or RF changes (a Web Animation; none with reduced motion). */
function useFlash(key: string, reduced: boolean): React.RefObject<SVGRectElement | null> {
  const ref = useRef<SVGRectElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!ref.current || reduced) return;
    ref.current.animate?.([{ opacity: 0.9 }, { opacity: 0 }], { duration: 700, easing: 'cubic-bezier(0.33, 1, 0.68, 1)' });
  }, [key, reduced]);
  return ref;
}

/**
 * Timers that fired since the last publish, shown for a moment: an old timer whose time came since
 * then, and that fired (the store's `fired`, the node's latest firing of each timer, is at or after
 * its time). A timer reset or cleared before its time (a new leader, a crash), however long the
 * jump across its old fire time, is not a firing.
 */
export function firedSince(before: readonly TimerView[], after: readonly TimerView[], prevNow: number, now: number, fired: Readonly<Record<string, number>>): string[] {
  const out: string[] = [];
  for (const p of before) {
    if (p.t > now || p.t <= prevNow || after.some((x) => x.name === p.name && x.t === p.t)) continue;
    const last = fired[p.name];
    if (last !== undefined && last >= p.t - 1e-9 && last <= now && !out.includes(p.name)) out.push(p.name);
  }
  return out;
}

function useFired(timers: readonly TimerView[], firings: Readonly<Record<string, number>>): string[] {
  const clock = useLabApi().clock;
  const prev = useRef({ timers, now: clock.getState().now });
  const [fired, setFired] = useState<{ name: string; until: number }[]>([]);
  useEffect(() => {
    const before = prev.current;
    const now = clock.getState().now;
    prev.current = { timers, now };
    if (before.timers === timers) return;
    const names = firedSince(before.timers, timers, before.now, now, firings);
    if (!names.length) return;
    const until = performance.now() + 900;
    setFired((f) => [...f.filter((x) => !names.includes(x.name)), ...names.map((name) => ({ name, until }))]);
    const h = setTimeout(() => setFired((f) => f.filter((x) => x.until > performance.now())), 950);
    return () => clearTimeout(h);
  }, [timers, firings, clock]);
  return fired.map((f) => f.name);
}

/** A display clock's label at `now`: 'leader silence: takeover allowed in 120.0 ms of 400.0', or its expiry. */
export function clockText(c: { label: string; what: string; t: number; duration: number }, now: number): string {
  return now >= c.t ? `${c.label}: expired, ${c.what}` : `${c.label}: ${c.what} in ${(c.t - now).toFixed(1)} ms of ${c.duration.toFixed(1)}`;
}

/** The display clocks drawn under a node's timers (in the rows its timers leave free). */
export function shownClocks(n: { timers: readonly unknown[]; clocks: readonly ClockView[]; up: boolean }): readonly ClockView[] {
  return n.up ? n.clocks.slice(0, Math.max(0, MAX_TIMERS - Math.min(MAX_TIMERS, n.timers.length))) : [];
}

/** The fired pill's text: "electionTimeout fired", "electionTimeout, retry fired". */
const pillText = (names: readonly string[]) => `${names.join(', ')} fired`;
/** The width of a pill of `text` on a card `w` wide: its text's, at most the card's (less its margins). */
const pillW = (text: string, w: number) => Math.min(textWidth(text, 12.5) + 16, w - 8);

/** The node's timers on its card: their labels on hover/focus and the pill of one that fires (the bars run down in the moving layer: `TimerBarsLayer`). */
function TimerBars({ id, timers, firings, clocks, w, y, pillY, up }: { id: string; timers: readonly TimerView[]; firings: Readonly<Record<string, number>>; clocks: readonly ClockView[]; w: number; y: number; pillY: number; up: boolean }) {
  const fired = useFired(timers, firings);
  // The labels' text at this render; while the clock moves, the moving layer rewrites it.
  const now = useLabApi().clock.getState().now;
  const label = (tm: TimerView) => `${tm.name}: fires in ${Math.max(0, tm.t - now).toFixed(1)} ms${tm.armedAt !== null ? ` of ${(tm.t - tm.armedAt).toFixed(1)}` : ''}`;
  const shown = up ? timers.slice(0, MAX_TIMERS) : [];
  const dials = shownClocks({ timers, clocks, up });
  const rows = shown.length + dials.length;
  return (
    <>
      {/* The bars themselves are drawn by the moving layer (they change every frame; this layer does not). */}
      {/* Timers that fire: one pill just above the card's timer rows for a moment, naming them all
          (inside the card, so inside the picture: above the card it ran over the page's banner and
          notice; on the rows themselves the bars, drawn in the moving layer above the cards,
          covered it; several pills stacked up over the card's lines). */}
      {fired.length > 0 && (
        <g key={fired.join(' ')} transform={`translate(${w - 6},${pillY})`} data-testid="timer-fired" data-timer={fired.join(' ')}>
          <g className="timer-fired">
            <rect x={-pillW(pillText(fired), w)} y={-13} width={pillW(pillText(fired), w)} height={19} rx={9} />
            <text x={-8} y={1} textAnchor="end" {...(pillW(pillText(fired), w) < textWidth(pillText(fired), 12.5) + 16 ? { textLength: pillW(pillText(fired), w) - 16, lengthAdjust: 'spacingAndGlyphs' } : {})}>
              {pillText(fired)}
            </text>
          </g>
        </g>
      )}
      {/* Labels, visible while the card is hovered or focused; their text follows the clock (timers layer). */}
      <g className="timer-tip" transform={`translate(0,${y + MAX_TIMERS * TIMER_ROW + 4})`} aria-hidden="true">
        <rect width={w} height={8 + 17 * Math.max(1, rows)} rx={6} />
        {rows ? (
          <>
            {shown.map((tm, k) => (
              <text key={tm.name} x={8} y={17 + 17 * k} data-tip={tm.name} data-node={id}>
                {label(tm)}
              </text>
            ))}
            {dials.map((c, k) => (
              <text key={`clock ${c.name}`} x={8} y={17 + 17 * (shown.length + k)} data-tip={c.name} data-node={id} data-clock="">
                {clockText(c, now)}
              </text>
            ))}
          </>
        ) : (
          <text x={8} y={17}>
            {up ? 'no timer running' : 'down: no timers'}
          </text>
        )}
      </g>
    </>
  );
}

/** The log as a strip of cells: colour by term, solid committed, dashed not, red where it differs from the leader; the commit point marked. */
function LogStrip({ v, leaderLog, w }: { v: NodeView; leaderLog: readonly ViewEntry[] | null; w: number }) {
  const cell = 14;
  const gap = 2;
  const fit = Math.max(1, Math.floor((w - 16 + gap) / (cell + gap)));
  const start = Math.max(0, v.log.length - fit);
  const shown = v.log.slice(start);
  return (
    <g className="log-strip" transform={`translate(8,${LOG_Y})`} aria-hidden="true">
      {shown.length === 0 && (
        <text className="log-empty" y={14}>
          log empty
        </text>
      )}
      {shown.map((e, k) => {
        const committed = e.index <= v.commitIndex;
        const lead = leaderLog?.[e.index - 1];
        const differs = !!leaderLog && (!lead || lead.term !== e.term || lead.command !== e.command);
        const x = k * (cell + gap);
        return (
          <g key={e.index} className={`lc${committed ? ' committed' : ' pending'}${differs ? ' differs' : ''}`}>
            <rect x={x} width={cell} height={LOG_H} rx={2} fill={committed ? termColor(e.term) : '#fff'} stroke={committed ? 'rgba(0,0,0,.35)' : termColor(e.term)} />
            {differs && <path d={`M${x} ${LOG_H}L${x + cell} 0`} className="lc-x" />}
            {e.index === v.commitIndex && <path d={`M${x + cell + 1} -3V${LOG_H + 3}`} className="commit-mark" />}
          </g>
        );
      })}
      {start > 0 && (
        <text className="log-more" x={-3} y={14} textAnchor="end">
          …
        </text>
      )}
    </g>
  );
}

interface CardProps {
  n: NodeInfo;
  p: Point;
  selected: boolean;
  bad: boolean;
  tab: boolean;
  leaderLog: readonly ViewEntry[] | null;
  legend: readonly LegendItem[];
  kindText: string;
  /** The plug-in's short note for the card's foot (vocabulary.kindNotes), or ''. */
  kindNote: string;
}

function nodeName(n: NodeInfo): string {
  const v = n.view;
  const timers = n.up && n.timers.length ? ` Timers: ${n.timers.map((t) => t.name).join(', ')}.` : '';
  const clocks = n.up && n.clocks.length ? ` Clocks: ${n.clocks.map((c) => c.label).join(', ')}.` : '';
  return `${v.id}, ${v.kind === 'data' ? 'data node' : v.kind}, ${n.up ? v.role : 'down'}, term ${v.term}. ${v.lines.join('. ')}.${timers}${clocks} Enter: actions.`;
}

function useCardHandlers(id: string) {
  const { openMenu } = useCluster();
  const selectNode = useLabStore((s) => s.selectNode);
  return {
    onClick: (e: React.MouseEvent<SVGGElement>) => {
      selectNode(id);
      openMenu({ kind: 'node', id }, e.currentTarget);
    },
    onKeyDown: (e: ReactKeyboardEvent<SVGGElement>) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        selectNode(id);
        openMenu({ kind: 'node', id }, e.currentTarget);
      }
    },
  };
}

const DataCard = memo(function DataCard({ n, p, selected, bad, tab, leaderLog, legend }: CardProps) {
  const { geo, reducedMotion } = useCluster();
  const v = n.view;
  const up = n.up;
  const W = geo.dataW;
  const H = geo.dataH;
  const flash = useFlash(`${v.role}/${v.term}/${v.rf}/${up}`, reducedMotion);
  const h = useCardHandlers(v.id);
  const ink = up ? termInk(v.term) : '#fff';
  return (
    <g
      data-testid={`node-${v.id}`}
      data-rove="node"
      data-key={v.id}
      data-role={v.role}
      data-term={v.term}
      data-up={String(up)}
      data-rf={v.rf}
      data-commit={v.commitIndex}
      data-selected={String(selected)}
      role="group"
      aria-label={nodeName(n)}
      tabIndex={tab ? 0 : -1}
      className={`node data ${v.role}${up ? '' : ' down'}${selected ? ' selected' : ''}${bad ? ' violated' : ''}`}
      transform={`translate(${p.x - W / 2},${p.y - H / 2})`}
      {...h}
    >
      <rect ref={flash} x={-6} y={-6} width={W + 12} height={H + 12} rx={14} className="flash" opacity={0} />
      <rect width={W} height={H} rx={10} className="card" />
      <path d={`M0 ${HEAD_H}V10a10 10 0 0 1 10-10H${W - 10}a10 10 0 0 1 10 10V${HEAD_H}Z`} className="card-head" fill={up ? termColor(v.term) : '#5d6470'} />
      <text x={10} y={21} className="node-id" fill={ink}>
        {v.id}
      </text>
      <Fit x={W - 10} y={21} avail={W - 20 - textWidth(v.id, NAME_PX) - 8} size={15} className="role" fill={ink} anchor="end">
        {up ? (v.leader ? `★ ${v.role}` : v.role) : 'DOWN'}
      </Fit>
      {v.lines.slice(0, 3).map((line, k) => (
        <g key={k}>
          <title>{expand(line, legend) || line}</title>
          <Fit x={10} y={HEAD_H + 20 + LINE_H * k} avail={W - 20} size={LINE_PX} className="kv">
            {line}
          </Fit>
        </g>
      ))}
      <LogStrip v={v} leaderLog={leaderLog} w={W} />
      <TimerBars id={v.id} timers={n.timers} firings={n.fired} clocks={n.clocks} w={W} y={TIMER_Y} pillY={LOG_Y + 14} up={up} />
      {!up && <path d={`M8 ${H - 8}L${W - 8} ${HEAD_H + 6}`} className="down-slash" />}
    </g>
  );
});

const ElectorCard = memo(function ElectorCard({ n, p, selected, bad, tab, legend, kindText, kindNote }: CardProps) {
  const { geo } = useCluster();
  const v = n.view;
  const up = n.up;
  const W = geo.electorW;
  const H = geo.electorH;
  const c = 16;
  const h = useCardHandlers(v.id);
  // A cut-corner card: the elector is not a data node.
  const shape = `M${c} 0H${W - c}L${W} ${c}V${H - c}L${W - c} ${H}H${c}L0 ${H - c}V${c}Z`;
  return (
    <g
      data-testid={`node-${v.id}`}
      data-rove="node"
      data-key={v.id}
      data-role={v.role}
      data-term={v.term}
      data-up={String(up)}
      data-rf={v.rf}
      data-selected={String(selected)}
      role="group"
      aria-label={`${nodeName(n)} ${kindText}`}
      tabIndex={tab ? 0 : -1}
      className={`node elector${up ? '' : ' down'}${selected ? ' selected' : ''}${bad ? ' violated' : ''}`}
      transform={`translate(${p.x - W / 2},${p.y - H / 2})`}
      {...h}
    >
      <title>{kindText}</title>
      <path d={shape} className="card" />
      <path d={`M0 ${HEAD_H}V${c}L${c} 0H${W - c}L${W} ${c}V${HEAD_H}Z`} className="card-head" />
      <text x={12} y={21} className="node-id" fill="#fff">
        {v.id}
      </text>
      <text x={W - 12} y={21} textAnchor="end" className="role" fill="#fff">
        {up ? v.role : 'DOWN'}
      </text>
      {v.lines.slice(0, 4).map((line, k) => (
        <g key={k}>
          <title>{expand(line, legend) || line}</title>
          <Fit x={12} y={HEAD_H + 20 + LINE_H * k} avail={W - 24} size={LINE_PX} className="kv">
            {line}
          </Fit>
        </g>
      ))}
      <Fit x={12} y={HEAD_H + 20 + LINE_H * 4 + 2} avail={W - 24} size={13} className="no-log">
        {kindNote || (v.log.length === 0 ? 'holds no log' : `log ${v.log.length}`)}
      </Fit>
      <TimerBars id={v.id} timers={n.timers} firings={n.fired} clocks={n.clocks} w={W} y={TIMER_Y + 22} pillY={TIMER_Y + 8} up={up} />
      {!up && <path d={`M10 ${H - 10}L${W - 10} ${HEAD_H + 6}`} className="down-slash" />}
    </g>
  );
});

function violationNodes(vs: readonly Violation[]): Set<string> {
  const s = new Set<string>();
  for (const v of vs) for (const n of v.nodes) s.add(n);
  return s;
}

/** The replication set the picture draws: the leader's, else what the elector (a non-data node) holds. */
export function replicationSet(nodes: readonly NodeInfo[], leaderId: string | null): { set: readonly string[]; rf: number; of: string } | null {
  const lead = nodes.find((n) => n.id === leaderId && n.up);
  if (lead?.view.replicationSet) return { set: lead.view.replicationSet, rf: lead.view.rf, of: lead.id };
  const other = nodes.find((n) => n.view.kind !== 'data' && n.up && n.view.replicationSet);
  if (other?.view.replicationSet) return { set: other.view.replicationSet, rf: other.view.rf, of: other.id };
  return null;
}

/** R as one region: a thick round path through its members' centres (a hull that follows any layout). */
export const RGroup = memo(function RGroup({ set }: { set: readonly string[] }) {
  const { geo } = useCluster();
  const pts = set.map((id) => geo.pos.get(id)).filter((p): p is Point => !!p);
  if (!pts.length) return null;
  const d = pts.length === 1 ? `M${pts[0]!.x} ${pts[0]!.y}h0.1` : `M${pts.map((p) => `${p.x} ${p.y}`).join('L')}${pts.length > 2 ? 'Z' : ''}`;
  const wide = geo.dataH + 34;
  return (
    <g className="r-group" aria-hidden="true" data-testid="r-group" data-members={set.join(' ')}>
      <path d={d} className="r-outer" strokeWidth={wide + 4} />
      <path d={d} className="r-inner" strokeWidth={wide} />
    </g>
  );
});

export const Nodes = memo(function Nodes() {
  const { geo, active } = useCluster();
  const nodes = useLabStore((s) => s.nodes);
  const violations = useLabStore((s) => s.violations);
  const selected = useLabStore((s) => s.selectedNode);
  const leaderId = useLabStore((s) => s.leaderId);
  const legend = useLabStore((s) => s.protocol.vocabulary.legend) ?? [];
  const kinds = useLabStore((s) => s.protocol.vocabulary.kinds);
  const notes = useLabStore((s) => s.protocol.vocabulary.kindNotes);
  const bad = useMemo(() => violationNodes(violations), [violations]);
  const leader = nodes.find((n) => n.id === leaderId) ?? null;
  const stop = tabStop(active.node, nodes.map((n) => n.id));
  return (
    <g className="nodes">
      {nodes.map((n) => {
        const p = geo.pos.get(n.id);
        if (!p) return null;
        const props: CardProps = {
          n,
          p,
          selected: selected === n.id,
          bad: bad.has(n.id),
          tab: stop === n.id,
          leaderLog: leader && leader.id !== n.id ? leader.view.log : null,
          legend,
          kindText: kinds?.[n.view.kind] ?? '',
          kindNote: notes?.[n.view.kind] ?? '',
        };
        return n.view.kind === 'data' ? <DataCard key={n.id} {...props} /> : <ElectorCard key={n.id} {...props} />;
      })}
    </g>
  );
});
