import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { explore, shrink, type RunOutcome } from '../explorer/explorer';
import { explorerTools, profileOf } from '../explorer/explorer';
import { exploreMachine, findingAsScenario, parseExploreInput, startSliceLoop, type ExploreActor, type ExploreInput } from './explore';
import { createLabStore } from './lab';
import { REGISTRY } from '../protocols/registry';

/** A fake wall clock: every reading is 1 ms later. */
function fakeClock() {
  let t = 0;
  return () => ++t;
}

/** An actor with its slice loop on a manual scheduler: `pump(n)` runs up to n scheduled slices. */
function harness() {
  const queue: (() => void)[] = [];
  const actor: ExploreActor = createActor(exploreMachine, { input: { registry: REGISTRY } }).start();
  let ticks = 0;
  const stop = startSliceLoop(actor, {
    now: fakeClock(),
    sliceMs: 12,
    schedule: (fn) => {
      const wrapped = () => {
        ticks++;
        fn();
      };
      queue.push(wrapped);
      return () => {
        const i = queue.indexOf(wrapped);
        if (i >= 0) queue.splice(i, 1);
      };
    },
  });
  const pump = (max = 100_000) => {
    let n = 0;
    while (queue.length && n < max) {
      queue.shift()!();
      n++;
    }
    return n;
  };
  return { actor, pump, stop, ticks: () => ticks, pending: () => queue.length };
}

const input = (over: Partial<ExploreInput>): ExploreInput => ({ protocol: 'janus-3+1', mutant: 'none', runs: '20', seed: '1', ...over });
const direct = (protocol: string, runs: number, seed: number, mutant: string | null = null) =>
  explore({ profile: profileOf(protocol)!, runs, seed, mutant }, fakeClock());

