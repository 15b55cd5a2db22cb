import { lazy, Suspense, useEffect, useState } from 'react';
import { startDriver, useLabApi, useLabStore } from '../store';
import { useComparisons } from '../store/comparisons';
import { ClusterView } from './ClusterView';
import { TourPanel, useTourOpen } from './tour/TourPanel';
import { useMedia } from './useMedia';
import { Controls } from './Controls';
import { EventLog } from './EventLog';
import { FirstVisitCard, HelpOverlay, Legend } from './Help';
import { onGlobalKey } from './keyboard';
import { LogsPanel } from './LogsPanel';
import { PresentView, usePresentMode, type StageVariant } from './present/Stage';
import { SharePanel } from './present/Share';
import { PublishedBanner } from './PublishedBanner';
import { SafetyPanel } from './SafetyPanel';
import { AnalysisTabs } from './spacetime/AnalysisTabs';
import { ScenarioPanel } from './ScenarioPanel';
import { Clock, TimeBar, TimelineSlider } from './TimeBar';

// The settings dialog is loaded when it is first opened.
const Settings = lazy(() => import('./Settings').then((m) => ({ default: m.Settings })));

export function Notice() {
  const notice = useLabStore((s) => s.notice);
  const dismiss = useLabStore((s) => s.dismissNotice);
  // Phones clamp a long notice to three lines; "More" shows it whole (the button shows on phones only).
  const [expanded, setExpanded] = useState<string | null>(null);
  const open = notice !== null && expanded === notice.text;
  return (
    <div className={`notice ${notice ? notice.kind : 'empty'}${open ? ' expanded' : ''}`} data-testid="notice" data-kind={notice?.kind ?? ''} role="status">
      {notice && (
        <>
          <span className="notice-text">{notice.text}</span>
          {notice.text.length > 120 && (
            <button type="button" className="linkish notice-more" aria-expanded={open} onClick={() => setExpanded(open ? null : notice.text)}>
              {open ? 'Less' : 'More'}
            </button>
          )}
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

/** The page's global shortcuts and the run's driver, for whichever view of the lab is showing. */
function useLab(keyboard: boolean) {
  const store = useLabApi();
  useEffect(() => startDriver(store), [store]);
  useEffect(() => {
    if (!keyboard) return;
    const onKey = (e: KeyboardEvent) => onGlobalKey(store, e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, keyboard]);
}

/**
 * The lab: everything of one store (<LabProvider store={…}> around it). `keyboard`: answer the
 * page's global shortcuts (one lab per page should). `view`: the whole page (default), or
 * `embed`: the cluster, the time bar and the caption line only (a scenario link with `?embed`, for
 * an iframe in slides or docs).
 */
export function App({ keyboard = true, view = 'page' }: { keyboard?: boolean; view?: 'page' | StageVariant }) {
  useLab(keyboard);
  const present = usePresentMode();
  if (view === 'embed') return <PresentView variant="embed" />;
  if (present.on) return <PresentView variant="present" onExit={present.exit} />;
  return <Page onPresent={present.enter} />;
}

function Page({ onPresent }: { onPresent: () => void }) {
  const spec = useLabStore((s) => s.spec);
  const settingsOpen = useLabStore((s) => s.settingsOpen);
  const setSettingsOpen = useLabStore((s) => s.setSettingsOpen);
  const setHelp = useLabStore((s) => s.setHelp);
  const selected = useLabStore((s) => s.selectedNode);
  const dataCount = useLabStore((s) => s.nodes.filter((n) => n.view.kind === 'data').length);
  // Narrow screens: the faults and writes live in a drawer (a bottom sheet on phones).
  const [drawer, setDrawer] = useState(false);
  const comparisons = useComparisons();
  // An open tour's caption stays beside the cluster: at the top of the side column on wide screens,
  // under the cluster (held at the screen's foot) on narrow ones (issue 12: "the cluster in view
  // and its caption beside it").
  const touring = useTourOpen();
  const beside = useMedia('(min-width: 1100px)') && touring;
  return (
    <div className={`app${drawer ? ' drawer-open' : ''}${touring ? ' touring' : ''}`}>
      <a className="skip-link" href="#cluster" onClick={(e) => { e.preventDefault(); focusCluster(); }}>
        Skip to the cluster
      </a>
      <header className="chrome">
      <div className="top">
        <div className="brand">
          <h1>Janus Lab</h1>
          <ProtocolPicker />
          {/* Where the header is tight the line ends in an ellipsis; its title says it whole. */}
          <span className="run" title={`seed ${spec.seed}${spec.mutant ? ` · mutant ${spec.mutant}` : ''}`}>
            seed {spec.seed}
            {spec.mutant ? ` · mutant ${spec.mutant}` : ''}
          </span>
        </div>
        <Clock />
        <div className="top-right">
          <button type="button" className="drawer-toggle" aria-expanded={drawer} aria-controls="controls-drawer" aria-label="Controls" onClick={() => setDrawer(!drawer)}>
            <span aria-hidden="true">☰</span> <span className="btn-text">Controls</span>
          </button>
          <button type="button" onClick={onPresent} title="Present: the cluster, the time bar and a caption in large type, full screen" aria-label="Present">
            <span aria-hidden="true">▣</span> <span className="btn-text">Present</span>
          </button>
          {comparisons.length > 0 && (
            <a className="top-link" href="#compare" data-testid="header-compare" aria-label="Compare" title="Compare: two protocols side by side, same workload, same faults, one clock">
              <span aria-hidden="true">⇄</span>
              <span className="btn-text">Compare</span>
            </a>
          )}
          <button type="button" onClick={() => setSettingsOpen(true)} aria-label="Settings">
            <span aria-hidden="true" className="icon-only">⚙</span> <span className="btn-text">Settings</span>
          </button>
          <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
            ?
          </button>
        </div>
      </div>
      <div className="bar">
        <TimeBar />
      </div>
      <TimelineSlider />
      </header>
      <main className="main">
      <Notice />
      <PublishedBanner />
      <div className="layout">
        <div className="main-col">
          <div className="stage" id="cluster-stage">
            <section className="panel view" id="cluster" aria-label="Cluster" tabIndex={-1}>
              <ClusterView />
              <div className="sel-hint" aria-hidden="true">
                {selected ? `Selected ${selected} (c crash · r restart · w write)` : `Keys: space play · → step · ← back · 1–${Math.max(1, Math.min(9, dataCount))} select · ? help`}
              </div>
            </section>
            {/* The caption area beside/below the cluster: the tour player (src/ui/tour). */}
            <TourPanel part={beside ? 'workshop' : touring ? 'caption' : 'both'} />
          </div>
          <div className="below">
            {touring && !beside && <TourPanel part="workshop" />}
            <details className="panel legend-box">
              <summary>Legend</summary>
              <Legend />
            </details>
            <LogsPanel />
            <div className="share-row">
              <ScenarioPanel />
              <SharePanel />
            </div>
            <AnalysisTabs />
          </div>
        </div>
        <div className="side-col">
          {beside && <TourPanel part="caption" />}
          <FirstVisitCard />
          <aside className="controls-drawer" id="controls-drawer" aria-label="Faults and writes" onKeyDown={(e) => e.key === 'Escape' && drawer && (e.stopPropagation(), setDrawer(false))}>
            <div className="drawer-head">
              <span className="drawer-title">Faults and writes</span>
              <button type="button" onClick={() => setDrawer(false)} aria-label="Close controls">
                ✕
              </button>
            </div>
            <Controls />
          </aside>
          <aside className="right" aria-label="Safety and events">
            <SafetyPanel />
            <EventLog />
          </aside>
        </div>
        {drawer && <button type="button" className="drawer-backdrop" aria-label="Close controls" tabIndex={-1} onClick={() => setDrawer(false)} />}
      </div>
      </main>
      {settingsOpen && (
        <Suspense fallback={null}>
          <Settings />
        </Suspense>
      )}
      <HelpOverlay />
      <LiveRegion />
    </div>
  );
}

/** Move focus to the cluster: its roving focus item when the picture has one, else the picture's section. */
export function focusCluster(): void {
  const target = document.querySelector<HTMLElement>('[data-cluster-focus] [tabindex="0"]') ?? document.querySelector<HTMLElement>('[data-cluster-focus]') ?? document.getElementById('cluster');
  target?.focus();
  document.getElementById('cluster')?.scrollIntoView({ block: 'nearest' });
}
