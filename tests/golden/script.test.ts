// The scenario-script interpreter itself (src/testing/script.ts): parsing, checking, rewriting,
// and clear errors for bad scripts.
import { describe, expect, it } from 'vitest';
import { parseScript, runScript, ScriptError } from '../../src/testing/script';

const SCRIPT = `# a comment
shape 2+1
seed 3
run 1500
write D1 a=1
----
appended a=1 at 1

state
----
wrong
`;

describe('scenario scripts', () => {
  it('parses commands, expected blocks and raw lines', () => {
    const items = parseScript(SCRIPT);
    expect(items.filter((i) => i.kind === 'cmd').map((i) => (i.kind === 'cmd' ? [i.line, i.text, i.expected] : null))).toEqual([
      [2, 'shape 2+1', null],
      [3, 'seed 3', null],
      [4, 'run 1500', null],
      [5, 'write D1 a=1', ['appended a=1 at 1']],
      [9, 'state', ['wrong']],
    ]);
  });

  it('reports a wrong expected block with its line, and the rewrite fixes it', () => {
    const run = runScript(SCRIPT);
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0]).toMatchObject({ line: 9, command: 'state', expected: 'wrong' });
    expect(run.failures[0]!.actual).toMatch(/^D1 up {3}leader/);
    const again = runScript(run.rewritten);
    expect(again.failures).toEqual([]);
    expect(again.rewritten).toBe(run.rewritten); // a fixed point
    expect(run.rewritten.startsWith('# a comment\nshape 2+1\n')).toBe(true);
  });

  it('output that was not expected is a failure too', () => {
    const run = runScript('shape 3+1\nrestart D1\n');
    expect(run.failures).toEqual([{ line: 2, command: 'restart D1', expected: '', actual: 'error: cannot restart D1: it is up' }]);
  });

  it('a rewrite keeps a blank line between an output block and the next command', () => {
    const run = runScript('shape 3+1\nrestart D1\nrun 10\n');
    expect(run.rewritten).toBe('shape 3+1\nrestart D1\n----\nerror: cannot restart D1: it is up\n\nrun 10\n');
    expect(runScript(run.rewritten).failures).toEqual([]);
  });

  it('the same script gives the same outputs (scripts are deterministic)', () => {
    const a = runScript('shape 3+1\nseed 9\nrun 2000\nwrite D2 q=1\nrun 300\nstate\n');
    const b = runScript('shape 3+1\nseed 9\nrun 2000\nwrite D2 q=1\nrun 300\nstate\n');
    expect(a.outputs).toEqual(b.outputs);
    expect(a.sim.traceHash).toBe(b.sim.traceHash);
  });

  it('stabilize runs until the state has been quiet for a second', () => {
    const run = runScript('shape 3+1\nseed 7\nstabilize\n');
    expect(run.sim.now).toBeGreaterThan(1000);
    expect(run.sim.now).toBeLessThan(3000);
    expect(run.sim.state<{ role: string }>('D1').role).toBe('leader');
  });

  const bad: [string, RegExp][] = [
    ['teleport D1', /line 1: unknown command 'teleport'/],
    ['run 10\nseed 3', /line 2: 'seed' must come before the first action/],
    ['shape 4+1', /shape is 3\+1 or 2\+1/],
    ['run -5', /run must be a number ≥ 0/],
    ['crash', /'crash' needs a node id/],
    ['----', /'----' without a command/],
    ['link D1 D2 speed=3', /unknown link parameter 'speed'/],
  ];
  for (const [text, re] of bad) {
    it(`a malformed script fails with a clear message: ${text.split('\n')[0]}`, () => {
      expect(() => runScript(text)).toThrow(ScriptError);
      expect(() => runScript(text)).toThrow(re);
    });
  }
});
