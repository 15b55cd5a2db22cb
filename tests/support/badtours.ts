// A generated corpus of hostile tour links and tour files (issue 12): captions too long, too many
// steps, steps past the end of the run, unknown highlights, malformed step lists, markup and
// script in captions, and tour script files that are junk, too big, run away or name what the run
// does not have. Deterministic. Each item says what must happen: refused with a message, opened
// as far as valid (with how many steps and the message), or opened whole (hostile text shown as
// text). tests/tours/badtours.test.ts checks them all; e2e/tours.spec.ts opens a sample in the page.

import { buildTour, tourDef, tourScript, tourToCompact, type Tour } from '../../src/scenario/tour';
import { encodePayloadText } from '../../src/scenario/link';
import { toCompact } from '../../src/scenario/compact';
import { currentProtocolVersion } from '../../src/scenario/open';
import { REGISTRY } from '../../src/protocols/registry';

export interface BadTour {
  id: string;
  kind: 'link' | 'file';
  /** A link hash ('#s1.…') or a file's text. */
  input: string;
  /** refused: nothing opened; partial: the tour opens with `steps` steps and `message`; run-only: the run opens without a tour; ok: the whole tour opens. */
  expect: 'refused' | 'partial' | 'run-only' | 'ok';
  /** The message a person sees (or, for ok, a text the caption must show as text). */
  message: RegExp;
  /** Steps that open (partial, ok). */
  steps?: number;
}

const BASES = ['meet-janus', 'leader-crash', 'two-at-once', 'elect-any-mutant', 'published-p2'];

const HOSTILE_TEXT = [
  '<script>window.__pwned = 1</script>Look here.',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload=window.__pwned=1>',
  'javascript:window.__pwned=1',
  '[click](javascript:alert(1)) and <a href="https://evil.example">here</a>',
  'See https://evil.example/phish?x=1 now.',
  '**bold** *it* `code` <b>not bold</b> &lt;b&gt; &amp;',
  '\u202eevil\u202c text with bidi and \u0000 nul',
  '<iframe src="https://evil.example"></iframe>',
  '{{constructor.constructor("alert(1)")()}}',
];

function payloadOf(tour: Tour): Record<string, unknown> {
  const tl = REGISTRY.createTimeline(tour.spec, tour.actions);
  tl.seek(tour.end.index, tour.end.t);
  const p = toCompact({ spec: tour.spec, actions: tour.actions, cursor: tour.end, title: tour.title.replace(/[<>]/g, '') }, { protocolVersion: currentProtocolVersion(tour.spec.protocol)!, traceHash: tl.sim.traceHash }) as unknown as Record<string, unknown>;
  p.tr = tourToCompact(tour.steps);
  return JSON.parse(JSON.stringify(p)) as Record<string, unknown>;
}

const rowsOf = (p: Record<string, unknown>) => (p.tr as { s: unknown[][] }).s;

