// Coverage badges: which rare protocol paths the current run exercised (up to the cursor), from
// the engine's probes, counted by the store. The plug-in's always-listed paths first (its
// `view.probes`), then every other path the run took. The explorer reports the same names.

import { useLabStore } from '../../store';

export const badgeId = (name: string): string => `badge-${name.replace(/ /g, '-')}`;

export function CoverageBadges() {
  const counts = useLabStore((s) => s.coverage);
  const fixed = useLabStore((s) => s.protocol.probes);
  const names = [...fixed, ...Object.keys(counts).filter((k) => !fixed.includes(k))];
  return (
    <div className="badges" aria-label="Rare protocol paths this run exercised" role="list">
      {names.map((n) => {
        const c = counts[n] ?? 0;
        const hit = c > 0;
        return (
          <span key={n} role="listitem" className={`badge${hit ? ' hit' : ''}`} data-testid={badgeId(n)} data-hit={String(hit)} data-count={c} title={hit ? `${n}: hit ${c} times so far` : `${n}: not exercised in this run yet`}>
            {hit ? '✓' : '○'} {n}
          </span>
        );
      })}
    </div>
  );
}
