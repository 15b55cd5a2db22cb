// The "TLC trace" tab. Its content (the TLC reader, replay, export and the panel, about 11 kB
// gzipped) is loaded when the tab first opens, so the lab's main bundle does not carry it; the
// plug-in that offers the reader is loaded then too, if it is not yet (the store's loadTlc).

import { lazy, Suspense, useEffect } from 'react';
import { useLabStore } from '../../store';

const TlcView = lazy(() => import('./TlcView'));

export function TlcPanel() {
  const ready = useLabStore((s) => s.tlc !== null);
  const loadTlc = useLabStore((s) => s.loadTlc);
  useEffect(() => {
    if (!ready) void loadTlc();
  }, [ready, loadTlc]);
  const loading = <p className="hint">Loading the TLC trace reader…</p>;
  if (!ready) return loading;
  return (
    <Suspense fallback={loading}>
      <TlcView />
    </Suspense>
  );
}
