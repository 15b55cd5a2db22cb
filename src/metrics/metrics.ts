// `computeMetrics(tl, upTo?, source?)`: the cost metrics of a Timeline over events [0, upTo)
// (default: up to its cursor), the figures the Metrics tab and e2e/metrics.spec.ts show. A thin
// wrapper over the incremental `MetricsAccumulator` (accumulator.ts) followed along the trace by
// a `TraceFollower` (follow.ts), cached per timeline: moving the cursor forward costs the new
// events; a seek back or a fork, at most 1024 events from the nearest checkpoint.
//
// The protocol's knowledge comes from its plug-in: `source` is a Registry (default: the page's,
// whose `pluginOf(tl.protocol.id)` is used), a plug-in, or a `MetricsProtocol` made by hand.
//
// For the store: keep one `TraceFollower(() => new MetricsAccumulator(metricsProtocol(plugin),
// tl.sim))` per run instead, and call `.at(tl, cursor).snapshot(...)` (see accumulator.ts).

import type { ProtocolPlugin, Registry } from '../contracts';
import type { Timeline } from '../kernel';
import { REGISTRY } from '../protocols/registry';
import { MetricsAccumulator, metricsProtocol, type MetricsProtocol, type RunMetrics } from './accumulator';
import { TraceFollower } from './follow';

/** Where the metrics learn about the protocol of a timeline. */
export type MetricsSource = Registry | ProtocolPlugin | MetricsProtocol;

function resolve(source: MetricsSource, tl: Timeline): MetricsProtocol {
  if ('pluginOf' in source) {
    const plugin = source.pluginOf(tl.protocol.id);
    if (!plugin) throw new Error(`metrics: no plug-in for protocol '${tl.protocol.id}' in this registry`);
    return metricsProtocol(plugin);
  }
  if ('shapes' in source) return metricsProtocol(source);
  return source;
}

interface Cached {
  protocol: MetricsProtocol['protocol'];
  view: MetricsProtocol['view'];
  durableBytes: MetricsProtocol['durableBytes'];
  follower: TraceFollower<MetricsAccumulator>;
}

const cache = new WeakMap<Timeline, Cached>();

/**
 * Metrics over events [0, upTo) of the timeline (default: up to its cursor). Figures that read
 * node state (durable bytes, copies, which writes survived) are exact only when `upTo` is the
 * cursor; otherwise they are left out (null) or taken as if every write survived.
 */
export function computeMetrics(tl: Timeline, upTo = tl.sim.eventCount, source: MetricsSource = REGISTRY): RunMetrics {
  const mp = resolve(source, tl);
  const durableBytes = mp.durableBytes ?? null;
  let c = cache.get(tl);
  if (!c || c.protocol !== mp.protocol || c.view !== mp.view || c.durableBytes !== durableBytes) {
    const sim = tl.sim;
    c = { protocol: mp.protocol, view: mp.view, durableBytes, follower: new TraceFollower(() => new MetricsAccumulator(mp, sim)) };
    cache.set(tl, c);
  }
  upTo = Math.max(0, Math.min(Math.floor(upTo), tl.length));
  const acc = c.follower.at(tl, upTo);
  const atCursor = upTo === tl.sim.eventCount;
  const t = atCursor ? tl.sim.now : upTo > 0 ? tl.timeAt(upTo - 1) : 0;
  return acc.snapshot(atCursor ? { t, state: (id) => tl.sim.state(id) } : { t });
}
