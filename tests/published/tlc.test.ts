// TLC traces in: the value syntax, the trace reader, and the replay of every file in
// ../shared/janus/tlc-traces/ (carried in src/protocols/janus-published/tlc/samples/) in the janus-published mode.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonical, parseTlcValue, printTlc, TlcParseError } from '../../src/protocols/janus-published/tlc/value';
import { parseTlcTrace, TlcTraceError } from '../../src/protocols/janus-published/tlc/trace';
import { replayScenario, replayTlcTrace } from '../../src/protocols/janus-published/tlc/replay';
import { encodeLink, openLink } from '../../src/scenario';

import { SAMPLE_FILES as FILES, SAMPLES_DIR as DIR } from '../support/tlc-samples';

describe('TLC value syntax', () => {
  it('reads records, functions, sequences, sets, strings, numbers and booleans', () => {
    expect(parseTlcValue('[d1 |-> 0, d2 |-> 1]')).toEqual({ d1: 0, d2: 1 });
    expect(parseTlcValue('(d1 :> 0 @@ d2 :> -1)')).toEqual({ d1: 0, d2: -1 });
    expect(parseTlcValue('("d1" :> <<>> @@ "e1" :> TRUE)')).toEqual({ d1: [], e1: true });
    expect(parseTlcValue('<<1, "a", FALSE>>')).toEqual([1, 'a', false]);
    expect(parseTlcValue('{"d1", "d2", "e1"}')).toEqual({ $set: ['d1', 'd2', 'e1'] });
    expect(parseTlcValue('{}')).toEqual({ $set: [] });
    expect(parseTlcValue('"say \\"hi\\""')).toBe('say "hi"');
    expect(parseTlcValue('[ d1 |->\n      << [metadata |-> [term |-> 1, index |-> 1], data |-> 0] >> ]')).toEqual({ d1: [{ metadata: { term: 1, index: 1 }, data: 0 }] });
  });

  it('compares sets without order and prints back to TLC syntax', () => {
    expect(canonical(parseTlcValue('{1, 2}'))).toBe(canonical(parseTlcValue('{2, 1}')));
    expect(canonical(parseTlcValue('<<1, 2>>'))).not.toBe(canonical(parseTlcValue('<<2, 1>>')));
    const v = parseTlcValue('[a |-> <<1, {"x"}>>, b |-> [c |-> TRUE]]');
    expect(parseTlcValue(printTlc(v))).toEqual(v);
  });

  it('refuses malformed values with a position', () => {
    expect(() => parseTlcValue('[d1 |-> 0')).toThrow(TlcParseError);
    expect(() => parseTlcValue('<<1 2>>')).toThrow(/expected '>>'/);
    expect(() => parseTlcValue('"open')).toThrow(/unterminated string/);
  });
});

describe('TLC trace reader', () => {
  it('reads states, labels, arguments and continuation lines', () => {
    const t = parseTlcTrace(readFileSync(DIR + 'initworkload-deadlock.txt', 'utf8'));
    expect(t.deadlock).toBe(true);
    expect(t.states).toHaveLength(5);
    expect(t.states[1]).toMatchObject({ n: 2, action: 'FollowerSendInitWorkload', args: ['d1'], module: 'Janus' });
    expect(t.states[3]).toMatchObject({ action: 'MCDropMsg', module: 'MCJanusFail' });
    expect(t.states[0]!.vars.CommittedIdx).toEqual({ d1: { term: 0, index: 0 }, d2: { term: 0, index: 0 }, e1: { term: 0, index: 0 } });
    expect(t.states[0]!.vars.Nodes).toEqual({ $set: ['d1', 'd2', 'e1'] });
  });

  it('reports bad input with its line', () => {
    expect(() => parseTlcTrace('hello')).toThrow(/no `State N:` block/);
    const bad = 'State 1: <Initial predicate>\n/\\ Term = [d1 |-> 0\n\n';
    expect(() => parseTlcTrace(bad)).toThrow(TlcTraceError);
    expect(() => parseTlcTrace(bad)).toThrow(/line 2: cannot read the value of Term/);
    expect(() => parseTlcTrace('State 2: <Initial predicate>\n/\\ Term = 0\n')).toThrow(/expected State 1/);
  });
});

