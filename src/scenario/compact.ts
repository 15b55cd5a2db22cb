// The compact JSON form carried in links (format 1). Terse on purpose: one array per action,
// one-letter type codes, times as integer microseconds, delta-coded. Decoding maps it back to a
// Scenario without trusting anything; the result is then checked by the schema.
//
//   { "p": protocol, "pv": core version, "s": seed, "tm"?: timing, "l"?: link, "m"?: mutant,
//     "c": [cursorIndex, cursorT], "a": [[dAt, dT, code, ...args], ...], "h"?: traceHash,
//     "ti"?: title, "n"?: notes, "tr"?: a tour's steps (src/scenario/tour.ts, docs/tours.md) }
//
// Times: an integer is microseconds (for actions: the delta from the previous action's time);
// a time that is not a whole number of microseconds is written as a string "=<ms>" (absolute).

import type { Action, TimedAction } from '../kernel/types';
import type { Scenario, ScenarioMeta } from './types';

export interface CompactScenario {
  p: string;
  pv: number;
  s: number;
  tm?: Record<string, number>;
  l?: Record<string, number>;
  m?: string;
  c: [number, number | string];
  a: unknown[][];
  h?: string;
  ti?: string;
  n?: string;
  /** A tour's steps ({ v: tour format, s: steps }), checked by src/scenario/tour.ts. */
  tr?: unknown;
}

const CODES = {
  deliver: 'd',
  drop: 'x',
  duplicate: 'u',
  fire: 'f',
  crash: 'c',
  restart: 'r',
  cut: 'k',
  heal: 'h',
  healAll: 'H',
  link: 'l',
  write: 'w',
  operator: 'o',
} as const satisfies Record<Action['type'], string>;

const TYPES: Record<string, Action['type']> = Object.fromEntries(Object.entries(CODES).map(([k, v]) => [v, k as Action['type']]));

/** Whole microseconds, if t is exactly a whole number of microseconds. */
function exactUs(t: number): number | null {
  const us = Math.round(t * 1000);
  return Number.isSafeInteger(us) && us / 1000 === t ? us : null;
}

function encodeAction(a: Action): unknown[] {
  const code = CODES[a.type];
  switch (a.type) {
    case 'deliver':
    case 'drop':
    case 'duplicate':
      return [code, a.msg];
    case 'fire':
      return [code, a.node, a.timer];
    case 'crash':
      return a.wipe ? [code, a.node, 1] : [code, a.node];
    case 'restart':
      return [code, a.node];
    case 'cut':
      return a.duration !== undefined ? [code, a.from, a.to, a.both ? 1 : 0, a.duration] : a.both ? [code, a.from, a.to, 1] : [code, a.from, a.to];
    case 'heal':
      return a.both ? [code, a.from, a.to, 1] : [code, a.from, a.to];
    case 'healAll':
      return [code];
    case 'link':
      return [code, a.from, a.to, a.both ? 1 : 0, a.params];
    case 'write':
      return a.command !== undefined ? [code, a.node, a.command] : [code, a.node];
    case 'operator':
      return a.args !== undefined ? [code, a.name, a.node ?? 0, a.args] : a.node !== undefined ? [code, a.name, a.node] : [code, a.name];
  }
}

export function toCompact(sc: Scenario, meta: Omit<ScenarioMeta, 'format'>): CompactScenario {
  const { tour, ...rest } = meta;
  const out = toCompactScenario(sc, rest);
  if (tour !== undefined) out.tr = tour;
  return out;
}

function toCompactScenario(sc: Scenario, meta: Omit<ScenarioMeta, 'format' | 'tour'>): CompactScenario {
  const out: CompactScenario = { p: sc.spec.protocol, pv: meta.protocolVersion, s: sc.spec.seed, c: [sc.cursor.index, 0], a: [] };
  if (sc.spec.timing && Object.keys(sc.spec.timing).length) out.tm = sc.spec.timing;
  if (sc.spec.link && Object.keys(sc.spec.link).length) out.l = sc.spec.link as Record<string, number>;
  if (sc.spec.mutant) out.m = sc.spec.mutant;
  const cu = exactUs(sc.cursor.t);
  out.c = [sc.cursor.index, cu ?? `=${sc.cursor.t}`];
  let prevAt = 0;
  let prevUs = 0;
  for (const ta of sc.actions) {
    const us = exactUs(ta.t);
    const dt: number | string = us !== null ? us - prevUs : `=${ta.t}`;
    if (us !== null) prevUs = us;
    out.a.push([ta.at - prevAt, dt, ...encodeAction(ta.action)]);
    prevAt = ta.at;
  }
  if (meta.traceHash) out.h = meta.traceHash;
  if (sc.title !== undefined) out.ti = sc.title;
  if (sc.notes !== undefined) out.n = sc.notes;
  return out;
}

