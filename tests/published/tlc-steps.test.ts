// The TLC panel's pure helpers on the real TLC traces (src/protocols/janus-published/tlc/samples/ = tlc-traces/): one row per
// state, the changes marked in the table agree with the trace text read independently here, the
// lab cursor of each step shows that state, and an edited trace is reported at its step.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTimeline } from '../../src/protocols/registry';
import { replayScenario, replayTlcTrace } from '../../src/protocols/janus-published/tlc/replay';
import { specState } from '../../src/protocols/janus-published/tlc/specvars';
import { canonical, parseTlcValue } from '../../src/protocols/janus-published/tlc/value';
import { hasShared, readSample, SAMPLE_FILES, SHARED_DIR, stateBlocks } from '../support/tlc-samples';
import { changedPathsBetween, compact, inputTooLarge, MAX_INPUT, messageText, seekIndexOf, shortLabel, stateTable, stepRows } from '../../src/protocols/janus-published/tlc/steps';

const FILES = SAMPLE_FILES;
const read = readSample;
const blocks = stateBlocks;

/** `/\ Term = [d1 |-> 0, d2 |-> 1, e1 |-> 1]` → { d1: '0', d2: '1', e1: '1' }. */
function termLine(block: string[]): Record<string, string> {
  const line = block.find((l) => l.startsWith('/\\ Term = '))!;
  return Object.fromEntries([...line.matchAll(/(d1|d2|e1) \|-> (\d+)/g)].map((m) => [m[1]!, m[2]!]));
}

