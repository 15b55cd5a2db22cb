// Monitors share structure between states (copy on write: JanusMonitors' Maps, arrays and `seen`
// records, and the violated set of every PropertyMonitors). A clone must still behave as a full
// copy: whatever its original or its other clones see later must not change it. Here every state
// of a breadth-first walk records a deep image of its monitors when it is made; after the whole
// walk (every successor made from every state, each a clone that then sees its step) every image
// must still be what it was.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { checkTarget } from '../../src/checker/check';
import type { UntimedState } from '../../src/kernel';
import type { MonitorSet } from '../../src/kernel/types';

/** Every own field of a monitors object, Maps and Sets as sorted entries, records field by field. */
function image(m: MonitorSet<unknown> | null): string {
  const plain = (v: unknown): unknown => {
    if (v instanceof Map) return [...v.entries()].map(([k, x]) => [k, plain(x)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    if (v instanceof Set) return [...v].sort();
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v === undefined ? null : v;
  };
  if (!m) return 'null';
  // The copy-on-write flags say who may write, not what is seen: left out.
  const fields = Object.entries(m).filter(([k]) => k !== 'owned' && k !== 'seenOwned' && k !== 'ownViolated' && k !== 'out');
  return JSON.stringify(fields.map(([k, v]) => [k, plain(v)]));
}

function walk(protocol: string, bounds: object, limit: number, mutant: string | null = null): { states: number; changed: number; violations: number } {
  const t = checkTarget(REGISTRY, { protocol, mutant, bounds });
  const seen: { s: UntimedState; img: string }[] = [];
  const fp = new Int32Array(2);
  const visited = new Set<string>();
  let level = [t.model.init()];
  seen.push({ s: level[0]!, img: image(level[0]!.monitors) });
  let violations = 0;
  while (level.length && seen.length < limit) {
    const next: UntimedState[] = [];
    for (const s of level)
      t.model.successors(s, (_a, n) => {
        if (n.violations.length) violations++;
        t.model.fingerprint(n, fp);
        const key = `${fp[0]},${fp[1]}`;
        if (visited.has(key)) return;
        visited.add(key);
        seen.push({ s: n, img: image(n.monitors) });
        if (!n.violations.length) next.push(n);
      });
    level = next;
  }
  let changed = 0;
  for (const { s, img } of seen) if (image(s.monitors) !== img) changed++;
  return { states: seen.length, changed, violations };
}

describe('monitors shared between states (copy on write)', () => {
  it('janus-2+1 with a crash, a disk loss and an elector replacement: no state\'s monitors change after it is made', () => {
    const r = walk('janus-2+1', { maxTerm: 2, maxLog: 1, maxCrashes: 1, maxWipes: 1, maxOperators: 1, maxInFlight: 2 }, 4000);
    expect(r.states).toBeGreaterThanOrEqual(4000);
    expect(r.changed).toBe(0);
  }, 120_000);

  it('janus-3+1 with commits: no state\'s monitors change after it is made', () => {
    const r = walk('janus-3+1', { maxTerm: 2, maxLog: 1, maxInFlight: 2 }, 4000);
    expect(r.states).toBeGreaterThanOrEqual(4000);
    expect(r.changed).toBe(0);
  }, 120_000);

  it('a violation recorded in one clone is not seen by its original or its siblings (the shared violated set)', () => {
    // commit-on-majority breaks CommittedOnReplicationSet within a few steps.
    const r = walk('janus-3+1', { maxTerm: 1, maxLog: 1, maxInFlight: 3 }, 3000, 'commit-on-majority');
    expect(r.violations).toBeGreaterThan(0);
    expect(r.changed).toBe(0);
  }, 120_000);
});
