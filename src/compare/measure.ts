// The claims table of a comparison, measured on the two runs: hardware (full replicas, nodes,
// durable bytes), wire cost per committed entry in steady state (replication apart from elections
// and heartbeats; data and control apart; the leader's share and the cluster's), failover, time
// without a leader, recovery to full strength, the script's faults survived, lines of code, and a
// verdict for each claim of the left side's plug-in. The same function serves the CLI (runs at
// their end) and the page (its two labs at the shared cursor).

import type { Claim, ProtocolPlugin } from '../contracts';
import type { ComparePreset } from '../contracts/compare';
import type { NodeId, Timeline } from '../kernel';
import { computeMetrics, type RunMetrics, type Traffic } from '../metrics';
import type { LinesOfCode } from './loc';
import type { PatternTable } from './patterns';
import type { Recovery, ResolvedFault } from './run';

/** What the table needs of one side: its records and a timeline whose cursor is the moment measured. */
export interface SideInput {
  shape: string;
  title: string;
  plugin: ProtocolPlugin;
  timeline: Timeline;
  faults: readonly ResolvedFault[];
  recoveries: readonly Recovery[];
  loc: LinesOfCode | null;
  /** The same workload without the script's faults, run to its end (the steady state), if measured. */
  steady?: SteadyFigures | null;
}

/** Steady state: the script's writes with no fault, per committed entry, and the background traffic per second. */
export interface SteadyFigures {
  committed: number;
  perEntry: { cluster: Traffic; leader: Traffic } | null;
  /** Heartbeat and election bytes per second of virtual time. */
  heartbeatBytesPerS: number;
  electionBytes: number;
}

export function steadyOf(tl: Timeline, plugin: ProtocolPlugin): SteadyFigures {
  const m = computeMetrics(tl, tl.sim.eventCount, plugin);
  return {
    committed: m.committed,
    perEntry: m.perEntry ? { cluster: m.perEntry.replication, leader: m.perEntry.leader } : null,
    heartbeatBytesPerS: tl.now > 0 ? r3(m.purposes.heartbeat.bytes / (tl.now / 1000)) : 0,
    electionBytes: m.purposes.election.bytes,
  };
}

export interface FaultOutcome {
  text: string;
  nodes: NodeId[];
  /** 'survived' (committed again and stayed safe before the next fault), 'lost availability', 'unsafe', 'does not apply', 'not yet' (the cursor is inside its window). */
  outcome: 'survived' | 'lost availability' | 'unsafe' | 'does not apply' | 'not yet';
  note: string;
}

export interface SideFigures {
  shape: string;
  title: string;
  seed: number;
  /** Measured over [0, tEnd] of virtual time, events [0, events). */
  tEnd: number;
  events: number;
  fullReplicas: number;
  totalNodes: number;
  durable: Record<NodeId, number | null>;
  durableFullReplica: number | null;
  durableOther: number | null;
  durableTotal: number;
  committed: number;
  /** Steady-state replication per committed entry: the cluster's and the leader's share (data and control apart). */
  perEntry: { cluster: Traffic; leader: Traffic } | null;
  /** Whole-run totals by purpose. */
  elections: Traffic;
  heartbeats: Traffic;
  other: Traffic;
  total: Traffic;
  failoverMs: number | null;
  failoverToLeaderMs: number | null;
  noLeaderMs: number;
  /** Longest restart → full strength of the nodes restarted so far (null: none restarted, or one not yet back). */
  recoveryMs: number | null;
  recoveries: { node: NodeId; restartAt: number; fullAt: number | null }[];
  faults: FaultOutcome[];
  violations: string[];
  loc: LinesOfCode | null;
  steady: SteadyFigures | null;
}

export type Verdict = 'holds' | 'does not hold' | 'not comparable';

export interface ClaimRow {
  id: string;
  text: string;
  source: string;
  verdict: Verdict;
  /** The figures behind the verdict, in words. */
  figures: string;
  /** The same figures as numbers (null: not measurable). */
  numbers: Record<string, number | null>;
}

