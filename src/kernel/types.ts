// The kernel's vocabulary. The kernel knows nodes, messages, timers, links and actions;
// it knows nothing about any protocol. A protocol plugs in through `Protocol`.

export type NodeId = string;

/** Virtual time in milliseconds. */
export type Time = number;

export interface NodeSpec {
  id: NodeId;
  /** Protocol-defined kind, for example 'data' or 'elector'. */
  kind: string;
}

/** Parameters of one directed link. */
export interface LinkParams {
  /** Minimum one-way latency, ms. */
  latencyMin: number;
  /** Uniform jitter added to the minimum, ms. */
  latencyJitter: number;
  /** Probability that a message takes the long tail. */
  tailProb: number;
  /** Scale of the long tail, ms: extra delay = tailScale * (1/u - 1), capped at tailMax. */
  tailScale: number;
  tailMax: number;
  /** Probability that a message is lost. */
  loss: number;
  /** Probability that a message is duplicated. */
  dup: number;
  /** Extra delay added to every message (a delay spike), ms. */
  extraDelay: number;
}

export interface LinkState {
  params: LinkParams;
  cut: boolean;
  /** Virtual time at which a timed cut heals by itself, or null. */
  cutUntil: Time | null;
}

export type DropReason = 'loss' | 'cut' | 'down' | 'user' | 'crash';

/** A message in flight. Envelopes are immutable once created. */
export interface Envelope<M = unknown> {
  id: number;
  from: NodeId;
  to: NodeId;
  msg: M;
  sentAt: Time;
  deliverAt: Time;
  /** What the network decided at send time: deliver or lose it on arrival. */
  fate: 'deliver' | 'loss';
  /** Id of the message this one duplicates, if any. */
  dupOf: number | null;
}

/**
 * Every nondeterministic choice is one of these actions. A run is a seed plus the list of
 * user actions; the kernel's own choices (deliver, drop on loss, timer fires) are recorded
 * in the trace as actions too.
 */
export type Action =
  | { type: 'deliver'; msg: number }
  | { type: 'drop'; msg: number }
  | { type: 'duplicate'; msg: number }
  | { type: 'fire'; node: NodeId; timer: string }
  | { type: 'crash'; node: NodeId; wipe?: boolean }
  | { type: 'restart'; node: NodeId }
  | { type: 'cut'; from: NodeId; to: NodeId; both?: boolean; duration?: number }
  | { type: 'heal'; from: NodeId; to: NodeId; both?: boolean }
  | { type: 'healAll' }
  | { type: 'link'; from: NodeId; to: NodeId; both?: boolean; params: Partial<LinkParams> }
  | { type: 'write'; node: NodeId; command?: string }
  | { type: 'operator'; name: string; node?: NodeId; args?: Record<string, unknown> };

export type ActionType = Action['type'];

/** A user action placed in a run: `at` = number of trace events before it, `t` = virtual time. */
export interface TimedAction {
  at: number;
  t: Time;
  action: Action;
}

/** A note a handler attaches to the event it is processing: the rule it applied, in plain words. */
export interface Note {
  /** Rule id from docs/protocol.md, for example '4.3' or '6.2'. */
  rule: string;
  text: string;
}

export interface ClientWriteResult {
  status: 'appended' | 'redirect' | 'rejected';
  index?: number;
  /** Redirect target. */
  to?: NodeId;
  reason?: string;
}

/** One event of the trace. */
export interface TraceEvent {
  i: number;
  t: Time;
  /** The node the event happened at, or null for network-only events. */
  node: NodeId | null;
  action: Action;
  source: 'auto' | 'user';
  /** The message delivered or dropped, if any. */
  msg?: Envelope;
  dropReason?: DropReason;
  /**
   * The envelopes this event sent, in send order (duplicates included). With `dropped`, the
   * event is its own output batch (like etcd raft's Ready): what it put on the wire and what it
   * took off, as the immutable envelopes themselves.
   */
  sent: Envelope[];
  /** Timers set by this event: [node, name, fire time]. */
  timers: [NodeId, string, Time][];
  /** Envelopes lost as a side effect (in flight to a node that crashed), in id order. */
  dropped: Envelope[];
  notes: Note[];
  /** Coverage probes hit by this event. */
  probes: string[];
  write?: ClientWriteResult & { command: string };
  /** Changes of the acting node's summary: field -> [before, after]. Only at trace level 'full'. */
  changes?: Record<string, [unknown, unknown]>;
  /** Set when the action could not be applied; the event then changed nothing. */
  error?: string;
}

