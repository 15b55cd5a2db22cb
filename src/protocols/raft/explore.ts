// The explorer's profile for Raft. Raft's promise (§5, §5.6 of the extended paper): a cluster of
// 2f+1 servers survives any f failures; as long as a majority is up and can talk among itself,
// it elects a leader and commits client writes. A run's fault phase draws crashes and restarts,
// partitions, loss, duplication, delay spikes and client writes (with PreVote and CheckQuorum on
// in some runs); its heal is either full, or partial: at most f servers are left crashed or cut
// off from everyone for good. Either way, a heal-phase write must then commit within the bound.

import type { Action, NodeId, Prng, Simulation } from '../../kernel';
import { drawLinkKnobs, FaultPhase, networkHealed, round3 } from '../../contracts/faults';
import type { ExplorerProfile, RunPlan } from '../../contracts/explorer';
import { serverIds } from './config';
import type { RaftState } from './state';

/**
 * Virtual ms after the heal by which a heal-phase write must be committed. An election takes one
 * election timeout (at most 700 ms as the explorer draws them) plus a round trip; a split vote
 * costs another timeout, with a chance that shrinks geometrically with each round. 8 s is more
 * than ten rounds of the slowest timeouts drawn, and the same bound as the other protocols'.
 */
export const LIVENESS_BOUND = 8000;

/** The partial heals: a number k ≤ f of servers crashed or cut off for good, once the network is healed. */
export const HEAL_KINDS = ['full', 'full', 'crash-f', 'isolate-f', 'crash-and-isolate'] as const;

export function raftProfile(n: 3 | 5): ExplorerProfile {
  const ids = serverIds({ servers: n });
  const f = (n - 1) / 2;
  const shape = `raft-${n}`;
  /** The servers left out for good by the heal of this run (decided at stage 1). */
  const isolatedBy = (sim: Simulation): NodeId[] => ids.filter((id) => ids.every((o) => o === id || (sim.link(id, o).cut && sim.link(o, id).cut)));

  return {
    protocol: shape,
    // The faults its runs draw: `npm run explore` fails when one happened in no run.
    faults: ['loss', 'duplicate', 'overtake', 'tail latency', 'one-way cut', 'partition', 'timed cut expired', 'crash', 'crash in flight', 'restart', 'delay spike'],
    plan(seed: number, rng: Prng, mutant: string | null): RunPlan {
      const faultDuration = rng.int(1000, 6000);
      const knobs = {
        faultDuration,
        ...drawLinkKnobs(rng),
        loss: rng.chance(0.6) ? round3(rng.next() * 0.15) : 0,
        dup: rng.chance(0.5) ? round3(rng.next() * 0.1) : 0,
        crashRate: rng.int(0, 4), // per second
        churnRate: rng.chance(0.3) ? rng.int(4, 12) : 0,
        partitionRate: rng.int(0, 3),
        spikeRate: rng.int(0, 2),
        writeRate: rng.int(2, 30),
      };
      // Protocol timers are knobs too, and PreVote and CheckQuorum are on in some runs.
      const heartbeatInterval = rng.int(20, 80);
      const electionTimeoutMin = rng.int(Math.max(100, heartbeatInterval * 3), 400);
      const timing = {
        heartbeatInterval,
        electionTimeoutMin,
        electionTimeoutMax: electionTimeoutMin + rng.int(50, 300),
        preVote: rng.chance(0.35) ? 1 : 0,
        checkQuorum: rng.chance(0.35) ? 1 : 0,
      };
      const phase = new FaultPhase(rng, faultDuration);
      phase.lossyLinks(ids, knobs.loss, knobs.dup);
      phase.poisson(knobs.crashRate, (t) => {
        const node = rng.pick(ids);
        phase.at(t, { type: 'crash', node });
        if (rng.chance(0.8)) phase.at(t + rng.int(50, 1500), { type: 'restart', node });
      });
      phase.poisson(knobs.churnRate, (t) => {
        const node = rng.pick(ids);
        phase.at(t, { type: 'crash', node });
        phase.at(t + rng.int(20, 300), { type: 'restart', node });
      });
      phase.partitions(knobs.partitionRate, ids, 2000);
      phase.poisson(knobs.spikeRate, (t) => {
        const a = rng.pick(ids);
        const b = phase.pickOther(ids, a);
        phase.at(t, { type: 'link', from: a, to: b, both: rng.chance(0.5), params: { extraDelay: rng.int(100, 1200) } });
        phase.at(t + rng.int(100, 1500), { type: 'link', from: a, to: b, both: true, params: { extraDelay: 0 } });
      });
      phase.poisson(knobs.writeRate, (t) => phase.at(t, { type: 'write', node: rng.pick(ids) }));
      return phase.plan({ seed, protocol: shape, knobs, timing, mutant, healKinds: HEAL_KINDS, livenessBound: LIVENESS_BOUND });
    },

    settleMs: 2000,

    heal(_sim: Simulation, kind: string, rng: Prng, stage: 0 | 1): Action[] {
      // Stage 0: every link healed and every server restarted (healAll does both).
      if (stage === 0) return [{ type: 'healAll' }];
      if (kind === 'full') return [];
      // Stage 1: k ≤ f servers out for good, crashed or cut off from every other server.
      const k = rng.int(1, f);
      const out: Action[] = [];
      const left = [...ids];
      for (let i = 0; i < k; i++) {
        const node = left.splice(rng.int(0, left.length - 1), 1)[0]!;
        const crash = kind === 'crash-f' || (kind === 'crash-and-isolate' && rng.chance(0.5));
        if (crash) out.push({ type: 'crash', node });
        else for (const o of ids) if (o !== node) out.push({ type: 'cut', from: node, to: o, both: true });
      }
      return out;
    },

    promise(sim: Simulation, kind: string): string | null {
      const out = new Set(isolatedBy(sim));
      const survivors = ids.filter((id) => sim.isUp(id) && !out.has(id));
      const down = ids.filter((id) => !sim.isUp(id));
      // Raft's promise: a majority up, and the network among it healed.
      if (survivors.length < f + 1 || survivors.length + down.length + out.size !== n) return null;
      if (!networkHealed(sim, survivors)) return null;
      if (kind === 'full') return down.length || out.size ? null : 'every server up and every link healed';
      const lost = [...down.map((id) => `${id} down`), ...[...out].map((id) => `${id} cut off`)];
      return `${lost.join(', ')} for good (${lost.length} of ${n}, f = ${f}); ${survivors.join(', ')} are a majority`;
    },

    unrestored(sim: Simulation, kind: string): string | null {
      // After a full heal every server learns every committed entry.
      if (kind !== 'full') return null;
      let top = 0;
      for (const id of ids) top = Math.max(top, sim.state<RaftState>(id).commitIndex);
      const behind = ids.filter((id) => sim.state<RaftState>(id).commitIndex < top);
      return behind.length ? `${behind.join(', ')} ${behind.length === 1 ? 'has' : 'have'} not learned that index ${top} is committed` : null;
    },

    writeTarget(sim: Simulation, k: number): NodeId {
      const out = new Set(isolatedBy(sim));
      const up = ids.filter((id) => sim.isUp(id) && !out.has(id));
      return up.length ? up[k % up.length]! : ids[0]!;
    },

    progressed(sim: Simulation): boolean {
      for (const id of ids) {
        const s = sim.state<RaftState>(id);
        for (let i = Math.min(s.commitIndex, s.log.length); i >= 1; i--) if (s.log[i - 1]!.command.startsWith('heal-')) return true;
      }
      return false;
    },
  };
}
