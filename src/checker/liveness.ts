// The liveness sanity check (issue 15, docs/checking.md "Liveness"): from sampled reachable
// states, with the failures the protocol promises to survive made permanent, a new commit is still
// reachable. Protocol-agnostic: the plug-in's check profile says what progress is (`progress`, e.g.
// the highest commit index) and which failures it promises to survive (`promisedFailures`).
//
// 1. Samples: `samples` seeded random walks through the check's own untimed model (the same
//    bounds: crashes, drops, … as the safety check), each of a length drawn in [0, walkDepth],
//    stopping early at a state the state constraint does not expand. Deterministic for a seed.
//    Or (`from`, e.g. `npm run check -- --liveness N --liveness-from states`) the paths to states
//    the safety check itself visited, drawn uniformly from all of them: random walks favour the
//    states near the start and the likely ones, so a state reached by one narrow order of events
//    (a replacement after a shrink, with nothing else in flight) is rarely one of their samples.
// 2. For each sample and each failure set the plug-in promises there: those nodes crash and stay
//    down (as do the nodes already down), then a breadth-first search with no further fault (no
//    crash, restart, drop, duplicate or operator action; at most one new client write; every clock
//    guard still answered both ways; states past the check's maxTerm + extraTerms are looked at but
//    not expanded) looks for a state whose progress is greater than the sample's. Found: the promise holds from there. Not found within `maxDepth` steps and
//    `maxStates` states: a liveness finding, with the walk and the failures that led to it
//    (`exhausted` says the search ran out of states, not of its depth or state bound: no commit can
//    come at all within the term bound).
// 3. Recovery, when the plug-in declares it (`recovery`, e.g. Janus's R grown back to every data
//    node): from each sample not yet recovered, every node down is restarted (the failures
//    repaired), then the same fault-free search, where the timer firings the plug-in calls quiet in
//    a state (by timer and by the answers its clock guards got) do not happen (a healthy network's
//    heartbeats reset them, and every node answers in time), looks for a state the plug-in
//    calls recovered. Not found: a finding under the plug-in's property name (e.g. Recovery), not a
//    safety one. A state from which the plug-in promises no recovery (`recovery.promised`) is not
//    searched (`unpromised`).

import { Prng, UntimedModel, type NodeId, type UntimedAction, type UntimedState } from '../kernel';
import type { CheckProfile, LivenessView } from '../contracts';
import type { CheckTarget } from './check';
import { FingerprintSet } from './visited';

export interface LivenessSetup {
  /** How many reachable states to sample. */
  samples: number;
  seed?: number;
  /** Longest sampling walk (steps from the initial state). */
  walkDepth?: number;
  /** Bound of each search: steps after the failures … */
  maxDepth?: number;
  /** … and distinct states. */
  maxStates?: number;
  /** Terms a search may go past the check's maxTerm (the state constraint, moved up): default 2. */
  extraTerms?: number;
  /**
   * The samples' paths from the initial state, instead of random walks (e.g. the check's own
   * states: `sampleCheckedStates`). `samples` of them are taken, in order.
   */
  from?: readonly (readonly UntimedAction[])[];
}

export interface LivenessFailure {
  /** 'Liveness' (no new commit) or the plug-in's recovery property (e.g. 'Recovery'). */
  property: string;
  /** Which sample (0-based). */
  sample: number;
  /** Nodes down for good (already down in the sample, and stopped). */
  failed: NodeId[];
  /** The sample's progress (e.g. highest commit index), never exceeded in the search. */
  progress: number;
  /** From the initial state: the walk to the sample, then the crashes of the failed nodes. */
  path: UntimedAction[];
  /** The same, in words. */
  steps: string[];
  /** Distinct states the search visited. */
  searched: number;
  /** True when the search ran out of states (no commit can come within the term bound), false when it hit its depth or state bound. */
  exhausted: boolean;
  message: string;
}