export interface CompareTable {
  preset: string | null;
  script: string;
  left: SideFigures;
  right: SideFigures;
  claims: ClaimRow[];
  patterns: PatternTable | null;
}

/** How far a ratio may miss "1/2" and still count (the claim's own rounding): Janus ≤ 0.55 × Raft. */
export const BANDWIDTH_TOLERANCE = 0.55;
/** "Meaningfully longer": at least 10 % longer. */
export const LONGER = 1.1;

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function sideFigures(side: SideInput): SideFigures {
  const tl = side.timeline;
  const m: RunMetrics = computeMetrics(tl, tl.sim.eventCount, side.plugin);
  const now = tl.now;
  const kinds = m.nodes;
  const full = kinds.filter((n) => n.kind === 'data');
  let fullB: number | null = 0;
  let otherB: number | null = 0;
  for (const n of kinds) {
    const b = m.durable[n.id] ?? null;
    if (n.kind === 'data') fullB = b === null || fullB === null ? null : Math.max(fullB, b);
    else otherB = b === null || otherB === null ? null : Math.max(otherB, b);
  }
  if (kinds.length === full.length) otherB = null;
  const recs = side.recoveries.filter((r) => r.restartAt <= now).map((r) => ({ node: r.node, restartAt: r.restartAt, fullAt: r.fullAt !== null && r.fullAt <= now ? r.fullAt : null }));
  const recoveryMs = recs.length && recs.every((r) => r.fullAt !== null) ? Math.max(...recs.map((r) => r.fullAt! - r.restartAt)) : null;
  const faults: FaultOutcome[] = side.faults
    .filter((f) => f.fault.t <= now)
    .map((f) => {
      if (!f.applied) return { text: f.text, nodes: f.nodes, outcome: 'does not apply', note: f.note };
      if (f.until > now) return { text: f.text, nodes: f.nodes, outcome: 'not yet', note: f.note };
      const outcome = f.violations.length ? 'unsafe' : f.commitAfter > f.commitAt ? 'survived' : 'lost availability';
      return { text: f.text, nodes: f.nodes, outcome, note: f.violations.length ? `violated: ${[...new Set(f.violations)].join(', ')}` : f.note };
    });
  return {
    shape: side.shape,
    title: side.title,
    seed: tl.options.seed,
    tEnd: r3(now),
    events: tl.sim.eventCount,
    fullReplicas: full.length,
    totalNodes: kinds.length,
    durable: m.durable,
    durableFullReplica: fullB,
    durableOther: otherB,
    durableTotal: m.durableData + m.durableElector,
    committed: m.committed,
    perEntry: m.perEntry ? { cluster: m.perEntry.replication, leader: m.perEntry.leader } : null,
    elections: m.purposes.election,
    heartbeats: m.purposes.heartbeat,
    other: m.purposes.other,
    total: m.total,
    failoverMs: m.availability.failoverMs,
    failoverToLeaderMs: m.availability.failoverToLeaderMs,
    noLeaderMs: r3(m.availability.noLeaderMs),
    recoveryMs: recoveryMs === null ? null : r3(recoveryMs),
    recoveries: recs,
    faults,
    violations: [...new Set(tl.sim.violations.map((v) => v.property))],
    loc: side.loc,
    steady: side.steady ?? null,
  };
}

const fmt = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
const pct = (x: number) => `${Math.round(x * 100)} %`;

/**
 * Do the two shapes make the same promise? Same when the left shape survives, at once, as many
 * failures whatever they hit as the right one (`PatternTable.tolerates`).
 */
function samePromise(p: PatternTable | null, left: string, right: string): { same: boolean | null; lost: string[] } {
  const l = p?.tolerates[left];
  const r = p?.tolerates[right];
  if (!l || !r) return { same: null, lost: [] };
  if (l.anyAtOnce >= r.anyAtOnce) return { same: true, lost: [] };
  return { same: false, lost: [`${right} survives any ${r.anyAtOnce} failure${r.anyAtOnce === 1 ? '' : 's'} at once, ${left} any ${l.anyAtOnce}${l.note ? ` (${l.note})` : ''}`] };
}

