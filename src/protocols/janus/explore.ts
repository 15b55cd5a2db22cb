// The explorer's profile for Janus: which faults a run draws, how it heals, and what
// PROTOCOL.md §11 promises after each kind of heal. Test exactly what the table promises.

import type { Action, NodeId, Prng, Simulation } from '../../kernel';
import { drawLinkKnobs, FaultPhase, networkHealed, round3 } from '../../contracts/faults';
import type { ExplorerProfile, RunPlan } from '../../contracts/explorer';
import { dataNodeIds, ELECTOR, janusConfig } from './config';
import { has, type DataNodeState, type ElectorState } from './state';
import { blankNodes, logHolders } from './rejoin';
import { janusUnrestored } from './liveness';
import type { JanusMessage, NodeSet } from './messages';

/** The faults a run draws; `npm run explore` fails when one of them happened in no run. */
export const JANUS_FAULTS = [
  'loss',
  'duplicate',
  'overtake',
  'tail latency',
  'one-way cut',
  'partition',
  'timed cut expired',
  'crash',
  'crash in flight',
  'restart',
  'disk wipe',
  'delay spike',
  'long delay spike',
  'operator:replaceElector',
] as const;

/** Virtual ms after the heal by which a new client write must be committed. */
export const LIVENESS_BOUND = 8000;

/**
 * §11's promise is a function of R at the moment of the permanent failure: the elector's R, less
 * whatever a takeover or shrink request that a now failed node sent before failing, still in
 * flight, may yet make the elector grant (a shrink needs no leader silence: §13, "Observed").
 * A data node outside this set may never be granted a term, so it is no survivor of the promise.
 */
export function replicationSetAtFailure(sim: Simulation, e: ElectorState): { set: NodeSet; pending: number } {
  let set = e.replicationSet;
  let pending = 0;
  for (const env of sim.messages()) {
    const m = env.msg as JanusMessage;
    if (env.to !== ELECTOR || env.fate === 'loss' || m.type !== 'TermRequest' || sim.isUp(env.from)) continue;
    if (m.electorEpoch !== e.electorEpoch || (m.kind !== 'takeover' && m.kind !== 'shrink')) continue;
    if ((set & m.replicationSet) !== set) pending++;
    set &= m.replicationSet;
  }
  return { set, pending };
}

