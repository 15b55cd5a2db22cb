// The legend on the canvas: message types in full words (with the envelope's short label), the
// term colours, what solid, dashed and red log cells mean, and the protocol's abbreviations,
// each expanding on hover and on focus.

import { useId } from 'react';
import { useLabStore } from '../../store';
import { OKABE_ITO, termColor } from '../palette';

/** An abbreviation that shows what it stands for on hover and on keyboard focus. */
export function Abbr({ term, meaning }: { term: string; meaning: string }) {
  const id = useId();
  return (
    <span className="abbr" tabIndex={0} aria-describedby={id}>
      {term}
      <span className="abbr-tip" role="tooltip" id={id}>
        {meaning}
      </span>
    </span>
  );
}

/** The short label a message type's envelopes carry, from the protocol's legend (`AE` for AppendEntries), or null. */
export function shortLabel(type: string, legend: readonly { term: string; meaning: string }[]): string | null {
  for (const l of legend) {
    // "ElectorHeartbeat and its response" names ElectorHeartbeat and ElectorHeartbeatResponse.
    const full = l.meaning
      .split(':')[0]!
      .split(/\s+and\s+|\s*\/\s*/)
      .map((s, i, all) => (i > 0 && /^its response$/i.test(s.trim()) ? `${all[0]!.trim()}Response` : s.trim()));
    const shorts = l.term.split(/\s*\/\s*/);
    const k = full.indexOf(type);
    if (k >= 0 && shorts[k]) return shorts[k]!;
    if (full[0] === type) return shorts[0]!;
  }
  return null;
}

export function CanvasLegend() {
  const types = useLabStore((s) => s.protocol.vocabulary.messageTypes);
  const colors = useLabStore((s) => s.protocol.colors);
  const legend = useLabStore((s) => s.protocol.vocabulary.legend) ?? [];
  const maxTerm = useLabStore((s) => Math.max(1, ...s.nodes.map((n) => n.view.term)));
  const terms = Array.from({ length: Math.min(OKABE_ITO.length, Math.max(3, maxTerm)) }, (_, i) => i + 1);
  const words = legend.filter((l) => !types.some((t) => l.meaning.startsWith(`${t}:`) || l.meaning.startsWith(`${t} /`) || l.meaning.split(':')[0]!.includes(t)));
  return (
    <div className="canvas-legend" data-testid="canvas-legend" aria-label="Legend of the picture" role="group">
      <div className="cl-row">
        <span className="cl-head">Messages</span>
        {types.map((t) => {
          const s = shortLabel(t, legend);
          return (
            <span key={t} className="cl-item" data-testid={`legend-msg-${t}`}>
              <span className="env" style={{ background: colors[t] }} aria-hidden="true" />
              {t}
              {s && s !== t ? <span className="cl-short"> ({s})</span> : null}
            </span>
          );
        })}
        <span className="cl-item">
          <span className="x" aria-hidden="true">
            ✕
          </span>
          lost
        </span>
      </div>
      <div className="cl-row">
        <span className="cl-head">Terms</span>
        {terms.map((t) => (
          <span key={t} className="cl-item">
            <span className="sw" style={{ background: termColor(t) }} aria-hidden="true" />
            term {t}
          </span>
        ))}
        <span className="cl-head">Log cells</span>
        <span className="cl-item">
          <span className="cell-s solid" aria-hidden="true" />
          solid: committed
        </span>
        <span className="cl-item">
          <span className="cell-s dashed" aria-hidden="true" />
          dashed: not committed yet
        </span>
        <span className="cl-item">
          <span className="cell-s red" aria-hidden="true" />
          red: differs from the leader&apos;s log
        </span>
        <span className="cl-item">
          <span className="bar" aria-hidden="true" />
          commit point
        </span>
      </div>
      {words.length > 0 && (
        <div className="cl-row">
          <span className="cl-head">Words</span>
          {words.map((l) => (
            <Abbr key={l.term} term={l.term} meaning={l.meaning} />
          ))}
        </div>
      )}
    </div>
  );
}
