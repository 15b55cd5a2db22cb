// The untimed view of a run (src/kernel/untimed.ts) and the identity of its states.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { checkTarget } from '../../src/checker/check';
import { Prng, Simulation, type UntimedAction, type UntimedState } from '../../src/kernel';
import { timedCounterexample } from '../../src/checker/replay';

const target = (protocol: string, symmetry = true) =>
  checkTarget(REGISTRY, { protocol, symmetry, bounds: { maxTerm: 2, maxLog: 1, maxCrashes: 1, maxDrops: 1, maxDuplicates: 1, maxCopies: 2, maxInFlight: 4 } });

/** A random walk of `steps` enabled actions from the initial state. */
function walk(t: ReturnType<typeof target>, seed: number, steps: number): { states: UntimedState[]; path: UntimedAction[] } {
  const rng = new Prng(seed);
  let s = t.model.init();
  const states = [s];
  const path: UntimedAction[] = [];
  for (let k = 0; k < steps; k++) {
    const acts = t.model.actions(s);
    if (!acts.length) break;
    const a = acts[rng.int(0, acts.length - 1)]!;
    s = t.model.next(s, a)!;
    states.push(s);
    path.push(a);
  }
  return { states, path };
}

describe('untimed view: enabled actions', () => {
  it('every listed action is accepted by next(), deterministically, and actions that are not enabled are refused', () => {
    const t = target('janus-3+1');
    const fp1 = new Int32Array(2);
    const fp2 = new Int32Array(2);
    let checked = 0;
    for (let seed = 1; seed <= 6; seed++) {
      for (const s of walk(t, seed, 25).states) {
        for (const a of t.model.actions(s)) {
          const n1 = t.model.next(s, a);
          const n2 = t.model.next(s, a);
          expect(n1, t.model.describe(s, a)).not.toBeNull();
          t.model.fingerprint(n1!, fp1);
          t.model.fingerprint(n2!, fp2);
          expect([...fp1]).toEqual([...fp2]);
          checked++;
        }
        // Not enabled: a timer nobody armed, a message that is not in flight, a restart of a node that is up.
        expect(t.model.next(s, { kind: 'fire', node: 0, timer: 'noSuchTimer', choices: 0, nChoices: 0 })).toBeNull();
        expect(t.model.next(s, { kind: 'deliver', node: 0, msg: s.msgs.length, choices: 0, nChoices: 0 })).toBeNull();
        const up = s.nodes.findIndex((n) => n.up);
        expect(t.model.next(s, { kind: 'restart', node: up, choices: 0, nChoices: 0 })).toBeNull();
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('the timed kernel accepts each enabled action of a replayed path (deliver, fire, write, crash, restart, drop, duplicate)', () => {
    const t = target('janus-2+1');
    const kinds = new Set<string>();
    let accepted = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const { path } = walk(t, seed, 30);
      const timed = timedCounterexample(REGISTRY, t, path);
      // Replay the timed actions in a kernel simulation: each one is valid where it is placed.
      const sim = new Simulation(REGISTRY.shape('janus-2+1').plugin.protocol, { ...REGISTRY.simOptions(timed.spec), trace: 'off' });
      for (const ta of timed.actions) {
        while (sim.eventCount < ta.at && sim.step() !== null);
        sim.now = ta.t;
        expect(sim.validate(ta.action)).toBeNull();
        sim.apply(ta.action);
        kinds.add(ta.action.type);
        accepted++;
      }
    }
    expect(accepted).toBeGreaterThan(150);
    for (const k of ['deliver', 'fire', 'write']) expect(kinds).toContain(k);
  });

  it('a clock guard is a choice: a takeover request to an elector that heard from a leader is both granted and refused', () => {
    const t = target('janus-2+1');
    // Find a state where delivering a message asks the elector's guard.
    let found = false;
    for (let seed = 1; seed <= 40 && !found; seed++) {
      for (const s of walk(t, seed, 30).states) {
        const acts = t.model.actions(s).filter((a) => a.kind === 'deliver' && a.nChoices > 0);
        const byMsg = new Map<number, Set<number>>();
        for (const a of acts) byMsg.set(a.msg!, (byMsg.get(a.msg!) ?? new Set()).add(a.choices));
        if ([...byMsg.values()].some((c) => c.size >= 2)) {
          found = true;
          break;
        }
      }
    }
    expect(found).toBe(true);
  });
});

describe('state identity', () => {
  it('equal states have equal fingerprints and different states different ones (BFS sample)', () => {
    const t = target('janus-3+1');
    const byCanon = new Map<string, string>();
    const byFp = new Map<string, string>();
    const fp = new Int32Array(2);
    let level = [t.model.init()];
    let n = 0;
    while (n < 4000 && level.length) {
      const next: UntimedState[] = [];
      for (const s of level) {
        t.model.successors(s, (_a, x) => {
          const c = t.model.canonical(x);
          t.model.fingerprint(x, fp);
          const f = `${fp[0]},${fp[1]}`;
          const known = byCanon.get(c);
          if (known !== undefined) expect(f).toBe(known);
          else {
            expect(byFp.has(f), 'two different states share a fingerprint').toBe(false);
            byCanon.set(c, f);
            byFp.set(f, c);
            next.push(x);
            n++;
          }
        });
        if (n >= 4000) break;
      }
      level = next;
    }
    expect(byCanon.size).toBeGreaterThanOrEqual(4000);
  });

  it('symmetric states canonicalise to one: D1 or D2 asking first give one state with symmetry, two without', () => {
    for (const sym of [true, false]) {
      const t = target('janus-3+1', sym);
      const s0 = t.model.init();
      const fire = t.model.actions(s0).filter((a) => a.kind === 'fire' && a.timer === 'electionTimeout' && a.choices === 1);
      expect(fire.map((a) => a.node)).toEqual([0, 1, 2]);
      const after = fire.map((a) => t.model.next(s0, a)!);
      const canon = new Set(after.map((s) => t.model.canonical(s)));
      const fps = new Set(
        after.map((s) => {
          const fp = new Int32Array(2);
          t.model.fingerprint(s, fp);
          return `${fp[0]},${fp[1]}`;
        }),
      );
      expect(canon.size).toBe(sym ? 1 : 3);
      expect(fps.size).toBe(sym ? 1 : 3);
    }
  });

  it('symmetry holds deeper: a walk and its mirror (D1 and D2 swapped) reach states with one canonical form', () => {
    const t = target('janus-2+1');
    const swap = (i: number) => (i === 0 ? 1 : i === 1 ? 0 : i);
    for (let seed = 1; seed <= 5; seed++) {
      const { path } = walk(t, seed, 12);
      let s = t.model.init();
      let m = t.model.init();
      for (const a of path) {
        s = t.model.next(s, a)!;
        const target2 = t.model.canonical(s);
        // The mirrored action: same kind at the mirrored node, reaching the mirrored state.
        const cands = t.model.actions(m).filter((b) => b.kind === a.kind && b.node === swap(a.node) && b.choices === a.choices && b.timer === a.timer);
        const hit = cands.map((b) => t.model.next(m, b)!).find((x) => t.model.canonical(x) === target2);
        expect(hit, `seed ${seed}: no mirrored step for ${t.model.describe(s, a)}`).toBeDefined();
        m = hit!;
      }
    }
  });
});
