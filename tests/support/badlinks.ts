// A generated corpus of bad links and bad scenario files: truncated, corrupted, wrong version,
// oversized, hostile (markup and script in every string field, huge and negative numbers,
// unknown action types, unknown nodes, deep nesting, prototype keys). Deterministic.
// Every item must be refused with a clear message, or opened as a clearly labelled partial run.

import { Prng } from '../../src/kernel';
import { toBase64url, crc32, deflateRaw } from '../../src/scenario/bytes';
import { exportScenarioFile } from '../../src/scenario/file';
import { GALLERY, buildGalleryScenario } from '../../src/scenario/gallery';
import { encodeLink, encodePayloadText } from '../../src/scenario/link';
import { randomScenario } from '../../src/scenario/random';
import { createTimeline } from '../../src/protocols/registry';
import { toCompact } from '../../src/scenario/compact';
import { currentProtocolVersion, scenarioFromTimeline } from '../../src/scenario/open';
import type { ScenarioErrorCode } from '../../src/scenario/types';

export interface BadInput {
  id: string;
  kind: 'link' | 'file';
  /** For a link: the hash (starting with '#'); for a file: its text. */
  input: string;
  category: 'truncated' | 'corrupted' | 'version' | 'oversized' | 'hostile' | 'numbers' | 'unknown-action' | 'unknown-node' | 'nested' | 'prototype' | 'junk';
  /** Acceptable outcomes: error codes, or 'partial' (opened as far as it replays, labelled as such). */
  expect: (ScenarioErrorCode | 'partial')[];
}

const MARKUP = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', '</textarea><script>fetch("//evil")</script>'];
const SCRIPT_URLS = ['javascript:alert(1)', 'JaVaScRiPt :alert(document.cookie)'];
const HOSTILE_STRINGS = [...MARKUP, ...SCRIPT_URLS];

let BASE: Record<string, unknown> | null = null;

/**
 * A valid compact payload to mutate: a real 3+1 run with a write, a crash, a timed cut and an
 * elector replacement, so that each bad item differs from a good link by one fault.
 */
export function basePayload(): Record<string, unknown> {
  if (!BASE) {
    const spec = { protocol: 'janus-3+1', seed: 7, timing: { heartbeatInterval: 50 }, link: { latencyMin: 8 } };
    const tl = createTimeline(spec);
    tl.advanceTo(600);
    tl.act({ type: 'write', node: 'D1', command: 'x=1' });
    tl.advanceTo(700);
    tl.act({ type: 'crash', node: 'D3' });
    tl.advanceTo(800);
    tl.act({ type: 'cut', from: 'D1', to: 'D2', both: true, duration: 500 });
    tl.advanceTo(850);
    tl.act({ type: 'operator', name: 'replaceElector', node: 'D2', args: { zombie: false } });
    tl.advanceTo(1500);
    BASE = toCompact(scenarioFromTimeline(spec, tl, { title: 'A title', notes: 'Some notes' }), { protocolVersion: currentProtocolVersion('janus-3+1')!, traceHash: tl.sim.traceHash }) as unknown as Record<string, unknown>;
  }
  return JSON.parse(JSON.stringify(BASE)) as Record<string, unknown>;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Compact payloads with one field made hostile, named by the field. */
function hostilePayloads(): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  HOSTILE_STRINGS.forEach((h, k) => {
    const set = (name: string, f: (p: Record<string, unknown>) => void) => {
      const p = clone(basePayload());
      f(p);
      out.push([`${name}#${k}`, p]);
    };
    const act = (i: number) => (p: Record<string, unknown>) => (p.a as unknown[][])[i]!;
    set('protocol', (p) => (p.p = h));
    set('mutant', (p) => (p.m = h));
    set('title', (p) => (p.ti = h));
    set('notes', (p) => (p.n = `Watch this: ${h}`));
    set('write-node', (p) => (act(0)(p)[3] = h));
    set('write-command', (p) => (act(0)(p)[4] = h));
    set('crash-node', (p) => (act(1)(p)[3] = h));
    set('cut-from', (p) => (act(2)(p)[3] = h));
    set('cut-to', (p) => (act(2)(p)[4] = h));
    set('operator-name', (p) => (act(3)(p)[3] = h));
    set('operator-node', (p) => (act(3)(p)[4] = h));
    set('operator-arg-value', (p) => (act(3)(p)[5] = { zombie: h }));
    set('operator-arg-key', (p) => (act(3)(p)[5] = { [h]: true }));
    set('timing-key', (p) => (p.tm = { [h]: 50 }));
    set('link-key', (p) => (p.l = { [h]: 1 }));
    set('fire-timer', (p) => (p.a as unknown[][]).push([1, 0, 'f', 'D1', h]));
    set('action-code', (p) => (p.a as unknown[][]).push([1, 0, h, 'D1']));
    set('hash', (p) => (p.h = h));
  });
  return out;
}

