// The "Check" tab: the exhaustive checker (`npm run check`) in the page. Its content (the
// checker, the untimed view, the check store) is loaded when the tab first opens.

import { lazy, Suspense } from 'react';

const CheckView = lazy(() => import('./CheckView'));

export function CheckPanel() {
  return (
    <Suspense fallback={<p className="hint">Loading the checker…</p>}>
      <CheckView />
    </Suspense>
  );
}
