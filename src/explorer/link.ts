// Turns an explorer finding into a Janus Lab link, when the scenario codec is available.
import type { PlannedAction, RunPlan } from './profile';

export async function findingLink(plan: RunPlan, actions: PlannedAction[], baseUrl: string): Promise<string | null> {
  void plan;
  void actions;
  void baseUrl;
  return null;
}
