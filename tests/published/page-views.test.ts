// The published spec plug-in's views (src/protocols/janus-published/view.ts, read through the registry), the
// published run's counterpart under our design (src/scenario/translate.ts), and the narration.

import { describe, expect, it } from 'vitest';
import type { PubState } from '../../src/protocols/janus-published/state';
import { createTimeline } from '../../src/protocols/registry';
import { leaderView as leaderOf, type RunView } from '../../src/contracts';
import type { AnyProtocol } from '../../src/kernel';
import { sameUnderCounterpart as sameUnderOurDesign } from '../../src/scenario/translate';
import { REGISTRY } from '../../src/protocols/registry';
import { createLabStore } from '../../src/store';

const PUB = { protocol: 'janus-published', seed: 3 } as const;

// The plug-in's view of whichever protocol a run has, as the page's store reads it.
const viewOf = (p: AnyProtocol) => REGISTRY.pluginOf(p.id)!.view;
const nodeView = (p: AnyProtocol, s: unknown) => viewOf(p).node(s);
const vocabulary = (p: AnyProtocol) => viewOf(p).vocabulary;
const operatorButtons = (p: AnyProtocol, run: RunView) => viewOf(p).operatorButtons(run);
const leaderView = (p: AnyProtocol, nodeIds: readonly string[], state: (id: string) => unknown, isUp: (id: string) => boolean) => leaderOf(viewOf(p), { nodeIds, state, isUp });

function ledRun() {
  const tl = createTimeline(PUB);
  tl.advanceTo(3000);
  const leader = leaderView(tl.protocol, tl.sim.nodeIds, (id) => tl.sim.state(id), (id) => tl.sim.isUp(id));
  return { tl, leader };
}

describe('node views of the published spec', () => {
  it('shows the spec variables: term, role, RF, commit point and the DmlLog as entries', () => {
    const { tl, leader } = ledRun();
    expect(leader).not.toBeNull();
    tl.act({ type: 'write', node: leader!.id, command: 'x' });
    tl.advanceTo(tl.now + 500);
    for (const id of ['D1', 'D2']) {
      const s = tl.sim.state<PubState>(id);
      const v = nodeView(tl.protocol, s);
      if (s.kind !== 'data') throw new Error('data node expected');
      expect(v.kind).toBe('data');
      expect(v.term).toBe(s.term);
      expect(v.rf).toBe(s.replicationFactor);
      expect(v.log.map((e) => e.command)).toEqual(s.dmlLog.map((e) => e.data));
      expect(v.commitIndex).toBe(Math.min(s.committedIdx.index, s.dmlLog.length));
      expect(v.lines.join(' ')).toContain(`Term ${s.term}`);
    }
    const e = nodeView(tl.protocol, tl.sim.state('E'));
    expect(e.kind).toBe('elector');
    expect(e.log).toEqual([]);
    expect(e.lines.join(' ')).toContain('CurrentLeader');
  });

  it('lists the monitors and message types of the protocol it shows', () => {
    const { tl } = ledRun();
    const voc = vocabulary(tl.protocol);
    for (const p of tl.sim.monitorProperties) expect(voc.properties[p], p).toBeTruthy();
    expect(voc.messageTypes).toContain('SwitchToRF1Leader');
    const janus = createTimeline({ protocol: 'janus-3+1', seed: 1 });
    expect(vocabulary(janus.protocol).messageTypes).not.toContain('SwitchToRF1Leader');
  });

  it('offers the spec steps as buttons, enabled exactly where spontaneousSteps allows them', () => {
    const tl = createTimeline(PUB);
    const run = { nodeIds: tl.sim.nodeIds, state: (id: string) => tl.sim.state(id), isUp: (id: string) => tl.sim.isUp(id) };
    const enabled = operatorButtons(tl.protocol, run).filter((b) => b.disabled === null && b.action.type === 'operator' && b.action.name.startsWith('Follower')).map((b) => b.label);
    expect(enabled.sort()).toEqual(['D1 sends InitWorkload now', 'D2 sends InitWorkload now']);
    const init = operatorButtons(tl.protocol, run).find((b) => b.label === 'D1 sends InitWorkload now')!;
    tl.act(init.action);
    expect(nodeView(tl.protocol, tl.sim.state('D1')).role).toBe('candidate');
    expect(operatorButtons(tl.protocol, run).find((b) => b.label === 'D1 sends InitWorkload now')!.disabled).toMatch(/not enabled/);
    // Our design offers its own operator steps instead: the bootstrap (docs/protocol.md §14) only
    // once every data node is blank, which a run that starts bootstrapped is not.
    const j = createTimeline({ protocol: 'janus-2+1', seed: 1 });
    const ours = operatorButtons(j.protocol, { nodeIds: j.sim.nodeIds, state: (id) => j.sim.state(id), isUp: (id) => j.sim.isUp(id) });
    expect(ours.map((b) => b.label)).toEqual(['Replace elector', 'Bootstrap']);
    expect(ours[1]!.disabled).toMatch(/already bootstrapped: D1, D2 hold their marker/);
  });

  it('narrates an RF change of the published leader without naming a replication set it does not have', () => {
    // The lab store narrates from the plug-in's node views (the published spec's have no replication set).
    const store = createLabStore(REGISTRY, PUB);
    store.getState().stepMs(3000);
    const leader = store.getState().leaderId!;
    expect(leader).not.toBeNull();
    const other = leader === 'D1' ? 'D2' : 'D1';
    store.getState().act({ type: 'crash', node: other });
    store.getState().act({ type: 'write', node: leader, command: 'y' });
    const said: string[] = [];
    const end = store.getState().now + 3000;
    while (store.getState().now < end && store.getState().future === 0 && store.getState().nodes.find((n) => n.id === leader)!.view.rf !== 1) {
      store.getState().step();
      said.push(store.getState().narration);
    }
    expect(store.getState().timeline.sim.state<PubState>(leader).replicationFactor).toBe(1);
    expect(said).toContain(`${leader} now leads with RF 1`);
    store.dispose();
  });
});

describe('the same scenario under our design', () => {
  it('carries faults and writes over at the same times, and leaves the spec-only steps to the timers', () => {
    const tl = createTimeline(PUB);
    tl.act({ type: 'operator', name: 'FollowerSendInitWorkload', node: 'D1' });
    tl.advanceTo(2000);
    tl.act({ type: 'crash', node: 'D2' });
    tl.advanceTo(2500);
    const t = sameUnderOurDesign({ spec: PUB, actions: tl.actions, cursor: tl.cursor });
    expect(t.scenario.spec.protocol).toBe('janus-2+1');
    expect(t.scenario.spec.seed).toBe(3);
    expect(t.left).toBe(1);
    expect(t.kept).toBe(1);
    const crash = t.scenario.actions.find((a) => a.action.type === 'crash')!;
    expect(crash.t).toBe(2000);
    // Replaying the scenario gives our design's run with D2 down and D1 leading with RF 1.
    const ours = createTimeline(t.scenario.spec, t.scenario.actions);
    ours.seek(t.scenario.cursor.index, t.scenario.cursor.t);
    expect(ours.sim.isUp('D2')).toBe(false);
    const l = nodeView(ours.protocol, ours.sim.state('D1'));
    expect(l.role).toBe('leader');
    expect(l.rf).toBe(1);
    expect(ours.sim.violations).toEqual([]);
  });

  it('refuses a run that is not of the published spec', () => {
    expect(() => sameUnderOurDesign({ spec: { protocol: 'janus-3+1', seed: 1 }, actions: [], cursor: { index: 0, t: 0 } })).toThrow(/has no counterpart/);
  });
});