function numberPayloads(): [string, Record<string, unknown>][] {
  const cases: [string, (p: Record<string, unknown>) => void][] = [
    ['seed-negative', (p) => (p.s = -1)],
    ['seed-huge', (p) => (p.s = 1e300)],
    ['seed-fraction', (p) => (p.s = 0.5)],
    ['seed-string', (p) => (p.s = 'NaN')],
    ['seed-null', (p) => (p.s = null)],
    ['pv-negative', (p) => (p.pv = -3)],
    ['pv-huge', (p) => (p.pv = 1e300)],
    ['cursor-index-huge', (p) => (p.c = [1e12, 0])],
    ['cursor-index-negative', (p) => (p.c = [-5, 0])],
    ['cursor-time-huge', (p) => (p.c = [10, 1e20])],
    ['cursor-time-negative', (p) => (p.c = [10, -1000])],
    ['cursor-time-nan', (p) => (p.c = [10, '=NaN'])],
    ['cursor-time-infinity', (p) => (p.c = [10, '=Infinity'])],
    ['action-at-negative', (p) => ((p.a as unknown[][])[0]![0] = -10)],
    ['action-at-huge', (p) => ((p.a as unknown[][])[0]![0] = 1e15)],
    ['action-time-negative', (p) => ((p.a as unknown[][])[0]![1] = -600000)],
    ['action-time-huge', (p) => ((p.a as unknown[][])[0]![1] = 9e15)],
    ['action-time-float', (p) => ((p.a as unknown[][])[0]![1] = 0.5)],
    ['cut-duration-negative', (p) => ((p.a as unknown[][])[2]![6] = -500)],
    ['cut-duration-huge', (p) => ((p.a as unknown[][])[2]![6] = 1e300)],
    ['msg-id-negative', (p) => (p.a as unknown[][]).push([1, 0, 'd', -1])],
    ['msg-id-huge', (p) => (p.a as unknown[][]).push([1, 0, 'x', 1e18])],
    ['timing-zero', (p) => (p.tm = { heartbeatInterval: 0 })],
    ['timing-negative', (p) => (p.tm = { replicaTimeout: -300 })],
    ['timing-huge', (p) => (p.tm = { heartbeatInterval: 1e308 })],
    ['timing-min-above-max', (p) => (p.tm = { electionTimeoutMin: 900, electionTimeoutMax: 100 })],
    ['link-loss-above-1', (p) => (p.l = { loss: 2 })],
    ['link-latency-negative', (p) => (p.l = { latencyMin: -8 })],
    ['link-latency-huge', (p) => (p.l = { latencyMin: 1e300 })],
    ['too-many-actions', (p) => (p.a = Array.from({ length: 2500 }, () => [1, 1000, 'H']))],
    ['write-command-long', (p) => ((p.a as unknown[][])[0]![4] = 'x'.repeat(5000))],
    ['title-long', (p) => (p.ti = 'T'.repeat(10_000))],
    ['notes-long', (p) => (p.n = 'N'.repeat(50_000))],
    ['flag-not-0-or-1', (p) => ((p.a as unknown[][])[2]![5] = 7)],
  ];
  return cases.map(([n, f]) => {
    const p = clone(basePayload());
    f(p);
    return [n, p];
  });
}

