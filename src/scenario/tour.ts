// Tours (issue 12, docs/tours.md): a scenario told step by step. A tour is a run (spec and
// actions, exactly a scenario's) and an ordered list of steps, each a caption pinned to a moment of
// the run (events applied and virtual time), with optional highlights and a "Try it" prompt.
//
// * A plug-in's tours are scripts with `caption` commands (buildTour runs them on a Timeline);
//   every gallery story without a tour of its own gets one made from its script (galleryTourDef).
// * A tour travels in a scenario link (the compact form's `tr` field: versioned, inside the link's
//   checksum and compression) and as a script file (tourScript / openTourScript).
// * Whatever comes from outside is checked step by step and opens as far as it is valid, with one
//   clear message naming the first problem (readTourSteps, checkTourSteps). Nothing here renders
//   text: captions are plain data; the page renders them as text.

import type { Action, Cursor, TimedAction, Timeline } from '../kernel';
import { TOUR_LIMITS, type GalleryEntry, type Registry, type RunSpec, type TourDef, type TourHighlights, type TourStep } from '../contracts';
import { REGISTRY } from '../protocols/registry';
import { ScriptError, ScriptRunner, actionCommand, captionLine, commandAction, parseScript, specScript, words } from '../testing/script';
import { galleryOf } from './gallery';
import { decodeLink, encodeLink } from './link';
import { openScenario, type OpenResult } from './open';
import { plainText } from './schema';
import { LIMITS, clip, type Scenario, type ScenarioError } from './types';

export { TOUR_LIMITS };
export type { TourDef, TourStep, TourHighlights };

/** A tour ready to play: its run and its steps. */
export interface Tour {
  /** A plug-in's tour id, or null for a tour written in the page or opened from a link or file. */
  id: string | null;
  title: string;
  spec: RunSpec;
  /** The run's user actions (a scenario's). */
  actions: TimedAction[];
  /** Where the run the tour tells ends: its last step or its last action, whichever is later. */
  end: Cursor;
  steps: TourStep[];
}

/** A tour opened from outside: as far as it is valid, and why it stops there (null: all of it). */
export interface TourOpen {
  tour: Tour;
  problem: string | null;
}

// ---------------------------------------------------------------- the plug-ins' tours

