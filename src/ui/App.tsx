import { useEffect } from 'react';
import { startDriver, useLabApi, useLabStore } from '../store';
import { ClusterView } from './ClusterView';
import { Controls } from './Controls';
import { EventLog } from './EventLog';
import { HelpOverlay, Legend } from './Help';
import { onGlobalKey } from './keyboard';
import { LogsPanel } from './LogsPanel';
import { PublishedBanner } from './PublishedBanner';
import { SafetyPanel } from './SafetyPanel';
import { AnalysisTabs } from './spacetime/AnalysisTabs';
import { ScenarioPanel } from './ScenarioPanel';
import { Settings } from './Settings';
import { Clock, TimeBar, TimelineSlider } from './TimeBar';

function Notice() {
  const notice = useLabStore((s) => s.notice);
  const dismiss = useLabStore((s) => s.dismissNotice);
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
  const narration = useLabStore((s) => s.narration);
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="narration">
      {narration}
    </div>
  );
}

/** The protocol of the run, switchable in one click (a new run with the same seed). */
function ProtocolPicker() {
  const spec = useLabStore((s) => s.spec);
  const shapes = useLabStore((s) => s.shapes);
  const applySettings = useLabStore((s) => s.applySettings);
  return (
    <select
      className="protocol-picker"
      aria-label="Protocol"
      data-testid="protocol-select"
      value={spec.protocol}
      title={shapes.find((p) => p.id === spec.protocol)?.title ?? spec.protocol}
      onChange={(e) => applySettings({ protocol: e.currentTarget.value, seed: spec.seed, ...(spec.link ? { link: spec.link } : {}) })}
    >
      {shapes.map((p) => (
        <option key={p.id} value={p.id}>
          {p.title}
        </option>
      ))}
    </select>
  );
}

/**
 * The lab: everything of one store (<LabProvider store={…}> around it). `keyboard`: answer the
 * page's global shortcuts (one lab per page should).
 */
export function App({ keyboard = true }: { keyboard?: boolean }) {
  const store = useLabApi();
  const spec = useLabStore((s) => s.spec);
  const settingsOpen = useLabStore((s) => s.settingsOpen);
  const setSettingsOpen = useLabStore((s) => s.setSettingsOpen);
  const setHelp = useLabStore((s) => s.setHelp);
  const selected = useLabStore((s) => s.selectedNode);
  const dataCount = useLabStore((s) => s.nodes.filter((n) => n.view.kind === 'data').length);
  useEffect(() => startDriver(store), [store]);
  useEffect(() => {
    if (!keyboard) return;
    const onKey = (e: KeyboardEvent) => onGlobalKey(store, e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, keyboard]);
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
              {selected ? `Selected ${selected} (c crash · r restart · w write)` : `Keys: space play · → step · ← back · 1–${Math.max(1, Math.min(9, dataCount))} select · ? help`}
            </div>
          </section>
          <details className="panel legend-box">
            <summary>Legend</summary>
            <Legend />
          </details>
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
