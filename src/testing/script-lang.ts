// The script language's text, without running anything: splitting a script into commands and
// their expected output (etcd raft's `testdata` / datadriven form), splitting a command into
// words, the run a script's setup lines name (a RunSpec), and the one-to-one mapping between the
// kernel's user actions and the generic commands that apply them. No registry, no protocol: a
// protocol plug-in's gallery may import this module to build its stories' specs without an import
// cycle. The interpreter is src/testing/script.ts; the language is docs/script-format.md.

import type { Action, LinkParams } from '../kernel/types';
import type { RunSpec } from '../contracts/spec';

export class ScriptError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export type ScriptItem =
  | { kind: 'raw'; text: string }
  | { kind: 'cmd'; line: number; text: string; expected: string[] | null };

/** Split a script into commands (with their expected output) and raw lines (comments, blanks). */
export function parseScript(text: string): ScriptItem[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const items: ScriptItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const trimmed = l.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      items.push({ kind: 'raw', text: l });
      continue;
    }
    if (trimmed === '----') throw new ScriptError("'----' without a command before it", i + 1);
    let expected: string[] | null = null;
    if (lines[i + 1]?.trim() === '----') {
      expected = [];
      let j = i + 2;
      while (j < lines.length && lines[j]!.trim() !== '') expected.push(lines[j++]!.trimEnd());
      items.push({ kind: 'cmd', line: i + 1, text: trimmed, expected });
      i = j - 1;
      continue;
    }
    items.push({ kind: 'cmd', line: i + 1, text: trimmed, expected });
  }
  return items;
}

/**
 * Split a command into words at spaces. A double-quoted part is one word without its quotes
 * (`type="AppendEntries RF2"` is the word `type=AppendEntries RF2`); `\"` is a quote inside it.
 */
export function words(text: string, line = 0): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '\\' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') {
      quoted = true;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quoted) throw new ScriptError('a quote is not closed', line);
  if (inWord) out.push(cur);
  return out;
}

