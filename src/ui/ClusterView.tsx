// The cluster: node cards, two directed lanes per pair of nodes, messages in flight moving
// along their lane by virtual time, and a red ✕ where a message was lost recently.

import { easeCubicOut, select } from 'd3';
import { memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Envelope, MessageInfo, NodeId, Timeline } from '../kernel';
import { nodeView, type NodeView } from '../protocols/view';
import { useClock, useLab } from '../store';
import { useRun } from './hooks';
import { along, CARD_H, CARD_W, ELECTOR_H, ELECTOR_W, lane, nodeLayout, progress, VIEW_H, VIEW_W, type Lane, type Point } from './layout';
import { inkOn, msgColor, termColor, termInk } from './palette';

/** How long (virtual ms) a lost message's ✕ stays visible. */
const DROP_FADE = 400;

interface Geometry {
  pos: Map<NodeId, Point>;
  lanes: Map<string, Lane>;
  pairs: [NodeId, NodeId][];
}

function useGeometry(ids: readonly NodeId[]): Geometry {
  return useMemo(() => {
    const pos = nodeLayout(ids);
    const lanes = new Map<string, Lane>();
    const pairs: [NodeId, NodeId][] = [];
    for (let i = 0; i < ids.length; i++)
      for (let j = 0; j < ids.length; j++) {
        if (i === j) continue;
        lanes.set(`${ids[i]}-${ids[j]}`, lane(pos, ids[i]!, ids[j]!));
        if (i < j) pairs.push([ids[i]!, ids[j]!]);
      }
    return { pos, lanes, pairs };
  }, [ids]);
}

function violationNodes(tl: Timeline): Set<NodeId> {
  const s = new Set<NodeId>();
  for (const v of tl.sim.violations) for (const n of v.nodes) s.add(n);
  return s;
}

const Links = memo(function Links({ geo }: { geo: Geometry }) {
  const { timeline: tl } = useRun();
  const out: React.ReactNode[] = [];
  for (const [key, l] of geo.lanes) {
    const [from, to] = key.split('-') as [NodeId, NodeId];
    const cut = tl.sim.link(from, to).cut;
    out.push(
      <g key={key} data-testid={`link-${from}-${to}`} data-cut={String(cut)} className={cut ? 'link cut' : 'link'}>
        <title>{`${from}→${to}${cut ? ' (cut)' : ''}`}</title>
        <line x1={l.from.x} y1={l.from.y} x2={l.to.x} y2={l.to.y} markerEnd={cut ? undefined : 'url(#arrow)'} />
        {cut && (
          <text x={(l.from.x + l.to.x) / 2} y={(l.from.y + l.to.y) / 2 + 4} className="cut-mark" textAnchor="middle">
            ✂
          </text>
        )}
      </g>,
    );
  }
  return <g className="links">{out}</g>;
});

/** Above this many messages in flight, envelopes drop their text label (painting text is the cost). */
const LABEL_LIMIT = 200;

