// Kernel semantics, tested with a toy protocol (tests/kernel/toy.ts) that does only what the
// test tells it to.
import { describe, expect, it } from 'vitest';
import { ActionError, Simulation } from '../../src/kernel/sim';
import { EventHeap } from '../../src/kernel/heap';
import { Prng } from '../../src/kernel/prng';
import type { Action } from '../../src/kernel/types';
import { FIXED_LINK, toy, type ToyConfig, type ToyState } from './toy';

function sim(config: Partial<ToyConfig> = {}, seed = 1, link: Record<string, number> = FIXED_LINK): Simulation {
  return new Simulation(toy, { seed, config: { nodes: ['A', 'B', 'C'], ...config }, link, trace: 'full' });
}
const st = (s: Simulation, id: string) => s.state<ToyState>(id);
const cmd = (s: Simulation, node: string, command: string) => s.apply({ type: 'write', node, command });

describe('event queue: order by (time, seq)', () => {
  it('pops items by time, ties broken by insertion order', () => {
    const q = new EventHeap<{ t: number; seq: number; tag: string }>();
    const rng = new Prng(3);
    const items = Array.from({ length: 500 }, (_, seq) => ({ t: rng.int(0, 20), seq, tag: `i${seq}` }));
    for (const it of items) q.push(it, it.t, it.seq, it.seq);
    const out: typeof items = [];
    while (q.size) {
      // The top's key and tag are the top item's.
      expect(q.topT()).toBe(q.top()!.t);
      expect(q.topTag()).toBe(q.top()!.seq);
      out.push(q.pop()!);
    }
    expect(q.pop()).toBeUndefined();
    const expected = items.slice().sort((a, b) => a.t - b.t || a.seq - b.seq);
    expect(out.map((x) => x.tag)).toEqual(expected.map((x) => x.tag));
  });

  it('a saved heap reloads exactly, and stays usable after the live one moves on', () => {
    const q = new EventHeap<number>();
    const rng = new Prng(5);
    for (let seq = 0; seq < 300; seq++) q.push(seq, rng.int(0, 50), seq, -seq);
    for (let k = 0; k < 100; k++) q.pop();
    const saved = q.save();
    const drain = (h: EventHeap<number>) => {
      const out: number[] = [];
      while (h.size) out.push(h.pop()!);
      return out;
    };
    const first = drain(q);
    expect(first).toHaveLength(200);
    q.load(saved);
    expect(drain(q)).toEqual(first);
    q.load(saved);
    expect(q.topTag()).toBe(-first[0]!);
    expect(drain(q)).toEqual(first);
  });

  it('messages due at the same instant are delivered in send order; a timer set first fires first', () => {
    const s = sim();
    cmd(s, 'A', 'timer t1 10'); // due at 10, scheduled before the messages
    cmd(s, 'A', 'send B m1');
    cmd(s, 'A', 'send B m2');
    cmd(s, 'C', 'send B m3');
    s.runUntil(100);
    expect(st(s, 'B').got.map((g) => [g.msg, g.t])).toEqual([
      ['m1', 10],
      ['m2', 10],
      ['m3', 10],
    ]);
    const order = s.trace.slice(4).map((e) => (e.action.type === 'fire' ? 'fire' : e.msg?.msg));
    expect(order).toEqual(['fire', 'm1', 'm2', 'm3']);
  });

  it('events are processed in non-decreasing time', () => {
    const s = sim({ boot: { a: 5, b: 3 } }, 9, { latencyMin: 1, latencyJitter: 50 });
    for (let i = 0; i < 30; i++) cmd(s, ['A', 'B', 'C'][i % 3]!, `send ${['B', 'C', 'A'][i % 3]} x${i}`);
    s.runUntil(1000);
    const ts = s.trace.map((e) => e.t);
    for (let i = 1; i < ts.length; i++) expect(ts[i]!).toBeGreaterThanOrEqual(ts[i - 1]!);
  });
});

