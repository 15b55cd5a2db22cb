// Shown while the run is the published spec (janus-published): what this mode is, its known gaps
// (each with its gallery scenario when there is one), and the same scenario under our design.

import { selectScenario, useLab } from '../store';
import { sameUnderCounterpart as sameUnderOurDesign } from '../scenario/translate';

/** The published spec's known gaps (../shared/janus/SPEC-2PLUS1.md and RULES.md), one line each. */
export const KNOWN_GAPS: { id: string; text: string; gallery?: string }[] = [
  { id: 'P1', text: 'After the RF 1 leader restarts, no node can ever lead again: the elector\'s "RF = 2" guard refuses every takeover.', gallery: 'published-p1' },
  { id: 'P2', text: 'The elector loses its disk: a stale message teaches it an old term, and a term gets two leaders or two replication sets.', gallery: 'published-p2' },
  { id: 'P3', text: "The elector's committed index lags: it records the leader's previous commit point (with a disk wipe, Leader Completeness fails; our design has no answer to data-disk loss either).", gallery: 'published-p3' },
  { id: 'P4', text: 'The published checks have no failures at all (DropMsg and HardReset are FALSE), so they do not cover the crash-recover model the README claims. Here they are switched on.' },
  { id: 'P5', text: 'RF 2 has no catch-up path: one reordered AppendEntries RF2 blocks commits until the RF switches (liveness only).' },
  { id: 'P6', text: 'InitWorkload and SwitchToRF2 P1 let a data node create a term: with 3 data nodes that gives two sources of terms.' },
  { id: 'InitWorkload', text: 'The first election deadlocks when both InitWorkload messages (or their answers) are lost: nothing resends them.', gallery: 'published-initworkload-deadlock' },
  { id: 'DeadEnd', text: 'The first leader crashes before any write: the elector never heard of its term, refuses every takeover at term 0, and no leader can ever emerge.', gallery: 'published-dead-end' },
  { id: 'F1', text: 'The spec\'s own Leader Completeness formula is stronger than Raft\'s; it can fail where Raft\'s holds (seen only after P2).', gallery: 'published-f1' },
];

export function PublishedBanner() {
  const protocol = useLab((s) => s.spec.protocol);
  if (protocol !== 'janus-published') return null;
  const openOurs = () => {
    const lab = useLab.getState();
    try {
      const t = sameUnderOurDesign(selectScenario(lab));
      lab.loadScenario(t.scenario);
      const parts = [`Opened the same scenario under our design (janus-2+1): ${t.kept} fault${t.kept === 1 ? '' : 's'} and writes carried over`];
      if (t.left) parts.push(`${t.left} spec-only step${t.left === 1 ? '' : 's'} left to our design's timers`);
      if (t.refused.length) parts.push(`refused: ${t.refused.slice(0, 3).join('; ')}`);
      useLab.setState({ notice: { kind: 'info', text: `${parts.join('; ')}.` } });
    } catch (e) {
      useLab.setState({ notice: { kind: 'error', text: `Could not open this scenario under our design: ${e instanceof Error ? e.message : String(e)}` } });
    }
  };
  return (
    <section className="published-banner" data-testid="published-banner" aria-label="Published design">
      <p>
        <strong>This is the published design</strong>: the TLA+ spec of September 2025 (
        <a href="https://github.com/akneni/Janus/blob/e5665b2/TLA-plus-spec/Janus.tla" target="_blank" rel="noreferrer">
          akneni/Janus, <code>Janus.tla</code> at e5665b2
        </a>
        ), two data
        nodes and one elector, run as written, with message loss and crashes switched on. It differs from our design (PROTOCOL.md) and has known gaps.
      </p>
      <div className="banner-actions">
        <button type="button" className="primary" data-testid="open-our-design" onClick={openOurs}>
          Open this scenario under our design
        </button>
        <details>
          <summary data-testid="known-gaps">Known gaps</summary>
          <ul className="gaps">
            {KNOWN_GAPS.map((g) => (
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
      </div>
    </section>
  );
}
