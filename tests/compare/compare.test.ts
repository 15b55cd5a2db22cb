// The comparison engine (src/compare): roles resolved from the plug-ins' views, the same script
// on both sides, the claims table, its verdict rules, lines of code, and the CLI's input checks.

import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { leaderView } from '../../src/contracts';
import {
  checkScript,
  codeLines,
  linesOfCode,
  mapFault,
  measurePattern,
  PATTERNS,
  resolveRoles,
  runComparison,
  runSide,
  runViewOf,
  scriptById,
  tableOf,
  verdictOf,
  type RoleScript,
  type SideFigures,
} from '../../src/compare';
import { REGISTRY } from '../../src/protocols/registry';

const LEADER_CRASH = scriptById('leader-crash')!;

describe('roles come from the views', () => {
  it('"crash the leader" crashes, on each side, the node whose view leads at that moment', () => {
    for (const shape of ['janus-3+1', 'raft-5']) {
      const tl = REGISTRY.createTimeline({ protocol: shape, seed: 1 });
      tl.advanceTo(1100);
      const plugin = REGISTRY.shape(shape).plugin;
      const leader = leaderView(plugin.view, runViewOf(tl))!.id;
      const side = runSide(REGISTRY, { protocol: shape, seed: 1 }, LEADER_CRASH);
      expect(side.faults[0]!.nodes).toEqual([leader]);
      expect(side.faults[0]!.applied).toBe(true);
    }
  });

  it('"crash the elector" does not apply to a shape without one, and names the nearest counterpart', () => {
    const tl = REGISTRY.createTimeline({ protocol: 'raft-3', seed: 1 });
    tl.advanceTo(2000);
    const roles = resolveRoles(tl, REGISTRY.shape('raft-3').plugin);
    expect(roles.allElectors).toEqual([]);
    const m = mapFault({ t: 2000, do: 'crash', role: 'elector' }, roles, [], { nodeIds: tl.sim.nodeIds, isUp: () => true, isCut: () => false });
    expect(m.actions).toEqual([]);
    expect(m.note).toMatch(/^does not apply: this shape has no elector.*follower/);
    const j = REGISTRY.createTimeline({ protocol: 'janus-2+1', seed: 1 });
    j.advanceTo(2000);
    const jr = resolveRoles(j, REGISTRY.shape('janus-2+1').plugin);
    const kinds = jr.allElectors.map((id) => REGISTRY.shape('janus-2+1').plugin.view.node(j.sim.state(id)).kind);
    expect(kinds).toEqual(['elector']);
  });

  it('"crash a follower, then another" takes two different up followers; a heal heals links without restarting anyone', () => {
    const script: RoleScript = {
      id: 't',
      title: 't',
      writes: [1000, 1500, 2500],
      faults: [
        { t: 1200, do: 'crash', role: 'follower' },
        { t: 1400, do: 'crash', role: 'follower' },
        { t: 1600, do: 'cut-follower' },
        { t: 1800, do: 'heal' },
      ],
      end: 3000,
    };
    const side = runSide(REGISTRY, { protocol: 'raft-5', seed: 2 }, script);
    const [a, b, cut, heal] = side.faults;
    expect(a!.nodes).toHaveLength(1);
    expect(b!.nodes).toHaveLength(1);
    expect(a!.nodes[0]).not.toBe(b!.nodes[0]);
    expect(cut!.applied).toBe(true);
    expect(heal!.applied).toBe(true);
    // The two crashed followers are still down after the heal.
    for (const n of [...a!.nodes, ...b!.nodes]) expect(side.timeline.sim.isUp(n)).toBe(false);
    expect(side.timeline.actions.some((x) => x.action.type === 'healAll')).toBe(false);
  });

  it('both sides get the same writes at the same virtual times', () => {
    const c = runComparison(REGISTRY, { left: { protocol: 'janus-3+1', seed: 1 }, right: { protocol: 'raft-5', seed: 1 } }, LEADER_CRASH);
    const times = (s: typeof c.left) => s.timeline.actions.filter((a) => a.action.type === 'write').map((a) => [a.t, (a.action as { command?: string }).command]);
    expect(times(c.left)).toEqual(times(c.right));
    expect(times(c.left)).toHaveLength(LEADER_CRASH.writes.length);
  });
});

