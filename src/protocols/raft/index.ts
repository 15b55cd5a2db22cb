// Raft (Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm", extended
// version), as a kernel plug-in: servers S1 … Sn, every one of kind 'data'. The house shape:
// config, messages, state, node (the rules), invariants (the five safety properties).

import type { Protocol } from '../../kernel/types';
import { serverIds, type RaftConfig } from './config';
import { RaftMonitors } from './invariants';
import { messageDigest, messageInfo, type RaftMessage } from './messages';
import { crashServer, initServer, onClientWrite, onTimer, startServer, step } from './node';
import { lastTerm, type RaftState } from './state';

export const RAFT_VERSION = 1;

const ROLE_CODE = { follower: 1, precandidate: 2, candidate: 3, leader: 4 } as const;

export const raft: Protocol<RaftState, RaftMessage, RaftConfig> = {
  id: 'raft',
  title: 'Raft (extended paper, Figure 2)',
  version: RAFT_VERSION,
  nodes: (config) => serverIds(config).map((id) => ({ id, kind: 'data' })),
  init: (node, config) => initServer(node.id, config),
  start: (ctx, state, config) => startServer(ctx, state, config),
  crash: (state, _node, config, wipe) => crashServer(state, config, wipe),
  onMessage: (ctx, state, from, msg, config) => step(ctx, state, from, msg, config),
  onTimer: (ctx, state, timer, config) => onTimer(ctx, state, timer, config),
  onClientWrite: (ctx, state, command, config) => onClientWrite(ctx, state, command, config),
  clone: (s) => ({
    ...s,
    log: s.log.slice(),
    votes: s.votes.slice(),
    recentActive: s.recentActive.slice(),
    nextIndex: s.nextIndex.slice(),
    matchIndex: s.matchIndex.slice(),
  }),
  digest: (s) =>
    (s.currentTerm * 131 +
      ROLE_CODE[s.role] * 17 +
      s.commitIndex * 7919 +
      s.log.length * 104729 +
      lastTerm(s) * 31 +
      (s.votedFor ? s.votedFor.charCodeAt(1) * 977 : 0) +
      (s.leaderId ? s.leaderId.charCodeAt(1) * 3 : 0)) |
    0,
  messageDigest,
  messageInfo,
  summary: (s) => ({
    kind: 'data',
    role: s.role,
    term: s.currentTerm,
    votedFor: s.votedFor,
    leaderId: s.leaderId,
    commitIndex: s.commitIndex,
    logLength: s.log.length,
    lastLogTerm: lastTerm(s),
  }),
  monitors: (config) => new RaftMonitors(config),
};

export * from './config';
export * from './messages';
export * from './state';
export { PROPERTIES, PROPERTY_TEXT, RaftMonitors } from './invariants';
