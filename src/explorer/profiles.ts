import { janusProfile } from '../protocols/janus/explore';
import type { ExplorerProfile } from './profile';
import { FINDING_TEXT, publishedProfile } from '../protocols/janus-published/explore';
import { classifyRun, scanF1 } from '../protocols/janus-published/findings';

/** Explorer profiles by protocol shape. */
export const PROFILES: Record<string, ExplorerProfile> = {
  'janus-3+1': janusProfile(3),
  'janus-2+1': janusProfile(2),
  'janus-published': {
    ...publishedProfile(),
    livenessProperties: ['NotStuckWithoutLeader'],
    classify: (o) => classifyRun(o.plan, o.applied, o.failure!),
    findingText: FINDING_TEXT,
    extraReport(seed, runs) {
      const n = Math.min(runs, 2000);
      const scan = scanF1(seed, n);
      if (!scan.f1.length) return [`F1 (a stale leader lacks an entry committed later, by the spec's own formula): never seen in ${n} runs kept going after their first violation.`];
      const alone = scan.f1.filter((f) => f.alone).length;
      const first = scan.f1[0]!;
      return [
        `F1 (a stale leader lacks an entry committed later, by the spec's own formula): seen ${scan.f1.length} time(s) in ${scan.runs} runs kept going after their first violation, ` +
          `${alone} of them as the first violation; first at run seed ${first.seed}, after ${first.firstViolation}.`,
      ];
    },
  },
};