/** Markdown-ish emphasis of a gallery text is left alone; only whitespace is normalised. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The sentences of a text. */
const sentences = (s: string): string[] => oneLine(s).split(/(?<=[.!?])\s+(?=[A-Z"“])/);

/**
 * A gallery story as a tour: its text's first sentence at the start, each `# comment` of its
 * script as a caption after the command it describes, the landing moment with the rest of its
 * text and its claims; action captions fill a short story up to four steps.
 */
export function galleryTourDef(entry: GalleryEntry): TourDef {
  const text = sentences(entry.text);
  const body = parseScript(entry.script ?? '');
  const out: string[] = [specScript(entry.spec), `title ${clip(entry.title, TOUR_LIMITS.maxTitle - 1)}`, `caption -- ${clip(text[0] ?? entry.title, TOUR_LIMITS.maxCaption - 1)}`];
  type Slot = { after: number; text: string; kind: 'comment' | 'action' };
  const slots: Slot[] = [];
  let pending: string | null = null;
  let landAt = -1;
  const cmds: string[] = [];
  for (const item of body) {
    if (item.kind === 'raw') {
      const c = /^\s*#\s*(.*)$/.exec(item.text)?.[1]?.trim();
      if (c && !/^now at /.test(c)) pending = pending ? `${pending} ${c}` : c;
      continue;
    }
    cmds.push(item.text);
    const i = cmds.length - 1;
    const cmd = words(item.text, item.line)[0] ?? '';
    if (cmd === 'land') {
      landAt = i;
      if (pending) slots.push({ after: i, text: pending, kind: 'comment' });
      pending = null;
      continue;
    }
    if (pending) {
      slots.push({ after: i, text: pending, kind: 'comment' });
      pending = null;
    } else if (landAt < 0 && commandAction(cmd, words(item.text).slice(1), item.line)) slots.push({ after: i, text: `Now: \`${item.text}\`.`, kind: 'action' });
  }
  const rest = text.slice(1).join(' ');
  const claims = entry.claims.map((c) => c.text).join('; ');
  const landText = clip(`${rest ? `${rest} ` : ''}${claims ? `What holds now: ${claims}.` : ''}`.trim() || entry.title, TOUR_LIMITS.maxCaption - 1);
  // Keep the comments, then as many action captions as make four steps (at most ten in all).
  const comments = slots.filter((s) => s.kind === 'comment' && s.after !== landAt);
  const actions = slots.filter((s) => s.kind === 'action');
  const room = Math.max(0, Math.min(10 - 2 - comments.length, 4 - 2 - comments.length));
  const chosen = [...comments.slice(0, 8), ...actions.slice(0, room)].sort((a, b) => a.after - b.after);
  cmds.forEach((c, i) => {
    out.push(c);
    for (const s of chosen) if (s.after === i) out.push(`caption -- ${clip(s.text, TOUR_LIMITS.maxCaption - 1)}`);
    if (i === landAt) out.push(`caption -- ${landText}`);
  });
  if (landAt < 0) out.push(`caption -- ${landText}`);
  return { id: entry.id, title: entry.title, summary: clip(text[0] ?? entry.title, 200), script: `${out.join('\n')}\n`, gallery: entry.id };
}

/** Every tour of the registry's loaded plug-ins: each plug-in's own, then one per gallery story that has none. */
const tourLists = new WeakMap<readonly unknown[], TourDef[]>();
export function toursOf(registry: Registry = REGISTRY): readonly TourDef[] {
  let list = tourLists.get(registry.plugins);
  if (!list) {
    const own = registry.plugins.flatMap((p) => (p.tours ? [...p.tours()] : []));
    const told = new Set(own.map((t) => t.gallery).filter(Boolean));
    let gallery: readonly GalleryEntry[] = [];
    try {
      gallery = galleryOf(registry);
    } catch {
      gallery = [];
    }
    list = [...own, ...gallery.filter((g) => !told.has(g.id) && g.script !== undefined).map(galleryTourDef)];
    tourLists.set(registry.plugins, list);
  }
  return list;
}

export function tourDef(id: string, registry: Registry = REGISTRY): TourDef | undefined {
  return toursOf(registry).find((t) => t.id === id);
}

/** The tour that tells a gallery story, if any. */
export function tourOfGallery(galleryId: string, registry: Registry = REGISTRY): TourDef | undefined {
  return toursOf(registry).find((t) => t.gallery === galleryId);
}

/** The end of a run that has these actions and steps. */
function endOf(actions: readonly TimedAction[], steps: readonly TourStep[]): Cursor {
  let end: Cursor = { index: 0, t: 0 };
  const later = (c: Cursor) => {
    if (c.index > end.index || (c.index === end.index && c.t > end.t)) end = { index: c.index, t: c.t };
  };
  for (const a of actions) later({ index: a.at + 1, t: a.t });
  for (const s of steps) later(s.at);
  return end;
}

/** A built tour: the tour and the Timeline its script ran on (at the script's end). */
export interface BuiltTour {
  tour: Tour;
  timeline: Timeline;
}

/**
 * Run a plug-in's tour script on a Timeline. Throws if the script is malformed or the story no
 * longer happens (a refused action, a `run-until` that never holds), as a gallery story does.
 */
export function buildTour(def: TourDef, registry: Registry = REGISTRY): BuiltTour {
  const runner = new ScriptRunner({ registry, target: 'timeline', errors: 'throw' });
  try {
    for (const item of parseScript(def.script)) if (item.kind === 'cmd') runner.exec(item.text, item.line);
  } catch (e) {
    if (e instanceof ScriptError) throw new Error(`tour '${def.id}': ${e.message}`);
    throw e;
  }
  const tl = runner.timeline!;
  const steps = runner.captions.map(({ line: _l, ...s }) => s);
  const actions = tl.actions.map((a) => ({ ...a }));
  return { tour: { id: def.id, title: runner.title ?? def.title, spec: runner.spec, actions, end: endOf(actions, steps), steps }, timeline: tl };
}

// ---------------------------------------------------------------- script files

/**
 * A tour as a script file: its setup lines, then its actions and captions in the order of the
 * run. `step n` moves over n events and `run-to t` to the exact moment, so running the file gives
 * the same run (the same trace hash) and the same steps at the same moments.
 */
export function tourScript(tour: Tour): string {
  const out: string[] = [`# A Janus Lab tour (docs/tours.md). Open it with "Import" in the tour panel.`, specScript(tour.spec), `title ${oneLine(clip(tour.title, TOUR_LIMITS.maxTitle - 1)) || 'A tour'}`];
  type Item = { at: Cursor; line: string; order: number };
  const items: Item[] = [];
  tour.steps.forEach((s, k) =>
    items.push({
      at: s.at,
      order: k,
      line: captionLine({
        text: s.text,
        nodes: s.highlights.nodes ?? null,
        message: s.highlights.message ?? null,
        entries: s.highlights.entries ?? null,
        replicationSet: s.highlights.replicationSet === true,
        tryIt: s.tryIt,
      }),
    }),
  );
  // A caption at an action's event index comes before the action (the action is that event).
  tour.actions.forEach((a, k) => items.push({ at: { index: a.at, t: a.t }, order: 1e6 + k, line: actionCommand(a.action) }));
  items.sort((a, b) => a.at.index - b.at.index || a.at.t - b.at.t || a.order - b.order);
  let cur: Cursor = { index: 0, t: 0 };
  for (const it of items) {
    if (it.at.index > cur.index) out.push(`step ${it.at.index - cur.index}`);
    if (it.at.t > cur.t || it.at.index > cur.index) out.push(`run-to ${it.at.t}`);
    out.push(it.line);
    cur = { index: it.at.index + (it.order >= 1e6 ? 1 : 0), t: it.at.t };
  }
  return `${out.join('\n')}\n`;
}

/** A file name for a tour. */
export function tourFileName(tour: Tour): string {
  const base = tour.title.toLowerCase().replace(/[^a-z0-9+]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `${base || 'tour'}.tour.txt`;
}

/**
 * Run a tour script from outside (an imported file). Never throws: a malformed line, a refused
 * action or a bad caption stops the tour there, and the tour opens as far as it ran, with the
 * problem in words. Bounded: at most LIMITS.maxEvents events.
 */
export function openTourScript(text: unknown, registry: Registry = REGISTRY, what = 'This tour file'): { ok: true; open: TourOpen } | { ok: false; message: string } {
  if (typeof text !== 'string') return { ok: false, message: `${what} is not text.` };
  if (text.length > TOUR_LIMITS.maxScript) return { ok: false, message: `${what} is too large (${Math.round(text.length / 1024)} kB; the limit is ${TOUR_LIMITS.maxScript / 1024} kB). It was not opened.` };
  if (text.trim() === '') return { ok: false, message: `${what} is empty: there is no tour in it.` };
  let items;
  try {
    items = parseScript(text);
  } catch (e) {
    return { ok: false, message: `${what} is not a tour script: ${e instanceof Error ? e.message : String(e)}.` };
  }
  const runner = new ScriptRunner({ registry, target: 'timeline', errors: 'throw', maxEvents: LIMITS.maxEvents });
  let problem: string | null = null;
  let failure: string | null = null;
  let ran = 0;
  for (const item of items) {
    if (item.kind !== 'cmd') continue;
    if (item.expected) continue; // expected output is for tests; a tour file may carry it
    const cmd = /^\s*(\S+)/.exec(item.text)?.[1] ?? '';
    if (['log', 'msgs', 'state', 'violations'].includes(cmd)) continue;
    try {
      runner.exec(item.text, item.line);
      ran++;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      failure = clip(msg, 240);
      problem = `${what} stops at ${clip(msg, 240)}; the tour opens as far as it ran.`;
      if (!runner.started) return { ok: false, message: `${what} could not be opened: ${clip(msg, 240)}.` };
      break;
    }
  }
  if (!runner.started) return { ok: false, message: `${what} holds no run (no command after its setup lines).` };
  const tl = runner.timeline!;
  const steps = runner.captions.map(({ line: _l, ...s }) => s);
  if (!steps.length && failure) return { ok: false, message: `${what} could not be opened: ${failure}.` };
  if (!steps.length) return { ok: false, message: `${what} has no caption: a tour needs at least one ${ran ? '' : 'command and one '}\`caption\` line.` };
  const actions = tl.actions.map((a) => ({ ...a }));
  return { ok: true, open: { tour: { id: null, title: runner.title ?? 'A tour', spec: runner.spec, actions, end: endOf(actions, steps), steps }, problem } };
}

// ---------------------------------------------------------------- links (the compact `tr` field)

/** Version of a tour inside a link (`tr.v`). */
export const TOUR_FORMAT = 1;

/** A step as a link carries it: [event index, time (µs, or "=ms"), text, highlights?, try?]. */
type CompactStep = [number, number | string, string, CompactHighlights | 0, string?] | [number, number | string, string];
interface CompactHighlights {
  n?: string[];
  m?: number;
  e?: [string, number, number][];
  r?: 1;
}

const exactUs = (t: number): number | string => {
  const us = Math.round(t * 1000);
  return Number.isSafeInteger(us) && us / 1000 === t ? us : `=${t}`;
};

/** The `tr` field of a scenario link for a tour's steps. */
export function tourToCompact(steps: readonly TourStep[]): { v: number; s: CompactStep[] } {
  return {
    v: TOUR_FORMAT,
    s: steps.map((s) => {
      const h: CompactHighlights = {};
      if (s.highlights.nodes?.length) h.n = s.highlights.nodes;
      if (s.highlights.message !== undefined) h.m = s.highlights.message;
      if (s.highlights.entries?.length) h.e = s.highlights.entries.map((e) => [e.node, e.from, e.to]);
      if (s.highlights.replicationSet) h.r = 1;
      const hasH = Object.keys(h).length > 0;
      if (s.tryIt) return [s.at.index, exactUs(s.at.t), s.text, hasH ? h : 0, s.tryIt];
      return hasH ? [s.at.index, exactUs(s.at.t), s.text, h] : [s.at.index, exactUs(s.at.t), s.text];
    }),
  };
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const NAME = /^[A-Za-z0-9_.:+-]{1,40}$/;
/** Control characters other than newline and tab (a caption is one paragraph of text). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One caption's text as a tour keeps it: control and bidi characters become spaces. */
export function captionText(s: string): string {
  return s.replace(CONTROL, ' ');
}

/** A "Try it" command as the action it names, or null. */
export function tryAction(command: string): Action | null {
  try {
    const [cmd, ...args] = words(command);
    return cmd ? commandAction(cmd, args, 0) : null;
  } catch {
    return null;
  }
}

/**
 * Read the steps a link carries (its `tr` field), without the run: structure, sizes and names.
 * Returns the valid steps up to the first bad one and, if there is one, what is wrong with it.
 */
export function readTourSteps(raw: unknown, what = 'This tour'): { steps: TourStep[]; problem: string | null } {
  if (!isObj(raw)) return { steps: [], problem: `${what} is damaged: its steps are not a list of steps.` };
  for (const k of Object.keys(raw)) if (k !== 'v' && k !== 's') return { steps: [], problem: `${what} has a field "${clip(k, 20)}" that tours do not have; its steps were not opened.` };
  if (raw.v !== TOUR_FORMAT)
    return {
      steps: [],
      problem:
        typeof raw.v === 'number' && raw.v > TOUR_FORMAT
          ? `${what} was made by a newer Janus Lab (tour format v${raw.v}; this page reads v${TOUR_FORMAT}): the run opens without its captions.`
          : `${what} has a tour format (${clip(String(raw.v), 12)}) this page does not read: the run opens without its captions.`,
    };
  if (!Array.isArray(raw.s)) return { steps: [], problem: `${what} is damaged: its steps are not a list.` };
  const steps: TourStep[] = [];
  let problem: string | null = null;
  const rows = raw.s;
  if (rows.length > TOUR_LIMITS.maxSteps) problem = `${what} has ${rows.length.toLocaleString('en')} steps; a tour has at most ${TOUR_LIMITS.maxSteps}. The first ${TOUR_LIMITS.maxSteps} are opened.`;
  const stop = (k: number, why: string) => `Step ${k + 1} of ${what.replace(/^This /, 'this ')} ${why}, so the tour opens with its first ${k} step${k === 1 ? '' : 's'}.`;
  for (let k = 0; k < Math.min(rows.length, TOUR_LIMITS.maxSteps); k++) {
    const row = rows[k];
    if (!Array.isArray(row) || row.length < 3 || row.length > 5) return { steps, problem: stop(k, 'is malformed') };
    const [index, t, text, h, tryIt] = row as unknown[];
    if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0 || index > LIMITS.maxEvents) return { steps, problem: stop(k, `has an event index that is not a whole number from 0 to ${LIMITS.maxEvents.toLocaleString('en')}`) };
    let time: number;
    if (typeof t === 'number' && Number.isSafeInteger(t) && t >= 0) time = t / 1000;
    else if (typeof t === 'string' && /^=\d{1,12}(\.\d{1,20})?$/.test(t)) time = Number(t.slice(1));
    else return { steps, problem: stop(k, 'has a moment that is not a time') };
    if (time > LIMITS.maxTime) return { steps, problem: stop(k, 'is set past the longest run a page opens') };
    if (typeof text !== 'string') return { steps, problem: stop(k, 'has no caption text') };
    if (text.length > TOUR_LIMITS.maxCaption) return { steps, problem: stop(k, `has a caption of ${text.length.toLocaleString('en')} characters; the limit is ${TOUR_LIMITS.maxCaption.toLocaleString('en')}`) };
    if (text.trim() === '') return { steps, problem: stop(k, 'has an empty caption') };
    const highlights: TourHighlights = {};
    if (h !== undefined && h !== 0) {
      if (!isObj(h)) return { steps, problem: stop(k, 'has highlights that are not a list of things to point at') };
      for (const key of Object.keys(h)) if (!['n', 'm', 'e', 'r'].includes(key)) return { steps, problem: stop(k, `asks to highlight something tours do not know ("${clip(key, 20)}")`) };
      if (h.n !== undefined) {
        if (!Array.isArray(h.n) || h.n.length > 16 || !h.n.every((x) => typeof x === 'string' && NAME.test(x))) return { steps, problem: stop(k, 'highlights nodes that are not node names') };
        highlights.nodes = h.n as string[];
      }
      if (h.m !== undefined) {
        if (typeof h.m !== 'number' || !Number.isSafeInteger(h.m) || h.m < 1) return { steps, problem: stop(k, 'highlights a message that is not a message id') };
        highlights.message = h.m;
      }
      if (h.e !== undefined) {
        const ok =
          Array.isArray(h.e) &&
          h.e.length <= 16 &&
          h.e.every((e) => Array.isArray(e) && e.length === 3 && typeof e[0] === 'string' && NAME.test(e[0]) && Number.isSafeInteger(e[1]) && Number.isSafeInteger(e[2]) && (e[1] as number) >= 1 && (e[2] as number) >= (e[1] as number) && (e[2] as number) <= 1e6);
        if (!ok) return { steps, problem: stop(k, 'highlights log entries that are not ranges of log indexes') };
        highlights.entries = (h.e as [string, number, number][]).map(([node, from, to]) => ({ node, from, to }));
      }
      if (h.r !== undefined) {
        if (h.r !== 1) return { steps, problem: stop(k, 'has a replication-set highlight that is not 1') };
        highlights.replicationSet = true;
      }
    }
    let tryText: string | null = null;
    if (tryIt !== undefined) {
      if (typeof tryIt !== 'string' || tryIt.length > LIMITS.maxCommand || !tryAction(tryIt)) return { steps, problem: stop(k, 'has a "Try it" that is not an action command (crash, restart, cut, heal, write …)') };
      tryText = tryIt;
    }
    const prev = steps[steps.length - 1];
    if (prev && (index < prev.at.index || (index === prev.at.index && time < prev.at.t))) return { steps, problem: stop(k, 'is set before the step before it') };
    steps.push({ at: { index, t: time }, text: captionText(text), highlights, tryIt: tryText });
  }
  return { steps, problem };
}

/**
 * Check steps against the run they are about: each moment inside the run the link replays, each
 * highlighted node, message and log entry present at that moment. The valid steps up to the first
 * bad one, and what is wrong with it. Moves `tl` (it ends at an unspecified cursor).
 */
export function checkTourSteps(steps: readonly TourStep[], tl: Timeline, end: Cursor, registry: Registry = REGISTRY, what = 'this tour'): { steps: TourStep[]; problem: string | null } {
  const ok: TourStep[] = [];
  const plugin = registry.pluginOf(tl.sim.protocol.id);
  const nodes = tl.sim.nodeIds;
  const stop = (k: number, why: string) => ({ steps: ok, problem: `Step ${k + 1} of ${what} ${why}, so the tour opens with its first ${k} step${k === 1 ? '' : 's'}.` });
  for (let k = 0; k < steps.length; k++) {
    const s = steps[k]!;
    if (s.at.index > end.index || (s.at.index === end.index && s.at.t > end.t + 1e-9))
      return stop(k, `is set at event ${s.at.index.toLocaleString('en')} (${s.at.t} ms), past the end of the run (event ${end.index.toLocaleString('en')}, ${end.t} ms)`);
    const h = s.highlights;
    const unknown = [...(h.nodes ?? []), ...(h.entries ?? []).map((e) => e.node)].find((n) => !nodes.includes(n));
    if (unknown !== undefined) return stop(k, `highlights a node "${clip(unknown, 20)}" this cluster does not have (its nodes are ${nodes.join(', ')})`);
    if (h.message !== undefined || h.entries?.length) {
      try {
        tl.seek(s.at.index, s.at.t);
      } catch (e) {
        return stop(k, `cannot be reached: ${clip(e instanceof Error ? e.message : String(e), 120)}`);
      }
      if (tl.sim.eventCount < s.at.index) return stop(k, `is set at event ${s.at.index}, past the end of the run (event ${tl.sim.eventCount})`);
      if (h.message !== undefined && !tl.sim.messages().some((m) => m.id === h.message)) return stop(k, `highlights message #${h.message}, which is not in flight at that moment`);
      for (const e of h.entries ?? []) {
        const n = plugin ? plugin.view.node(tl.sim.state(e.node)).log.length : 0;
        if (e.to > n) return stop(k, `highlights entries ${e.from}–${e.to} of ${e.node}, which holds ${n} at that moment`);
      }
    }
    if (s.tryIt) {
      const a = tryAction(s.tryIt);
      const bad = a ? actionNodeMissing(a, nodes) : 'it is not an action';
      if (bad) return stop(k, `has a "Try it" (${clip(s.tryIt, 40)}) this cluster cannot take: ${bad}`);
    }
    ok.push(s);
  }
  return { steps: ok, problem: null };
}

function actionNodeMissing(a: Action, nodes: readonly string[]): string | null {
  const named = 'node' in a && typeof a.node === 'string' ? [a.node] : 'from' in a ? [a.from, a.to] : [];
  const missing = named.find((n) => !nodes.includes(n));
  return missing === undefined ? null : `there is no node "${clip(missing, 20)}"`;
}

/** Does applying a "Try it" action now work? (For the player: an error in words, or null.) */
export function tryItError(tl: Timeline, command: string): string | null {
  const a = tryAction(command);
  if (!a) return `"${clip(command, 40)}" is not an action.`;
  const reason = tl.sim.validate(a);
  return reason ? `${command}: ${reason}` : null;
}


// ---------------------------------------------------------------- tour links

/** The scenario a tour's link carries: its run, landing at its end. */
function tourScenario(tour: Tour): Scenario {
  return { spec: tour.spec, actions: tour.actions, cursor: tour.end, title: plainText(tour.title, LIMITS.maxTitle) };
}

/**
 * A tour as a link hash (`#s1.…`): the scenario link of its run, with its steps in the compact
 * form's `tr` field (inside the same checksum and compression). The trace hash at its end lets
 * the reader confirm the run.
 */
export async function encodeTourLink(tour: Tour, registry: Registry = REGISTRY): Promise<string> {
  const tl = registry.createTimeline(tour.spec, tour.actions);
  tl.seek(tour.end.index, tour.end.t);
  return encodeLink(tourScenario(tour), { traceHash: tl.sim.traceHash, tour: tourToCompact(tour.steps) });
}

export type TourLinkResult =
  | { ok: false; error: ScenarioError }
  /** The run opened (maybe partial); `open` is its tour, or null when the link carries none or none of its steps is valid. */
  | { ok: true; result: OpenResult & { ok: true }; open: TourOpen | null; problem: string | null };

/** Decode a link, replay its run and read its tour, as far as valid. Never throws. */
export async function openTourLink(input: unknown, registry: Registry = REGISTRY): Promise<TourLinkResult> {
  const d = await decodeLink(input);
  if (!d.ok) return d;
  const r = openScenario(d.scenario, { meta: d.meta, what: 'This link', registry });
  if (!r.ok) return r;
  if (d.meta.tour === undefined) return { ok: true, result: r, open: null, problem: null };
  try {
    const read = readTourSteps(d.meta.tour, 'This tour');
    const end = r.scenario.cursor;
    const checked = checkTourSteps(read.steps, r.timeline, end, registry);
    r.timeline.seek(end.index, end.t);
    const problem = read.problem && checked.steps.length === read.steps.length ? read.problem : (checked.problem ?? read.problem);
    const partialRun = r.partial ? `${r.reason} ` : '';
    if (!checked.steps.length) return { ok: true, result: r, open: null, problem: `${partialRun}${problem ?? 'This tour has no steps.'} The run is opened without a tour.` };
    const tour: Tour = { id: null, title: r.scenario.title ?? 'A shared tour', spec: r.scenario.spec, actions: r.scenario.actions, end, steps: checked.steps };
    return { ok: true, result: r, open: { tour, problem: partialRun || problem ? `${partialRun}${problem ?? ''}`.trim() : null }, problem: null };
  } catch (e) {
    return { ok: true, result: r, open: null, problem: `This tour could not be read (${clip(e instanceof Error ? e.message : String(e), 120)}). The run is opened without a tour.` };
  }
}
