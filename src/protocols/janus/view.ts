// What the page shows of a Janus node (the plug-in's view): the card's fields and lines, the
// words of the panels, the legend of the picture's abbreviations, the operator's buttons, and the
// "Why?" texts (explain.ts).

import type { DataNodeState, ElectorState, JanusState } from './state';
import type { JanusConfig } from './config';
import { MESSAGE_TYPES } from './messages';
import { PROPERTY_TEXT } from './invariants';
import { encodeElectorState, formatSet, isBlank, setToIds, size } from './state';
import { explainEntry, explainNode, ruleName } from './explain';
import { colorsByType, withClocks, type DisplayClock, type NodeView, type OperatorButton, type ProtocolView, type RunView } from '../../contracts/view';

/**
 * §4.3: the elector grants a takeover over a recorded leader only once that leader has been silent
 * for `electorLeaderTimeout` (it checks on request; no timer is armed). Shown as a clock.
 */
function silenceClock(s: ElectorState, config: unknown): DisplayClock[] {
  const timing = (config as Partial<JanusConfig> | undefined)?.timing;
  if (!timing || s.leaderId === null || !s.installed) return [];
  return [{ name: 'electorLeaderTimeout', label: 'leader silence', what: 'takeover allowed', since: s.lastHeardFromLeaderAt, duration: timing.electorLeaderTimeout }];
}

function nodeView(st: unknown, config?: unknown): NodeView {
  const s = st as JanusState;
  if (s.kind === 'elector') {
    return {
      id: s.id,
      kind: 'elector',
      role: 'elector',
      leader: false,
      term: s.currentTerm,
      rf: s.installed ? size(s.replicationSet) : 0,
      commitIndex: 0,
      log: [],
      leaderId: s.leaderId,
      replicationSet: s.installed ? setToIds(s.replicationSet) : null,
      lines: [
        `epoch ${s.electorEpoch} · term ${s.currentTerm}`,
        `leader ${s.leaderId ?? '—'}`,
        `R ${formatSet(s.replicationSet)} · RF ${size(s.replicationSet)}`,
        `installed ${String(s.installed)} · state ${encodeElectorState(s).length} B`,
      ],
      ...withClocks(silenceClock(s, config)),
    };
  }
  const rf = size(s.replicationSet);
  return {
    id: s.id,
    kind: 'data',
    role: s.role,
    leader: s.role === 'leader',
    term: s.currentTerm,
    rf,
    commitIndex: s.commitIndex,
    log: s.log,
    leaderId: s.leaderId,
    replicationSet: setToIds(s.replicationSet),
    lines: [
      `term ${s.currentTerm} · commit ${s.commitIndex} · log ${s.log.length}`,
      `R ${formatSet(s.replicationSet)}`,
      `RF ${rf}${s.leaderId && s.role !== 'leader' ? ` · leader ${s.leaderId}` : ''}`,
      // §14: a node that lost its disk says so until the elector has evicted it.
      ...(isBlank(s) ? ['blank: disk lost, asking to be evicted'] : []),
    ],
  };
}

/**
 * The bootstrap (§14, REJOIN.md §5 step 1), offered only when it can be taken: when every data
 * node is blank (the lab's runs start bootstrapped).
 */
function bootstrapButton(run: RunView): OperatorButton {
  const marked = run.nodeIds.filter((id) => {
    const s = run.state(id) as JanusState;
    return s.kind === 'data' && !isBlank(s);
  });
  return {
    label: 'Bootstrap',
    action: { type: 'operator', name: 'bootstrap' },
    disabled: marked.length ? `already bootstrapped: ${marked.join(', ')} ${marked.length === 1 ? 'holds its' : 'hold their'} marker` : null,
    title: 'The operator writes every data node\'s initial state and bootstrap marker and starts the elector afresh (REJOIN.md §5 step 1); only when every data node is blank',
  };
}

/** The leader of the highest term among the up data nodes (it decides commits). */
function leaderState(run: RunView): DataNodeState | null {
  let best: DataNodeState | null = null;
  for (const id of run.nodeIds) {
    const s = run.state(id) as JanusState;
    if (s.kind === 'data' && s.role === 'leader' && run.isUp(id) && (!best || s.currentTerm > best.currentTerm)) best = s;
  }
  return best;
}

/** Rare paths of our design the coverage badges always list. */
export const PROBES = ['shrink', 'takeover', 'grow', "joiner's ack holds the commit", 'elector replacement', 'stale grant ignored', 'nextIndex back-off', 'blank boot', 'rejoin', 'last holder'] as const;


export const janusView: ProtocolView = {
  node: nodeView,
  vocabulary: {
    properties: PROPERTY_TEXT,
    messageTypes: MESSAGE_TYPES,
    messageColors: colorsByType(MESSAGE_TYPES),
    legend: [
      { term: 'E', meaning: 'the elector: hands out terms and replication sets, keeps under 100 bytes, never receives log data' },
      { term: 'D1, D2, D3', meaning: 'data nodes: they keep the replicated log; one of them leads' },
      { term: 'R', meaning: 'the replication set: the data nodes that must hold an entry before it commits' },
      { term: 'RF', meaning: 'replication factor: the size of R' },
      { term: 'term', meaning: 'the leadership period, granted by the elector; its colour marks log entries' },
      { term: 'commit', meaning: 'the highest log index the node knows is committed' },
      { term: 'epoch', meaning: 'the elector generation; a replacement elector (§9) starts a new epoch' },
      { term: 'installed', meaning: 'a replacement elector has learned the current term and R and serves requests' },
      { term: 'AE', meaning: 'AppendEntries: the leader replicates log entries (or a heartbeat) to a data node' },
      { term: 'AE✓', meaning: 'AppendEntriesResponse: the follower acknowledges (or refuses) entries' },
      { term: 'TReq / TResp', meaning: 'TermRequest / TermResponse: a data node asks the elector for a new term (takeover, shrink, grow, or rejoin after losing its disk)' },
      { term: 'blank', meaning: 'a data node that lost its disk and has not been evicted from R yet: it never leads or acks (§14)' },
      { term: 'EHB / EHB✓', meaning: 'ElectorHeartbeat and its response: the leader tells the elector it is alive' },
    ],
    kinds: {
      data: 'A data node keeps the replicated log; the leader among them takes client writes.',
      elector: 'The elector hands out terms and replication sets. It keeps under 100 bytes and never receives log data.',
    },
    kindNotes: { elector: 'holds no log · never receives log entries' },
    commitRule: 'The leader commits an entry once every member of R has stored it: all of R, not a majority. So any member of R that survives can lead next.',
  },
  operatorButtons: (run) => [
    { label: 'Replace elector', action: { type: 'operator', name: 'replaceElector' }, disabled: null, title: 'The operator installs a new elector (PROTOCOL.md §9)' },
    bootstrapButton(run),
  ],
  probes: PROBES,
  why: {
    node: (id, run) => explainNode(id, run.state(id) as JanusState, run.isUp(id)),
    entry(node, index, run) {
      const s = run.state(node) as JanusState;
      if (s.kind !== 'data') return [];
      return [explainEntry(node, s, index, leaderState(run))];
    },
    ruleName,
  },
};
