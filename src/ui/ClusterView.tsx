// The cluster: node cards, two directed lanes per pair of nodes, messages in flight moving
// along their lane by virtual time, and a red ✕ where a message was lost recently.

import { easeCubicOut, select } from 'd3';
import { memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { NodeView } from '../contracts';
import { DROP_FADE, useClockStore, useLabStore, type LinkView, type MessageView, type NodeId, type Violation } from '../store';
import { along, CARD_H, CARD_W, ELECTOR_H, ELECTOR_W, lane, nodeLayout, progress, VIEW_H, VIEW_W, type Lane, type LayoutNode, type Point } from './layout';
import { inkOn, termColor, termInk } from './palette';

interface Geometry {
  pos: Map<NodeId, Point>;
  lanes: Map<string, Lane>;
}

function useGeometry(): Geometry {
  // The layout depends only on the nodes' ids and kinds (the same for a whole run).
  const key = useLabStore((s) => s.nodes.map((n) => `${n.id}:${n.view.kind}`).join(' '));
  return useMemo(() => {
    const nodes: LayoutNode[] = key.split(' ').filter(Boolean).map((x) => {
      const k = x.lastIndexOf(':');
      return { id: x.slice(0, k), kind: x.slice(k + 1) as LayoutNode['kind'] };
    });
    const layout = nodeLayout(nodes);
    const lanes = new Map<string, Lane>();
    for (const a of nodes) for (const b of nodes) if (a !== b) lanes.set(`${a.id}-${b.id}`, lane(layout, a.id, b.id));
    return { pos: layout.pos, lanes };
  }, [key]);
}

function violationNodes(vs: readonly Violation[]): Set<NodeId> {
  const s = new Set<NodeId>();
  for (const v of vs) for (const n of v.nodes) s.add(n);
  return s;
}

const LinkG = memo(function LinkG({ l, lane: g }: { l: LinkView; lane: Lane }) {
  const { from, to, cut } = l;
  return (
    <g data-testid={`link-${from}-${to}`} data-cut={String(cut)} className={cut ? 'link cut' : 'link'}>
      <title>{`${from}→${to}${cut ? ' (cut)' : ''}`}</title>
      <line x1={g.from.x} y1={g.from.y} x2={g.to.x} y2={g.to.y} markerEnd={cut ? undefined : 'url(#arrow)'} />
      {cut && (
        <text x={(g.from.x + g.to.x) / 2} y={(g.from.y + g.to.y) / 2 + 4} className="cut-mark" textAnchor="middle">
          ✂
        </text>
      )}
    </g>
  );
});

const Links = memo(function Links({ geo }: { geo: Geometry }) {
  const links = useLabStore((s) => s.links);
  return (
    <g className="links">
      {links.map((l) => {
        const g = geo.lanes.get(`${l.from}-${l.to}`);
        return g ? <LinkG key={`${l.from}-${l.to}`} l={l} lane={g} /> : null;
      })}
    </g>
  );
});

/** Above this many messages in flight, envelopes drop their text label (painting text is the cost). */
const LABEL_LIMIT = 200;

const MsgGlyph = memo(function MsgGlyph({ m, selected, dense, onSelect }: { m: MessageView; selected: boolean; dense: boolean; onSelect: (id: number | null) => void }) {
  const w = dense ? 12 : m.label.length * 6.2 + 10;
  return (
    <g
      data-testid="msg"
      data-id={m.id}
      data-type={m.type}
      data-label={m.label}
      data-from={m.from}
      data-to={m.to}
      className={`msg${selected ? ' selected' : ''}${m.dupOf !== null ? ' dup' : ''}`}
      onClick={() => onSelect(selected ? null : m.id)}
    >
      <title>{`#${m.id} ${m.type} ${m.from}→${m.to}${m.dupOf !== null ? ` (duplicate of #${m.dupOf})` : ''}`}</title>
      <rect x={-w / 2} y={dense ? -5 : -8} width={w} height={dense ? 10 : 16} rx={dense ? 2 : 4} fill={m.color} />
      {!dense && (
        <text y={4} textAnchor="middle" fill={inkOn(m.color)}>
          {m.label}
        </text>
      )}
    </g>
  );
});

/**
 * Messages in flight. Re-rendered on every frame (it follows the clock channel), but each
 * envelope is a memoized glyph; only its position changes, and that is set directly on the DOM
 * after render.
 */
function Messages({ geo }: { geo: Geometry }) {
  const now = useClockStore((s) => s.now);
  const msgs = useClockStore((s) => s.messages);
  const lost = useClockStore((s) => s.drops);
  const selected = useLabStore((s) => s.selectedMsg);
  const selectMsg = useLabStore((s) => s.selectMsg);
  const ref = useRef<SVGGElement>(null);
  const dense = msgs.length > LABEL_LIMIT;
  useLayoutEffect(() => {
    const layer = ref.current;
    if (!layer) return;
    const byId = new Map<number, MessageView>();
    for (const m of msgs) byId.set(m.id, m);
    for (const el of layer.children) {
      const m = byId.get(Number((el as SVGGElement).dataset.id));
      if (!m) continue;
      const l = geo.lanes.get(`${m.from}-${m.to}`);
      if (!l) continue;
      const p = along(l, progress(m.sentAt, m.deliverAt, now));
      el.setAttribute('transform', `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`);
    }
  }, [msgs, now, geo]);
  // Recent losses, where they were lost.
  const drops: { id: number; p: Point; age: number }[] = [];
  for (const d of lost) {
    const l = geo.lanes.get(`${d.from}-${d.to}`);
    if (l && now - d.t <= DROP_FADE) drops.push({ id: d.id, p: along(l, progress(d.sentAt, d.deliverAt, d.t)), age: now - d.t });
  }
  return (
    <>
      <g className="messages" ref={ref}>
        {msgs.map((m) => (
          <MsgGlyph key={m.id} m={m} selected={selected === m.id} dense={dense} onSelect={selectMsg} />
        ))}
      </g>
      <g className="drops">
        {drops.map((d) => (
          <text key={`x${d.id}`} className="drop-mark" x={d.p.x} y={d.p.y + 6} textAnchor="middle" opacity={Math.max(0.15, 1 - d.age / DROP_FADE)}>
            ✕
          </text>
        ))}
      </g>
    </>
  );
}

const reducedMotion = (): boolean => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** A d3 transition: the card glows briefly when its role, term or RF changes. */
function useFlash(key: string): React.RefObject<SVGRectElement | null> {
  const ref = useRef<SVGRectElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!ref.current || reducedMotion()) return;
    select(ref.current).interrupt().attr('opacity', 0.9).transition().duration(700).ease(easeCubicOut).attr('opacity', 0);
  }, [key]);
  return ref;
}