function unknownPayloads(): { actions: [string, Record<string, unknown>][]; nodes: [string, Record<string, unknown>][] } {
  const actions: [string, Record<string, unknown>][] = ['z', 'eval', 'script', '', 'constructor', 'toString', 'W', 'crash'].map((code) => {
    const p = clone(basePayload());
    (p.a as unknown[][]).push([1, 0, code, 'D1']);
    return [`code-${code || 'empty'}`, p];
  });
  const extra: [string, (p: Record<string, unknown>) => void][] = [
    ['action-not-array', (p) => (p.a as unknown[]).push({ type: 'crash', node: 'D1' })],
    ['action-too-short', (p) => (p.a as unknown[]).push([1])],
    ['action-extra-fields', (p) => (p.a as unknown[][]).push([1, 0, 'r', 'D1', 'D2', 'D3', 4])],
    ['unknown-top-field', (p) => (p.x = 1)],
    ['unknown-operator', (p) => ((p.a as unknown[][])[3]![3] = 'dropDatabase')],
    ['unknown-protocol', (p) => (p.p = 'paxos-5')],
    ['unknown-mutant', (p) => (p.m = 'no-such-bug')],
    ['unknown-timer-key', (p) => (p.tm = { heartbeat: 50 })],
    ['actions-not-list', (p) => (p.a = 'crash D1')],
  ];
  for (const [n, f] of extra) {
    const p = clone(basePayload());
    f(p);
    actions.push([n, p]);
  }
  const nodes: [string, Record<string, unknown>][] = [];
  const names = ['D9', 'E2', 'D0', 'd1', 'node-1', 'D4'];
  names.forEach((nd) => {
    for (const [where, f] of [
      ['write', (p: Record<string, unknown>) => ((p.a as unknown[][])[0]![3] = nd)],
      ['crash', (p: Record<string, unknown>) => ((p.a as unknown[][])[1]![3] = nd)],
      ['cut', (p: Record<string, unknown>) => ((p.a as unknown[][])[2]![4] = nd)],
    ] as const) {
      const p = clone(basePayload());
      f(p);
      nodes.push([`${where}-${nd}`, p]);
    }
  });
  const self = clone(basePayload());
  (self.a as unknown[][])[2]![4] = 'D1';
  nodes.push(['cut-to-self', self]);
  const two = clone(basePayload());
  two.p = 'janus-2+1';
  nodes.push(['D3-in-2+1', two]);
  return { actions, nodes };
}

function nested(depth: number, leaf = '0'): string {
  return '['.repeat(depth) + leaf + ']'.repeat(depth);
}

function nestedPayloadTexts(): [string, string][] {
  const base = JSON.stringify(basePayload());
  return [
    ['top-level-100k', nested(100_000)],
    ['top-level-13', nested(13)],
    ['title-deep', base.replace('"A title"', nested(5_000, '"x"'))],
    ['args-deep', base.replace('{"zombie":false}', `{"zombie":${nested(40)}}`)],
    ['objects-deep', '{"a":'.repeat(3000) + '1' + '}'.repeat(3000)],
  ];
}

function protoPayloadTexts(): [string, string][] {
  const base = JSON.stringify(basePayload());
  return [
    ['top-__proto__', base.replace('{"p"', '{"__proto__":{"polluted":true},"p"')],
    ['args-__proto__', base.replace('{"zombie":false}', '{"__proto__":{"isAdmin":true}}')],
    ['timing-__proto__', base.replace('{"heartbeatInterval":50}', '{"__proto__":{"heartbeatInterval":1}}')],
    ['link-constructor', base.replace('{"latencyMin":8}', '{"constructor":{"prototype":{"x":1}}}')],
    ['args-prototype', base.replace('{"zombie":false}', '{"prototype":1}')],
    ['nested-__proto__', base.replace('"A title"', '{"__proto__":{"__proto__":{}}}')],
  ];
}

