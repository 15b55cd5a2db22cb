// Counterexamples whose timed replay used to part from the checker's path (docs/checking.md
// "Counterexamples in the lab"): each now replays faithfully, and its link opens in the lab with
// the property violated and the author's trace hash.
// * rejoin-no-fence, blank-reports (Janus 2+1): the blank node's incarnation is drawn at random in
//   the timed run and is 1 untimed, so its rejoin request was not found in flight (parted at the
//   delivery of that TermRequest);
// * the published P3: D1's election timeout needs electionTimeoutMin (1500 ms) of leader silence,
//   then the elector must answer "not yet" to electorLeaderTimeout (1000 ms) with nothing heard in
//   between: no timing of the default settings gives both; with electionTimeoutMin 750 one does
//   (and the leader's periodic replicaTimeout check, due meanwhile, changes nothing).
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker } from '../../src/checker/check';
import { counterexampleLink } from '../../src/checker/link';
import { timedCounterexample } from '../../src/checker/replay';
import { openLink } from '../../src/scenario';
import type { CheckBounds } from '../../src/contracts';

const CASES: { name: string; protocol: string; mutant: string | null; bounds: Partial<CheckBounds>; property: string; length: number; retimed: Record<string, number> | null; draws: boolean }[] = [
  { name: 'rejoin-no-fence', protocol: 'janus-2+1', mutant: 'rejoin-no-fence', bounds: { maxTerm: 1, maxLog: 0, maxCrashes: 1, maxWipes: 1, maxInFlight: 3 }, property: 'ReplicationFactorSafety', length: 3, retimed: null, draws: true },
  { name: 'blank-reports', protocol: 'janus-2+1', mutant: 'blank-reports', bounds: { maxTerm: 2, maxLog: 0, maxCrashes: 1, maxWipes: 1, maxOperators: 1, maxInFlight: 2 }, property: 'ReplicationFactorSafety', length: 13, retimed: null, draws: true },
  { name: 'the published P3', protocol: 'janus-published', mutant: null, bounds: { maxTerm: 2, maxLog: 1, maxCrashes: 1, maxWipes: 1, maxInFlight: 2 }, property: 'LeaderCompleteness', length: 16, retimed: { electionTimeoutMin: 750 }, draws: false },
];

describe('faithful replays of counterexamples that used to part', () => {
  for (const c of CASES)
    it(`${c.name}: ${c.property} in ${c.length} steps, replayed faithfully; the link opens with it violated`, async () => {
      const checker = new Checker(REGISTRY, { protocol: c.protocol, mutant: c.mutant, bounds: c.bounds });
      const p = checker.run();
      expect(p.verdict).toBe('violation');
      const f = p.finding!;
      expect([f.property, f.depth]).toEqual([c.property, c.length]);
      // Under the checked timing with the first seed, as before: parted (P3) or faithful only by reading the draws.
      const plain = timedCounterexample(REGISTRY, checker.target, f.path, 1);
      if (c.retimed) expect(plain.faithful).toBe(false);
      else expect(plain.draws.length > 0).toBe(c.draws);
      const link = await counterexampleLink(REGISTRY, checker.target, f, 'http://127.0.0.1:5173/');
      expect(link.timed.faithful).toBe(true);
      expect(link.timed.partedAt).toBeNull();
      expect(link.timed.violated).toBe(c.property);
      expect(link.timed.retimed).toEqual(c.retimed);
      expect(link.timed.draws.length > 0).toBe(c.draws);
      expect(link.timed.actions.length).toBe(c.length);
      if (c.retimed) for (const [k, v] of Object.entries(c.retimed)) expect(link.timed.spec.timing?.[k]).toBe(v);
      const opened = await openLink(link.url);
      expect(opened.ok).toBe(true);
      if (!opened.ok) return;
      expect(opened.partial).toBe(false);
      expect(opened.traceHash).toBe(link.traceHash);
      expect(opened.timeline.sim.violations.map((v) => v.property)).toContain(c.property);
    }, 120_000);
});