describe('PRNG', () => {
  it('the same seed gives the same sequence; another seed another one', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const xs = Array.from({ length: 100 }, () => a.nextU32());
    expect(Array.from({ length: 100 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.nextU32())).not.toEqual(xs);
  });

  it('next is in [0, 1), int is inclusive, and its state resumes exactly', () => {
    const p = new Prng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = p.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = p.int(3, 6);
      expect(k >= 3 && k <= 6).toBe(true);
      seen.add(k);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    const st0 = p.getState();
    const ahead = [p.nextU32(), p.nextU32()];
    p.setState(st0);
    expect([p.nextU32(), p.nextU32()]).toEqual(ahead);
    expect(Prng.derive(1, 2)).toBe(Prng.derive(1, 2));
    expect(Prng.derive(1, 2)).not.toBe(Prng.derive(1, 3));
  });

  it('handlers draw from the simulation\'s seeded PRNG', () => {
    const draw = (seed: number) => {
      const s = sim({}, seed);
      cmd(s, 'A', 'rand');
      cmd(s, 'B', 'rand');
      return [...st(s, 'A').draws, ...st(s, 'B').draws];
    };
    expect(draw(11)).toEqual(draw(11));
    expect(draw(11)).not.toEqual(draw(12));
  });
});

describe('links', () => {
  it('a cut drops a message at arrival, not at send or cut time', () => {
    const s = sim();
    cmd(s, 'A', 'send B hello');
    const [env] = s.messages();
    s.runUntil(5);
    s.apply({ type: 'cut', from: 'A', to: 'B' });
    expect(s.messages()).toHaveLength(1); // still in flight
    s.runUntil(100);
    const drop = s.trace.find((e) => e.action.type === 'drop')!;
    expect(drop).toMatchObject({ dropReason: 'cut', t: env!.deliverAt, node: 'B' });
    expect(st(s, 'B').got).toEqual([]);
  });

  it('healing before arrival lets the message through; a cut is one-way unless both', () => {
    const s = sim();
    cmd(s, 'A', 'send B one');
    s.apply({ type: 'cut', from: 'A', to: 'B' });
    cmd(s, 'B', 'send A back'); // B→A is not cut
    s.apply({ type: 'heal', from: 'A', to: 'B' });
    s.runUntil(100);
    expect(st(s, 'B').got.map((g) => g.msg)).toEqual(['one']);
    expect(st(s, 'A').got.map((g) => g.msg)).toEqual(['back']);
    s.apply({ type: 'cut', from: 'A', to: 'B', both: true });
    expect(s.link('A', 'B').cut && s.link('B', 'A').cut).toBe(true);
    expect(s.link('A', 'C').cut).toBe(false);
  });

  it('a timed cut heals itself at its end, with an auto heal event', () => {
    const s = sim();
    s.runUntil(20);
    s.apply({ type: 'cut', from: 'A', to: 'B', both: true, duration: 100 });
    expect(s.link('A', 'B')).toMatchObject({ cut: true, cutUntil: 120 });
    s.runUntil(119);
    expect(s.link('B', 'A').cut).toBe(true);
    s.runUntil(120);
    expect(s.link('A', 'B')).toMatchObject({ cut: false, cutUntil: null });
    expect(s.link('B', 'A').cut).toBe(false);
    const heals = s.trace.filter((e) => e.action.type === 'heal' && e.source === 'auto');
    expect(heals.map((e) => e.t)).toEqual([120, 120]);
  });

  it('a timed cut that was healed and cut again (permanently) is not healed by the old timer', () => {
    const s = sim();
    s.apply({ type: 'cut', from: 'A', to: 'B', duration: 100 });
    s.apply({ type: 'heal', from: 'A', to: 'B' });
    s.apply({ type: 'cut', from: 'A', to: 'B' });
    s.runUntil(500);
    expect(s.link('A', 'B').cut).toBe(true);
  });

  it('loss = 1 loses every message on the link, with reason loss', () => {
    const s = sim();
    s.apply({ type: 'link', from: 'A', to: 'B', params: { loss: 1 } });
    for (let i = 0; i < 5; i++) cmd(s, 'A', `send B m${i}`);
    s.runUntil(100);
    expect(st(s, 'B').got).toEqual([]);
    expect(s.trace.filter((e) => e.dropReason === 'loss')).toHaveLength(5);
  });

  it('latency follows the link parameters: min + jitter + extra delay, and a tail capped at tailMax', () => {
    const s = sim({}, 4, { latencyMin: 30, latencyJitter: 10, tailProb: 0, extraDelay: 0 });
    s.apply({ type: 'link', from: 'A', to: 'C', params: { extraDelay: 500 } });
    s.apply({ type: 'link', from: 'B', to: 'C', params: { tailProb: 1, tailScale: 1e6, tailMax: 200 } });
    for (let i = 0; i < 50; i++) {
      cmd(s, 'A', 'send B x');
      cmd(s, 'A', 'send C y');
      cmd(s, 'B', 'send C z');
    }
    for (const m of s.messages()) {
      const lat = m.deliverAt - m.sentAt;
      if (m.from === 'A' && m.to === 'B') expect(lat >= 30 && lat <= 40).toBe(true);
      if (m.from === 'A' && m.to === 'C') expect(lat >= 530 && lat <= 540).toBe(true);
      if (m.from === 'B') expect(lat >= 30 && lat <= 240).toBe(true);
    }
    const tails = s.messages().filter((m) => m.from === 'B').map((m) => m.deliverAt - m.sentAt);
    expect(Math.max(...tails)).toBeGreaterThan(200); // the tail happens, capped at 200 extra
  });

  it('dup = 1 duplicates every message on the link', () => {
    const s = sim();
    s.apply({ type: 'link', from: 'A', to: 'B', params: { dup: 1 } });
    const ev = cmd(s, 'A', 'send B x')!;
    const m = s.messages();
    expect(m).toHaveLength(2);
    expect(m[1]!.dupOf).toBe(m[0]!.id);
    // The sending event's batch holds both envelopes, the duplicate included.
    expect(ev.sent).toEqual(m);
    expect(ev.sent[1]).toBe(m[1]);
    s.runUntil(100);
    expect(st(s, 'B').got.map((g) => g.msg)).toEqual(['x', 'x']);
  });
});

