// The toy plug-in (tests/support/toy-plugin.ts) run through a registry of its own: runs are built
// through the registry, the protocol does what its header says, its view and vocabulary cover
// what the run shows, its monitors catch a broken rule, and the metrics read it through its hooks.
// Node and shape ids come from the plug-in file, never written here.

import { describe, expect, it } from 'vitest';
import { leaderView } from '../../src/contracts';
import type { Timeline } from '../../src/kernel';
import { computeMetrics } from '../../src/metrics';
import { TOY_LEADER, TOY_NODES, TOY_SHAPE, TOY_TIMING, toyPlugin, toyRegistry, type ToyState } from '../support/toy-plugin';

const FIXED = { latencyMin: 10, latencyJitter: 0, tailProb: 0, loss: 0, dup: 0 };
const [L, F1, F2] = TOY_NODES as [string, string, string];
const run = (mutant: string | null = null) => toyRegistry.createTimeline({ protocol: TOY_SHAPE, seed: 1, link: FIXED, mutant });
const st = (tl: Timeline, id: string) => tl.sim.state<ToyState>(id);
const commands = (tl: Timeline, id: string) => st(tl, id).log.map((e) => e.command);
const runView = (tl: Timeline) => ({ nodeIds: tl.sim.nodeIds, state: (id: string) => tl.sim.state(id), isUp: (id: string) => tl.sim.isUp(id) });