describe('exploration input', () => {
  it.each([
    ['-5', /Runs must be a whole number from 1 to 100,000 \(got '-5'\)/],
    ['abc', /Runs must be a whole number.*'abc'/],
    ['', /Runs must be a whole number/],
    ['1.5', /Runs must be a whole number/],
    ['0', /Runs must be a whole number/],
    ['100001', /Runs must be a whole number/],
  ])('refuses runs = %j with a clear message', (runs, msg) => {
    const r = parseExploreInput(input({ runs }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(msg);
  });

  it('refuses a bad seed, protocol or mutant, and accepts good input', () => {
    expect(parseExploreInput(input({ seed: 'x' }))).toMatchObject({ ok: false, error: expect.stringMatching(/Seed must be/) });
    expect(parseExploreInput(input({ seed: '4294967296' }))).toMatchObject({ ok: false });
    expect(parseExploreInput(input({ protocol: 'raft' }))).toMatchObject({ ok: false, error: "Unknown protocol 'raft'." });
    expect(parseExploreInput(input({ mutant: 'nope' }))).toMatchObject({ ok: false, error: "Unknown mutant 'nope' for janus-3+1." });
    expect(parseExploreInput(input({ runs: ' 200 ', seed: '7', mutant: 'commit-on-majority' }))).toEqual({
      ok: true,
      config: { protocol: 'janus-3+1', mutant: 'commit-on-majority', runs: 200, seed: 7 },
    });
  });

  it('bad input starts nothing: the machine stays idle with the message', () => {
    const h = harness();
    h.actor.send({ type: 'START', input: input({ runs: '-5' }) });
    const s = h.actor.getSnapshot();
    expect(s.value).toBe('idle');
    expect(s.context.error).toMatch(/Runs must be/);
    expect(s.context.session).toBeNull();
    expect(h.pending()).toBe(0);
  });
});

describe('exploration machine', () => {
  it('a clean exploration runs in several slices and finishes with the figures of explore()', () => {
    const h = harness();
    h.actor.send({ type: 'START', input: input({ runs: '20' }) });
    expect(h.actor.getSnapshot().value).toBe('running');
    h.pump();
    const s = h.actor.getSnapshot();
    const d = direct('janus-3+1', 20, 1);
    expect(d.firstFailure).toBeNull();
    expect(s.value).toBe('finished');
    expect(s.context.findings).toEqual([]);
    expect(s.context.progress).toMatchObject({ done: 20, runs: 20, events: d.events, violations: 0, livenessFailures: 0 });
    // 12 fake ms per slice, 1 fake ms per run: the 20 runs took at least two slices.
    expect(h.ticks()).toBeGreaterThanOrEqual(2);
    expect(h.pending()).toBe(0);
  });

  it.each([
    ['janus-3+1', 'commit-on-majority', 50],
    ['janus-3+1', 'grow-follower-first', 300],
    ['janus-2+1', 'skip-prev-log-term', 300],
  ] as const)('finds %s with mutant %s at the same run seed as explore(), and shrinks it as shrink() does', (protocol, mutant, runs) => {
    const h = harness();
    h.actor.send({ type: 'START', input: input({ protocol, mutant, runs: String(runs), seed: '1' }) });
    const modes = new Set<string>();
    h.actor.subscribe((s) => modes.add(String(s.value)));
    h.pump();
    const s = h.actor.getSnapshot();
    const d = direct(protocol, runs, 1, mutant);
    expect(d.firstFailure).not.toBeNull();
    expect(s.value).toBe('found');
    expect(modes.has('shrinking')).toBe(true);
    const f = s.context.findings[0]!;
    expect(f.seed).toBe(d.firstFailure!.seed);
    expect(f.run).toBe(d.runs);
    expect(f.property).toBe(d.firstFailure!.outcome.failure!.property);
    expect(f.kind).toBe(d.firstFailure!.outcome.failure!.kind);
    expect(s.context.progress).toMatchObject({ violations: d.violations, livenessFailures: d.livenessFailures });
    expect(d.violations + d.livenessFailures).toBe(1);
    const cli = shrink(profileOf(protocol)!, d.firstFailure!.outcome); // as scripts/explore.ts
    expect(f.shrunk).toEqual(cli.actions);
    expect(f.shrunkActions).toBe(cli.outcome.applied.filter((p) => p.phase !== 'write').length);
    expect(s.context.progress!.shrinkTrials).toBe(cli.trials);
    expect(f.shrunkActions!).toBeLessThan(f.actions);
  });

  it('explores the published spec to the end and lists its findings by kind, as the CLI does', () => {
    const h = harness();
    h.actor.send({ type: 'START', input: input({ protocol: 'janus-published', runs: '200', seed: '1' }) });
    h.pump();
    const s = h.actor.getSnapshot();
    const profile = profileOf('janus-published')!;
    // What scripts/explore.ts runs for a protocol whose profile classifies its failures.
    const d = explore({ profile, runs: 200, seed: 1, keepGoing: true }, fakeClock());
    expect(s.value).toBe('found');
    expect(s.context.progress).toMatchObject({ done: 200, events: d.events, violations: d.violations, livenessFailures: d.livenessFailures });
    const kinds = Object.entries(d.findings);
    expect(kinds.length).toBeGreaterThan(1);
    expect(s.context.findings.map((f) => [f.classification, f.seed, f.count])).toEqual(kinds.map(([id, f]) => [id, f.seed, f.count]));
    expect(s.context.findings[0]!.seed).toBe(d.firstFailure!.seed);
    for (const f of s.context.findings) {
      const id = f.classification!;
      expect(f.classificationText).toBe(profile.findingText![id]);
      const cli = shrink(profile, d.findings[id]!.outcome, 300, (o: RunOutcome) => profile.classify!(o, explorerTools()) === id);
      expect(f.shrunk).toEqual(cli.actions);
      expect(profile.classify!(f.outcome, explorerTools())).toBe(id);
    }
    expect(s.context.progress!.shrinkTrials).toBe(
      kinds.reduce((n, [id, f]) => n + shrink(profile, f.outcome, 300, (o: RunOutcome) => profile.classify!(o, explorerTools()) === id).trials, 0),
    );
  });

  it('pause stops the slices, resume goes on to the same result, cancel clears', () => {
    const h = harness();
    h.actor.send({ type: 'START', input: input({ runs: '40', seed: '3' }) });
    h.pump(1);
    const done1 = h.actor.getSnapshot().context.progress!.done;
    expect(done1).toBeGreaterThan(0);
    expect(done1).toBeLessThan(40);
    h.actor.send({ type: 'PAUSE' });
    expect(h.actor.getSnapshot().value).toBe('paused');
    expect(h.pending()).toBe(0);
    h.pump();
    expect(h.actor.getSnapshot().context.progress!.done).toBe(done1);
    h.actor.send({ type: 'RESUME' });
    expect(h.actor.getSnapshot().value).toBe('running');
    h.pump();
    const s = h.actor.getSnapshot();
    expect(s.value).toBe('finished');
    expect(s.context.progress!.events).toBe(direct('janus-3+1', 40, 3).events);

    h.actor.send({ type: 'START', input: input({ runs: '40', seed: '3' }) });
    h.pump(1);
    h.actor.send({ type: 'CANCEL' });
    expect(h.actor.getSnapshot().value).toBe('idle');
    expect(h.actor.getSnapshot().context.progress).toBeNull();
    expect(h.pending()).toBe(0);
    h.stop();
  });

  it('the shrunk finding opens in the lab with the property violated', () => {
    const h = harness();
    h.actor.send({ type: 'START', input: input({ mutant: 'commit-on-majority', runs: '50' }) });
    h.pump();
    const f = h.actor.getSnapshot().context.findings[0]!;
    const { scenario } = findingAsScenario(f);
    const store = createLabStore(REGISTRY);
    store.getState().loadScenario(scenario);
    const lab = store.getState();
    expect(lab.spec).toMatchObject({ protocol: 'janus-3+1', mutant: 'commit-on-majority', seed: f.seed });
    expect(lab.violations.map((x) => x.property)).toContain(f.property);
    expect(lab.properties.find((p) => p.name === f.property)?.violation?.event).toBe(lab.violations[0]!.event);
    expect(lab.events).toBe(lab.violations[0]!.event + 1);
    store.dispose();
  });
});
