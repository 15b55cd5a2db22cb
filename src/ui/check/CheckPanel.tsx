// The "Check" tab: the exhaustive checker (`npm run check`) in the page. Its content (the
// checker, the untimed view, the check store) is loaded when the tab first opens, with the
// plug-ins the page loads on demand (the store's loadPlugins), so every checkable shape is listed.

import { lazy, Suspense, useEffect, useState } from 'react';
import { useLabStore } from '../../store';

const CheckView = lazy(() => import('./CheckView'));

export function CheckPanel() {
  const loadPlugins = useLabStore((s) => s.loadPlugins);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    // A plug-in that fails to load is the lab's notice; the checker then lists the loaded ones.
    void loadPlugins().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [loadPlugins]);
  const loading = <p className="hint">Loading the checker…</p>;
  if (!ready) return loading;
  return (
    <Suspense fallback={loading}>
      <CheckView />
    </Suspense>
  );
}