describe('TLC panel rows and tables', () => {
  it.skipIf(!hasShared)('the samples are the tlc-traces files, unchanged', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(8);
    expect(FILES).toEqual(readdirSync(SHARED_DIR).filter((f) => f.endsWith('.txt')).sort());
    for (const f of FILES) expect(read(f), f).toBe(readFileSync(SHARED_DIR + f, 'utf8'));
  });

  it.each(FILES)('%s: one ok row per State block; Term changes marked exactly where the text changes', (f) => {
    const text = read(f);
    const r = replayTlcTrace(text);
    const rows = stepRows(r);
    const bs = blocks(text);
    expect(rows).toHaveLength(bs.length);
    expect(rows.every((x) => x.status === 'ok')).toBe(true);
    expect(rows.map((x) => x.n)).toEqual(bs.map((_, i) => i + 1));
    let marked = 0;
    for (let k = 1; k < rows.length; k++) {
      const before = termLine(bs[k - 1]!);
      const after = termLine(bs[k]!);
      const term = stateTable(rows[k]!.state, rows[k]!.changedPaths).find((t) => t.variable === 'Term')!;
      expect(term.perNode).toBe(true);
      for (const c of term.cells) {
        expect(c.text, `${f} state ${k + 1} Term ${c.col}`).toBe(after[c.col!]);
        expect(c.changed, `${f} state ${k + 1} Term ${c.col}`).toBe(before[c.col!] !== after[c.col!]);
        if (c.changed) marked++;
      }
    }
    if (f !== 'initworkload-deadlock.txt') expect(marked).toBeGreaterThan(0);
  });

  it.each(FILES)('%s: the lab cursor of each step shows that state', (f) => {
    const r = replayTlcTrace(read(f));
    const sc = replayScenario(r);
    const rows = stepRows(r);
    const tl = createTimeline(sc.spec, sc.actions);
    let last = -2;
    for (const row of rows) {
      const at = seekIndexOf(row);
      expect(at).not.toBeNull();
      expect(at!).toBeGreaterThanOrEqual(last);
      last = at!;
      tl.seek(at! + 1);
      const here = specState(tl.sim, 0);
      for (const v of ['Term', 'Role', 'ReplicationFactor', 'CurrentLeader', 'LoggedIdx', 'CommittedIdx', 'DmlLog', 'Messages'] as const)
        expect(canonical(here[v]), `${f} state ${row.n} ${v}`).toBe(canonical(row.state.vars[v]!));
    }
    expect(last + 1).toBe(sc.cursor.index);
  });

  it('an edited value is reported at its step with the difference; later rows come from the text', () => {
    const text = read('p2-elector-amnesia.txt');
    const lines = text.split('\n');
    // Raise d1's term in the Term line of State 6.
    const start = lines.findIndex((l) => l.startsWith('State 6:'));
    const at = lines.findIndex((l, i) => i > start && l.startsWith('/\\ Term = '));
    const d1 = Number(/d1 \|-> (\d+)/.exec(lines[at]!)![1]);
    lines[at] = lines[at]!.replace(/d1 \|-> \d+/, `d1 |-> ${d1 + 5}`);
    const r = replayTlcTrace(lines.join('\n'));
    expect(r.ok).toBe(false);
    expect(r.failedAt).toBe(6);
    const rows = stepRows(r);
    expect(rows).toHaveLength(15);
    expect(rows.map((x) => x.status)).toEqual([...Array(5).fill('ok'), 'failed', ...Array(9).fill('not-replayed')]);
    const bad = rows[5]!;
    expect(bad.step!.diff).toEqual({ variable: 'Term', path: 'd1', expected: String(d1 + 5), actual: String(d1) });
    const table = stateTable(bad.state, bad.changedPaths, bad.step!.diff);
    const cells = table.find((t) => t.variable === 'Term')!.cells;
    expect(cells.filter((c) => c.diff).map((c) => c.col)).toEqual(['d1']);
    // State 7 was not replayed: its changes (d1's term going back down) come from the text.
    expect(rows[6]!.step).toBeNull();
    expect(rows[6]!.changedPaths).toContain('Term.d1');
  });

  it('changedPathsBetween: node functions by node, other values whole', () => {
    const a = { Term: parseTlcValue('[d1 |-> 0, d2 |-> 1]'), Messages: parseTlcValue('<<>>'), NumFailures: 0 };
    const b = { Term: parseTlcValue('[d1 |-> 2, d2 |-> 1]'), Messages: parseTlcValue('<<[term |-> 1]>>'), NumFailures: 0 };
    expect(changedPathsBetween(a, b)).toEqual(['Term.d1', 'Messages']);
    expect(changedPathsBetween(a, a)).toEqual([]);
  });

  it('labels without the source location; the size limit', () => {
    const r = replayTlcTrace(read('initworkload-deadlock.txt'));
    expect(r.trace.states.map(shortLabel)).toEqual(['Initial predicate', 'FollowerSendInitWorkload("d1")', 'FollowerSendInitWorkload("d2")', 'MCDropMsg', 'MCDropMsg']);
    expect(inputTooLarge(MAX_INPUT)).toBeNull();
    expect(inputTooLarge(MAX_INPUT + 1)).toMatch(/up to 2 MB/);
  });

  it('compact cells: metadata as (t,i), log entries as (t,i)=d, messages one line each', () => {
    expect(compact(parseTlcValue('[term |-> 1, index |-> 2]'))).toBe('(1,2)');
    expect(compact(parseTlcValue('<<[metadata |-> [term |-> 1, index |-> 1], data |-> 0]>>'))).toBe('<<(1,1)=0>>');
    expect(compact(parseTlcValue('"leader"'))).toBe('"leader"');
    expect(compact(parseTlcValue('[term |-> 1, index |-> 2, x |-> 3]'))).toBe('[term |-> 1, index |-> 2, x |-> 3]');
    expect(messageText(parseTlcValue('[term |-> 0, destination |-> "d2", source |-> "d1", rpc_type |-> "InitWorkload", RF |-> 2, logged_index |-> [term |-> 0, index |-> 0]]'))).toBe(
      'InitWorkload d1→d2: term 0, RF 2, logged_index (0,0)',
    );
  });

  it('the Messages row marks the messages sent and taken at a step (as multisets)', () => {
    const r = replayTlcTrace(read('initworkload-deadlock.txt'));
    const rows = stepRows(r);
    // State 3: d2 sends its InitWorkload; d1's is still in flight.
    const t3 = stateTable(rows[2]!.state, rows[2]!.changedPaths, undefined, rows[1]!.state).find((t) => t.variable === 'Messages')!;
    expect(t3.messages!.map((m) => [m.text.split(':')[0], m.added])).toEqual([['InitWorkload d1→d2', false], ['InitWorkload d2→d1', true]]);
    expect(t3.consumed).toEqual([]);
    expect(t3.cells[0]!.changed).toBe(true);
    // State 4: MCDropMsg loses d1's message.
    const t4 = stateTable(rows[3]!.state, rows[3]!.changedPaths, undefined, rows[2]!.state).find((t) => t.variable === 'Messages')!;
    expect(t4.messages!.map((m) => m.added)).toEqual([false]);
    expect(t4.consumed!.map((m) => m.text.split(':')[0])).toEqual(['InitWorkload d1→d2']);
    // Without the previous state nothing is marked as sent.
    expect(stateTable(rows[2]!.state, rows[2]!.changedPaths).find((t) => t.variable === 'Messages')!.consumed).toBeUndefined();
  });

  it('never throws on damaged traces: the replay reports, rows and tables render (seeded mutations of every sample)', () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const junk = ['', ']', '<<', '"', '|->', ' :> ', '@@', 'State 2: <Foo>', '/\\ Term = 7', '{', '\n', 'TRUE', '-'];
    let failures = 0;
    for (const f of FILES) {
      const text = read(f);
      for (let k = 0; k < 25; k++) {
        const lines = text.split('\n');
        for (let m = 0; m <= rnd(3); m++) {
          const i = rnd(lines.length);
          const line = lines[i]!;
          const op = rnd(4);
          if (op === 0) lines.splice(i, 1);
          else if (op === 1) lines[i] = line.slice(0, rnd(line.length + 1)) + junk[rnd(junk.length)]! + line.slice(rnd(line.length + 1));
          else if (op === 2) lines[i] = line.replace(/\d/, String(rnd(10)));
          else lines.splice(i, 0, lines[rnd(lines.length)]!);
        }
        const r = replayTlcTrace(lines.join('\n'));
        expect(typeof r.message).toBe('string');
        if (!r.ok) failures++;
        const rows = stepRows(r);
        rows.forEach((row, j) => stateTable(row.state, row.changedPaths, row.step?.diff, rows[j - 1]?.state));
        if (r.parseError) expect(rows).toEqual([]);
      }
    }
    expect(failures).toBeGreaterThan(50); // most damage is noticed
  });
});
