// "Why?" explanations: a small button (data-testid="why") that opens a popover with one plain
// sentence per cause, each naming its rule of docs/protocol.md. Events explain themselves with
// the notes the protocol wrote into the trace; state (nodes, log entries) through
// protocols/janus/explain.ts.

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useHover } from '../../store/hover';
import type { AnyProtocol, Note, Timeline, TraceEvent } from '../../kernel';
import { explainEntry, explainNode, ruleName } from '../../protocols/janus/explain';
import type { DataNodeState, JanusState } from '../../protocols/janus/state';
import { nodeView } from '../../protocols/view';
import { useLab } from '../../store';
import { useRun } from '../hooks';
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
export function WhyEvent({ ev }: { ev: TraceEvent; protocol?: AnyProtocol }) {
  const ref = useRef<HTMLSpanElement>(null);
  const msg = ev.msg && ev.action.type !== 'duplicate' ? ev.msg.id : null;
  useEffect(() => {
    const li = ref.current?.closest('li');
    if (!li) return;
    li.setAttribute('data-event', String(ev.i));
    const enter = () => useHover.getState().setHover({ event: ev.i, msg });
    const leave = () => useHover.getState().clear();
    const mark = (h: { event: number | null; msg: number | null }) => {
      const on = h.event === ev.i || (msg !== null && h.msg === msg);
      li.classList.toggle('hovered', on);
      li.setAttribute('data-hovered', String(on));
    };
    mark(useHover.getState());
    const unsub = useHover.subscribe(mark);
    li.addEventListener('mouseenter', enter);
    li.addEventListener('mouseleave', leave);
    return () => {
      unsub();
      li.removeEventListener('mouseenter', enter);
      li.removeEventListener('mouseleave', leave);
    };
  }, [ev.i, msg]);
  return (
    <span ref={ref} className="why-anchor">
      <WhyButton notes={eventWhy(ev)} label={`event #${ev.i}`} />
    </span>
  );
}

function isJanus(tl: Timeline, s: unknown): s is JanusState {
  const k = (s as { kind?: string })?.kind;
  return tl.protocol.id === 'janus' && (k === 'data' || k === 'elector');
}

/** For protocols without their own explainer (the published spec): what the node's variables say. */
function plainNode(tl: Timeline, id: string): Note[] {
  const v = nodeView(tl.protocol, tl.sim.state(id));
  return [{ rule: '', text: `${id}${tl.sim.isUp(id) ? '' : ' (down)'}: ${v.role}; ${v.lines.join('; ')}.` }];
}

function leaderOf(tl: Timeline): DataNodeState | null {
  let best: DataNodeState | null = null;
  for (const id of tl.sim.nodeIds) {
    const s = tl.sim.state(id) as JanusState;
    if (isJanus(tl, s) && s.kind === 'data' && s.role === 'leader' && tl.sim.isUp(id) && (!best || s.currentTerm > best.currentTerm)) best = s;
  }
  return best;
}

/** "Why?" for a node's badge: its role, term, membership of R; the elector's fields. */
export function WhyNode({ id }: { id: string }) {
  const { timeline: tl, rev } = useRun();
  const notes = useMemo(() => {
    const s = tl.sim.state(id);
    return isJanus(tl, s) ? explainNode(id, s, tl.sim.isUp(id)) : plainNode(tl, id);
  }, [tl, rev, id]); // eslint-disable-line react-hooks/exhaustive-deps
  return <WhyButton notes={notes} label={`node ${id}`} />;
}

/** "Why?" for a log cell: is entry `index` on `node` committed, and if not, what it waits for. */
export function WhyEntry({ node, index, defaultOpen = false }: { node: string; index: number; defaultOpen?: boolean }) {
  const { timeline: tl, rev } = useRun();
  const notes = useMemo(() => {
    const s = tl.sim.state(node);
    if (!isJanus(tl, s)) {
      const v = nodeView(tl.protocol, s);
      return v.kind === 'data' && index <= v.log.length
        ? [{ rule: '', text: `Entry ${index} on ${node} is ${index <= v.commitIndex ? 'committed: it is at or below the node\'s commit point' : `not committed: the node's commit point is ${v.commitIndex}`}.` }]
        : [];
    }
    if (s.kind !== 'data') return [];
    return [explainEntry(node, s, index, leaderOf(tl))];
  }, [tl, rev, node, index]); // eslint-disable-line react-hooks/exhaustive-deps
  return <WhyButton notes={notes} label={`entry ${index} on ${node}`} defaultOpen={defaultOpen} />;
}

/**
 * The "Why?" tab: the latest events up to the cursor with their causes, each node's state
 * explained, and every log entry the leader holds that is not committed yet.
 */
export function WhyPanel() {
  const { timeline: tl, rev } = useRun();
  const seekEvent = useLab((s) => s.seekEvent);
  const [showAll, setShowAll] = useState(false);
  const end = tl.sim.eventCount;
  const events = useMemo(() => {
    const out: TraceEvent[] = [];
    for (let i = end - 1; i >= 0 && out.length < 30; i--) {
      const ev = tl.trace[i]!;
      if (showAll || ev.notes.length || ev.action.type === 'crash' || ev.action.type === 'restart' || ev.action.type === 'drop') out.push(ev);
    }
    return out;
  }, [tl, rev, end, showAll]); // eslint-disable-line react-hooks/exhaustive-deps
  const leader = leaderOf(tl);
  const pending: number[] = [];
  if (leader) for (let k = leader.commitIndex + 1; k <= leader.log.length && pending.length < 10; k++) pending.push(k);
  return (
    <section className="panel why-panel" aria-label="Why?" data-testid="why-panel">
      <h3>Nodes</h3>
      <ul className="why-list">
        {tl.sim.nodeIds.map((id) => (
          <li key={id} data-testid={`why-node-${id}`}>
            <b>{id}</b> <WhyNode id={id} />
          </li>
        ))}
      </ul>
      {leader && pending.length > 0 && (
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