export interface LivenessResult {
  /** Samples drawn. */
  sampled: number;
  /** Samples from which every promised failure set still reached a new commit. */
  ok: number;
  /** Samples from which the plug-in promises nothing (e.g. too many nodes already down). */
  noPromise: number;
  /** Searches run (one per sample and promised failure set, and one per recovery search). */
  searches: number;
  /** Samples not yet recovered from which a recovery search ran (the plug-in declares `recovery`). */
  recoveries: number;
  /** Samples not yet recovered from which the plug-in promises no recovery (`recovery.promised`): not searched. */
  unpromised: number;
  failures: LivenessFailure[];
  /** Most steps a search needed to reach a new commit. */
  deepest: number;
  statesSearched: number;
  seconds: number;
  seed: number;
  bound: { walkDepth: number; maxDepth: number; maxStates: number; maxTerm: number };
}

export const LIVENESS_DEFAULTS = { seed: 1, walkDepth: 30, maxDepth: 40, maxStates: 20_000, extraTerms: 2 };

const FAULTS = new Set(['crash', 'restart', 'drop', 'duplicate', 'operator']);

/** Does this check target declare what the liveness sanity check needs? Null if so, else why not. */
export function livenessUnsupported(profile: CheckProfile): string | null {
  if (!profile.progress || !profile.promisedFailures) return 'declares no liveness promise (CheckProfile.progress and promisedFailures)';
  return null;
}

function view(model: UntimedModel, s: UntimedState): LivenessView {
  const messages: { from: NodeId; to: NodeId; msg: unknown }[] = [];
  for (const m of s.msgs) for (let k = 0; k < m.count; k++) messages.push({ from: model.nodeIds[m.from]!, to: model.nodeIds[m.to]!, msg: m.msg });
  return { nodeIds: model.nodeIds, states: s.nodes.map((n) => n.state), up: s.nodes.map((n) => n.up), messages };
}

const act = (kind: UntimedAction['kind'], node: number): UntimedAction => ({ kind, node, choices: 0, nChoices: 0 });
/** The answers an action's clock guards got, in order: true = "timed out". */
const answers = (a: UntimedAction): boolean[] => Array.from({ length: a.nChoices }, (_, k) => ((a.choices >>> k) & 1) === 1);

