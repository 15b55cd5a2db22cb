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
// The wrapper only watches: the same spec and actions replay in the lab with the real protocol,
// bit for bit (the trace hash is the lab's). A counterexample that no timing can realise (the
// untimed view explores every answer, a timed run cannot always give them together) is reported
// with `faithful: false` and the step where it parted.

import { Simulation, type Action, type AnyProtocol, type Ctx, type TimedAction, type UntimedAction, type UntimedState } from '../kernel';
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
}

interface GuardCall {
  since: number;
  duration: number;
  answer: boolean;
}

/** The protocol with its handlers' clock guards recorded (behaviour unchanged). */
function watching(protocol: AnyProtocol, calls: GuardCall[]): AnyProtocol {
  const wrap = <M,>(ctx: Ctx<M>): Ctx<M> =>
    new Proxy(ctx, {
      get(target, key, recv) {
        if (key === 'elapsed')
          return (since: number, duration: number) => {
            const answer = target.elapsed(since, duration);
            calls.push({ since, duration, answer });
            return answer;
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
export function timedCounterexample(registry: Registry, target: CheckTarget, path: readonly UntimedAction[], seed = 1): TimedCounterexample {
  const spec: RunSpec = { ...target.spec, seed, timing: { ...target.spec.timing, ...target.profile.replayTiming }, link: { ...LINK } };
  const calls: GuardCall[] = [];
  const protocol = watching(target.shape.plugin.protocol, calls);
  const sim = new Simulation(protocol, { ...registry.simOptions(spec), trace: 'light', monitors: true });
  const model = target.model;
  let u: UntimedState = model.init();
  const actions: TimedAction[] = [];
  let partedAt: number | null = null;
  for (let k = 0; k < path.length; k++) {
    const a = path[k]!;
    const action = toAction(sim, model, u, a);
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
      const due = sim.nextEventTime();
      if (due !== null && due <= t) break; // something would happen by itself first
      calls.length = 0;
      sim.now = t;
      const at = sim.eventCount;
      try {
        sim.apply(action);
      } catch {
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
  return { spec, actions, faithful: partedAt === null && violated !== null, partedAt, violated };
}

/** The kernel action of an untimed step, in this timed run (the message: one in flight equal to it). */
function toAction(sim: Simulation, model: CheckTarget['model'], u: UntimedState, a: UntimedAction): Action | null {
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

/** Try a few seeds (they only draw the timers' lengths): the first faithful replay, else the last try. */
export function bestTimedCounterexample(registry: Registry, target: CheckTarget, path: readonly UntimedAction[], seeds = 4): TimedCounterexample {
  let last: TimedCounterexample | null = null;
  for (let seed = 1; seed <= seeds; seed++) {
    last = timedCounterexample(registry, target, path, seed);
    if (last.faithful) return last;
  }
  return last!;
}
