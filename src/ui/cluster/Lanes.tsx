// The links: two directed lanes per pair of nodes, each offset to the right of its direction of
// travel and ending in an arrowhead at its receiver. A cut lane is red and dashed with ✂ (and the
// time a timed cut heals). Each lane is a focusable button opening its menu.

import { memo } from 'react';
import { useLabStore, type LinkView } from '../../store';
import type { Lane } from '../layout';
import { tabStop, useCluster } from './context';

const ARROW = 11;

function laneName(l: LinkView): string {
  const p = l.params;
  const lat = p.latencyJitter > 0 ? `${p.latencyMin}–${p.latencyMin + p.latencyJitter} ms` : `${p.latencyMin} ms`;
  const cut = l.cut ? `cut${l.cutUntil !== null ? ` until ${Math.round(l.cutUntil)} ms` : ''}` : 'open';
  return `Link ${l.from} to ${l.to}: ${cut}; latency ${lat}, loss ${Math.round(p.loss * 1000) / 10} %. Enter: actions.`;
}

const LaneG = memo(function LaneG({ l, g, tab }: { l: LinkView; g: Lane; tab: boolean }) {
  const { openMenu } = useCluster();
  const { from, to, cut } = l;
  const dx = g.to.x - g.from.x;
  const dy = g.to.y - g.from.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  // The line stops at the arrowhead's base; the head points at the receiver.
  const bx = g.to.x - ux * ARROW;
  const by = g.to.y - uy * ARROW;
  const head = `M${g.to.x} ${g.to.y}L${bx - uy * 5.5} ${by + ux * 5.5}L${bx + uy * 5.5} ${by - ux * 5.5}Z`;
  const mid = { x: (g.from.x + g.to.x) / 2, y: (g.from.y + g.to.y) / 2 };
  const open = (el: Element) => openMenu({ kind: 'lane', from, to }, el);
  return (
    <g
      data-testid={`link-${from}-${to}`}
      data-cut={String(cut)}
      data-rove="lane"
      data-key={`${from}-${to}`}
      role="button"
      aria-haspopup="dialog"
      aria-label={laneName(l)}
      tabIndex={tab ? 0 : -1}
      className={cut ? 'link cut' : 'link'}
      onClick={(e) => open(e.currentTarget)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open(e.currentTarget);
        }
      }}
    >
      <title>{laneName(l)}</title>
      <line x1={g.from.x} y1={g.from.y} x2={g.to.x} y2={g.to.y} className="hit" />
      <line x1={g.from.x} y1={g.from.y} x2={bx} y2={by} className="lane" />
      <path d={head} className="arrowhead" />
      {cut && (
        <g transform={`translate(${mid.x + (-uy * 10)},${mid.y + ux * 10})`} className="cut-mark">
          <circle r={12} />
          <text y={6} textAnchor="middle">
            ✂
          </text>
          {l.cutUntil !== null && (
            <text y={28} textAnchor="middle" className="cut-until">
              {`until ${Math.round(l.cutUntil)} ms`}
            </text>
          )}
        </g>
      )}
    </g>
  );
});

export const Lanes = memo(function Lanes() {
  const { geo, active } = useCluster();
  const links = useLabStore((s) => s.links);
  const stop = tabStop(
    active.lane,
    links.map((l) => `${l.from}-${l.to}`),
  );
  return (
    <g className="links">
      {links.map((l) => {
        const key = `${l.from}-${l.to}`;
        const g = geo.lanes.get(key);
        return g ? <LaneG key={key} l={l} g={g} tab={stop === key} /> : null;
      })}
    </g>
  );
});