export async function generateBadTours(): Promise<BadTour[]> {
  const out: BadTour[] = [];
  const link = async (id: string, p: unknown, expect: BadTour['expect'], message: RegExp, steps?: number) =>
    out.push({ id: `link/${id}`, kind: 'link', input: await encodePayloadText(JSON.stringify(p)), expect, message, ...(steps !== undefined ? { steps } : {}) });
  const file = (id: string, text: string, expect: BadTour['expect'], message: RegExp, steps?: number) => out.push({ id: `file/${id}`, kind: 'file', input: text, expect, message, ...(steps !== undefined ? { steps } : {}) });

  for (const base of BASES) {
    const tour = buildTour(tourDef(base)!).tour;
    const n = tour.steps.length;
    const mk = () => payloadOf(tour);
    const at = (k: number) => Math.min(k, n - 1);

    // Captions over 1,000 characters, at the first, a middle and the last step.
    for (const [k, len] of [[0, 1001], [at(2), 5000], [n - 1, 100_000]] as const) {
      const p = mk();
      rowsOf(p)[k]![2] = 'x'.repeat(len);
      await link(`${base}/caption-${len}-at-${k + 1}`, p, k === 0 ? 'run-only' : 'partial', new RegExp(`Step ${k + 1} of this tour has a caption of ${len.toLocaleString('en')} characters; the limit is 1,000`), k);
    }
    // More than 100 steps.
    for (const count of [101, 250]) {
      const p = mk();
      const rows = rowsOf(p);
      const last = rows[n - 1]!;
      (p.tr as { s: unknown[] }).s = Array.from({ length: count }, (_, i) => (i < n ? rows[i]! : [last[0], last[1], `Extra step ${i + 1}`]));
      await link(`${base}/steps-${count}`, p, 'partial', new RegExp(`has ${count} steps; a tour has at most 100\\. The first 100 are opened`), 100);
    }
    // A step past the end of the run.
    {
      const p = mk();
      const c = p.c as [number, number];
      rowsOf(p)[n - 1]![0] = c[0] + 50;
      await link(`${base}/past-end-index`, p, 'partial', new RegExp(`Step ${n} of this tour is set at event [\\d,]+ .*past the end of the run`), n - 1);
      const q = mk();
      rowsOf(q).push([(q.c as [number])[0] + 1_000, 99_999_000_000, 'Long after.']);
      await link(`${base}/past-end-appended`, q, 'partial', new RegExp(`Step ${n + 1} of this tour is set at event .*past the end of the run`), n);
    }
    // Unknown highlights.
    const hl: [string, unknown, RegExp][] = [
      ['node-D9', { n: ['D9'] }, /highlights a node "D9" this cluster does not have/],
      ['node-lowercase', { n: ['d1'] }, /highlights a node "d1" this cluster does not have/],
      ['node-markup', { n: ['<img src=x onerror=alert(1)>'] }, /highlights nodes that are not node names/],
      ['node-not-list', { n: 'D1' }, /highlights nodes that are not node names/],
      ['message-absent', { m: 999_999 }, /highlights message #999999, which is not in flight at that moment/],
      ['message-negative', { m: -4 }, /highlights a message that is not a message id/],
      ['entries-node', { e: [['D7', 1, 1]] }, /highlights a node "D7" this cluster does not have/],
      ['entries-too-far', { e: [['D1', 1, 400]] }, /highlights entries 1–400 of D1, which holds \d+ at that moment/],
      ['entries-backwards', { e: [['D1', 3, 1]] }, /highlights log entries that are not ranges of log indexes/],
      ['unknown-key', { x: 1 }, /asks to highlight something tours do not know \("x"\)/],
      ['rset-not-1', { r: true }, /has a replication-set highlight that is not 1/],
      ['not-object', [1, 2], /has highlights that are not a list of things to point at/],
    ];
    for (const [name, h, re] of hl) {
      const p = mk();
      const k = at(1);
      const row = rowsOf(p)[k]!;
      rowsOf(p)[k] = [row[0], row[1], row[2], h];
      await link(`${base}/highlight-${name}`, p, 'partial', new RegExp(`Step ${k + 1} of this tour ${re.source}`), k);
    }
    // A prototype key anywhere: the link is refused before anything is read (the JSON guard).
    {
      const p = mk();
      const text = JSON.stringify(p).replace('"tr":{', '"tr":{"__proto__":{"polluted":1},');
      out.push({ id: `link/${base}/tr-proto-key`, kind: 'link', input: await encodePayloadText(text), expect: 'refused', message: /This link was refused: it contains the key "__proto__"/ });
    }
    // A "Try it" that is not an action, or names a node the run does not have.
    for (const [name, t, re] of [
      ['try-not-action', 'rm -rf /', /has a "Try it" that is not an action command/],
      ['try-script', '<script>alert(1)</script>', /has a "Try it" that is not an action command/],
      ['try-unknown-node', 'crash D8', /has a "Try it" \(crash D8\) this cluster cannot take: there is no node "D8"/],
      ['try-not-string', 7, /has a "Try it" that is not an action command/],
    ] as const) {
      const p = mk();
      const row = rowsOf(p)[1]!;
      rowsOf(p)[1] = [row[0], row[1], row[2], 0, t];
      await link(`${base}/${name}`, p, 'partial', new RegExp(`Step 2 of this tour ${re.source}`), 1);
    }
    // Malformed step lists and rows.
    const malformed: [string, (p: Record<string, unknown>) => void, BadTour['expect'], RegExp, number?][] = [
      ['tr-not-object', (p) => (p.tr = 'steps'), 'run-only', /This tour is damaged: its steps are not a list of steps/],
      ['tr-newer', (p) => ((p.tr as Record<string, unknown>).v = 2), 'run-only', /made by a newer Janus Lab \(tour format v2; this page reads v1\): the run opens without its captions/],
      ['tr-version-text', (p) => ((p.tr as Record<string, unknown>).v = '<b>1</b>'), 'run-only', /has a tour format \(<b>1<\/b>\) this page does not read/],
      ['tr-extra-field', (p) => ((p.tr as Record<string, unknown>).onload = 'alert(1)'), 'run-only', /has a field "onload" that tours do not have/],
      ['tr-steps-not-list', (p) => ((p.tr as Record<string, unknown>).s = { 0: 1 }), 'run-only', /its steps are not a list/],
      ['tr-empty', (p) => ((p.tr as Record<string, unknown>).s = []), 'run-only', /This tour has no steps/],
      ['row-not-array', (p) => (rowsOf(p)[1] = 'caption' as unknown as unknown[]), 'partial', /Step 2 of this tour is malformed/, 1],
      ['row-short', (p) => (rowsOf(p)[1] = [1, 2]), 'partial', /Step 2 of this tour is malformed/, 1],
      ['row-long', (p) => rowsOf(p)[1]!.push(0, 'crash D1', 'extra', 'more'), 'partial', /Step 2 of this tour is malformed/, 1],
      ['index-negative', (p) => (rowsOf(p)[1]![0] = -1), 'partial', /Step 2 of this tour has an event index that is not a whole number/, 1],
      ['index-fraction', (p) => (rowsOf(p)[1]![0] = 1.5), 'partial', /Step 2 of this tour has an event index that is not a whole number/, 1],
      ['index-huge', (p) => (rowsOf(p)[1]![0] = 1e12), 'partial', /Step 2 of this tour has an event index that is not a whole number/, 1],
      ['time-negative', (p) => (rowsOf(p)[1]![1] = -5), 'partial', /Step 2 of this tour has a moment that is not a time/, 1],
      ['time-text', (p) => (rowsOf(p)[1]![1] = '=NaN'), 'partial', /Step 2 of this tour has a moment that is not a time/, 1],
      ['time-huge', (p) => (rowsOf(p)[1]![1] = 9e15), 'partial', /Step 2 of this tour is set past the longest run a page opens/, 1],
      ['text-number', (p) => (rowsOf(p)[1]![2] = 42), 'partial', /Step 2 of this tour has no caption text/, 1],
      ['text-empty', (p) => (rowsOf(p)[1]![2] = '   '), 'partial', /Step 2 of this tour has an empty caption/, 1],
      ['text-object', (p) => (rowsOf(p)[1]![2] = { toString: 'x' }), 'partial', /Step 2 of this tour has no caption text/, 1],
      ['out-of-order', (p) => ((rowsOf(p)[n - 1]![0] = 0), (rowsOf(p)[n - 1]![1] = 0)), 'partial', new RegExp(`Step ${n} of this tour is set before the step before it`), n - 1],
    ];
    for (const [name, f, exp, re, steps] of malformed) {
      const p = mk();
      f(p);
      await link(`${base}/${name}`, p, exp, re, steps);
    }
    // Hostile text in captions: opened whole, shown as text.
    for (let h = 0; h < HOSTILE_TEXT.length; h++) {
      const p = mk();
      rowsOf(p)[0]![2] = HOSTILE_TEXT[h]!;
      await link(`${base}/hostile-text-${h}`, p, 'ok', new RegExp(HOSTILE_TEXT[h]!.replace(/[\u0000-\u001f\u202a-\u202e]/g, ' ').slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), n);
    }
    // A hostile title is refused with the link (the scenario's own check).
    {
      const p = mk();
      p.ti = '<script>alert(1)</script>';
      await link(`${base}/title-markup`, p, 'refused', /This link was refused: the field title contains markup/);
    }
    // Files: the tour's own script, damaged.
    const script = tourScript(tour);
    const lines = script.split('\n');
    // The second caption's line: damage there, and the tour opens with its first step.
    const capLine = lines.findIndex((l, i) => i > lines.findIndex((x) => x.startsWith('caption')) && l.startsWith('caption'));
    const damage: [string, string, BadTour['expect'], RegExp, number?][] = [
      ['unknown-command', lines.map((l, i) => (i === capLine + 1 ? 'format-disk D1' : l)).join('\n'), 'partial', new RegExp(`This tour file stops at line ${capLine + 2}: unknown command 'format-disk'; the tour opens as far as it ran`), 2],
      ['caption-long', lines.map((l, i) => (i === capLine ? `caption ${'y'.repeat(1500)}` : l)).join('\n'), 'partial', new RegExp(`stops at line ${capLine + 1}: caption: the text has 1500 characters; the limit is 1000`), 1],
      ['caption-node', lines.map((l, i) => (i === capLine ? 'caption nodes=D9 Look.' : l)).join('\n'), 'partial', /caption: there is no node 'D9'/, 1],
      ['caption-entries', lines.map((l, i) => (i === capLine ? 'caption entries=D1:50 Look.' : l)).join('\n'), 'partial', /caption: D1 has \d+ log entries, not 50/, 1],
      ['caption-try', lines.map((l, i) => (i === capLine ? 'caption try="<script>" Look.' : l)).join('\n'), 'partial', /is not an action command/, 1],
      ['too-many-captions', `${script}${Array.from({ length: 101 }, (_, i) => `caption Extra ${i}.`).join('\n')}\n`, 'partial', /a tour has at most 100 steps/, 100],
      ['runaway-run', `${script}run 1000000000\ncaption Never.\n`, 'partial', /the run passed 100,000 events, the limit for a script from outside/, n],
      ['truncated', script.slice(0, Math.floor(script.length * 0.6)).replace(/\n[^\n]*$/, '\ncaption -- "unclosed'), 'ok', /unclosed/],
    ];
    for (const [name, text, exp, re, steps] of damage) file(`${base}/${name}`, text, exp, re, steps);
  }

  // Files that are not tours at all.
  const junk: [string, string, RegExp][] = [
    ['empty', '', /This tour file is empty/],
    ['spaces', '  \n\t\n', /This tour file is empty/],
    ['html', '<!doctype html><script>window.__pwned=1</script>', /This tour file could not be opened: line 1: unknown command/],
    ['json', '{"janusLab":"scenario"}', /This tour file could not be opened: line 1: unknown command/],
    ['binary', '\u0000\u0001PK\u0003\u0004', /This tour file could not be opened: line 1: unknown command/],
    ['quote', 'protocol janus-3+1\nwrite D1 "x\n', /line 2: a quote is not closed/],
    ['unknown-protocol', 'protocol paxos-9\ncaption Hi.\n', /This tour file could not be opened: line 1: unknown protocol 'paxos-9'/],
    ['unknown-mutant', 'protocol janus-3+1\nmutant nope\ncaption Hi.\n', /could not be opened: .*nope/],
    ['no-caption', 'protocol janus-3+1\nrun 100\n', /has no caption/],
    ['setup-only', 'protocol janus-3+1\nseed 3\n', /holds no run/],
    ['dashes', '----\n', /is not a tour script: line 1: '----' without a command before it/],
    ['too-big', `protocol janus-3+1\n# ${'z'.repeat(300 * 1024)}\ncaption Hi.\n`, /This tour file is too large \(300 kB; the limit is 256 kB\)/],
  ];
  for (const [name, text, re] of junk) file(`junk-${name}`, text, 'refused', re);
  return out;
}