describe('crash and restart', () => {
  it('a crash drops in-flight messages to the node and its timers; durable state survives', () => {
    const s = sim({ boot: { tick: 50 } });
    cmd(s, 'A', 'send B one');
    s.runUntil(20);
    expect(st(s, 'B').durable).toBe(1);
    cmd(s, 'A', 'send B two');
    cmd(s, 'A', 'send C three');
    const toB = s.messages().filter((m) => m.to === 'B');
    expect(toB.length).toBe(1);
    const ev = s.apply({ type: 'crash', node: 'B' })!;
    // The crash event carries the lost envelopes themselves.
    expect(ev.dropped.length).toBe(toB.length);
    ev.dropped.forEach((e, k) => expect(e).toBe(toB[k]));
    expect(s.messages().every((m) => m.to !== 'B')).toBe(true);
    expect(s.timers('B')).toEqual([]);
    expect(s.isUp('B')).toBe(false);
    expect(st(s, 'B')).toMatchObject({ durable: 1, volatile: 0 });
    s.runUntil(200);
    expect(st(s, 'B').fired).toEqual([]); // its tick never fired
    expect(st(s, 'C').got.map((g) => g.msg)).toEqual(['three']);
  });

  it('a message that arrives at a down node is dropped with reason down', () => {
    const s = sim();
    s.apply({ type: 'crash', node: 'B' });
    cmd(s, 'A', 'send B late');
    s.runUntil(100);
    expect(s.trace.at(-1)).toMatchObject({ dropReason: 'down', node: 'B' });
  });

  it('a restart runs start again (timers re-armed); a wipe loses the durable state', () => {
    const s = sim({ boot: { tick: 50 } });
    cmd(s, 'A', 'send B one');
    s.runUntil(20);
    s.apply({ type: 'crash', node: 'B' });
    s.apply({ type: 'restart', node: 'B' });
    expect(st(s, 'B').starts).toBe(2);
    expect(s.timers('B')).toEqual([{ name: 'tick', t: 70 }]);
    s.apply({ type: 'crash', node: 'B', wipe: true });
    expect(st(s, 'B').durable).toBe(0);
  });

  it('healAll heals every link, resets link parameters, and restarts crashed nodes', () => {
    const s = sim();
    s.apply({ type: 'cut', from: 'A', to: 'B', both: true });
    s.apply({ type: 'link', from: 'A', to: 'C', params: { loss: 0.5 } });
    s.apply({ type: 'crash', node: 'C' });
    s.apply({ type: 'healAll' });
    expect(s.link('A', 'B').cut || s.link('B', 'A').cut).toBe(false);
    expect(s.link('A', 'C').params.loss).toBe(0);
    expect(s.isUp('C')).toBe(true);
  });
});

