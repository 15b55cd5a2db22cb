import { useEffect } from 'react';
import { PROTOCOLS } from '../protocols/registry';
import { startDriver, useLab } from '../store';
import { ClusterView } from './ClusterView';
import { Controls } from './Controls';
import { EventLog } from './EventLog';
import { HelpOverlay } from './Help';
import { onGlobalKey } from './keyboard';
import { LogsPanel } from './LogsPanel';
import { PublishedBanner } from './PublishedBanner';
import { SafetyPanel } from './SafetyPanel';
import { AnalysisTabs } from './spacetime/AnalysisTabs';
import { ScenarioPanel } from './ScenarioPanel';
import { Settings } from './Settings';
import { Clock, TimeBar, TimelineSlider } from './TimeBar';

function Notice() {
  const notice = useLab((s) => s.notice);
  const dismiss = useLab((s) => s.dismissNotice);
  return (
    <div className={`notice ${notice ? notice.kind : 'empty'}`} data-testid="notice" data-kind={notice?.kind ?? ''} role="status">
      {notice && (
        <>
          <span>{notice.text}</span>
          <button type="button" className="linkish" onClick={dismiss} aria-label="Dismiss message">
            ✕
          </button>
        </>
      )}
    </div>
  );
}

function LiveRegion() {
  const narration = useLab((s) => s.narration);
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="narration">
      {narration}
    </div>
  );
}

/** The protocol of the run, switchable in one click (a new run with the same seed). */
function ProtocolPicker() {
  const spec = useLab((s) => s.spec);
  const applySettings = useLab((s) => s.applySettings);
  return (
    <select
      className="protocol-picker"
      aria-label="Protocol"
      data-testid="protocol-select"
      value={spec.protocol}
      title={PROTOCOLS[spec.protocol]?.title ?? spec.protocol}
      onChange={(e) => applySettings({ protocol: e.currentTarget.value, seed: spec.seed, ...(spec.link ? { link: spec.link } : {}) })}
    >
      {Object.values(PROTOCOLS).map((p) => (
        <option key={p.id} value={p.id}>
          {p.title}
        </option>
      ))}
    </select>
  );
}

export function App() {
  const spec = useLab((s) => s.spec);
  const settingsOpen = useLab((s) => s.settingsOpen);
  const setSettingsOpen = useLab((s) => s.setSettingsOpen);
  const setHelp = useLab((s) => s.setHelp);
  const selected = useLab((s) => s.selectedNode);
  useEffect(() => startDriver(), []);
  useEffect(() => {
    window.addEventListener('keydown', onGlobalKey);
    return () => window.removeEventListener('keydown', onGlobalKey);
  }, []);
  return (
    <div className="app">
      <header className="top">
        <div className="brand">
          <h1>Janus Lab</h1>
          <ProtocolPicker />
          <span className="run">
            seed {spec.seed}
            {spec.mutant ? ` · mutant ${spec.mutant}` : ''}
          </span>
        </div>
        <TimeBar />
        <Clock />
        <div className="top-right">
          <button type="button" onClick={() => setSettingsOpen(true)}>
            Settings
          </button>
          <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
            ?
          </button>
        </div>
      </header>
      <TimelineSlider />
      <Notice />
      <PublishedBanner />
      <main className="layout">
        <aside className="left" aria-label="Faults and writes">
          <Controls />
        </aside>
        <div className="centre">
          <section className="panel view" aria-label="Cluster">
            <ClusterView />
            <div className="sel-hint" aria-hidden="true">
              {selected ? `Selected ${selected} (c crash · r restart · w write)` : 'Keys: space play · → step · ← back · 1–3 select · ? help'}
            </div>
          </section>
          <LogsPanel />
          <ScenarioPanel />
          <AnalysisTabs />
        </div>
        <aside className="right" aria-label="Safety and events">
          <SafetyPanel />
          <EventLog />
        </aside>
      </main>
      {settingsOpen && <Settings />}
      <HelpOverlay />
      <LiveRegion />
    </div>
  );
}