describe('the claims table', () => {
  const c = runComparison(REGISTRY, { left: { protocol: 'janus-3+1', seed: 1 }, right: { protocol: 'raft-5', seed: 1 } }, LEADER_CRASH, REGISTRY.comparisons.find((p) => p.id === 'janus3-vs-raft5')!);
  const t = tableOf(c, REGISTRY, null);

  it('counts replicas and nodes from the views, and measures failover, recovery and the faults', () => {
    expect([t.left.fullReplicas, t.left.totalNodes, t.right.fullReplicas, t.right.totalNodes]).toEqual([3, 4, 5, 5]);
    expect(t.left.durableOther).toBeGreaterThan(0);
    expect(t.right.durableOther).toBeNull();
    for (const s of [t.left, t.right]) {
      expect(s.failoverMs).toBeGreaterThan(0);
      expect(s.failoverMs!).toBeGreaterThanOrEqual(s.failoverToLeaderMs!);
      expect(s.recoveryMs).toBeGreaterThan(0);
      expect(s.faults.map((f) => f.outcome)).toEqual(['survived', 'survived']);
      // Purposes split the whole traffic: nothing is counted twice or lost.
      const sum = s.perEntry!.cluster.msgs * s.committed + s.elections.msgs + s.heartbeats.msgs + s.other.msgs;
      expect(sum).toBeCloseTo(s.total.msgs, 6);
    }
  });

  it('the steady state of Raft 5 sends each entry to its four followers; heartbeats are counted apart', () => {
    const r = c.steady.right;
    expect(r.perEntry!.leader.dataMsgs).toBeGreaterThanOrEqual(4);
    expect(r.perEntry!.leader.dataMsgs).toBeLessThan(4.5);
    expect(r.heartbeatBytesPerS).toBeGreaterThan(0);
  });

  it('every claim of the left plug-in gets a verdict; without the failure patterns the hardware claim is not comparable', () => {
    expect(t.claims.map((x) => x.id)).toEqual(REGISTRY.shape('janus-3+1').plugin.metrics!.claims!.map((x) => x.id));
    for (const x of t.claims) expect(['holds', 'does not hold', 'not comparable']).toContain(x.verdict);
    expect(t.claims.find((x) => x.id === 'hardware')!.verdict).toBe('not comparable');
    expect(t.claims.find((x) => x.id === 'implementation')!.verdict).toBe('not comparable'); // no sources handed in
  });

  it('the verdict rules: bandwidth by ratio, hardware by the measured promise', () => {
    const base = t.left;
    const side = (over: Partial<SideFigures>): SideFigures => ({ ...base, ...over });
    const traffic = (bytes: number) => ({ msgs: 1, bytes, dataMsgs: 1, dataBytes: bytes, controlMsgs: 0, controlBytes: 0 });
    const steady = (b: number) => ({ committed: 10, perEntry: { cluster: traffic(b), leader: traffic(b) }, heartbeatBytesPerS: 1, electionBytes: 0 });
    const claim = { id: 'bandwidth', text: '', source: '' };
    expect(verdictOf(claim, side({ steady: steady(50) }), side({ steady: steady(100) }), null).verdict).toBe('holds');
    expect(verdictOf(claim, side({ steady: steady(60) }), side({ steady: steady(100) }), null).verdict).toBe('does not hold');
    const hw = { id: 'hardware', text: '', source: '' };
    const L = side({ shape: 'l', fullReplicas: 3, totalNodes: 4 });
    const R = side({ shape: 'r', fullReplicas: 5, totalNodes: 5 });
    const table = (l: number, r: number) => ({ seeds: 1, master: 1, shapes: ['l', 'r'], rows: [], tolerates: { l: { anyAtOnce: l, note: '' }, r: { anyAtOnce: r, note: '' } } });
    expect(verdictOf(hw, L, R, table(1, 2)).verdict).toBe('not comparable');
    expect(verdictOf(hw, L, R, table(2, 2)).verdict).toBe('holds');
    expect(verdictOf(hw, side({ fullReplicas: 4 }), R, table(2, 2)).verdict).toBe('does not hold');
  });

  it('a preset whose claims are not made against the right side gives no verdict', () => {
    const p = REGISTRY.comparisons.find((x) => x.id === 'ours-vs-published')!;
    const oc = runComparison(REGISTRY, { left: { protocol: p.left, seed: 1 }, right: { protocol: p.right, seed: 1 } }, LEADER_CRASH, p);
    expect(tableOf(oc, REGISTRY, null).claims.every((x) => x.verdict === 'not comparable')).toBe(true);
  });
});

