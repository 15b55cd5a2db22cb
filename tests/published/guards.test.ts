// The guard functions (used by the exact NotStuckWithoutLeader check and the explorer) agree with
// the handlers: a message is consumed exactly when receiveEnabled says its spec action is enabled.
import { describe, expect, it } from 'vitest';
import { planRun, runSeed } from '../../src/explorer/explorer';
import type { Simulation } from '../../src/kernel';
import { createSimulation } from '../../src/protocols/registry';
import { janusPublished, receiveEnabled, stuckWithoutLeader, type PubMessage, type PubState } from '../../src/protocols/janus-published';
import { publishedProfile } from '../../src/protocols/janus-published/explore';

function checkedStep(sim: Simulation, counts: { enabled: number; disabled: number }): void {
  const before = new Map(sim.nodeIds.map((id) => [id, janusPublished.clone(sim.state<PubState>(id))]));
  const ev = sim.step();
  if (!ev || ev.action.type !== 'deliver' || !ev.msg) return;
  const s = before.get(ev.msg.to)!;
  const enabled = receiveEnabled(s, ev.msg.from, ev.msg.msg as PubMessage);
  const discarded = ev.probes.includes('message not enabled (discarded)');
  expect(enabled, `${(ev.msg.msg as PubMessage).type} to ${ev.msg.to} at event ${ev.i}`).toBe(!discarded);
  if (enabled) counts.enabled++;
  else counts.disabled++;
}

describe('guards', () => {
  it('receiveEnabled matches what the handlers consume, over explorer runs', () => {
    const profile = publishedProfile();
    const counts = { enabled: 0, disabled: 0 };
    for (let i = 0; i < 40; i++) {
      const plan = planRun(profile, runSeed(11, i), null);
      const sim = createSimulation(plan.spec, { trace: 'light', monitors: false });
      for (const p of plan.actions) {
        while ((sim.nextEventTime() ?? Infinity) <= p.t) checkedStep(sim, counts);
        sim.now = Math.max(sim.now, p.t);
        if (sim.validate(p.action) === null) sim.apply(p.action);
      }
      for (let k = 0; k < 300 && sim.nextEventTime() !== null; k++) checkedStep(sim, counts);
    }
    expect(counts.enabled).toBeGreaterThan(500);
    expect(counts.disabled).toBeGreaterThan(20);
  });

  it('the NotStuckWithoutLeader monitor and the exact check agree on the P1 dead end (RF 1 leader restarts)', () => {
    const sim = createSimulation({ protocol: 'janus-published', seed: 4, link: { loss: 0, dup: 0 } }, { trace: 'light', monitors: true });
    const leader = () => (['D1', 'D2'] as const).find((id) => sim.state<PubState>(id).role === 'leader');
    sim.runUntil(6000);
    const l = leader();
    expect(l).toBeDefined();
    sim.apply({ type: 'write', node: l! });
    sim.runUntil(6200);
    sim.apply({ type: 'operator', name: 'LeaderSendSwitchToRF1', node: l! });
    sim.runUntil(6400);
    expect(sim.state<PubState>('E').replicationFactor).toBe(1);
    expect(sim.state<PubState>(l!)).toMatchObject({ role: 'leader', replicationFactor: 1 });
    sim.apply({ type: 'crash', node: l! });
    sim.runUntil(6600);
    sim.apply({ type: 'restart', node: l! });
    sim.runUntil(30000);
    const view = { nodeIds: sim.nodeIds, state: (id: string) => sim.state<PubState>(id), isUp: (id: string) => sim.isUp(id), messages: () => sim.messages() };
    expect(stuckWithoutLeader(view)).toMatch(/guard "RF = 2" blocks every SwitchToRF1Leader/);
    expect(sim.violations.map((v) => v.property)).toEqual(['NotStuckWithoutLeader']);
  });
});
