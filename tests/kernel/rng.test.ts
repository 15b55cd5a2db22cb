// One seed per consumer (TigerBeetle style): with rngStreams 'split', the network draws from its
// own stream and each node's handlers from theirs, all derived from the run's seed. One extra
// message then no longer re-rolls every later timeout; 'single' (every run made so far, and the
// default) keeps one stream for everything.
import { describe, expect, it } from 'vitest';
import { Simulation, rngStreamsFor, type RngStreams } from '../../src/kernel/sim';
import { toy, type ToyConfig, type ToyState } from './toy';

const CONFIG: ToyConfig = { nodes: ['A', 'B', 'C'], randomTimer: { name: 'elect', lo: 150, hi: 300 } };
/** Every message draws several times from the network's stream: latency, tail, loss, duplication. */
const LINK = { latencyMin: 5, latencyJitter: 20, tailProb: 0.2, tailScale: 10, tailMax: 200, loss: 0.05, dup: 0.05 };

/** A run with background traffic A→B every 100 ms; `extra` adds one more user message A→B at 250 ms. */
function run(rngStreams: RngStreams | undefined, extra: boolean, seed = 42): Simulation {
  const s = new Simulation(toy, { seed, config: CONFIG, link: LINK, trace: 'off', rngStreams });
  for (let t = 100; t <= 3000; t += 100) {
    s.runUntil(t);
    s.apply({ type: 'write', node: 'A', command: 'send B ping' });
    if (extra && t === 200) {
      s.runUntil(250);
      s.apply({ type: 'write', node: 'A', command: 'send B extra' });
    }
  }
  s.runUntil(3500);
  return s;
}
const periods = (s: Simulation, id: string) => s.state<ToyState>(id).periods;
const after = (ps: { t: number; period: number }[], t: number) => ps.filter((p) => p.t >= t).map((p) => p.period);

describe('random streams', () => {
  it('split: two runs that differ by one extra user message draw the same later timeouts at a node it never reached', () => {
    const base = run('split', false);
    const more = run('split', true);
    // The runs do differ: one more message, so the network's later draws (latencies) moved.
    expect(more.eventCount).toBeGreaterThan(base.eventCount);
    expect(more.traceHash).not.toBe(base.traceHash);
    // C never hears of it: every timeout it draws, before and after, is the same.
    expect(periods(base, 'C').length).toBeGreaterThan(12);
    expect(periods(more, 'C')).toEqual(periods(base, 'C'));
  });

  it('single: the same extra message re-rolls every later timeout of every node', () => {
    const base = run('single', false);
    const more = run('single', true);
    const pb = periods(base, 'C');
    const pm = periods(more, 'C');
    expect(pm.filter((p) => p.t < 250)).toEqual(pb.filter((p) => p.t < 250));
    const later = after(pb, 250);
    const laterMore = after(pm, 250);
    expect(later.length).toBeGreaterThan(8);
    // Not one shared prefix: from the first draw after the message on, the values differ.
    expect(laterMore.slice(0, 3)).not.toEqual(later.slice(0, 3));
  });

  it("'single' is the default and is the one stream the kernel always used: the seed's own PRNG", () => {
    expect(run(undefined, true).traceHash).toBe(run('single', true).traceHash);
    expect(run('split', true).traceHash).not.toBe(run('single', true).traceHash);
    expect(new Simulation(toy, { seed: 1, config: { nodes: ['A'] } }).rngStreams).toBe('single');
  });

  it('split streams replay bit for bit, through snapshot and restore too', () => {
    const a = run('split', true, 7);
    const b = run('split', true, 7);
    expect(b.traceHash).toBe(a.traceHash);
    expect(run('split', true, 8).traceHash).not.toBe(a.traceHash);
    const s = new Simulation(toy, { seed: 7, config: CONFIG, link: LINK, trace: 'off', rngStreams: 'split' });
    s.runUntil(400);
    const snap = s.snapshot();
    expect(snap.nodeRngs).toHaveLength(3);
    s.runUntil(2000);
    const h = s.traceHash;
    const p = periods(s, 'B').slice();
    s.restore(snap);
    s.runUntil(2000);
    expect(s.traceHash).toBe(h);
    expect(periods(s, 'B')).toEqual(p);
  });

  it('each node has a stream of its own, and it is not the network one', () => {
    const s = new Simulation(toy, { seed: 3, config: CONFIG, link: LINK, trace: 'off', rngStreams: 'split' });
    const first = ['A', 'B', 'C'].map((id) => periods(s, id)[0]!.period);
    expect(new Set(first).size).toBeGreaterThan(1);
    const one = new Simulation(toy, { seed: 3, config: { ...CONFIG, nodes: ['C'] }, trace: 'off', rngStreams: 'split' });
    // A node's stream depends on the seed and its id only, not on the other nodes.
    expect(periods(one, 'C')[0]!.period).toBe(first[2]);
  });

  it('rngStreamsFor: runs of a core version from rngSplitSince on are split, older ones single', () => {
    expect(rngStreamsFor({ version: 3 })).toBe('single');
    expect(rngStreamsFor({ version: 3, rngSplitSince: 3 })).toBe('split');
    expect(rngStreamsFor({ version: 3, rngSplitSince: 3 }, 2)).toBe('single');
    expect(rngStreamsFor({ version: 4, rngSplitSince: 3 }, 3)).toBe('split');
  });
});
