// The "Explore" tab: the explorer (`npm run explore`) in the page. Its content (the explorer,
// the protocol profiles and the exploration machine) is loaded when the tab first opens, so the
// lab's main bundle does not carry it.

import { lazy, Suspense } from 'react';

const ExploreView = lazy(() => import('./ExploreView'));

export function ExplorePanel() {
  return (
    <Suspense fallback={<p className="hint">Loading the explorer…</p>}>
      <ExploreView />
    </Suspense>
  );
}
