// A counterexample of the untimed checker as a timed run the lab replays: every step becomes a
// user action (deliver this message, fire this timer, crash, restart, write, operator), placed at
// a virtual time chosen so that each clock guard gets the answer the checker explored:
//
// * the run uses the plug-in's `replayTiming` (pure timers so long that nothing fires by itself)
//   and links so slow (60 s) that no message arrives by itself: the user actions drive the run;
// * each step is tried at the current time; if a guard answered differently (the handler's calls
//   of ctx.elapsed are recorded through a wrapper that changes nothing), the step is retried after
//   the least wait that gives every recorded guard its answer.
//
// * a timer that comes due during such a wait fires by itself when that changes nothing the path
//   knows (no send, the node's state and armed timers as before: a periodic check with nothing to
//   do, e.g. the published leader's replicaTimeout with no entry waiting); the untimed path has it
//   as a stutter;
// * a message is found in flight by its untimed key, with the values the timed run drew at random
//   outside timer lengths (the blank node's incarnation) read as the untimed view draws them (lo);
// * when no seed gives every answer, the replay is tried again with one timing setting that a guard
//   compares with scaled (×½, ×2, ×¼, ×4): the untimed check holds for every timing, so a path the
//   defaults cannot time may be a timed run under other settings (`retimed` names them; the link
//   carries them, so the lab opens with those settings).
//
// The wrapper only watches: the same spec and actions replay in the lab with the real protocol,
// bit for bit (the trace hash is the lab's). A counterexample that no timing can realise (the
// untimed view explores every answer, a timed run cannot always give them together) is reported
// with `faithful: false` and the step where it parted.

import { Encoder, Simulation, type Action, type AnyProtocol, type Ctx, type TimedAction, type UntimedAction, type UntimedState } from '../kernel';
import type { Registry, RunSpec } from '../contracts';
import type { CheckTarget } from './check';

export interface TimedCounterexample {
  spec: RunSpec;
  actions: TimedAction[];
  /** Every step got the guard answers the checker explored, and the property broke as in the check. */
  faithful: boolean;
  /** The step (1-based) where the timed run parted from the untimed path, if it did. */
  partedAt: number | null;
  violated: string | null;
  /** Timing settings changed from the checked run's so that every guard gets its answer (null: none). */
  retimed: Readonly<Record<string, number>> | null;
  /** Values drawn at random (not timer lengths) that the untimed view drew as another value: [timed, untimed]. */
  draws: readonly (readonly [number, number])[];
}

interface GuardCall {
  since: number;
  duration: number;
  answer: boolean;
}

/** What the watcher saw: the clock guards' calls, and the random draws and timer lengths. */
interface Watched {
  calls: GuardCall[];
  /** Every guard duration asked along the replay. */
  durations: Set<number>;
  /** Random draws: timed value → the untimed view's answer (lo). */
  draws: Map<number, number>;
  /** Timer lengths set (a draw used as one is a timer length, not a value the state keeps). */
  timerLengths: Set<number>;
}

