// The run's metrics for the Metrics tab. Only that tab's chunk imports this module (from
// '../../store/metrics', not from the store's index), so the metrics code (src/metrics) loads with
// the tab, not at start.

import { useMemo } from 'react';
import { computeMetrics, type RunMetrics } from '../metrics';
import { useLabApi, useLabStore } from './context';

/** The run's metrics up to the cursor (computed once per revision of the run's views). */
export function useMetrics(): RunMetrics {
  const api = useLabApi();
  const rev = useLabStore((s) => s.rev);
  return useMemo(() => {
    const tl = api.getState().timeline;
    // The running plug-in's hooks (durable bytes, claims); `rev` bumps whenever the run or its cursor moves.
    return computeMetrics(tl, tl.sim.eventCount, api.registry.pluginOf(tl.protocol.id) ?? api.registry);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, rev]);
}
