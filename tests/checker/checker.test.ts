// The breadth-first checker: a mutant's shortest counterexample, replayed in the lab through its
// scenario link, breaks the same property; the unmutated protocol has none within small bounds.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker } from '../../src/checker/check';
import { counterexampleLink } from '../../src/checker/link';
import { FingerprintSet } from '../../src/checker/visited';
import { openLink } from '../../src/scenario';
import { Prng } from '../../src/kernel';

const SMALL = { maxTerm: 2, maxLog: 1, maxInFlight: 3 };

describe('checker', () => {
  it('finds elect-any in Janus 2+1, and its link replays in the lab with the property violated and the same trace hash', async () => {
    const c = new Checker(REGISTRY, { protocol: 'janus-2+1', mutant: 'elect-any', bounds: SMALL, maxStates: 200_000 });
    const p = c.run();
    expect(p.verdict).toBe('violation');
    const f = p.finding!;
    expect(f.path.length).toBe(f.depth);
    const link = await counterexampleLink(REGISTRY, c.target, f, 'http://127.0.0.1:5173/');
    expect(link.timed.faithful).toBe(true);
    const opened = await openLink(link.url);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    // The lab replays the whole scenario and reaches the author's trace hash at the cursor.
    expect(opened.partial).toBe(false);
    expect(opened.traceHash).toBe(link.traceHash);
    expect(opened.timeline.sim.violations.map((v) => v.property)).toContain(f.property);
  }, 240_000);

  it('reports no violation for unmutated Janus 2+1 within maxTerm 1 (every state explored), and counts states per depth', () => {
    const c = new Checker(REGISTRY, { protocol: 'janus-2+1', bounds: { maxTerm: 1, maxLog: 1, maxInFlight: 3 } });
    const p = c.run();
    expect(p.verdict).toBe('ok');
    expect(p.finding).toBeNull();
    expect(p.statesPerDepth.reduce((a, b) => a + b, 0)).toBe(p.states);
    expect(p.states).toBeGreaterThan(100);
  }, 240_000);

  it('symmetry reduction finds fewer states for the same bounds, and the same verdict', () => {
    const run = (symmetry: boolean) => new Checker(REGISTRY, { protocol: 'janus-3+1', symmetry, bounds: { maxTerm: 1, maxLog: 0, maxInFlight: 2 } }).run();
    const on = run(true);
    const off = run(false);
    expect(on.verdict).toBe('ok');
    expect(off.verdict).toBe('ok');
    expect(on.states).toBeLessThan(off.states);
  }, 240_000);
});

describe('visited set', () => {
  it('holds every added fingerprint once, across growth, within 16 bytes a state once grown', () => {
    const set = new FingerprintSet(16);
    const rng = new Prng(5);
    const added: [number, number][] = [];
    for (let i = 0; i < 50_000; i++) {
      const a = rng.int(0, 0xffffffff);
      const b = rng.int(0, 0xffffffff);
      if (!set.add(a, b)) throw new Error(`fingerprint ${i} was taken as already there`);
      added.push([a, b]);
    }
    expect(added.filter(([a, b]) => set.add(a, b)).length).toBe(0);
    expect(set.size).toBe(50_000);
    expect(set.has(0, 0)).toBe(false);
    expect(set.add(0, 0)).toBe(true);
    expect(set.has(0, 0)).toBe(true);
    expect(set.bytesPerState).toBeLessThanOrEqual(16);
  });
});
