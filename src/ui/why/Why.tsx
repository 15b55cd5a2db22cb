// "Why?" explanations: a small button (data-testid="why") that opens a popover with one plain
// sentence per cause, each naming its rule. Events explain themselves with the notes the
// protocol wrote into the trace; state (nodes, log entries) through the plug-in's "Why?" texts
// (its `view.why`, or what its node view says), asked of the store.

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useLabApi, useLabStore, useLatestEvents, type Note, type RunEvent as TraceEvent } from '../../store';
import './why.css';

/** Kernel-level causes for events the protocol did not annotate. */
export function kernelWhy(ev: TraceEvent): Note[] {
  const a = ev.action;
  if (a.type === 'drop' && ev.msg) {
    const r = ev.dropReason;
    if (r === 'down') return [{ rule: '8', text: `${ev.msg.to} is down, so the message to it was lost: messages in flight to a crashed node are lost.` }];
    if (r === 'cut') return [{ rule: '11', text: `The link ${ev.msg.from}→${ev.msg.to} is cut, so the message was lost on arrival.` }];
    if (r === 'loss') return [{ rule: '11', text: `The network lost the message (link loss probability).` }];
    return [{ rule: '11', text: 'The user dropped the message.' }];
  }
  if (a.type === 'crash') return [{ rule: '8', text: `${a.node} crashed: it keeps only its durable state${a.wipe ? ' — and here it lost even that (disk wiped)' : ''}; its timers and messages in flight to it are lost.` }];
  if (a.type === 'restart') return [{ rule: '8', text: `${a.node} restarted from its durable state as a follower with commitIndex 0.` }];
  if (a.type === 'fire') return [{ rule: '5', text: `${a.node}'s ${a.timer} timer expired.` }];
  if (a.type === 'deliver' && ev.msg) return [{ rule: '3', text: `${ev.msg.to} received the message and changed nothing it shows: it was already up to date.` }];
  return [];
}

export function eventWhy(ev: TraceEvent): Note[] {
  return ev.notes.length ? ev.notes : kernelWhy(ev);
}

export function WhyButton({ notes, label, defaultOpen = false }: { notes: Note[]; label: string; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const ruleName = useLabStore((s) => s.protocol.ruleName);
  const id = useId();
  if (!notes.length) return null;
  const text = notes.map((n) => n.text).join(' ');
  return (
    <span className="why-wrap">
      <button
        type="button"
        className="why-btn"
        data-testid="why"
        data-text={text}
        data-rules={notes.map((n) => n.rule).join(' ')}
        aria-expanded={open}
        aria-controls={id}
        aria-label={`Why? ${label}`}
        title={text}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(!open);
        }}
      >
        Why?
      </button>
      {open && (
        <span className="why-pop" id={id} role="note" data-testid="why-popover">
          {notes.map((n, k) => (
            <span key={k} className="why-line">
              {n.text} {n.rule && <span className="why-rule">({/^\d/.test(n.rule) ? ruleName(n.rule) : `spec: ${n.rule}`})</span>}
            </span>
          ))}
        </span>
      )}
    </span>
  );
}

/**
 * "Why?" for one event of the log. It also links its line (the enclosing list item) to the
 * shared hover state: hovering the line highlights the message's arrow in the space-time
 * diagram, and hovering the arrow marks the line (class "hovered", data-hovered="true").
 */
export function WhyEvent({ ev }: { ev: TraceEvent }) {
  const ref = useRef<HTMLSpanElement>(null);
  const hover = useLabApi().hover;
  const msg = ev.msg && ev.action.type !== 'duplicate' ? ev.msg.id : null;
  useEffect(() => {
    const li = ref.current?.closest('li');
    if (!li) return;
    li.setAttribute('data-event', String(ev.i));
    const enter = () => hover.getState().setHover({ event: ev.i, msg });
    const leave = () => hover.getState().clear();
    const mark = (h: { event: number | null; msg: number | null }) => {
      const on = h.event === ev.i || (msg !== null && h.msg === msg);
      li.classList.toggle('hovered', on);
      li.setAttribute('data-hovered', String(on));
    };
    mark(hover.getState());
    const unsub = hover.subscribe(mark);
    li.addEventListener('mouseenter', enter);
    li.addEventListener('mouseleave', leave);
    return () => {
      unsub();
      li.removeEventListener('mouseenter', enter);
      li.removeEventListener('mouseleave', leave);
    };
  }, [hover, ev.i, msg]);
  return (
    <span ref={ref} className="why-anchor">
      <WhyButton notes={eventWhy(ev)} label={`event #${ev.i}`} />
    </span>
  );
}

/** "Why?" for a node's badge: its role, term and what it follows, in the protocol's words. */
export function WhyNode({ id }: { id: string }) {
  const why = useLabStore((s) => s.why);
  const notes = useMemo(() => why.node(id), [why, id]);
  return <WhyButton notes={notes} label={`node ${id}`} />;
}

/** "Why?" for a log cell: is entry `index` on `node` committed, and if not, what it waits for. */
export function WhyEntry({ node, index, defaultOpen = false }: { node: string; index: number; defaultOpen?: boolean }) {
  const why = useLabStore((s) => s.why);
  const notes = useMemo(() => why.entry(node, index), [why, node, index]);
  return <WhyButton notes={notes} label={`entry ${index} on ${node}`} defaultOpen={defaultOpen} />;
}

/**
 * The "Why?" tab: the latest events up to the cursor with their causes, each node's state
 * explained, and every log entry the leader holds that is not committed yet.
 */
export function WhyPanel() {
  const seekEvent = useLabStore((s) => s.seekEvent);
  const nodeIds = useLabStore((s) => s.nodeIds);
  const leaderId = useLabStore((s) => s.leaderId);
  const leader = useLabStore((s) => (s.leaderId ? (s.nodes.find((n) => n.id === s.leaderId)?.view ?? null) : null));
  const [showAll, setShowAll] = useState(false);
  const events = useLatestEvents(showAll, 30);
  const pending: number[] = [];
  if (leader) for (let k = leader.commitIndex + 1; k <= leader.log.length && pending.length < 10; k++) pending.push(k);
  return (
    <section className="panel why-panel" aria-label="Why?" data-testid="why-panel">
      <h3>Nodes</h3>
      <ul className="why-list">
        {nodeIds.map((id) => (
          <li key={id} data-testid={`why-node-${id}`}>
            <b>{id}</b> <WhyNode id={id} />
          </li>
        ))}
      </ul>
      {leaderId && leader && pending.length > 0 && (
        <>
          <h3>Not committed yet on {leader.id}</h3>
          <ul className="why-list">
            {pending.map((k) => (
              <li key={k} data-testid={`why-entry-${leader.id}-${k}`}>
                index {k} <WhyEntry node={leader.id} index={k} />
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>
        Latest events{' '}
        <label className="hint">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} /> include routine deliveries and timers
        </label>
      </h3>
      <ol className="why-list">
        {events.map((ev) => (
          <li key={ev.i} data-testid="why-event" data-event={ev.i}>
            <button type="button" className="linkish" onClick={() => seekEvent(ev.i)}>
              #{ev.i} {ev.t.toFixed(1)} ms
            </button>{' '}
            {eventWhy(ev)[0]?.text ?? ''} <WhyEvent ev={ev} />
          </li>
        ))}
      </ol>
    </section>
  );
}
