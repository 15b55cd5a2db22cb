// The lab store: one per lab, made by `createLabStore(registry)` (React Flow style: a vanilla
// zustand store handed to the components through <LabProvider>, so two labs can live in one
// page and tests share nothing). It owns one Timeline and every user action on it, and publishes
// immutable views of the run at the cursor (nodes, links, messages in flight, violations,
// properties, the protocol's words and buttons), rebuilt only when the run moves, reusing every
// view that did not change. Beside it, per lab: the clock (the high-frequency channel, clock.ts),
// hover, the exploration and the TLC panel's state, and the playback actor (xstate).
//
// Panels select narrow slices of these; none reads the Timeline (it sits in the state only for
// the store's own bridges, the scenario links of src/scenario/url.ts).

import { createStore, type StoreApi } from 'zustand/vanilla';
import { createActor, type Actor } from 'xstate';
import { ActionError, ReplayError, type Action, type Cursor, type NodeId, type Note, type TimedAction, type Timeline, type TraceEvent, type Violation } from '../kernel';
import {
  plainWhy,
  tlcOf,
  type Banner,
  type Claim,
  type GalleryEntry,
  type OperatorButton,
  type ProtocolPlugin,
  type Registry,
  type RunSpec,
  type ShapeStub,
  type TlcService,
  type Vocabulary,
  type WhyTexts,
} from '../contracts';
import { galleryOf } from '../scenario/gallery-list';
import type { ScenarioLinks } from '../scenario/url';
import { createClockStore, type ClockState } from './clock';
import { createHoverStore, type HoverState } from './hover';
import { createExploreStore, type ExploreState } from './explore-state';
import { createTlcStore, type TlcState } from './tlc';
import { playbackMachine, type PlaybackEvent, type PlaybackMode } from './playback';
import { eventAt, eventsIn } from './run';
import { describe as describeEvent, eventMsgType } from './describe';
import { narrateViews, RunViews, type DropView, type LinkView, type MessageView, type NodeInfo, type PropertyView } from './views';

/** Everything needed to reproduce what the user sees: a run, its user actions, and a moment. */
export interface Scenario {
  spec: RunSpec;
  actions: TimedAction[];
  cursor: Cursor;
}

export interface Notice {
  kind: 'info' | 'error' | 'write' | 'fork' | 'violation';
  text: string;
}

/** A fork made by acting in the past: the old future after event `at` was discarded. */
export interface ForkMark {
  at: number;
  t: number;
}

/** A runnable shape, as the pickers and the explorer form list it: the registry's stub of it. */
export type ShapeInfo = ShapeStub;

/** A gallery story as the scenario panel lists it. */
export interface GalleryItem {
  id: string;
  title: string;
  text: string;
  /** The shape it runs. */
  shape: string;
  twinOf: string | null;
  twinLabel: string | null;
}

/** What the panels need of the running protocol (its plug-in). */
export interface ProtocolInfo {
  /** The plug-in's id. */
  id: string;
  title: string;
  shape: ShapeInfo;
  vocabulary: Vocabulary;
  /** A colour for each message type. */
  colors: Readonly<Record<string, string>>;
  /** Rare paths the coverage badges always list. */
  probes: readonly string[];
  /** The author's claims the metrics page sets beside its figures. */
  claims: readonly Claim[];
  banner: Banner | null;
  /** The same run under another design (the banner's button), if the plug-in offers one. */
  counterpart: { shape: string; label: string; title: string } | null;
  ruleName(rule: string): string;
}

/** The registry's TLC trace reader (a plug-in's `extras.tlc`), if one offers it. */
export interface TlcInfo {
  service: TlcService;
  /** The shape a replayed trace opens in. */
  shape: string;
  /** Sample traces by file name, each loaded on demand. */
  samples: Readonly<Record<string, () => Promise<string>>>;
}

export { SPEED_MIN, SPEED_MAX } from './pace';
import { clampSpeed, LECTURE_SPEED } from './pace';

