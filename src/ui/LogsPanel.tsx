// Logs: one row per data node, one cell per entry (index, term colour, command). The commit
// point is marked; entries that differ from the leader's are flagged; entries held but not yet
// committed are drawn hollow.

import { useMemo, useState } from 'react';
import { useLabStore, type Violation } from '../store';
import { termColor, termInk } from './palette';
import { WhyEntry, WhyNode } from './why/Why';

/** At most this many entries are drawn per row (the newest). */
const MAX_CELLS = 48;

function violatedEntries(vs: readonly Violation[]): Set<string> {
  const s = new Set<string>();
  for (const v of vs) for (const e of v.entries) s.add(`${e.node}-${e.index}`);
  return s;
}

export function LogsPanel() {
  const nodes = useLabStore((s) => s.nodes);
  const leaderId = useLabStore((s) => s.leaderId);
  const violations = useLabStore((s) => s.violations);
  const selectNode = useLabStore((s) => s.selectNode);
  const leader = leaderId ? (nodes.find((n) => n.id === leaderId)?.view ?? null) : null;
  const bad = useMemo(() => violatedEntries(violations), [violations]);
  // The cell whose "Why?" is open (click a cell; click again to close).
  const [picked, setPicked] = useState<string | null>(null);
  const rows = nodes.filter((n) => n.view.kind === 'data');
  const longest = Math.max(0, ...rows.map((r) => r.view.log.length));
  const start = Math.max(0, longest - MAX_CELLS);
  return (
    <section className="panel logs" aria-labelledby="h-logs">
      <h2 id="h-logs">
        Logs
        <span className="legend">
          <span className="cell sample committed">1</span> committed
          <span className="cell sample pending">2</span> not committed yet
          <span className="cell sample differs">3</span> differs from leader
        </span>
      </h2>
      {start > 0 && <div className="hint">{start} older entries not shown</div>}
      <table className="log-table">
        <tbody>
          {rows.map(({ view: s, up }) => {
            return (
              <tr key={s.id} className={up ? '' : 'down'}>
                <th scope="row">
                  <button type="button" className="linkish" onClick={() => selectNode(s.id)} aria-label={`Select ${s.id}`}>
                    {s.id}
                  </button>
                  <span className="sub">
                    {s.leader ? '★' : ''} commit {s.commitIndex}
                  </span>
                  <WhyNode id={s.id} />
                </th>
                <td>
                  <ol className="log-row" aria-label={`Log of ${s.id}`}>
                    {s.log.slice(start).map((e) => {
                      const committed = e.index <= s.commitIndex;
                      const lead = leader && leader.id !== s.id ? leader.log[e.index - 1] : undefined;
                      const differs = !!leader && leader.id !== s.id && (!lead || lead.term !== e.term || lead.command !== e.command);
                      const key = `${s.id}-${e.index}`;
                      return (
                        <li
                          key={e.index}
                          data-testid={`entry-${key}`}
                          data-term={e.term}
                          data-committed={String(committed)}
                          data-differs={String(differs)}
                          className={`cell ${committed ? 'committed' : 'pending'}${differs ? ' differs' : ''}${bad.has(key) ? ' violated' : ''}${
                            e.index === s.commitIndex ? ' commit-point' : ''
                          }`}
                          style={committed ? { background: termColor(e.term), color: termInk(e.term) } : { borderColor: termColor(e.term) }}
                          title={`${s.id} entry ${e.index}: term ${e.term}, "${e.command}"${committed ? ', committed' : ', not committed'}${differs ? ', differs from the leader' : ''}. Click: why?`}
                          aria-label={`${s.id} entry ${e.index}, term ${e.term}, "${e.command}", ${committed ? 'committed' : 'not committed yet'}${e.index === s.commitIndex ? ', the commit point' : ''}${differs ? ', differs from the leader' : ''}${bad.has(key) ? ', in a violation' : ''}. Enter: why?`}
                          data-picked={String(picked === key)}
                          tabIndex={0}
                          onClick={() => setPicked(picked === key ? null : key)}
                          onKeyDown={(ev) => {
                            if (ev.key === 'Enter' || ev.key === ' ') {
                              ev.preventDefault();
                              setPicked(picked === key ? null : key);
                            }
                          }}
                        >
                          <span className="ix">{e.index}</span>
                          <span className="tm">t{e.term}</span>
                          <span className="cmd">{e.command}</span>
                          {picked === key && <WhyEntry node={s.id} index={e.index} defaultOpen />}
                        </li>
                      );
                    })}
                    {s.log.length === 0 && <li className="empty">empty</li>}
                  </ol>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
