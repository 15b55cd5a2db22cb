// Our design's core as the page's start bundle carries it (src/protocols/page-registry.ts): the
// protocol, its two shapes (without their explorer profiles), the view, the metrics hooks and which
// shape hunts each mutant. The whole plug-in (plugin.ts) adds the explorer profiles, the gallery,
// the tours, the script hooks and the check profile; the page loads it on demand (entry.ts).

import type { ExplorerProfile } from '../../contracts/explorer';
import type { ProtocolPlugin, ShapeDef, TimingKnob } from '../../contracts/plugin';
import { DEFAULT_TIMING, janusConfig, MUTANTS, TIMING_HELP, type JanusTiming, type MutantName } from './config';
import { janus } from './index';
import { janusMetrics } from './metrics';
import { janusView } from './view';

const timing: TimingKnob[] = (Object.keys(DEFAULT_TIMING) as (keyof JanusTiming)[]).map((key): TimingKnob => ({ key, default: DEFAULT_TIMING[key], help: TIMING_HELP[key] })).concat([
  // Not a timer but a run setting the explorer varies (1–64), so its findings' links must carry it.
  { key: 'maxBatch', default: 64, min: 1, max: 64, help: 'At most this many log entries per AppendEntries.' },
]);

/** A shape of our design with `n` data nodes; `explorer`: its explorer profile (the whole plug-in's). */
export function janusShape(n: 2 | 3, explorer?: ExplorerProfile): ShapeDef {
  return {
    id: `janus-${n}+1`,
    title: `Janus ${n}+1 — our design (PROTOCOL.md)`,
    timing,
    mutants: MUTANTS,
    config: (spec) =>
      janusConfig(n, {
        timing: { ...DEFAULT_TIMING, ...(spec.timing ?? {}) } as JanusTiming,
        mutant: (spec.mutant ?? null) as MutantName | null,
        // The explorer draws the batch size too (spec.timing.maxBatch; 64 when unset).
        maxBatch: spec.timing?.maxBatch,
      }),
    ...(explorer ? { explorer } : {}),
  };
}

/**
 * Which shape each mutant is hunted in. grow-on-commit can only fail with 3 data nodes (with RF 1
 * the commit index equals the last log index, RULES.md); the others are found fastest in the
 * shape named here.
 */
export const MUTANT_SHAPES: Record<MutantName, string> = {
  'elect-any': 'janus-2+1',
  'no-sticky-join': 'janus-2+1',
  'grow-any-term': 'janus-2+1',
  'grow-follower-first': 'janus-3+1',
  'grow-on-commit': 'janus-3+1',
  'old-elector-notices': 'janus-2+1',
  'skip-prev-log-term': 'janus-2+1',
  'commit-on-majority': 'janus-3+1',
  'no-leader-learning': 'janus-3+1',
  'r4-any-term': 'janus-2+1',
  'stale-ack-counted': 'janus-3+1',
  'commit-past-match': 'janus-3+1',
  'blank-acks': 'janus-2+1',
  'blank-takes-grant': 'janus-2+1',
  'rejoin-no-fence': 'janus-2+1',
  'rejoin-no-nonce': 'janus-2+1',
  'blank-reports': 'janus-3+1',
};

export const JANUS_TITLE = 'Janus — our design (PROTOCOL.md)';

/** The core: runs and shows both shapes; no explorer profile, gallery, tours, script hooks or check profile. */
export const janusCore: ProtocolPlugin = {
  id: janus.id,
  title: JANUS_TITLE,
  protocol: janus,
  shapes: [janusShape(3), janusShape(2)],
  view: janusView,
  mutantShapes: MUTANT_SHAPES,
  metrics: janusMetrics,
};
