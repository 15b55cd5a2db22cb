// The published 2+1 spec (Sep 2025) as one plug-in: its core, view, explorer profile (explored to
// the end, failures classified as the known findings), gallery of findings with their twins under
// our design, the banner of its known gaps, the counterpart under our design, and the TLC trace
// reader and exporter (extras.tlc).

import { publishedCheck } from './check';
import type { ExplorerProfile } from '../../contracts/explorer';
import type { Banner, ProtocolPlugin } from '../../contracts/plugin';
import { pubConfig, type PubTiming } from './config';
import { PUBLISHED_SHAPE_STUB, PUBLISHED_TITLE } from './entry';
import { FINDING_TEXT, publishedProfile } from './explore';
import { classifyRun, scanF1 } from './findings';
import { publishedGallery, toOurDesign } from './gallery';
import { PUBLISHED_TOURS } from './tours';
import { janusPublished } from './index';
import { publishedView } from './view';
import { publishedTlc } from './tlc/service';

function profile(): ExplorerProfile {
  return {
    ...publishedProfile(),
    livenessProperties: ['NotStuckWithoutLeader'],
    keepGoing: true,
    classify: (o, tools) => classifyRun(tools, o.plan, o.applied, o.failure!),
    findingText: FINDING_TEXT,
    extraReport(seed, runs, tools) {
      const n = Math.min(runs, 2000);
      const scan = scanF1(tools, seed, n);
      if (!scan.f1.length) return [`F1 (a stale leader lacks an entry committed later, by the spec's own formula): never seen in ${n} runs kept going after their first violation.`];
      const alone = scan.f1.filter((f) => f.alone).length;
      const first = scan.f1[0]!;
      return [
        `F1 (a stale leader lacks an entry committed later, by the spec's own formula): seen ${scan.f1.length} time(s) in ${scan.runs} runs kept going after their first violation, ` +
          `${alone} of them as the first violation; first at run seed ${first.seed}, after ${first.firstViolation}.`,
      ];
    },
  };
}

/** Durable size: every variable is kept (Md = two 8-byte numbers; role, RF and CurrentLeader one byte each). */
function durableBytes(state: unknown): number | null {
  const s = state as { kind: string; dmlLog?: { data: string }[] };
  if (s.kind === 'elector') return 16 + 8 + 1 + 1;
  let n = 16 + 16 + 8 + 1 + 1 + 1;
  for (const e of s.dmlLog ?? []) n += 16 + 4 + e.data.length;
  return n;
}

/** The published spec's known gaps (../shared/janus/SPEC-2PLUS1.md and RULES.md), one line each. */
export const KNOWN_GAPS: Banner['gaps'] = [
  { id: 'P1', text: 'After the RF 1 leader restarts, no node can ever lead again: the elector\'s "RF = 2" guard refuses every takeover.', gallery: 'published-p1' },
  { id: 'P2', text: 'The elector loses its disk: a stale message teaches it an old term, and a term gets two leaders or two replication sets.', gallery: 'published-p2' },
  { id: 'P3', text: "The elector's committed index lags: it records the leader's previous commit point (with a disk wipe, Leader Completeness fails; our design has no answer to data-disk loss either).", gallery: 'published-p3' },
  { id: 'P4', text: 'The published checks have no failures at all (DropMsg and HardReset are FALSE), so they do not cover the crash-recover model the README claims. Here they are switched on.' },
  { id: 'P5', text: 'RF 2 has no catch-up path: one reordered AppendEntries RF2 blocks commits until the RF switches (liveness only).' },
  { id: 'P6', text: 'InitWorkload and SwitchToRF2 P1 let a data node create a term: with 3 data nodes that gives two sources of terms.' },
  { id: 'InitWorkload', text: 'The first election deadlocks when both InitWorkload messages (or their answers) are lost: nothing resends them.', gallery: 'published-initworkload-deadlock' },
  { id: 'DeadEnd', text: 'The first leader crashes before any write: the elector never heard of its term, refuses every takeover at term 0, and no leader can ever emerge.', gallery: 'published-dead-end' },
  { id: 'F1', text: 'The spec\'s own Leader Completeness formula is stronger than Raft\'s; it can fail where Raft\'s holds (seen only after P2).', gallery: 'published-f1' },
];

export const publishedPlugin: ProtocolPlugin = {
  check: publishedCheck,
  id: janusPublished.id,
  title: PUBLISHED_TITLE,
  protocol: janusPublished,
  shapes: [
    {
      // Id, title and timers as the page lists them before loading (entry.ts).
      id: PUBLISHED_SHAPE_STUB.id,
      title: PUBLISHED_SHAPE_STUB.title,
      timing: PUBLISHED_SHAPE_STUB.timing,
      mutants: PUBLISHED_SHAPE_STUB.mutants,
      config: (spec) => pubConfig((spec.timing ?? {}) as Partial<PubTiming>),
      explorer: profile(),
    },
  ],
  view: publishedView,
  gallery: publishedGallery,
  tours: () => PUBLISHED_TOURS,
  metrics: { durableBytes },
  banner: {
    title: 'This is the published design',
    text:
      'the TLA+ spec of September 2025, two data nodes and one elector, run as written, with message loss and crashes switched on. ' +
      'It differs from our design (PROTOCOL.md) and has known gaps.',
    source: { href: 'https://github.com/akneni/Janus/blob/e5665b2/TLA-plus-spec/Janus.tla', label: 'akneni/Janus, Janus.tla at e5665b2' },
    gaps: KNOWN_GAPS,
  },
  counterpart: {
    shape: 'janus-2+1',
    label: 'Open this scenario under our design',
    title: 'The same scenario under our design (janus-2+1)',
    mapAction: (a) => toOurDesign([a]),
  },
  extras: { tlc: publishedTlc },
};
