// A small fake handler context for any protocol: it records what a handler sends, which timers it
// sets or clears, its notes and probes, so a test can drive one rule at a time.
import { Prng } from '../../src/kernel/prng';
import type { Ctx, NodeId } from '../../src/kernel/types';

export interface FakeCtx<M extends { type: string }> extends Ctx<M> {
  now: number;
  self: NodeId;
  sent: { to: NodeId; msg: M }[];
  timers: Map<string, number>;
  cleared: string[];
  notes: { rule: string; text: string }[];
  probes: string[];
  /** Messages sent of one type, narrowed. */
  sentOf<T extends M['type']>(type: T): { to: NodeId; msg: Extract<M, { type: T }> }[];
  reset(): void;
}

export function makeFakeCtx<M extends { type: string }>(self: NodeId, now = 1000, seed = 1): FakeCtx<M> {
  const rng = new Prng(seed);
  const ctx: FakeCtx<M> = {
    now,
    self,
    sent: [],
    timers: new Map(),
    cleared: [],
    notes: [],
    probes: [],
    send(to, msg) {
      ctx.sent.push({ to, msg });
    },
    setTimer(name, delay) {
      ctx.timers.set(name, ctx.now + delay);
    },
    clearTimer(name) {
      ctx.timers.delete(name);
      ctx.cleared.push(name);
    },
    hasTimer: (name) => ctx.timers.has(name),
    elapsed: (since, duration) => ctx.now - since >= duration,
    random: () => rng.next(),
    randomInt: (lo, hi) => rng.int(lo, hi),
    probe(name) {
      ctx.probes.push(name);
    },
    note(rule, text) {
      ctx.notes.push({ rule, text: text() });
    },
    sentOf(type) {
      return ctx.sent.filter((s) => s.msg.type === type) as never;
    },
    reset() {
      ctx.sent = [];
      ctx.notes = [];
      ctx.probes = [];
      ctx.cleared = [];
    },
  };
  return ctx;
}