/** A violation known to lie ahead of the cursor (the run reached it once; the cursor is now before it). */
export interface ViolationAhead {
  property: string;
  message: string;
  /** The event after which it is seen (seekEvent(event) lands on it). */
  event: number;
  t: number;
}

export interface LabState {
  spec: RunSpec;
  /**
   * The run. Only the store and its bridges (scenario links) read it: panels read the published
   * views below, and the store's queries (queries.ts).
   */
  timeline: Timeline;
  /** Bumps whenever the views are published (the cursor, the trace or the run changed). */
  rev: number;
  /** Bumps on every new run. */
  runId: number;
  mode: PlaybackMode;
  /** Virtual ms per real ms. */
  speed: number;
  selectedNode: NodeId | null;
  selectedMsg: number | null;
  forkMarks: readonly ForkMark[];
  /** Result of the last user action (write result, error, fork). */
  notice: Notice | null;
  /** Latest key event, for the ARIA live region. */
  narration: string;
  helpOpen: boolean;
  settingsOpen: boolean;

  // ---- The registry's (the same for every run of this lab).
  shapes: readonly ShapeInfo[];
  defaultShape: string;
  gallery: readonly GalleryItem[];
  /** The TLC trace reader, once the plug-in that offers it is loaded (loadTlc). */
  tlc: TlcInfo | null;
  /** The shape of the plug-in that offers a TLC trace reader (loaded or not): the TLC tab shows when set. */
  tlcShape: string | null;
  /** The address-bar bridge, when the page installed one (main.tsx). */
  scenarioLinks: ScenarioLinks | null;

  // ---- The run's protocol.
  protocol: ProtocolInfo;

  // ---- Views of the run at the cursor, published together.
  nodeIds: readonly NodeId[];
  nodes: readonly NodeInfo[];
  links: readonly LinkView[];
  messages: readonly MessageView[];
  violations: readonly Violation[];
  properties: readonly PropertyView[];
  /** The up data node leading the highest term: where a plain write goes. */
  leaderId: NodeId | null;
  operators: readonly OperatorButton[];
  /** How often each coverage probe was hit up to the cursor. */
  coverage: Readonly<Record<string, number>>;
  /** Events applied, and the virtual time, at the cursor. */
  events: number;
  now: number;
  /** Known events after the cursor (the future a step or play replays). */
  future: number;
  /** Violations in the known future, in event order (the time bar marks them). */
  violationsAhead: readonly ViolationAhead[];

  play(): void;
  pause(): void;
  togglePlay(): void;
  step(): void;
  stepBack(): void;
  stepMs(ms: number): void;
  /** Go to just after trace event `i` (i = -1: the start). */
  seekEvent(i: number): void;
  seekTime(t: number): void;
  scrubStart(): void;
  scrubEnd(): void;
  /** Apply a user action at the cursor (forks when in the past). Returns true if applied. */
  act(action: Action): boolean;
  /** Set the speed, clamped to [SPEED_MIN, SPEED_MAX]; a non-finite or non-positive speed is ignored. */
  setSpeed(speed: number): void;
  /** The lecture pace (LECTURE_SPEED): one hop of the default latency takes about a second. */
  lecturePace(): void;
  /**
   * Rebuild the run with new settings (seed, shape, timing, link). A shape whose plug-in is not
   * loaded yet is loaded first (the run starts when it arrives; true means accepted).
   */
  applySettings(spec: RunSpec): boolean;
  /** Load every plug-in of the registry (the gallery and the tours then list all of theirs). A failure is the notice. */
  loadPlugins(): Promise<void>;
  /** Load the plug-in that offers the TLC trace reader; `tlc` is set when it is in. A failure is the notice. */
  loadTlc(): Promise<void>;
  /** Open a scenario: build its run and land on its cursor. Throws (changing nothing) on a bad scenario. */
  loadScenario(s: Scenario): void;
  /** Open the run under the protocol's counterpart (the banner's button); the notice says what was carried over. */
  openCounterpart(): boolean;
  selectNode(id: NodeId | null): void;
  selectMsg(id: number | null): void;
  setHelp(open: boolean): void;
  setSettingsOpen(open: boolean): void;
  setNotice(n: Notice | null): void;
  dismissNotice(): void;
  setScenarioLinks(l: ScenarioLinks | null): void;
  /** "Why?" of a node and of a log entry at the cursor (the protocol's texts, or what its view says); a new object at each publish. */
  why: WhyAt;
  /** The event log's line for an event, and its message type (null: no message). */
  describe(ev: TraceEvent): string;
  eventType(ev: TraceEvent): string | null;
  /** Animation driver: advance virtual time by `dv` ms. */
  advance(dv: number): void;
  /** Publish events the driver has not shown to the panels yet (when playback stops). */
  flush(): void;
}

