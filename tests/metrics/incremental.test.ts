// The incremental metrics and coverage (src/metrics/accumulator.ts, coverage.ts, follow.ts) on a
// real Janus run with crashes, loss and client writes: pushing the events in many small batches
// gives the same figures as pushing the whole run at once, and as a direct count of the trace;
// a seek back or a fork costs at most the events since the nearest checkpoint and gives the same
// figures as a fresh computation; src/metrics names no protocol and no node.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leaderView } from '../../src/contracts';
import { Prng, type Timeline, type TraceEvent } from '../../src/kernel';
import { computeMetrics, coverageAt, CoverageCounter, MetricsAccumulator, metricsProtocol, TraceFollower, badgeNames, type RunMetrics } from '../../src/metrics';
import { createTimeline, REGISTRY } from '../../src/protocols/registry';

const SHAPE = REGISTRY.defaultShape;
const plugin = REGISTRY.shape(SHAPE).plugin;
const source = metricsProtocol(plugin);

/** A long run: writes every 100 ms, the leader crashed twice and restarted, 2 % loss. */
function longRun(): Timeline {
  const tl = createTimeline({ protocol: SHAPE, seed: 11, link: { loss: 0.02, dup: 0.01 } });
  const run = { nodeIds: tl.sim.nodeIds, state: (id: string) => tl.sim.state(id), isUp: (id: string) => tl.sim.isUp(id) };
  const data = tl.sim.nodeIds.filter((id) => plugin.view.node(tl.sim.state(id)).kind === 'data');
  let crashed: string | null = null;
  for (let t = 1000, k = 0; t <= 20_000; t += 100, k++) {
    tl.advanceTo(t);
    const l = leaderView(plugin.view, run);
    if (l) tl.act({ type: 'write', node: l.id, command: `w${k}` });
    else tl.act({ type: 'write', node: data[k % data.length]! });
    if (t % 6000 === 0 && l) {
      tl.act({ type: 'crash', node: l.id });
      crashed = l.id;
    }
    if (t % 6000 === 2000 && crashed) {
      tl.act({ type: 'restart', node: crashed });
      crashed = null;
    }
  }
  tl.advanceTo(21_000);
  return tl;
}

const atCursor = (tl: Timeline) => ({ t: tl.sim.now, state: (id: string) => tl.sim.state(id) });
const before = (tl: Timeline, k: number) => ({ t: k ? tl.trace[k - 1]!.t : 0 });

function whole(tl: Timeline, upTo: number): MetricsAccumulator {
  const a = new MetricsAccumulator(source, tl.sim);
  a.push(tl.trace.slice(0, upTo));
  return a;
}

/** Pushes [0, upTo) in batches of 1 to 40 events, taking a snapshot now and then (which must change nothing). */
function batched(tl: Timeline, upTo: number, seed: number): MetricsAccumulator {
  const a = new MetricsAccumulator(source, tl.sim);
  const rng = new Prng(seed);
  for (let i = 0; i < upTo; ) {
    const n = Math.min(upTo - i, rng.int(1, 40));
    a.push(tl.trace.slice(i, i + n));
    i += n;
    if (rng.chance(0.1)) a.snapshot({ t: tl.trace[i - 1]!.t });
  }
  return a;
}