export function janusProfile(n: 2 | 3): ExplorerProfile {
  const ids = dataNodeIds(janusConfig(n));
  const all = [...ids, ELECTOR];
  // `wipe` (REJOIN.md): after the full heal, a data node loses its disk and restarts blank.
  const healKinds = n === 3 ? ['full', 'full', 'one-data', 'two-data', 'elector', 'wipe'] : ['full', 'full', 'one-data', 'elector', 'wipe'];

  return {
    protocol: `janus-${n}+1`,
    faults: JANUS_FAULTS,
    patterns: ['isolatedReplacement', 'longSpikes', ...(n === 3 ? ['leaderReturn'] : []), 'blankReplacement'],
    plan(seed: number, rng: Prng, mutant: string | null): RunPlan {
      let faultDuration = rng.int(1000, 6000);
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
        // Some spikes outlast the settle period (2 s): a request delayed that long can still be
        // granted after the heal's permanent failure (the exact promise of §11 accounts for it).
        longSpikes: rng.chance(0.35) ? 1 : 0,
        // Pattern "leader returns" (§13): the old leader comes back to power while acks of its
        // older term are still in flight.
        leaderReturn: n === 3 && rng.chance(0.25) ? 1 : 0,
      };
      // Protocol timers are knobs too: short catch-up checks and replica timeouts reach the rare
      // paths (grow, sticky join, shrink) far more often than the defaults.
      const heartbeatInterval = rng.int(20, 80);
      const electionTimeoutMin = rng.int(150, 400);
      const timing: Record<string, number> = {
        heartbeatInterval,
        electionTimeoutMin,
        electionTimeoutMax: electionTimeoutMin + rng.int(50, 300),
        replicaTimeout: rng.int(Math.max(150, heartbeatInterval * 3), 500),
        electorLeaderTimeout: rng.int(200, 600),
        termRequestRetry: rng.int(80, 300),
        catchUpCheck: rng.int(100, 1200),
        // At most this many entries per AppendEntries (config.maxBatch); 1 makes every follower
        // commit from a short, verified prefix, where a commit past it shows (commit-past-match).
        maxBatch: rng.pick([1, 1, 2, 3, 8, 64]),
      };
      // Swarm testing: a run that plays the isolated-replacement story keeps the other crashes,
      // elector faults and partitions out of its way (its own faults are the story).
      if (knobs.isolatedReplacement) {
        knobs.crashRate = 0;
        knobs.electorFaultRate = 0;
        knobs.partitionRate = 0;
        knobs.leaderReturn = 0;
      }
      // Swarm testing (TigerBeetle): some runs leave whole fault classes out, so the faults they
      // keep meet more often (no loss and many crashes, long delays and no crashes, …).
      const swarm = rng.int(0, 5);
      if (swarm === 1) {
        knobs.loss = 0;
        knobs.dup = 0;
        knobs.crashRate = Math.max(knobs.crashRate, 3);
      } else if (swarm === 2) {
        knobs.crashRate = 0;
        knobs.electorFaultRate = 0;
        knobs.spikeRate = Math.max(knobs.spikeRate, 2);
      } else if (swarm === 3) {
        knobs.partitionRate = Math.max(knobs.partitionRate, 2);
        knobs.loss = 0;
      }
      // Small batches run without duplication: with a backlog, every duplicated ack starts one
      // more catch-up chain (§4.2 feeds a lagging node on each ack) until the follower has caught
      // up, tens of thousands of messages at maxBatch 1 (docs/protocol.md §13, "Observed").
      if (timing.maxBatch! <= 3) knobs.dup = 0;
      // Pattern "leader returns" (3+1): a story of its own, like the isolated replacement, so the
      // other random faults stay out of its way. Its moments are drawn here, from the timers.
      let story: { t0: number; window: number; cutFor: number; back: number; failAt: number; hold: number; xLeads: number } | null = null;
      if (knobs.leaderReturn) {
        knobs.crashRate = 0;
        knobs.electorFaultRate = 0;
        knobs.partitionRate = 0;
        knobs.spikeRate = 0;
        knobs.loss = 0;
        // Its own writes only: x's term must end with more entries than y's term overwrites.
        knobs.writeRate = 0;
        const takeover = timing.electionTimeoutMax! + timing.electorLeaderTimeout!;
        const t0 = timing.electionTimeoutMax! + rng.int(400, 900);
        // Short enough that x does not shrink its silent followers out before it is cut off.
        const window = rng.int(30, Math.max(40, timing.replicaTimeout! - 2 * heartbeatInterval));
        const cutFor = takeover + rng.int(400, 1000);
        const back = t0 + window + cutFor;
        const failAt = back + timing.catchUpCheck! + rng.int(300, 1000);
        const xLeads = failAt + takeover;
        const hold = xLeads - t0 + rng.int(100, 1500);
        story = { t0, window, cutFor, back, failAt, hold, xLeads };
        faultDuration = Math.max(faultDuration, t0 + hold + 1500);
        knobs.faultDuration = faultDuration;
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
        const back = t + timing.replicaTimeout! + rng.int(100, 1000);
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
        const long = knobs.longSpikes === 1 && rng.chance(0.5);
        phase.at(t, { type: 'link', from: a, to: b, both: rng.chance(0.5), params: { extraDelay: long ? rng.int(2100, 5000) : rng.int(100, 1200) } });
        phase.at(t + (long ? rng.int(20, 600) : rng.int(100, 1500)), { type: 'link', from: a, to: b, both: true, params: { extraDelay: 0 } });
      });
      if (story) {
        // x (the leader, in the runs that matter) writes while the acks of its term to it from z
        // are held back and its AppendEntries to y are lost. x is cut off; y takes over (z cannot
        // reach E) and commits a shorter log that overwrites z's copy of x's entries. x is healed
        // and grown back; y fails, and x takes over again (z still cannot reach E). The acks of
        // x's old term arrive once x leads again: a stale ack (§4.2) that must not be counted.
        const { t0, window, cutFor, back, failAt, hold, xLeads } = story;
        const x = rng.pick(ids);
        const y = phase.pickOther(ids, x);
        const z = ids.find((id) => id !== x && id !== y)!;
        // x leads first: the others' first takeover requests are lost on the way to E.
        for (const o of [y, z]) phase.at(0, { type: 'cut', from: o, to: ELECTOR, duration: t0 - 100 });
        phase.at(t0, { type: 'link', from: z, to: x, params: { extraDelay: hold } });
        phase.at(t0 + window, { type: 'link', from: z, to: x, params: { extraDelay: 0 } });
        phase.at(t0, { type: 'cut', from: x, to: y, duration: window });
        for (let k = rng.int(2, 5); k > 0; k--) phase.at(t0 + rng.int(0, window), { type: 'write', node: x });
        for (const o of all) if (o !== x) phase.at(t0 + window, { type: 'cut', from: x, to: o, both: true, duration: cutFor });
        phase.at(t0 + window, { type: 'cut', from: z, to: ELECTOR, duration: cutFor });
        phase.at(back - rng.int(100, 300), { type: 'write', node: y });
        phase.at(failAt, { type: 'crash', node: y });
        phase.at(failAt, { type: 'cut', from: z, to: ELECTOR, duration: xLeads - failAt + 500 });
        if (rng.chance(0.6)) phase.at(xLeads + rng.int(200, 1500), { type: 'restart', node: y });
        for (let k = rng.int(2, 5); k > 0; k--) phase.at(xLeads + rng.int(0, t0 + hold - xLeads + 800), { type: 'write', node: x });
      }
      phase.poisson(knobs.writeRate, (t) => phase.at(t, { type: 'write', node: rng.pick(ids) }));
      // Disk loss (REJOIN.md, docs/protocol.md §14): up to two data nodes crash with their disk and,
      // mostly, restart blank. Drawn last, so every draw above is that of the same run without wipes.
      // Only in runs without elector replacement: wipes together with a replacement are outside
      // the procedure (REJOIN.md O-2; §14 says what goes wrong).
      const wipes = knobs.electorFaultRate === 0 && !knobs.isolatedReplacement && !knobs.leaderReturn ? rng.pick([0, 0, 1, 1, 2]) : 0;
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
      const staleLeaderWipe = knobs.electorFaultRate === 0 && !knobs.isolatedReplacement && !knobs.leaderReturn && rng.chance(0.5) ? 1 : 0;
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
      // Pattern "the elector is replaced while a data node is blank" (our rule R5, docs/protocol.md
      // §14): z is cut off from everyone for longer than replicaTimeout, so the others move to a
      // term z never hears of (a shrink or a takeover). Then every other data node loses its disk
      // and the elector its own, and the operator replaces the elector through z as z is reached
      // again. A blank node's report would lose the new term (mutant blank-reports); by R5 the
      // replacement waits instead and the cluster stays down (no liveness promise then).
      // Drawn last, so every draw above is that of the same run without it.
      const blankReplacement = !knobs.isolatedReplacement && !knobs.leaderReturn && rng.chance(0.25) ? 1 : 0;
      if (blankReplacement) {
        const z = rng.pick(ids);
        const t0 = rng.int(100, 800);
        const cutFor = timing.replicaTimeout! + rng.int(300, 1500);
        const lostAt = t0 + cutFor - rng.int(0, 100);
        if (t0 + cutFor + 400 < faultDuration) {
          for (const o of all) if (o !== z) phase.at(t0, { type: 'cut', from: z, to: o, both: true, duration: cutFor });
          for (const o of ids) {
            if (o === z) continue;
            phase.at(lostAt, { type: 'crash', node: o, wipe: true });
            phase.at(lostAt + rng.int(20, 200), { type: 'restart', node: o });
          }
          phase.at(lostAt, { type: 'crash', node: ELECTOR, wipe: true });
          phase.at(t0 + cutFor + rng.int(50, 300), { type: 'operator', name: 'replaceElector', node: z, args: { zombie: false } });
        }
      }
      return phase.plan({ seed, protocol: `janus-${n}+1`, knobs: { ...knobs, wipes, staleLeaderWipe, blankReplacement }, timing, mutant, healKinds: healKinds, livenessBound: LIVENESS_BOUND });
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
      // Our rule R5: a replacement waits for every data node, and a blank one does not report, so
      // with the elector lost and a node blank the cluster stays down (never inconsistent).
      if (!e.installed && blankNodes(sim, ids).length) return null;
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
        const R = replicationSetAtFailure(sim, e);
        const survivors = up.filter((id) => has(R.set, Number(id.slice(1)) - 1));
        if (survivors.length === 0) return null;
        return `${ids.length - up.length} data node(s) down for good; ${survivors.join(', ')} in R at the failure${R.pending ? ` (the elector's R, less what ${R.pending} request(s) of failed nodes still in flight may grant)` : ''} survive`;
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
      return janusUnrestored(
        sim.state<ElectorState>(ELECTOR),
        ids.map((id) => sim.state<DataNodeState>(id)),
      );
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
