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
  'commit-old-term': {
    shape: 'raft-3',
    bounds: { maxTerm: 4, maxLog: 1, maxWrites: 2, maxInFlight: 1 },
    property: 'LeaderCompleteness',
    length: 25,
    quick: true,
    why: 'Figure 8 in four terms: S1 writes w1, S2 writes w2 in a later term, S1 leads term 3 and commits w1 by counting replicas, S2 (its last entry of a later term than w1) wins term 4 without it; one message in flight (an election needs one vote of two, a replication one message) keeps the four terms to 159,967 states',
  },
  'keep-conflicting-suffix': {
    shape: 'raft-3',
    bounds: { maxTerm: 4, maxLog: 2, maxWrites: 3, maxInFlight: 1 },
    property: 'LogMatching',
    length: 29,
    quick: false,
    why: 'four elections and three writes: S1 writes w1, w2 in term 1 and later sends both to S3; S2 writes w3 in a later term and, leading term 4, sends S1 only entry 1, which S1 overwrites in place keeping w2 after it (S1 and S3 then hold w2 at index 2 over different entries 1); one message in flight keeps it to 724,384 states, about 12 CPU s, so not quick',
  },
};
