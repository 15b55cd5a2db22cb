// The space-time diagram's window: arrows for the messages that cross a time range and marks for
// the lane events in it, as of the cursor. The store computes it (`spaceTimeWindow`, and the
// panel's hook `useSpaceTime`); the panel only draws it.
//
// Windowed, for any window of a long run (also one older than the Timeline's kept trace window):
// events are read only through `timeline.events(from, to)` / `eventAt(i)` and found by time with
// `lowerBoundTime` / `upperBoundTime`. With S the longest span of any ended message (the
// TraceIndex's running maximum, O(1) memory), the events read are
//   * [t0 − S, t1]: every send that can cross the window (a message sent before t0 − S that ended
//     before the cursor ended before t0), the window's marks, and the ends inside it;
//   * then forward from t1 only until each of those sends has found its end (at most S more);
//     sends still in flight at the cursor are known at once from the simulation's in-flight set;
//   * and, from the in-flight set, a message sent before t0 − S still in flight (a span longer
//     than any ended one), found at its send time.
// So the cost follows the window plus the longest message span, not the run's length; nothing
// per message is kept between calls.

import { useEffect, useMemo } from 'react';
import type { Envelope, Timeline, TraceEvent } from '../kernel';
import { traceIndex } from '../metrics/trace-index';
import { useLabApi, useLabStore } from './context';
import type { LabStore } from './lab';

/** How a message ended: delivered, dropped on arrival, lost with its crashed receiver, or still in flight at the cursor. */
export type MsgEnd = 'deliver' | 'drop' | 'crash' | 'flight';

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
  /** Events read (for the tests and the bench). */
  scanned: number;
}

export const MAX_ARROWS = 4000;

/** Events read at a time. */
const CHUNK = 512;

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

/** A send found in the window, and its end once found. */
interface Sent {
  env: Envelope;
  sendEvent: number;
  endEvent: number;
  recv: number | null;
  end: MsgEnd;
}

/** Events [from, to) of the timeline, a chunk at a time (old ones are re-derived by the Timeline). */
function* eventsOf(tl: Timeline, from: number, to: number): Generator<TraceEvent> {
  for (let i = from; i < to; i += CHUNK) yield* tl.events(i, Math.min(to, i + CHUNK));
}

/** The event that sent message `env` (searched among the events at its send time), or -1. */
function sendEventOf(tl: Timeline, env: Envelope, hi: number): number {
  for (let i = tl.lowerBoundTime(env.sentAt, hi); i < hi && tl.timeAt(i) === env.sentAt; i++) if (tl.eventAt(i).sent.some((e) => e.id === env.id)) return i;
  return -1;
}

