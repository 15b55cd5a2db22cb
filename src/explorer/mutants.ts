// Which shape each mutant is hunted in. grow-on-commit can only fail with 3 data nodes
// (with RF 1 the commit index equals the last log index, RULES.md); the others are found
// fastest in the shape named here.
export const MUTANT_SHAPES: Record<string, 'janus-3+1' | 'janus-2+1'> = {
  'elect-any': 'janus-2+1',
  'no-sticky-join': 'janus-2+1',
  'grow-any-term': 'janus-2+1',
  'grow-follower-first': 'janus-3+1',
  'grow-on-commit': 'janus-3+1',
  'old-elector-notices': 'janus-2+1',
  'skip-prev-log-term': 'janus-2+1',
  'commit-on-majority': 'janus-3+1',
  'no-leader-learning': 'janus-3+1',
};

/** The explorer's default budget: how many runs a mutant may take to be caught. */
export const DEFAULT_RUNS = 3000;
