// Failure patterns, measured: for each shape, which sets of failures (at once, or one after the
// other) keep the cluster available and which keep it safe. Each pattern is a role script (crash
// the leader, a follower, the elector …) run on seeded runs whose links are drawn from the seed as
// the explorer draws them (latency, jitter, long tail); roles are resolved on each run from the
// plug-in's view. Available: the highest commit point still moves 2 to 10 s after the last failure
// (writes go on every 250 ms; the explorer's liveness bound is 8 s); safe: no monitor fired.
// Nothing here is typed in by hand: "tolerates 2 failures" is whatever these runs show.

import { drawLinkKnobs, type Registry } from '../contracts';
import { Prng } from '../kernel';
import { runSide } from './run';
import { writesEvery, type Role, type RoleFault, type RoleScript } from './script';

export interface FailurePattern {
  id: string;
  text: string;
  mode: 'at once' | 'one after another';
  roles: Role[];
}

const NAME: Record<Role, string> = { leader: 'the leader', follower: 'a follower', elector: 'the elector' };
/** Pattern ids: L leader, F follower, X the elector (E would read as a node's name). */
const SHORT: Record<Role, string> = { leader: 'L', follower: 'F', elector: 'X' };

function pattern(mode: FailurePattern['mode'], roles: Role[]): FailurePattern {
  const names = roles.map((r, k) => (mode === 'one after another' && r === 'leader' && roles.slice(0, k).includes('leader') ? 'the new leader' : r === 'follower' && roles.slice(0, k).includes('follower') ? 'another follower' : NAME[r]));
  const text = roles.length === 1 ? `crash ${names[0]}` : mode === 'at once' ? `crash ${names.join(' and ')} at once` : `crash ${names.join(', then ')}`;
  return { id: `${mode === 'at once' ? 'at-once' : 'seq'}:${roles.map((r) => SHORT[r]).join('')}`, text, mode, roles };
}

/** The patterns measured: one failure, two and three at once, two one after another. */
export const PATTERNS: readonly FailurePattern[] = [
  pattern('at once', ['leader']),
  pattern('at once', ['follower']),
  pattern('at once', ['elector']),
  pattern('at once', ['leader', 'follower']),
  pattern('at once', ['follower', 'follower']),
  pattern('at once', ['leader', 'elector']),
  pattern('at once', ['follower', 'elector']),
  pattern('one after another', ['leader', 'leader']),
  pattern('one after another', ['leader', 'follower']),
  pattern('one after another', ['follower', 'leader']),
  pattern('one after another', ['follower', 'follower']),
  pattern('one after another', ['leader', 'elector']),
  pattern('one after another', ['elector', 'leader']),
  pattern('one after another', ['follower', 'elector']),
  pattern('one after another', ['elector', 'follower']),
  pattern('at once', ['leader', 'follower', 'follower']),
  pattern('at once', ['follower', 'follower', 'follower']),
  pattern('at once', ['leader', 'follower', 'elector']),
];

const FIRST = 3000;
const GAP = 3000;
const SETTLE = 2000;
const BOUND = 8000;

export function patternScript(p: FailurePattern): RoleScript {
  const faults: RoleFault[] = p.roles.map((role, k) => ({ t: p.mode === 'at once' ? FIRST : FIRST + k * GAP, do: 'crash', role }));
  const last = faults[faults.length - 1]!.t;
  const end = last + SETTLE + BOUND;
  return { id: p.id, title: p.text, writes: writesEvery(1000, 250, end - 250), faults, end, probeAt: last + SETTLE };
}

export interface PatternResult {
  /** Runs where every failure of the pattern applied (the roles existed). */
  runs: number;
  available: number;
  safe: number;
  /** Why it does not apply to this shape (no elector, too few followers), or null. */
  notApplicable: string | null;
  /** The first run seed that lost availability or safety, for a replay. */
  firstBadSeed: number | null;
}

export interface PatternRow {
  pattern: FailurePattern;
  bySide: Record<string, PatternResult>;
}

export interface PatternTable {
  seeds: number;
  master: number;
  shapes: string[];
  rows: PatternRow[];
  /** Per shape: how many failures at once it always survived (available and safe), whatever they hit. */
  tolerates: Record<string, { anyAtOnce: number; note: string }>;
}

/** A run seed of the master seed, as the explorer derives them. */
export const patternSeed = (master: number, k: number): number => Prng.derive(master, k + 1);

export function measurePattern(registry: Registry, shape: string, p: FailurePattern, seeds: number, master = 1): PatternResult {
  const script = patternScript(p);
  const res: PatternResult = { runs: 0, available: 0, safe: 0, notApplicable: null, firstBadSeed: null };
  for (let k = 0; k < seeds; k++) {
    const seed = patternSeed(master, k);
    const link = drawLinkKnobs(new Prng(seed));
    const side = runSide(registry, { protocol: shape, seed, link }, script);
    const skipped = side.faults.find((f) => !f.applied);
    if (skipped) {
      if (!res.notApplicable) res.notApplicable = skipped.note;
      continue;
    }
    res.runs++;
    const last = side.faults[side.faults.length - 1]!;
    const available = side.commitAtProbe !== null && last.commitAfter > side.commitAtProbe;
    const safe = side.timeline.sim.violations.length === 0;
    if (available) res.available++;
    if (safe) res.safe++;
    if ((!available || !safe) && res.firstBadSeed === null) res.firstBadSeed = seed;
  }
  if (res.runs) res.notApplicable = null;
  return res;
}

export function measurePatterns(registry: Registry, shapes: readonly string[], opts: { seeds?: number; master?: number; patterns?: readonly FailurePattern[] } = {}): PatternTable {
  const seeds = opts.seeds ?? 10;
  const master = opts.master ?? 1;
  const rows: PatternRow[] = (opts.patterns ?? PATTERNS).map((pattern) => ({
    pattern,
    bySide: Object.fromEntries(shapes.map((s) => [s, measurePattern(registry, s, pattern, seeds, master)])),
  }));
  return { seeds, master, shapes: [...shapes], rows, tolerates: Object.fromEntries(shapes.map((s) => [s, tolerance(rows, s)])) };
}

const survived = (r: PatternResult | undefined) => !!r && r.runs > 0 && r.available === r.runs && r.safe === r.runs;

/** The largest n such that every measured at-once pattern of n failures kept the shape available and safe. */
function tolerance(rows: readonly PatternRow[], shape: string): { anyAtOnce: number; note: string } {
  let n = 0;
  const lost: string[] = [];
  for (let size = 1; size <= 3; size++) {
    const at = rows.filter((r) => r.pattern.mode === 'at once' && r.pattern.roles.length === size && r.bySide[shape] && r.bySide[shape]!.runs > 0);
    if (!at.length) break;
    const bad = at.filter((r) => !survived(r.bySide[shape]));
    if (bad.length) {
      lost.push(...bad.map((r) => r.pattern.text));
      break;
    }
    n = size;
  }
  return { anyAtOnce: n, note: lost.length ? `not: ${lost.join('; ')}` : '' };
}
