// The explorer's profile for the published spec: fault phases with message loss, duplication,
// partitions, crashes with the disk kept, disk loss of a data node and of the elector, and the
// spec's "may fire at any time" steps taken at random moments (as TLC interleaves them). After a
// full heal the published design claims it tolerates any one failure, so a write must commit.
// `classifyFinding` names what a failing run shows: P1, P2, the InitWorkload deadlock, P3, F1.

import type { Action, NodeId, Prng, Simulation } from '../../kernel';
import { drawLinkKnobs, FaultPhase, networkHealed, round3 } from '../../contracts/faults';
import type { ExplorerProfile, RunPlan } from '../../contracts/explorer';
import type { Violation } from '../../kernel/types';
import { DATA_NODES, ELECTOR } from './config';
import type { PubDataState, PubElectorState, PubState } from './state';

export const LIVENESS_BOUND = 12000;

const SPONTANEOUS = ['FollowerSendSwitchToRF1Leader', 'LeaderSendSwitchToRF1', 'LeaderSendSwitchToRF2_P1', 'FollowerSendInitWorkload'] as const;

export function publishedProfile(): ExplorerProfile {
  const ids = DATA_NODES.slice();
  const all = [...ids, ELECTOR];
  return {
    protocol: 'janus-published',
    plan(seed: number, rng: Prng): RunPlan {
      const faultDuration = rng.int(1000, 6000);
      // Half the runs mix every fault. The other half aim at one: with every fault at once most runs
      // end early in a dead end (P1, the InitWorkload deadlock), which hides the safety findings.
      const focus = rng.pick(['mixed', 'mixed', 'elector-amnesia', 'restart', 'loss'] as const);
      const mixed = focus === 'mixed';
      const knobs = {
        focus,
        faultDuration,
        ...drawLinkKnobs(rng),
        loss: (mixed && rng.chance(0.5)) || focus === 'loss' ? round3(rng.next() * 0.3) : 0,
        dup: (mixed || focus === 'elector-amnesia') && rng.chance(0.4) ? round3(rng.next() * 0.15) : 0,
        crashRate: (mixed && rng.chance(0.6)) || focus === 'restart' ? rng.int(1, 3) : 0,
        dataWipeRate: mixed && rng.chance(0.3) ? rng.int(1, 2) : 0,
        electorWipeRate: (mixed && rng.chance(0.4)) || focus === 'elector-amnesia' ? rng.int(1, 3) : 0,
        partitionRate: mixed ? rng.int(0, 2) : 0,
        spontaneousRate: (mixed && rng.chance(0.5)) || focus === 'elector-amnesia' ? rng.int(1, 8) : 0,
        writeRate: rng.int(2, 25),
      };
      const electionTimeoutMin = rng.int(150, 900);
      const timing = {
        electionTimeoutMin,
        electionTimeoutMax: electionTimeoutMin + rng.int(50, 600),
        replicaTimeout: rng.int(100, 600),
        catchUpCheck: rng.int(150, 1500),
        electorLeaderTimeout: rng.int(100, 800),
      };
      const phase = new FaultPhase(rng, faultDuration);
      phase.lossyLinks(all, knobs.loss, knobs.dup);
      phase.poisson(knobs.crashRate, (t) => {
        const node = rng.pick(focus === 'restart' ? ids : all);
        phase.at(t, { type: 'crash', node });
        phase.at(t + rng.int(20, 1200), { type: 'restart', node });
      });
      phase.poisson(knobs.dataWipeRate, (t) => {
        const node = rng.pick(ids);
        if (rng.chance(0.5)) phase.at(t, { type: 'operator', name: 'HardReset', node });
        else {
          phase.at(t, { type: 'crash', node, wipe: true });
          phase.at(t + rng.int(20, 800), { type: 'restart', node });
        }
      });
      phase.poisson(knobs.electorWipeRate, (t) => {
        if (rng.chance(0.6)) phase.at(t, { type: 'operator', name: 'HardReset', node: ELECTOR });
        else {
          phase.at(t, { type: 'crash', node: ELECTOR, wipe: true });
          phase.at(t + rng.int(20, 800), { type: 'restart', node: ELECTOR });
        }
      });
      phase.partitions(knobs.partitionRate, all, 1500);
      // The spec's free choices, taken at random moments: a spontaneous send at a data node, or the
      // elector's `ok` in SwitchToRF1Leader ("I have not heard from the leader").
      phase.poisson(knobs.spontaneousRate, (t) => {
        if (rng.chance(0.3)) phase.at(t, { type: 'operator', name: 'ElectorChooseOk', node: ELECTOR, args: { ok: true } });
        else phase.at(t, { type: 'operator', name: rng.pick(SPONTANEOUS), node: rng.pick(ids) });
      });
      phase.poisson(knobs.writeRate, (t) => phase.at(t, { type: 'write', node: rng.pick(ids) }));
      return {
        seed,
        spec: { protocol: 'janus-published', seed, link: { latencyMin: knobs.latencyMin, latencyJitter: knobs.latencyJitter, tailProb: knobs.tailProb }, timing },
        actions: phase.actions(),
        healAt: faultDuration,
        healKind: 'full',
        livenessBound: LIVENESS_BOUND,
        knobs: { ...knobs, ...timing },
      };
    },

    settleMs: 2000,

    heal(_sim: Simulation, _kind: string, _rng: Prng, stage: 0 | 1): Action[] {
      return stage === 0 ? [{ type: 'healAll' }] : [];
    },

    promise(sim: Simulation): string | null {
      for (const id of all) if (!sim.isUp(id)) return null;
      if (!networkHealed(sim, all)) return null;
      return 'every node up and every link healed (the published design claims to tolerate any one failure)';
    },

    writeTarget(sim: Simulation, k: number): NodeId {
      const leader = ids.find((id) => sim.isUp(id) && sim.state<PubDataState>(id).role === 'leader');
      return leader ?? ids[k % ids.length]!;
    },

    progressed(sim: Simulation): boolean {
      for (const id of ids) {
        const s = sim.state<PubDataState>(id);
        const upTo = Math.min(s.committedIdx.index, s.dmlLog.length);
        for (let i = upTo; i >= 1; i--) if (s.dmlLog[i - 1]!.data.startsWith('heal-')) return true;
      }
      return false;
    },
  };
}

