// Turns an explorer finding into a Janus Lab scenario (and link): the same run, replayed on a
// timeline, with the viewer landing just after the event that broke the property (or at the end
// of the liveness window).
import type { Registry } from '../contracts';
import { REGISTRY } from '../protocols/registry';
import { scenarioFromTimeline, scenarioUrl, type Scenario } from '../scenario';
import { replayPlanned, type Failure, type PlannedAction, type RunPlan } from '../contracts/explorer';

/** The finding as a scenario the lab can load, with the trace hash its replay must reach. */
export function findingScenario(plan: RunPlan, actions: PlannedAction[], failure: Failure | null, registry: Registry = REGISTRY): { scenario: Scenario; traceHash: string } {
  const tl = registry.createTimeline(plan.spec, []);
  // The timeline records each applied action as a user action, so the link replays them.
  replayPlanned(
    { get halted() { return tl.sim.violations.length > 0; }, runUntil: (t) => tl.advanceTo(t), validate: (a) => tl.sim.validate(a), apply: (a) => void tl.act(a) },
    actions,
  );
  const v = tl.sim.violations[0];
  if (v) tl.seek(v.event + 1);
  else tl.advanceTo(failure ? failure.t : tl.now);
  const title = failure ? `Explorer finding: ${failure.property} (seed ${plan.seed})` : `Explorer run ${plan.seed}`;
  return { scenario: scenarioFromTimeline(plan.spec, tl, { title, notes: failure?.message }), traceHash: tl.sim.traceHash };
}

export async function findingLink(plan: RunPlan, actions: PlannedAction[], failure: Failure | null, baseUrl: string): Promise<string> {
  const { scenario, traceHash } = findingScenario(plan, actions, failure);
  return scenarioUrl(baseUrl, scenario, { traceHash });
}
