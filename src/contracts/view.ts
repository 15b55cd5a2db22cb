// What the page shows of a protocol, whatever the protocol: a typed view of each node (role,
// term, replication factor, commit point, log, leader, and the card's lines in the protocol's own
// words), the protocol's vocabulary (properties, message types and their colours, a legend of its
// abbreviations), its own steps as buttons, and its "Why?" texts. Each protocol plug-in supplies
// these; the store and the panels read nothing else of a protocol's state.

import type { Action, Note, NodeId } from '../kernel/types';

export interface ViewEntry {
  index: number;
  term: number;
  command: string;
}

/**
 * A node's kind in the picture: 'data' nodes keep the replicated log and can lead; an 'elector'
 * (Janus) or any other arbiter keeps no log and is drawn apart from them.
 */
export type NodeKind = 'data' | 'elector';

export interface NodeView {
  id: NodeId;
  kind: NodeKind;
  /** The node's role in the protocol's words ('leader', 'follower', 'candidate', 'elector' …). */
  role: string;
  /** True when the role is the protocol's leader role (the one clients write to). */
  leader: boolean;
  term: number;
  /** Replication factor as the node believes it (0: unknown / not installed). */
  rf: number;
  /** Highest index the node knows committed, capped by its log (data nodes). */
  commitIndex: number;
  /** The replicated log (empty for a node that keeps none). */
  log: readonly ViewEntry[];
  /** The leader this node follows, if it names one. */
  leaderId: NodeId | null;
  /** The members of the replication set as the node believes it, if the protocol has one. */
  replicationSet: readonly NodeId[] | null;
  /** Card lines under the header, in the protocol's words. */
  lines: string[];
  /**
   * Display-only clocks: a wait the node's rules check when a message arrives (never a timer it
   * arms), drawn like a timer. Each reads "`label` since `since`; after `duration` ms, `what`".
   */
  clocks?: readonly DisplayClock[];
}

/**
 * A wait a node checks on demand (through `ctx.elapsed`), shown as a clock that runs down. It
 * changes nothing in the run: a protocol's guard decides, the picture only counts.
 */
export interface DisplayClock {
  /** The protocol's name of the wait (its timing knob), e.g. 'electorLeaderTimeout'. */
  name: string;
  /** What is being timed, e.g. 'leader silence'. */
  label: string;
  /** What becomes allowed once it has run out, e.g. 'takeover allowed'. */
  what: string;
  /** Virtual time the wait began (ms). */
  since: number;
  /** How long it lasts (ms). */
  duration: number;
}

/** One abbreviation or colour the picture uses, and what it means. */
export interface LegendItem {
  term: string;
  meaning: string;
}

/** A protocol's words for the panels. */
export interface Vocabulary {
  /** What each monitored property means. */
  properties: Readonly<Record<string, string>>;
  /** Message type names, as in the protocol document, in display order. */
  messageTypes: readonly string[];
  /** A colour per message type (CSS colour); types not listed take a neutral colour. */
  messageColors?: Readonly<Record<string, string>>;
  /** The abbreviations and marks used on cards and messages. */
  legend?: readonly LegendItem[];
  /** One sentence on what the node of each kind is (shown in Help and the legend). */
  kinds?: Readonly<Partial<Record<NodeKind, string>>>;
  /** A short note at the foot of a card of each kind, in the protocol's words (e.g. what the elector never receives). */
  kindNotes?: Readonly<Partial<Record<NodeKind, string>>>;
  /** When an entry counts as committed, in plain words (the page's first-visit card shows it). */
  commitRule?: string;
}

/** An operator action offered as a button: a protocol's own step taken by hand. */
export interface OperatorButton {
  label: string;
  action: Action;
  /** Why it cannot be taken now, or null. */
  disabled: string | null;
  title: string;
}

/** What an operator-button or "Why?" function may read of the run. */
export interface RunView {
  nodeIds: readonly NodeId[];
  state(id: NodeId): unknown;
  isUp(id: NodeId): boolean;
}

/** "Why?" texts: the state of a node and of a log entry explained, citing the protocol's rules. */
export interface WhyTexts {
  node(id: NodeId, run: RunView): Note[];
  /** Is entry `index` on `node` committed, and if not, what is it waiting for? */
  entry(node: NodeId, index: number, run: RunView): Note[];
  /** A rule id's title, e.g. '6.2' → '§6.2 Grow'. */
  ruleName(rule: string): string;
}

/** `{ clocks }` when there are any, else nothing (a view without clocks has no `clocks` key). */
export function withClocks(clocks: readonly DisplayClock[]): { clocks?: readonly DisplayClock[] } {
  return clocks.length ? { clocks } : {};
}

export interface ProtocolView {
  /** A node's view; given the run's configuration, it may add display clocks (`NodeView.clocks`). */
  node(state: unknown, config?: unknown): NodeView;
  vocabulary: Vocabulary;
  /** The protocol's own steps as buttons, for the controls panel. */
  operatorButtons(run: RunView): OperatorButton[];
  /** Rare paths the coverage badges always list (probe names), hit or not. */
  probes?: readonly string[];
  why?: WhyTexts;
}

/** Tableau 10: distinct, readable message colours. */
export const TABLEAU10 = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'] as const;

/** A colour per message type, in the order given (the protocol document's). */
export function colorsByType(types: readonly string[], palette: readonly string[] = TABLEAU10): Record<string, string> {
  return Object.fromEntries(types.map((t, i) => [t, palette[i % palette.length]!]));
}

/** The up data node that leads the highest term, if any. */
export function leaderView(view: ProtocolView, run: RunView): NodeView | null {
  let best: NodeView | null = null;
  for (const id of run.nodeIds) {
    if (!run.isUp(id)) continue;
    const v = view.node(run.state(id));
    if (v.kind === 'data' && v.leader && (!best || v.term > best.term)) best = v;
  }
  return best;
}

/** "Why?" for a protocol without its own explainer: what the node's view says. */
export function plainWhy(view: ProtocolView): WhyTexts {
  return {
    node(id, run) {
      const v = view.node(run.state(id));
      return [{ rule: '', text: `${id}${run.isUp(id) ? '' : ' (down)'}: ${v.role}; ${v.lines.join('; ')}.` }];
    },
    entry(node, index, run) {
      const v = view.node(run.state(node));
      if (v.kind !== 'data' || index > v.log.length) return [];
      return [
        {
          rule: '',
          text: `Entry ${index} on ${node} is ${index <= v.commitIndex ? "committed: it is at or below the node's commit point" : `not committed: the node's commit point is ${v.commitIndex}`}.`,
        },
      ];
    },
    ruleName: (rule) => rule,
  };
}