/** The scenario the store shows right now (for scenario links). */
export const selectScenario = (s: Pick<LabState, 'spec' | 'timeline'>): Scenario => ({
  spec: s.spec,
  actions: s.timeline.actions.slice(),
  cursor: s.timeline.cursor,
});

export interface LabStore extends StoreApi<LabState> {
  readonly registry: Registry;
  /** The high-frequency channel: the virtual clock, messages in flight and recent losses, every frame. */
  readonly clock: StoreApi<ClockState>;
  readonly hover: StoreApi<HoverState>;
  readonly explore: StoreApi<ExploreState>;
  readonly tlc: StoreApi<TlcState>;
  readonly playback: Actor<typeof playbackMachine>;
  /** Run `fn` when the lab is disposed (the exploration actor registers here). */
  onDispose(fn: () => void): void;
  dispose(): void;
}

export interface LabOptions {
  /** TLC sample traces for the TLC tab when the plug-in does not carry its own (the page's import.meta.glob). */
  tlcSamples?: Readonly<Record<string, () => Promise<string>>>;
}

/** "Why?" of the run at the cursor. */
export interface WhyAt {
  node(id: NodeId): Note[];
  /** Is entry `index` on `node` committed, and if not, what is it waiting for? */
  entry(node: NodeId, index: number): Note[];
}

function whyAt(views: RunViews): WhyAt {
  const v = views.plugin.view;
  const texts: WhyTexts = v.why ?? plainWhy(v);
  return { node: (id) => texts.node(id, views.run), entry: (node, index) => texts.entry(node, index, views.run) };
}

/** While playing, panels re-render at most this often (real ms). */
const PANEL_MS = 100;
/** Playback pauses when the known run reaches this many events (every event is kept for rewinding). */
const MAX_EVENTS = 2_000_000;
/** How long (virtual ms) a lost message stays marked, and how many are marked at most. */
export const DROP_FADE = 400;
const MAX_DROPS = 40;
/** Narration looks at most this many of the newest events of a move. */
const NARRATE_SCAN = 200;
/**
 * One animation frame simulates for at most this much real time (ms), in chunks of ADVANCE_CHUNK
 * events: at 1000× a busy run falls behind the requested pace instead of freezing the page.
 */
export const FRAME_BUDGET_MS = 8;
const ADVANCE_CHUNK = 500;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Every shape of the registry, its plug-in loaded or not. */
function shapeInfo(registry: Registry): ShapeInfo[] {
  return registry.catalog.map((s) => ({
    id: s.id,
    title: s.title,
    timing: s.timing,
    mutants: s.mutants,
    explored: s.explored,
    keepGoing: s.keepGoing,
  }));
}

function galleryItems(registry: Registry): GalleryItem[] {
  let entries: readonly GalleryEntry[] = [];
  try {
    entries = galleryOf(registry);
  } catch {
    entries = [];
  }
  return entries.map((g) => ({ id: g.id, title: g.title, text: g.text, shape: g.spec.protocol, twinOf: g.twinOf ?? null, twinLabel: g.twinLabel ?? null }));
}

/** The shape of the first plug-in offering a TLC trace reader, loaded or not. */
const tlcShapeOf = (registry: Registry): string | null => registry.catalog.find((c) => c.extras.includes('tlc'))?.id ?? null;

