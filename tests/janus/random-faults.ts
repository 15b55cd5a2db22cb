// Random faults driven step by step into a Janus run, for the safety and liveness tests: crashes,
// restarts, timed cuts, loss and duplication on links, client writes, duplicated messages, and
// (as each test asks) elector replacements and heals. Every draw comes from `rng`, so a run is a
// function of its seeds.
import type { Prng } from '../../src/kernel/prng';
import type { Simulation } from '../../src/kernel/sim';
import type { Action } from '../../src/kernel/types';

export interface RandomFaults {
  /** How many steps (each waits 10 to 300 ms, then draws at most one action). */
  steps: number;
  /** Stop at the first violation (the run is then kept as it broke). */
  untilViolation: boolean;
  /** A lossy link also gets a slow tail. */
  tail: boolean;
  /** Elector replacements (§9) are among the faults. */
  replace: boolean;
  /** `healAll` is among the actions. */
  heal: boolean;
}

export function randomFaults(sim: Simulation, rng: Prng, o: RandomFaults): void {
  const data = sim.nodeIds.filter((id) => id !== 'E');
  const all = sim.nodeIds;
  for (let step = 0; step < o.steps && !(o.untilViolation && sim.violations.length); step++) {
    sim.runUntil(sim.now + rng.int(10, 300));
    const r = rng.next();
    const n = rng.pick(data);
    const m = rng.pick(all);
    const other = rng.pick(all.filter((x) => x !== m));
    let a: Action | null = null;
    if (r < 0.3) a = { type: 'write', node: n, command: `k${step}` };
    else if (r < 0.42) a = { type: 'crash', node: m };
    else if (r < 0.55) a = { type: 'restart', node: m };
    else if (r < 0.63) a = { type: 'cut', from: m, to: other, both: rng.chance(0.5), duration: rng.int(50, 1500) };
    else if (r < 0.7)
      a = { type: 'link', from: m, to: other, both: true, params: o.tail ? { loss: rng.next() * 0.4, dup: rng.next() * 0.4, tailProb: rng.next() * 0.3 } : { loss: rng.next() * 0.4, dup: rng.next() * 0.4 } };
    else if (r < 0.73 && o.replace) a = { type: 'operator', name: 'replaceElector', node: n, args: { zombie: rng.chance(0.5) } };
    else if (r < 0.8) {
      const msgs = sim.messages();
      if (msgs.length) a = { type: 'duplicate', msg: rng.pick(msgs).id };
    } else if (r < 0.84 && o.heal) a = { type: 'healAll' };
    if (a && sim.validate(a) === null) sim.apply(a);
  }
}