/** What a handler may do. The kernel reuses one context object per event. */
export interface Ctx<M> {
  readonly now: Time;
  readonly self: NodeId;
  send(to: NodeId, msg: M): void;
  /** Set (or reset) the named timer to fire `delay` ms from now. */
  setTimer(name: string, delay: number): void;
  clearTimer(name: string): void;
  hasTimer(name: string): boolean;
  /**
   * Has at least `duration` ms passed since `since`? The timed kernel answers from its clock
   * (`now - since >= duration`); the untimed view of a run (untimed.ts) answers both ways, as a
   * choice the checker explores. A guard that reads the clock goes through this, never `now`.
   */
  elapsed(since: Time, duration: number): boolean;
  /** Uniform in [0, 1) from the simulation's seeded PRNG. */
  random(): number;
  /** Uniform integer in [lo, hi]. */
  randomInt(lo: number, hi: number): number;
  /** A rare protocol path was taken (coverage). */
  probe(name: string): void;
  /** Explain what just happened, naming the rule. Cheap: the text is built only when tracing. */
  note(rule: string, text: () => string): void;
}

export interface Violation {
  property: string;
  message: string;
  nodes: NodeId[];
  entries: { node: NodeId; index: number }[];
  /** Index of the trace event after which the property was found broken. */
  event: number;
  t: Time;
}

/** Read-only view of the whole simulation, for monitors. */
export interface SimView<S> {
  readonly now: Time;
  readonly eventCount: number;
  readonly nodeIds: readonly NodeId[];
  state(node: NodeId): S;
  stateAt(index: number): S;
  isUp(node: NodeId): boolean;
  isUpAt(index: number): boolean;
}

/** A set of invariant monitors for one run. Cloneable so snapshots can carry it. */
export interface MonitorSet<S> {
  /** Property names, in display order. */
  readonly properties: readonly string[];
  /**
   * Called after every event with the indexes of the nodes whose state may have changed.
   * Returns the violations found (usually none).
   */
  afterEvent(view: SimView<S>, touched: readonly number[], event: number): Violation[];
  clone(): MonitorSet<S>;
}

export interface OperatorContext<S, M> {
  readonly now: Time;
  nodeIds: readonly NodeId[];
  state(node: NodeId): S;
  isUp(node: NodeId): boolean;
  /** Replace a node's state: a new process at the same address, up, with its timers cleared and started. */
  replaceState(node: NodeId, state: S): void;
  /** Run a function as an input at `node` with a normal handler context. */
  runAt(node: NodeId, fn: (ctx: Ctx<M>, state: S) => void): void;
}

export interface MessageInfo {
  /** Protocol message type name, as in the protocol document. */
  type: string;
  /** Short label for display, for example 'AE' or 'Grant'. */
  label: string;
  /** 'data' if it carries log entries, 'control' otherwise. */
  kind: 'data' | 'control';
  /** Number of log entries it carries. */
  entries: number;
  /** Size in bytes under the protocol's documented encoding. */
  bytes: number;
}

/**
 * A protocol plugs into the kernel through this interface. `S` is a node's state (one type for
 * every node kind), `M` the message union, `C` the protocol's configuration.
 */
export interface Protocol<S, M, C> {
  id: string;
  title: string;
  /** Bumped whenever a change makes old scenario traces replay differently. */
  version: number;
  /**
   * The first core `version` whose runs draw from split random streams (a network stream and one
   * per node; `SimOptions.rngStreams`). Unset: every run of the protocol uses the single stream.
   * A scenario link carries the core version it was made with, so `rngStreamsFor(protocol, pv)`
   * replays a link made before the switch with the single stream, bit for bit.
   */
  rngSplitSince?: number;
  nodes(config: C): NodeSpec[];
  /** A node's state on first boot. */
  init(node: NodeSpec, config: C): S;
  /** Boot or restart: arm timers. */
  start(ctx: Ctx<M>, state: S, config: C): void;
  /** Crash: return the state that survives (durable fields only). `wipe` loses the disk too. */
  crash(state: S, node: NodeSpec, config: C, wipe: boolean): S;
  onMessage(ctx: Ctx<M>, state: S, from: NodeId, msg: M, config: C): void;
  onTimer(ctx: Ctx<M>, state: S, timer: string, config: C): void;
  onClientWrite(ctx: Ctx<M>, state: S, command: string, config: C): ClientWriteResult;
  /** Protocol-specific operator actions (for example elector replacement). Returns an error or null. */
  operator?(op: { name: string; node?: NodeId; args?: Record<string, unknown> }, ctx: OperatorContext<S, M>, config: C): string | null;
  /** Names of the operator actions, for validation and UIs. */
  operators?: readonly string[];
  clone(state: S): S;
  /** A cheap numeric digest of a node's state, folded into the trace hash. */
  digest(state: S): number;
  /** A cheap numeric digest of a message, folded into the trace hash. */
  messageDigest(msg: M): number;
  messageInfo(msg: M): MessageInfo;
  /** Flat summary for display and for the trace's state changes. */
  summary(state: S): Record<string, string | number | boolean | null>;
  monitors(config: C): MonitorSet<S>;
}

// Erased protocol type used by protocol-agnostic code (store, UI, explorer).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProtocol = Protocol<any, any, any>;
