// The settings form's parser: every shape's own timing knobs, and a knob named xMin is checked
// against its xMax whatever the protocol (the check used to name one protocol's keys).

import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/contracts';
import { REGISTRY } from '../../src/protocols/registry';
import { createLabStore } from '../../src/store';
import { parseDraft } from '../../src/ui/Settings';
import { toyPlugin } from '../support/toy-plugin';

const draft = (protocol: string, timing: Record<string, string>) => ({ protocol, seed: '3', timing, latencyMin: '1', latencyJitter: '2', loss: '0', dup: '0', mutant: '' });

describe('settings', () => {
  it('refuses a knob xMin above its xMax, for any shape that has such a pair', () => {
    const shapes = createLabStore(REGISTRY).getState().shapes;
    const pairs = shapes.flatMap((s) => s.timing.filter((t) => t.key.endsWith('Min') && s.timing.some((u) => u.key === `${t.key.slice(0, -3)}Max`)).map((t) => [s.id, t.key.slice(0, -3)] as const));
    expect(pairs.length).toBeGreaterThan(0);
    for (const [shape, k] of pairs) {
      const r = parseDraft(draft(shape, { [`${k}Min`]: '900', [`${k}Max`]: '300' }), shapes);
      expect(r.errors).toContain(`${k}Min must not exceed ${k}Max`);
      expect(parseDraft(draft(shape, { [`${k}Min`]: '300', [`${k}Max`]: '900' }), shapes).errors).toEqual([]);
    }
  });

  it('a knob takes the range it declares (a 0/1 switch may be 0, not 2); a timer may not be 0', () => {
    const shapes = [{ id: 'x', title: 'x', timing: [{ key: 'flag', default: 0, min: 0, max: 1, help: '' }, { key: 'tick', default: 50, help: '' }], mutants: {}, explored: false, keepGoing: false }];
    expect(parseDraft(draft('x', { flag: '0', tick: '50' }), shapes)).toMatchObject({ errors: [], spec: { timing: { flag: 0, tick: 50 } } });
    expect(parseDraft(draft('x', { flag: '1', tick: '0' }), shapes).errors).toEqual(['tick must be a number from 1 to 10000000']);
    expect(parseDraft(draft('x', { flag: '-1', tick: '5' }), shapes).errors).toEqual(['flag must be a number from 0 to 1']);
    expect(parseDraft(draft('x', { flag: '2', tick: '5' }), shapes).errors).toEqual(['flag must be a number from 0 to 1']);
  });

  it("builds a run spec from a test-only shape's own knobs", () => {
    const shapes = createLabStore(new Registry([toyPlugin])).getState().shapes;
    const s = shapes[0]!;
    const r = parseDraft(draft(s.id, Object.fromEntries(s.timing.map((t) => [t.key, String(t.default * 2)]))), shapes);
    expect(r.errors).toEqual([]);
    expect(r.spec).toEqual({ protocol: s.id, seed: 3, timing: Object.fromEntries(s.timing.map((t) => [t.key, t.default * 2])), link: { latencyMin: 1, latencyJitter: 2, loss: 0, dup: 0 }, mutant: null });
    expect(parseDraft(draft('nope', {}), shapes).errors).toEqual(['unknown cluster shape nope']);
  });
});
