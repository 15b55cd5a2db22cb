// Shown while the running plug-in has a banner (the published spec does): what this mode is, its
// known gaps (each with its gallery scenario when there is one), and, when the plug-in names a
// counterpart, the same scenario under that other design, and the comparisons that run this
// shape (the Compare view: both designs side by side on one clock).

import { useLabStore } from '../store';
import { useComparisonsOf } from '../store/comparisons';

export function PublishedBanner() {
  const banner = useLabStore((s) => s.protocol.banner);
  const counterpart = useLabStore((s) => s.protocol.counterpart);
  const openCounterpart = useLabStore((s) => s.openCounterpart);
  const comparisons = useComparisonsOf(useLabStore((s) => s.spec.protocol));
  if (!banner) return null;
  return (
    <section className="published-banner" data-testid="published-banner" aria-label={banner.title}>
      <p>
        <strong>{banner.title}</strong>: {banner.text}
        {banner.source && (
          <>
            {' '}
            (
            <a href={banner.source.href} target="_blank" rel="noreferrer">
              {banner.source.label}
            </a>
            )
          </>
        )}
      </p>
      <div className="banner-actions">
        {counterpart && (
          <button type="button" className="primary" data-testid="open-our-design" onClick={openCounterpart}>
            {counterpart.label}
          </button>
        )}
        {comparisons.map((c) => (
          <a key={c.id} className="button" href={`#compare/${c.id}`} data-testid={`open-compare-${c.id}`}>
            Compare side by side: {c.title}
          </a>
        ))}
        {banner.gaps.length > 0 && (
          <details>
            <summary data-testid="known-gaps">Known gaps</summary>
            <ul className="gaps">
              {banner.gaps.map((g) => (
                <li key={g.id} data-testid={`gap-${g.id}`}>
                  <b>{g.id}</b> {g.text}{' '}
                  {g.gallery && (
                    <a href={`#gallery/${g.gallery}`} data-testid={`gap-link-${g.id}`}>
                      Watch it
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </section>
  );
}