/** The protocol with its handlers' clock guards and random draws recorded (behaviour unchanged). */
function watching(protocol: AnyProtocol, w: Watched): AnyProtocol {
  const wrap = <M,>(ctx: Ctx<M>): Ctx<M> =>
    new Proxy(ctx, {
      get(target, key, recv) {
        if (key === 'elapsed')
          return (since: number, duration: number) => {
            const answer = target.elapsed(since, duration);
            w.calls.push({ since, duration, answer });
            w.durations.add(duration);
            return answer;
          };
        if (key === 'randomInt')
          return (lo: number, hi: number) => {
            const v = target.randomInt(lo, hi);
            if (v !== lo) w.draws.set(v, lo);
            return v;
          };
        if (key === 'setTimer')
          return (name: string, d: number) => {
            w.timerLengths.add(d);
            return target.setTimer(name, d);
          };
        const v = Reflect.get(target, key, recv) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  return {
    ...protocol,
    start: (ctx, s, c) => protocol.start(wrap(ctx), s, c),
    onMessage: (ctx, s, f, m, c) => protocol.onMessage(wrap(ctx), s, f, m, c),
    onTimer: (ctx, s, t, c) => protocol.onTimer(wrap(ctx), s, t, c),
    onClientWrite: (ctx, s, cmd, c) => protocol.onClientWrite(wrap(ctx), s, cmd, c),
    operator: protocol.operator
      ? (op, octx, c) =>
          protocol.operator!(op, { ...octx, runAt: (id, fn) => octx.runAt(id, (ctx, s) => fn(wrap(ctx), s)) }, c)
      : undefined,
  };
}

const LINK = { latencyMin: 60_000, latencyJitter: 0, tailProb: 0, loss: 0, dup: 0, extraDelay: 0 };

/** Turn an untimed path into timed user actions, checking each step's guard answers. */
export function timedCounterexample(
  registry: Registry,
  target: CheckTarget,
  path: readonly UntimedAction[],
  seed = 1,
  retime: Readonly<Record<string, number>> | null = null,
): TimedCounterexample & { durations: ReadonlySet<number> } {
  const spec: RunSpec = { ...target.spec, seed, timing: { ...target.spec.timing, ...target.profile.replayTiming, ...(retime ?? {}) }, link: { ...LINK } };
  const w: Watched = { calls: [], durations: new Set(), draws: new Map(), timerLengths: new Set() };
  const calls = w.calls;
  const protocol = watching(target.shape.plugin.protocol, w);
  const sim = new Simulation(protocol, { ...registry.simOptions(spec), trace: 'light', monitors: true });
  const model = target.model;
  let u: UntimedState = model.init();
  const actions: TimedAction[] = [];
  let partedAt: number | null = null;
  const used = new Map<number, number>();
  for (let k = 0; k < path.length; k++) {
    const a = path[k]!;
    const action = toAction(sim, model, u, a, w, used);
    if (!action) {
      partedAt = k + 1;
      break;
    }
    const want = a.choices;
    let gap = 0;
    let ok = false;
    for (let attempt = 0; attempt < 4 && !ok; attempt++) {
      const snap = sim.snapshot();
      const t = sim.now + gap;
      if (!stutterUntil(sim, t)) {
        sim.restore(snap);
        break; // something that matters would happen by itself first
      }
      calls.length = 0;
      sim.now = t;
      const at = sim.eventCount;
      try {
        sim.apply(action);
      } catch {
        sim.restore(snap);
        break;
      }
      // Did every guard get the explored answer?
      let lo = 0;
      let hi = Infinity;
      let same = calls.length === a.nChoices;
      for (let i = 0; i < calls.length; i++) {
        const c = calls[i]!;
        const need = i < a.nChoices ? ((want >>> i) & 1) === 1 : c.answer;
        if (c.answer !== need) same = false;
        // now + extra - since >= duration  ⟺  extra >= duration - (now - since)
        const edge = c.duration - (t - c.since);
        if (need) lo = Math.max(lo, edge);
        else hi = Math.min(hi, edge);
      }
      if (same) {
        actions.push({ at, t, action });
        ok = true;
        break;
      }
      sim.restore(snap);
      if (!(lo < hi) || lo <= 0) break;
      gap += Math.ceil(lo);
    }
    if (!ok) {
      partedAt = k + 1;
      break;
    }
    u = model.next(u, a)!;
  }
  const violated = sim.violations[0]?.property ?? null;
  return { spec, actions, faithful: partedAt === null && violated !== null, partedAt, violated, retimed: retime, draws: [...used], durations: w.durations };
}

/**
 * Let the events due up to time `t` happen by themselves, if each is a timer firing that changes
 * nothing the untimed path knows: no send, the node's state and armed timers as before (the
 * untimed path has such a firing as a stutter). False at the first event that is not.
 */
function stutterUntil(sim: Simulation, t: number): boolean {
  for (;;) {
    const due = sim.nextEventTime();
    if (due === null || due > t) return true;
    const before = sim.eventCount;
    const pending = sim.messages().length;
    const states = sim.nodeIds.map((id) => exact(sim, id));
    const timers = sim.nodeIds.map((id) => timerNames(sim, id));
    const ev = sim.step();
    if (!ev || ev.action.type !== 'fire' || sim.eventCount !== before + 1 || ev.sent.length || ev.dropped.length || sim.messages().length !== pending) return false;
    for (let i = 0; i < sim.nodeIds.length; i++) {
      const id = sim.nodeIds[i]!;
      if (exact(sim, id) !== states[i] || timerNames(sim, id) !== timers[i]) return false;
    }
  }
}

/** A node's whole state, exactly (every field, Maps included), as text. */
function exact(sim: Simulation, id: string): string {
  const e = new Encoder(sim.nodeIds);
  e.tokens = [];
  e.value(sim.state(id));
  return JSON.stringify(e.tokens);
}

const timerNames = (sim: Simulation, id: string): string =>
  sim
    .timers(id)
    .map((x) => x.name)
    .sort()
    .join(',');

/** The kernel action of an untimed step, in this timed run (the message: one in flight equal to it). */
function toAction(sim: Simulation, model: CheckTarget['model'], u: UntimedState, a: UntimedAction, w: Watched, used: Map<number, number>): Action | null {
  const id = (i: number) => model.nodeIds[i]!;
  switch (a.kind) {
    case 'deliver':
    case 'drop':
    case 'duplicate': {
      const m = u.msgs[a.msg!];
      if (!m) return null;
      for (const env of sim.inFlight.values()) {
        if (env.from !== id(m.from) || env.to !== id(m.to)) continue;
        const [k1, k2] = model.messageKey(m.from, m.to, env.msg);
        if (k1 === m.k1 && k2 === m.k2) return { type: a.kind, msg: env.id };
      }
      // The same message up to values drawn at random (not timer lengths), read as the untimed view drew them.
      const draws = new Map([...w.draws].filter(([v]) => !w.timerLengths.has(v)));
      if (!draws.size) return null;
      for (const env of sim.inFlight.values()) {
        if (env.from !== id(m.from) || env.to !== id(m.to)) continue;
        const hit: [number, number][] = [];
        const [k1, k2] = model.messageKey(m.from, m.to, undraw(env.msg, draws, hit));
        if (k1 === m.k1 && k2 === m.k2 && hit.length) {
          for (const [v, lo] of hit) used.set(v, lo);
          return { type: a.kind, msg: env.id };
        }
      }
      return null;
    }
    case 'fire':
      return { type: 'fire', node: id(a.node), timer: a.timer! };
    case 'crash':
      return a.wipe ? { type: 'crash', node: id(a.node), wipe: true } : { type: 'crash', node: id(a.node) };
    case 'restart':
      return { type: 'restart', node: id(a.node) };
    case 'write':
      return { type: 'write', node: id(a.node), command: a.command };
    case 'operator':
      return a.op ?? null;
  }
}

/** A copy of a plain value with each number drawn at random replaced by the untimed view's draw (the pairs used go to `hit`). */
function undraw(v: unknown, draws: ReadonlyMap<number, number>, hit: [number, number][]): unknown {
  if (typeof v === 'number') {
    const lo = draws.get(v);
    if (lo === undefined) return v;
    hit.push([v, lo]);
    return lo;
  }
  if (Array.isArray(v)) return v.map((x) => undraw(x, draws, hit));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = undraw((v as Record<string, unknown>)[k], draws, hit);
    return out;
  }
  return v;
}

const FACTORS = [0.5, 2, 0.25, 4];

/**
 * Try a few seeds (they only draw the timers' lengths): the first faithful replay. Else the same
 * with one timing setting that a clock guard compares with scaled (FACTORS; not those the replay
 * sets itself): the first faithful one. Else the last try under the checked timing.
 */
export function bestTimedCounterexample(registry: Registry, target: CheckTarget, path: readonly UntimedAction[], seeds = 4): TimedCounterexample {
  let last: TimedCounterexample | null = null;
  const durations = new Set<number>();
  const strip = ({ durations: d, ...r }: TimedCounterexample & { durations: ReadonlySet<number> }): TimedCounterexample => {
    for (const x of d) durations.add(x);
    return r;
  };
  for (let seed = 1; seed <= seeds; seed++) {
    last = strip(timedCounterexample(registry, target, path, seed));
    if (last.faithful) return last;
  }
  const timing = (target.model.config as { timing?: Record<string, unknown> }).timing ?? {};
  for (const [key, value] of Object.entries(timing)) {
    if (typeof value !== 'number' || !durations.has(value) || key in target.profile.replayTiming) continue;
    for (const f of FACTORS) {
      const retime = { [key]: Math.max(1, Math.round(value * f)) };
      for (let seed = 1; seed <= 2; seed++) {
        const r = strip(timedCounterexample(registry, target, path, seed, retime));
        if (r.faithful) return r;
      }
    }
  }
  return last!;
}
