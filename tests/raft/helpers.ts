// Helpers for the Raft tests: a registry holding the Raft plug-in alone (so the tests do not
// depend on the page's registry), a fake handler context that records what one step does, and
// servers built in a given state.
import { Registry } from '../../src/contracts';
import { Prng } from '../../src/kernel/prng';
import type { Ctx, NodeId, SimView } from '../../src/kernel/types';
import { raftConfig, type MutantName, type RaftConfig, type RaftTiming } from '../../src/protocols/raft/config';
import type { Entry, LocalMessage, RaftMessage } from '../../src/protocols/raft/messages';
import { initServer, step } from '../../src/protocols/raft/node';
import { raftPlugin } from '../../src/protocols/raft/plugin';
import type { RaftState } from '../../src/protocols/raft/state';

export const registry = new Registry([raftPlugin]);

export interface FakeCtx extends Ctx<RaftMessage> {
  now: number;
  self: NodeId;
  sent: { to: NodeId; msg: RaftMessage }[];
  timers: Map<string, number>;
  cleared: string[];
  notes: { rule: string; text: string }[];
  probes: string[];
  sentOf<T extends RaftMessage['type']>(type: T): { to: NodeId; msg: Extract<RaftMessage, { type: T }> }[];
  reset(): void;
}

export function fakeCtx(self: NodeId, now = 1000, seed = 1): FakeCtx {
  const rng = new Prng(seed);
  const ctx: FakeCtx = {
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

export function config(servers: 3 | 5 = 3, timing: Partial<RaftTiming> = {}, mutant: MutantName | null = null): RaftConfig {
  return raftConfig(servers, { timing, mutant });
}

/** A log from terms: log(1, 1, 2) is 1:t1, 2:t1, 3:t2 with commands c1, c2, c3. */
export function log(...terms: number[]): Entry[] {
  return terms.map((term, i) => ({ index: i + 1, term, command: `c${i + 1}` }));
}

export function server(id: NodeId, c: RaftConfig, over: Partial<RaftState> = {}): RaftState {
  return { ...initServer(id, c), ...over };
}

/** Step one message (or tick) into a server through the entry point. */
export function deliver(ctx: FakeCtx, s: RaftState, from: NodeId | null, m: RaftMessage | LocalMessage, c: RaftConfig): void {
  ctx.self = s.id;
  step(ctx, s, from, m, c);
}

/** A SimView over fixed states, for driving the monitors by hand. */
export function viewOf(states: RaftState[]): SimView<RaftState> {
  return {
    now: 0,
    eventCount: 0,
    nodeIds: states.map((s) => s.id),
    state: (id) => states.find((s) => s.id === id)!,
    stateAt: (i) => states[i]!,
    isUp: () => true,
    isUpAt: () => true,
  };
}
