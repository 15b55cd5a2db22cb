// The exhaustive checker: breadth-first over the untimed view of a run (src/kernel/untimed.ts),
// with the protocol's own monitors as invariants after every step, its step properties (e.g.
// LeaderAppendOnly) on every transition, deadlocks reported, and the visited set kept as 64-bit
// fingerprints (visited.ts). Breadth-first, so the first violation found has a shortest path.
// It runs in slices (`run(ms)`), so the page (a worker) and the CLI drive the same loop.

import { UntimedModel, type UntimedAction, type UntimedState } from '../kernel';
import type { CheckBounds, CheckProfile, Registry, RunSpec, ShapeEntry, StepProperty } from '../contracts';
import { FingerprintSet } from './visited';

export interface CheckSetup {
  /** Registry shape id, e.g. 'janus-3+1'. */
  protocol: string;
  mutant?: string | null;
  bounds?: Partial<CheckBounds>;
  /** Symmetry reduction over the interchangeable nodes the plug-in declares (default on). */
  symmetry?: boolean;
  /** Stop after this many distinct states (verdict 'limit'). */
  maxStates?: number;
  /**
   * Explore the states at most this many steps from the initial state, every one of them checked,
   * and stop there (verdict 'limit', `stoppedAtDepth`): a bounded-depth check where the whole space
   * is out of reach.
   */
  maxDepth?: number;
  /**
   * States waiting to be expanded that are kept whole (default 0). Past that, a waiting state is
   * kept as its number only and remade from its parent's state by its recorded step when its turn
   * comes. That is faster as well as smaller: on Janus 3+1's goal bound capped at 600,000 states,
   * 70,331 and 72,673 states/s with none kept against 49,635 and 40,996 with all kept (the collector
   * no longer walks a frontier of whole states), at about 1.2 steps remade per state expanded.
   */
  keepStates?: number;
  /** Stop at the first deadlock as at a violation (default: count them only). */
  deadlockIsViolation?: boolean;
  /** Settings of the checked run (RunSpec.timing), e.g. maxBatch; unset: the shape's defaults. */
  timing?: Readonly<Record<string, number>>;
}

export interface CheckFinding {
  kind: 'safety' | 'deadlock';
  property: string;
  message: string;
  /** Steps from the initial state (the counterexample's length). */
  depth: number;
  /** The actions, from the initial state. */
  path: UntimedAction[];
}

export type Verdict = 'running' | 'ok' | 'violation' | 'limit';

export interface CheckProgress {
  protocol: string;
  mutant: string | null;
  bounds: CheckBounds;
  /** Distinct states found (up to symmetry). */
  states: number;
  transitions: number;
  /** Depth of the level being explored (the longest shortest path so far). */
  depth: number;
  /**
   * New distinct states found while expanding each depth (entry k: states k + 1 steps from the
   * initial state; entry 0 also counts the initial state).
   */
  statesPerDepth: number[];
  seconds: number;
  statesPerSec: number;
  deadlocks: number;
  verdict: Verdict;
  finding: CheckFinding | null;
  symmetry: { on: boolean; renamings: number };
  bytesPerState: number;
  /** With `maxDepth`: the check stopped after every state this many steps from the initial one. */
  stoppedAtDepth?: number;
}

/** Everything a check of one shape needs: the shape, its plug-in's check profile, the untimed model. */
export interface CheckTarget {
  shape: ShapeEntry;
  profile: CheckProfile;
  bounds: CheckBounds;
  spec: RunSpec;
  model: UntimedModel;
}

export function checkTarget(registry: Registry, setup: Pick<CheckSetup, 'protocol' | 'mutant' | 'bounds' | 'symmetry' | 'timing'>): CheckTarget {
  const shape = registry.shape(setup.protocol);
  const profile = shape.plugin.check;
  if (!profile) throw new Error(`${setup.protocol} declares no exhaustive check`);
  const mutant = setup.mutant ?? null;
  if (mutant !== null && !(mutant in shape.mutants)) throw new Error(`unknown mutant '${String(mutant).slice(0, 40)}' for ${setup.protocol} (known: ${Object.keys(shape.mutants).join(', ') || 'none'})`);
  const bounds = { maxTerm: 3, maxLog: 1, maxCrashes: 0, maxWipes: 0, maxDrops: 0, maxDuplicates: 0, maxCopies: 1, maxInFlight: Infinity, maxWrites: 2, maxOperators: 0, ...profile.bounds, ...(setup.bounds ?? {}) } as CheckBounds;
  const spec: RunSpec = { protocol: setup.protocol, seed: 1, mutant, ...(setup.timing ? { timing: { ...setup.timing } } : {}) };
  const config = shape.config(spec);
  const encoding = profile.encoding(config);
  const model = new UntimedModel(shape.plugin.protocol, {
    config,
    bounds,
    encoding: setup.symmetry === false ? { ...encoding, symmetric: [] } : encoding,
    canWrite: (s) => profile.canWrite(s, bounds),
    operators: profile.operators?.(config) ?? [],
  });
  return { shape, profile, bounds, spec, model };
}

