// Gallery scenarios for the published spec's findings, written in the script language
// (docs/script-format.md) and built by src/scenario/gallery.ts: P1, P2, P3, the InitWorkload
// deadlock and the dead end as the explorer found and shrank them (master seed 1, see findings.ts;
// each `run` moves to the next planned action's time, the comment gives that time), and F1 driven
// by hand, message by message. Each comes with what goes wrong, how PROTOCOL.md avoids it, and the
// same faults under our design (janus-2+1): the finding's script with the spec-only actions mapped
// by toOurDesign, the messages left to our design's timers, then 6 s to settle
// (tests/published/gallery.test.ts checks each twin against its finding's script).

import type { Action } from '../../kernel/types';
import { story, type GalleryEntry, type GalleryView as View } from '../../contracts/gallery';
import type { RunSpec } from '../../contracts/spec';

export interface PublishedFinding {
  /** The finding's name in RULES.md / the issue. */
  finding: 'P1' | 'P2' | 'P3' | 'InitWorkload deadlock' | 'dead end' | 'F1';
  /** The explorer run that found it (npm run explore -- --protocol janus-published --replay-seed N), or null. */
  seed: number | null;
  /** How PROTOCOL.md avoids it, in two sentences. */
  avoidedBy: string;
  entry: GalleryEntry;
  /** The same faults under our design (janus-2+1), with the spec-only actions mapped or left out. */
  ourDesign: GalleryEntry;
}

/**
 * The same actions for our design: the published spec's operator actions do not exist there.
 * HardReset becomes a crash with the disk lost and a restart; an elector that lost its disk is
 * then replaced by the operator (PROTOCOL.md §9); the spec's spontaneous sends and its free choice
 * are left to our design's own timers.
 */
export function toOurDesign(actions: readonly Action[]): Action[] {
  const out: Action[] = [];
  for (const a of actions) {
    if (a.type === 'operator') {
      if (a.name === 'HardReset' && a.node) {
        out.push({ type: 'crash', node: a.node, wipe: true }, { type: 'restart', node: a.node });
        if (a.node === 'E') out.push({ type: 'operator', name: 'replaceElector' });
      } else if (a.name === 'Restart' && a.node) out.push({ type: 'crash', node: a.node }, { type: 'restart', node: a.node });
      continue;
    }
    if (a.type === 'deliver' || a.type === 'drop' || a.type === 'duplicate' || a.type === 'fire') continue; // message ids and timers differ
    out.push(a);
    if (a.type === 'restart' && a.node === 'E' && actions.some((b) => b.type === 'crash' && b.node === 'E' && b.wipe)) out.push({ type: 'operator', name: 'replaceElector' });
  }
  return out;
}

/** What the twin under our design shows by default: it stays safe and a data node leads. */
const TWIN_CLAIMS: GalleryEntry['claims'] = [
  { text: 'every safety property holds', holds: (v: View) => v.violations().length === 0 },
  { text: 'a data node leads', holds: (v: View) => v.leaders().length === 1 },
];

function ourDesignEntry(id: string, title: string, spec: RunSpec, twin: string, text: string, claims: GalleryEntry['claims'] = TWIN_CLAIMS): GalleryEntry {
  return {
    id: `${id}-our-design`,
    title: `${title} — under our design`,
    text,
    spec: { protocol: 'janus-2+1', seed: spec.seed, link: spec.link },
    script: twin,
    claims,
    twinOf: id,
    twinLabel: 'The same faults under our design (janus-2+1) →',
  };
}

const num = (x: unknown): number => (typeof x === 'number' ? x : NaN);

// ---------------------------------------------------------------- P1