describe('user actions', () => {
  it('duplicate creates a second envelope (new id, dupOf the original), and both arrive', () => {
    const s = sim();
    cmd(s, 'A', 'send B x');
    const [orig] = s.messages();
    s.apply({ type: 'duplicate', msg: orig!.id });
    const all = s.messages();
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ from: 'A', to: 'B', msg: 'x', dupOf: orig!.id, fate: 'deliver' });
    expect(all[1]!.id).not.toBe(orig!.id);
    s.runUntil(100);
    expect(st(s, 'B').got.map((g) => g.msg)).toEqual(['x', 'x']);
  });

  it('deliver and drop act on one message now; fire runs an armed timer now', () => {
    const s = sim({ boot: { tick: 500 } });
    cmd(s, 'A', 'send B first');
    cmd(s, 'A', 'send B second');
    const [m1, m2] = s.messages();
    s.apply({ type: 'deliver', msg: m2!.id });
    s.apply({ type: 'drop', msg: m1!.id });
    expect(st(s, 'B').got.map((g) => [g.msg, g.t])).toEqual([['second', 0]]);
    expect(s.trace.at(-1)).toMatchObject({ dropReason: 'user', source: 'user' });
    s.apply({ type: 'fire', node: 'C', timer: 'tick' });
    expect(st(s, 'C').fired).toEqual([{ name: 'tick', t: 0 }]);
    expect(s.timers('C')).toEqual([]);
    s.runUntil(1000);
    expect(st(s, 'C').fired).toHaveLength(1); // the fired timer does not fire again
  });

  const invalid: [string, Action, RegExp][] = [
    ['restart a node that is up', { type: 'restart', node: 'A' }, /cannot restart A: it is up/],
    ['an unknown node', { type: 'crash', node: 'Z' }, /unknown node 'Z'/],
    ['deliver a message not in flight', { type: 'deliver', msg: 999 }, /message #999 is not in flight/],
    ['drop a message not in flight', { type: 'drop', msg: 999 }, /not in flight/],
    ['duplicate a message not in flight', { type: 'duplicate', msg: 999 }, /not in flight/],
    ['fire a timer that is not armed', { type: 'fire', node: 'A', timer: 'nope' }, /A has no timer 'nope' armed/],
    ['cut a node from itself', { type: 'cut', from: 'A', to: 'A' }, /two different nodes/],
    ['a cut of negative duration', { type: 'cut', from: 'A', to: 'B', duration: -5 }, /positive number of ms/],
    ['an unknown link parameter', { type: 'link', from: 'A', to: 'B', params: { speed: 3 } as never }, /unknown link parameter 'speed'/],
    ['a loss above 1', { type: 'link', from: 'A', to: 'B', params: { loss: 2 } }, /probability/],
    ['a negative latency', { type: 'link', from: 'A', to: 'B', params: { latencyMin: -1 } }, /≥ 0/],
    ['a command that is too long', { type: 'write', node: 'A', command: 'x'.repeat(201) }, /at most 200 characters/],
    ['an unknown operator action', { type: 'operator', name: 'explode' }, /unknown operator action 'explode'/],
    ['an unknown action type', { type: 'teleport' } as never, /unknown action type 'teleport'/],
  ];
  for (const [what, action, re] of invalid) {
    it(`an invalid action throws ActionError and changes nothing: ${what}`, () => {
      const s = sim({ boot: { tick: 50 } });
      cmd(s, 'A', 'send B x');
      const before = { hash: s.traceHash, n: s.eventCount, now: s.now, msgs: s.messages().length, states: JSON.stringify(['A', 'B', 'C'].map((id) => st(s, id))) };
      expect(s.validate(action)).toMatch(re);
      expect(() => s.apply(action)).toThrow(ActionError);
      expect(() => s.apply(action)).toThrow(re);
      expect({ hash: s.traceHash, n: s.eventCount, now: s.now, msgs: s.messages().length, states: JSON.stringify(['A', 'B', 'C'].map((id) => st(s, id))) }).toEqual(before);
    });
  }

  it('crashing a down node and delivering to a down node are refused', () => {
    const s = sim();
    cmd(s, 'A', 'send B x');
    const [m] = s.messages();
    s.apply({ type: 'crash', node: 'C' });
    expect(() => s.apply({ type: 'crash', node: 'C' })).toThrow(/cannot crash C: it is down/);
    cmd(s, 'A', 'send C y');
    const toC = s.messages().find((e) => e.to === 'C')!;
    expect(() => s.apply({ type: 'deliver', msg: toC.id })).toThrow(/C is down/);
    s.apply({ type: 'cut', from: 'A', to: 'B' });
    expect(() => s.apply({ type: 'deliver', msg: m!.id })).toThrow(/link A→B is cut/);
  });

  it('every event records what it sent and which timers it set', () => {
    const s = sim();
    const ev = cmd(s, 'A', 'send B x')!;
    expect(ev.sent.length).toBe(1);
    expect(ev.sent[0]).toBe(s.messages()[0]);
    expect(ev.sent[0]).toMatchObject({ from: 'A', to: 'B', msg: 'x', sentAt: 0, deliverAt: 10, dupOf: null });
    const ev2 = cmd(s, 'A', 'timer t9 40')!;
    expect(ev2.timers).toEqual([['A', 't9', 40]]);
    expect(ev2.source).toBe('user');
  });
});

