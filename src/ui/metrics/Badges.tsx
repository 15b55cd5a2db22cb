// Coverage badges: which rare protocol paths the current run exercised (up to the cursor),
// from the engine's probes. The explorer reports the same names across many runs.

import { useMemo } from 'react';
import { useRun } from '../hooks';

export const PROBES = ['shrink', 'takeover', 'grow', "joiner's ack holds the commit", 'elector replacement', 'stale grant ignored', 'nextIndex back-off'] as const;

export const badgeId = (name: string): string => `badge-${name.replace(/ /g, '-')}`;

export function CoverageBadges() {
  const { timeline: tl, rev } = useRun();
  const counts = useMemo(() => {
    const c = new Map<string, number>();
    const end = tl.sim.eventCount;
    for (let i = 0; i < end; i++) for (const p of tl.trace[i]!.probes) c.set(p, (c.get(p) ?? 0) + 1);
    return c;
  }, [tl, rev]); // eslint-disable-line react-hooks/exhaustive-deps
  // Our design's rare paths are always listed; another protocol (the published spec) lists the
  // paths its run took (its probes are the spec's action names).
  const fixed: readonly string[] = tl.protocol.id === 'janus' ? PROBES : [];
  const names = [...fixed, ...[...counts.keys()].filter((k) => !fixed.includes(k))];
  return (
    <div className="badges" aria-label="Rare protocol paths this run exercised" role="list">
      {names.map((n) => {
        const hit = (counts.get(n) ?? 0) > 0;
        return (
          <span key={n} role="listitem" className={`badge${hit ? ' hit' : ''}`} data-testid={badgeId(n)} data-hit={String(hit)} data-count={counts.get(n) ?? 0} title={hit ? `${n}: hit ${counts.get(n)} times so far` : `${n}: not exercised in this run yet`}>
            {hit ? '✓' : '○'} {n}
          </span>
        );
      })}
    </div>
  );
}
