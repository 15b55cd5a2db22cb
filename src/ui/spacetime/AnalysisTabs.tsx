// The analysis views as tabs under the cluster: the space-time diagram, the metrics, Why?, the
// TLC trace reader (when a plug-in offers one) and the explorer. The coverage badges show above the
// space-time and Why? views. A proper ARIA tablist: ←/→ (and Home/End) move between the tabs and
// open them, one tab is in the Tab order, the open view is its tabpanel.
// Only the open tab renders, and every view is loaded on demand: the space-time diagram when the
// analysis section first comes near the screen, the metrics when their tab is first opened (Why? is part of the page: the logs and the event log use it).

import { lazy, Suspense, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useLabStore } from '../../store';
import { CheckPanel } from '../check/CheckPanel';
import { ExplorePanel } from '../explore/ExplorePanel';
import { TlcPanel } from '../tlc/TlcPanel';
import { WhyPanel } from '../why/Why';

const SpaceTime = lazy(() => import('./SpaceTime').then((m) => ({ default: m.SpaceTime })));
const MetricsView = lazy(() => import('../metrics/MetricsView').then((m) => ({ default: m.MetricsView })));
const CoverageBadges = lazy(() => import('../metrics/Badges').then((m) => ({ default: m.CoverageBadges })));

type TabId = 'spacetime' | 'metrics' | 'why' | 'tlc' | 'explore' | 'check';
type Tab = TabId | null;

/** True once the element has come within a screen of the viewport (then stays true). */
function useNearScreen<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  // Without IntersectionObserver (old browsers, jsdom) the view loads at once.
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = ref.current;
    if (near || !el) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '200px' });
    io.observe(el);
    return () => io.disconnect();
  }, [near]);
  return [ref, near];
}

export function AnalysisTabs() {
  const [tab, setTab] = useState<Tab>('spacetime');
  const [ref, near] = useNearScreen<HTMLElement>();
  const base = useId();
  // The TLC tab is there when a plug-in of the lab offers a TLC trace reader (loaded or not); Explore when a shape can be explored.
  const hasTlc = useLabStore((s) => s.tlcShape !== null);
  const canExplore = useLabStore((s) => s.shapes.some((x) => x.explored));
  const tabs: [TabId, string][] = [
    ['spacetime', 'Space-time'],
    ['metrics', 'Metrics'],
    ['why', 'Why?'],
    ...(hasTlc ? ([['tlc', 'TLC trace']] as [TabId, string][]) : []),
    ...(canExplore ? ([['explore', 'Explore']] as [TabId, string][]) : []),
    ['check', 'Check'],
  ];
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());
  // The tab in the Tab order: the open one, else the first.
  const current: TabId = tab ?? tabs[0]![0];
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex(([id]) => id === current);
    let j = -1;
    if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = tabs.length - 1;
    if (j < 0) return;
    e.preventDefault();
    const id = tabs[j]![0];
    setTab(id);
    tabRefs.current.get(id)?.focus();
  };
  const show = near || tab !== 'spacetime';
  return (
    <section className="panel analysis" aria-label="Analysis" ref={ref}>
      <div className="analysis-head">
        <div className="tabs" role="tablist" aria-label="Analysis views" onKeyDown={onKey}>
          {tabs.map(([id, label]) => (
            <button
              key={id}
              ref={(el) => {
                if (el) tabRefs.current.set(id, el);
                else tabRefs.current.delete(id);
              }}
              type="button"
              role="tab"
              id={`${base}-tab-${id}`}
              aria-selected={tab === id}
              aria-controls={tab === id ? `${base}-panel` : undefined}
              tabIndex={current === id ? 0 : -1}
              onClick={() => setTab(id)}
            >
              {label}
            </button>
          ))}
        </div>
        {tab !== null && (
          <button type="button" className="linkish" onClick={() => setTab(null)} aria-label="Hide the analysis view">
            Hide
          </button>
        )}
      </div>
      {tab === null ? (
        show && (
          <Suspense fallback={null}>
            <CoverageBadges />
          </Suspense>
        )
      ) : (
        <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${tab}`} className="analysis-panel">
          {show ? (
            <Suspense fallback={<p className="hint">Loading…</p>}>
              {(tab === 'spacetime' || tab === 'why') && <CoverageBadges />}
              {tab === 'spacetime' && <SpaceTime />}
              {tab === 'metrics' && <MetricsView />}
              {tab === 'why' && <WhyPanel />}
              {tab === 'tlc' && hasTlc && <TlcPanel />}
              {tab === 'explore' && canExplore && <ExplorePanel />}
              {tab === 'check' && <CheckPanel />}
            </Suspense>
          ) : (
            <p className="hint">The space-time diagram loads when you scroll to it.</p>
          )}
        </div>
      )}
    </section>
  );
}