export function livenessCheck(target: CheckTarget, setup: LivenessSetup, now: () => number = () => performance.now()): LivenessResult {
  const t0 = now();
  const profile = target.profile;
  const why = livenessUnsupported(profile);
  if (why) throw new Error(`${target.spec.protocol} ${why}`);
  const progress = profile.progress!;
  const promised = profile.promisedFailures!;
  const seed = setup.seed ?? LIVENESS_DEFAULTS.seed;
  const walkDepth = setup.walkDepth ?? LIVENESS_DEFAULTS.walkDepth;
  const maxDepth = setup.maxDepth ?? LIVENESS_DEFAULTS.maxDepth;
  const maxStates = setup.maxStates ?? LIVENESS_DEFAULTS.maxStates;
  const maxTerm = target.bounds.maxTerm + (setup.extraTerms ?? LIVENESS_DEFAULTS.extraTerms);
  const checkModel = target.model;
  const config = checkModel.config;
  // The searches' model: the same protocol, encoding and copies of one message; no bound on the
  // messages in flight (messages to a node down for good stay in flight for ever, and would fill
  // the check's bound, so every later send would be lost); any number of crashes (only the
  // promised ones are taken); writes at any log length (at most one new one is taken).
  const bounds = { ...target.bounds, maxTerm, maxInFlight: Infinity, maxCrashes: 1e9, maxWipes: 0, maxDrops: 0, maxDuplicates: 0, maxWrites: 1e9, maxOperators: 0, maxLog: 1e9 };
  const model = new UntimedModel(target.shape.plugin.protocol, {
    config,
    bounds,
    encoding: profile.encoding(config),
    canWrite: (st) => profile.canWrite(st, bounds),
  });
  const info = target.shape.plugin.protocol;
  const label = (m: unknown) => info.messageInfo(m).label;
  const rng = new Prng(seed);
  const within = (s: UntimedState) => profile.within(s.nodes.map((n) => n.state), target.bounds);
  const fp = new Int32Array(2);
  const out: LivenessResult = { sampled: 0, ok: 0, noPromise: 0, searches: 0, recoveries: 0, unpromised: 0, failures: [], deepest: 0, statesSearched: 0, seconds: 0, seed, bound: { walkDepth, maxDepth, maxStates, maxTerm } };

  for (let k = 0; k < setup.samples; k++) {
    // 1. A seeded random walk within the check's bounds, or the given path.
    let s = checkModel.init();
    const path: UntimedAction[] = [];
    const steps: string[] = [];
    if (setup.from) {
      if (k >= setup.from.length) break;
      for (const a of setup.from[k]!) {
        const n = checkModel.next(s, a);
        if (!n) throw new Error(`liveness sample ${k}: step ${path.length + 1} is not enabled`);
        steps.push(checkModel.describe(s, a, label));
        path.push(a);
        s = n;
      }
    }
    const length = setup.from ? 0 : rng.int(0, walkDepth);
    for (let d = 0; d < length && within(s); d++) {
      const next: { a: UntimedAction; n: UntimedState }[] = [];
      checkModel.successors(s, (a, n) => next.push({ a, n }));
      if (!next.length) break;
      const pick = next[rng.int(0, next.length - 1)]!;
      steps.push(checkModel.describe(s, pick.a, label));
      path.push(pick.a);
      s = pick.n;
    }
    out.sampled++;
    // 3. Recovery: the failures repaired (every node down restarted), is a recovered state reachable?
    let recovered = true;
    if (profile.recovery && profile.recovery.unrestored(view(checkModel, s)) !== null) {
      const rec = profile.recovery;
      let start = s;
      const fpath = path.slice();
      const fsteps = steps.slice();
      for (let i = 0; i < start.nodes.length; i++) {
        if (start.nodes[i]!.up) continue;
        let restarted: { a: UntimedAction; n: UntimedState } | null = null;
        model.successors(start, (a, n) => {
          if (!restarted && a.kind === 'restart' && a.node === i) restarted = { a, n };
        });
        if (!restarted) break;
        const r: { a: UntimedAction; n: UntimedState } = restarted;
        fsteps.push(model.describe(start, r.a, label));
        fpath.push(r.a);
        start = r.n;
      }
      const startView = view(model, start);
      const missing = rec.unrestored(startView);
      if (missing !== null && rec.promised && !rec.promised(startView)) out.unpromised++;
      else if (missing !== null) {
        out.searches++;
        out.recoveries++;
        const quiet = rec.quiet;
        // One view per state expanded, not one per timer it can fire.
        let seen: UntimedState | null = null;
        let seenView = startView;
        const viewOf = (n: UntimedState): LivenessView => (n === seen ? seenView : ((seen = n), (seenView = view(model, n))));
        const skip = quiet ? (n: UntimedState, a: UntimedAction) => a.kind === 'fire' && a.timer !== undefined && quiet(viewOf(n), model.nodeIds[a.node]!, a.timer, answers(a)) : undefined;
        const r = search(model, start, (n) => rec.unrestored(view(model, n)) === null, s.writes + 1, (n) => profile.within(n.nodes.map((x) => x.state), bounds), maxDepth, maxStates, fp, skip);
        out.statesSearched += r.searched;
        if (r.depth >= 0) out.deepest = Math.max(out.deepest, r.depth);
        else {
          recovered = false;
          out.failures.push({
            property: rec.property,
            sample: k,
            failed: [],
            progress: progress(start.nodes.map((n) => n.state)),
            path: fpath,
            steps: fsteps,
            searched: r.searched,
            exhausted: r.exhausted,
            message: r.exhausted
              ? `${rec.property}: ${missing}, with every node up and no further fault: every state reachable up to term ${maxTerm} was searched (${r.searched}).`
              : `${rec.property}: ${missing}, with every node up and no further fault, within ${maxDepth} steps and ${maxStates} states.`,
          });
        }
      }
    }
    const sets = promised(view(checkModel, s));
    if (!sets.length) {
      out.noPromise++;
      continue;
    }
    const base = progress(s.nodes.map((n) => n.state));
    let good = recovered;
    for (const set of sets) {
      out.searches++;
      // 2. The promised failures, for good.
      let start = s;
      const fpath = path.slice();
      const fsteps = steps.slice();
      for (const id of set) {
        const a = act('crash', model.idx(id));
        fsteps.push(model.describe(start, a, label));
        fpath.push(a);
        start = model.next(start, a)!;
      }
      const failed = model.nodeIds.filter((_, i) => !start.nodes[i]!.up);
      const r = search(model, start, (n) => progress(n.nodes.map((x) => x.state)) > base, s.writes + 1, (n) => profile.within(n.nodes.map((x) => x.state), bounds), maxDepth, maxStates, fp);
      out.statesSearched += r.searched;
      if (r.depth >= 0) {
        out.deepest = Math.max(out.deepest, r.depth);
        continue;
      }
      good = false;
      out.failures.push({
        property: 'Liveness',
        sample: k,
        failed,
        progress: base,
        path: fpath,
        steps: fsteps,
        searched: r.searched,
        exhausted: r.exhausted,
        message: r.exhausted
          ? `No new commit can follow (progress stays ${base}) with ${failed.length ? `${failed.join(', ')} down for good` : 'every node up'}: every state reachable without a further fault up to term ${maxTerm} was searched (${r.searched}).`
          : `No new commit (progress stays ${base}) within ${maxDepth} steps and ${maxStates} states with ${failed.length ? `${failed.join(', ')} down for good` : 'every node up'}.`,
      });
    }
    if (good) out.ok++;
  }
  out.seconds = Math.round(now() - t0) / 1000;
  return out;
}