const P1_SPEC: RunSpec = {
  protocol: 'janus-published',
  seed: 1523949566,
  link: { latencyMin: 2, latencyJitter: 6, tailProb: 0.047 },
  timing: { electionTimeoutMin: 432, electionTimeoutMax: 553, replicaTimeout: 132, catchUpCheck: 1007, electorLeaderTimeout: 491 },
};
const P1_SCRIPT = story`
  run 1158.158
  write D1
  run 69.885
  # now at 1228.043 ms
  crash D2
  run 1556.907
  # now at 2784.95 ms
  crash D1
  run 150.05
  # now at 2935 ms
  heal-all
  run-until violated=NotStuckWithoutLeader max 12000
  land
`;
/** The same faults under our design. */
const P1_TWIN = story`
  run 1158.158
  write D1
  run 69.885
  crash D2
  run 1556.907
  crash D1
  run 150.05
  heal-all
  run 6000
  land
`;
const P1_TEXT =
  'D2 leads term 1 with RF 2 and crashes. D1 takes over: the elector grants it term 2 with RF 1. Then D1, the RF 1 leader, crashes too, and both restart. ' +
  'Both ask the elector to take over (SwitchToRF1Leader), but its guard "RF = 2" (the spec\'s TODO) refuses every takeover while it records RF 1, even from D1, the RF 1 leader itself. ' +
  'A candidate never retries: no node can ever lead again (NotStuckWithoutLeader).';

// ---------------------------------------------------------------- P2

const P2_SPEC: RunSpec = {
  protocol: 'janus-published',
  seed: 2143953713,
  link: { latencyMin: 5, latencyJitter: 4, tailProb: 0.014 },
  timing: { electionTimeoutMin: 427, electionTimeoutMax: 904, replicaTimeout: 136, catchUpCheck: 1159, electorLeaderTimeout: 490 },
};
const P2_SCRIPT = story`
  run 1587.194
  write D1
  run 14.626
  # now at 1601.82 ms
  write D1
  run 5.897
  # now at 1607.717 ms
  operator LeaderSendSwitchToRF1 D2
  run 373.489
  # now at 1981.206 ms
  write D2
  run 890.523
  # now at 2871.729 ms
  crash E wipe
  run 14.003
  # now at 2885.732 ms
  restart E
  run 138.089
  # now at 3023.821 ms
  write D2
  run-until violated=LeaderSafety max 3000
  land
`;
/** The same faults under our design. */
const P2_TWIN = story`
  run 1587.194
  write D1
  run 14.626
  write D1
  run 5.897
  # LeaderSendSwitchToRF1 is the spec's own step: left to our design's timers.
  run 373.489
  write D2
  run 890.523
  crash E wipe
  run 14.003
  restart E
  run 138.089
  write D2
  run 6000
  land
`;
const P2_TEXT =
  'The elector loses its disk and comes back at term 0. The next message from a leader that is not the newest one teaches it an older term again, with that leader and RF 2, ' +
  'and the elector grants the following term a second time: D1 and D2 both lead the same term (LeaderSafety). The published fix, "answer no switch request at term 0", ' +
  'stops working as soon as any stale message raises the wiped elector\'s term.';

// ---------------------------------------------------------------- InitWorkload deadlock

const DL_SPEC: RunSpec = {
  protocol: 'janus-published',
  seed: 2249351941,
  link: { latencyMin: 6, latencyJitter: 24, tailProb: 0.06 },
  timing: { electionTimeoutMin: 531, electionTimeoutMax: 758, replicaTimeout: 377, catchUpCheck: 367, electorLeaderTimeout: 522 },
};
const DL_SCRIPT = story`
  link D1 D2 loss=0.22 dup=0
  link D2 D1 loss=0.22 dup=0
  run-until violated=NotStuckWithoutLeader max 12000
  land
`;
/** The same faults under our design. */
const DL_TWIN = story`
  # A story with no time in it: let our design's first election happen first.
  run 1000
  link D1 D2 loss=0.22 dup=0
  run 50
  link D2 D1 loss=0.22 dup=0
  run 50
  run 6000
  land
`;
const DL_TEXT =
  'The first election is InitWorkload, between the data nodes only. With 22 % loss between them, D2\'s InitWorkload is lost, and so is D2\'s answer to D1\'s. ' +
  'Each sender became a candidate; nothing resends InitWorkload, and a candidate never falls back to follower. Both stay candidates at term 0 for good (TLC: a deadlock).';

