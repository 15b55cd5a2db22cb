// `npm run check -- --liveness N --liveness-from walks|states`: where the liveness samples come from
// (docs/checking.md "Liveness"), and a clear exit 2 for a bad choice.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const check = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check.ts', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('npm run check --liveness-from', () => {
  it('samples drawn from the check\'s own states: the JSON line says so', () => {
    const r = check('--protocol', 'janus-2+1', '--max-term', '1', '--max-log', '0', '--in-flight', '2', '--liveness', '5', '--liveness-from', 'states', '--quiet');
    expect(r.status).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').pop()!) as { verdict: string; liveness: { from: string; sampled: number; failures: unknown[] } };
    expect(last.verdict).toBe('ok');
    expect(last.liveness.from).toBe('states');
    expect(last.liveness.sampled).toBe(5);
    expect(last.liveness.failures).toEqual([]);
  }, 120_000);

  it('a bad choice, or --liveness-from without --liveness, exits 2 with one line', () => {
    const bad = check('--protocol', 'janus-2+1', '--liveness', '5', '--liveness-from', 'sideways');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--liveness-from is 'walks' or 'states', not 'sideways'/);
    const alone = check('--protocol', 'janus-2+1', '--liveness-from', 'states');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/go with --liveness N/);
  }, 120_000);
});