describe('the toy plug-in, registered only in a test registry', () => {
  it('is the registry: its shape is the default and unknown elsewhere', () => {
    expect(toyRegistry.defaultShape).toBe(TOY_SHAPE);
    expect(toyRegistry.pluginOf(toyPlugin.protocol.id)).toBe(toyPlugin);
    expect(() => toyRegistry.createTimeline({ protocol: 'no-such-shape', seed: 1 })).toThrow(/unknown protocol/);
    expect(() => toyRegistry.createTimeline({ protocol: TOY_SHAPE, seed: 1, mutant: 'no-such-rule' })).toThrow(/unknown mutant/);
  });

  it('replicates a write to every node and commits it once every node acked (fixed 10 ms links)', () => {
    const tl = run();
    expect(tl.sim.nodeIds).toEqual(TOY_NODES);
    tl.advanceTo(100);
    tl.act({ type: 'write', node: L, command: 'x=1' });
    // Sent at 100, stored at 110, acked at 120: committed on the leader then, not before.
    tl.advanceTo(119);
    expect(st(tl, L).commitIndex).toBe(0);
    expect(commands(tl, F1)).toEqual(['x=1']);
    tl.advanceTo(120);
    expect(st(tl, L).commitIndex).toBe(1);
    // The followers learn the commit point from the next Replicate (the resend timer).
    tl.advanceTo(300);
    for (const id of TOY_NODES) expect(st(tl, id).commitIndex, id).toBe(1);
    const kinds = new Set(tl.trace.flatMap((ev) => ev.sent.map((e) => tl.protocol.messageInfo(e.msg).type)));
    expect([...kinds].sort()).toEqual([...toyPlugin.view.vocabulary.messageTypes].sort());
    expect(tl.sim.violations).toEqual([]);
  });

  it('a follower refuses a write with a redirect to the leader, which takes it', () => {
    const tl = run();
    tl.advanceTo(100);
    const { event } = tl.act({ type: 'write', node: F2, command: 'y' });
    expect(event!.write).toMatchObject({ status: 'appended', to: L, index: 1 });
    expect(commands(tl, L)).toEqual(['y']);
    expect(event!.notes.map((n) => n.rule)).toEqual(['T4', 'T1']);
  });

  it('keeps the log through a crash, waits for a silent follower only followerTimeout, and brings it back', () => {
    const tl = run();
    tl.advanceTo(100);
    tl.act({ type: 'write', node: L, command: 'a' });
    tl.advanceTo(200);
    tl.act({ type: 'crash', node: F1 });
    expect(commands(tl, F1)).toEqual(['a']);
    expect(st(tl, F1).commitIndex).toBe(0);
    tl.act({ type: 'write', node: L, command: 'b' });
    tl.advanceTo(250);
    expect(st(tl, L).commitIndex).toBe(1); // F1 still counts: b waits for it
    tl.advanceTo(200 + TOY_TIMING.followerTimeout + 2 * TOY_TIMING.resendInterval);
    expect(st(tl, L).commitIndex).toBe(2); // F1 silent: committed with F2 alone
    expect(st(tl, L).live).toEqual([F2]);
    tl.act({ type: 'restart', node: F1 });
    tl.advanceTo(tl.now + 300);
    expect(commands(tl, F1)).toEqual(['a', 'b']);
    expect(st(tl, F1).commitIndex).toBe(2);
    expect(st(tl, L).live).toEqual([F1, F2]);
    const probes = tl.trace.flatMap((e) => e.probes);
    expect(probes).toContain('follower dropped');
    expect(probes).toContain('follower back');
    expect(tl.sim.violations).toEqual([]);
  });

  it('the monitors catch the volatile-log mutant when the leader restarts', () => {
    for (const mutant of [null, 'volatile-log']) {
      const tl = run(mutant);
      tl.advanceTo(100);
      tl.act({ type: 'write', node: L, command: 'a' });
      tl.advanceTo(200);
      tl.act({ type: 'crash', node: L });
      tl.act({ type: 'restart', node: L });
      tl.act({ type: 'write', node: L, command: 'b' });
      tl.advanceTo(400);
      const props = tl.sim.violations.map((v) => v.property);
      if (mutant) expect(props).toEqual(['CommittedDurable', 'LogMatching']);
      else expect(props).toEqual([]);
    }
  });

  it('shows every node through its view: kind, leader flag, term, commit point, log, lines', () => {
    const tl = run();
    tl.advanceTo(100);
    tl.act({ type: 'write', node: L, command: 'x' });
    tl.advanceTo(300);
    const view = toyPlugin.view;
    for (const id of TOY_NODES) {
      const v = view.node(tl.sim.state(id));
      expect(v).toMatchObject({ id, kind: 'data', leader: id === TOY_LEADER, term: 1, commitIndex: 1 });
      expect(v.log.map((e) => e.command)).toEqual(['x']);
      expect(v.lines.length).toBeGreaterThan(0);
    }
    expect(leaderView(view, runView(tl))!.id).toBe(TOY_LEADER);
    expect(view.operatorButtons(runView(tl))).toEqual([]);
    expect(Object.keys(view.vocabulary.properties)).toEqual([...tl.sim.monitorProperties]);
    expect(view.why!.entry(F1, 1, runView(tl))[0]!.text).toMatch(/committed/);
    for (const t of view.vocabulary.messageTypes) expect(view.vocabulary.messageColors![t]).toBeTruthy();
  });

  it('the metrics read it through its hooks (no elector, durable bytes from the plug-in)', () => {
    const tl = run();
    tl.advanceTo(100);
    tl.act({ type: 'write', node: L, command: 'x=1' });
    tl.advanceTo(300);
    const m = computeMetrics(tl, undefined, toyRegistry);
    expect(m.elector).toBeNull();
    expect(m.nodes.map((n) => n.kind)).toEqual(TOY_NODES.map(() => 'data'));
    // 8 B of term + one entry of 8 + 8 + 4 + 3 B, on every node.
    for (const id of TOY_NODES) expect(m.durable[id]).toBe(8 + 23);
    expect(m.durableData).toBe(3 * 31);
    expect(m.committed).toBe(1);
    expect(m.perEntry!.copies).toBe(3);
    // The leader leads from the start, replicating to both followers.
    expect(m.availability.noLeaderMs).toBe(0);
    expect(m.availability.rfTime).toEqual({ '3': 300 });
    expect(m.availability.commitLatency).toMatchObject({ count: 1, median: 20 });
    expect(() => computeMetrics(tl)).toThrow(/no plug-in/);
  });
});
