// What the space-time diagram draws for a time window: arrows for the messages that cross it
// and marks for the lane events in it. Windowed: two binary searches over the trace by time
// bound the events scanned, so the cost follows what is visible, not the run's length.

import type { Timeline, TraceEvent } from '../../kernel';
import { lowerBoundTime, traceIndex, upperBoundTime, type MsgEnd } from '../../metrics/trace-index';

export interface Arrow {
  id: number;
  type: string;
  label: string;
  from: string;
  to: string;
  sent: number;
  /** Time it was received, dropped or lost; null while in flight at the cursor. */
  recv: number | null;
  end: MsgEnd;
  dup: boolean;
  sendEvent: number;
  /** Event that ended it, if before the cursor; else -1. */
  endEvent: number;
  bytes: number;
}

export type MarkKind = 'crash' | 'restart' | 'cut' | 'heal' | 'term' | 'commit' | 'leader' | 'write';

export interface Mark {
  kind: MarkKind;
  node: string;
  t: number;
  i: number;
  text: string;
}

export interface WindowItems {
  arrows: Arrow[];
  marks: Mark[];
  /** Arrows in the window before the cap. */
  total: number;
  /** Events scanned (for the bench). */
  scanned: number;
}

export const MAX_ARROWS = 4000;

/** Lane marks of one event. */
export function marksOf(ev: TraceEvent, ids: readonly string[]): Mark[] {
  const out: Mark[] = [];
  const a = ev.action;
  const add = (kind: MarkKind, node: string | null | undefined, text: string) => {
    if (node) out.push({ kind, node, t: ev.t, i: ev.i, text });
  };
  if (a.type === 'crash') add('crash', a.node, `${a.node} crashed${a.wipe ? ' (disk wiped)' : ''}`);
  else if (a.type === 'restart') add('restart', a.node, `${a.node} restarted`);
  else if (a.type === 'cut' || a.type === 'heal') {
    const what = a.type === 'cut' ? 'cut' : 'healed';
    add(a.type, a.from, `link ${a.from}${a.both ? '↔' : '→'}${a.to} ${what}`);
    if (a.both) add(a.type, a.to, `link ${a.from}↔${a.to} ${what}`);
  } else if (a.type === 'healAll') for (const id of ids) add('heal', id, 'everything healed');
  else if (a.type === 'write' && ev.write?.status === 'appended') add('write', ev.write.to ?? ev.node, `write "${ev.write.command}" appended at index ${ev.write.index}`);
  const ch = ev.changes;
  if (ch && ev.node) {
    const node = ev.write?.to ?? ev.node;
    if (ch.term) add('term', node, `${node} entered term ${String(ch.term[1])}`);
    if (ch.role && ch.role[1] === 'leader') add('leader', node, `${node} became leader`);
    if (ch.commitIndex && Number(ch.commitIndex[1]) > Number(ch.commitIndex[0])) add('commit', node, `${node} committed up to index ${String(ch.commitIndex[1])}`);
  }
  return out;
}

/** Arrows and marks of the events before the cursor whose time span meets [t0, t1]. */
export function windowItems(tl: Timeline, t0: number, t1: number, filter: string | null = null, cap = MAX_ARROWS): WindowItems {
  const ix = traceIndex(tl);
  const tr = tl.trace;
  const c = tl.sim.eventCount;
  const now = tl.sim.now;
  const a = lowerBoundTime(tr, t0 - ix.maxSpan, c);
  const b = upperBoundTime(tr, t1, c);
  const m0 = lowerBoundTime(tr, t0, c);
  const arrows: Arrow[] = [];
  const marks: Mark[] = [];
  let total = 0;
  const ids = tl.sim.nodeIds;
  // Messages still in flight at the cursor that were sent before the scanned range (a long
  // delay): `maxSpan` only knows messages that have ended.
  const early: number[] = [];
  if (now >= t0) for (const env of tl.sim.inFlight.values()) if ((ix.msgs.get(env.id)?.sendEvent ?? a) < a) early.push(env.id);
  const scan = (ev: TraceEvent | null, sent: readonly number[]) => {
    for (const id of sent) {
      const r = ix.msgs.get(id);
      if (!r || !r.env) continue;
      const ended = r.endEvent >= 0 && r.endEvent < c;
      const recv = ended ? tr[r.endEvent]!.t : null;
      const sent = r.env.sentAt;
      if (sent > t1 || (recv ?? now) < t0) continue;
      const info = tl.protocol.messageInfo(r.env.msg);
      if (filter && info.type !== filter) continue;
      total++;
      if (arrows.length >= cap) continue;
      arrows.push({
        id,
        type: info.type,
        label: info.label,
        from: r.env.from,
        to: r.env.to,
        sent,
        recv,
        end: ended ? r.end : 'flight',
        dup: r.env.dupOf !== null,
        sendEvent: r.sendEvent,
        endEvent: ended ? r.endEvent : -1,
        bytes: info.bytes,
      });
    }
    void ev;
  };
  scan(null, early);
  for (let i = a; i < b; i++) {
    const ev = tr[i]!;
    if (i >= m0) for (const mk of marksOf(ev, ids)) marks.push(mk);
    scan(ev, ev.sent.map((e) => e.id));
  }
  return { arrows, marks, total, scanned: b - a };
}

/** A standalone SVG document of the diagram (styles inlined), for "Export SVG". */
export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = EXPORT_CSS;
  clone.insertBefore(style, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

export const EXPORT_CSS = `
text { font: 11px system-ui, sans-serif; fill: #1d2330; }
.st-lane { stroke: #c8ccd4; }
.st-arrow line { stroke-width: 1.3; }
.st-arrow.flight line { stroke-dasharray: 4 3; }
.st-arrow.dup line { stroke-dasharray: 1 2; }
.st-drop { fill: #c0392b; font-weight: 700; }
.st-cursor { stroke: #d62728; stroke-width: 1.5; }
`;