describe('incremental metrics on a real run', () => {
  const tl = longRun();
  const n = tl.sim.eventCount;
  const end = whole(tl, n).snapshot(atCursor(tl));

  it('is a long run that exercises every figure', () => {
    expect(n).toBeGreaterThan(3000);
    expect(end.committed).toBeGreaterThan(100);
    expect(end.availability.failovers.length).toBe(3);
    expect(end.availability.commitLatency.count).toBeGreaterThan(100);
    expect(Object.keys(end.probes).length).toBeGreaterThan(0);
    expect(Object.values(end.durable).every((b) => typeof b === 'number' && b > 0)).toBe(true);
  });

  it('many small batches give the same figures as the whole run at once, and as computeMetrics', () => {
    for (const seed of [1, 2, 3]) expect(batched(tl, n, seed).snapshot(atCursor(tl))).toEqual(end);
    expect(computeMetrics(tl)).toEqual(end);
    expect(computeMetrics(tl, n, plugin)).toEqual(end);
  });

  it('snapshots at the cursor, with node states, all along the run equal fresh computations there', () => {
    const walk = longRun();
    const f = new TraceFollower(() => new MetricsAccumulator(source, walk.sim), 256);
    walk.seek(0);
    let checked = 0;
    for (let k = 0; k <= n; k += 97) {
      walk.seek(k);
      const m = f.at(walk.trace, k).snapshot(atCursor(walk));
      const fresh = whole(walk, k).snapshot(atCursor(walk));
      expect(m, `at event ${k}`).toEqual(fresh);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("when the cursor's commit point goes back (every data node crashed), what snapshots learned before does not stay", () => {
    const tl = longRun();
    const f = new TraceFollower(() => new MetricsAccumulator(source, tl.sim), 256);
    const before = f.at(tl.trace, tl.sim.eventCount).snapshot(atCursor(tl));
    expect(before.availability.commitLatency.count).toBeGreaterThan(100);
    for (const id of tl.sim.nodeIds) if (plugin.view.node(tl.sim.state(id)).kind === 'data' && tl.sim.isUp(id)) tl.act({ type: 'crash', node: id });
    const down = f.at(tl.trace, tl.sim.eventCount).snapshot(atCursor(tl));
    expect(down).toEqual(whole(tl, tl.sim.eventCount).snapshot(atCursor(tl)));
    // Commit points are volatile: none is known at the cursor, so no write counts as committed.
    expect(down.availability.commitLatency.count).toBe(0);
    expect(down.availability.uncommittedWrites).toBe(before.availability.uncommittedWrites + before.availability.commitLatency.count);
    // Back up: the leader relearns its commit point, and the same writes count again.
    for (const id of tl.sim.nodeIds) if (!tl.sim.isUp(id)) tl.act({ type: 'restart', node: id });
    tl.advanceTo(tl.now + 5000);
    const up = f.at(tl.trace, tl.sim.eventCount).snapshot(atCursor(tl));
    expect(up).toEqual(whole(tl, tl.sim.eventCount).snapshot(atCursor(tl)));
    expect(up.availability.commitLatency.count).toBeGreaterThanOrEqual(before.availability.commitLatency.count);
  });

  it('agrees with a direct count of the trace (traffic per link, probes, commits)', () => {
    const links: Record<string, number> = {};
    const probes: Record<string, number> = {};
    let received = 0;
    let maxCommit = 0;
    for (const ev of tl.trace.slice(0, n)) {
      for (const env of ev.sent) links[`${env.from}→${env.to}`] = (links[`${env.from}→${env.to}`] ?? 0) + tl.protocol.messageInfo(env.msg).bytes;
      for (const p of ev.probes) probes[p] = (probes[p] ?? 0) + 1;
      if (ev.action.type === 'deliver') received += tl.protocol.messageInfo(ev.msg!.msg).bytes;
      const c = ev.changes?.commitIndex;
      if (c) maxCommit = Math.max(maxCommit, Number(c[1]));
    }
    expect(Object.fromEntries(Object.entries(end.links).map(([k, v]) => [k, v.bytes]))).toEqual(links);
    expect(end.probes).toEqual(probes);
    expect(Object.values(end.received).reduce((s, r) => s + r.bytes, 0)).toBe(received);
    expect(end.committed).toBe(maxCommit);
  });

  it('a snapshot changes nothing, and a clone goes on independently', () => {
    const a = whole(tl, 3000);
    const s1 = a.snapshot(before(tl, 3000));
    expect(a.snapshot(before(tl, 3000))).toEqual(s1);
    const b = a.clone();
    b.push(tl.trace.slice(3000, 3500));
    expect(a.snapshot(before(tl, 3000))).toEqual(s1);
    expect(b.snapshot(before(tl, 3500))).toEqual(whole(tl, 3500).snapshot(before(tl, 3500)));
    expect(() => a.push(tl.trace.slice(3001, 3002))).toThrow(/expected event 3000/);
  });

  it('following the cursor forward pushes only the new events', () => {
    const f = new TraceFollower(() => new MetricsAccumulator(source, tl.sim), 256);
    let last = 0;
    for (let k = 0; k <= n; k += 137) {
      f.at(tl.trace, k);
      expect(f.pushed).toBe(k);
      last = k;
    }
    expect(f.checkpointCount).toBe(Math.floor(last / 256));
  });

  it('a seek back costs at most the checkpoint spacing and gives the fresh figures', () => {
    const every = 256;
    const f = new TraceFollower(() => new MetricsAccumulator(source, tl.sim), every);
    f.at(tl.trace, n);
    const rng = new Prng(5);
    for (let r = 0; r < 12; r++) {
      const k = rng.int(0, n);
      const pushed = f.pushed;
      const m: RunMetrics = f.at(tl.trace, k).snapshot(before(tl, k));
      expect(f.pushed - pushed, `seek to ${k}`).toBeLessThan(every);
      expect(m).toEqual(whole(tl, k).snapshot(before(tl, k)));
    }
    // And forward again to the end, from the nearest checkpoint.
    const pushed = f.pushed;
    expect(f.at(tl.trace, n).snapshot(atCursor(tl))).toEqual(end);
    expect(f.pushed - pushed).toBeLessThan(every);
  });
});

describe('seeks and forks on a timeline', () => {
  it('computeMetrics after seeking the timeline back equals a fresh run seeked there', () => {
    const tl = longRun();
    computeMetrics(tl);
    tl.seek(2500);
    const back = computeMetrics(tl);
    const fresh = longRun();
    fresh.seek(2500);
    expect(back).toEqual(computeMetrics(fresh));
    expect(back.upTo).toBe(2500);
    expect(back.durable).toEqual(computeMetrics(fresh).durable);
  });

  it('a fork: figures of the new future, not the old (detected, and said outright)', () => {
    for (const tell of [false, true]) {
      const tl = longRun();
      const f = new TraceFollower(() => new MetricsAccumulator(source, tl.sim), 256);
      const c = new TraceFollower(() => new CoverageCounter(), 256);
      f.at(tl.trace, tl.sim.eventCount);
      c.at(tl.trace, tl.sim.eventCount);
      const k = 3000;
      tl.seek(k);
      // The new future is as busy as the old one (a follower crashes), so it runs past the old
      // future's checkpoints: they must not be taken for this one's.
      const run = { nodeIds: tl.sim.nodeIds, state: (id: string) => tl.sim.state(id), isUp: (id: string) => tl.sim.isUp(id) };
      const leader = leaderView(plugin.view, run)!.id;
      const follower = tl.sim.nodeIds.find((id) => id !== leader && plugin.view.node(tl.sim.state(id)).kind === 'data' && tl.sim.isUp(id))!;
      tl.act({ type: 'crash', node: follower });
      if (tell) {
        f.invalidateFrom(k);
        c.invalidateFrom(k);
      }
      tl.advanceTo(tl.now + 6000);
      expect(tl.sim.eventCount).toBeGreaterThan(k + 2 * 256);
      const m = f.at(tl.trace, tl.sim.eventCount).snapshot(atCursor(tl));
      expect(m).toEqual(whole(tl, tl.sim.eventCount).snapshot(atCursor(tl)));
      const direct = new CoverageCounter();
      direct.push(tl.trace.slice(0, tl.sim.eventCount));
      expect(c.at(tl.trace, tl.sim.eventCount).counts()).toEqual(direct.counts());
    }
  });
});

describe('coverage counter', () => {
  const tl = longRun();
  const n = tl.sim.eventCount;
  const count = (evs: readonly TraceEvent[]) => {
    const m = new Map<string, number>();
    for (const ev of evs) for (const p of ev.probes) m.set(p, (m.get(p) ?? 0) + 1);
    return m;
  };

  it('counts probes in batches as a direct count does, and follows seeks', () => {
    const c = new CoverageCounter();
    const rng = new Prng(9);
    for (let i = 0; i < n; ) {
      const k = Math.min(n - i, rng.int(1, 60));
      c.push(tl.trace.slice(i, i + k));
      i += k;
    }
    expect(c.counts()).toEqual(count(tl.trace.slice(0, n)));
    expect(c.counts().size).toBeGreaterThan(0);
    const f = new TraceFollower(() => new CoverageCounter(), 512);
    f.at(tl.trace, n);
    for (const k of [n - 1, 4000, 17, 0, n]) {
      const p = f.pushed;
      expect(f.at(tl.trace, k).counts(), `at ${k}`).toEqual(count(tl.trace.slice(0, k)));
      expect(f.pushed - p).toBeLessThan(512);
    }
    expect(coverageAt(tl)).toEqual(count(tl.trace.slice(0, n)));
    expect(coverageAt(tl, 10)).toEqual(count(tl.trace.slice(0, 10)));
  });

  it("badges: the plug-in's always-listed probes first, then the others hit", () => {
    const counts = new Map([['b', 2], ['x', 1]]);
    expect(badgeNames(counts, ['a', 'b'])).toEqual(['a', 'b', 'x']);
    expect(badgeNames(counts)).toEqual(['b', 'x']);
  });
});

describe('src/metrics is protocol-agnostic', () => {
  it('imports no protocol folder and names no protocol, shape or node', () => {
    const dir = join(__dirname, '../../src/metrics');
    const names = new Set<string>();
    for (const p of REGISTRY.plugins) {
      names.add(p.id);
      for (const s of p.shapes) {
        names.add(s.id);
        for (const id of REGISTRY.createSimulation({ protocol: s.id, seed: 1 }).nodeIds) names.add(id);
      }
    }
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) expect(m[1], `${f} imports ${m[1]}`).not.toMatch(/protocols\/(?!registry$)/);
      const code = text.replace(/\/\/.*$/gm, '');
      for (const m of code.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`\n]*)`/g)) {
        const lit = m[1] ?? m[2] ?? m[3] ?? '';
        expect(names.has(lit), `${f} names '${lit}'`).toBe(false);
      }
    }
  });
});