function tlcInfo(registry: Registry, samples: LabOptions['tlcSamples']): TlcInfo | null {
  for (const p of registry.plugins) {
    const service = tlcOf(p.extras);
    if (service) return { service, shape: p.shapes[0]!.id, samples: service.samples ?? samples ?? {} };
  }
  return null;
}

function protocolInfo(plugin: ProtocolPlugin, shape: ShapeInfo, colors: Readonly<Record<string, string>>): ProtocolInfo {
  const v = plugin.view;
  const cp = plugin.counterpart;
  return {
    id: plugin.id,
    title: plugin.title,
    shape,
    vocabulary: v.vocabulary,
    colors,
    probes: v.probes ?? [],
    claims: plugin.metrics?.claims ?? [],
    banner: plugin.banner ?? null,
    counterpart: cp ? { shape: cp.shape, label: cp.label, title: cp.title } : null,
    ruleName: (v.why ?? plainWhy(v)).ruleName,
  };
}

function sameCounts(a: Readonly<Record<string, number>>, b: ReadonlyMap<string, number>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== b.size) return false;
  for (const k of keys) if (b.get(k) !== a[k]) return false;
  return true;
}

/** The lost messages to mark at the cursor: drops of the last DROP_FADE virtual ms, newest first. */
function recentDrops(tl: Timeline, prev: readonly DropView[], prevEnd: number, sameRun: boolean): DropView[] {
  const end = tl.sim.eventCount;
  const now = tl.now;
  const out: DropView[] = [];
  // Moving forward in the same run, only the new events are read; otherwise the window is rebuilt.
  const stop = sameRun && end >= prevEnd ? prevEnd : 0;
  for (let i = end - 1; i >= stop && out.length < MAX_DROPS; i--) {
    const ev = eventAt(tl, i);
    if (!ev || now - ev.t > DROP_FADE) break;
    if (ev.action.type === 'drop' && ev.msg) out.push({ id: ev.msg.id, from: ev.msg.from, to: ev.msg.to, sentAt: ev.msg.sentAt, deliverAt: ev.msg.deliverAt, t: ev.t });
  }
  if (stop > 0) for (const d of prev) if (out.length < MAX_DROPS && now - d.t <= DROP_FADE) out.push(d);
  return out;
}

