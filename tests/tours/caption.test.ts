// The script language's `caption`, `title` and `run-to` commands (docs/tours.md), on any plug-in.
import { describe, expect, it } from 'vitest';
import { ScriptError, captionLine, parseCaption, runScript } from '../../src/testing/script';

const HEAD = 'shape 3+1\nseed 1\n';

describe('caption', () => {
  it('pins a step at the script’s current point, with its highlights, and prints nothing', () => {
    const r = runScript(`${HEAD}title A first look\ncaption nodes=D1,E rset -- At the start: **nothing** yet.\nrun 1000\ncaption entries=D1:1 try="crash D1" D1 has written *x=1*.\n`.replace('run 1000\n', 'run 1000\nwrite D1 x=1\n----\nappended x=1 at 1\n\nrun 100\n'));
    expect(r.failures).toEqual([]);
    expect(r.captions.map((c) => [c.at.index, c.at.t, c.text, c.highlights, c.tryIt])).toEqual([
      [0, 0, 'At the start: **nothing** yet.', { nodes: ['D1', 'E'], replicationSet: true }, null],
      [r.captions[1]!.at.index, 1100, 'D1 has written *x=1*.', { entries: [{ node: 'D1', from: 1, to: 1 }] }, 'crash D1'],
    ]);
    expect(r.captions[1]!.at.index).toBeGreaterThan(10);
  });

  it('keeps the text as written: quotes, backslashes and markup are text', () => {
    const c = parseCaption('caption He said "no" \\ <b>hi</b> `x`');
    expect(c.text).toBe('He said "no" \\ <b>hi</b> `x`');
    expect(parseCaption('caption -- rset is a word here').text).toBe('rset is a word here');
    expect(parseCaption('caption rset is a word here').replicationSet).toBe(true);
  });

  it('captionLine and parseCaption round-trip', () => {
    for (const c of [
      { text: 'plain', nodes: null, message: null, entries: null, replicationSet: false, tryIt: null },
      { text: 'nodes=D1 looks like an option', nodes: null, message: null, entries: null, replicationSet: false, tryIt: null },
      { text: 'with "quotes"', nodes: ['D1'], message: ['D1->E', 'type=TermRequest'], entries: [{ node: 'D2', from: 1, to: 3 }], replicationSet: true, tryIt: 'write D1 "x=1 y"' },
    ]) {
      const back = parseCaption(captionLine(c));
      expect(back).toEqual(c);
    }
  });

  it('a message highlight names the message in flight by filter, and is kept by id', () => {
    const r = runScript(`${HEAD}step 1\ncaption message="D1->E type=TermRequest" The request.\n`);
    expect(r.failures).toEqual([]);
    expect(r.captions[0]!.highlights.message).toBe(1);
  });

  it('refuses what the run does not have, and captions that are too long', () => {
    const bad = (line: string) => () => runScript(`${HEAD}${line}\n`);
    expect(bad('caption nodes=D9 x')).toThrow(/line 3: caption: there is no node 'D9' \(nodes: D1, D2, D3, E\)/);
    expect(bad('caption entries=D1:1 x')).toThrow(/D1 has 0 log entries, not 1/);
    expect(bad('caption message=99 x')).toThrow(/no message in flight matches '99'/);
    expect(bad('caption try="dance D1" x')).toThrow(/is not an action command/);
    expect(bad('caption nodes=D1')).toThrow(/'caption' needs a text/);
    expect(bad(`caption ${'x'.repeat(1001)}`)).toThrow(/1001 characters; the limit is 1000/);
    expect(bad(Array.from({ length: 101 }, (_, i) => `caption step ${i}`).join('\n'))).toThrow(/at most 100 steps/);
    expect(bad('caption entries=D1:3-1 x')).toThrow(ScriptError);
  });

  it('run-to moves to an absolute time; maxEvents bounds a script from outside', () => {
    const r = runScript(`${HEAD}run-to 250.5\nstate\n`);
    expect(r.sim.now).toBe(250.5);
    expect(runScript(`${HEAD}run 300\nrun-to 100\n`).outputs.at(-1)!.output).toMatch(/error: run-to 100: the clock is already at 300/);
    expect(() => runScript(`${HEAD}run 100000000\n`, { maxEvents: 5000 })).toThrow(/passed 5,000 events/);
    expect(() => runScript(`${HEAD}run 500\nrun-until leader=none max 100000000\n`, { maxEvents: 5000 })).toThrow(/passed 5,000 events/);
  });
});
