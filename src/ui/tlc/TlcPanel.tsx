// The "TLC trace" tab. Its content (the TLC reader, replay, export and the panel, about 11 kB
// gzipped) is loaded when the tab first opens, so the lab's main bundle does not carry it.

import { lazy, Suspense } from 'react';

const TlcView = lazy(() => import('./TlcView'));

export function TlcPanel() {
  return (
    <Suspense fallback={<p className="hint">Loading the TLC trace reader…</p>}>
      <TlcView />
    </Suspense>
  );
}