export type FindingId = 'P1' | 'P2' | 'P3' | 'F1' | 'InitWorkload deadlock' | 'dead end' | 'no progress' | 'other';

export const FINDING_TEXT: Record<FindingId, string> = {
  P1: 'No node can ever lead again: the elector has RF 1, so the guard "RF = 2" (the spec\'s TODO) refuses every SwitchToRF1Leader, even from the RF 1 leader itself after it restarts.',
  P2: 'The elector lost its disk; a stale message taught it an old term again, and it granted a term a second time: two leaders or two replication factors in one term, or a leader outside the replication set its term was first granted with.',
  P3: "A data node lost its disk and was elected without a committed entry: the elector's committed index lags and cannot tell.",
  F1: "Only the spec's Leader Completeness formula fails: a leader lacks an entry of an older term that was committed in its own term or later (Raft's form holds).",
  'InitWorkload deadlock': 'Both data nodes sent InitWorkload and are candidates at term 0; nothing resends it and a candidate never falls back, so the first election never happens.',
  'dead end': 'No leader can ever emerge again, another way: for example a data node lost its disk before the elector learned any term, so the elector (at term 0) answers no takeover and the wiped node\'s InitWorkload is below the other\'s term.',
  'no progress': 'A leader exists but no write commits after the heal: a lost reply is never resent (a SwitchToRF1 Resp lost leaves the leader one term behind the elector for good), and a refused AppendEntries RF2 is never resent (P5).',
  other: 'Another failure.',
};

/**
 * What a failing run shows. `violations` are the run's (the first one decides), `applied` its
 * actions; `sim` is the run at the failure.
 */
export function classifyFinding(sim: Simulation, violations: Violation[], applied: Action[]): FindingId {
  const props = violations.map((v) => v.property);
  const first = props[0];
  const e = sim.state<PubState>(ELECTOR) as PubElectorState;
  const data = ids().map((id) => sim.state<PubState>(id) as PubDataState);
  const electorWiped = applied.some((a) => (a.type === 'crash' && a.wipe && a.node === ELECTOR) || (a.type === 'operator' && a.name === 'HardReset' && a.node === ELECTOR));
  if (first === 'LeaderCompleteness' && !props.includes('LeaderCompletenessRaft')) return 'F1';
  // P2's root: the amnesiac elector grants a term a second time. Two leaders at once break
  // LeaderSafety first; a second grant after the first leader stepped down breaks only
  // LeaderInReplicationSet (the term's replication set is the first grantee).
  if ((first === 'LeaderSafety' || first === 'ReplicationFactorSafety' || first === 'LeaderInReplicationSet') && electorWiped) return 'P2';
  if (first === 'LeaderCompleteness' || first === 'LeaderCompletenessRaft' || first === 'StateMachineSafety') return 'P3';
  if (first === 'NotStuckWithoutLeader' || first === undefined) {
    if (data.every((s) => s.term === 0 && s.role === 'candidate')) return 'InitWorkload deadlock';
    if (e.replicationFactor === 1 && data.every((s) => s.role !== 'leader')) return 'P1';
    return first === undefined && data.some((s) => s.role === 'leader') ? 'no progress' : 'dead end';
  }
  return 'other';
}

const ids = () => DATA_NODES;
