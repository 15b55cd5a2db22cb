// The lab store (zustand): the run being viewed and every user action on it. It owns ONE
// Timeline; the timeline is mutable, so the store publishes a revision number `rev` that bumps
// whenever the cursor or the known trace changes. Panels select `rev` and read the timeline.
// The virtual clock lives on its own high-frequency channel (clock.ts).

import { create } from 'zustand';
import { createActor } from 'xstate';
import { ActionError, ReplayError, type Action, type Cursor, type NodeId, type TimedAction, type Timeline, type TraceEvent } from '../kernel';
import { createTimeline, protocolEntry, type RunSpec } from '../protocols/registry';
import { useClock } from './clock';
import { playbackMachine, type PlaybackEvent, type PlaybackMode } from './playback';

export const DEFAULT_SPEC: RunSpec = { protocol: 'janus-3+1', seed: 1 };

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

export const SPEED_MIN = 0.1;
export const SPEED_MAX = 100;

export interface LabState {
  spec: RunSpec;
  timeline: Timeline;
  /** Bumps whenever the cursor, the trace or the run changes. */
  rev: number;
  mode: PlaybackMode;
  /** Virtual ms per real ms. */
  speed: number;
  selectedNode: NodeId | null;
  selectedMsg: number | null;
  forkMarks: ForkMark[];
  /** Result of the last user action (write result, error, fork). */
  notice: Notice | null;
  /** Latest key event, for the ARIA live region. */
  narration: string;
  helpOpen: boolean;
  settingsOpen: boolean;

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
  setSpeed(speed: number): void;
  /** Rebuild the run with new settings (seed, shape, timing, link). */
  applySettings(spec: RunSpec): boolean;
  /** Open a scenario: build its run and land on its cursor. Throws (changing nothing) on a bad scenario. */
  loadScenario(s: Scenario): void;
  selectNode(id: NodeId | null): void;
  selectMsg(id: number | null): void;
  setHelp(open: boolean): void;
  setSettingsOpen(open: boolean): void;
  dismissNotice(): void;
  /** Animation driver: advance virtual time by `dv` ms. */
  advance(dv: number): void;
  /** Publish events the driver has not shown to the panels yet (when playback stops). */
  flush(): void;
}

/** The scenario the store shows right now (for scenario links). */
export const selectScenario = (s: LabState): Scenario => ({
  spec: s.spec,
  actions: s.timeline.actions.slice(),
  cursor: s.timeline.cursor,
});

const actor = createActor(playbackMachine).start();
const send = (e: PlaybackEvent) => actor.send(e);

function summaryOf(tl: Timeline, id: NodeId): Record<string, string | number | boolean | null> {
  return tl.protocol.summary(tl.sim.state(id));
}

/** Key events worth narrating to a screen reader, from trace events. */
export function narrate(tl: Timeline, events: TraceEvent[]): string | null {
  let out: string | null = null;
  for (const e of events) {
    const ch = e.changes;
    if (e.action.type === 'crash') out = `${e.action.node} crashed`;
    else if (e.action.type === 'restart') out = `${e.action.node} restarted`;
    if (!ch || !e.node) continue;
    if (ch.role && ch.role[1] === 'leader') {
      const term = ch.term ? ch.term[1] : summaryOf(tl, e.node).term;
      out = `${e.node} became leader in term ${String(term)}`;
    } else if (ch.rf && summaryOf(tl, e.node).role === 'leader') {
      out = ch.replicationSet ? `${e.node} now replicates to ${String(ch.replicationSet[1])} (RF ${String(ch.rf[1])})` : `${e.node} now leads with RF ${String(ch.rf[1])}`;
    }
  }
  return out;
}

function makeTimeline(spec: RunSpec, actions: TimedAction[] = []): Timeline {
  return createTimeline(spec, actions);
}

/** While playing, panels re-render at most this often (real ms). */
const PANEL_MS = 100;
/** Playback pauses when the known run reaches this many events (every event is kept for rewinding). */
const MAX_EVENTS = 2_000_000;
let lastPanelPublish = 0;
let pendingFrom = Infinity;

