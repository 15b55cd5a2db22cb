// The analysis views as tabs under the cluster: the space-time diagram, the metrics, Why?, the
// TLC trace reader (when a plug-in offers one) and the explorer. The coverage badges show above the space-time and Why? views.
// Only the open tab renders; the TLC reader and the explorer load on first use.

import { useState } from 'react';
import { useLabStore } from '../../store';
import { ExplorePanel } from '../explore/ExplorePanel';
import { CoverageBadges } from '../metrics/Badges';
import { MetricsView } from '../metrics/MetricsView';
import { TlcPanel } from '../tlc/TlcPanel';
import { WhyPanel } from '../why/Why';
import { SpaceTime } from './SpaceTime';

type Tab = 'spacetime' | 'metrics' | 'why' | 'tlc' | 'explore' | null;

export function AnalysisTabs() {
  const [tab, setTab] = useState<Tab>('spacetime');
  // The TLC tab is there when a plug-in of the lab offers a TLC trace reader; Explore when a shape can be explored.
  const hasTlc = useLabStore((s) => s.tlc !== null);
  const canExplore = useLabStore((s) => s.shapes.some((x) => x.explored));
  const t = (id: Exclude<Tab, null>, label: string) => (
    <button type="button" role="tab" aria-selected={tab === id} onClick={() => setTab(id)}>
      {label}
    </button>
  );
  return (
    <section className="panel analysis" aria-label="Analysis">
      <div className="tabs" role="tablist" style={{ display: 'inline-flex' }} aria-label="Analysis views">
        {t('spacetime', 'Space-time')}
        {t('metrics', 'Metrics')}
        {t('why', 'Why?')}
        {hasTlc && t('tlc', 'TLC trace')}
        {canExplore && t('explore', 'Explore')}
      </div>
      {tab !== null && (
        <button type="button" className="linkish" onClick={() => setTab(null)} aria-label="Hide the analysis view">
          Hide
        </button>
      )}
      {(tab === 'spacetime' || tab === 'why' || tab === null) && <CoverageBadges />}
      {tab === 'spacetime' && <SpaceTime />}
      {tab === 'metrics' && <MetricsView />}
      {tab === 'why' && <WhyPanel />}
      {tab === 'tlc' && hasTlc && <TlcPanel />}
      {tab === 'explore' && canExplore && <ExplorePanel />}
    </section>
  );
}