const DataCard = memo(function DataCard({ v, up, p, selected, bad }: { v: NodeView; up: boolean; p: Point; selected: boolean; bad: boolean }) {
  const selectNode = useLabStore((st) => st.selectNode);
  const flash = useFlash(`${v.role}/${v.term}/${v.rf}/${up}`);
  const id = v.id;
  return (
    <g
      data-testid={`node-${id}`}
      data-role={v.role}
      data-term={v.term}
      data-up={String(up)}
      data-rf={v.rf}
      data-commit={v.commitIndex}
      data-selected={String(selected)}
      className={`node data ${v.role}${up ? '' : ' down'}${selected ? ' selected' : ''}${bad ? ' violated' : ''}`}
      transform={`translate(${p.x - CARD_W / 2},${p.y - CARD_H / 2})`}
      onClick={() => selectNode(selected ? null : id)}
    >
      <rect ref={flash} x={-5} y={-5} width={CARD_W + 10} height={CARD_H + 10} rx={12} className="flash" opacity={0} />
      <rect width={CARD_W} height={CARD_H} rx={8} className="card" />
      <rect width={CARD_W} height={22} rx={8} className="card-head" fill={up ? termColor(v.term) : '#888'} />
      <text x={8} y={16} className="node-id" fill={up ? termInk(v.term) : '#fff'}>
        {id}
      </text>
      <text x={CARD_W - 8} y={16} textAnchor="end" className="role" fill={up ? termInk(v.term) : '#fff'}>
        {up ? (v.leader ? `★ ${v.role}` : v.role) : 'DOWN'}
      </text>
      {v.lines.slice(0, 3).map((line, k) => (
        <text key={k} x={8} y={40 + 17 * k} className="kv">
          {line}
        </text>
      ))}
      {!up && <line x1={6} y1={CARD_H - 6} x2={CARD_W - 6} y2={28} className="down-slash" />}
    </g>
  );
});

