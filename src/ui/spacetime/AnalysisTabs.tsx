// The analysis views as tabs under the cluster: the space-time diagram, the metrics, Why?, the
// TLC trace reader and the explorer. The coverage badges show above the space-time and Why? views.
// Only the open tab renders; the TLC reader and the explorer load on first use.

import { useState } from 'react';
import { ExplorePanel } from '../explore/ExplorePanel';
import { CoverageBadges } from '../metrics/Badges';
import { MetricsView } from '../metrics/MetricsView';
import { TlcPanel } from '../tlc/TlcPanel';
import { WhyPanel } from '../why/Why';
import { SpaceTime } from './SpaceTime';

type Tab = 'spacetime' | 'metrics' | 'why' | 'tlc' | 'explore' | null;

export function AnalysisTabs() {
  const [tab, setTab] = useState<Tab>('spacetime');
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
        {t('tlc', 'TLC trace')}
        {t('explore', 'Explore')}
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
      {tab === 'tlc' && <TlcPanel />}
      {tab === 'explore' && <ExplorePanel />}
    </section>
  );
}
