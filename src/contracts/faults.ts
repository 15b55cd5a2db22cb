// The fault phase of an explorer run, shared by the protocol profiles: actions placed in virtual
// time, faults drawn at random moments over the phase, and the trim at its end. Which faults a
// protocol draws, and how often, stays in its profile; this is only the machinery they share.
// Every draw comes from the run's seeded `rng`, in the order the calls are made, so a plan is
// fully determined by its seed.

import type { Action, NodeId, Prng, Simulation, Time } from '../kernel';
import type { PlannedAction, RunPlan } from './explorer';

/** Rounds to three decimals, so knobs and times print and replay exactly. */
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The link knobs every profile draws: base latency, jitter, and the chance of a slow tail. */
export function drawLinkKnobs(rng: Prng): { latencyMin: number; latencyJitter: number; tailProb: number } {
  return {
    latencyMin: rng.int(1, 15),
    latencyJitter: rng.int(0, 25),
    tailProb: round3(rng.next() * 0.08),
  };
}

/** The planned fault phase of one run, `duration` virtual ms long. */
export class FaultPhase {
  private readonly planned: PlannedAction[] = [];

  constructor(
    private readonly rng: Prng,
    readonly duration: Time,
  ) {}

  /** Plans `action` at virtual time `t`. */
  at(t: Time, action: Action): void {
    this.planned.push({ t: round3(t), action, phase: 'fault' });
  }

  /** Network faults that last the whole fault phase, one directed link at a time. */
  lossyLinks(nodes: readonly NodeId[], loss: number, dup: number): void {
    if (loss || dup)
      for (const f of nodes) for (const t of nodes) if (f !== t) this.at(0, { type: 'link', from: f, to: t, params: { loss, dup } });
  }

  /**
   * Calls `fn` at random moments of the phase, `rate` per second on average (each gap is 0.2 to
   * 1.8 times the mean); nothing when `rate` is 0.
   */
  poisson(rate: number, fn: (t: Time) => void): void {
    if (rate <= 0) return;
    let t = 0;
    for (;;) {
      t += (1000 / rate) * (0.2 + 1.6 * this.rng.next());
      if (t >= this.duration) break;
      fn(t);
    }
  }

  /** A node of `nodes` other than `a` (drawn at random; on a clash, the next one). */
  pickOther(nodes: readonly NodeId[], a: NodeId): NodeId {
    const b = this.rng.pick(nodes);
    return b === a ? nodes[(nodes.indexOf(a) + 1) % nodes.length]! : b;
  }

  /** Partitions, `rate` per second: a link between two nodes cut one way or both, for 100 ms to `maxDuration`. */
  partitions(rate: number, nodes: readonly NodeId[], maxDuration: Time): void {
    this.poisson(rate, (t) => {
      const a = this.rng.pick(nodes);
      const b = this.pickOther(nodes, a);
      this.at(t, { type: 'cut', from: a, to: b, both: this.rng.chance(0.5), duration: this.rng.int(100, maxDuration) });
    });
  }

  /**
   * The run's plan: the spec (link knobs, timing, mutant), the phase's actions, a heal drawn from
   * `healKinds` (after every other draw), and the knobs for the report.
   */
  plan(o: {
    seed: number;
    protocol: string;
    knobs: Record<string, number | string> & { latencyMin: number; latencyJitter: number; tailProb: number };
    timing: Record<string, number>;
    mutant: string | null;
    healKinds: readonly string[];
    livenessBound: Time;
  }): RunPlan {
    const { seed, knobs, timing } = o;
    return {
      seed,
      spec: { protocol: o.protocol, seed, link: { latencyMin: knobs.latencyMin, latencyJitter: knobs.latencyJitter, tailProb: knobs.tailProb }, timing, mutant: o.mutant },
      actions: this.actions(),
      healAt: this.duration,
      healKind: this.rng.pick(o.healKinds),
      livenessBound: o.livenessBound,
      knobs: { ...knobs, ...timing },
    };
  }

  /** The phase's actions, time-ordered. */
  actions(): PlannedAction[] {
    const actions = [...this.planned].sort((x, y) => x.t - y.t);
    // Anything planned past the end of the fault phase is left to the heal.
    while (actions.length && actions[actions.length - 1]!.t >= this.duration) actions.pop();
    return actions;
  }
}

/** Is the network among `nodes` healed: no cut, loss, duplication or delay spike left on any link? */
export function networkHealed(sim: Simulation, nodes: readonly NodeId[]): boolean {
  for (const f of nodes)
    for (const t of nodes) {
      if (f === t) continue;
      const l = sim.link(f, t);
      if (l.cut || l.params.loss > 0 || l.params.dup > 0 || l.params.extraDelay > 0) return false;
    }
  return true;
}