/** A verdict for one claim of the left side, against the right side (see docs/compare.md for the rules). */
export function verdictOf(c: Claim, L: SideFigures, R: SideFigures, patterns: PatternTable | null): ClaimRow {
  const row = (verdict: Verdict, figures: string, numbers: Record<string, number | null>): ClaimRow => ({ id: c.id, text: c.text, source: c.source, verdict, figures, numbers });
  switch (c.id) {
    case 'consistency': {
      const l = L.violations.length;
      const r = R.violations.length;
      const pl = patterns ? patterns.rows.reduce((n, x) => n + ((x.bySide[L.shape]?.runs ?? 0) - (x.bySide[L.shape]?.safe ?? 0)), 0) : null;
      const pr = patterns ? patterns.rows.reduce((n, x) => n + ((x.bySide[R.shape]?.runs ?? 0) - (x.bySide[R.shape]?.safe ?? 0)), 0) : null;
      const figures = `safety properties violated in this run: ${L.shape} ${l ? L.violations.join(', ') : 'none'}, ${R.shape} ${r ? R.violations.join(', ') : 'none'}` + (patterns ? `; unsafe failure-pattern runs: ${pl} and ${pr}` : '');
      const verdict: Verdict = l || pl ? 'does not hold' : r || pr ? 'not comparable' : 'holds';
      return row(verdict, figures, { leftViolations: l, rightViolations: r, leftUnsafePatternRuns: pl, rightUnsafePatternRuns: pr });
    }
    case 'hardware': {
      const full = 1 - L.fullReplicas / R.fullReplicas;
      const nodes = 1 - L.totalNodes / R.totalNodes;
      const bytes = R.durableTotal > 0 ? 1 - L.durableTotal / R.durableTotal : null;
      const p = samePromise(patterns, L.shape, R.shape);
      let figures =
        `full replicas ${L.fullReplicas} vs ${R.fullReplicas} (${pct(full)} fewer), machines ${L.totalNodes} vs ${R.totalNodes} (${pct(nodes)} fewer), ` +
        `durable bytes in all ${L.durableTotal} vs ${R.durableTotal}${bytes === null ? '' : ` (${pct(bytes)} less)`}`;
      let verdict: Verdict;
      if (full < 1 / 3 - 1e-9) verdict = 'does not hold';
      else if (p.same === false) {
        verdict = 'not comparable';
        figures += `; but the promises differ: ${p.lost.join('; ')}`;
      } else if (p.same === null) {
        verdict = 'not comparable';
        figures += '; failure patterns not measured, so the promises are not compared';
      } else {
        verdict = 'holds';
        figures += '; the measured failure patterns give the same promise';
      }
      return row(verdict, figures, { leftFull: L.fullReplicas, rightFull: R.fullReplicas, leftNodes: L.totalNodes, rightNodes: R.totalNodes, fullSaving: r3(full), nodeSaving: r3(nodes), durableSaving: bytes === null ? null : r3(bytes) });
    }
    case 'bandwidth': {
      // The steady state (the same writes, no fault) when measured; else this run's replication.
      const steady = !!(L.steady?.perEntry && R.steady?.perEntry);
      const Lp = steady ? L.steady!.perEntry : L.perEntry;
      const Rp = steady ? R.steady!.perEntry : R.perEntry;
      if (!Lp || !Rp) return row('not comparable', 'no entry committed on one side yet', { leaderRatio: null, clusterRatio: null });
      const leader = Lp.leader.bytes / Rp.leader.bytes;
      const cluster = Lp.cluster.bytes / Rp.cluster.bytes;
      const data = Rp.cluster.dataBytes > 0 ? Lp.cluster.dataBytes / Rp.cluster.dataBytes : null;
      const figures =
        `replication per committed entry${steady ? ' in steady state (the same writes, no fault)' : ' in this run'}: the leader sends ${fmt(Lp.leader.bytes)} B in ${fmt(Lp.leader.msgs, 2)} messages vs ${fmt(Rp.leader.bytes)} B in ${fmt(Rp.leader.msgs, 2)} (ratio ${leader.toFixed(3)}), ` +
        `the cluster ${fmt(Lp.cluster.bytes)} B vs ${fmt(Rp.cluster.bytes)} B (ratio ${cluster.toFixed(3)}; data bytes alone ${data === null ? '—' : data.toFixed(3)}); ` +
        `heartbeats and elections counted apart${steady ? ` (heartbeats ${fmt(L.steady!.heartbeatBytesPerS, 0)} B/s vs ${fmt(R.steady!.heartbeatBytesPerS, 0)} B/s)` : ''}; holds at a ratio of at most ${BANDWIDTH_TOLERANCE}`;
      const verdict: Verdict = leader <= BANDWIDTH_TOLERANCE && cluster <= BANDWIDTH_TOLERANCE ? 'holds' : 'does not hold';
      return row(verdict, figures, { leaderRatio: r3(leader), clusterRatio: r3(cluster), dataRatio: data === null ? null : r3(data) });
    }
    case 'implementation': {
      if (!L.loc || !R.loc) return row('not comparable', 'lines of code unknown for one side', { leftCoreLines: L.loc?.coreLines ?? null, rightCoreLines: R.loc?.coreLines ?? null });
      const ratio = L.loc.coreLines / R.loc.coreLines;
      const figures = `lines of code of the protocol core: ${L.loc.coreLines} vs ${R.loc.coreLines} (×${ratio.toFixed(2)}); whole folder ${L.loc.lines} vs ${R.loc.lines} (view, explorer profile, gallery and texts included)`;
      return row(ratio > 1 ? 'holds' : 'does not hold', figures, { leftCoreLines: L.loc.coreLines, rightCoreLines: R.loc.coreLines, leftLines: L.loc.lines, rightLines: R.loc.lines, ratio: r3(ratio) });
    }
    case 'failover': {
      const figures =
        `restart → full strength ${fmt(L.recoveryMs)} ms vs ${fmt(R.recoveryMs)} ms; leader crash → next commit ${fmt(L.failoverMs)} ms vs ${fmt(R.failoverMs)} ms; ` +
        `without a leader ${fmt(L.noLeaderMs)} ms vs ${fmt(R.noLeaderMs)} ms; holds when recovery is at least ${Math.round((LONGER - 1) * 100)} % longer`;
      const numbers = { leftRecoveryMs: L.recoveryMs, rightRecoveryMs: R.recoveryMs, leftFailoverMs: L.failoverMs, rightFailoverMs: R.failoverMs };
      if (L.recoveryMs === null || R.recoveryMs === null) return row('not comparable', `${figures} (a restart back to full strength is missing on one side)`, numbers);
      return row(L.recoveryMs >= LONGER * R.recoveryMs ? 'holds' : 'does not hold', figures, numbers);
    }
    default:
      return row('not comparable', 'this run measures nothing for this claim', {});
  }
}

export function compareTable(
  left: SideInput,
  right: SideInput,
  opts: { preset?: ComparePreset | null; script: string; patterns?: PatternTable | null },
): CompareTable {
  const L = sideFigures(left);
  const R = sideFigures(right);
  const patterns = opts.patterns ?? null;
  const claims = left.plugin.metrics?.claims ?? [];
  const against = opts.preset ? opts.preset.claimsAgainstRight : false;
  return {
    preset: opts.preset?.id ?? null,
    script: opts.script,
    left: L,
    right: R,
    claims: claims.map((c) =>
      against
        ? verdictOf(c, L, R, patterns)
        : { id: c.id, text: c.text, source: c.source, verdict: 'not comparable' as Verdict, figures: `the claim is made against Raft and Paxos, not against ${R.shape}`, numbers: {} },
    ),
    patterns,
  };
}