/** A compact payload that does not have the expected shape. */
export class CompactError extends Error {}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function decodeTime(x: unknown, prevUs: number, where: string): { t: number; us: number } {
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) throw new CompactError(`${where}: the time is not a whole number of microseconds`);
    const us = prevUs + x;
    return { t: us / 1000, us };
  }
  if (typeof x === 'string' && x.startsWith('=') && x.length <= 32) {
    const t = Number(x.slice(1));
    if (!Number.isFinite(t)) throw new CompactError(`${where}: the time is not a number`);
    return { t, us: prevUs }; // an absolute time does not move the delta base
  }
  throw new CompactError(`${where}: the time is missing or malformed`);
}

/** Map one compact action back. Fields keep whatever types they had; the schema judges them. */
function decodeAction(row: unknown[], where: string): Action {
  const [code, x1, x2, x3, x4] = row.slice(2);
  const type = typeof code === 'string' && Object.prototype.hasOwnProperty.call(TYPES, code) ? TYPES[code]! : null;
  if (!type) throw new CompactError(`${where} has an unknown action type "${String(code).slice(0, 20)}"`);
  const max = { d: 4, x: 4, u: 4, f: 5, c: 5, r: 4, k: 7, h: 6, H: 3, l: 7, w: 5, o: 6 }[code as string]!;
  if (row.length > max) throw new CompactError(`${where} (${type}) has ${row.length - max} field(s) too many`);
  const flag = (v: unknown, f: string): boolean | undefined => {
    if (v === undefined || v === 0) return undefined;
    if (v === 1) return true;
    throw new CompactError(`${where} (${type}): ${f} must be 0 or 1`);
  };
  const a: Record<string, unknown> = { type };
  switch (type) {
    case 'deliver':
    case 'drop':
    case 'duplicate':
      a.msg = x1;
      break;
    case 'fire':
      a.node = x1;
      a.timer = x2;
      break;
    case 'crash':
      a.node = x1;
      if (flag(x2, 'wipe')) a.wipe = true;
      break;
    case 'restart':
      a.node = x1;
      break;
    case 'cut':
    case 'heal':
      a.from = x1;
      a.to = x2;
      if (flag(x3, 'both')) a.both = true;
      if (type === 'cut' && x4 !== undefined) a.duration = x4;
      break;
    case 'healAll':
      break;
    case 'link':
      a.from = x1;
      a.to = x2;
      if (flag(x3, 'both')) a.both = true;
      a.params = x4;
      break;
    case 'write':
      a.node = x1;
      if (x2 !== undefined) a.command = x2;
      break;
    case 'operator':
      a.name = x1;
      if (x2 !== undefined && x2 !== 0) a.node = x2;
      if (x3 !== undefined) a.args = x3;
      break;
  }
  return a as unknown as Action;
}

/** Map a parsed compact payload to a Scenario (unchecked) and its metadata. Throws CompactError. */
export function fromCompact(x: unknown, format: number): { scenario: unknown; meta: ScenarioMeta } {
  if (!isObj(x)) throw new CompactError('the payload is not an object');
  const known = new Set(['p', 'pv', 's', 'tm', 'l', 'm', 'c', 'a', 'h', 'ti', 'n', 'tr']);
  for (const k of Object.keys(x)) if (!known.has(k)) throw new CompactError(`the payload has an unknown field "${k.slice(0, 20)}"`);
  if (typeof x.pv !== 'number' || !Number.isSafeInteger(x.pv) || x.pv < 0) throw new CompactError('the core version (pv) is missing or not a whole number');
  if (!Array.isArray(x.c) || x.c.length !== 2) throw new CompactError('the landing moment (c) is missing or malformed');
  if (!Array.isArray(x.a)) throw new CompactError('the action list (a) is missing');
  if (x.h !== undefined && (typeof x.h !== 'string' || !/^[0-9a-f]{16}$/.test(x.h))) throw new CompactError('the trace hash (h) is malformed');
  const spec: Record<string, unknown> = { protocol: x.p, seed: x.s };
  if (x.tm !== undefined) spec.timing = x.tm;
  if (x.l !== undefined) spec.link = x.l;
  if (x.m !== undefined) spec.mutant = x.m;
  const cursorT = decodeTime(x.c[1], 0, 'the landing moment');
  const actions: TimedAction[] = [];
  let at = 0;
  let us = 0;
  x.a.forEach((row, i) => {
    const where = `action ${i + 1}`;
    if (!Array.isArray(row) || row.length < 3) throw new CompactError(`${where} is malformed`);
    if (typeof row[0] !== 'number' || !Number.isSafeInteger(row[0]) || row[0] < 0) throw new CompactError(`${where}: its event index is malformed`);
    at += row[0];
    const t = decodeTime(row[1], us, where);
    us = t.us;
    actions.push({ at, t: t.t, action: decodeAction(row, where) });
  });
  const scenario: Record<string, unknown> = { spec, actions, cursor: { index: x.c[0], t: cursorT.t } };
  if (x.ti !== undefined) scenario.title = x.ti;
  if (x.n !== undefined) scenario.notes = x.n;
  const meta: ScenarioMeta = { format, protocolVersion: x.pv };
  if (typeof x.h === 'string') meta.traceHash = x.h;
  if (x.tr !== undefined) meta.tour = x.tr;
  return { scenario, meta };
}
