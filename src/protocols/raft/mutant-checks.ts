// Where the exhaustive checker finds each Raft mutant (issue 15; `npm run check:mutants`,
// docs/checking.md "Mutants"): the shape and bounds of the check, the property its shortest
// counterexample breaks and that counterexample's length, recorded from `npm run check` runs.
// `quick` ones finish in a few seconds and run in tests/checker/mutants.test.ts too.
import type { MutantCheck } from '../../contracts/checking';
import type { MutantName } from './config';

export const RAFT_MUTANT_CHECKS: Readonly<Record<MutantName, MutantCheck>> = {
  'forget-vote': {
    shape: 'raft-3',
    bounds: { maxTerm: 1, maxLog: 0, maxInFlight: 3 },
    property: 'LeaderVotedByMajority',
    length: 3,
    quick: true,
    why: 'one election: the vote a server gives is not kept, so the leader holds no recorded majority',
  },
  'quorum-off-by-one': {
    shape: 'raft-3',
    bounds: { maxTerm: 1, maxLog: 0, maxInFlight: 3 },
    property: 'LeaderVotedByMajority',
    length: 1,
    quick: true,
    why: 'one election timeout: a candidate with its own vote alone (1 of 3) leads',
  },
  'volatile-term': {
    shape: 'raft-3',
    bounds: { maxTerm: 1, maxLog: 0, maxCrashes: 1, maxInFlight: 3 },
    property: 'LeaderVotedByMajority',
    length: 6,
    quick: true,
    why: 'one crash and restart that forgets the term and the vote given in it',
  },
  'no-up-to-date-check': {
    shape: 'raft-3',
    bounds: { maxTerm: 2, maxLog: 1, maxInFlight: 3 },
    property: 'LeaderCompleteness',
    length: 11,
    quick: true,
    why: 'a committed entry in term 1, then a leader of term 2 elected without it',
  },
  // Not found within bounds that finish here (property null): the largest checked, and why.
  'commit-old-term': {
    shape: 'raft-3',
    bounds: { maxTerm: 2, maxLog: 1, maxInFlight: 2 },
    property: null,
    length: null,
    quick: false,
    why: 'not found: Figure 8 needs four terms (an old entry committed by the leader of term 3, lost by the leader of term 4); raft-3 at maxTerm 4, maxLog 1, 2 in flight passed 2,724,155 states at depth 17 unfinished in 900 s (no symmetry for Raft yet); complete here without violation',
  },
  'keep-conflicting-suffix': {
    shape: 'raft-3',
    bounds: { maxTerm: 2, maxLog: 1, maxInFlight: 2 },
    property: null,
    length: null,
    quick: false,
    why: 'not found: a follower must hold two entries of an old leader and a later leader must overwrite only the first, which in raft-3 needs three terms and logs of two (maxTerm 2, maxLog 2 passed 795,000 states unfinished); complete here without violation',
  },
};