/** A word as the script would write it: quoted when it holds a space or a quote. */
export function quote(word: string): string {
  return /[\s"]/.test(word) || word === '' ? `"${word.replace(/"/g, '\\"')}"` : word;
}

export const num = (s: string | undefined, line: number, what: string): number => {
  const v = Number(s);
  if (s === undefined || s === '' || !Number.isFinite(v) || v < 0) throw new ScriptError(`${what} must be a number ≥ 0 (got '${s ?? ''}')`, line);
  return v;
};

export function need(s: string | undefined, line: number, cmd: string): string {
  if (!s) throw new ScriptError(`'${cmd}' needs a node id`, line);
  return s;
}

/** `key=value` words into a record (values as written). */
export function keyValues(args: readonly string[], line: number, what: string): [string, string][] {
  return args.map((kv) => {
    const k = kv.indexOf('=');
    if (k <= 0) throw new ScriptError(`${what} takes key=value words (got '${kv}')`, line);
    return [kv.slice(0, k), kv.slice(k + 1)];
  });
}

export const LINK_KEYS: readonly (keyof LinkParams)[] = ['latencyMin', 'latencyJitter', 'tailProb', 'tailScale', 'tailMax', 'loss', 'dup', 'extraDelay'];

export function linkParams(args: readonly string[], line: number): Partial<LinkParams> {
  const params: Partial<LinkParams> = {};
  for (const [k, v] of keyValues(args, line, 'a link')) {
    if (!(LINK_KEYS as readonly string[]).includes(k)) throw new ScriptError(`unknown link parameter '${k}'`, line);
    params[k as keyof LinkParams] = num(v, line, `link ${k}`);
  }
  return params;
}

/** An operator argument as written: true, false, a number, or a string. */
function operatorValue(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v !== '' && Number.isFinite(Number(v))) return Number(v);
  return v;
}

/** The setup commands: they name the run and come before the first action. */
export const SETUP_COMMANDS = ['shape', 'protocol', 'seed', 'timing', 'links', 'mutant'] as const;

/**
 * The run a script's setup lines name: `protocol <shape id>`, `seed`, `timing`, `links` and
 * `mutant` (`shape X` needs the registry's shape names: pass `shape` to resolve it). Commands
 * after the setup are not read. Fields the script does not set are absent.
 */
export function scriptSpec(text: string, opts: { shape?: (name: string, line: number) => string; defaultShape?: string } = {}): RunSpec {
  let protocol: string | undefined;
  let seed = 1;
  let link: Partial<LinkParams> | undefined;
  let timing: Record<string, number> | undefined;
  let mutant: string | undefined;
  for (const item of parseScript(text)) {
    if (item.kind !== 'cmd') continue;
    const [cmd, ...args] = words(item.text, item.line);
    const line = item.line;
    if (!(SETUP_COMMANDS as readonly string[]).includes(cmd!)) break;
    switch (cmd) {
      case 'shape':
        if (!opts.shape) throw new ScriptError("'shape' needs the registry: write 'protocol <shape id>'", line);
        protocol = opts.shape(args[0] ?? '', line);
        break;
      case 'protocol':
        if (!args[0]) throw new ScriptError("'protocol' needs a shape id", line);
        protocol = args[0];
        break;
      case 'seed':
        seed = num(args[0], line, 'seed');
        break;
      case 'timing':
        timing ??= {};
        for (const [k, v] of keyValues(args, line, 'timing')) timing[k] = num(v, line, `timing ${k}`);
        break;
      case 'links':
        link = { ...(link ?? {}), ...linkParams(args, line) };
        break;
      case 'mutant':
        if (!args[0]) throw new ScriptError("'mutant' needs a name", line);
        mutant = args[0];
        break;
    }
  }
  const p = protocol ?? opts.defaultShape;
  if (!p) throw new ScriptError("the script names no protocol ('protocol <shape id>')", 1);
  const spec: RunSpec = { protocol: p, seed };
  if (link) spec.link = link;
  if (timing) spec.timing = timing;
  if (mutant) spec.mutant = mutant;
  return spec;
}

/** The setup lines of a run (the inverse of scriptSpec). */
export function specScript(spec: RunSpec): string {
  const out = [`protocol ${spec.protocol}`, `seed ${spec.seed}`];
  const kv = (o: Record<string, unknown>) =>
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
  if (spec.link && Object.keys(spec.link).length) out.push(`links ${kv(spec.link)}`);
  if (spec.timing && Object.keys(spec.timing).length) out.push(`timing ${kv(spec.timing)}`);
  if (spec.mutant) out.push(`mutant ${spec.mutant}`);
  return out.join('\n');
}

/**
 * The generic commands that are one kernel action each, as the action (no simulation needed).
 * Returns null for any other command. Optional fields are set only when the script gives them,
 * so a script replays exactly the actions a TypeScript caller would have written.
 */
export function commandAction(cmd: string, args: readonly string[], line: number): Action | null {
  switch (cmd) {
    case 'crash':
      return args[1] === 'wipe' ? { type: 'crash', node: need(args[0], line, 'crash'), wipe: true } : { type: 'crash', node: need(args[0], line, 'crash') };
    case 'restart':
      return { type: 'restart', node: need(args[0], line, 'restart') };
    case 'cut': {
      const a: Action & { type: 'cut' } = { type: 'cut', from: need(args[0], line, 'cut'), to: need(args[1], line, 'cut') };
      if (args.includes('both')) a.both = true;
      const f = args.indexOf('for');
      if (f >= 0) a.duration = num(args[f + 1], line, 'cut duration');
      return a;
    }
    case 'heal': {
      const a: Action & { type: 'heal' } = { type: 'heal', from: need(args[0], line, 'heal'), to: need(args[1], line, 'heal') };
      if (args.includes('both')) a.both = true;
      return a;
    }
    case 'heal-all':
      return { type: 'healAll' };
    case 'link': {
      const from = need(args[0], line, 'link');
      const to = need(args[1], line, 'link');
      const rest = args.slice(2);
      const params = linkParams(
        rest.filter((w) => w !== 'both'),
        line,
      );
      return rest.includes('both') ? { type: 'link', from, to, both: true, params } : { type: 'link', from, to, params };
    }
    case 'write': {
      const node = need(args[0], line, 'write');
      const command = args.slice(1).join(' ');
      return command ? { type: 'write', node, command } : { type: 'write', node };
    }
    case 'fire':
      return { type: 'fire', node: need(args[0], line, 'fire'), timer: need(args[1], line, 'fire') };
    case 'operator': {
      if (!args[0]) throw new ScriptError("'operator' needs an action name", line);
      const a: Action & { type: 'operator' } = { type: 'operator', name: args[0] };
      const rest = args.slice(1);
      const node = rest.find((w) => !w.includes('='));
      if (node !== undefined) a.node = node;
      const kv = rest.filter((w) => w.includes('='));
      if (kv.length) a.args = Object.fromEntries(keyValues(kv, line, 'operator').map(([k, v]) => [k, operatorValue(v)]));
      return a;
    }
    default:
      return null;
  }
}

/** An action as the generic command that applies it (the inverse of commandAction; messages by id). */
export function actionCommand(a: Action): string {
  switch (a.type) {
    case 'deliver':
    case 'drop':
    case 'duplicate':
      return `${a.type} ${a.msg}`;
    case 'fire':
      return `fire ${a.node} ${quote(a.timer)}`;
    case 'crash':
      return `crash ${a.node}${a.wipe ? ' wipe' : ''}`;
    case 'restart':
      return `restart ${a.node}`;
    case 'cut':
      return `cut ${a.from} ${a.to}${a.both ? ' both' : ''}${a.duration !== undefined ? ` for ${a.duration}` : ''}`;
    case 'heal':
      return `heal ${a.from} ${a.to}${a.both ? ' both' : ''}`;
    case 'healAll':
      return 'heal-all';
    case 'link':
      return `link ${a.from} ${a.to}${a.both ? ' both' : ''} ${Object.entries(a.params)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')}`;
    case 'write':
      return `write ${a.node}${a.command !== undefined ? ` ${a.command.split(/\s+/).map(quote).join(' ')}` : ''}`;
    case 'operator': {
      const args = Object.entries(a.args ?? {}).map(([k, v]) => quote(`${k}=${String(v)}`));
      return ['operator', quote(a.name), ...(a.node !== undefined ? [a.node] : []), ...args].join(' ');
    }
  }
}

/** A script written inside TypeScript (the gallery's `story` tag, src/contracts/gallery.ts). */
export { story as scriptText } from '../contracts/gallery';

/** Do two specs name the same run (field order and absent/empty fields aside)? */
export function sameSpec(a: RunSpec, b: RunSpec): boolean {
  const rec = (o: Record<string, unknown> | undefined) =>
    JSON.stringify(
      Object.entries(o ?? {})
        .filter(([, v]) => v !== undefined)
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    );
  return a.protocol === b.protocol && a.seed === b.seed && (a.mutant ?? null) === (b.mutant ?? null) && rec(a.link) === rec(b.link) && rec(a.timing) === rec(b.timing);
}

/** A `caption` line read as text (no run): its options as written, and its text. */
export interface CaptionLine {
  text: string;
  /** `nodes=A,B` */
  nodes: string[] | null;
  /** `message=12` or `message="A->B type=T"`: a message filter, as words. */
  message: string[] | null;
  /** `entries=A:1-2,B:3` */
  entries: { node: string; from: number; to: number }[] | null;
  /** `rset`: the replication set. */
  replicationSet: boolean;
  /** `try="crash N"`: one action command. */
  tryIt: string | null;
}

const CAPTION_OPTION = /^(nodes|message|entries|try)=("(?:[^"\\]|\\.)*"|[^\s"]+)(?=\s|$)|^rset(?=\s|$)/;