// ---------------------------------------------------------------- P3

const P3_SPEC: RunSpec = {
  protocol: 'janus-published',
  seed: 2898701046,
  link: { latencyMin: 10, latencyJitter: 8, tailProb: 0.035 },
  timing: { electionTimeoutMin: 761, electionTimeoutMax: 917, replicaTimeout: 553, catchUpCheck: 1347, electorLeaderTimeout: 398 },
};
const P3_SCRIPT = story`
  run 2023.232
  write D2
  run 73.546
  # now at 2096.778 ms
  crash D2 wipe
  run 90
  # now at 2186.778 ms
  restart D2
  run 365.264
  # now at 2552.042 ms
  operator HardReset D1
  run-until violated=LeaderCompletenessRaft max 6000
  land
`;
/** The same faults under our design. */
const P3_TWIN = story`
  run 2023.232
  write D2
  run 73.546
  crash D2 wipe
  run 90
  restart D2
  run 365.264
  # HardReset: the disk is lost and the node restarts.
  crash D1 wipe
  restart D1
  run 6000
  land
`;
const P3_TEXT =
  'D2 leads and commits a write with RF 2, then loses its disk; D1, which holds the entry, loses its disk too (the spec\'s HardReset). ' +
  'The elector keeps only a committed index that lags the leader\'s, and the spec has no rule that a wiped node must not lead: D2 is elected with an empty log, ' +
  'and the committed entry is gone (LeaderCompleteness, Raft\'s form).';

// ---------------------------------------------------------------- dead end

const DE_SPEC: RunSpec = {
  protocol: 'janus-published',
  seed: 1536264052,
  link: { latencyMin: 7, latencyJitter: 9, tailProb: 0.076 },
  timing: { electionTimeoutMin: 398, electionTimeoutMax: 955, replicaTimeout: 245, catchUpCheck: 1489, electorLeaderTimeout: 381 },
};
const DE_SCRIPT = story`
  run 1004.048
  crash D2
  run 1996.952
  # now at 3001 ms
  heal-all
  run-until violated=NotStuckWithoutLeader max 12000
  land
`;
/** The same faults under our design. */
const DE_TWIN = story`
  run 1004.048
  crash D2
  run 1996.952
  heal-all
  run 6000
  land
`;
const DE_TEXT =
  'D2 leads term 1, won by InitWorkload between the data nodes, and crashes before any write: the elector never heard of term 1 (only AppendEntries tell it). ' +
  'D1 asks it to take over, but an elector at term 0 answers no switch request (the published fix for P2). When D2 restarts, both data nodes are candidates, ' +
  'nothing resends, and no leader can ever emerge: one crash of the first leader, and the cluster is stuck.';

// ---------------------------------------------------------------- F1, by hand

/**
 * The F1 story of tests/published/lc.test.ts: nothing moves on its own (no `run`), every message
 * is delivered or dropped by hand, chosen by type and receiver.
 */
