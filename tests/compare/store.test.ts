// The Compare view's store: two labs on one clock, rebuilt from the role script; the table it
// measures on its two labs equals the engine's (and so `npm run compare`'s).

import { describe, expect, it } from 'vitest';
import { runComparison, scriptById, tableOf } from '../../src/compare';
import { REGISTRY } from '../../src/protocols/registry';
import { createCompareStore } from '../../src/store/compare';

describe('compare store', () => {
  it('at the end, both labs give the engine table; rewinding moves both', async () => {
    const cmp = createCompareStore(REGISTRY);
    expect(await cmp.getState().openHash('#compare/janus3-vs-raft5')).toBe(true);
    cmp.getState().seek(10_000);
    const p = REGISTRY.comparisons[0]!;
    const engine = tableOf(runComparison(REGISTRY, { left: { protocol: p.left, seed: 1 }, right: { protocol: p.right, seed: 1 } }, scriptById(p.script)!, p), REGISTRY, null);
    const t = cmp.getState().table!;
    expect(cmp.getState().left.getState().notice).toBeNull();
    expect(cmp.getState().left.getState().timeline.now).toBe(10_000);
    expect(t.left.committed).toBe(engine.left.committed);
    expect(t.right.committed).toBe(engine.right.committed);
    expect(t.left.perEntry).toEqual(engine.left.perEntry);
    expect(t.left.failoverMs).toBe(engine.left.failoverMs);
    expect(t.claims.map((c) => c.verdict)).toEqual(engine.claims.map((c) => c.verdict));
    cmp.getState().rewind();
    expect(cmp.getState().left.getState().timeline.now).toBe(0);
    expect(cmp.getState().right.getState().timeline.now).toBe(0);
    cmp.dispose();
  });
});