describe('failure patterns', () => {
  it('are measured, not typed: the elector alone does not apply to Raft; two followers at once keep Raft 5 available', () => {
    const e = PATTERNS.find((p) => p.id === 'at-once:X')!;
    expect(measurePattern(REGISTRY, 'raft-5', e, 2).notApplicable).toMatch(/does not apply/);
    const ff = PATTERNS.find((p) => p.id === 'at-once:FF')!;
    const r5 = measurePattern(REGISTRY, 'raft-5', ff, 2);
    expect([r5.runs, r5.available, r5.safe]).toEqual([2, 2, 2]);
    const r3 = measurePattern(REGISTRY, 'raft-3', ff, 2);
    expect([r3.runs, r3.available, r3.safe]).toEqual([2, 0, 2]);
  });
});

describe('scripts and lines of code', () => {
  it('checks a script and says what is wrong in one line', () => {
    expect(checkScript(LEADER_CRASH).ok).toBe(true);
    expect(checkScript(null)).toEqual({ ok: false, error: 'the script is not an object' });
    expect(checkScript({ ...LEADER_CRASH, end: -1 })).toMatchObject({ ok: false, error: expect.stringMatching(/end/) });
    expect(checkScript({ ...LEADER_CRASH, faults: [{ t: 5, do: 'crash', role: 'king' }] })).toMatchObject({ ok: false, error: expect.stringMatching(/fault 1: a crash names a role/) });
    expect(checkScript({ ...LEADER_CRASH, writes: [1e9] })).toMatchObject({ ok: false, error: expect.stringMatching(/write 1/) });
  });

  it('counts code lines, not comments or blanks, and the core by imports from index.ts', () => {
    expect(codeLines('// a\n\nconst x = 1;\n/* b\n c */\nlet y;\n  /** d */ const z = 2;\n')).toBe(3);
    const loc = linesOfCode({ 'src/protocols/p/index.ts': "import { a } from './a';\nexport const p = a;\n", 'src/protocols/p/a.ts': 'export const a = 1;\n', 'src/protocols/p/view.ts': 'export const v = 1;\n', 'src/protocols/q/index.ts': 'x\n' }, 'p')!;
    expect(loc).toEqual({ folder: 'p', files: 3, lines: 4, coreFiles: 2, coreLines: 3 });
    expect(linesOfCode({}, 'p')).toBeNull();
  });
});

describe('npm run compare', () => {
  const run = (args: string[]) => spawnSync('node_modules/.bin/tsx', ['scripts/compare.ts', ...args], { encoding: 'utf8' });

  it('refuses bad input with one line and exit code 2', () => {
    for (const [args, re] of [
      [['--preset', 'nope'], /unknown preset 'nope'/],
      [['--preset', 'janus3-vs-raft5', '--scenario', '/no/such/file'], /neither a script id/],
      [['--preset', 'janus3-vs-raft5', '--scenario', '#c1.AAAA'], /compare link/],
    ] as const) {
      const r = run([...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  }, 60_000);

  it('prints the same table as the engine', () => {
    const out = JSON.parse(execFileSync('node_modules/.bin/tsx', ['scripts/compare.ts', '--preset', 'janus2-vs-raft3'], { encoding: 'utf8' }));
    const p = REGISTRY.comparisons.find((x) => x.id === 'janus2-vs-raft3')!;
    const c = runComparison(REGISTRY, { left: { protocol: p.left, seed: 1 }, right: { protocol: p.right, seed: 1 } }, scriptById(p.script)!, p);
    const t = tableOf(c, REGISTRY, null);
    expect(out.left.failoverMs).toBe(t.left.failoverMs);
    expect(out.right.perEntry).toEqual(t.right.perEntry);
    expect(out.claims.map((x: { verdict: string }) => x.verdict).filter((_: string, k: number) => t.claims[k]!.id !== 'implementation' && t.claims[k]!.id !== 'hardware')).toEqual(
      t.claims.filter((x) => x.id !== 'implementation' && x.id !== 'hardware').map((x) => x.verdict),
    );
    expect(out.left.loc.coreLines).toBeGreaterThan(0);
  }, 60_000);
});