describe('runEvents', () => {
  // Regression: at trace level 'off' step() builds no event object, and runEvents took the
  // missing event for "nothing scheduled": it processed one event and returned 0.
  for (const trace of ['off', 'light', 'full'] as const) {
    it(`processes the requested number of events and counts them (trace ${trace})`, () => {
      const s = new Simulation(toy, { seed: 1, config: { nodes: ['A', 'B', 'C'], boot: { a: 5, b: 7 } }, link: FIXED_LINK, trace });
      for (let i = 0; i < 6; i++) cmd(s, 'A', `send ${i % 2 ? 'B' : 'C'} m${i}`);
      const before = s.eventCount; // 6 writes
      expect(s.runEvents(4)).toBe(4);
      expect(s.eventCount).toBe(before + 4);
      // 6 boot timers (a and b on three nodes) and 6 messages: 8 are left; it stops there and says so.
      expect(s.runEvents(100)).toBe(8);
      expect(s.eventCount).toBe(before + 12);
      expect(s.runEvents(3)).toBe(0);
    });
  }

  it('gives the same run as step() at every trace level', () => {
    const hashes = (['off', 'light', 'full'] as const).map((trace) => {
      const s = new Simulation(toy, { seed: 3, config: { nodes: ['A', 'B'], boot: { a: 5 } }, link: { latencyMin: 1, latencyJitter: 9 }, trace });
      for (let i = 0; i < 5; i++) cmd(s, 'A', `send B m${i}`);
      s.runEvents(3);
      return [s.eventCount, s.traceHash];
    });
    expect(hashes[1]).toEqual(hashes[0]);
    expect(hashes[2]).toEqual(hashes[0]);
  });
});