export function createLabStore(registry: Registry, initialSpec?: RunSpec, options: LabOptions = {}): LabStore {
  const startSpec: RunSpec = initialSpec ?? { protocol: registry.defaultShape, seed: 1 };
  const shapes = shapeInfo(registry);
  const clock = createClockStore();
  const hover = createHoverStore();
  const explore = createExploreStore();
  const tlc = createTlcStore();
  const actor = createActor(playbackMachine);
  const send = (e: PlaybackEvent) => actor.send(e);
  const disposers: (() => void)[] = [];

  // Per run: its views (reusing what did not change) and the state of the driver's batching.
  let views: RunViews;
  let lastPanelPublish = -Infinity;
  let pendingFrom = Infinity;
  let drops: readonly DropView[] = [];
  let dropsEnd = 0;
  let dropsKey: unknown = null;
  // Violations the run has reached, kept while their event is in the known future (a fork drops those after it).
  let known: ViolationAhead[] = [];
  let knownForks = 0;

  /** src/scenario/translate.ts, once openCounterpart loaded it. */
  let translate: typeof import('../scenario/translate') | null = null;

  /**
   * Run `then` once a run of `shape` can be built (its plug-in, or its entry's core, is in): at
   * once when it can (or the shape is unknown: `then` gives its message).
   */
  const whenLoaded = (shape: string, then: () => void): void => {
    if (registry.has(shape) || !registry.known(shape)) return then();
    void registry.load(shape).then(then, (e: unknown) => lab.setState({ notice: { kind: 'error', text: e instanceof Error ? e.message : String(e) }, rev: lab.getState().rev + 1 }));
  };

  const newRun = (spec: RunSpec, actions: TimedAction[] = []) => {
    const shape = registry.shape(spec.protocol);
    const tl = registry.createTimeline(spec, actions);
    return { tl, plugin: shape.plugin, shape: shapes.find((s) => s.id === shape.id)! };
  };

  /** The run's own slices of the state: set when a run starts. */
  const runSlices = (tl: Timeline, plugin: ProtocolPlugin, shape: ShapeInfo, runId: number): Partial<LabState> => {
    views = new RunViews(tl, plugin);
    drops = [];
    dropsEnd = 0;
    dropsKey = null;
    known = [];
    knownForks = tl.forks;
    return { timeline: tl, runId, protocol: protocolInfo(plugin, shape, views.colors), nodeIds: tl.sim.nodeIds.slice() };
  };

  /** The clock channel's state at the cursor. */
  const clockState = (tl: Timeline): ClockState => {
    const key = `${tl.forks}`;
    const same = dropsKey === key;
    const c = clock.getState();
    const end = tl.sim.eventCount;
    if (!same || end !== dropsEnd || (drops.length && tl.now - drops[drops.length - 1]!.t > DROP_FADE)) {
      drops = recentDrops(tl, drops, dropsEnd, same);
      dropsEnd = end;
      dropsKey = key;
    }
    const messages = views.messages();
    return {
      now: tl.now,
      horizon: Math.max(tl.horizonTime, tl.now),
      events: end,
      messages,
      drops: drops === c.drops ? c.drops : drops,
    };
  };

  /** The known violations after the cursor (the same array while they do not change). */
  let ahead: readonly ViolationAhead[] = [];
  const violationsAhead = (tl: Timeline): readonly ViolationAhead[] => {
    let changed = false;
    if (tl.forks !== knownForks) {
      // The future after the fork point was discarded, and with it what was known of it.
      knownForks = tl.forks;
      const before = known.length;
      known = known.filter((v) => v.event < tl.length);
      changed = known.length !== before;
    }
    for (const v of tl.sim.violations) {
      if (v.event >= tl.length || known.some((k) => k.event === v.event && k.property === v.property)) continue;
      known.push({ property: v.property, message: v.message, event: v.event, t: v.t });
      changed = true;
    }
    if (changed) known.sort((a, b) => a.event - b.event);
    const count = tl.sim.eventCount;
    const next = known.filter((v) => v.event >= count);
    if (!changed && next.length === ahead.length && next.every((v, i) => v === ahead[i])) return ahead;
    ahead = next;
    return ahead;
  };

  const lab = createStore<LabState>()((set, get) => {
    /** After the cursor moved or the trace changed: publish the views, and stop on a new violation. */
    const publish = (extra: Partial<LabState> = {}, fromEvent?: number, watch = false) => {
      const tl = extra.timeline ?? get().timeline;
      if (pendingFrom !== Infinity) {
        if (fromEvent !== undefined) fromEvent = Math.min(fromEvent, pendingFrom);
        pendingFrom = Infinity;
      }
      const count = tl.sim.eventCount;
      if (fromEvent !== undefined && fromEvent > count) fromEvent = undefined;
      const before = get().nodes;
      const nodes = views.nodes();
      const st: Partial<LabState> = {
        rev: get().rev + 1,
        nodes,
        links: views.links(),
        messages: views.messages(),
        violations: views.violations(),
        properties: views.properties(),
        operators: views.operators(),
        leaderId: views.leaderId(),
        why: whyAt(views),
        events: count,
        now: tl.now,
        future: Math.max(0, tl.length - count),
        violationsAhead: violationsAhead(tl),
        ...extra,
      };
      const probes = tl.sim.probes;
      if (!sameCounts(get().coverage, probes)) st.coverage = Object.freeze(Object.fromEntries(probes));
      if (fromEvent !== undefined && count > fromEvent) {
        // Narrate the move: crashes and restarts from its events, leaders and RF changes from the views.
        let out: { text: string; at: number } | null = null;
        const order = new Map<NodeId, number>();
        for (const e of eventsIn(tl, Math.max(fromEvent, count - NARRATE_SCAN), count)) {
          if (e.action.type === 'crash') out = { text: `${e.action.node} crashed`, at: e.i };
          else if (e.action.type === 'restart') out = { text: `${e.action.node} restarted`, at: e.i };
          if (e.node) order.set(e.node, e.i);
        }
        const v = narrateViews(before, nodes, order);
        if (v && (!out || v.at >= out.at)) out = v;
        if (out && !('narration' in extra)) st.narration = out.text;
      }
      if (watch) {
        const v = tl.sim.violations.filter((x) => x.event >= (fromEvent ?? 0));
        if (v.length) {
          const first = v[0]!;
          st.narration = `Safety property ${first.property} violated at event #${first.event}`;
          st.notice = { kind: 'violation', text: `${first.property} violated: ${first.message}` };
          send({ type: 'VIOLATION' });
        }
      }
      set(st);
      clock.setState(clockState(tl));
    };

    const fail = (e: unknown) => set({ notice: { kind: 'error', text: e instanceof Error ? e.message : String(e) }, rev: get().rev + 1 });

    const guard = (fn: () => void): boolean => {
      try {
        fn();
        return true;
      } catch (e) {
        fail(e);
        send({ type: 'PAUSE' });
        return false;
      }
    };

    /** Replace the run (the new timeline is built before anything changes). */
    const startRun = (spec: RunSpec, tl: Timeline, plugin: ProtocolPlugin, shape: ShapeInfo, notice: Notice | null) => {
      send({ type: 'RESET' });
      pendingFrom = Infinity;
      // One update: the new run and its views together (no subscriber sees one without the other).
      // Nothing narrated yet: the old run's last words (a violation, a new leader) are not this run's.
      publish({ spec, ...runSlices(tl, plugin, shape, get().runId + 1), forkMarks: [], selectedMsg: null, selectedNode: null, notice, narration: '' });
    };

    const first = newRun(startSpec);
    const firstViews = new RunViews(first.tl, first.plugin);
    views = firstViews;

    return {
      spec: startSpec,
      timeline: first.tl,
      rev: 0,
      runId: 0,
      mode: 'paused',
      speed: 1,
      selectedNode: null,
      selectedMsg: null,
      forkMarks: [],
      notice: null,
      narration: '',
      helpOpen: false,
      settingsOpen: false,
      shapes,
      defaultShape: registry.defaultShape,
      gallery: galleryItems(registry),
      tlc: tlcInfo(registry, options.tlcSamples),
      tlcShape: tlcShapeOf(registry),
      scenarioLinks: null,
      protocol: protocolInfo(first.plugin, first.shape, firstViews.colors),
      nodeIds: first.tl.sim.nodeIds.slice(),
      nodes: firstViews.nodes(),
      links: firstViews.links(),
      messages: firstViews.messages(),
      violations: firstViews.violations(),
      properties: firstViews.properties(),
      leaderId: firstViews.leaderId(),
      why: whyAt(firstViews),
      operators: firstViews.operators(),
      coverage: Object.freeze(Object.fromEntries(first.tl.sim.probes)),
      events: first.tl.sim.eventCount,
      now: first.tl.now,
      future: 0,
      violationsAhead: [],

      play: () => send({ type: 'PLAY' }),
      pause: () => send({ type: 'PAUSE' }),
      togglePlay: () => send({ type: 'TOGGLE' }),
      step: () => {
        send({ type: 'STEP' });
        const tl = get().timeline;
        const from = tl.sim.eventCount;
        guard(() => {
          tl.step();
          publish({}, from, true);
        });
        send({ type: 'STEP_DONE' });
      },
      stepBack: () => {
        send({ type: 'PAUSE' });
        const tl = get().timeline;
        guard(() => {
          tl.seek(Math.max(0, tl.sim.eventCount - 1));
          publish();
        });
      },
      stepMs: (ms) => {
        if (!(Number.isFinite(ms) && ms > 0)) {
          set({ notice: { kind: 'error', text: 'step forward by a positive number of ms' }, rev: get().rev + 1 });
          return;
        }
        send({ type: 'STEP' });
        const tl = get().timeline;
        const from = tl.sim.eventCount;
        guard(() => {
          tl.advanceTo(tl.now + Math.min(ms, 3_600_000));
          publish({}, from, true);
        });
        send({ type: 'STEP_DONE' });
      },
      seekEvent: (i) => {
        const tl = get().timeline;
        guard(() => {
          tl.seek(i + 1);
          publish();
        });
      },
      seekTime: (t) => {
        const tl = get().timeline;
        guard(() => {
          tl.seekTime(Math.max(0, t));
          publish();
        });
      },
      scrubStart: () => send({ type: 'SCRUB' }),
      scrubEnd: () => send({ type: 'SCRUB_END' }),
      act: (action) => {
        const tl = get().timeline;
        const from = tl.sim.eventCount;
        try {
          const { event, forked } = tl.act(action);
          const extra: Partial<LabState> = { notice: null };
          if (forked) {
            const marks = get().forkMarks.filter((m) => m.at < from);
            marks.push({ at: from, t: tl.now });
            extra.forkMarks = marks;
            extra.notice = { kind: 'fork', text: 'Forked: the old future was discarded.' };
          }
          if (event?.write) {
            const w = event.write;
            const text =
              w.status === 'appended'
                ? `Write "${w.command}": appended at index ${w.index} on ${w.to ?? event.node}${w.reason ? ` (${w.reason})` : ''}.`
                : w.status === 'redirect'
                  ? `Write "${w.command}": redirected to ${w.to}.`
                  : `Write "${w.command}" rejected: ${w.reason ?? 'no reason given'}.`;
            extra.notice = { kind: w.status === 'rejected' ? 'error' : 'write', text: forked ? `Forked: the old future was discarded. ${text}` : text };
            extra.narration = text;
          } else if (event?.error) {
            extra.notice = { kind: 'error', text: `${action.type} failed: ${event.error}` };
          }
          if (action.type === 'drop' || action.type === 'deliver') extra.selectedMsg = null;
          publish(extra, from, true);
          return true;
        } catch (e) {
          if (!(e instanceof ActionError) && !(e instanceof ReplayError)) console.error(e);
          fail(e);
          return false;
        }
      },
      setSpeed: (speed) => {
        const s = clampSpeed(speed);
        if (s !== null && s !== get().speed) set({ speed: s });
      },
      lecturePace: () => get().setSpeed(LECTURE_SPEED),
      applySettings: (spec) => {
        if (!registry.has(spec.protocol) && registry.known(spec.protocol)) {
          whenLoaded(spec.protocol, () => void get().applySettings(spec));
          return true;
        }
        try {
          const r = newRun(spec);
          startRun(spec, r.tl, r.plugin, r.shape, { kind: 'info', text: 'Settings applied: a new run started.' });
          return true;
        } catch (e) {
          fail(e);
          return false;
        }
      },
      loadScenario: ({ spec, actions, cursor }) => {
        const r = newRun(spec, actions);
        r.tl.seek(cursor.index, cursor.t);
        startRun(spec, r.tl, r.plugin, r.shape, null);
      },
      loadPlugins: () =>
        registry.loadAll().catch((e: unknown) => fail(e)),
      loadTlc: async () => {
        const shape = get().tlcShape;
        if (shape === null || get().tlc) return;
        await registry.load(shape).catch((e: unknown) => fail(e));
      },
      openCounterpart: () => {
        const s = get();
        const cp = s.protocol.counterpart;
        if (!cp) return false;
        if (!registry.has(cp.shape) && registry.known(cp.shape)) {
          whenLoaded(cp.shape, () => void get().openCounterpart());
          return true;
        }
        if (!translate) {
          // The scenario translator (and the scenario checks it uses) loads on first use.
          void import('../scenario/translate').then(
            (m) => {
              translate = m;
              get().openCounterpart();
            },
            (e: unknown) => fail(e),
          );
          return true;
        }
        try {
          const t = translate.sameUnderCounterpart(selectScenario(s), registry);
          s.loadScenario(t.scenario);
          const parts = [`Opened ${lowerFirst(cp.title)}: ${t.kept} fault${t.kept === 1 ? '' : 's'} and writes carried over`];
          if (t.left) parts.push(`${t.left} step${t.left === 1 ? '' : 's'} of its own left to ${cp.shape}'s timers`);
          if (t.refused.length) parts.push(`refused: ${t.refused.slice(0, 3).join('; ')}`);
          set({ notice: { kind: 'info', text: `${parts.join('; ')}.` } });
          return true;
        } catch (e) {
          set({ notice: { kind: 'error', text: `Could not open ${lowerFirst(cp.title)}: ${e instanceof Error ? e.message : String(e)}` } });
          return false;
        }
      },
      selectNode: (id) => set({ selectedNode: id }),
      selectMsg: (id) => set({ selectedMsg: id }),
      setHelp: (open) => set({ helpOpen: open }),
      setSettingsOpen: (open) => set({ settingsOpen: open }),
      setNotice: (n) => set({ notice: n, rev: get().rev + 1 }),
      dismissNotice: () => set({ notice: null }),
      setScenarioLinks: (l) => set({ scenarioLinks: l }),
      describe: (ev) => describeEvent(get().timeline.protocol, ev),
      eventType: (ev) => eventMsgType(get().timeline.protocol, ev),
      flush: () => {
        if (pendingFrom !== Infinity) publish({}, pendingFrom, false);
      },
      advance: (dv) => {
        const tl = get().timeline;
        const from = tl.sim.eventCount;
        const target = tl.now + dv;
        const started = performance.now();
        const ok = guard(() => {
          // In chunks, until the target time, a stop (a pending user action, the end of the run,
          // a new violation) or the frame's budget of real time.
          for (;;) {
            const n = tl.sim.eventCount;
            const nv = tl.sim.violations.length;
            tl.advanceTo(target, ADVANCE_CHUNK);
            if (tl.now >= target || tl.sim.eventCount === n || tl.sim.violations.length !== nv) break;
            if (performance.now() - started >= FRAME_BUDGET_MS) break;
          }
        });
        if (!ok) return;
        if (tl.length >= MAX_EVENTS && tl.sim.eventCount >= tl.length) {
          send({ type: 'PAUSE' });
          set({ notice: { kind: 'info', text: `This run has ${tl.length.toLocaleString('en')} events; playback paused to protect memory. Rewind and fork, or apply settings to start a new run.` } });
        }
        // Panels follow `rev`; while playing it bumps at most every PANEL_MS of real time (and
        // at once on a violation), the clock and messages in flight on every frame.
        pendingFrom = Math.min(pendingFrom, from);
        const real = performance.now();
        const vs = tl.sim.violations;
        const violated = vs.length > 0 && vs[vs.length - 1]!.event >= from;
        if (tl.sim.eventCount !== pendingFrom && (violated || real - lastPanelPublish >= PANEL_MS)) {
          lastPanelPublish = real;
          const f = pendingFrom;
          pendingFrom = Infinity;
          publish({}, f, true);
        } else clock.setState(clockState(tl));
      },
    };
  });

  clock.setState(clockState(lab.getState().timeline));

  actor.subscribe((snap) => {
    const mode = snap.value as PlaybackMode;
    if (lab.getState().mode !== mode) {
      lab.setState({ mode });
      if (mode !== 'playing') lab.getState().flush();
    }
  });
  actor.start();

  // A plug-in loaded (a link, the gallery, a shape picked, the TLC tab): its stories and its TLC reader join the lists.
  disposers.push(
    registry.onLoad(() => {
      const tlcNow = lab.getState().tlc ?? tlcInfo(registry, options.tlcSamples);
      lab.setState({ gallery: galleryItems(registry), tlc: tlcNow });
    }),
  );

  return Object.assign(lab, {
    registry,
    clock,
    hover,
    explore,
    tlc,
    playback: actor,
    onDispose: (fn: () => void) => void disposers.push(fn),
    dispose: () => {
      for (const fn of disposers.splice(0)) fn();
      actor.stop();
      lab.getState().scenarioLinks?.dispose();
    },
  });
}

export type { ClockState, HoverState, ExploreState, TlcState };