const F1_SPEC: RunSpec = {
  protocol: 'janus-published',
  seed: 7,
  link: { loss: 0, dup: 0 },
};
const F1_SCRIPT = story`
  operator FollowerSendInitWorkload D2
  deliver type=InitWorkload *->D1
  deliver "type=InitWorkload Resp" *->D2
  write D2 e
  # D1 never gets entry (1,1); the elector does.
  drop "type=AppendEntries RF2" *->D1
  deliver "type=AppendEntries RF2" *->E
  operator FollowerSendSwitchToRF1Leader D1
  operator ElectorChooseOk E ok=true
  deliver type=SwitchToRF1Leader *->E
  deliver "type=SwitchToRF1Leader Resp" *->D1
  # The elector loses its disk (P2) and grants term 2 again, to D2.
  operator HardReset E
  write D2 f
  deliver "type=AppendEntries RF2" *->E
  operator LeaderSendSwitchToRF1 D2
  deliver type=SwitchToRF1 *->E
  deliver "type=SwitchToRF1 Resp" *->D2
  write D2 g
  deliver "type=AppendEntries RF1" *->E
  deliver "type=AppendEntries RF1 Resp" *->D2
  land
`;
/** The same faults under our design. */
const F1_TWIN = story`
  # Stepped by hand, F1 happens at time 0: let our design's first election happen first, and
  # space the faults so that each lands on a running cluster. Messages are left to the timers.
  run 1000
  write D2 e
  run 50
  # HardReset of the elector: its disk is lost, it restarts, and the operator replaces it (§9).
  crash E wipe
  run 50
  restart E
  run 50
  operator replaceElector
  run 50
  write D2 f
  run 50
  write D2 g
  run 50
  run 6000
  land
`;

const F1_TEXT =
  'Step by hand, nothing moves on its own. D1 takes over term 2 without entry (1,1); the elector loses its disk and grants term 2 again, to D2 (P2). ' +
  'D2 commits (1,1) in term 2 through the elector. The spec\'s Leader Completeness fails: D1 leads term 2 > 1, the entry\'s term, without it. ' +
  'Raft\'s form holds: the entry was committed in term 2, not before D1\'s term. F1 never showed up on its own, only after P2.';

let cache: PublishedFinding[] | null = null;