const ElectorCard = memo(function ElectorCard({ v, up, p, selected, bad }: { v: NodeView; up: boolean; p: Point; selected: boolean; bad: boolean }) {
  const selectNode = useLabStore((st) => st.selectNode);
  return (
    <g
      data-testid={`node-${v.id}`}
      data-role={v.role}
      data-term={v.term}
      data-up={String(up)}
      data-rf={v.rf}
      data-selected={String(selected)}
      className={`node elector${up ? '' : ' down'}${selected ? ' selected' : ''}${bad ? ' violated' : ''}`}
      transform={`translate(${p.x - ELECTOR_W / 2},${p.y - ELECTOR_H / 2})`}
      onClick={() => selectNode(selected ? null : v.id)}
    >
      <rect width={ELECTOR_W} height={ELECTOR_H} rx={8} className="card" />
      <rect width={ELECTOR_W} height={22} rx={8} className="card-head" fill={up ? '#3b3b4f' : '#888'} />
      <text x={8} y={16} className="node-id" fill="#fff">
        {v.id}
      </text>
      <text x={ELECTOR_W - 8} y={16} textAnchor="end" className="role" fill="#fff">
        {up ? v.role : 'DOWN'}
      </text>
      {v.lines.slice(0, 4).map((line, k) => (
        <text key={k} x={8} y={39 + 16 * k} className="kv">
          {line}
        </text>
      ))}
      {!up && <line x1={6} y1={ELECTOR_H - 6} x2={ELECTOR_W - 6} y2={28} className="down-slash" />}
    </g>
  );
});

const Nodes = memo(function Nodes({ geo }: { geo: Geometry }) {
  const nodes = useLabStore((s) => s.nodes);
  const violations = useLabStore((s) => s.violations);
  const selected = useLabStore((s) => s.selectedNode);
  const bad = useMemo(() => violationNodes(violations), [violations]);
  return (
    <g className="nodes">
      {nodes.map(({ id, view: v, up }) => {
        const p = geo.pos.get(id)!;
        return v.kind === 'data' ? (
          <DataCard key={id} v={v} up={up} p={p} selected={selected === id} bad={bad.has(id)} />
        ) : (
          <ElectorCard key={id} v={v} up={up} p={p} selected={selected === id} bad={bad.has(id)} />
        );
      })}
    </g>
  );
});

export function ClusterView() {
  const geo = useGeometry();
  const box = `0 0 ${VIEW_W} ${VIEW_H}`;
  // Two stacked SVGs: the static one (links, nodes) repaints only when the run moves; the
  // overlay (messages, losses) repaints on every frame, on its own compositing layer.
  return (
    <div className="cluster-wrap">
      <svg className="cluster" viewBox={box} role="img" aria-label="Cluster view: nodes, links and messages in flight">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="arrowhead" />
          </marker>
        </defs>
        <Links geo={geo} />
        <Nodes geo={geo} />
      </svg>
      <svg className="cluster overlay-layer" viewBox={box} aria-hidden="true">
        <Messages geo={geo} />
      </svg>
    </div>
  );
}
