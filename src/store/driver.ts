// The animation driver of one lab: while its playback machine is `playing`, every animation
// frame advances virtual time by (real ms since the last frame, at most 100) × speed; the store's
// `advance` caps the real time one frame may simulate (FRAME_BUDGET_MS), so 1000× does not freeze
// the page. It stops while the tab is hidden (requestAnimationFrame does not run there, and a long
// gap is not replayed at once).

import type { LabStore } from './lab';

export function startDriver(store: LabStore): () => void {
  let raf = 0;
  /** Timestamp of the last frame; -1 before the first (a frame's timestamp may be 0). */
  let last = -1;
  const frame = (ts: number) => {
    const st = store.getState();
    if (st.mode !== 'playing') {
      raf = 0;
      return;
    }
    const dt = last >= 0 ? Math.min(ts - last, 100) : 16;
    last = ts;
    if (!document.hidden && dt > 0) st.advance(dt * st.speed);
    raf = requestAnimationFrame(frame);
  };
  const sync = () => {
    const playing = store.getState().mode === 'playing' && !document.hidden;
    if (playing && !raf) {
      last = -1;
      raf = requestAnimationFrame(frame);
    } else if (!playing && raf) {
      cancelAnimationFrame(raf);
      raf = 0;
    }
  };
  const unsub = store.subscribe((s, prev) => {
    if (s.mode !== prev.mode) sync();
  });
  document.addEventListener('visibilitychange', sync);
  sync();
  return () => {
    unsub();
    document.removeEventListener('visibilitychange', sync);
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
  };
}
