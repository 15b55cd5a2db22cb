// The cluster picture: the replication set R and RF above it, the nodes' cards (data nodes and
// the elector, each with its log strip and running timers), two directed lanes per pair, the
// envelopes gliding along them, arrival and loss marks, the menus that act on what you click or
// press Enter on, and the legend under it. The picture takes the width it is given and keeps its
// text at its size in pixels (below MIN_W it scales down).
//
// Keyboard: the picture is three roving groups (nodes, lanes, messages), one Tab stop each; the
// arrow keys move within a group, Home/End to its ends, Enter opens the item's menu. The element
// with `data-cluster-focus` is the picture's focus root (Esc elsewhere brings the focus back to it).

import { Suspense, lazy, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useLabStore, useShallow } from '../store';
import { Abbr, CanvasLegend } from './cluster/CanvasLegend';
import { Nodes, replicationSet, RGroup } from './cluster/Cards';
import { ClusterCtx, type ClusterContext, type MenuTarget, type OpenMenu, type RoveGroup } from './cluster/context';
import { Lanes } from './cluster/Lanes';
import { Moving } from './cluster/Messages';
import { clusterLayout, type LayoutNode } from './layout';
import './cluster/cluster.css';

// The menus load on demand (docs/ui.md, "Figures"): first when the pointer or the focus enters
// the picture, so they are in before a click or an Enter opens one.
const loadMenus = () => import('./cluster/Menus');
const ClusterMenu = lazy(() => loadMenus().then((m) => ({ default: m.ClusterMenu })));
let menusWanted = false;
const preloadMenus = () => {
  if (menusWanted) return;
  menusWanted = true;
  void loadMenus().catch(() => (menusWanted = false));
};

function useReducedMotion(): boolean {
  const q = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  const [reduced, setReduced] = useState(() => q?.matches ?? false);
  useEffect(() => {
    if (!q) return;
    const on = () => setReduced(q.matches);
    q.addEventListener?.('change', on);
    return () => q.removeEventListener?.('change', on);
  }, [q]);
  return reduced;
}

/** The width the picture is given (px), followed as it changes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [w, setW] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setW(el.clientWidth);
    if (typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(() => setW(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return w;
}

/** R and RF, large, above the picture; the Links menu at the right. */
function Toolbar({ onLinks }: { onLinks: (el: Element) => void }) {
  const r = useLabStore(useShallow((s) => replicationSet(s.nodes, s.leaderId)));
  const legend = useLabStore((s) => s.protocol.vocabulary.legend) ?? [];
  const meaning = (t: string) => legend.find((l) => l.term === t)?.meaning ?? '';
  const cuts = useLabStore((s) => s.links.filter((l) => l.cut).length);
  return (
    <div className="cluster-bar">
      {r ? (
        <div className="r-badge" data-testid="r-badge" data-rf={r.rf} data-members={r.set.join(' ')}>
          <span className="r-set">
            <Abbr term="R" meaning={meaning('R') || 'the replication set'} /> = {`{${r.set.join(', ')}}`}
          </span>
          <span className="rf">
            <Abbr term="RF" meaning={meaning('RF') || 'replication factor: the size of R'} /> <b>{r.rf}</b>
          </span>
          <span className="r-of">as {r.of} holds it</span>
        </div>
      ) : (
        <span />
      )}
      <button type="button" className="links-btn" aria-haspopup="dialog" onClick={(e) => onLinks(e.currentTarget)} data-testid="links-menu">
        Links{cuts ? ` · ${cuts} cut` : ''} ▾
      </button>
    </div>
  );
}

const GROUPS: readonly RoveGroup[] = ['node', 'lane', 'msg'];