/** Where the samples of a check's liveness sanity check come from (`npm run check -- --liveness-from`). */
export type LivenessSamples = 'walks' | 'states';

/** The liveness sanity check after `checker`'s safety check, its samples random walks or drawn from the states it visited. */
export function livenessAfterCheck(
  checker: { target: CheckTarget; pathTo(id: number): UntimedAction[]; progress(): { states: number } },
  setup: Omit<LivenessSetup, 'from'> & { from?: LivenessSamples },
): LivenessResult {
  const { from, ...rest } = setup;
  return livenessCheck(checker.target, from === 'states' ? { ...rest, from: sampleCheckedStates(checker, rest.samples, rest.seed) } : rest);
}

/**
 * `samples` of the check's distinct states, drawn uniformly (seeded, without repeats when there are
 * enough): the paths to them from the initial state, as the check recorded them.
 */
export function sampleCheckedStates(checker: { pathTo(id: number): UntimedAction[]; progress(): { states: number } }, samples: number, seed: number = LIVENESS_DEFAULTS.seed): UntimedAction[][] {
  const n = checker.progress().states;
  const rng = new Prng(seed);
  const ids: number[] = [];
  if (samples >= n) for (let i = 0; i < n; i++) ids.push(i);
  else {
    const taken = new Set<number>();
    while (ids.length < samples) {
      const id = rng.int(0, n - 1);
      if (taken.has(id)) continue;
      taken.add(id);
      ids.push(id);
    }
  }
  return ids.map((id) => checker.pathTo(id));
}

/** Breadth-first from `start` with no fault: the steps to a state that is `reached` (e.g. progress above the sample's), or -1. */
function search(
  model: UntimedModel,
  start: UntimedState,
  reached: (s: UntimedState) => boolean,
  maxWrites: number,
  expand: (s: UntimedState) => boolean,
  maxDepth: number,
  maxStates: number,
  fp: Int32Array,
  /** Actions not taken from a state (the recovery search's quiet timers). */
  skip?: (s: UntimedState, a: UntimedAction) => boolean,
): { depth: number; searched: number; exhausted: boolean } {
  const seen = new FingerprintSet();
  model.fingerprint(start, fp);
  seen.add(fp[0]!, fp[1]!);
  let level = [start];
  for (let depth = 1; depth <= maxDepth && level.length; depth++) {
    const next: UntimedState[] = [];
    let found = false;
    for (const s of level) {
      model.successors(s, (a, n) => {
        if (found || FAULTS.has(a.kind) || n.writes > maxWrites || skip?.(s, a)) return;
        if (reached(n)) {
          found = true;
          return;
        }
        model.fingerprint(n, fp);
        if (seen.size < maxStates && seen.add(fp[0]!, fp[1]!) && expand(n)) next.push(n);
      });
      if (found) return { depth, searched: seen.size, exhausted: false };
    }
    level = next;
    if (seen.size >= maxStates) return { depth: -1, searched: seen.size, exhausted: false };
  }
  // Exhausted: every fault-free state within the term bound was searched.
  return { depth: -1, searched: seen.size, exhausted: level.length === 0 };
}
