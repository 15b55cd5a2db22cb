// A small fake handler context: it records what a handler sends, which timers it sets or
// clears, and its notes, so a test can drive one PROTOCOL.md rule at a time.
import { makeFakeCtx, type FakeCtx as FakeCtxOf } from '../support/fake-ctx';
import type { NodeId } from '../../src/kernel/types';
import { janusConfig, type JanusConfig } from '../../src/protocols/janus/config';
import type { AppendEntries, AppendEntriesResponse, Entry, JanusMessage, NodeSet, TermRequest, TermResponse } from '../../src/protocols/janus/messages';
import { initDataNode } from '../../src/protocols/janus/node';
import { initElector } from '../../src/protocols/janus/elector';
import { bit, type DataNodeState, type ElectorState } from '../../src/protocols/janus/state';

export type FakeCtx = FakeCtxOf<JanusMessage>;

export const fakeCtx = (self: NodeId, now = 1000, seed = 1): FakeCtx => makeFakeCtx<JanusMessage>(self, now, seed);

export const cfg3: JanusConfig = janusConfig(3);
export const cfg2: JanusConfig = janusConfig(2);

/** A set from node ids: set('D1', 'D3'). */
export const set = (...ids: NodeId[]): NodeSet => ids.reduce((a, id) => a | bit(Number(id.slice(1)) - 1), 0);

/** A log whose entry k has term terms[k-1]. */
export const logOf = (...terms: number[]): Entry[] => terms.map((term, k) => ({ term, index: k + 1, command: `c${k + 1}` }));

export function dataNode(id: NodeId, over: Partial<DataNodeState> = {}, config: JanusConfig = cfg3): DataNodeState {
  return { ...initDataNode(id, config), ...over };
}

export function elector(over: Partial<ElectorState> = {}, config: JanusConfig = cfg3): ElectorState {
  return { ...initElector('E', config), ...over };
}

export function ae(over: Partial<AppendEntries> = {}): AppendEntries {
  return { type: 'AppendEntries', term: 1, leaderId: 'D1', replicationSet: set('D1', 'D2', 'D3'), prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0, ...over };
}

export function aeResp(over: Partial<AppendEntriesResponse> = {}): AppendEntriesResponse {
  return { type: 'AppendEntriesResponse', term: 1, from: 'D2', replicationSet: set('D1', 'D2', 'D3'), success: true, matchIndex: 0, ...over };
}

export function termReq(over: Partial<TermRequest> = {}): TermRequest {
  return { type: 'TermRequest', kind: 'takeover', from: 'D2', term: 1, electorEpoch: 0, replicationSet: set('D2', 'D3'), ...over };
}

export function termResp(over: Partial<TermResponse> = {}): TermResponse {
  return { type: 'TermResponse', granted: true, electorEpoch: 0, term: 2, leaderId: 'D1', replicationSet: set('D1', 'D2', 'D3'), ...over };
}
