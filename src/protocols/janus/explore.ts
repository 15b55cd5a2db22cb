// The explorer's profile for Janus: which faults a run draws, how it heals, and what
// PROTOCOL.md §11 promises after each kind of heal. Test exactly what the table promises.

import type { Action, NodeId, Prng, Simulation } from '../../kernel';
import type { ExplorerProfile, PlannedAction, RunPlan } from '../../explorer/profile';
import { dataNodeIds, ELECTOR, janusConfig } from './config';
import { formatSet, has, type DataNodeState, type ElectorState } from './state';

/** Virtual ms after the heal by which a new client write must be committed. */
export const LIVENESS_BOUND = 8000;

export function janusProfile(n: 2 | 3): ExplorerProfile {
  const ids = dataNodeIds(janusConfig(n));
  const all = [...ids, ELECTOR];
  const healKinds = n === 3 ? ['full', 'full', 'one-data', 'two-data', 'elector'] : ['full', 'full', 'one-data', 'elector'];

  return {
    protocol: `janus-${n}+1`,
    plan(seed: number, rng: Prng, mutant: string | null): RunPlan {
      const faultDuration = rng.int(1000, 6000);
      const knobs = {
        faultDuration,
        latencyMin: rng.int(1, 15),
        latencyJitter: rng.int(0, 25),
        tailProb: Math.round(rng.next() * 0.08 * 1000) / 1000,
        loss: rng.chance(0.6) ? Math.round(rng.next() * 0.15 * 1000) / 1000 : 0,
        dup: rng.chance(0.5) ? Math.round(rng.next() * 0.1 * 1000) / 1000 : 0,
        crashRate: rng.int(0, 4), // per second
        partitionRate: rng.int(0, 3),
        spikeRate: rng.int(0, 2),
        electorFaultRate: rng.chance(0.6) ? rng.int(1, 3) : 0,
        writeRate: rng.int(2, 30),
        zombieReplacements: rng.chance(0.7) ? 1 : 0,
      };
      // Protocol timers are knobs too: short catch-up checks and replica timeouts reach the rare
      // paths (grow, sticky join, shrink) far more often than the defaults.
      const heartbeatInterval = rng.int(20, 80);
      const electionTimeoutMin = rng.int(150, 400);
      const timing = {
        heartbeatInterval,
        electionTimeoutMin,
        electionTimeoutMax: electionTimeoutMin + rng.int(50, 300),
        replicaTimeout: rng.int(Math.max(150, heartbeatInterval * 3), 500),
        electorLeaderTimeout: rng.int(200, 600),
        termRequestRetry: rng.int(80, 300),
        catchUpCheck: rng.int(100, 1200),
      };
      const actions: PlannedAction[] = [];
      const at = (t: number, action: Action) => actions.push({ t: Math.round(t * 1000) / 1000, action, phase: 'fault' });
      // Network faults that last the whole fault phase, one directed link at a time.
      if (knobs.loss || knobs.dup)
        for (const f of all) for (const t of all) if (f !== t) at(0, { type: 'link', from: f, to: t, params: { loss: knobs.loss, dup: knobs.dup } });
      const poisson = (rate: number, fn: (t: number) => void) => {
        if (rate <= 0) return;
        let t = 0;
        for (;;) {
          t += (1000 / rate) * (0.2 + 1.6 * rng.next());
          if (t >= faultDuration) break;
          fn(t);
        }
      };
      poisson(knobs.crashRate, (t) => {
        const node = rng.pick(ids);
        at(t, { type: 'crash', node });
        if (rng.chance(0.75)) at(t + rng.int(50, 1500), { type: 'restart', node });
      });
      poisson(knobs.electorFaultRate, (t) => {
        if (rng.chance(0.5)) {
          at(t, { type: 'crash', node: ELECTOR });
          if (rng.chance(0.6)) at(t + rng.int(50, 1500), { type: 'restart', node: ELECTOR });
        } else {
          at(t, { type: 'operator', name: 'replaceElector', node: rng.pick(ids), args: { zombie: knobs.zombieReplacements === 1 && rng.chance(0.7) } });
        }
      });
      poisson(knobs.partitionRate, (t) => {
        const a = rng.pick(all);
        let b = rng.pick(all);
        if (b === a) b = all[(all.indexOf(a) + 1) % all.length]!;
        const both = rng.chance(0.5);
        at(t, { type: 'cut', from: a, to: b, both, duration: rng.int(100, 2000) });
      });
      poisson(knobs.spikeRate, (t) => {
        const a = rng.chance(0.4) ? ELECTOR : rng.pick(all);
        let b = rng.pick(all);
        if (b === a) b = all[(all.indexOf(a) + 1) % all.length]!;
        at(t, { type: 'link', from: a, to: b, both: rng.chance(0.5), params: { extraDelay: rng.int(100, 1200) } });
        at(t + rng.int(100, 1500), { type: 'link', from: a, to: b, both: true, params: { extraDelay: 0 } });
      });
      poisson(knobs.writeRate, (t) => at(t, { type: 'write', node: rng.pick(ids) }));
      actions.sort((x, y) => x.t - y.t);
      // Anything planned past the end of the fault phase is left to the heal.
      while (actions.length && actions[actions.length - 1]!.t >= faultDuration) actions.pop();
      return {
        seed,
        spec: {
          protocol: `janus-${n}+1`,
          seed,
          link: { latencyMin: knobs.latencyMin, latencyJitter: knobs.latencyJitter, tailProb: knobs.tailProb },
          timing,
          mutant,
        },
        actions,
        healAt: faultDuration,
        healKind: rng.pick(healKinds),
        livenessBound: LIVENESS_BOUND,
        knobs: { ...knobs, ...timing },
      };
    },

    settleMs: 2000,

    heal(sim: Simulation, kind: string, rng: Prng, stage: 0 | 1): Action[] {
      const e = sim.state<ElectorState>(ELECTOR);
      if (stage === 0) {
        const out: Action[] = [{ type: 'healAll' }];
        // An unfinished or needed replacement is run again by the operator, through any node.
        if (!e.installed) out.push({ type: 'operator', name: 'replaceElector', node: ids[0]! });
        return out;
      }
      const out: Action[] = [];
      if (kind === 'one-data') {
        out.push({ type: 'crash', node: rng.pick(ids) });
      } else if (kind === 'two-data') {
        const keep = rng.pick(ids);
        for (const id of ids) if (id !== keep) out.push({ type: 'crash', node: id });
      } else if (kind === 'elector') {
        out.push({ type: 'crash', node: ELECTOR });
      }
      return out;
    },

    promise(sim: Simulation, kind: string): string | null {
      const e = sim.state<ElectorState>(ELECTOR);
      const up = ids.filter((id) => sim.isUp(id));
      // Every promise needs the network healed: no cut, loss, duplication or delay spike left.
      for (const f of all)
        for (const t of all) {
          if (f === t) continue;
          const l = sim.link(f, t);
          if (l.cut || l.params.loss > 0 || l.params.dup > 0 || l.params.extraDelay > 0) return null;
        }
      if (kind === 'full') {
        const replacing = ids.some((id) => sim.state<DataNodeState>(id).installer !== null);
        if (up.length < ids.length || !sim.isUp(ELECTOR) || (!e.installed && !replacing)) return null;
        return 'every node up and every link healed';
      }
      if (kind === 'one-data' || kind === 'two-data') {
        // §11: data-node failures are survived while the elector is up and a survivor is in R.
        // A node outside the elector's R counts as already failed.
        if (!e.installed || !sim.isUp(ELECTOR)) return null;
        const survivors = up.filter((id) => has(e.replicationSet, Number(id.slice(1)) - 1));
        if (survivors.length === 0) return null;
        return `${ids.length - up.length} data node(s) down for good; ${survivors.join(', ')} in the elector's R survive`;
      }
      if (kind === 'elector') {
        // §11: with the elector down, a leader whose whole R stays up keeps committing.
        if (up.length < ids.length) return null;
        const leader = ids.find((id) => {
          const s = sim.state<DataNodeState>(id);
          return sim.isUp(id) && s.role === 'leader' && e.installed && s.currentTerm === e.currentTerm && e.leaderId === id;
        });
        return leader ? `the elector is down for good; ${leader} leads the elector's latest term with all of R up` : null;
      }
      return null;
    },

    unrestored(sim: Simulation, kind: string): string | null {
      // §8: after a full heal every dropped node is caught up and grown back, so the elector's R
      // is every data node again (and a leader of its term exists).
      if (kind !== 'full') return null;
      const e = sim.state<ElectorState>(ELECTOR);
      if (!e.installed) return 'the elector is not installed';
      const full = (1 << ids.length) - 1;
      if (e.replicationSet !== full) return `the elector's R is still ${formatSet(e.replicationSet)}`;
      return null;
    },

    writeTarget(sim: Simulation, k: number): NodeId {
      const upIds = ids.filter((id) => sim.isUp(id));
      return upIds.length ? upIds[k % upIds.length]! : ids[0]!;
    },

    progressed(sim: Simulation): boolean {
      for (const id of ids) {
        const s = sim.state<DataNodeState>(id);
        for (let i = s.commitIndex; i >= 1; i--) if (s.log[i - 1]?.command.startsWith('heal-')) return true;
      }
      return false;
    },
  };
}
