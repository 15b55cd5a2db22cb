// The event log: human-readable lines up to the cursor, newest first. Clicking a line jumps to
// just after that event. Filters by node and by message type. Forks are marked in place.

import { memo, useState } from 'react';
import { useEventLog, useLabStore, type RunEvent } from '../store';
import { WhyEvent } from './why/Why';
import { Options } from './options';

/** Lines shown at first, and added by "Show older events" (every line is DOM: a jump rebuilds them). */
const PAGE_LINES = 50;
const MAX_LINES = 1000;

const Line = memo(function Line({ ev, seek }: { ev: RunEvent; seek: (i: number) => void }) {
  const describe = useLabStore((s) => s.describe);
  return (
    <li className={`line ${ev.source}${ev.msg ? '' : ' kernel'}${ev.action.type === 'drop' ? ' dropline' : ''}`}>
      <button type="button" className="lineb" onClick={() => seek(ev.i)} title="Jump to just after this event">
        <span className="ln-i">#{ev.i}</span>
        <span className="ln-t">{ev.t.toFixed(1)}</span>
        <span className="ln-text">{describe(ev)}</span>
      </button>
      <WhyEvent ev={ev} />
    </li>
  );
});

export function EventLog() {
  const seekEvent = useLabStore((s) => s.seekEvent);
  const forkMarks = useLabStore((s) => s.forkMarks);
  const nodeIds = useLabStore((s) => s.nodeIds);
  const messageTypes = useLabStore((s) => s.protocol.vocabulary.messageTypes);
  const end = useLabStore((s) => s.events);
  const future = useLabStore((s) => s.future);
  const [node, setNode] = useState('all');
  const [type, setType] = useState('all');
  const [limit, setLimit] = useState(PAGE_LINES);
  const { events: shown, more } = useEventLog(node, type, limit);
  return (
    <section className="panel eventlog" aria-labelledby="h-log">
      <h2 id="h-log">Event log</h2>
      <div className="filters">
        <label>
          Node{' '}
          <select value={node} onChange={(e) => setNode(e.currentTarget.value)} aria-label="Filter events by node">
            <option value="all">all</option>
            <Options values={nodeIds} />
          </select>
        </label>
        <label>
          Message{' '}
          <select value={type} onChange={(e) => setType(e.currentTarget.value)} aria-label="Filter events by message type">
            <option value="all">all</option>
            <option value="none">no message (timers, faults, writes)</option>
            <Options values={messageTypes} />
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
            <Line key={ev.i} ev={ev} seek={seekEvent} />,
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
