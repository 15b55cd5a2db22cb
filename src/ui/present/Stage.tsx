// Present mode and the embedded view: the cluster, the time bar and a caption line in large type.
// Present fills the screen (full screen when the browser allows it) and is driven by Space, the
// arrow keys and a presentation clicker (PageDown / PageUp: step / step back); Esc leaves it.
// The embedded view (`?embed` on a scenario link) is the same stage without the page around it,
// made to fit an iframe of 960×540.

import { useCallback, useEffect, useRef, useState } from 'react';
import { useLabApi, useLabStore } from '../../store';
import { ClusterView } from '../ClusterView';
import { Clock, TimeBar, TimelineSlider } from '../TimeBar';
import { Caption } from './Caption';
import { embedUrl } from './Share';

export type StageVariant = 'present' | 'embed';

/** Present mode on and off; leaving full screen (Esc in the browser) leaves it too. */
export function usePresentMode(): { on: boolean; enter: () => void; exit: () => void } {
  const [on, setOn] = useState(false);
  const enter = useCallback(() => {
    setOn(true);
    const el = document.documentElement;
    // Full screen needs a user gesture and may be refused (iframes, some browsers): Present works without it.
    if (!document.fullscreenElement && el.requestFullscreen) el.requestFullscreen().catch(() => undefined);
  }, []);
  const exit = useCallback(() => {
    setOn(false);
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => undefined);
  }, []);
  useEffect(() => {
    if (!on) return;
    let wasFull = !!document.fullscreenElement;
    const onChange = () => {
      if (wasFull && !document.fullscreenElement) setOn(false);
      wasFull = !!document.fullscreenElement;
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [on]);
  return { on, enter, exit };
}

/** PageDown / PageUp (what a presentation clicker sends) step and step back; Esc leaves Present. */
function useClickerKeys(onExit: (() => void) | undefined) {
  const store = useLabApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const st = store.getState();
      if (st.helpOpen || st.settingsOpen) return;
      if (e.key === 'PageDown') {
        e.preventDefault();
        st.step();
      } else if (e.key === 'PageUp') {
        e.preventDefault();
        st.stepBack();
      } else if (e.key === 'Escape' && onExit) {
        onExit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, onExit]);
}

export function PresentView({ variant, onExit }: { variant: StageVariant; onExit?: () => void }) {
  useClickerKeys(onExit);
  const title = useLabStore((s) => s.shapes.find((x) => x.id === s.spec.protocol)?.title ?? s.spec.protocol);
  const notice = useLabStore((s) => s.notice);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Keys go to the stage (not to a control of the page that had focus before).
    if (variant === 'present') ref.current?.focus();
  }, [variant]);
  return (
    <div className={`stage-view stage-${variant}`} data-testid={`${variant}-view`} ref={ref} tabIndex={-1}>
      <main className="stage-main">
        <h1 className="sr-only">Janus Lab{variant === 'present' ? ': presenting' : ''}</h1>
        <div className="stage-bar">
          <TimeBar />
          <Clock />
          {variant === 'present' ? (
            <button type="button" className="stage-exit" onClick={onExit}>
              Exit present
            </button>
          ) : (
            <a className="stage-open" href={embedUrl(window.location.href, false)} target="_blank" rel="noreferrer" title={`Open this scenario in Janus Lab (${title})`}>
              Open in Janus Lab ↗
            </a>
          )}
        </div>
        <TimelineSlider />
        {notice?.kind === 'violation' && (
          <p className="stage-notice" role="status">
            {notice.text}
          </p>
        )}
        <section className="stage-cluster view" id="cluster" aria-label="Cluster">
          <ClusterView />
        </section>
        <Caption variant={variant} />
      </main>
    </div>
  );
}