describe('replay of tlc-traces/', () => {
  it('has the files the README lists', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(8);
  });

  for (const f of FILES) {
    it(`${f} imports and replays to its last state`, () => {
      const text = readFileSync(DIR + f, 'utf8');
      const r = replayTlcTrace(text);
      expect(r.message).toMatch(/reproduced/);
      expect(r.ok).toBe(true);
      expect(r.steps).toHaveLength(r.trace.states.length);
      expect(r.steps.slice(1).every((s) => s.kernel.length > 0 && s.changed.length > 0)).toBe(true);
      // What TLC found, the mode finds too.
      const inv = r.trace.invariant;
      if (inv && !inv.startsWith('NotStuck')) expect(r.violations.map((v) => v.property)).toContain(inv);
      if (r.trace.deadlock || inv?.startsWith('NotStuck')) expect(r.stuck).toMatch(/No leader can ever emerge again/);
      else expect(r.stuck).toBeNull();
    });
  }

  it('highlights the variables each step changes', () => {
    const r = replayTlcTrace(readFileSync(DIR + 'initworkload-deadlock.txt', 'utf8'));
    expect(r.steps[1]!.changed.sort()).toEqual(['ActivatedNode', 'Messages', 'Role']);
    expect(r.steps[1]!.changedPaths).toContain('Role.d1');
    expect(r.steps[3]!.kernel[0]!.type).toBe('drop');
  });

  it('reports the first step it cannot reproduce, with the first differing variable', () => {
    const text = readFileSync(DIR + 'p2-elector-amnesia.txt', 'utf8');
    const lines = text.split('\n');
    // Tamper with state 9: claim the elector went to term 3.
    const at = lines.findIndex((l) => l.startsWith('State 9:'));
    const termLine = lines.findIndex((l, i) => i > at && l.startsWith('/\\ Term ='));
    const before = lines[termLine]!;
    lines[termLine] = before.replace(/e1 \|-> (\d+)/, (_m, t: string) => `e1 |-> ${Number(t) + 1}`);
    expect(lines[termLine]).not.toBe(before);
    const r = replayTlcTrace(lines.join('\n'));
    expect(r.ok).toBe(false);
    expect(r.failedAt).toBe(9);
    expect(r.steps[8]!.diff).toMatchObject({ variable: 'Term', path: 'e1' });
    expect(r.message).toMatch(/State 9 .* cannot be reproduced: Term at e1/);
  });

  it('reports an action it has no mapping for', () => {
    const text = readFileSync(DIR + 'initworkload-deadlock.txt', 'utf8').replace('<MCDropMsg line 24', '<MCSomethingElse line 24');
    const r = replayTlcTrace(text);
    expect(r.ok).toBe(false);
    expect(r.failedAt).toBe(4);
    expect(r.steps[3]!.error).toMatch(/no mapping for action MCSomethingElse/);
  });

  it('a replayed trace becomes a Janus Lab link that opens to the same run', async () => {
    const r = replayTlcTrace(readFileSync(DIR + 'p2-elector-amnesia.txt', 'utf8'));
    const link = await encodeLink(replayScenario(r, 'p2-elector-amnesia'), { traceHash: r.sim.traceHash });
    const o = await openLink(link);
    expect(o.ok).toBe(true);
  });
});

describe('bad TLC input', () => {
  it('never throws: garbage, truncation and random edits give a clear message', () => {
    const good = readFileSync(DIR + 'p2-elector-amnesia-rf-safety.txt', 'utf8');
    const inputs = ['', 'hello world', 'State 1: <Initial predicate>\n', good.slice(0, 1500), good.slice(0, good.length / 2), '\u0000\u0001{[<<'];
    // Seeded random edits: delete a line, cut a value, swap a digit.
    let x = 12345;
    const rnd = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % n;
    };
    for (let i = 0; i < 60; i++) {
      const lines = good.split('\n');
      const k = rnd(lines.length);
      const kind = rnd(3);
      if (kind === 0) lines.splice(k, 1);
      else if (kind === 1) lines[k] = lines[k]!.slice(0, rnd(lines[k]!.length + 1));
      else lines[k] = lines[k]!.replace(/\d/, (d) => String((Number(d) + 1) % 10));
      inputs.push(lines.join('\n'));
    }
    let failed = 0;
    for (const text of inputs) {
      const r = replayTlcTrace(text);
      expect(typeof r.message).toBe('string');
      if (!r.ok) {
        failed++;
        expect(r.message.length).toBeGreaterThan(10);
        expect(r.parseError !== undefined || r.failedAt !== null).toBe(true);
      }
    }
    expect(failed).toBeGreaterThan(30);
    const r = replayTlcTrace('State 1: <Initial predicate>\n/\\ Term = [d1 |-> 0\n');
    expect(r.parseError?.line).toBe(2);
  });
});