/** Generate the corpus. Deterministic; about 300 items. */
export async function generateBadLinks(): Promise<BadInput[]> {
  const out: BadInput[] = [];
  const rng = new Prng(20261123);
  const add = (id: string, kind: BadInput['kind'], input: string, category: BadInput['category'], expect: BadInput['expect']) => out.push({ id: `${category}/${id}`, kind, input, category, expect });

  // Good links to damage: three gallery scenarios and two random ones.
  const good: string[] = [];
  for (const e of GALLERY.slice(0, 3)) {
    const b = buildGalleryScenario(e);
    good.push(await encodeLink(b.scenario, { traceHash: b.traceHash }));
  }
  for (const seed of [101, 102]) {
    const r = randomScenario(seed, 20);
    good.push(await encodeLink(r.scenario, { traceHash: r.traceHash }));
  }

  // Truncated: cut each good link at 12 places.
  good.forEach((link, g) => {
    for (let k = 0; k < 12; k++) {
      const cut = k === 0 ? 4 : k === 1 ? 6 : 5 + Math.floor(((link.length - 6) * k) / 12);
      add(`link${g}-at-${cut}`, 'link', link.slice(0, cut), 'truncated', ['truncated', 'bad-characters', 'empty']);
    }
  });

  // Corrupted: one character changed, a run of characters changed, foreign characters.
  good.forEach((link, g) => {
    for (let k = 0; k < 8; k++) {
      const pos = 4 + rng.int(0, link.length - 5);
      const ch = link[pos] === 'A' ? 'B' : 'A';
      add(`link${g}-char-${pos}`, 'link', link.slice(0, pos) + ch + link.slice(pos + 1), 'corrupted', ['checksum', 'corrupt', 'truncated', 'too-large']);
    }
    const mid = Math.floor(link.length / 2);
    add(`link${g}-run`, 'link', link.slice(0, mid) + 'zzzzzzzzzzzz' + link.slice(mid + 12), 'corrupted', ['checksum', 'corrupt', 'truncated', 'too-large']);
    add(`link${g}-extra`, 'link', link + 'AAAA', 'corrupted', ['corrupt']);
    for (const bad of ['%', ' ', '<', '+', '/', '=', 'é', '\u0000']) add(`link${g}-foreign-${bad.charCodeAt(0)}`, 'link', link.slice(0, mid) + bad + link.slice(mid), 'corrupted', ['bad-characters', 'truncated']);
  });
  add('not-a-link', 'link', '#hello-world', 'junk', ['not-a-link']);
  add('empty-hash', 'link', '#', 'junk', ['empty']);
  add('prefix-only', 'link', '#s1.', 'junk', ['truncated']);
  add('url-without-hash', 'link', 'http://127.0.0.1:5173/', 'junk', ['not-a-link']);

  // Wrong format version, or another core version whose run differs (opened as partial).
  for (const v of ['0', '2', '3', '99', '999999']) add(`format-v${v}`, 'link', good[0]!.replace('#s1.', `#s${v}.`), 'version', ['format-version']);
  for (const pv of [0, 2, 7]) {
    const p = basePayload();
    p.pv = pv;
    p.h = '0123456789abcdef';
    add(`core-v${pv}-differs`, 'link', await encodePayloadText(JSON.stringify(p)), 'version', ['partial']);
  }

  // Oversized: a 1 MB hash, a 1 MB file, a zip bomb that fits in a link, a bomb with a valid header.
  add('hash-1MB', 'link', '#s1.' + 'A'.repeat(1024 * 1024), 'oversized', ['too-large']);
  add('hash-70kB', 'link', '#s1.' + 'A'.repeat(70 * 1024), 'oversized', ['too-large']);
  {
    const zeros = new TextEncoder().encode(`{"p":"janus-3+1","n":"${' '.repeat(8 * 1024 * 1024)}"}`);
    const d = await deflateRaw(zeros);
    const crc = crc32(zeros);
    const bytes = new Uint8Array(7 + d.length);
    bytes.set([crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255, (d.length >>> 16) & 255, (d.length >>> 8) & 255, d.length & 255]);
    bytes.set(d, 7);
    add('zip-bomb-8MB', 'link', `#s1.${toBase64url(bytes)}`, 'oversized', ['too-large']);
  }
  {
    const f = JSON.parse(exportScenarioFile(buildGalleryScenario(GALLERY[0]!).scenario)) as Record<string, unknown>;
    f.notes = 'x'.repeat(1024 * 1024);
    add('file-1MB', 'file', JSON.stringify(f), 'oversized', ['too-large']);
  }

  // Hostile strings in every string field, as links and as files.
  for (const [name, p] of hostilePayloads()) add(name, 'link', await encodePayloadText(JSON.stringify(p)), 'hostile', ['hostile', 'schema', 'unknown-protocol', 'unknown-mutant']);
  // Numbers.
  for (const [name, p] of numberPayloads()) add(name, 'link', await encodePayloadText(JSON.stringify(p)), 'numbers', ['schema', 'limits', 'partial']);
  const unknown = unknownPayloads();
  for (const [name, p] of unknown.actions) add(name, 'link', await encodePayloadText(JSON.stringify(p)), 'unknown-action', ['schema', 'unknown-protocol', 'unknown-mutant', 'hostile']);
  for (const [name, p] of unknown.nodes) add(name, 'link', await encodePayloadText(JSON.stringify(p)), 'unknown-node', ['unknown-node', 'schema']);
  for (const [name, text] of nestedPayloadTexts()) add(name, 'link', await encodePayloadText(text), 'nested', ['too-deep', 'schema', 'hostile']);
  for (const [name, text] of protoPayloadTexts()) add(name, 'link', await encodePayloadText(text), 'prototype', ['hostile']);
  // Payloads that are not JSON or not an object, with a valid checksum.
  for (const [name, text] of [
    ['not-json', 'hello'],
    ['half-json', '{"p":"janus-3+1","s":'],
    ['array', '[1,2,3]'],
    ['null', 'null'],
    ['number', '42'],
    ['string', '"janus"'],
    ['empty-object', '{}'],
  ] as const)
    add(name, 'link', await encodePayloadText(text), 'junk', ['bad-json', 'schema']);

  // Replays that cannot go through: the first action is impossible (opened as an empty partial run).
  {
    const p = basePayload();
    (p.a as unknown[][]).unshift([1, 0, 'd', 99999]);
    add('deliver-unknown-message', 'link', await encodePayloadText(JSON.stringify(p)), 'numbers', ['partial']);
    const q = basePayload();
    (q.a as unknown[][])[1] = [10, 100000, 'r', 'D3'];
    add('restart-node-that-is-up', 'link', await encodePayloadText(JSON.stringify(q)), 'unknown-action', ['partial']);
  }

  // Files: the same hostile content in readable form, plus junk files.
  const goodFile = JSON.parse(exportScenarioFile(buildGalleryScenario(GALLERY[1]!).scenario)) as Record<string, unknown> & { spec: Record<string, unknown>; actions: { action: Record<string, unknown> }[] };
  HOSTILE_STRINGS.forEach((h, k) => {
    const mk = (name: string, f: (x: typeof goodFile) => void) => {
      const x = clone(goodFile);
      f(x);
      add(`file-${name}#${k}`, 'file', JSON.stringify(x), 'hostile', ['hostile', 'schema', 'unknown-protocol', 'unknown-mutant']);
    };
    mk('title', (x) => (x.title = h));
    mk('notes', (x) => (x.notes = h));
    mk('protocol', (x) => (x.spec.protocol = h));
    mk('mutant', (x) => (x.spec.mutant = h));
    mk('action-node', (x) => (x.actions[0]!.action.node = h));
    mk('action-type', (x) => (x.actions[0]!.action.type = h));
    mk('command', (x) => (x.actions[0]!.action.command = h));
    mk('trace-hash', (x) => (x.traceHash = h));
  });
  const fileCases: [string, string, BadInput['category'], BadInput['expect']][] = [
    ['empty', '', 'junk', ['empty']],
    ['spaces', '   \n ', 'junk', ['empty']],
    ['binary', '\u0000\u0001\u0002PK\u0003\u0004', 'junk', ['bad-json']],
    ['null', 'null', 'junk', ['not-a-link']],
    ['array', '[]', 'junk', ['not-a-link']],
    ['html', '<!doctype html><script>alert(1)</script>', 'hostile', ['bad-json']],
    ['marker-only', '{"janusLab":"scenario"}', 'version', ['format-version']],
    ['format-2', JSON.stringify({ ...goodFile, format: 2 }), 'version', ['format-version']],
    ['format-0', JSON.stringify({ ...goodFile, format: 0 }), 'version', ['format-version']],
    ['format-string', JSON.stringify({ ...goodFile, format: '1' }), 'version', ['format-version']],
    ['core-v9-differs', JSON.stringify({ ...goodFile, protocolVersion: 9, traceHash: 'ffffffffffffffff' }), 'version', ['partial']],
    ['truncated', JSON.stringify(goodFile).slice(0, 200), 'truncated', ['bad-json']],
    ['deep', `{"janusLab":"scenario","format":1,"x":${nested(50_000)}}`, 'nested', ['too-deep']],
    ['proto', JSON.stringify(goodFile).replace('{"janusLab"', '{"__proto__":{"polluted":1},"janusLab"'), 'prototype', ['hostile']],
    ['seed-negative', JSON.stringify({ ...goodFile, spec: { ...goodFile.spec, seed: -1 } }), 'numbers', ['schema']],
    ['seed-huge', JSON.stringify({ ...goodFile, spec: { ...goodFile.spec, seed: 1e300 } }), 'numbers', ['schema']],
    ['cursor-huge', JSON.stringify({ ...goodFile, cursor: { index: 1e9, t: 0 } }), 'numbers', ['schema']],
    ['unknown-node', JSON.stringify(goodFile).replace('"node":"D1"', '"node":"D7"'), 'unknown-node', ['unknown-node']],
    ['unknown-type', JSON.stringify(goodFile).replace('"type":"crash"', '"type":"format-disk"'), 'unknown-action', ['schema']],
    ['extra-field', JSON.stringify({ ...goodFile, onload: 'alert(1)' }), 'hostile', ['schema']],
  ];
  for (const [name, text, cat, exp] of fileCases) add(`file-${name}`, 'file', text, cat, exp);
  return out;
}