/**
 * Read `caption [nodes=…] [message=…] [entries=…] [rset] [try="…"] [--] text`. The options come
 * first; the text is the rest of the line as written (quotes and all), so it needs no quoting.
 * `--` ends the options (for a text that starts like one).
 */
export function parseCaption(line: string, lineNo = 0): CaptionLine {
  let rest = line.replace(/^\s*caption(?=\s|$)/, '');
  const out: CaptionLine = { text: '', nodes: null, message: null, entries: null, replicationSet: false, tryIt: null };
  for (;;) {
    rest = rest.replace(/^\s+/, '');
    if (rest === '--' || rest.startsWith('-- ')) {
      rest = rest.slice(2);
      break;
    }
    const m = CAPTION_OPTION.exec(rest);
    if (!m) break;
    rest = rest.slice(m[0].length);
    if (!m[1]) {
      out.replicationSet = true;
      continue;
    }
    const raw = m[2]!;
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\"/g, '"') : raw;
    switch (m[1]) {
      case 'nodes':
        out.nodes = value.split(',').filter(Boolean);
        if (!out.nodes.length) throw new ScriptError("caption: 'nodes=' needs node ids (nodes=A,B)", lineNo);
        break;
      case 'message':
        out.message = words(value, lineNo);
        if (!out.message.length) throw new ScriptError("caption: 'message=' needs a message id or filter", lineNo);
        break;
      case 'entries':
        out.entries = value.split(',').map((part) => {
          const e = /^([^:\s]+):(\d{1,9})(?:-(\d{1,9}))?$/.exec(part);
          if (!e) throw new ScriptError(`caption: '${part}' is not log entries (write N:2 or N:1-3)`, lineNo);
          const from = Number(e[2]);
          const to = e[3] === undefined ? from : Number(e[3]);
          if (from < 1 || to < from) throw new ScriptError(`caption: '${part}' is not a range of log indexes from 1 up`, lineNo);
          return { node: e[1]!, from, to };
        });
        break;
      case 'try':
        if (!value.trim()) throw new ScriptError("caption: 'try=' needs an action command (try=\"crash N\")", lineNo);
        out.tryIt = value.trim();
        break;
    }
  }
  out.text = rest.trim();
  if (!out.text) throw new ScriptError("'caption' needs a text (caption The first election.)", lineNo);
  return out;
}

/** A caption as its script line (the inverse of parseCaption). */
export function captionLine(c: Omit<CaptionLine, 'message'> & { message: string[] | number | null }): string {
  const opts: string[] = [];
  if (c.nodes?.length) opts.push(`nodes=${c.nodes.join(',')}`);
  if (c.message !== null && c.message !== undefined) opts.push(typeof c.message === 'number' ? `message=${c.message}` : `message=${quote(c.message.map(quote).join(' '))}`);
  if (c.entries?.length) opts.push(`entries=${c.entries.map((e) => `${e.node}:${e.from}${e.to !== e.from ? `-${e.to}` : ''}`).join(',')}`);
  if (c.replicationSet) opts.push('rset');
  if (c.tryIt) opts.push(`try=${quote(c.tryIt)}`);
  const text = c.text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const needsDash = opts.length > 0 || CAPTION_OPTION.test(text) || text === '--' || text.startsWith('-- ');
  return `caption ${opts.join(' ')}${opts.length ? ' ' : ''}${needsDash ? '-- ' : ''}${text}`;
}
