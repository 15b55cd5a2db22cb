// Stopping a check where it is: Checker.stop() (verdict 'limit'), and `npm run check` stopping
// cleanly when the heap fills, with a message and its JSON line, instead of V8 aborting with no
// result (the goal bounds of issue 15 ran out of a 3 GB heap at about 1.5 million states).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker } from '../../src/checker/check';

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

  it('npm run check stops when the heap is 70 % full: a message, verdict limit, stoppedBy memory, exit 0', () => {
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=160', '--import', 'tsx', 'scripts/check.ts', '--protocol', 'janus-2+1', '--max-term', '4', '--max-log', '2', '--crashes', '1', '--quiet'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stderr).toMatch(/check: stopped at \d+ states \(depth \d+\): the heap is 70 % full/);
    expect(r.status).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').pop()!) as { verdict: string; stoppedBy?: string; states: number };
    expect(last.verdict).toBe('limit');
    expect(last.stoppedBy).toBe('memory');
    expect(last.states).toBeGreaterThan(1000);
  }, 150_000);
});
