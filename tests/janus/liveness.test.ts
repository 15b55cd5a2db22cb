// Liveness findings: runs where the protocol is safe but stuck. Each test states what PROTOCOL.md
// promises. The replacement gap these tests found is fixed by R4 (docs/protocol.md §13).
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/kernel/prng';
import type { Simulation } from '../../src/kernel/sim';
import { createSimulation } from '../../src/protocols/registry';
import type { DataNodeState, ElectorState } from '../../src/protocols/janus/state';
import { set } from './helpers';
import { randomFaults } from './random-faults';

/**
 * D3 is dropped (R = {D1,D2}, D1 leads term 2); the elector's disk is lost and it is replaced
 * while D3 is cut off; then D3 comes back. §8 says the leader catches D3 up and "finally asks for
 * grow"; §9 says "a leader of T that already exists keeps leading". But E' is installed with
 * leaderId = none (§9 step 3), and §4.3 grants grow only when c == leaderId, so D1's grow is
 * refused for as long as it leads term 2. Suggested fix: E' adopts leaderId := c from the first
 * ElectorHeartbeat (or grow request) of its current term sent by c itself, with c ∈ R; only the
 * unique leader of that term sends either.
 */
function replacementThenRejoin(ms: number) {
  const sim = createSimulation({ protocol: 'janus-3+1', seed: 7 }, { trace: 'light' });
  sim.runUntil(1500);
  sim.apply({ type: 'write', node: 'D1', command: 'a=1' });
  sim.runUntil(1700);
  for (const o of ['D1', 'D2', 'E']) sim.apply({ type: 'cut', from: 'D3', to: o, both: true });
  sim.runUntil(2700);
  sim.apply({ type: 'crash', node: 'E', wipe: true });
  sim.apply({ type: 'operator', name: 'replaceElector', node: 'D2' });
  sim.runUntil(3200);
  sim.apply({ type: 'healAll' });
  sim.runUntil(3200 + ms);
  return sim;
}

describe('liveness after an elector replacement (§9 with §4.3 grow)', () => {
  it("the setup: E' is installed at term 2 with R = {D1,D2}, and learns from D1's heartbeat that D1 leads it (R4)", () => {
    const sim = replacementThenRejoin(300);
    expect(sim.state<ElectorState>('E')).toMatchObject({ installed: true, electorEpoch: 1, currentTerm: 2, leaderId: 'D1', replicationSet: set('D1', 'D2') });
    expect(sim.state<DataNodeState>('D1')).toMatchObject({ role: 'leader', currentTerm: 2 });
    expect(sim.violations).toEqual([]);
  });

  it('R4: the surviving leader grows the caught-up D3 back to RF 3 (§8) — E\' learns the leader of its term', () => {
    const sim = replacementThenRejoin(10_000);
    expect(sim.state<ElectorState>('E').replicationSet).toBe(set('D1', 'D2', 'D3'));
  });
});

/** Random faults for a while (crashes, restarts, timed cuts, loss, duplication, writes), then heal all. */
function faultsThenHeal(run: number, replace: boolean): { sim: Simulation; shape: number } {
  const rng = new Prng(7000 + run);
  const shape = run % 3 === 0 ? 2 : 3;
  const sim = createSimulation({ protocol: `janus-${shape}+1`, seed: 100 + run }, { trace: 'off' });
  const data = sim.nodeIds.filter((id) => id !== 'E');
  randomFaults(sim, rng, { steps: 40, untilViolation: false, tail: false, replace, heal: false });
  sim.apply({ type: 'healAll' });
  // The installer's progress is volatile: if it crashed mid-replacement, the operator runs the
  // replacement again (§9: "run by an operator, through any data node").
  if (!sim.state<ElectorState>('E').installed) sim.apply({ type: 'operator', name: 'replaceElector', node: data[0] });
  sim.runUntil(sim.now + 15_000);
  return { sim, shape };
}

/** Why a healed cluster is not back to normal (one leader, R = every data node, all committed), or ''. */
function notRecovered(sim: Simulation, shape: number): string {
  const data = sim.nodeIds.filter((id) => id !== 'E').map((id) => sim.state<DataNodeState>(id));
  const e = sim.state<ElectorState>('E');
  const leaders = data.filter((s) => s.role === 'leader');
  if (sim.violations.length) return `violation ${sim.violations[0]!.property}`;
  if (leaders.length !== 1) return `${leaders.length} leaders`;
  if (e.replicationSet !== (1 << shape) - 1) return `R = ${e.replicationSet} at E, leader ${e.leaderId}`;
  if (leaders[0]!.commitIndex !== leaders[0]!.log.length) return 'uncommitted tail';
  return '';
}

describe('recovery after faults heal (§11: every failure is survivable; §8: dropped nodes grow back)', () => {
  it('without elector replacement, every run is back to one leader, full R and everything committed within 15 s', () => {
    for (let run = 0; run < 60; run++) {
      const { sim, shape } = faultsThenHeal(run, false);
      expect(notRecovered(sim, shape), `run ${run}`).toBe('');
    }
  });

  it('R4: with elector replacements too, every run recovers', () => {
    for (let run = 0; run < 60; run++) {
      const { sim, shape } = faultsThenHeal(run, true);
      expect(notRecovered(sim, shape), `run ${run}`).toBe('');
    }
  });
});