describe('following a timeline whose kernel keeps only a window of its trace', () => {
  it('metrics and coverage read old events through the timeline, and checkpoints stay bounded', () => {
    // A straight run keeps every event; the same run with a 2,000-event window lets old ones go.
    const spec = { protocol: SHAPE, seed: 5, link: { loss: 0.02 } };
    const drive = (tl: Timeline) => {
      for (let t = 500, k = 0; t <= 40_000; t += 100, k++) {
        tl.advanceTo(t);
        tl.act({ type: 'write', node: tl.sim.nodeIds[k % 3]!, command: `v${k}` });
      }
      tl.advanceTo(40_500);
      return tl;
    };
    const full = drive(createTimeline(spec));
    const windowed = drive(REGISTRY.createTimeline(spec, [], { windowSize: 2_000 } as never));
    const n = windowed.sim.eventCount;
    expect(n).toBeGreaterThan(8_000);
    expect(windowed.trace[10]).toBeFalsy(); // the kernel let the old events go
    const f = new TraceFollower(() => new CoverageCounter(), 64);
    const direct = (k: number) => {
      const m = new Map<string, number>();
      for (const ev of full.trace.slice(0, k)) for (const p of ev.probes) m.set(p, (m.get(p) ?? 0) + 1);
      return m;
    };
    expect(f.at(windowed, n).counts()).toEqual(direct(n));
    // n / 64 checkpoints would be over a hundred: older ones are thinned.
    expect(f.checkpointCount).toBeLessThanOrEqual(96);
    for (const k of [100, 3_000, n - 10, 50]) expect(f.at(windowed, k).counts(), `at ${k}`).toEqual(direct(k));
    // The metrics of the windowed run, back in its old history, equal the straight run's there.
    windowed.seek(1_500);
    full.seek(1_500);
    expect(computeMetrics(windowed)).toEqual(computeMetrics(full));
  });
});