const states = (s: UntimedState): unknown[] => s.nodes.map((n) => n.state);

/** `to` (twice the length) holding `from`'s contents: how the checker's typed arrays grow. */
function doubled<T extends Uint16Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** A growable list of state ids (4 bytes each; a plain array costs 8 a number). */
class IdList {
  private a = new Uint32Array(1024);
  length = 0;
  push(id: number): void {
    if (this.length === this.a.length) this.a = doubled(this.a, new Uint32Array(this.a.length * 2));
    this.a[this.length++] = id;
  }
  at(i: number): number {
    return this.a[i]!;
  }
  /** Empty it for reuse (a long list's memory is given back). */
  clear(): IdList {
    this.length = 0;
    if (this.a.length > 1 << 20) this.a = new Uint32Array(1024);
    return this;
  }
}

export class Checker {
  readonly target: CheckTarget;
  readonly setup: CheckSetup;
  private readonly visited = new FingerprintSet();
  private readonly fp = new Int32Array(2);
  /**
   * Each distinct state (by discovery number): its parent, and the step that led to it as the model
   * emitted it (`successors`: the base action's index, and its answers `tape` with `len` given,
   * packed `len << 24 | tape`), from which `successorAt` remakes it.
   */
  private parents = new Uint32Array(1024);
  private base = new Uint16Array(1024);
  private step = new Uint32Array(1024);
  /**
   * The ids of the states of the level being expanded and of the next. A state is queued as its id
   * only (4 bytes where a whole state costs about 700: the goal bounds' frontiers run to tens of
   * millions); the first `keepStates` waiting are also kept whole, by id.
   */
  private level = new IdList();
  private next = new IdList();
  private readonly whole = new Map<number, UntimedState>();
  private cursor = 0;
  /** Set when the check stopped at `maxDepth`: the depth whose states were all checked. */
  private stoppedAtDepth: number | null = null;
  private readonly keepStates: number;
  /** The last remade path from the initial state (by depth): ids and states, shared by its neighbours in the queue. */
  private readonly pathIds: number[] = [0];
  private readonly pathStates: UntimedState[] = [];
  /** States remade from their parent's step (the cost of the compact queue), for the figures. */
  remade = 0;
  private readonly perDepth: number[] = [1];
  private transitions = 0;
  private deadlocks = 0;
  private elapsedMs = 0;
  private verdict: Verdict = 'running';
  private finding: CheckFinding | null = null;
  private readonly stepProps: readonly StepProperty[];
  readonly initial: UntimedState;

  constructor(registry: Registry, setup: CheckSetup) {
    this.setup = setup;
    this.target = checkTarget(registry, setup);
    this.stepProps = this.target.profile.stepProperties ?? [];
    this.initial = this.target.model.init();
    this.target.model.fingerprint(this.initial, this.fp);
    this.visited.add(this.fp[0]!, this.fp[1]!);
    this.parents[0] = 0xffffffff;
    this.pathStates.push(this.initial);
    this.keepStates = setup.keepStates ?? 0;
    this.level.push(0);
    this.whole.set(0, this.initial);
  }

  /** States found and not yet expanded (the rest of this level and the next). */
  get queued(): number {
    return this.level.length - this.cursor + this.next.length;
  }

  get done(): boolean {
    return this.verdict !== 'running';
  }

  /** Stop a running check where it is (verdict 'limit', as with maxStates): e.g. when memory runs short. */
  stop(): void {
    if (!this.done) this.verdict = 'limit';
  }