const MsgGlyph = memo(function MsgGlyph({ m, info, selected, dense, onSelect }: { m: Envelope; info: MessageInfo; selected: boolean; dense: boolean; onSelect: (id: number | null) => void }) {
  const w = dense ? 12 : info.label.length * 6.2 + 10;
  return (
    <g
      data-testid="msg"
      data-id={m.id}
      data-type={info.type}
      data-label={info.label}
      data-from={m.from}
      data-to={m.to}
      className={`msg${selected ? ' selected' : ''}${m.dupOf !== null ? ' dup' : ''}`}
      onClick={() => onSelect(selected ? null : m.id)}
    >
      <title>{`#${m.id} ${info.type} ${m.from}→${m.to}${m.dupOf !== null ? ` (duplicate of #${m.dupOf})` : ''}`}</title>
      <rect x={-w / 2} y={dense ? -5 : -8} width={w} height={dense ? 10 : 16} rx={dense ? 2 : 4} fill={msgColor(info.type)} />
      {!dense && (
        <text y={4} textAnchor="middle" fill={inkOn(msgColor(info.type))}>
          {info.label}
        </text>
      )}
    </g>
  );
});

/** Message info is pure in the message: cache it per envelope. */
const infoCache = new WeakMap<Envelope, MessageInfo>();
function infoOf(tl: Timeline, m: Envelope): MessageInfo {
  let i = infoCache.get(m);
  if (!i) infoCache.set(m, (i = tl.protocol.messageInfo(m.msg)));
  return i;
}

/**
 * Messages in flight. Re-rendered on every frame (it follows the clock), but each envelope is a
 * memoized glyph; only its position changes, and that is set directly on the DOM after render.
 */
function Messages({ geo }: { geo: Geometry }) {
  // The clock (every frame) and the run's revision (user actions while paused) both move messages.
  const { timeline: tl } = useRun();
  const now = useClock((s) => s.now);
  const selected = useLab((s) => s.selectedMsg);
  const selectMsg = useLab((s) => s.selectMsg);
  const ref = useRef<SVGGElement>(null);
  const msgs = tl.sim.messages();
  const dense = msgs.length > LABEL_LIMIT;
  useLayoutEffect(() => {
    const layer = ref.current;
    if (!layer) return;
    const byId = new Map<number, Envelope>();
    for (const m of msgs) byId.set(m.id, m);
    for (const el of layer.children) {
      const m = byId.get(Number((el as SVGGElement).dataset.id));
      if (!m) continue;
      const l = geo.lanes.get(`${m.from}-${m.to}`);
      if (!l) continue;
      const p = along(l, progress(m.sentAt, m.deliverAt, now));
      el.setAttribute('transform', `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`);
    }
  });
  // Recent losses, from the trace's drop events.
  const drops: { id: number; p: Point; age: number }[] = [];
  const end = tl.sim.eventCount;
  for (let i = end - 1; i >= 0 && drops.length < 40; i--) {
    const ev = tl.trace[i]!;
    if (now - ev.t > DROP_FADE) break;
    if (ev.action.type === 'drop' && ev.msg) {
      const l = geo.lanes.get(`${ev.msg.from}-${ev.msg.to}`);
      if (l) drops.push({ id: ev.msg.id, p: along(l, progress(ev.msg.sentAt, ev.msg.deliverAt, ev.t)), age: now - ev.t });
    }
  }
  return (
    <>
      <g className="messages" ref={ref}>
        {msgs.map((m) => (
          <MsgGlyph key={m.id} m={m} info={infoOf(tl, m)} selected={selected === m.id} dense={dense} onSelect={selectMsg} />
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

function DataCard({ v, up, p, selected, bad }: { v: NodeView; up: boolean; p: Point; selected: boolean; bad: boolean }) {
  const selectNode = useLab((st) => st.selectNode);
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
        {up ? (v.role === 'leader' ? '★ leader' : v.role) : 'DOWN'}
      </text>
      {v.lines.slice(0, 3).map((line, k) => (
        <text key={k} x={8} y={40 + 17 * k} className="kv">
          {line}
        </text>
      ))}
      {!up && <line x1={6} y1={CARD_H - 6} x2={CARD_W - 6} y2={28} className="down-slash" />}
    </g>
  );
}

function ElectorCard({ v, up, p, selected, bad }: { v: NodeView; up: boolean; p: Point; selected: boolean; bad: boolean }) {
  const selectNode = useLab((st) => st.selectNode);
  return (
    <g
      data-testid={`node-${v.id}`}
      data-role="elector"
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
        {up ? 'elector' : 'DOWN'}
      </text>
      {v.lines.slice(0, 4).map((line, k) => (
        <text key={k} x={8} y={39 + 16 * k} className="kv">
          {line}
        </text>
      ))}
      {!up && <line x1={6} y1={ELECTOR_H - 6} x2={ELECTOR_W - 6} y2={28} className="down-slash" />}
    </g>
  );
}

const Nodes = memo(function Nodes({ geo }: { geo: Geometry }) {
  const { timeline: tl } = useRun();
  const selected = useLab((s) => s.selectedNode);
  const bad = violationNodes(tl);
  return (
    <g className="nodes">
      {tl.sim.nodeIds.map((id) => {
        const v = nodeView(tl.protocol, tl.sim.state(id));
        const p = geo.pos.get(id)!;
        const up = tl.sim.isUp(id);
        return v.kind === 'elector' ? (
          <ElectorCard key={id} v={v} up={up} p={p} selected={selected === id} bad={bad.has(id)} />
        ) : (
          <DataCard key={id} v={v} up={up} p={p} selected={selected === id} bad={bad.has(id)} />
        );
      })}
    </g>
  );
});

export function ClusterView() {
  const tl = useLab((s) => s.timeline);
  const geo = useGeometry(tl.sim.nodeIds);
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