/** Arrows and marks of the events before the cursor whose time span meets [t0, t1]. */
export function spaceTimeWindow(tl: Timeline, t0: number, t1: number, filter: string | null = null, cap = MAX_ARROWS): WindowItems {
  const span = traceIndex(tl).maxSpan;
  const c = tl.sim.eventCount;
  const now = tl.sim.now;
  const flight = tl.sim.inFlight;
  const ids = tl.sim.nodeIds;
  const a = tl.lowerBoundTime(t0 - span, c);
  const b = tl.upperBoundTime(t1, c);
  const m0 = tl.lowerBoundTime(t0, c);
  const marks: Mark[] = [];
  const sends: Sent[] = [];
  const byId = new Map<number, Sent>();
  /** Sends whose end is not found yet (each ended before the cursor: the rest are in flight). */
  let open = 0;
  const ended = (id: number, i: number, t: number, end: MsgEnd) => {
    const s = byId.get(id);
    if (!s || s.endEvent >= 0 || flight.has(id)) return;
    s.endEvent = i;
    s.recv = t;
    s.end = end;
    open--;
  };
  const ends = (ev: TraceEvent) => {
    const m = ev.msg;
    if (m && (ev.action.type === 'deliver' || ev.action.type === 'drop')) ended(m.id, ev.i, ev.t, ev.action.type);
    for (const env of ev.dropped) ended(env.id, ev.i, ev.t, 'crash');
  };
  let scanned = 0;
  let i = a;
  for (const ev of eventsOf(tl, a, b)) {
    if (i >= m0) for (const mk of marksOf(ev, ids)) marks.push(mk);
    ends(ev);
    for (const env of ev.sent) {
      const s: Sent = { env, sendEvent: i, endEvent: -1, recv: null, end: 'flight' };
      sends.push(s);
      byId.set(env.id, s);
      if (!flight.has(env.id)) open++;
    }
    i++;
  }
  scanned += b - a;
  // Forward, until every send of the window that ended before the cursor has found its end.
  for (let j = b; open > 0 && j < c; j += CHUNK) {
    const evs = tl.events(j, Math.min(c, j + CHUNK));
    for (let k = 0; k < evs.length && open > 0; k++) {
      ends(evs[k]!);
      scanned++;
    }
  }
  // Messages in flight at the cursor sent before the window's first event (longer than any ended one).
  const early: Sent[] = [];
  if (now >= t0)
    for (const env of flight.values())
      if (env.sentAt <= t1 && !byId.has(env.id)) early.push({ env, sendEvent: sendEventOf(tl, env, c), endEvent: -1, recv: null, end: 'flight' });
  const arrows: Arrow[] = [];
  let total = 0;
  for (const s of early.length ? early.concat(sends) : sends) {
    const { env } = s;
    if ((s.recv ?? now) < t0) continue;
    const info = tl.protocol.messageInfo(env.msg);
    if (filter && info.type !== filter) continue;
    total++;
    if (arrows.length >= cap) continue;
    arrows.push({
      id: env.id,
      type: info.type,
      label: info.label,
      from: env.from,
      to: env.to,
      sent: env.sentAt,
      recv: s.recv,
      end: s.end,
      dup: env.dupOf !== null,
      sendEvent: s.sendEvent,
      endEvent: s.endEvent,
      bytes: info.bytes,
    });
  }
  return { arrows, marks, total, scanned };
}

/**
 * Keep the lab's TraceIndex following its run on every clock tick (at most one frame's events,
 * read from the kept window), also while the diagram is not shown, so that opening it after a
 * long session reads no old history to learn the longest span. Installed once per lab, by the
 * diagram's first use; it lives as long as the lab.
 */
const following = new WeakSet<LabStore>();
function followSpans(store: LabStore): void {
  if (following.has(store)) return;
  following.add(store);
  let last: Timeline | null = null;
  let known = -1;
  let forks = -1;
  store.clock.subscribe(() => {
    const tl = store.getState().timeline;
    if (tl === last && tl.length === known && tl.forks === forks) return;
    traceIndex(tl);
    last = tl;
    known = tl.length;
    forks = tl.forks;
  });
}

const answers = new WeakMap<LabStore, { tl: Timeline; key: string; items: WindowItems }>();

/** The window of the lab's run at published revision `rev` (the last answer is kept per lab). */
export function queryWindow(store: LabStore, rev: number, t0: number, t1: number, filter: string | null): WindowItems {
  const tl = store.getState().timeline;
  const key = `${rev} ${t0} ${t1} ${filter ?? ''}`;
  const last = answers.get(store);
  if (last && last.tl === tl && last.key === key) return last.items;
  const items = spaceTimeWindow(tl, t0, t1, filter);
  answers.set(store, { tl, key, items });
  return items;
}

/** The space-time window [t0, t1] of the lab's run at the published revision (filter: a message type, or null for all). */
export function useSpaceTime(t0: number, t1: number, filter: string | null): WindowItems {
  const api = useLabApi();
  const rev = useLabStore((s) => s.rev);
  useEffect(() => followSpans(api), [api]);
  return useMemo(() => queryWindow(api, rev, t0, t1, filter), [api, rev, t0, t1, filter]);
}
