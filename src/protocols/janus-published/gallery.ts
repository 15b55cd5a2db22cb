// Gallery scenarios for the published spec's findings, in the gallery's script format
// (src/scenario/gallery.ts): P1, P2 and the InitWorkload deadlock as the explorer found and shrank
// them (master seed 1, see findings.ts), and F1 driven by hand. Each comes with what goes wrong,
// how PROTOCOL.md avoids it, and the same faults under our design (janus-2+1).

import type { Action } from '../../kernel/types';
import type { GalleryEntry, GalleryStep, GalleryView as View } from '../../contracts/gallery';
import type { RunSpec } from '../../contracts/spec';
import { PUBLISHED_SHAPE, pubSimulation } from './run';
import type { PubMessage } from './messages';

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

type Timed = [number, Action];

/** Act at absolute virtual times (the explorer's PlannedAction times). */
function timedSteps(actions: Timed[]): GalleryStep[] {
  const out: GalleryStep[] = [];
  let now = 0;
  for (const [t, a] of actions) {
    if (t > now) out.push({ advance: Math.round((t - now) * 1000) / 1000 });
    now = Math.max(now, t);
    out.push({ act: a });
  }
  return out;
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

function ourDesignEntry(id: string, title: string, seed: number, link: RunSpec['link'], steps: GalleryStep[], text: string, claims: GalleryEntry['claims'] = TWIN_CLAIMS): GalleryEntry {
  const mapped: GalleryStep[] = [];
  // A story stepped by hand happens at time 0, before our design has elected anyone: let the
  // first election happen, and space the faults so that each one lands on a running cluster.
  const byHand = !steps.some((s) => 'advance' in s);
  if (byHand) mapped.push({ advance: 1000 });
  for (const s of steps) {
    if ('act' in s) for (const a of toOurDesign([s.act])) mapped.push({ act: a }, ...(byHand ? [{ advance: 50 }] : []));
    else if ('advance' in s) mapped.push(s);
  }
  return {
    id: `${id}-our-design`,
    title: `${title} — under our design`,
    text,
    spec: { protocol: 'janus-2+1', seed, link },
    steps: [...mapped, { advance: 6000 }, { land: true }],
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
const P1_ACTIONS: Timed[] = [
  [1158.158, { type: 'write', node: 'D1' }],
  [1228.043, { type: 'crash', node: 'D2' }],
  [2784.95, { type: 'crash', node: 'D1' }],
  [2935, { type: 'healAll' }],
];
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
const P2_ACTIONS: Timed[] = [
  [1587.194, { type: 'write', node: 'D1' }],
  [1601.82, { type: 'write', node: 'D1' }],
  [1607.717, { type: 'operator', name: 'LeaderSendSwitchToRF1', node: 'D2' }],
  [1981.206, { type: 'write', node: 'D2' }],
  [2871.729, { type: 'crash', node: 'E', wipe: true }],
  [2885.732, { type: 'restart', node: 'E' }],
  [3023.821, { type: 'write', node: 'D2' }],
];
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
const DL_ACTIONS: Timed[] = [
  [0, { type: 'link', from: 'D1', to: 'D2', params: { loss: 0.22, dup: 0 } }],
  [0, { type: 'link', from: 'D2', to: 'D1', params: { loss: 0.22, dup: 0 } }],
];
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
const P3_ACTIONS: Timed[] = [
  [2023.232, { type: 'write', node: 'D2' }],
  [2096.778, { type: 'crash', node: 'D2', wipe: true }],
  [2186.778, { type: 'restart', node: 'D2' }],
  [2552.042, { type: 'operator', name: 'HardReset', node: 'D1' }],
];
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
const DE_ACTIONS: Timed[] = [
  [1004.048, { type: 'crash', node: 'D2' }],
  [3001, { type: 'healAll' }],
];
const DE_TEXT =
  'D2 leads term 1, won by InitWorkload between the data nodes, and crashes before any write: the elector never heard of term 1 (only AppendEntries tell it). ' +
  'D1 asks it to take over, but an elector at term 0 answers no switch request (the published fix for P2). When D2 restarts, both data nodes are candidates, ' +
  'nothing resends, and no leader can ever emerge: one crash of the first leader, and the cluster is stuck.';

// ---------------------------------------------------------------- F1, by hand

/** The F1 story of tests/published/lc.test.ts as actions (message ids resolved by running it). */
export function f1Actions(): Action[] {
  const sim = pubSimulation({ protocol: PUBLISHED_SHAPE, seed: 7, link: { loss: 0, dup: 0 } }, { trace: 'off', monitors: false });
  const out: Action[] = [];
  const act = (a: Action) => {
    sim.apply(a);
    out.push(a);
  };
  const msg = (type: PubMessage['type'], to: string) => {
    const env = sim.messages().find((e) => (e.msg as PubMessage).type === type && e.to === to);
    if (!env) throw new Error(`F1 script: no ${type} to ${to}`);
    return env.id;
  };
  const deliver = (type: PubMessage['type'], to: string) => act({ type: 'deliver', msg: msg(type, to) });
  act({ type: 'operator', name: 'FollowerSendInitWorkload', node: 'D2' });
  deliver('InitWorkload', 'D1');
  deliver('InitWorkload Resp', 'D2');
  act({ type: 'write', node: 'D2', command: 'e' });
  act({ type: 'drop', msg: msg('AppendEntries RF2', 'D1') });
  deliver('AppendEntries RF2', 'E');
  act({ type: 'operator', name: 'FollowerSendSwitchToRF1Leader', node: 'D1' });
  act({ type: 'operator', name: 'ElectorChooseOk', node: 'E', args: { ok: true } });
  deliver('SwitchToRF1Leader', 'E');
  deliver('SwitchToRF1Leader Resp', 'D1');
  act({ type: 'operator', name: 'HardReset', node: 'E' });
  act({ type: 'write', node: 'D2', command: 'f' });
  deliver('AppendEntries RF2', 'E');
  act({ type: 'operator', name: 'LeaderSendSwitchToRF1', node: 'D2' });
  deliver('SwitchToRF1', 'E');
  deliver('SwitchToRF1 Resp', 'D2');
  act({ type: 'write', node: 'D2', command: 'g' });
  deliver('AppendEntries RF1', 'E');
  deliver('AppendEntries RF1 Resp', 'D2');
  return out;
}

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
    steps: GalleryStep[],
    until: { cond: (v: View) => boolean; max: number; what: string } | null,
    text: string,
    claims: GalleryEntry['claims'],
    avoidedBy: string,
    twinClaims?: GalleryEntry['claims'],
  ): PublishedFinding => {
    const all: GalleryStep[] = [...steps];
    if (until) all.push({ until: until.cond, max: until.max, what: until.what });
    all.push({ land: true });
    const entry: GalleryEntry = { id, title, text: `${text} ${avoidedBy}`, spec, steps: all, claims };
    return { finding, seed, avoidedBy, entry, ourDesign: ourDesignEntry(id, title, spec.seed, spec.link, steps, `The same faults under our design. ${avoidedBy}`, twinClaims) };
  };
  const stuck = (v: View) => v.violations().includes('NotStuckWithoutLeader');
  cache = [
    mk(
      'P1',
      'published-p1',
      'Published spec P1: the RF 1 leader restarts, and no node can lead again',
      P1_SPEC.seed,
      P1_SPEC,
      timedSteps(P1_ACTIONS),
      { cond: stuck, max: 12000, what: 'NotStuckWithoutLeader is reported' },
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
      timedSteps(P2_ACTIONS),
      { cond: (v) => v.violations().includes('LeaderSafety'), max: 3000, what: 'LeaderSafety breaks' },
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
      timedSteps(DL_ACTIONS),
      { cond: stuck, max: 12000, what: 'NotStuckWithoutLeader is reported' },
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
      timedSteps(P3_ACTIONS),
      { cond: (v) => v.violations().includes('LeaderCompletenessRaft'), max: 6000, what: 'LeaderCompletenessRaft breaks' },
      P3_TEXT,
      [{ text: "Raft's Leader Completeness is violated", holds: (v) => v.violations().includes('LeaderCompletenessRaft') }],
      'Our design does not avoid this one. Its elector grants terms only to members of R, which hold every committed entry (§6.1), but that assumes a data node keeps its disk (§8): ' +
        'a data node that loses its disk is still in R with an empty log, and the twin under our design loses the entry too. Neither design has a rejoin procedure for a wiped data node (docs/protocol.md §13).',
      [
        { text: 'our design loses the committed entry too: LeaderCompleteness is violated', holds: (v: View) => v.violations().includes('LeaderCompleteness') },
        { text: 'the monitor flagged the disk loss itself: a member of R lost a committed entry', holds: (v: View) => v.violations().includes('CommittedOnReplicationSet') },
      ],
    ),
    mk(
      'dead end',
      'published-dead-end',
      'Published spec: one crash of the first leader, and no leader can ever emerge',
      DE_SPEC.seed,
      DE_SPEC,
      timedSteps(DE_ACTIONS),
      { cond: stuck, max: 12000, what: 'NotStuckWithoutLeader is reported' },
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
      { protocol: 'janus-published', seed: 7, link: { loss: 0, dup: 0 } },
      f1Actions().map((a) => ({ act: a })),
      null,
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
