// The same scenario under another design: a run of a plug-in that declares a `counterpart`
// replayed in the counterpart's shape with the same seed, link settings and faults at the same
// virtual times. Steps the other design does not have (operator actions, hand deliveries, timers)
// are left to its own timers; the plug-in's `mapAction` says how each action maps. Pure: no DOM.

import type { Action } from '../kernel/types';
import type { Registry, RunSpec } from '../contracts';
import { REGISTRY } from '../protocols/registry';
import { scenarioFromTimeline } from './open';
import type { Scenario } from './types';

export interface Translated {
  scenario: Scenario;
  /** Actions carried over, and the published-spec steps left to our design's timers. */
  kept: number;
  left: number;
  /** Carried-over actions our design refused at that moment (with the reason), e.g. a write to a down node. */
  refused: string[];
}

/** How long to run past the last fault, so that the story under our design can finish. */
const SETTLE_MS = 3000;

/** The counterpart of the run's plug-in, if it declares one. */
export function counterpartOf(protocol: string, registry: Registry = REGISTRY) {
  return registry.has(protocol) ? (registry.shape(protocol).plugin.counterpart ?? null) : null;
}

export function sameUnderCounterpart(sc: Pick<Scenario, 'spec' | 'actions' | 'cursor'>, registry: Registry = REGISTRY): Translated {
  const cp = counterpartOf(sc.spec.protocol, registry);
  if (!cp) throw new Error(`this run ('${String(sc.spec.protocol).slice(0, 40)}') has no counterpart under another design`);
  const keys = new Set(registry.shape(cp.shape).timing.map((t) => t.key));
  const timing: Record<string, number> = {};
  for (const [k, v] of Object.entries(sc.spec.timing ?? {})) if (keys.has(k)) timing[k] = v;
  const spec: RunSpec = { protocol: cp.shape, seed: sc.spec.seed };
  if (Object.keys(timing).length) spec.timing = timing;
  if (sc.spec.link) spec.link = { ...sc.spec.link };
  const tl = registry.createTimeline(spec);
  let kept = 0;
  let left = 0;
  const refused: string[] = [];
  const ordered = sc.actions.slice().sort((a, b) => a.t - b.t || a.at - b.at);
  for (const ta of ordered) {
    const mapped: Action[] = cp.mapAction(ta.action);
    if (!mapped.length) left++;
    if (ta.t > tl.now) tl.advanceTo(ta.t);
    for (const a of mapped) {
      try {
        const { event } = tl.act(a);
        kept++;
        if (event?.error) refused.push(`${a.type}${'node' in a && a.node ? ` ${a.node}` : ''}: ${event.error}`);
      } catch (e) {
        refused.push(`${a.type}${'node' in a && a.node ? ` ${a.node}` : ''}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  const lastT = ordered.length ? ordered[ordered.length - 1]!.t : 0;
  tl.advanceTo(Math.max(sc.cursor.t, lastT + SETTLE_MS, tl.now));
  const scenario = scenarioFromTimeline(spec, tl, {
    title: cp.title,
    notes: `The ${sc.spec.protocol} run's faults and writes at the same times under ${cp.shape}; ${left} step${left === 1 ? '' : 's'} of its own left to ${cp.shape}'s timers.`,
  });
  return { scenario, kept, left, refused };
}