  /** Explore for about `ms` milliseconds of wall time (or to the end). */
  run(ms = Infinity, now: () => number = () => performance.now()): CheckProgress {
    const t0 = now();
    const model = this.target.model;
    const bounds = this.target.bounds;
    const within = this.target.profile.within;
    const maxStates = this.setup.maxStates ?? Infinity;
    let k = 0;
    while (!this.done) {
      if (this.cursor >= this.level.length) {
        if (!this.next.length) {
          this.verdict = 'ok';
          break;
        }
        // The next level's states are perDepth.length steps from the initial state, all found and checked.
        if (this.setup.maxDepth !== undefined && this.perDepth.length >= this.setup.maxDepth) {
          this.stoppedAtDepth = this.perDepth.length;
          this.verdict = 'limit';
          break;
        }
        const done = this.level;
        this.level = this.next;
        this.next = done.clear();
        this.cursor = 0;
        this.perDepth.push(0);
      }
      const id = this.level.at(this.cursor++);
      let s = this.whole.size ? this.whole.get(id) : undefined;
      if (s) this.whole.delete(id);
      else s = this.remake(id, this.perDepth.length - 1);
      let n = 0;
      let stop = false;
      const before = states(s);
      const parent = s;
      model.successors(parent, (a, next, base, tape, len) => {
        if (stop) return;
        n++;
        this.transitions++;
        let bad: { property: string; message: string } | null = next.violations.length ? next.violations[0]! : null;
        if (!bad && this.stepProps.length)
          for (let i = 0; i < next.nodes.length && !bad; i++) {
            // Only a node whose record changed can break a step property.
            if (next.nodes[i] === parent.nodes[i]) continue;
            for (const p of this.stepProps) {
              const msg = p.check(before[i], next.nodes[i]!.state);
              if (msg) {
                bad = { property: p.name, message: msg };
                break;
              }
            }
          }
        if (bad) {
          this.finding = { kind: 'safety', property: bad.property, message: bad.message, depth: next.depth, path: [...this.pathTo(id), a] };
          this.verdict = 'violation';
          stop = true;
          return;
        }
        model.fingerprint(next, this.fp);
        if (!this.visited.add(this.fp[0]!, this.fp[1]!)) return;
        const nid = this.visited.size - 1;
        this.record(nid, id, base, (len << 24) | tape);
        this.perDepth[this.perDepth.length - 1]!++;
        if (within(states(next), bounds)) {
          if (this.whole.size < this.keepStates) this.whole.set(nid, next);
          this.next.push(nid);
        }
      });
      if (!stop && n === 0) {
        this.deadlocks++;
        if (this.setup.deadlockIsViolation && !this.finding) {
          this.finding = { kind: 'deadlock', property: 'Deadlock', message: 'No action is enabled in this state.', depth: s.depth, path: this.pathTo(id) };
          this.verdict = 'violation';
        }
      }
      if (this.visited.size >= maxStates && !this.done) this.verdict = 'limit';
      if ((++k & 63) === 0 && now() - t0 >= ms) break;
    }
    this.elapsedMs += now() - t0;
    return this.progress();
  }

  private record(nid: number, parent: number, base: number, step: number): void {
    if (nid >= this.parents.length) {
      this.parents = doubled(this.parents, new Uint32Array(this.parents.length * 2));
      this.base = doubled(this.base, new Uint16Array(this.base.length * 2));
      this.step = doubled(this.step, new Uint32Array(this.step.length * 2));
    }
    this.parents[nid] = parent;
    this.base[nid] = base;
    this.step[nid] = step;
  }

  private stepFrom(s: UntimedState, id: number): { action: UntimedAction; state: UntimedState } {
    const code = this.step[id]!;
    const r = this.target.model.successorAt(s, this.base[id]!, code & 0xffffff, code >>> 24);
    if (!r) throw new Error('the path to a state could not be re-derived');
    return r;
  }

  /**
   * State `id` (at `depth`), remade from the initial state by its recorded steps. Its ancestors on
   * the last remade path are not remade again: the queue holds a parent's children together, and
   * the parents in their own queue order, so on average a state costs about one step.
   */
  private remake(id: number, depth: number): UntimedState {
    const chain: number[] = [];
    let i = id;
    let d = depth;
    while (this.pathIds[d] !== i) {
      chain.push(i);
      i = this.parents[i]!;
      d--;
    }
    let s = this.pathStates[d]!;
    for (let k = chain.length - 1; k >= 0; k--) {
      const c = chain[k]!;
      s = this.stepFrom(s, c).state;
      d++;
      this.pathIds[d] = c;
      this.pathStates[d] = s;
      this.remade++;
    }
    return s;
  }

  /** The actions from the initial state to state `id`, re-derived by replaying the recorded steps. */
  pathTo(id: number): UntimedAction[] {
    const ids: number[] = [];
    for (let i = id; i !== 0; i = this.parents[i]!) ids.push(i);
    ids.reverse();
    const out: UntimedAction[] = [];
    let s = this.initial;
    for (const c of ids) {
      const r = this.stepFrom(s, c);
      out.push(r.action);
      s = r.state;
    }
    return out;
  }

  progress(): CheckProgress {
    const sec = this.elapsedMs / 1000;
    return {
      protocol: this.setup.protocol,
      mutant: this.setup.mutant ?? null,
      bounds: this.target.bounds,
      states: this.visited.size,
      transitions: this.transitions,
      depth: this.perDepth.length - 1,
      statesPerDepth: this.perDepth.slice(),
      seconds: Math.round(sec * 1000) / 1000,
      statesPerSec: sec > 0 ? Math.round(this.visited.size / sec) : 0,
      deadlocks: this.deadlocks,
      verdict: this.verdict,
      finding: this.finding,
      symmetry: { on: this.target.model.perms.length > 1, renamings: this.target.model.perms.length },
      bytesPerState: Math.round(this.visited.bytesPerState * 10) / 10,
      ...(this.stoppedAtDepth !== null ? { stoppedAtDepth: this.stoppedAtDepth } : {}),
    };
  }
}

/** Replay a path of untimed actions from the initial state: the states along it (index 0: initial). */
export function replayPath(model: UntimedModel, path: readonly UntimedAction[]): UntimedState[] {
  let s = model.init();
  const out = [s];
  for (const a of path) {
    const n = model.next(s, a);
    if (!n) throw new Error(`step ${out.length} is not enabled`);
    s = n;
    out.push(s);
  }
  return out;
}