export const useLab = create<LabState>((set, get) => {
  /** After the cursor moved or the trace changed: publish, and stop on a new violation. */
  const publish = (extra: Partial<LabState> = {}, fromEvent?: number, watch = false) => {
    const tl = get().timeline;
    if (pendingFrom !== Infinity) {
      if (fromEvent !== undefined) fromEvent = Math.min(fromEvent, pendingFrom);
      pendingFrom = Infinity;
    }
    if (fromEvent !== undefined && fromEvent > tl.sim.eventCount) fromEvent = undefined;
    const st: Partial<LabState> = { rev: get().rev + 1, ...extra };
    if (fromEvent !== undefined && tl.sim.eventCount > fromEvent) {
      const evs = tl.trace.slice(Math.max(fromEvent, tl.sim.eventCount - 200), tl.sim.eventCount);
      const n = narrate(tl, evs);
      if (n) st.narration = n;
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
    useClock.setState({ now: tl.now, horizon: Math.max(tl.horizonTime, tl.now) });
  };

  const guard = (fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      set({ notice: { kind: 'error', text: msg }, rev: get().rev + 1 });
      send({ type: 'PAUSE' });
      return false;
    }
  };

  return {
    spec: DEFAULT_SPEC,
    timeline: makeTimeline(DEFAULT_SPEC),
    rev: 0,
    mode: 'paused',
    speed: 1,
    selectedNode: null,
    selectedMsg: null,
    forkMarks: [],
    notice: null,
    narration: '',
    helpOpen: false,
    settingsOpen: false,

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
        set({ notice: { kind: 'error', text: e instanceof Error ? e.message : String(e) }, rev: get().rev + 1 });
        return false;
      }
    },
    setSpeed: (speed) => {
      if (!Number.isFinite(speed)) return;
      set({ speed: Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed)) });
    },
    applySettings: (spec) => {
      try {
        protocolEntry(spec.protocol);
        const tl = makeTimeline(spec);
        send({ type: 'RESET' });
        set({ spec, timeline: tl, forkMarks: [], selectedMsg: null, selectedNode: null, notice: { kind: 'info', text: 'Settings applied: a new run started.' } });
        publish();
        return true;
      } catch (e) {
        set({ notice: { kind: 'error', text: e instanceof Error ? e.message : String(e) }, rev: get().rev + 1 });
        return false;
      }
    },
    loadScenario: ({ spec, actions, cursor }) => {
      const tl = makeTimeline(spec, actions);
      tl.seek(cursor.index, cursor.t);
      send({ type: 'RESET' });
      set({ spec, timeline: tl, forkMarks: [], selectedMsg: null, selectedNode: null, notice: null });
      publish();
    },
    selectNode: (id) => set({ selectedNode: id }),
    selectMsg: (id) => set({ selectedMsg: id }),
    setHelp: (open) => set({ helpOpen: open }),
    setSettingsOpen: (open) => set({ settingsOpen: open }),
    dismissNotice: () => set({ notice: null }),
    flush: () => {
      if (pendingFrom !== Infinity) publish({}, pendingFrom, false);
    },
    advance: (dv) => {
      const tl = get().timeline;
      const from = tl.sim.eventCount;
      const ok = guard(() => tl.advanceTo(tl.now + dv, 20_000));
      if (!ok) return;
      if (tl.length >= MAX_EVENTS && tl.sim.eventCount >= tl.length) {
        send({ type: 'PAUSE' });
        set({ notice: { kind: 'info', text: `This run has ${tl.length.toLocaleString('en')} events; playback paused to protect memory. Rewind and fork, or apply settings to start a new run.` } });
      }
      // Panels follow `rev`; while playing it bumps at most every PANEL_MS of real time (and
      // at once on a violation), the clock and messages in flight on every frame.
      pendingFrom = Math.min(pendingFrom, from);
      const real = performance.now();
      const violated = tl.sim.violations.length > 0 && tl.sim.violations[tl.sim.violations.length - 1]!.event >= from;
      if (tl.sim.eventCount !== pendingFrom && (violated || real - lastPanelPublish >= PANEL_MS)) {
        lastPanelPublish = real;
        const f = pendingFrom;
        pendingFrom = Infinity;
        publish({}, f, true);
      } else useClock.setState({ now: tl.now, horizon: Math.max(tl.horizonTime, tl.now) });
    },
  };
});

actor.subscribe((snap) => {
  const mode = snap.value as PlaybackMode;
  if (useLab.getState().mode !== mode) {
    useLab.setState({ mode });
    if (mode !== 'playing') useLab.getState().flush();
  }
});

/** For tests: the playback actor. */
export const playbackActor = actor;
