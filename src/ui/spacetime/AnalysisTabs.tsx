// The analysis views as tabs under the cluster: the space-time diagram and the metrics. The
// coverage badges stay visible above the tabs. Only the open tab renders.

import { useState } from 'react';
import { CoverageBadges } from '../metrics/Badges';
import { MetricsView } from '../metrics/MetricsView';
import { TlcPanel } from '../tlc/TlcPanel';
import { WhyPanel } from '../why/Why';
import { SpaceTime } from './SpaceTime';

type Tab = 'spacetime' | 'metrics' | 'why' | 'tlc' | null;

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
      </div>
      {tab !== null && (
        <button type="button" className="linkish" onClick={() => setTab(null)} aria-label="Hide the analysis view">
          Hide
        </button>
      )}
      {tab !== 'metrics' && tab !== 'tlc' && <CoverageBadges />}
      {tab === 'spacetime' && <SpaceTime />}
      {tab === 'metrics' && <MetricsView />}
      {tab === 'why' && <WhyPanel />}
      {tab === 'tlc' && <TlcPanel />}
    </section>
  );
}
