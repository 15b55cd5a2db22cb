// The same scenario under our design: a run of the published spec (janus-published) replayed as
// a janus-2+1 run with the same seed, link settings and faults at the same virtual times. The
// spec's own steps (its operator actions, hand deliveries of its messages, its timers) do not
// exist in our design; they are left to our design's timers (toOurDesign in
// src/protocols/janus-published/gallery.ts says how each action maps). Pure: no DOM.

import type { Action } from '../kernel/types';
import { toOurDesign } from '../protocols/janus-published/gallery';
import { createTimeline, PROTOCOLS, type RunSpec } from '../protocols/registry';
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

export function sameUnderOurDesign(sc: Pick<Scenario, 'spec' | 'actions' | 'cursor'>): Translated {
  if (sc.spec.protocol !== 'janus-published') throw new Error(`only a run of the published spec has a counterpart under our design (this run is '${String(sc.spec.protocol).slice(0, 40)}')`);
  const keys = new Set(PROTOCOLS['janus-2+1']!.timing.map((t) => t.key));
  const timing: Record<string, number> = {};
  for (const [k, v] of Object.entries(sc.spec.timing ?? {})) if (keys.has(k)) timing[k] = v;
  const spec: RunSpec = { protocol: 'janus-2+1', seed: sc.spec.seed };
  if (Object.keys(timing).length) spec.timing = timing;
  if (sc.spec.link) spec.link = { ...sc.spec.link };
  const tl = createTimeline(spec);
  let kept = 0;
  let left = 0;
  const refused: string[] = [];
  const ordered = sc.actions.slice().sort((a, b) => a.t - b.t || a.at - b.at);
  for (const ta of ordered) {
    const mapped: Action[] = toOurDesign([ta.action]);
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
    title: 'The same scenario under our design (janus-2+1)',
    notes: `The published-spec run's faults and writes at the same times under PROTOCOL.md; ${left} spec-only step${left === 1 ? '' : 's'} left to our design's timers.`,
  });
  return { scenario, kept, left, refused };
}
