// A checker's counterexample as a scenario the lab opens (like an explorer finding,
// src/explorer/link.ts): the timed replay of the shortest path, the viewer landing just after
// the event that broke the property, with the trace hash the lab's replay must reach.

import type { Registry } from '../contracts';
import { scenarioFromTimeline, scenarioUrl, type Scenario } from '../scenario';
import type { CheckFinding, CheckTarget } from './check';
import { bestTimedCounterexample, type TimedCounterexample } from './replay';

export interface CounterexampleScenario {
  scenario: Scenario;
  traceHash: string;
  timed: TimedCounterexample;
}

export function counterexampleScenario(registry: Registry, target: CheckTarget, finding: CheckFinding): CounterexampleScenario {
  const timed = bestTimedCounterexample(registry, target, finding.path);
  const tl = registry.createTimeline(timed.spec, timed.actions);
  const last = timed.actions[timed.actions.length - 1];
  tl.advanceTo(last ? last.t : 0);
  while (tl.sim.eventCount <= (last?.at ?? -1)) if (!tl.step()) break;
  const v = tl.sim.violations[0];
  if (v) tl.seek(v.event + 1);
  const what = finding.kind === 'deadlock' ? 'deadlock' : finding.property;
  const title = `Checker: ${what} in ${finding.depth} steps (${target.spec.protocol}${target.spec.mutant ? `, mutant ${target.spec.mutant}` : ''})`.slice(0, 120);
  const retimed = timed.retimed ? Object.entries(timed.retimed).map(([k, v]) => `${k} ${v}`).join(', ') : '';
  const how = [
    retimed ? ` (Replayed with ${retimed}: the checked timing cannot give every clock guard the answer this path needs; the untimed check holds for every timing.)` : '',
    timed.draws.length ? ` (Values drawn at random, e.g. an incarnation, differ from the checker's: ${timed.draws.map(([t, u]) => `${t} for ${u}`).join(', ')}.)` : '',
    timed.faithful ? '' : timed.partedAt !== null ? ` (The timed replay parted from the checker's path at step ${timed.partedAt}.)` : '',
  ].join('');
  const notes = `${finding.message}${how}`.slice(0, 2000);
  return { scenario: scenarioFromTimeline(timed.spec, tl, { title, notes }), traceHash: tl.sim.traceHash, timed };
}

export async function counterexampleLink(registry: Registry, target: CheckTarget, finding: CheckFinding, baseUrl: string): Promise<{ url: string } & CounterexampleScenario> {
  const c = counterexampleScenario(registry, target, finding);
  return { ...c, url: await scenarioUrl(baseUrl, c.scenario, { traceHash: c.traceHash }) };
}