export function ClusterView() {
  const wrap = useRef<HTMLDivElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const width = useWidth(stage);
  const reducedMotion = useReducedMotion();
  // The layout depends only on the nodes' ids and kinds (the same for a whole run) and the width.
  const key = useLabStore((s) => s.nodes.map((n) => `${n.id}:${n.view.kind}`).join(' '));
  const geo = useMemo(() => {
    const nodes: LayoutNode[] = key
      .split(' ')
      .filter(Boolean)
      .map((x) => {
        const k = x.lastIndexOf(':');
        return { id: x.slice(0, k), kind: x.slice(k + 1) as LayoutNode['kind'] };
      });
    return clusterLayout(nodes, width);
  }, [key, width]);
  const r = useLabStore(useShallow((s) => replicationSet(s.nodes, s.leaderId)?.set ?? null));
  const [active, setActive] = useState<Partial<Record<RoveGroup, string>>>({});
  const [menu, setMenu] = useState<OpenMenu | null>(null);

  const openMenu = useCallback((target: MenuTarget, el: Element) => {
    const host = stage.current;
    if (!host) return;
    const a = el.getBoundingClientRect();
    const b = host.getBoundingClientRect();
    const below = target.kind === 'links' ? a.bottom - b.top + 4 : Math.min(a.bottom - b.top + 4, Math.max(4, a.top - b.top + 10));
    setMenu({ target, x: a.left - b.left, y: below, returnTo: el as HTMLElement | SVGElement });
  }, []);
  const closeMenu = useCallback(
    (refocus: boolean) => {
      const back = menu?.returnTo;
      setMenu(null);
      if (!refocus) return;
      requestAnimationFrame(() => {
        if (back && back.isConnected) (back as HTMLElement).focus();
        else {
          const group = back instanceof Element ? back.getAttribute('data-rove') : null;
          const next = group ? wrap.current?.querySelector<HTMLElement>(`[data-rove="${group}"]`) : null;
          (next ?? wrap.current)?.focus();
        }
      });
    },
    [menu],
  );
  const ctx = useMemo<ClusterContext>(() => ({ geo, active, openMenu, menu, reducedMotion }), [geo, active, openMenu, menu, reducedMotion]);

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const item = (e.target as Element).closest?.('[data-rove]');
    if (!item || !wrap.current) return;
    if (e.key === 'Escape') {
      // Esc on an item: the focus goes to the picture itself, where the page's shortcuts (← → Space) apply.
      wrap.current.focus();
      return;
    }
    const group = item.getAttribute('data-rove') as RoveGroup;
    const items = [...wrap.current.querySelectorAll<HTMLElement>(`[data-rove="${group}"]`)];
    const i = items.indexOf(item as HTMLElement);
    let j = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') j = (i + 1) % items.length;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') j = (i - 1 + items.length) % items.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = items.length - 1;
    if (j < 0) return;
    // The arrows move within the picture here, not through time.
    e.preventDefault();
    e.stopPropagation();
    items[j]?.focus();
  };
  const onFocus = (e: React.FocusEvent<HTMLDivElement>) => {
    const item = (e.target as Element).closest?.('[data-rove]');
    if (!item) return;
    const group = item.getAttribute('data-rove') as RoveGroup;
    const k = item.getAttribute('data-key') ?? undefined;
    if (GROUPS.includes(group) && active[group] !== k) setActive((a) => ({ ...a, [group]: k }));
  };

  const box = `0 0 ${geo.w} ${geo.h}`;
  return (
    <ClusterCtx.Provider value={ctx}>
      <div className="cluster-wrap" ref={wrap} data-cluster-focus="" tabIndex={-1} role="group" aria-label="Cluster: nodes, links and messages in flight" onKeyDown={onKeyDown} onFocus={(e) => (preloadMenus(), onFocus(e))} onPointerOver={preloadMenus}>
        <Toolbar onLinks={(el) => openMenu({ kind: 'links' }, el)} />
        <div className="cluster-stage" ref={stage}>
          {/* Two stacked SVGs: the static one (R, links, nodes) repaints only when the run moves; the
              overlay (envelopes, marks) on every frame, on its own compositing layer. */}
          <svg className="cluster" viewBox={box} width={geo.w} height={geo.h} role="group" aria-label="Nodes and links">
            {r && <RGroup set={r} />}
            <Lanes />
            <Nodes />
          </svg>
          <svg className="cluster overlay-layer" viewBox={box} role="group" aria-label="Messages in flight">
            <Moving root={wrap} />
          </svg>
          {menu && (
            <Suspense fallback={null}>
              <ClusterMenu menu={menu} close={closeMenu} width={width} />
            </Suspense>
          )}
        </div>
        <CanvasLegend />
      </div>
    </ClusterCtx.Provider>
  );
}
