// Stopping a check where it is: Checker.stop() (verdict 'limit'), and `npm run check` stopping
// cleanly when the heap fills, with a message and its JSON line, instead of V8 aborting with no
// result (the goal bounds of issue 15 ran out of a 3 GB heap at about 1.5 million states).
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker } from '../../src/checker/check';

/** `npm run check` stopped for memory: its message, exit 0, and its JSON line (verdict limit, stoppedBy memory). */
function expectStopped(r: { stderr: string; stdout: string; status: number | null }, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.status).toBe(0);
  const last = JSON.parse(r.stdout.trim().split('\n').pop()!) as { verdict: string; stoppedBy?: string; states: number };
  expect(last.verdict).toBe('limit');
  expect(last.stoppedBy).toBe('memory');
  expect(last.states).toBeGreaterThan(1000);
}

describe('stopping a check', () => {
  it('Checker.stop(): verdict limit, and run() explores nothing more', () => {
    const c = new Checker(REGISTRY, { protocol: 'janus-2+1', bounds: { maxTerm: 2, maxLog: 1, maxInFlight: 2 } });
    let t = 0;
    // A clock that moves 1 ms a call: the slice ends after a few dozen expansions.
    const p1 = c.run(5, () => (t += 1));
    expect(p1.verdict).toBe('running');
    c.stop();
    expect(c.done).toBe(true);
    const p2 = c.run();
    expect(p2.verdict).toBe('limit');
    expect(p2.states).toBe(p1.states);
    expect(p2.transitions).toBe(p1.transitions);
    expect(p2.states).toBeLessThan(43_150);
  });

  it('npm run check stops when the process passes its memory budget (--memory MB): a message, verdict limit, stoppedBy memory, exit 0', () => {
    // Since the compact queue the states' records live in typed arrays outside V8's heap: the heap
    // alone no longer fills first (the heap test below, without --keep-states, ran for 10 minutes at 840 MB).
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/check.ts', '--protocol', 'janus-2+1', '--max-term', '4', '--max-log', '2', '--crashes', '1', '--memory', '160', '--quiet'],
      { encoding: 'utf8', timeout: 240_000 },
    );
    expectStopped(r, /check: stopped at \d+ states \(depth \d+\): the process holds \d+ MB, past its budget of 160 MB/);
  }, 270_000);

  it('npm run check stops when the heap is 70 % full: a message, verdict limit, stoppedBy memory, exit 0', () => {
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=160', '--import', 'tsx', 'scripts/check.ts', '--protocol', 'janus-2+1', '--max-term', '4', '--max-log', '2', '--crashes', '1', '--quiet', '--keep-states', '1000000'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expectStopped(r, /check: stopped at \d+ states \(depth \d+\): the heap is 70 % full/);
  }, 150_000);

  it('maxDepth: every state up to that many steps is checked, then the check stops (verdict limit, stoppedAtDepth)', () => {
    const setup = { protocol: 'janus-2+1', bounds: { maxTerm: 2, maxLog: 1, maxInFlight: 2 } };
    const full = new Checker(REGISTRY, setup).run();
    expect(full.verdict).toBe('ok');
    expect(full.depth).toBeGreaterThan(8);
    const cut = new Checker(REGISTRY, { ...setup, maxDepth: 6 }).run();
    expect(cut.verdict).toBe('limit');
    expect(cut.stoppedAtDepth).toBe(6);
    expect(cut.statesPerDepth).toEqual(full.statesPerDepth.slice(0, 6));
    expect(cut.states).toBe(full.statesPerDepth.slice(0, 6).reduce((a, b) => a + b, 0));
    // A depth the space never reaches: the check ends as usual.
    const deep = new Checker(REGISTRY, { ...setup, maxDepth: 1000 }).run();
    expect(deep.verdict).toBe('ok');
    expect(deep.stoppedAtDepth).toBeUndefined();
    expect(deep.states).toBe(full.states);
  }, 60_000);

  it('npm run check on SIGTERM (or Ctrl-C) stops where it is and still prints its JSON line: stoppedBy signal, exit 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/check.ts', '--protocol', 'janus-2+1', '--max-term', '4', '--max-log', '2', '--crashes', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const progressed = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/\[check\] janus-2\+1: \d+ states/.test(err)) resolve();
      }),
    );
    await progressed;
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(err).toMatch(/check: stopped by a signal at \d+ states/);
    const last = JSON.parse(out.trim().split('\n').pop()!) as { verdict: string; stoppedBy?: string; states: number };
    expect(last.verdict).toBe('limit');
    expect(last.stoppedBy).toBe('signal');
    expect(last.states).toBeGreaterThan(1000);
  }, 150_000);
});