export function publishedFindings(): PublishedFinding[] {
  if (cache) return cache;
  const mk = (
    finding: PublishedFinding['finding'],
    id: string,
    title: string,
    seed: number | null,
    spec: RunSpec,
    script: string,
    twin: string,
    text: string,
    claims: GalleryEntry['claims'],
    avoidedBy: string,
    twinClaims?: GalleryEntry['claims'],
  ): PublishedFinding => {
    const entry: GalleryEntry = { id, title, text: `${text} ${avoidedBy}`, spec, script, claims };
    return { finding, seed, avoidedBy, entry, ourDesign: ourDesignEntry(id, title, spec, twin, `The same faults under our design. ${avoidedBy}`, twinClaims) };
  };
  const stuck = (v: View) => v.violations().includes('NotStuckWithoutLeader');
  cache = [
    mk(
      'P1',
      'published-p1',
      'Published spec P1: the RF 1 leader restarts, and no node can lead again',
      P1_SPEC.seed,
      P1_SPEC,
      P1_SCRIPT,
      P1_TWIN,
      P1_TEXT,
      [
        { text: 'the elector records RF 1', holds: (v) => v.s('E').rf === 1 },
        { text: 'both data nodes are candidates', holds: (v) => v.s('D1').role === 'candidate' && v.s('D2').role === 'candidate' },
        { text: 'NotStuckWithoutLeader is reported', holds: stuck },
      ],
      'PROTOCOL.md §4.3 grants a takeover to any member of the elector\'s R proposing a subset of R: the RF 1 leader is R = {itself}, so after a restart it is granted a new term.',
    ),
    mk(
      'P2',
      'published-p2',
      'Published spec P2: the elector loses its disk, and a term gets two leaders',
      P2_SPEC.seed,
      P2_SPEC,
      P2_SCRIPT,
      P2_TWIN,
      P2_TEXT,
      [
        { text: 'D1 and D2 both lead the same term', holds: (v) => v.s('D1').role === 'leader' && v.s('D2').role === 'leader' && num(v.s('D1').term) === num(v.s('D2').term) },
        { text: 'LeaderSafety is violated', holds: (v) => v.violations().includes('LeaderSafety') },
      ],
      'PROTOCOL.md §9 replaces an elector that lost its disk under a new epoch, installed at the highest term the data nodes report, and data nodes ignore every message of another epoch (RULES.md F3).',
    ),
    mk(
      'InitWorkload deadlock',
      'published-initworkload-deadlock',
      'Published spec: the first election deadlocks when InitWorkload messages are lost',
      DL_SPEC.seed,
      DL_SPEC,
      DL_SCRIPT,
      DL_TWIN,
      DL_TEXT,
      [
        { text: 'both data nodes are candidates at term 0', holds: (v) => v.dataNodes.every((d) => v.s(d).role === 'candidate' && v.s(d).term === 0) },
        { text: 'NotStuckWithoutLeader is reported', holds: stuck },
      ],
      'In PROTOCOL.md the elector grants every term, the first one included, and an unanswered TermRequest is sent again after termRequestRetry (§5), so lost messages only delay the first election.',
    ),
    mk(
      'P3',
      'published-p3',
      'Published spec P3: both data nodes lose their disks, and a node without the committed entry leads',
      P3_SPEC.seed,
      P3_SPEC,
      P3_SCRIPT,
      P3_TWIN,
      P3_TEXT,
      [{ text: "Raft's Leader Completeness is violated", holds: (v) => v.violations().includes('LeaderCompletenessRaft') }],
      'Our design avoids it with the rejoin procedure (REJOIN.md, docs/protocol.md §14): a data node that boots without its bootstrap marker is blank, never leads or acks, and asks the elector to evict it; the new term without it is its fence. ' +
        'In the twin, D2 is evicted (R = {D1}) and caught up outside R; then D1, the last member of R, loses its disk too, and the elector refuses to evict it: the cluster stays down rather than lead without the committed entry (the elector cannot know that D2 has it).',
      [
        { text: 'every safety property holds', holds: (v: View) => v.violations().length === 0 },
        { text: 'no data node leads: the cluster stays down', holds: (v: View) => v.leaders().length === 0 },
        { text: "D1 is blank and the last member of the elector's R", holds: (v: View) => v.s('D1').blank === true && v.s('E').replicationSet === '{D1}' },
        { text: 'D2 holds the committed entry, outside R', holds: (v: View) => v.s('D2').blank === false && num(v.s('D2').logLength) === 1 },
      ],
    ),
    mk(
      'dead end',
      'published-dead-end',
      'Published spec: one crash of the first leader, and no leader can ever emerge',
      DE_SPEC.seed,
      DE_SPEC,
      DE_SCRIPT,
      DE_TWIN,
      DE_TEXT,
      [
        { text: 'the elector is still at term 0', holds: (v) => v.s('E').term === 0 },
        { text: 'NotStuckWithoutLeader is reported', holds: stuck },
      ],
      'In PROTOCOL.md every term, the first included, is granted by the elector (§4.3), so the elector always knows the current term and its leader, and a follower of R can take over.',
    ),
    mk(
      'F1',
      'published-f1',
      'Published spec F1: the spec\'s Leader Completeness formula is too strong',
      null,
      F1_SPEC,
      F1_SCRIPT,
      F1_TWIN,
      F1_TEXT,
      [
        { text: "the spec's LeaderCompleteness is violated", holds: (v) => v.violations().includes('LeaderCompleteness') },
        { text: "Raft's form (LeaderCompletenessRaft) holds", holds: (v) => !v.violations().includes('LeaderCompletenessRaft') },
        { text: 'LeaderSafety was broken first (P2)', holds: (v) => v.violations()[0] === 'LeaderSafety' },
      ],
      'Our checker uses Raft\'s form (an entry committed in term T is in every leader of a term above T), recording the term each index was committed in (RULES.md F1).',
    ),
  ];
  return cache;
}

/** The findings and their our-design twins, as gallery entries. Ids: `published-p1`, `published-p1-our-design`, … */
export function publishedGallery(): GalleryEntry[] {
  return publishedFindings().flatMap((x) => [x.entry, x.ourDesign]);
}
