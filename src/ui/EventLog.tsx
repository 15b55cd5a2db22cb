// The event log: human-readable lines up to the cursor, newest first. Clicking a line jumps to
// just after that event. Filters by node and by message type. Forks are marked in place.

import { memo, useMemo, useState } from 'react';
import type { AnyProtocol, TraceEvent } from '../kernel';
import { vocabulary } from '../protocols/view';
import { useLab } from '../store';
import { describe, eventMsgType } from './describe';
import { useRun } from './hooks';
import { WhyEvent } from './why/Why';
import { Options } from './options';

/** Lines shown at first, and added by "Show older events" (every line is DOM: a jump rebuilds them). */
const PAGE_LINES = 50;
const MAX_LINES = 1000;
/** How far back the filter looks, in events. */
const SCAN = 20_000;

const Line = memo(function Line({ ev, protocol, seek }: { ev: TraceEvent; protocol: AnyProtocol; seek: (i: number) => void }) {
  return (
    <li className={`line ${ev.source}${ev.msg ? '' : ' kernel'}${ev.action.type === 'drop' ? ' dropline' : ''}`}>
      <button type="button" className="lineb" onClick={() => seek(ev.i)} title="Jump to just after this event">
        <span className="ln-i">#{ev.i}</span>
        <span className="ln-t">{ev.t.toFixed(1)}</span>
        <span className="ln-text">{describe(protocol, ev)}</span>
      </button>
      <WhyEvent ev={ev} />
    </li>
  );
});

export function EventLog() {
  const { timeline: tl, rev } = useRun();
  const seekEvent = useLab((s) => s.seekEvent);
  const forkMarks = useLab((s) => s.forkMarks);
  const [node, setNode] = useState('all');
  const [type, setType] = useState('all');
  const [limit, setLimit] = useState(PAGE_LINES);
  const end = tl.sim.eventCount;
  const lines = useMemo(() => {
    const out: TraceEvent[] = [];
    for (let i = end - 1; i >= 0 && i >= end - SCAN && out.length <= limit; i--) {
      const ev = tl.trace[i];
      if (!ev) continue;
      if (node !== 'all' && ev.node !== node && ev.msg?.from !== node && ev.msg?.to !== node) continue;
      const mt = eventMsgType(tl.protocol, ev);
      if (type === 'none' ? mt !== null : type !== 'all' && mt !== type) continue;
      out.push(ev);
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tl, end, rev, node, type, limit]);
  const more = lines.length > limit;
  const shown = more ? lines.slice(0, limit) : lines;
  const future = tl.trace.length - end;
  return (
    <section className="panel eventlog" aria-labelledby="h-log">
      <h2 id="h-log">Event log</h2>
      <div className="filters">
        <label>
          Node{' '}
          <select value={node} onChange={(e) => setNode(e.currentTarget.value)} aria-label="Filter events by node">
            <option value="all">all</option>
            <Options values={tl.sim.nodeIds} />
          </select>
        </label>
        <label>
          Message{' '}
          <select value={type} onChange={(e) => setType(e.currentTarget.value)} aria-label="Filter events by message type">
            <option value="all">all</option>
            <option value="none">no message (timers, faults, writes)</option>
            <Options values={vocabulary(tl.protocol).messageTypes} />
          </select>
        </label>
      </div>
      {future > 0 && <div className="hint future">{future} later events are known (the future); play or step to replay them, or act to fork.</div>}
      <ol className="lines" data-testid="event-log">
        {shown.map((ev, k) => {
          const prevI = k > 0 ? shown[k - 1]!.i : end;
          const forks = forkMarks.filter((f) => f.at > ev.i && f.at <= prevI);
          return [
            ...forks.map((f) => (
              <li key={`fork${f.at}`} className="fork" data-testid="fork-line">
                forked at {f.t.toFixed(1)} ms: the old future was discarded
              </li>
            )),
            <Line key={ev.i} ev={ev} protocol={tl.protocol} seek={seekEvent} />,
          ];
        })}
        {shown.length === 0 && <li className="hint">No events yet. Press Play or Step.</li>}
      </ol>
      {more && limit < MAX_LINES && (
        <button type="button" className="linkish" onClick={() => setLimit(Math.min(MAX_LINES, limit + 100))}>
          Show older events
        </button>
      )}
    </section>
  );
}
