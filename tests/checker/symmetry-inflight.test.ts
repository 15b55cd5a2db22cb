// Symmetry reduction with a bound on the messages in flight (`--in-flight N`). A send past the
// bound is lost; which sends are lost used to follow the handler's order (a leader sends to its
// peers in slot order), which no renaming respects: a state kept its AppendEntries to S2 and lost
// the one to S3, while its mirror kept the one to S3, so the reduced check explored fewer states
// than the symmetry classes of the space it walked (Raft 3, maxTerm 1, maxLog 1, 2 in flight: 1,955
// states). Now the kernel orders the sends by the canonical renaming's links before the bound cuts
// them (src/kernel/untimed.ts canonicalSendOrder), and the reduced check visits exactly one state
// per class of the full space of the same model.
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/protocols/registry';
import { Checker } from '../../src/checker/check';
import { symmetryClasses } from '../support/symmetry-classes';

describe('symmetry with messages in flight bounded', () => {
  for (const [protocol, bounds] of [
    ['raft-3', { maxTerm: 1, maxLog: 1, maxInFlight: 2 }],
    ['janus-3+1', { maxTerm: 1, maxLog: 0, maxInFlight: 2 }],
  ] as const)
    it(`${protocol} ${JSON.stringify(bounds)}: the reduced check visits exactly one state per symmetry class`, () => {
      const full = symmetryClasses(protocol, bounds, 'symmetric');
      const reduced = new Checker(REGISTRY, { protocol, bounds, symmetry: true }).run();
      expect(reduced.verdict).toBe('ok');
      expect(reduced.states).toBe(full.classes);
      expect(full.states).toBeGreaterThan(4 * full.classes);
    }, 120_000);
});
