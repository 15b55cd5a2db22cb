// The explorer's profile for Janus: which faults a run draws, how it heals, and what
// PROTOCOL.md §11 promises after each kind of heal. Test exactly what the table promises.

import type { Action, NodeId, Prng, Simulation } from '../../kernel';
import { drawLinkKnobs, FaultPhase, networkHealed, round3 } from '../../contracts/faults';
import type { ExplorerProfile, RunPlan } from '../../contracts/explorer';
import { dataNodeIds, ELECTOR, janusConfig } from './config';
import { formatSet, has, type DataNodeState, type ElectorState } from './state';
import { blankNodes, logHolders } from './rejoin';

/** Virtual ms after the heal by which a new client write must be committed. */
export const LIVENESS_BOUND = 8000;

export function janusProfile(n: 2 | 3): ExplorerProfile {
  const ids = dataNodeIds(janusConfig(n));
  const all = [...ids, ELECTOR];
  // `wipe` (REJOIN.md): after the full heal, a data node loses its disk and restarts blank.
  const healKinds = n === 3 ? ['full', 'full', 'one-data', 'two-data', 'elector', 'wipe'] : ['full', 'full', 'one-data', 'elector', 'wipe'];

  return {
    protocol: `janus-${n}+1`,
    plan(seed: number, rng: Prng, mutant: string | null): RunPlan {
      const faultDuration = rng.int(1000, 6000);
      const knobs = {
        faultDuration,
        ...drawLinkKnobs(rng),
        loss: rng.chance(0.6) ? round3(rng.next() * 0.15) : 0,
        dup: rng.chance(0.5) ? round3(rng.next() * 0.1) : 0,
        crashRate: rng.int(0, 4), // per second
        partitionRate: rng.int(0, 3),
        spikeRate: rng.int(0, 2),
        electorFaultRate: rng.chance(0.6) ? rng.int(1, 3) : 0,
        writeRate: rng.int(2, 30),
        zombieReplacements: rng.chance(0.7) ? 1 : 0,
        // An elector replaced just after losing its disk while a data node is out of reach: the new
        // elector starts leaderless while a lagging member of R may still query it (R3, R4).
        isolatedReplacement: rng.chance(0.4) ? 1 : 0,
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
      // Swarm testing: a run that plays the isolated-replacement story keeps the other crashes,
      // elector faults and partitions out of its way (its own faults are the story).
      if (knobs.isolatedReplacement) {
        knobs.crashRate = 0;
        knobs.electorFaultRate = 0;
        knobs.partitionRate = 0;
      }
      const phase = new FaultPhase(rng, faultDuration);
      phase.lossyLinks(all, knobs.loss, knobs.dup);
      phase.poisson(knobs.crashRate, (t) => {
        const node = rng.pick(ids);
        phase.at(t, { type: 'crash', node });
        if (rng.chance(0.75)) phase.at(t + rng.int(50, 1500), { type: 'restart', node });
      });
      phase.poisson(knobs.electorFaultRate, (t) => {
        if (rng.chance(0.5)) {
          phase.at(t, { type: 'crash', node: ELECTOR });
          if (rng.chance(0.6)) phase.at(t + rng.int(50, 1500), { type: 'restart', node: ELECTOR });
        } else {
          phase.at(t, { type: 'operator', name: 'replaceElector', node: rng.pick(ids), args: { zombie: knobs.zombieReplacements === 1 && rng.chance(0.7) } });
        }
      });
      if (knobs.isolatedReplacement) {
        // x is shrunk out of R (down longer than replicaTimeout), restarts and catches up, then is cut
        // off from everyone: the leader's catch-up check may grow R back to x (§6.2) while x never
        // hears of the new term. Then the leader (or another node) and the elector's disk are lost,
        // and the operator replaces the elector (§9), which starts leaderless.
        const x = rng.pick(ids);
        const t = rng.int(50, 400);
        const back = t + timing.replicaTimeout + rng.int(100, 1000);
        const cutAt = back + rng.int(50, 600);
        const lostAt = cutAt + rng.int(200, 1500);
        // x hears again only around the time the new elector is installed.
        const cutFor = lostAt - cutAt + rng.int(250, 700);
        // The whole story must fit in the fault phase (what is planned past its end is dropped).
        const replaceAt = lostAt + rng.int(200, 400);
        if (replaceAt < faultDuration) {
        phase.at(t, { type: 'crash', node: x });
        phase.at(back, { type: 'restart', node: x });
        for (const other of all) if (other !== x) phase.at(cutAt, { type: 'cut', from: x, to: other, both: true, duration: cutFor });
        // Every other data node goes down (the leader among them), with the elector's disk.
        const others = ids.filter((id) => id !== x);
        const y = rng.pick(others);
        for (const o of others) {
          phase.at(lostAt, { type: 'crash', node: o });
          phase.at(lostAt + rng.int(20, 200), { type: 'restart', node: o });
        }
        phase.at(lostAt, { type: 'crash', node: ELECTOR, wipe: true });
        phase.at(replaceAt, { type: 'operator', name: 'replaceElector', node: y, args: { zombie: false } });
        }
      }
      phase.partitions(knobs.partitionRate, all, 2000);
      phase.poisson(knobs.spikeRate, (t) => {
        const a = rng.chance(0.4) ? ELECTOR : rng.pick(all);
        const b = phase.pickOther(all, a);
        phase.at(t, { type: 'link', from: a, to: b, both: rng.chance(0.5), params: { extraDelay: rng.int(100, 1200) } });
        phase.at(t + rng.int(100, 1500), { type: 'link', from: a, to: b, both: true, params: { extraDelay: 0 } });
      });
      phase.poisson(knobs.writeRate, (t) => phase.at(t, { type: 'write', node: rng.pick(ids) }));
      // Disk loss (REJOIN.md, docs/protocol.md §14): up to two data nodes crash with their disk and,
      // mostly, restart blank. Drawn last, so every draw above is that of the same run without wipes.
      // Only in runs without elector replacement: wipes together with a replacement are outside
      // the procedure (REJOIN.md O-2; §14 says what goes wrong).
      const wipes = knobs.electorFaultRate === 0 && !knobs.isolatedReplacement ? rng.pick([0, 0, 1, 1, 2]) : 0;
      for (let k = 0; k < wipes; k++) {
        const t = rng.int(0, faultDuration - 1);
        const node = rng.pick(ids);
        phase.at(t, { type: 'crash', node, wipe: true });
        if (rng.chance(0.85)) phase.at(t + rng.int(20, 1500), { type: 'restart', node });
      }
      // Pattern "a deposed leader meets a wiped node" (REJOIN.md §4.1 rule 2): x is cut off from
      // everyone, y takes over and commits alone, then loses its disk and restarts just as x, which
      // still believes it leads its old term, reaches y again (x stays cut off from the elector).
      // A blank y that acked x's AppendEntries would let x commit over y's committed entries.
      const staleLeaderWipe = knobs.electorFaultRate === 0 && !knobs.isolatedReplacement && rng.chance(0.5) ? 1 : 0;
      if (staleLeaderWipe) {
        const x = rng.pick(ids);
        const y = phase.pickOther(ids, x);
        const t0 = rng.int(100, Math.max(150, faultDuration - 2500));
        const cutY = rng.int(1200, 2000);
        if (t0 + cutY + 300 < faultDuration) {
          for (const o of all) if (o !== x) phase.at(t0, { type: 'cut', from: x, to: o, both: true, duration: o === ELECTOR ? cutY + rng.int(500, 1500) : cutY });
          phase.at(t0 + cutY - rng.int(100, 300), { type: 'write', node: y });
          const wipeAt = t0 + cutY - rng.int(0, 60);
          phase.at(wipeAt, { type: 'crash', node: y, wipe: true });
          phase.at(t0 + cutY + rng.int(0, 30), { type: 'restart', node: y });
          // y's rejoin is slow to reach the elector, so x's AppendEntries reach y while it is blank.
          phase.at(wipeAt, { type: 'link', from: y, to: ELECTOR, params: { extraDelay: rng.int(50, 400) } });
          phase.at(t0 + cutY + 500, { type: 'link', from: y, to: ELECTOR, params: { extraDelay: 0 } });
          for (let k = rng.int(1, 3); k > 0; k--) phase.at(t0 + cutY + rng.int(0, 150), { type: 'write', node: x });
        }
      }
      return phase.plan({ seed, protocol: `janus-${n}+1`, knobs: { ...knobs, wipes, staleLeaderWipe }, timing, mutant, healKinds: healKinds, livenessBound: LIVENESS_BOUND });
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
      } else if (kind === 'wipe') {
        // Not during an elector replacement (REJOIN.md §5 step 4).
        const node = rng.pick(ids);
        const replacing = !e.installed || ids.some((id) => sim.state<DataNodeState>(id).installer !== null);
        if (!replacing) out.push({ type: 'crash', node, wipe: true }, { type: 'restart', node });
      }
      return out;
    },

    promise(sim: Simulation, kind: string): string | null {
      const e = sim.state<ElectorState>(ELECTOR);
      const up = ids.filter((id) => sim.isUp(id));
      // Every promise needs the network healed: no cut, loss, duplication or delay spike left.
      if (!networkHealed(sim, all)) return null;
      // REJOIN.md §8 O-1: with no live member of the elector's R left that is not blank, the
      // cluster stays down rather than lose committed entries; and a blank member of a leader's R
      // stalls its commits until the elector evicts it, so not while the elector is down.
      const holders = logHolders(sim, ids).filter((id) => sim.isUp(id));
      if (holders.length === 0) return null;
      if (kind === 'elector' && blankNodes(sim, ids).length) return null;
      if (kind === 'wipe') {
        // REJOIN.md's promise: once the wiped node stays up and a non-blank member of R is alive, it
        // is evicted, caught up and grown back into the elector's R (unrestored) within the bound.
        if (up.length < ids.length || !sim.isUp(ELECTOR) || !e.installed) return null;
        const blank = blankNodes(sim, ids);
        if (blank.length === 0) return 'every node up and every link healed (no disk was lost: an elector replacement was under way)';
        return `${blank.join(', ')} lost its disk and restarted blank; ${holders.join(', ')} in the elector's R hold the log`;
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
      if (kind !== 'full' && kind !== 'wipe') return null;
      const e = sim.state<ElectorState>(ELECTOR);
      if (!e.installed) return 'the elector is not installed';
      const full = (1 << ids.length) - 1;
      if (e.replicationSet !== full) return `the elector's R is still ${formatSet(e.replicationSet)}`;
      const blank = blankNodes(sim, ids);
      if (blank.length) return `${blank.join(', ')} is still blank`;
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
