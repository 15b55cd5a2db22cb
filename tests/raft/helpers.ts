// Helpers for the Raft tests: a registry holding the Raft plug-in alone (so the tests do not
// depend on the page's registry), a fake handler context that records what one step does, and
// servers built in a given state.
import { makeFakeCtx, type FakeCtx as FakeCtxOf } from '../support/fake-ctx';
import { staticView } from '../support/static-view';
import { Registry } from '../../src/contracts';
import type { NodeId, SimView } from '../../src/kernel/types';
import { raftConfig, type MutantName, type RaftConfig, type RaftTiming } from '../../src/protocols/raft/config';
import type { Entry, LocalMessage, RaftMessage } from '../../src/protocols/raft/messages';
import { initServer, step } from '../../src/protocols/raft/node';
import { raftPlugin } from '../../src/protocols/raft/plugin';
import type { RaftState } from '../../src/protocols/raft/state';

export const registry = new Registry([raftPlugin]);

export type FakeCtx = FakeCtxOf<RaftMessage>;

export const fakeCtx = (self: NodeId, now = 1000, seed = 1): FakeCtx => makeFakeCtx<RaftMessage>(self, now, seed);

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
  return staticView(states);
}
